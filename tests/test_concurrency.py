"""Concurrency: one DuckDB file, one writer. A second ingest, or a report, while an ingest runs
either succeeds on a consistent snapshot or fails at once naming the lock (and its holder) and
what to do; the warehouse is never corrupted and no row is lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.demo import DEMO_MONTH, content_dir
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse, WarehouseLocked
from faultkit import PAUSE_BEFORE_COMMIT, Child, copy_warehouse, rows_lost, state, whole, write_traffic

CONTENT = content_dir() / f"{DEMO_MONTH}.md"
HOLD = (
    """
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse
"""
    + PAUSE_BEFORE_COMMIT
    + """
with Warehouse.open(sys.argv[1]) as wh:
    ingest_file(wh, "traffic", sys.argv[2])
"""
)


def cli(*args):
    return CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1"})


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def wh(tmp_path, demo_warehouse) -> Path:
    return copy_warehouse(demo_warehouse, tmp_path / "w.duckdb")


def holding(tmp_path: Path, wh: Path, rows: int = 1000) -> Child:
    """A child in the middle of an ingest: its transaction open, the file lock held."""
    child = Child(tmp_path / "holder", HOLD, wh, write_traffic(tmp_path / "held.csv", rows))
    child.wait_for(child.paused)
    return child


def test_a_second_ingest_fails_naming_the_lock_and_its_holder_then_succeeds(tmp_path, wh):
    before = state(wh)
    child = holding(tmp_path, wh)
    try:
        other = write_traffic(tmp_path / "other.csv", 10, month="2024-06")
        r = cli("ingest", "traffic", other, "-w", wh)
        out = flat(r.output)
        assert r.exit_code == 1 and "Traceback" not in out
        assert f"is locked: another process (PID {child.pid}, " in out and "holds the warehouse file's lock" in out
        assert f"wait for the other aimonthly command (PID {child.pid}, " in out and "then run this again" in out
        with pytest.raises(WarehouseLocked):  # the library says the same with a type of its own
            Warehouse.open(wh, read_only=True)
    finally:
        code, _, err = child.release()
    assert code == 0, err
    assert cli("ingest", "traffic", other, "-w", wh).exit_code == 0  # what the message said to do
    after = state(wh)
    assert not after["failed"] and rows_lost(before, after) == 0 and len(after["batches"]) == len(before["batches"]) + 2


def test_a_report_while_an_ingest_runs_fails_at_once_then_builds(tmp_path, wh):
    out = tmp_path / "out"
    child = holding(tmp_path, wh)
    try:
        r = cli("report", DEMO_MONTH, "--content", CONTENT, "--out", out, "--formats", "json", "-w", wh)
        assert r.exit_code == 1 and "is locked" in r.output and "then run this again" in flat(r.output)
        assert not out.exists() or not any(out.iterdir())  # it failed before writing anything
    finally:
        assert child.release()[0] == 0
    r = cli("report", DEMO_MONTH, "--content", CONTENT, "--out", out, "--formats", "json", "-w", wh)
    assert r.exit_code == 0, r.output
    assert whole(out / "facts.json")


def race(*commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Start every command at once (each `aimonthly …` in its own process) and wait for all."""
    env = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "aimonthly.cli", *map(str, c)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for c in commands
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    return [subprocess.CompletedProcess(p.args, p.returncode, *o) for p, o in zip(procs, outputs)]


def clear_failure(r: subprocess.CompletedProcess) -> bool:
    text = flat(r.stderr)
    return r.returncode == 1 and "is locked" in text and "then run this again" in text and "Traceback" not in text


@pytest.mark.slow
def test_two_ingests_at_once_each_succeed_or_fail_clearly(tmp_path, wh):
    tally = {"succeeded": 0, "locked out": 0}
    for round_ in range(4):
        before = state(wh)
        files = [
            write_traffic(tmp_path / f"r{round_}-{k}.csv", 60_000, month=f"20{10 + round_}-0{k + 1}") for k in range(2)
        ]
        results = race(*(["ingest", "traffic", f, "-w", wh] for f in files))
        for f, r in zip(files, results):
            assert r.returncode == 0 or clear_failure(r), r.stderr
            if r.returncode:  # do what the message says: run it again
                tally["locked out"] += 1
                assert (
                    subprocess.run(
                        [sys.executable, "-m", "aimonthly.cli", "ingest", "traffic", str(f), "-w", str(wh)],
                        capture_output=True,
                    ).returncode
                    == 0
                )
            else:
                tally["succeeded"] += 1
        after = state(wh)
        assert not after["failed"] and rows_lost(before, after) == 0
        assert len(after["batches"]) == len(before["batches"]) + 2
    print(f"concurrent ingests: {sum(tally.values())} ({tally})")


@pytest.mark.slow
def test_reports_racing_an_ingest_see_one_snapshot_or_fail_clearly(tmp_path, wh):
    with Warehouse.open(wh, read_only=True) as w:
        rows = w.con.execute(
            "SELECT product, visits FROM traffic WHERE month = ? AND list = 'global'", [DEMO_MONTH]
        ).fetchall()
    old_top = max(v for _, v in rows)
    for name, factor in (("single.csv", 1), ("double.csv", 2)):  # the month's global list as is, and doubled
        (tmp_path / name).write_text(
            "month,list,product,visits\n" + "".join(f"{DEMO_MONTH},global,{p},{v * factor}\n" for p, v in rows),
            encoding="utf-8",
        )
    outcomes = []
    for round_, name in enumerate(["double.csv", "single.csv", "double.csv"]):
        out = tmp_path / f"out{round_}"
        report, ingest = race(
            ["report", DEMO_MONTH, "--content", CONTENT, "--out", out, "--formats", "json", "-w", wh],
            ["ingest", "traffic", tmp_path / name, "-w", wh],
        )
        assert ingest.returncode == 0 or clear_failure(ingest), ingest.stderr
        assert report.returncode == 0 or clear_failure(report), report.stderr
        if (out / "facts.json").exists():  # all old figures or all new: one snapshot
            top = json.loads((out / "facts.json").read_text(encoding="utf-8"))["traffic"]["global"]["top_visits"][0][
                "visits"
            ]
            assert top in (old_top, 2 * old_top)
        outcomes.append((report.returncode, ingest.returncode))
        assert not state(wh)["failed"]
    print(f"report/ingest races: {len(outcomes)} (exit codes report, ingest: {outcomes})")


def test_ingest_file_api_reports_the_lock_too(tmp_path, wh):
    child = holding(tmp_path, wh)
    try:
        with pytest.raises(WarehouseLocked) as e:
            with Warehouse.open(wh) as w:
                ingest_file(w, "traffic", write_traffic(tmp_path / "x.csv", 3))
        assert f"PID {child.pid}" in str(e.value) and "run this again" in e.value.hint
    finally:
        child.release()
