"""A month with data missing still builds: the section says so plainly and the command line warns;
with --strict the build fails naming what is missing and writes nothing. End to end through the
CLI; only the traffic section's own warnings are asserted, so other sections may come and go."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.demo import DEMO_MONTH, content_dir, demo_files
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse

CONTENT = content_dir() / f"{DEMO_MONTH}.md"


def cli(*args):
    return CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1"})


def warehouse_without(tmp_path: Path, drop) -> Path:
    """The demo warehouse with the traffic rows for which ``drop(row)`` is true left out."""
    wh = tmp_path / "w.duckdb"
    with Warehouse.open(wh) as w:
        for dataset, f in demo_files():
            if dataset == "traffic":
                with (
                    open(f, encoding="utf-8", newline="") as src,
                    open(tmp_path / "traffic.csv", "w", encoding="utf-8", newline="") as dst,
                ):
                    rows = csv.DictReader(src)
                    out = csv.DictWriter(dst, rows.fieldnames)
                    out.writeheader()
                    out.writerows(r for r in rows if not drop(r))
                f = tmp_path / "traffic.csv"
            ingest_file(w, dataset, f)
    return wh


@pytest.fixture(scope="module")
def no_overseas(tmp_path_factory) -> Path:
    """April's overseas list is missing (March's is there)."""
    return warehouse_without(
        tmp_path_factory.mktemp("no-overseas"), lambda r: r["month"] == DEMO_MONTH and r["list"] == "overseas"
    )


@pytest.mark.slow
def test_a_missing_list_still_builds_says_so_and_warns(tmp_path, no_overseas):
    out = tmp_path / "out"
    r = cli("report", DEMO_MONTH, "--content", CONTENT, "--out", out, "--formats", "html,json", "-w", no_overseas)
    assert r.exit_code == 0, r.output
    assert f"warning: no data for traffic.overseas in {DEMO_MONTH}; its section says so" in r.output
    assert "traffic.global" not in r.output and "traffic.domestic" not in r.output
    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert "traffic.overseas" in facts["missing"] and "overseas" not in facts["traffic"]
    html = (out / "report.html").read_text(encoding="utf-8")
    # said once, not by each of the list's blocks, with the month its data reaches
    assert html.count("本月出海榜访问量数据缺失（数据截至 2024 年 3 月），本节从略") == 1
    assert "全球访问量 Top" in html  # the lists that have data are there as usual


def test_strict_fails_naming_what_is_missing_and_writes_nothing(tmp_path, no_overseas):
    out = tmp_path / "out"
    r = cli(
        "report",
        DEMO_MONTH,
        "--content",
        CONTENT,
        "--out",
        out,
        "--formats",
        "html,json",
        "--strict",
        "-w",
        no_overseas,
    )
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert f"Error: {DEMO_MONTH}: no data for " in r.output and "traffic.overseas" in r.output
    assert "ingest it, or build without --strict" in r.output
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
def test_a_month_without_any_traffic_data_still_builds(tmp_path):
    wh = warehouse_without(tmp_path, lambda r: r["month"] == DEMO_MONTH)
    out = tmp_path / "out"
    r = cli("report", DEMO_MONTH, "--content", CONTENT, "--out", out, "--formats", "html,json", "-w", wh)
    assert r.exit_code == 0, r.output
    for lst in ("global", "domestic", "overseas"):
        assert f"no data for traffic.{lst} in {DEMO_MONTH}" in r.output
    html = (out / "report.html").read_text(encoding="utf-8")
    for name in ("全球", "国内", "出海"):
        assert html.count(f"本月{name}榜访问量数据缺失（数据截至 2024 年 3 月），本节从略") == 1
    strict = cli("report", DEMO_MONTH, "--content", CONTENT, "--out", tmp_path / "strict", "--strict", "-w", wh)
    assert strict.exit_code == 1 and "traffic.global" in strict.output
