"""Faults: SIGKILL in the middle of an ingest or a report build, a full disk, a read-only folder.

The warehouse must come back as it was before the killed transaction (DuckDB replays its WAL up
to the last COMMIT), with no row of an earlier batch lost; a report folder must only ever hold
whole files (each written to a temporary file, then renamed over the old one).

Disk full: a real tiny tmpfs where this process may mount one (root with CAP_SYS_ADMIN), and
always a simulation that makes every file write fail with ENOSPC (os.fdopen patched in-process).
Read-only: a read-only tmpfs, or chmod when not root, else simulated (mkdtemp fails with EROFS).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import textwrap
import time
from pathlib import Path

import pytest

from aimonthly import doctor
from aimonthly.config import load_settings
from aimonthly.demo import DEMO_MONTH, content_dir
from aimonthly.core.errors import AimonthlyError
from aimonthly.pipeline import FILE_NAMES, build_report
from aimonthly.render.errors import RenderError
from aimonthly.warehouse import Warehouse
from faultkit import PAUSE_BEFORE_COMMIT, Child, copy_warehouse, rows_lost, run_cli, state, tmpfs, whole, write_traffic

REPORT_FILES = sorted(FILE_NAMES.values())


@pytest.fixture(scope="module")
def template(tmp_path_factory, demo_warehouse) -> tuple[Path, Path]:
    """A warehouse and the report built from it, built once; tests work on copies."""
    folder = tmp_path_factory.mktemp("template")
    wh = copy_warehouse(demo_warehouse, folder / "w.duckdb")
    return wh, build_report(settings_for(wh, folder / "reports"), DEMO_MONTH).out_dir


@pytest.fixture
def wh_copy(tmp_path, template) -> Path:
    return copy_warehouse(template[0], tmp_path / "w.duckdb")


def settings_for(wh: Path, out: Path, **extra):
    return load_settings(
        {"warehouse": str(wh), "content_dir": str(content_dir()), "output_dir": str(out), **extra}, env={}
    )


# -- SIGKILL during an ingest ---------------------------------------------------------------------

INGEST_TWO = (
    textwrap.dedent("""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse
    wh = Warehouse.open(sys.argv[1])
    ingest_file(wh, "traffic", sys.argv[2])  # committed, and (being small) only in the WAL: no checkpoint yet
""")
    + PAUSE_BEFORE_COMMIT
    + """
ingest_file(wh, "traffic", sys.argv[3])  # pauses before its COMMIT; the test kills it there
"""
)


def test_sigkill_before_commit_keeps_the_committed_batch_and_drops_the_open_one(tmp_path, wh_copy):
    before = state(wh_copy)
    first = write_traffic(tmp_path / "may.csv", 5000)
    second = write_traffic(tmp_path / "may-v2.csv", 5000, bump=1)  # replaces the first's rows
    child = Child(tmp_path / "c", INGEST_TWO, wh_copy, first, second)
    child.wait_for(child.paused)
    child.kill()
    after = state(wh_copy)
    assert not after["failed"] and rows_lost(before, after) == 0
    new = set(after["batches"]) - set(before["batches"])
    assert len(new) == 1 and after["batches"][new.pop()] == 5000  # the first file, recovered from the WAL
    with Warehouse.open(wh_copy, read_only=True) as wh:
        current = wh.con.execute(
            "SELECT count(*), sum(visits), count(DISTINCT batch_id) FROM traffic WHERE month = '2024-05'"
        ).fetchone()
    assert current == (5000, sum(1000 + i for i in range(5000)), 1)  # the first file's values, still current


INGEST_ONE = """
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse
    ready()
    with Warehouse.open(sys.argv[1]) as wh:
        ingest_file(wh, "traffic", sys.argv[2])
