"""Ratings: read from the front matter, recorded in the warehouse by each build, and backtested on
hand-made prices (hits, misses, pending horizons, missing prices) through the CLI as well."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from backends import BACKEND_PARAMS
from aimonthly.core.house import default_house
from aimonthly.demo import content_dir
from aimonthly.ingest import ingest_file
from aimonthly.analytics.ratings import backtest, band, in_band
from aimonthly.content.ratings import ratings_from_meta
from aimonthly.core.months import add_months
from aimonthly.core.ratings import Rating
from aimonthly.render.tables_xlsx import write_tables
from aimonthly.report.build import rating_definitions
from aimonthly.content.month import load_content
from aimonthly.content.errors import ContentError
from aimonthly.warehouse import Warehouse

D = dt.date
HOUSE = default_house()
SCALE = HOUSE.rating_scale


def meta(*entries, date=D(2024, 5, 10)):
    return {"date": date, "ratings": list(entries)}


# -- front matter ------------------------------------------------------------------------------


def test_demo_front_matter():
    content = load_content(content_dir() / "2024-04.md")
    rs = ratings_from_meta(content.meta, "2024-04", HOUSE)
    assert [(r.subject, r.code, r.rating, r.maintained, r.rating_date) for r in rs] == [
        ("计算机", "801750.SI", "买入", True, D(2024, 5, 10)),
        ("传媒", "801760.SI", "买入", True, D(2024, 5, 10)),
        ("电子", "801080.SI", "买入", True, D(2024, 5, 10)),
    ]
    assert content.meta["rating"] == "买入"  # the cover rating is untouched


def test_front_matter_rules():
    assert ratings_from_meta({"date": D(2024, 5, 10)}, "2024-04", HOUSE) is None  # no key: nothing recorded
    stock = ratings_from_meta(
        meta({"subject": "300418.SZ", "kind": "stock", "rating": "增持", "action": "首次"}), "2024-04", HOUSE
    )
    assert stock == [Rating("2024-04", D(2024, 5, 10), "stock", "300418.SZ", "300418.SZ", "增持", "首次")]
    assert not stock[0].maintained
    with pytest.raises(ContentError, match="not on the rating scale"):
        ratings_from_meta(meta({"subject": "计算机", "rating": "强烈推荐"}), "2024-04", HOUSE)
    with pytest.raises(ContentError, match="rated twice"):
        ratings_from_meta(
            meta({"subject": "计算机", "rating": "买入"}, {"subject": "计算机", "rating": "增持"}), "2024-04", HOUSE
        )
    with pytest.raises(ContentError, match="kind"):
        ratings_from_meta(meta({"subject": "计算机", "rating": "买入", "kind": "sector"}), "2024-04", HOUSE)
    with pytest.raises(ContentError, match="subject and rating"):
        ratings_from_meta(meta({"rating": "买入"}), "2024-04", HOUSE)


def test_scale_is_the_one_the_definitions_are_made_from():
    names = SCALE.names
    text = "".join(p.text for p in rating_definitions(SCALE).blocks[0].items)
    assert all(n in text for n in names) and SCALE.benchmark in text
    assert band(SCALE, "买入") == (0.15, None) and band(SCALE, "减持") == (None, -0.05)
    assert in_band(0.15, *band(SCALE, "买入")) and not in_band(0.15, *band(SCALE, "增持"))  # low inclusive
    assert in_band(-0.05, *band(SCALE, "中性")) and not in_band(-0.05, *band(SCALE, "减持"))


def test_add_months_clamps_to_the_month_end():
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 11, 15), 3) == D(2025, 2, 15)
    assert add_months(D(2024, 5, 10), 6) == D(2024, 11, 10)


# -- the warehouse -----------------------------------------------------------------------------


def test_record_and_replace(warehouse):
    r1 = Rating("2024-04", D(2024, 5, 10), "industry", "计算机", "801750.SI", "买入", "维持")
    r2 = Rating("2024-04", D(2024, 5, 10), "industry", "传媒", "801760.SI", "增持", "下调")
    warehouse.record_ratings("2024-04", [r1.row(), r2.row()])
    warehouse.record_ratings("2024-03", [{**r1.row(), "rating_date": D(2024, 4, 10)}])
    assert len(warehouse.ratings()) == 3
    warehouse.record_ratings("2024-04", [r2.row()])  # a rebuild replaces the month's ratings
    got = [Rating.from_row(r) for r in warehouse.ratings("2024-04")]
    assert got == [r2]
    assert [r["month"] for r in warehouse.ratings()] == ["2024-03", "2024-04"]  # oldest first


@pytest.mark.slow
def test_each_build_records_its_ratings(demo_report, demo_settings):
    with Warehouse.open(demo_settings.path("warehouse"), read_only=True) as wh:
        rows = wh.ratings("2024-04")
    assert sorted((r["subject"], r["rating"], r["action"]) for r in rows) == [
        ("传媒", "买入", "维持"),
        ("电子", "买入", "维持"),
        ("计算机", "买入", "维持"),
    ]


@pytest.mark.slow
def test_demo_ratings_are_pending(demo_report, demo_settings):
    from aimonthly.warehouse.ratings import recorded_ratings as recorded

    rs = recorded(demo_settings.path("warehouse"), "2024-04")
    with Warehouse.open(demo_settings.path("warehouse"), read_only=True) as wh:
        bt = backtest(wh.ibis(), rs, SCALE)
    assert bt.last_day == D(2024, 5, 9) and bt.horizons == (3, 6)
    assert {o.status for row in bt.rows for o in row.outcomes} == {"pending"}  # the data ends before 08-10


# -- the backtest on hand-made prices ----------------------------------------------------------


def _write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def priced(warehouse, tmp_path):
    """Closes on a few dates: the benchmark +10% over Jan 12 .. Apr 12, +20% to Jul 12."""
    days = [D(2024, 1, 12), D(2024, 4, 12), D(2024, 5, 10), D(2024, 7, 12)]  # 01-15 and 04-15 are after a Friday
    closes = {"000300.SH": [100, 110, 112, 120], "801750.SI": [50, 65, 60, 70], "801760.SI": [10, 11.2, 11, 9]}
    rows = [[d.isoformat(), code, code, c] for code, cs in closes.items() for d, c in zip(days, cs)]
    ingest_file(warehouse, "index_prices", _write(tmp_path / "i.csv", ["date", "code", "name", "close"], rows))
    stock = [[d.isoformat(), "300418.SZ", "昆仑万维", c, "传媒"] for d, c in zip(days, [20, 19, 18, 17])]
    ingest_file(
        warehouse, "stock_prices", _write(tmp_path / "s.csv", ["date", "code", "name", "close", "industry"], stock)
    )
    ratings = [
        Rating("2023-12", D(2024, 1, 15), "industry", "计算机", "801750.SI", "买入", "维持"),  # +30% vs +10%: +20%
        Rating("2023-12", D(2024, 1, 15), "industry", "传媒", "801760.SI", "增持", "维持"),  # +12% vs +10%: +2%
        Rating("2023-12", D(2024, 1, 15), "stock", "300418.SZ", "300418.SZ", "减持", "首次"),  # -5% vs +10%: -15%
        Rating("2023-12", D(2024, 1, 15), "industry", "电子", "801080.SI", "买入", "维持"),  # no prices
        Rating("2024-04", D(2024, 5, 10), "industry", "计算机", "801750.SI", "中性", "下调"),  # 6m not elapsed
    ]
    for month in ("2023-12", "2024-04"):
        warehouse.record_ratings(month, [r.row() for r in ratings if r.month == month])
    return warehouse, ratings


def test_backtest_hand_made(priced):
    wh, ratings = priced
    bt = backtest(wh.ibis(), ratings, SCALE)
    assert bt.last_day == D(2024, 7, 12)
    out = {(row.rating.subject, row.rating.month): row.outcomes for row in bt.rows}
    three, six = out[("计算机", "2023-12")]
    assert (three.status, three.start_day, three.end_day) == ("hit", D(2024, 1, 12), D(2024, 4, 12))
    assert three.subject_return == pytest.approx(0.30) and three.benchmark_return == pytest.approx(0.10)
    assert three.excess == pytest.approx(0.20)
    assert six.status == "pending" and six.excess is None  # 07-15 is after the last close (07-12)
    assert out[("传媒", "2023-12")][0].status == "miss" and out[("传媒", "2023-12")][0].excess == pytest.approx(0.02)
    assert out[("300418.SZ", "2023-12")][0].status == "hit" and out[("300418.SZ", "2023-12")][
        0
    ].excess == pytest.approx(-0.15)
    assert out[("电子", "2023-12")][0].status == "no_data"
    m3, m6 = out[("计算机", "2024-04")]
    assert m3.status == "pending" and m6.status == "pending"  # 08-10 and 11-10


def test_hit_rates(priced):
    wh, ratings = priced
    rates = {(h["rating"], h["horizon"]): h for h in backtest(wh.ibis(), ratings, SCALE).hit_rates()}
    assert rates[("买入", 3)] == {
        "rating": "买入",
        "horizon": 3,
        "evaluated": 1,
        "hits": 1,
        "hit_rate": 1.0,
        "pending": 0,
        "no_data": 1,
    }
    assert rates[("增持", 3)]["hit_rate"] == 0.0 and rates[("中性", 3)]["hit_rate"] is None
    assert rates[("买入", 6)]["pending"] == 2 and rates[("买入", 6)]["evaluated"] == 0  # pending before no data
    assert [k for k in rates][::2] == [("买入", 3), ("增持", 3), ("中性", 3), ("减持", 3)]  # scale order


def test_other_horizons_and_benchmark_from_the_scale(priced):
    wh, ratings = priced
    scale = SCALE.replace(horizon_months=[1], benchmark_code="801760.SI")
    bt = backtest(wh.ibis(), ratings[:1], scale)
    (o,) = bt.rows[0].outcomes
    assert bt.horizons == (1,) and o.horizon == 1 and o.end_day == D(2024, 1, 12)  # no close before 02-15 but 01-12
    assert o.benchmark_return == 0.0 and o.status == "miss"


def test_excel_sheet(priced, tmp_path):
    wh, ratings = priced
    path = write_tables(backtest(wh.ibis(), ratings, SCALE).tables(), tmp_path / "out" / "bt.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["backtest", "hit_rates"]
    ws = wb["backtest"]
    header = [c.value for c in ws[1]]
    first = dict(zip(header, [c.value for c in ws[2]]))
    assert first["subject"] == "计算机" and first["horizon_months"] == 3 and first["status"] == "hit"
    assert first["excess_return"] == pytest.approx(0.20)
    assert ws.cell(2, header.index("excess_return") + 1).number_format == "0.00%"
    assert ws.cell(2, header.index("rating_date") + 1).number_format == "yyyy-mm-dd"
    assert ws.cell(2, header.index("status") + 1).number_format == "General"
    assert ws.max_row == 1 + 2 * len(ratings)
    rates = wb["hit_rates"]
    assert [c.value for c in rates[1]][:5] == ["rating", "horizon_months", "evaluated", "hits", "hit_rate"]
    assert rates.cell(2, 5).number_format == "0.00%"


def test_cli(priced, tmp_path):
    wh, _ = priced
    path = str(wh.path)
    wh.close()
    runner = CliRunner()
    out = runner.invoke(app, ["ratings", "list", "-w", path], env={"COLUMNS": "120"})
    assert out.exit_code == 0, out.output
    assert "300418.SZ" in out.output and "2023-12" in out.output
    xlsx = tmp_path / "bt.xlsx"
    out = runner.invoke(app, ["ratings", "backtest", "-w", path, "--xlsx", str(xlsx)], env={"COLUMNS": "120"})
    assert out.exit_code == 0, out.output
    assert "+20.0%" in out.output and "pending" in out.output and "no data" in out.output and xlsx.is_file()
    out = runner.invoke(app, ["ratings", "backtest", "-w", path, "--month", "2024-04"], env={"COLUMNS": "120"})
    assert out.exit_code == 0 and "300418" not in out.output


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_cli_backtest_goes_through_the_configured_backend(priced, backend, monkeypatch):
    """`ratings backtest` opens its connection where report and facts do (pipeline.connection): on
    Spark the figures are the same as on DuckDB."""
    from aimonthly import pipeline

    wh, _ = priced
    path = str(wh.path)
    wh.close()
    used = []
    real = pipeline.analytics_connection
    monkeypatch.setattr(pipeline, "analytics_connection", lambda *a, **kw: used.append(a[1]) or real(*a, **kw))
    out = CliRunner().invoke(
        app, ["ratings", "backtest", "-w", path], env={"COLUMNS": "120", "AIMONTHLY_BACKEND": backend}
    )
    assert out.exit_code == 0, out.output
    assert used == [backend] and "+20.0%" in out.output and "-15.0%" in out.output
