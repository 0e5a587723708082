"""Writers and short readers of one warehouse file, side by side.

DuckDB lets one process write a file or several processes read it, never both at once. A reader that
kept the file open (the workbench, ``aimonthly serve``) would shut out every ingest, so:

- a writer first takes the *write intent*, an exclusive ``flock`` on ``<warehouse>.write.lock``
  (a second writer fails at once, naming the first), then opens the file, waiting up to
  ``WRITER_WAIT`` seconds for readers that have it open to finish;
- a short reader (one request of the workbench: ``reading``) opens the file read-only only while no
  writer holds the intent, and closes it when done; while a writer holds it the reader waits up to
  ``wait`` seconds, then gives up with ``WarehouseBusy`` (the workbench shows a page that retries).

So a writer waits at most for the requests already running, never for a stream of new ones. The
lock is the kernel's: it ends with its process however the process ends. Other readers (``aimonthly
check``, ``report``) open the file as they always did: they fail at once while a writer holds it.
"""

from __future__ import annotations

import fcntl
import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from aimonthly.warehouse.errors import WarehouseBusy, WarehouseLocked

if TYPE_CHECKING:
    from aimonthly.warehouse.store import Warehouse

WRITER_WAIT = 10.0  # seconds a writer waits for readers that have the file open
READER_WAIT = 2.0  # seconds a short reader waits for a writer before WarehouseBusy
_POLL = 0.05
_held: dict[str, list[int]] = {}  # lock path -> [fd, holders in this process]: writers nest within one process
_guard = threading.Lock()


def intent_path(warehouse: Path | str) -> Path:
    return Path(str(warehouse) + ".write.lock")


def _holder(fd: int) -> str:
    """' (PID 123, aimonthly)' as the holder wrote it, or ''."""
    text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    return f" ({text})" if text else ""


def _program() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] not in ("", "-c", "-m") else ""
    return name or Path(sys.executable).name


def locked_error(path: Path, who: str) -> WarehouseLocked:
    return WarehouseLocked(
        f"{path} is locked: another process{who} holds the warehouse file's lock",
        hint=f"wait for the other aimonthly command{who} to finish, then run this again; only one "
        f"command can write the warehouse at a time",
    )


def take_intent(warehouse: Path) -> str | None:
    """Take the write intent (re-entrant within a process); the key to give back to ``drop_intent``, or
    None when the lock file cannot be made (an unwritable folder: DuckDB's own open then says so)."""
    key = str(intent_path(warehouse))
    with _guard:
        if key in _held:
            _held[key][1] += 1
            return key
        try:
            fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _holder(fd)
            os.close(fd)
            raise locked_error(warehouse, who) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"PID {os.getpid()}, {_program()}".encode(), 0)
        _held[key] = [fd, 1]
        return key


def drop_intent(key: str | None) -> None:
    if key is None:
        return
    with _guard:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] == 0:
            del _held[key]
            os.ftruncate(entry[0], 0)  # the file stays: removing it would race the next writer
            fcntl.flock(entry[0], fcntl.LOCK_UN)
            os.close(entry[0])


def writer_holding(warehouse: Path | str) -> str | None:
    """' (PID …)' when a writer holds the write intent, else None (a look, not a lock kept)."""
    try:
        fd = os.open(intent_path(warehouse), os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(fd) or " (another process)"
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@contextmanager
def reading(warehouse: Path | str, *, wait: float = READER_WAIT) -> Iterator[Warehouse]:
    """The warehouse open read-only for one short read, closed after it; waits up to ``wait`` seconds
    while a writer holds it, then raises WarehouseBusy."""
    from aimonthly.warehouse.store import Warehouse

    path = Path(warehouse)
    deadline = time.monotonic() + wait
    while True:
        who = writer_holding(path)
        if who is None:
            try:
                wh = Warehouse.open(path, read_only=True)
                break
            except WarehouseLocked as e:
                who = f" ({e.holder})" if e.holder else ""
        if time.monotonic() >= deadline:
            raise WarehouseBusy(
                f"{path} is being written by another process{who}",
                hint="an ingest or a report build is writing it; reads resume when it finishes",
            )
        time.sleep(_POLL)
    try:
        yield wh
    finally:
        wh.close()


def file_stamp(warehouse: Path | str) -> tuple:
    """What the files' metadata say about the warehouse's content: changes with every write (the file
    or its write-ahead log), read without opening it."""
    out: list = []
    for p in (Path(warehouse), Path(str(warehouse) + ".wal")):
        try:
            st = p.stat()
            out += [st.st_mtime_ns, st.st_size]
        except OSError:
            out += [None, None]
    return tuple(out)


def data_version(wh: Warehouse) -> tuple[int, int, int]:
    """The batches' fingerprint: changes with every ingest and undo, not with a report's build record."""
    row = wh.con.execute(
        "SELECT count(*), coalesce(max(batch_id), 0), coalesce(sum(batch_id), 0) FROM batches"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])
