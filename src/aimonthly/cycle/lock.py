"""One run at a time: an exclusive lock on ``<warehouse>.run.lock``, holding the runner's PID.

The watcher (``aimonthly report --watch``) takes the same lock for each build, before it writes
anything, so that a run and a build never write the warehouse or the report folder at once: a run
that finds a build in progress waits for it (a build takes seconds; at most ``WATCH_WAIT``), and a
build that finds a run waits for the run to end.

The lock is the kernel's (``flock``), so it ends with the process however the process ends: a
killed run cannot leave a lock behind that blocks the next. The PID and start time written into
the file are for the message a second run prints, and for noticing (stale-lock detection) that the
last holder died without releasing it: the file still names it, but nobody holds the lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import socket
import time
from pathlib import Path
from typing import Callable

from aimonthly.core.errors import AimonthlyError


RUN, WATCHER = "aimonthly run", "aimonthly report --watch"
WATCH_WAIT = 300.0  # seconds a run waits for a watcher's build


class RunLocked(AimonthlyError):
    """Another ``aimonthly run`` holds the run lock."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _holder(fd: int) -> str:
    """What the lock's holder wrote; a moment later once if nothing yet (it has just taken the lock)."""
    for _ in range(2):
        if text := os.pread(fd, 500, 0).decode("utf-8", "replace").strip():
            return text
        time.sleep(0.05)
    return "another process"


class RunLock:
    def __init__(self, path: Path, role: str = RUN):
        self.path = Path(path)
        self.role = role
        self._fd: int | None = None
        self.stale: str | None = None  # what the last holder left, when it died holding the lock

    def acquire(self, on_wait: Callable[[str], None] | None = None, watch_wait: float = WATCH_WAIT) -> RunLock:
        """Take the lock. A run waits (up to ``watch_wait`` seconds) for a watcher's build, telling
        ``on_wait`` once; it fails at once while another run holds it. A watcher waits for whoever holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        deadline, told = time.monotonic() + watch_wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)
            waits = self.role == WATCHER or (holder.endswith(WATCHER) and time.monotonic() < deadline)
            if not waits:
                os.close(fd)
                raise RunLocked(
                    f"another aimonthly run is in progress ({holder}); {self.path} is locked"
                    if not holder.endswith(WATCHER)
                    else f"{WATCHER} has been building for {watch_wait:g} s ({holder}); {self.path} is locked",
                    hint="wait for it to finish (its log is in the log folder), then run this again",
                ) from None
            if on_wait and not told:
                on_wait(holder)
                told = True
            if self.role == WATCHER:  # until the run ends, however long
                fcntl.flock(fd, fcntl.LOCK_EX)
                break
            time.sleep(0.1)
        left = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
        if left:
            pid = left.split()[1] if left.startswith("pid ") else ""
            gone = pid.isdigit() and not _alive(int(pid))
            self.stale = f"the previous run ({left}) ended without releasing the lock" + (
                " (it is no longer running: killed or crashed)" if gone else ""
            )
        os.ftruncate(fd, 0)
        started = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}"
        os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}, started {started}, {self.role}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # empty: a clean end (the file stays; removing it would race a new holder)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
