"""One run at a time: an exclusive lock on ``<warehouse>.run.lock``, holding the runner's PID.

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
from pathlib import Path

from aimonthly.core.errors import AimonthlyError


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


class RunLock:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd: int | None = None
        self.stale: str | None = None  # what the last holder left, when it died holding the lock

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise RunLocked(
                f"another aimonthly run is in progress ({holder}); {self.path} is locked",
                hint="wait for it to finish (its log is in the log folder), then run this again",
            ) from None
        left = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
        if left:
            pid = left.split()[1] if left.startswith("pid ") else ""
            gone = pid.isdigit() and not _alive(int(pid))
            self.stale = f"the previous run ({left}) ended without releasing the lock" + (
                " (it is no longer running: killed or crashed)" if gone else ""
            )
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            f"pid {os.getpid()} on {socket.gethostname()}, started {dt.datetime.now():%Y-%m-%d %H:%M:%S}\n".encode(),
            0,
        )
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
