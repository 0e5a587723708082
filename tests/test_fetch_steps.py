"""The run's live fetch steps on an akshare stub: prices add only closes the warehouse does not hold
(or holds with another value), announcements only companies' days it holds nothing for; each is
skipped without its settings; a second call adds nothing."""

from __future__ import annotations

import datetime as dt
import sys
import types

import pandas as pd
import pytest

from aimonthly.cycle.fetch import announcements_step, prices_step
from aimonthly.cycle.steps import RunContext, inbox_step
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse, WarehouseError
from cycle_kit import END, START, TODAY, project, stub_akshare, weekdays

MARKET = """
[house.market]
themes = []
[[house.market.industries]]
key = "computer"
name = "计算机"
index = "801750.SI"
universe = "计算机"
"""
DAYS = weekdays(dt.date(2024, 4, 1), dt.date(2024, 6, 7))
SERIES = {
    code: {d: round(base + i * step, 2) for i, d in enumerate(DAYS)}
    for code, base, step in (("000300", 3500, 1.5), ("801750", 4000, -2.0), ("300418", 30, 0.1), ("002230", 45, -0.05))
}


def market_stub(calls: list) -> types.ModuleType:
    def frame(code, lo=None, hi=None):
        rows = [
            {"日期": d.isoformat(), "收盘": c}
            for d, c in SERIES[code].items()
            if lo is None or lo <= d.strftime("%Y%m%d") <= hi
        ]
        return pd.DataFrame(rows, columns=["日期", "收盘"])

    mod = types.ModuleType("akshare")
    mod.index_zh_a_hist = lambda symbol, period, start_date, end_date: (
        calls.append(("index", symbol, start_date, end_date)) or frame(symbol, start_date, end_date)
    )
    mod.index_hist_sw = lambda symbol, period: calls.append(("sw", symbol)) or frame(symbol)  # the whole history
    mod.index_component_sw = lambda symbol: pd.DataFrame(
        {"证券代码": ["300418", "2230"], "证券名称": ["昆仑万维", "科大讯飞"]}
    )
    mod.stock_zh_a_hist = lambda symbol, period, start_date, end_date, adjust: (
        calls.append(("stock", symbol, start_date, end_date)) or frame(symbol, start_date, end_date)
    )
    return mod


def context(settings, **kw) -> RunContext:
    return RunContext(settings, "2024-05", TODAY, START, END, formats=("json",), **kw)


def held(path, dataset):
    with Warehouse.open(path, read_only=True) as wh:
        return wh.ibis().table(dataset).drop("batch_id").to_pyarrow().to_pylist()


def test_prices_add_new_and_revised_closes_only(tmp_path, monkeypatch):
    wh = tmp_path / "w.duckdb"
    held_csv = tmp_path / "held.csv"
    lines = ["date,code,name,close"] + [
        f"{d},000300.SH,沪深300,{c}" for d, c in SERIES["000300"].items() if d <= dt.date(2024, 5, 9)
    ]
    held_csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stocks = tmp_path / "stocks.csv"
    april = {d: c for d, c in SERIES["300418"].items() if d < dt.date(2024, 5, 1)}
    revised = dt.date(2024, 4, 15)
    stocks.write_text(
        "date,code,name,close,industry\n"
        + "".join(f"{d},300418.SZ,昆仑万维,{c + (1 if d == revised else 0)},计算机\n" for d, c in april.items()),
        encoding="utf-8",
    )
    with Warehouse.open(wh) as w:
        ingest_file(w, "index_prices", held_csv)
        ingest_file(w, "stock_prices", stocks)
    calls = []
    monkeypatch.setitem(sys.modules, "akshare", market_stub(calls))
    with project(tmp_path, 'warehouse = "w.duckdb"\ninbox_dir = "in"\n[house.fetch]\nprices = true\n' + MARKET) as s:
        r = prices_step(context(s))
        assert r.status == "done", r
        # the reference: every weekday of April..June 7 per code, less what the warehouse held unchanged
        want = {
            "000300.SH": sum(d > dt.date(2024, 5, 9) for d in DAYS),
            "801750.SI": len(DAYS),
            "300418.SZ": sum(d >= dt.date(2024, 5, 1) for d in DAYS) + 1,
            "002230.SZ": len(DAYS),
        }
        assert f"index_prices {2 * len(DAYS)} closes, {want['000300.SH'] + want['801750.SI']} new (added" in r.summary
        assert (
            f"stock_prices {2 * len(DAYS)} closes, {want['300418.SZ'] + want['002230.SZ']} new (replaced" in r.summary
        )
        assert ("index", "000300", "20240401", "20240609") in calls  # from the month before: the period's base day
        idx = held(wh, "index_prices")
        assert {r["name"] for r in idx if r["code"] == "000300.SH"} == {"沪深300"}  # the source gives no name
        assert len({(r["date"], r["code"]) for r in idx}) == len(idx) == 2 * len(DAYS)
        kun = {r["date"]: r["close"] for r in held(wh, "stock_prices") if r["code"] == "300418.SZ"}
        assert kun[revised] == SERIES["300418"][revised] and len(kun) == len(DAYS)
        files = sorted(p.name for p in (tmp_path / "in" / "done" / "2024-05").iterdir())
        assert files == ["live-index_prices-20240401-20240609.csv", "live-stock_prices-20240401-20240609.csv"]
        again = prices_step(context(s))
        assert again.status == "unchanged" and "none new" in again.summary
        assert sorted(p.name for p in (tmp_path / "in" / "done" / "2024-05").iterdir()) == files


