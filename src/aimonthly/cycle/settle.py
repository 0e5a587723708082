"""Which of the inbox's files are whole: the ones ``aimonthly run`` may take.

A vendor sync, a download or a copy writes a file over seconds or minutes, and an unattended run
may start in the middle. A file is taken only when it has *settled*: its size and modification
time unchanged for house [inbox] ``settle_seconds`` (a younger file is watched that long, once per
run) and no process holding it open for writing, where the system tells (Linux: ``/proc/*/fd``,
readable for the processes of the run's own user). Names that download and copy tools give a file
until it is whole (``.part``, ``.crdownload``, …) are never taken. A file that is not taken stays
in the inbox for the next run: nothing of it is read.

What the run cannot see (a writer on another machine, on a shared folder) is caught when the file
changes while it is read (inbox.py compares its ``signature`` before and after), or by the end of
the file: a CSV or JSONL without a final newline whose last row is short, or may be cut in the
middle of a value, is refused (``cut_off``).

Symbolic links and anything that is not a regular file are refused, never opened: a link in the
inbox may point at any file the run's user can read.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from aimonthly.core.errors import plural

SKIPPED_PREFIXES = (".", "~$")  # hidden files, and the lock files Office leaves beside an open workbook
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", ".filepart")
Signature = tuple[int, int, int, int, int]  # device, inode, size, mtime and ctime (ns): any write changes one


@dataclass(frozen=True)
class Survey:
    ready: list[tuple[Path, Signature]]  # settled regular files, in name order
    waiting: list[tuple[Path, str]]  # not taken this run, and why
    refused: list[tuple[Path, str]]  # never to be read: links, pipes, devices


def signature(path: Path) -> Signature | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def survey(inbox: Path, settle_seconds: float, *, wait: bool = True) -> Survey:
    """The inbox's entries (not its folders, hidden or Office lock files), sorted into ready, waiting and
    refused. ``wait``: watch the files younger than ``settle_seconds`` until they are that old (at most
    ``settle_seconds``, once); without it (a dry run) they count as ready, as a run would take them."""
    ready: list[tuple[Path, Signature]] = []
    waiting: list[tuple[Path, str]] = []
    refused: list[tuple[Path, str]] = []
    if not inbox.is_dir():
        return Survey([], [], [])
    young: list[tuple[Path, Signature]] = []
    now = time.time()
    for entry in sorted(os.scandir(inbox), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.name.startswith(SKIPPED_PREFIXES):
            continue
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            refused.append(
                (path, "a symbolic link: links in the inbox are not followed, since one may point at any file")
            )
        elif stat.S_ISDIR(st.st_mode):
            continue
        elif not stat.S_ISREG(st.st_mode):
            refused.append((path, "not a regular file (a pipe, a socket or a device): never opened"))
        elif entry.name.lower().endswith(PARTIAL_SUFFIXES):
            waiting.append((path, "its name is one a file gets while it is being downloaded or copied"))
        else:
            sig = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            (young if now - st.st_mtime < settle_seconds else ready).append((path, sig))
    if young and wait:
        time.sleep(max(0.0, min(settle_seconds, max(settle_seconds - (now - s[3] / 1e9) for _, s in young))))
    for path, sig in young:  # unwatched (a dry run): as the run would take it once settled
        if not wait or signature(path) == sig:
            ready.append((path, sig))
        else:
            waiting.append((path, f"still being written: it changed in the last {settle_seconds:g} s"))
    ready.sort()
    open_ = writers([p for p, _ in ready])
    waiting += [(p, f"still being written: {open_[p]} has it open for writing") for p, _ in ready if p in open_]
    ready = [(p, s) for p, s in ready if p not in open_]
    return Survey(ready, sorted(waiting), refused)


def writers(paths: list[Path]) -> dict[Path, str]:
    """The files among ``paths`` that a process has open for writing ("process 123 (rsync)"), where the
    system tells: Linux's /proc shows the open files of the run's own user's processes. Elsewhere: none."""
    if not paths or not os.path.isdir("/proc/self/fd"):
        return {}
    wanted = {os.path.realpath(p): p for p in paths}
    found: dict[Path, str] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:  # another user's process, or one that has just ended
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target not in wanted:
                    continue
                with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as f:
                    flags = int(next(line for line in f if line.startswith("flags:")).split()[1], 8)
                with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as f:
                    name = f.read().strip()
            except (OSError, StopIteration, ValueError, IndexError):
                continue
            if flags & (os.O_WRONLY | os.O_RDWR):
                found[wanted[target]] = f"process {pid} ({name})"
    return found


CUT = "as by a copy or download that did not finish"
NO_NEWLINE, LOOKS_CUT = "the file ends without a final newline", f"it looks cut off, {CUT}"
CUT_HINT = "if the file is complete, end it with a newline (or export it again), then put it back in the inbox"


def cut_off(path: Path, fmt: str | None, max_row_bytes: int) -> str | None:
    """Why a CSV or JSONL file looks cut off, or None: it ends without a final newline and its last
    row is short, or may end in the middle of a value, or is not whole JSON. Reads the file's end
    (``max_row_bytes`` at most) and counts its lines."""
    if fmt not in ("csv", "jsonl"):
        return None
    with open(path, "rb") as f:
        head = f.read(4)
        size = f.seek(0, os.SEEK_END)
        f.seek(max(0, size - max_row_bytes - 2))
        tail = f.read()
    if not tail or tail.endswith((b"\n", b"\r", b"\n\x00")):  # UTF-16 LE's "\n" ends in a zero byte
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return f"{NO_NEWLINE}: its last row may be cut off, {CUT}"
    lines = tail.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if len(lines) < 2:  # the last row alone is longer than a row may be: the reader says so
        return None
    line = _count_lines(path)
    last = lines[-1].decode("utf-8", errors="replace").strip()
    if fmt == "jsonl":
        try:
            whole = isinstance(json.loads(last), dict)
        except ValueError:
            whole = False
        return (
            None
            if whole or not last
            else f"{NO_NEWLINE}, in a record that is not whole JSON (line {line}): {LOOKS_CUT}"
        )
    from aimonthly.ingest.layout import fields, sniff_delimiter

    before = next((x.decode("utf-8", errors="replace") for x in reversed(lines[:-1]) if x.strip()), "")
    if not before or last.count('"') % 2:  # no row above; or a quoted value over several lines, now closed
        return None
    delimiter = sniff_delimiter(before)
    width, got = len(fields(before, delimiter)), len(fields(last, delimiter))
    if got < width:
        return f"{NO_NEWLINE}, in a row of {got} of {plural(width, 'field')} (line {line}): {LOOKS_CUT}"
    if not last.endswith('"'):
        return f"{NO_NEWLINE}, so its last row (line {line}) may be cut off in the middle of a value, {CUT}"
    return None


def _count_lines(path: Path) -> int:
    n = 1
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(b"\n")
    return n


def waiting_line(reason: str) -> str:
    return f"waiting: {reason}; it stays in the inbox for the next run"