"""


@pytest.mark.slow
def test_sigkill_at_random_moments_of_ingests_never_loses_or_mixes_rows(tmp_path, wh_copy):
    rows = 150_000
    t = time.monotonic()
    base = Child(tmp_path / "c0", INGEST_ONE, wh_copy, write_traffic(tmp_path / "v0.csv", rows))
    assert base.release()[0] == 0
    span = time.monotonic() - t  # start-up, parse and ingest of one file, not killed
    rng = random.Random(8)
    outcomes, current = [], 0  # current: the version (bump) of the file whose rows are current
    for i in range(1, 9):
        before = state(wh_copy)
        child = Child(tmp_path / f"c{i}", INGEST_ONE, wh_copy, write_traffic(tmp_path / f"v{i}.csv", rows, bump=i))
        child.wait_for(child.ready)
        time.sleep(rng.uniform(0, span))
        child.kill()
        after = state(wh_copy)
        assert not after["failed"], after["failed"]
        assert rows_lost(before, after) == 0
        with Warehouse.open(wh_copy, read_only=True) as wh:
            n, batches, low = wh.con.execute(
                "SELECT count(*), count(DISTINCT batch_id), min(visits) FROM traffic WHERE month = '2024-05'"
            ).fetchone()
        assert (n, batches) == (rows, 1)  # one whole version is current, never a mix
        committed = len(after["batches"]) > len(before["batches"])
        current = i if committed else current
        assert low == 1000 + current
        outcomes.append(committed)
    print(
        f"ingest kills: {len(outcomes)}, committed before the kill: {sum(outcomes)}, rolled back: "
        f"{len(outcomes) - sum(outcomes)}, rows lost: 0"
    )


# -- SIGKILL during a report build ----------------------------------------------------------------

BUILD = """
    from aimonthly.config import load_settings
    from aimonthly.pipeline import build_report
    settings = load_settings({"warehouse": sys.argv[1], "content_dir": sys.argv[2], "output_dir": sys.argv[3],
                              "top_n": "10"}, env={})
    {patch}
    ready()
    build_report(settings, "2024-04", on_stage=lambda name: name == "pdf" and Path(sys.argv[3], "writing").touch())
"""
PAUSE_AFTER_TWO_RENAMES = """
    import os
    _replace, _done = os.replace, []
    def _counting(src, dst):
        _replace(src, dst)
        if Path(dst).parent == Path(sys.argv[3]) / "2024-04":
            _done.append(dst)
            if len(_done) == 2:
                pause()
    os.replace = _counting
