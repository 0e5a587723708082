"""`aimonthly doctor`: each kind of warehouse damage is found and named, gaps are warned about,
the installation is checked, and the exit code is 1 exactly when a check fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimonthly import doctor
from aimonthly.cli import app
from aimonthly.config import load_settings
from aimonthly.core.fonts import CJKFont
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse

TRAFFIC = "month,list,product,visits\n{month},global,A,{a}\n{month},global,B,5\n"


def run(*args):
    return CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1"})


@pytest.fixture
def small(tmp_path) -> Path:
    """Three traffic batches (the third replaces the first) and one index batch."""
    path = tmp_path / "w.duckdb"
    with Warehouse.open(path) as wh:
        for name, month, a in [("v1.csv", "2024-03", 10), ("apr.csv", "2024-04", 20), ("v2.csv", "2024-03", 11)]:
            (tmp_path / name).write_text(TRAFFIC.format(month=month, a=a), encoding="utf-8")
            ingest_file(wh, "traffic", tmp_path / name)
        (tmp_path / "i.csv").write_text(
            "date,code,name,close\n2024-04-01,000300.SH,沪深300,3537.48\n", encoding="utf-8"
        )
        ingest_file(wh, "index_prices", tmp_path / "i.csv")
    return path


def checks(path: Path) -> dict[str, doctor.Check]:
    with Warehouse.open(path, read_only=True) as wh:
        con = wh.ibis()
        return {c.name: c for c in doctor.warehouse_checks(con) + doctor.coverage_checks(con)}


def damage(path: Path, sql: str) -> None:
    with Warehouse.open(path) as wh:
        wh.con.execute(sql)


def test_an_intact_warehouse_passes(small):
    found = checks(small)
    assert all(c.status == "ok" for c in found.values() if c.area == "warehouse"), found
    assert found["batches vs rows"].detail == "4 batches, 7 rows (history included)"
    assert found["traffic"].detail == "2024-03 to 2024-04, no gaps"


@pytest.mark.parametrize(
    "sql, check, detail",
    [
        ("DELETE FROM batches WHERE batch_id = 2", "orphan rows", "traffic: 2 rows of batch 2, which is missing"),
        (
            "UPDATE index_prices_rows SET batch_id = 1",
            "orphan rows",
            "index_prices: 1 row of batch 1, which belongs to traffic",
        ),
        (
            "DELETE FROM traffic_rows WHERE batch_id = 2 AND product = 'B'",
            "batches vs rows",
            "traffic batch 2: 2 rows recorded, 1 present",
        ),
        (
            "UPDATE traffic_rows SET replaced_by = 99 WHERE batch_id = 1",
            "history",
            "traffic: 2 rows replaced by batch 99, which is missing",
        ),
        (
            "UPDATE traffic_rows SET replaced_by = 1 WHERE batch_id = 2",
            "history",
            "traffic: 2 rows replaced by batch 1, not a later batch",
        ),
        (
            "UPDATE batches SET replaced_rows = 0 WHERE batch_id = 3",
            "history",
            "traffic batch 3: replaced 0 rows by its record, 2 by the rows",
        ),
        (
            "UPDATE traffic_rows SET replaced_by = NULL WHERE batch_id = 1",
            "current keys",
            "traffic: 2 keys (month, list, product) with more than one current row",
        ),
    ],
)
def test_each_kind_of_damage_is_found_and_named(small, sql, check, detail):
    damage(small, sql)
    found = checks(small)[check]
    assert found.status == "fail" and detail in found.detail, found
    r = run("doctor", "-w", small)
    assert r.exit_code == 1, r.output
    assert re.search(r"\d+ checks? failed: ", r.output) and check in r.output.splitlines()[-1]


def test_a_month_missing_inside_a_series_is_a_warning_not_a_failure(small, tmp_path):
    (tmp_path / "jan.csv").write_text(TRAFFIC.format(month="2024-01", a=3), encoding="utf-8")
    (tmp_path / "jan-o.csv").write_text(
        TRAFFIC.format(month="2024-01", a=3).replace("global", "overseas"), encoding="utf-8"
    )
    (tmp_path / "apr-o.csv").write_text(
        TRAFFIC.format(month="2024-04", a=3).replace("global", "overseas"), encoding="utf-8"
    )
    with Warehouse.open(small) as wh:
        for f in ("jan.csv", "jan-o.csv", "apr-o.csv"):
            ingest_file(wh, "traffic", tmp_path / f)
    found = checks(small)["traffic"]
    assert found.status == "warn"
    assert found.detail == "2024-01 to 2024-04; no rows for global: 2024-02; overseas: 2024-02; overseas: 2024-03"
    r = run("doctor", "-w", small)
    assert r.exit_code == 0 and "overseas: 2024-03" in r.output


@pytest.mark.parametrize(
    "periods, missing",
    [
        (["2024-01", "2024-02"], []),
        (["2023-11", "2024-02"], ["2023-12", "2024-01"]),
        (["2023Q3", "2024Q2"], ["2023Q4", "2024Q1"]),
        ([], []),
    ],
)
def test_gaps(periods, missing):
    assert doctor.gaps(periods) == missing


def test_the_installation_is_checked(monkeypatch):
    found = {c.name: c for c in doctor.install_checks()}
    assert found["CJK font"].status == "ok" and found["Typst"].status == "ok", found
    assert found["feedparser"].status == "ok"
    assert found["akshare"].status in ("ok", "off") and found["pyspark"].status in ("ok", "off")


def test_a_missing_font_a_broken_typst_and_a_missing_spark_fail(monkeypatch):
    import importlib

    import typst

    real_import = importlib.import_module

    def no_pyspark(name, *a):
        if name == "pyspark":
            raise ImportError(name)
        return real_import(name, *a)

    monkeypatch.setattr("aimonthly.core.fonts.cjk_font", lambda: CJKFont(None, "sans-serif", "missing"))
    monkeypatch.setattr(typst, "compile", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
    monkeypatch.setattr(doctor.importlib, "import_module", no_pyspark)
    found = {c.name: c for c in doctor.install_checks(backend="spark")}
    assert found["CJK font"].status == "fail" and "boxes" in found["CJK font"].detail
    assert found["Typst"].status == "fail" and "no fonts" in found["Typst"].detail
    assert found["pyspark"].status == "fail" and "aimonthly[spark]" in found["pyspark"].detail
    assert {c.name: c for c in doctor.install_checks(backend="duckdb")}["pyspark"].status == "off"


def test_staging_folders_of_killed_builds_are_reported(tmp_path, small):
    (tmp_path / "reports" / "2024-04" / ".building-x1").mkdir(parents=True)
    s = load_settings({"warehouse": str(small), "output_dir": str(tmp_path / "reports")}, env={})
    found = {c.name: c for c in doctor.run_checks(s)}
    assert found["interrupted builds"].status == "warn" and ".building-x1" in found["interrupted builds"].detail
    assert not doctor.failed(list(found.values()))


def test_no_warehouse_yet_is_a_warning(tmp_path):
    r = run("doctor", "-w", tmp_path / "none.duckdb")
    assert r.exit_code == 0, r.output
    assert "no warehouse at" in r.output


def test_the_demo_warehouse_passes_through_the_command_line(demo_warehouse):
    r = run("doctor", "-w", demo_warehouse)
    assert r.exit_code == 0, r.output
    for name in ("batches vs rows", "orphan rows", "history", "current keys", "CJK font", "Typst", "akshare"):
        assert name in r.output
