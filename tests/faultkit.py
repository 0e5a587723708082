"""Helpers for the fault and concurrency tests: child processes that pause at a chosen point,
SIGKILL, checks that a report file is whole, and tiny or read-only tmpfs mounts where allowed."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from typing import Iterator

# A child that runs aimonthly work; a pause point makes it touch PAUSED and wait for GO (or a kill).
PRELUDE = textwrap.dedent("""
    import os, sys, time
    from contextlib import contextmanager
    from pathlib import Path
    PAUSED, GO = Path(os.environ["FK_PAUSED"]), Path(os.environ["FK_GO"])
    def pause():
        PAUSED.touch()
        while not GO.exists():
            time.sleep(0.02)
    def ready():
        Path(os.environ["FK_READY"]).touch()
""")

# Pause inside the ingest's transaction, after every statement and before COMMIT.
PAUSE_BEFORE_COMMIT = textwrap.dedent("""
    from aimonthly.warehouse import store
    _transaction = store.Warehouse.transaction
    @contextmanager
    def _paused(self):
        with _transaction(self) as c:
            yield c
            pause()
    store.Warehouse.transaction = _paused
""")


class Child:
    """A Python child process running PRELUDE + ``code`` with ``args`` as sys.argv[1:]."""

    def __init__(self, tmp: Path, code: str, *args: object, env: dict | None = None):
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.paused, self.go, self.ready = tmp / "paused", tmp / "go", tmp / "ready"
        for p in (self.paused, self.go, self.ready):
            p.unlink(missing_ok=True)
        environment = {
            **os.environ,
            "FK_PAUSED": str(self.paused),
            "FK_GO": str(self.go),
            "FK_READY": str(self.ready),
            "COLUMNS": "200",
            "NO_COLOR": "1",
            **(env or {}),
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-c", PRELUDE + textwrap.dedent(code), *map(str, args)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_for(self, marker: Path, timeout: float = 120) -> None:
        end = time.monotonic() + timeout
        while not marker.exists():
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"child exited {self.proc.returncode} before {marker.name}: {self.proc.stderr.read()}"
                )
            if time.monotonic() > end:
                self.kill()
                raise AssertionError(f"child did not reach {marker.name} in {timeout} s")
            time.sleep(0.01)

    def release(self, timeout: float = 120) -> tuple[int, str, str]:
        self.go.touch()
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind runs in the child."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.communicate()


def run_cli(*args: object, timeout: float = 300) -> subprocess.CompletedProcess:
    """`aimonthly …` in a child process of its own (so it can race other children)."""
    return subprocess.run(
        [sys.executable, "-m", "aimonthly.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )


def write_traffic(path: Path, rows: int, month: str = "2024-05", bump: int = 0) -> Path:
    """A valid traffic export of ``rows`` products for one month (the global list)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("month,list,product,visits\n")
        f.writelines(f"{month},global,p{i},{1000 + i + bump}\n" for i in range(rows))
    return path


def state(path: Path) -> dict:
    """What must survive a fault: each batch and its rows (history included), and doctor's verdict."""
    from aimonthly import doctor as _doctor
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(path) as wh:  # read-write: replays the WAL like the next real command would
        batches = {r["batch_id"]: r["rows"] for r in wh.batches().to_pylist()}
        present = {}
        for (name,) in wh.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_name LIKE '%_rows'"
        ).fetchall():
            present.update(dict(wh.con.execute(f"SELECT batch_id, count(*) FROM {name} GROUP BY 1").fetchall()))
        failed = _doctor.failed(_doctor.warehouse_checks(wh.ibis()))
    return {"batches": batches, "present": present, "failed": failed}


def rows_lost(before: dict, after: dict) -> int:
    return sum(n - after["present"].get(b, 0) for b, n in before["batches"].items())


def copy_warehouse(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    if Path(str(src) + ".wal").exists():
        shutil.copy(str(src) + ".wal", str(dst) + ".wal")
    return dst


# -- is a report file whole? ----------------------------------------------------------------------


def whole(path: Path) -> bool:
    """True when ``path`` is a complete file of its format (a half-written one is not)."""
    data = path.read_bytes()
    if path.suffix == ".pdf":
        if not (data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]):
            return False
        from pypdf import PdfReader

        return len(PdfReader(path).pages) > 0
    if path.suffix in (".docx", ".xlsx"):
        try:
            with zipfile.ZipFile(path) as z:
                return z.testzip() is None
        except zipfile.BadZipFile:
            return False
    if path.suffix == ".html":
        return data.rstrip().endswith(b"</html>")
    if path.suffix == ".json":
        try:
            json.loads(data)
            return True
        except ValueError:
            return False
    raise ValueError(path)


# -- tiny and read-only file systems --------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "1m", read_only: bool = False) -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``where``; None where mounting is not allowed (not root, a container)."""
    where.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    opts = f"size={size}" + (",ro" if read_only else "")
    if (
        mount is None
        or os.geteuid() != 0
        or subprocess.run([mount, "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True).returncode != 0
    ):
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill_up(folder: Path) -> None:
    """Write a filler file until the file system holding ``folder`` is full."""
    with open(folder / "filler", "wb", buffering=0) as f:
        with contextlib.suppress(OSError):
            while True:
                f.write(b"\0" * 65536)
                f.flush()