def test_announcements_skip_companies_days_already_held(tmp_path, monkeypatch):
    wh = tmp_path / "w.duckdb"
    f = tmp_path / "a.csv"
    f.write_text("date,code,company,content\n2024-05-13,300418,昆仑万维,分析师改写过的摘要\n", encoding="utf-8")
    with Warehouse.open(wh) as w:
        ingest_file(w, "announcements", f)
    ak = stub_akshare(
        {
            "300418": [
                ("2024-05-13", "昆仑万维", "调研记录 A"),
                ("2024-05-24", "昆仑万维", "调研记录 B"),
                ("2024-04-30", "昆仑万维", "窗口之前"),
            ]
        }
    )
    monkeypatch.setitem(sys.modules, "akshare", ak)
    with project(tmp_path, 'warehouse = "w.duckdb"\n[house.fetch]\nannouncement_codes = ["300418.SZ"]\n') as s:
        r = announcements_step(context(s))
        assert r.status == "done" and r.summary.startswith("2 fetched: 1 new, added as batch 2; 1 skipped")
        rows = {(x["date"].isoformat(), x["content"]) for x in held(wh, "announcements")}
        assert rows == {("2024-05-13", "分析师改写过的摘要"), ("2024-05-24", "调研记录 B")}
        assert announcements_step(context(s)).status == "unchanged"


def test_fetch_steps_are_skipped_without_their_settings(tmp_path):
    with project(tmp_path, "") as s:
        assert prices_step(context(s)).summary == "[fetch] prices is off"
        assert announcements_step(context(s)).summary == "no announcement_codes in [fetch]"


def test_a_live_step_without_akshare_fails_with_the_install_hint(tmp_path, monkeypatch):
    from aimonthly.cycle.run import _run_step

    monkeypatch.setitem(sys.modules, "akshare", None)
    with project(tmp_path, '[house.fetch]\nprices = true\nannouncement_codes = ["300418"]\n') as s:
        for step in (prices_step, announcements_step):
            r, _ = _run_step(step, step.__name__, context(s))
            assert r.status == "failed" and "akshare" in r.summary
            assert any(n.startswith("what to do:") and "live" in n for n in r.notes), r


@pytest.mark.parametrize(
    "bad, message",
    [
        ('prices = "yes"', "prices = 'yes' must be true or false"),
        ('announcement_kind = "all"', "announcement_kind = 'all' must be one of 'relation' or 'report'"),
        ('announcement_codes = "300418"', "announcement_codes = '300418' must be a list"),
        ("codes = []", r"\[house.fetch\]: unknown key 'codes'"),
    ],
)
def test_fetch_settings_are_checked(tmp_path, bad, message):
    from aimonthly.config import load_settings
    from aimonthly.core.errors import ConfigError

    (tmp_path / "aimonthly.toml").write_text(f"[house.fetch]\n{bad}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, start=tmp_path)


def test_fetch_codes_may_be_written_as_numbers(tmp_path):
    from aimonthly.config import load_settings
    from aimonthly.cycle.config import fetch_config

    (tmp_path / "aimonthly.toml").write_text(
        '[house.fetch]\nannouncement_codes = [300418, "002230.SZ"]\n', encoding="utf-8"
    )
    assert fetch_config(load_settings(env={}, start=tmp_path).house).announcement_codes == ("300418", "002230.SZ")


def test_a_warehouse_failure_mid_inbox_leaves_the_rest_in_place(tmp_path, monkeypatch):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for i in range(3):
        (inbox / f"traffic-{i}.csv").write_text(
            f"month,list,product,visits\n2024-0{i + 1},global,A,1\n", encoding="utf-8"
        )
    real = Warehouse.ingest
    seen = []

    def ingest(self, parsed):
        seen.append(parsed.path.name)
        if len(seen) == 2:
            raise WarehouseError("w.duckdb: the warehouse could not be written (No space left on device)")
        return real(self, parsed)

    monkeypatch.setattr(Warehouse, "ingest", ingest)
    with project(tmp_path, 'warehouse = "w.duckdb"\ninbox_dir = "in"\n') as s:
        r = inbox_step(context(s))
    assert r.status == "failed" and r.summary == "3 files: 1 ingested (1 added), 1 failed, 1 not processed"
    assert sorted(p.name for p in inbox.glob("*.csv")) == ["traffic-1.csv", "traffic-2.csv"]
    assert any("No space left on device" in n for n in r.notes)