"""
PAUSE_HALF_WRITTEN = """
    import os
    _fdopen = os.fdopen
    class _Half:
        def __init__(self, f): self.f = f
        def __enter__(self): return self
        def __exit__(self, *exc): self.f.close()
        def write(self, data):
            self.f.write(data[: len(data) // 2]); self.f.flush(); pause()
    os.fdopen = lambda *a, **k: _Half(_fdopen(*a, **k))
"""


@pytest.fixture
def good_report(tmp_path, template) -> tuple[Path, dict[str, bytes]]:
    """A built report (tmp_path/reports/2024-04), and the bytes of each of its files."""
    out = Path(shutil.copytree(template[1], tmp_path / "reports" / DEMO_MONTH))
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def report_child(tmp_path, wh, patch: str) -> Child:
    return Child(
        tmp_path / "child",
        BUILD.replace("{patch}", textwrap.dedent(patch).strip().replace("\n", "\n    ")),
        wh,
        content_dir(),
        tmp_path / "reports",
    )


def test_sigkill_while_a_file_is_half_written_leaves_the_old_report(tmp_path, wh_copy, good_report):
    out, old = good_report
    child = report_child(tmp_path, wh_copy, PAUSE_HALF_WRITTEN)
    child.wait_for(child.paused)
    half = [p for p in out.glob(".building-*/*") if p.stat().st_size]
    assert half, "the child stopped with a half-written file in its staging folder"
    child.kill()
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == old


def test_sigkill_between_renames_leaves_each_file_whole(tmp_path, wh_copy, good_report):
    out, old = good_report
    child = report_child(tmp_path, wh_copy, PAUSE_AFTER_TWO_RENAMES)
    child.wait_for(child.paused)
    child.kill()
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert sorted(files) == REPORT_FILES
    changed = sorted(n for n in files if files[n] != old[n])
    assert len(changed) == 2 and all(whole(out / n) for n in REPORT_FILES)  # two new, three old, all whole
    leftovers = list(out.glob(".building-*"))
    assert leftovers and doctor.output_checks(out.parent)[0].status == "warn"


@pytest.mark.slow
def test_sigkill_at_random_moments_of_report_builds_leaves_only_whole_files(tmp_path, wh_copy, good_report):
    out, old = good_report
    writing = tmp_path / "reports" / "writing"  # touched when the first file starts to be written
    child = report_child(tmp_path, wh_copy, "")
    child.wait_for(writing)
    t = time.monotonic()
    assert child.release()[0] == 0
    span = time.monotonic() - t  # the writing phase: render each file into staging, then rename
    rng = random.Random(8)
    for i in range(5):
        writing.unlink()
        child = report_child(tmp_path, wh_copy, "")
        child.wait_for(writing)
        time.sleep(rng.uniform(0, span))
        child.kill()
        files = sorted(p.name for p in out.iterdir() if p.is_file())
        assert files == REPORT_FILES and all(whole(out / n) for n in files)
        assert not state(wh_copy)["failed"]  # the build records its ratings in the warehouse: killed or not, intact
    print("report kills: 5, every file whole after each")


# -- a full disk ----------------------------------------------------------------------------------


class _Full:
    """A file whose writes fail as on a full disk."""

    def __init__(self, f):
        self.f = f

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()

    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_disk_full_while_writing_the_report_simulated(monkeypatch, good_report, wh_copy):
    out, old = good_report
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _Full(real(*a, **k)))
    with pytest.raises(RenderError) as e:
        build_report(settings_for(wh_copy, out.parent), DEMO_MONTH)
    assert "No space left on device" in str(e.value) and e.value.hint
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old  # no temporary or staging file left either


def test_disk_full_on_a_real_tiny_file_system(tmp_path, wh_copy, template):
    with tmpfs(tmp_path / "small", size="4m") as small:
        if small is None:
            pytest.skip("cannot mount a tmpfs here; the simulated disk-full test covers the report")
        shutil.copytree(template[1], small / "r")  # 2.4 MB of report fits; a second copy alongside does not
        old = {p.name: p.read_bytes() for p in (small / "r").iterdir()}
        again = run_cli(
            "report", DEMO_MONTH, "--content", content_dir() / f"{DEMO_MONTH}.md", "--out", small / "r", "-w", wh_copy
        )
        assert (
            again.returncode == 1
            and "No space left on device" in again.stderr
            and "free some disk space" in again.stderr
        )
        assert "Traceback" not in again.stderr
        assert {p.name: p.read_bytes() for p in (small / "r").iterdir()} == old


def test_disk_full_during_an_ingest_rolls_it_back(tmp_path):
    with tmpfs(tmp_path / "small", size="2m") as small:
        if small is None:
            pytest.skip("cannot mount a tmpfs here (DuckDB writes below Python, so this cannot be simulated)")
        wh = small / "w.duckdb"
        assert run_cli("ingest", "traffic", write_traffic(tmp_path / "a.csv", 10), "-w", wh).returncode == 0
        before = state(wh)
        r = run_cli("ingest", "traffic", write_traffic(tmp_path / "big.csv", 400_000, month="2024-04"), "-w", wh)
        assert r.returncode == 1 and "No space left on device" in r.stderr and "nothing was written" in r.stderr
        assert "free some disk space" in r.stderr and "Traceback" not in r.stderr
        after = state(wh)
        assert after["batches"] == before["batches"] and rows_lost(before, after) == 0 and not after["failed"]


# -- a read-only folder ---------------------------------------------------------------------------


def _read_only_folder(tmp_path, stack) -> tuple[Path | None, str]:
    """A folder this process cannot write: a read-only tmpfs, or chmod where that binds (not root)."""
    ro = stack.enter_context(tmpfs(tmp_path / "ro", size="1m", read_only=True))
    if ro is not None:
        return ro, "tmpfs"
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        stack.callback(folder.chmod, 0o755)
        return folder, "chmod"
    return None, "simulated"


def test_read_only_output_folder(tmp_path, wh_copy, monkeypatch):
    import contextlib
    import tempfile

    with contextlib.ExitStack() as stack:
        folder, how = _read_only_folder(tmp_path, stack)
        if folder is None:  # root without mounts: make the staging folder's creation fail as it would
            folder = tmp_path / "ro"
            folder.mkdir(exist_ok=True)
            monkeypatch.setattr(
                tempfile,
                "mkdtemp",
                lambda *a, **k: (_ for _ in ()).throw(OSError(errno.EROFS, os.strerror(errno.EROFS))),
            )
            with pytest.raises(AimonthlyError) as e:
                build_report(settings_for(wh_copy, folder), DEMO_MONTH)
            message = f"Error: {e.value}\n{e.value.hint}"
        else:
            r = run_cli(
                "report",
                DEMO_MONTH,
                "--content",
                content_dir() / f"{DEMO_MONTH}.md",
                "--out",
                folder / "r",
                "-w",
                wh_copy,
            )
            assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
            message = r.stderr
        assert "cannot write to" in message and ("Read-only file system" in message or "Permission denied" in message)
        assert "choose another folder with --out" in message, (how, message)


def test_read_only_warehouse_folder(tmp_path):
    import contextlib

    with contextlib.ExitStack() as stack:
        folder, how = _read_only_folder(tmp_path, stack)
        if folder is None:
            pytest.skip("root without mounts: DuckDB writes below Python, so this cannot be simulated")
        r = run_cli("ingest", "traffic", write_traffic(tmp_path / "a.csv", 10), "-w", folder / "w.duckdb")
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert "Read-only file system" in r.stderr or "Permission denied" in r.stderr
        assert "make the warehouse's folder writable" in r.stderr, (how, r.stderr)


# -- the unattended run (issue 28): its log, the watcher, killed builds' staging folders -------------


def _run_cli(root: Path, *args):
    from typer.testing import CliRunner

    from aimonthly.cli import app

    r = CliRunner().invoke(app, ["run", *args], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    return r


@pytest.mark.parametrize("broken", ["disk full", "not a folder"])
def test_a_log_that_cannot_be_written_is_one_red_line_before_anything_runs(tmp_path, monkeypatch, broken):
    from aimonthly.cycle import run as run_module
    from aimonthly.cycle.steps import StepResult

    ran = []
    monkeypatch.setattr(run_module, "STEPS", (("inbox", lambda ctx: ran.append(1) or StepResult("inbox", "done", "")),))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aimonthly.toml").write_text('warehouse = "w.duckdb"\n', encoding="utf-8")
    if broken == "disk full":  # every write to /dev/full fails as on a full disk
        (tmp_path / "logs").mkdir()
        (tmp_path / "logs" / "2024-05.log").symlink_to("/dev/full")
    else:
        (tmp_path / "logs").write_text("a file where the folder should be", encoding="utf-8")
    r = _run_cli(tmp_path, "2024-05")
    (error,) = [line for line in r.output.splitlines() if line.startswith("Error:")]  # one red line
    assert r.exit_code == 1 and ran == [] and "Traceback" not in r.output
    assert error.startswith("Error: cannot write the run's log logs/2024-05.log: "), r.output
    assert ("No space left on device" if broken == "disk full" else "Not a directory") in error
    assert "log_dir" in r.output


WATCHER = """
import json
from aimonthly import watch as W
from aimonthly.config import load_settings
build_report = W.build_report
def paused(*args, **kwargs):  # inside the build, before it writes anything
    pause()
    return build_report(*args, **kwargs)
W.build_report = paused
W.watch_report(load_settings(json.loads(sys.argv[1]), env={}), sys.argv[2], max_builds=1, formats=["json"])
"""


def test_a_run_waits_for_the_watchers_build_before_writing_anything(tmp_path, wh_copy, monkeypatch):
    import json
    import threading

    from aimonthly.cycle import run as run_module

    values = {
        "warehouse": str(wh_copy),
        "content_dir": str(content_dir()),
        "output_dir": str(tmp_path / "reports"),
        "inbox_dir": str(tmp_path / "inbox"),
        "log_dir": str(tmp_path / "logs"),
    }
    (tmp_path / "inbox").mkdir()
    dropped = write_traffic(tmp_path / "inbox" / "traffic.csv", 3)
    os.utime(dropped, (time.time() - 60, time.time() - 60))  # settled
    child = Child(tmp_path / "watch", WATCHER, json.dumps(values), DEMO_MONTH)
    child.wait_for(child.paused)
    monkeypatch.setattr(run_module, "STEPS", run_module.STEPS[:1])  # the inbox step: it writes the warehouse
    done = []
    run = threading.Thread(target=lambda: done.append(run_module.run_month(load_settings(values, env={}), "2024-05")))
    run.start()
    try:
        time.sleep(1.0)
        assert run.is_alive() and dropped.is_file()  # waiting for the build; nothing ingested or moved
        assert "waiting for aimonthly report --watch" in (tmp_path / "logs" / "2024-05.log").read_text(encoding="utf-8")
    finally:
        code, _, err = child.release()
        run.join(120)
    assert code == 0, err
    assert (
        done[0].exit_code == 0 and not dropped.exists() and (tmp_path / "reports" / DEMO_MONTH / "facts.json").is_file()
    )


def test_the_watcher_waits_for_a_run_before_writing_anything(tmp_path, wh_copy):
    import threading

    from aimonthly.cycle.lock import RunLock
    from aimonthly.watch import watch_report

    settings = settings_for(wh_copy, tmp_path / "reports")
    built, waited = [], []
    lock = RunLock(Path(str(wh_copy) + ".run.lock")).acquire()
    watcher = threading.Thread(
        target=lambda: watch_report(
            settings, DEMO_MONTH, max_builds=1, formats=["json"], on_built=built.append, on_wait=waited.append
        )
    )
    watcher.start()
    try:
        time.sleep(1.0)
        assert watcher.is_alive() and not (tmp_path / "reports").exists()
        assert waited and "an aimonthly run" in waited[0] and f"pid {os.getpid()}" in waited[0]
    finally:
        lock.release()
        watcher.join(120)
    assert built[0].error is None and (tmp_path / "reports" / DEMO_MONTH / "facts.json").is_file()


def test_staging_folders_of_builds_killed_over_a_day_ago_are_cleared(tmp_path, wh_copy):
    out = tmp_path / "reports" / DEMO_MONTH
    old, recent = out / ".building-old", out / ".building-recent"  # recent: perhaps a build still running
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "report.pdf").write_bytes(b"%PDF-half")
    day_ago = time.time() - 25 * 3600
    for p in (old / "report.pdf", old):
        os.utime(p, (day_ago, day_ago))
    build_report(settings_for(wh_copy, tmp_path / "reports"), DEMO_MONTH, formats=["json"])
    assert not old.exists() and recent.is_dir() and (out / "facts.json").is_file()
