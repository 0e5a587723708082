"""Secondary-market review: the demo reproduces the reference's returns and movers; generated
series check the trading-day rules; the live (akshare) path runs on recorded responses only."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import types
from pathlib import Path

import pandas as pd
import pytest

from aimonthly.analytics import make_context
from aimonthly.analytics.market import compute, market_facts
from aimonthly.core.house import MarketSettings, default_house
from aimonthly.ingest import ingest_file
from aimonthly.narrative import market as text
from aimonthly.core import numbers as N
from aimonthly.report import market as report
from aimonthly.report.blocks import ExhibitSpec
from aimonthly.report.model import Paragraph, TableBody

D = dt.date
LIVE = Path(__file__).parent / "data" / "live"
ALLOW = default_house().coverage.market_weekdays


@pytest.fixture(scope="module")
def demo(demo_con):
    return compute(demo_con, make_context("2024-04", D(2024, 5, 9), house=default_house()))


# -- the demo against the reference ------------------------------------------------------------


def test_period_and_trading_days(demo, seed):
    assert [d.isoformat() for d in demo.period] == [str(d) for d in seed["market"]["period"]]
    assert demo.base_day == D(2024, 3, 29) and demo.end_day == D(2024, 5, 9)  # 3-30/31 a weekend


def test_index_returns_match_the_reference(demo, seed):
    want = seed["market"]["index_returns"]
    got = {i["name"]: i["return"] for i in demo.indices}
    for name, ret in want.items():
        assert round(got[name], 3) == pytest.approx(ret)
    assert demo.benchmark["name"] == "沪深300" and demo.benchmark["return"] == pytest.approx(
        3664.56 / 3537.48 - 1, abs=1e-6
    )
    assert demo.index("computer")["excess"] == pytest.approx(
        demo.index("computer")["return"] - demo.benchmark["return"], abs=1e-6
    )


@pytest.mark.parametrize("industry,key", [("计算机", "computer"), ("传媒", "media")])
def test_movers_match_the_reference(demo, seed, industry, key):
    m = demo.movers[industry]
    assert [g["name"] for g in m["gainers"]] == seed["market"][key]["top5_gainers"]
    assert [g["name"] for g in m["losers"]] == seed["market"][key]["top5_losers"]
    rets = [g["return"] for g in m["gainers"]]
    assert rets == sorted(rets, reverse=True) and all(r > 0 for r in rets)
    assert [g["return"] for g in m["losers"]] == sorted(g["return"] for g in m["losers"])


def test_suspended_and_new_listings_are_left_out_and_named(demo):
    assert {(e["name"], e["reason"]) for e in demo.movers["计算机"]["excluded"]} == {
        ("衡云数智", "suspended"),
        ("启元智算", "listed"),
    }
    assert {(e["name"], e["reason"]) for e in demo.movers["传媒"]["excluded"]} == {
        ("星汉文娱", "suspended"),
        ("青禾互动", "listed"),
    }
    m = demo.movers["计算机"]
    assert m["n_universe"] == m["n_ranked"] + 2
    note = text.excluded_note("计算机", m)
    assert "衡云数智（301691.SZ，区间末停牌）" in note and "启元智算（301692.SZ，区间内上市）" in note


def test_facts_json_contract(demo):
    d = json.loads(json.dumps(demo.to_dict(), default=str))
    assert d["period"] == ["2024-04-01", "2024-05-09"]
    assert all({"code", "name", "return"} <= set(i) for i in d["indices"])
    assert set(d["movers"]) == {"计算机", "传媒"}
    for m in d["movers"].values():
        for side in ("gainers", "losers"):
            assert len(m[side]) == 5 and all(set(r) == {"code", "name", "return"} for r in m[side])
    assert d["cumulative"]["base_date"] == "2022-01-01"
    assert {s["code"]: s["first_day"] for s in d["cumulative"]["series"]}["801750.SI"] == "2022-01-04"
    assert demo.missing == []


def test_paragraphs_and_labels(demo):
    p = demo.index("ai50")
    assert p["label"] == "AI 50 指数"
    s = N.spaced(text.industry_paragraph(demo, "computer", "计算机", [p]))
    assert s.startswith("2024 年 4 月 1 日至 5 月 9 日，计算机行业指数下跌 7.2%")
    assert "AI 50 指数下跌 6.5%" in s and "商汤-W、吉大正元、同为股份、品茗股份、万国数据-SW" in s
    assert "跑输" in s and "同比" not in s
    assert text.period_label(D(2024, 4, 1), D(2024, 5, 9)) == "4.1-5.9"
    assert text.since_cn(D(2022, 1, 1)) == "2022 年初以来" and text.since_cn(D(2023, 3, 15)) == "2023 年 3 月 15 日以来"
    assert N.spaced(text.period_cn(D(2023, 12, 1), D(2024, 1, 5))) == "2023 年 12 月 1 日至 2024 年 1 月 5 日"


def test_blocks(demo):
    house = default_house()
    b = report.blocks(demo, house, None)
    assert {
        "market.computer.text",
        "market.computer.cumulative",
        "market.computer.movers",
        "market.computer.note",
        "market.media.movers",
        "market.ai50.cumulative",
    } <= set(b)
    movers = b["market.computer.movers"]()
    assert isinstance(movers, ExhibitSpec) and isinstance(movers.body, TableBody)
    assert movers.title == "4.1-5.9 计算机行业涨跌幅 Top5 公司" and movers.source == "来源：iFind，示例证券研究所"
    assert movers.body.rows[0][1:4] == ("商汤-W", "0020.HK", "61.61%")
    chart = b["market.computer.cumulative"]()
    assert chart.title == "2022 年初以来计算机行业指数累计涨跌幅" and chart.data.columns == (
        "date",
        "801750.SI",
        "000300.SH",
    )
    assert chart.data.rows[0][1:] == (0.0, 0.0)


# -- generated series: the trading-day rules ---------------------------------------------------


def _ingest(wh, tmp_path, dataset, rows):
    path = tmp_path / f"{dataset}-{len(list(tmp_path.iterdir()))}.csv"
    cols = list(rows[0])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(cols)
        w.writerows([r[c] for c in cols] for r in rows)
    ingest_file(wh, dataset, path)


def _index(code, name, closes):
    return [{"date": d.isoformat(), "code": code, "name": name, "close": c} for d, c in closes]


def _stock(code, name, closes, industry="软件"):
    return [{"date": d.isoformat(), "code": code, "name": name, "close": c, "industry": industry} for d, c in closes]


# Trading days around the 2024 National Day holiday (10-01..10-07 closed) and a weekend.
DAYS = [
    D(2024, 9, 26),
    D(2024, 9, 27),
    D(2024, 9, 30),
    D(2024, 10, 8),
    D(2024, 10, 9),
    D(2024, 10, 10),
    D(2024, 10, 11),
]
CFG = MarketSettings(
    benchmark="BENCH",
    chart_base=D(2024, 9, 28),
    top_n=2,
    period_end="data_date",
    industries=({"key": "soft", "name": "软件", "index": "IND", "universe": "软件"},),
    themes=({"key": "th", "name": "主题", "index": "THEME", "industry": "soft"},),
)


@pytest.fixture
def generated(warehouse, tmp_path, connect):
    bench = [100, 101, 102, 110, 108, 109, 111]
    _ingest(
        warehouse,
        tmp_path,
        "index_prices",
        _index("BENCH", "基准", zip(DAYS, bench))
        + _index("IND", "软件指数", zip(DAYS, [50, 51, 40, 44, 46, 47, 48]))
        + _index("THEME", "主题指数", zip(DAYS[:-1], [10, 10, 10, 11, 12, 12])),
    )  # theme lacks the end day
    _ingest(
        warehouse,
        tmp_path,
        "stock_prices",
        _stock("A.SZ", "甲", zip(DAYS, [10, 10, 10, 12, 13, 14, 15]))  # +50%
        + _stock("B.SZ", "乙", zip(DAYS, [10, 10, 20, 20, 21, 22, 22]))  # +10%
        + _stock("C.SZ", "丙", zip(DAYS, [10, 10, 10, 9, 8, 8, 7]))  # -30%
        + _stock("D.SZ", "丁", zip(DAYS, [10, 10, 10, 10, 10, 10, 9]))  # -10%
        + _stock("E.SZ", "戊", zip(DAYS, [5, 5, 5, 5, 5, 5, 5.5]))  # +10%, ties B: code order
        + _stock("S.SZ", "停", zip(DAYS[:5], [10, 10, 10, 11, 11]))  # suspended from 10-10
        + _stock("N.SZ", "新", zip(DAYS[3:], [20, 25, 30, 31]))  # listed 10-08
        + _stock("G.SZ", "缺", [(DAYS[1], 10), (DAYS[3], 12), (DAYS[6], 13)])  # no close on the base day
        + _stock("Z.SZ", "他", zip(DAYS, [1, 1, 1, 1, 1, 1, 9]), industry="别的"),
    )  # another universe
    return connect(warehouse)


def test_start_on_a_holiday_and_end_on_a_weekend(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 13), allowance=ALLOW)  # 10-01 closed, 10-13 a Sunday
    assert (f.base_day, f.end_day) == (D(2024, 9, 30), D(2024, 10, 11))
    assert f.benchmark["return"] == pytest.approx(111 / 102 - 1, abs=1e-6)
    assert f.index("soft")["return"] == pytest.approx(48 / 40 - 1, abs=1e-6)


def test_missing_end_date_uses_the_last_trading_day_before(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 10), allowance=ALLOW)
    assert f.end_day == D(2024, 10, 10)
    assert f.index("soft")["return"] == pytest.approx(47 / 40 - 1, abs=1e-6)
    assert f.index("th")["return"] == pytest.approx(12 / 10 - 1, abs=1e-6)  # the theme has 10-10


def test_an_index_without_a_close_on_the_end_day_has_no_return(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 11), allowance=ALLOW)
    assert f.index("th")["return"] is None and "market.th" in f.missing


def test_movers_rules(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 11), allowance=ALLOW)
    m = f.movers["软件"]
    assert [(g["code"], g["return"]) for g in m["gainers"]] == [("A.SZ", 0.5), ("B.SZ", 0.1)]  # B before E (tie)
    assert [(g["code"], g["return"]) for g in m["losers"]] == [("C.SZ", -0.3), ("D.SZ", -0.1)]
    assert {e["code"]: e["reason"] for e in m["excluded"]} == {"S.SZ": "suspended", "N.SZ": "listed", "G.SZ": "gap"}
    assert m["n_ranked"] == 5 and m["n_universe"] == 8  # Z is in another universe


def test_suspension_before_the_period_end_only(generated):
    # With the period ending 10-09, S still trades on the end day and is ranked.
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 9), allowance=ALLOW)
    assert "S.SZ" not in {e["code"] for e in f.movers["软件"]["excluded"]}


def test_cumulative_from_the_first_trading_day_on_or_after_the_base(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 11), allowance=ALLOW)
    series = f.cumulative["BENCH"]
    assert series[0] == (D(2024, 9, 30), 0.0)  # 09-28 is a Saturday
    assert series[-1] == (D(2024, 10, 11), pytest.approx(111 / 102 - 1))
    assert f.cumulative["IND"][1] == (D(2024, 10, 8), pytest.approx(44 / 40 - 1))


def test_calendar_falls_back_when_the_benchmark_is_absent(generated):
    cfg = CFG.replace(benchmark="NOPE")
    f = market_facts(generated, cfg, D(2024, 10, 1), D(2024, 10, 13), allowance=ALLOW)
    assert (f.base_day, f.end_day) == (D(2024, 9, 30), D(2024, 10, 11))
    assert f.benchmark["return"] is None and f.index("soft")["excess"] is None


def test_a_period_without_trading_days_is_missing(generated):
    f = market_facts(generated, CFG, D(2024, 10, 1), D(2024, 10, 7), allowance=ALLOW)  # the whole holiday
    assert f.end_day is None and f.missing == ["market"]


def test_no_prices_gives_notes_not_a_crash(warehouse, connect):
    ctx = make_context("2024-04", D(2024, 5, 9), house=default_house())
    f = compute(connect(warehouse), ctx)
    assert f.missing == ["market"]
    b = report.blocks(f, default_house(), ctx)
    for name in ("market.computer.text", "market.computer.cumulative", "market.media.movers", "market.ai50.cumulative"):
        value = b[name]()
        assert isinstance(value, Paragraph) and value.kind == "note"


# -- the demo report ---------------------------------------------------------------------------


@pytest.mark.slow
def test_report_places_the_market_section(demo_report):
    import docx

    paras = [p for p in docx.Document(demo_report.files["docx"]).paragraphs]
    heads = [p.text for p in paras if p.style.name.startswith("Heading")]
    i = heads.index(next(h for h in heads if h.endswith("相关公司公告及行业新闻")))
    j = heads.index(next(h for h in heads if h.endswith("国内 AI 行业动态及重点公司新闻")))
    k = heads.index(next(h for h in heads if h.endswith("国内二级市场行情回顾")))
    inv = heads.index(next(h for h in heads if h.endswith("投资建议")))
    assert heads.index(next(h for h in heads if h.endswith("AI 应用月度数据跟踪"))) < i < j < k < inv
    body = "\n".join(p.text for p in paras)
    assert "4.1-5.9 计算机行业涨跌幅 Top5 公司" in body and "4.1-5.9 传媒行业涨跌幅 Top5 公司" in body
    assert "2022 年初以来传媒行业指数累计涨跌幅" in body
    facts = json.loads(demo_report.files["json"].read_text(encoding="utf-8"))
    assert round(facts["market"]["indices"][0]["return"], 3) == -0.072


# -- live data (akshare), on recorded responses only --------------------------------------------


@pytest.fixture
def fake_akshare(monkeypatch):
    """An ``akshare`` module that answers from tests/data/live/ and records its calls."""
    calls = []

    def frame(name, symbol):
        return pd.read_csv(LIVE / f"{name}_{symbol}.csv", dtype={"证券代码": str, "股票代码": str, "指数代码": str})

    def recorder(name):
        def call(**kw):
            calls.append((name, kw))
            return frame(name, kw["symbol"])

        return call

    mod = types.ModuleType("akshare")
    for name in (
        "index_zh_a_hist",
        "index_hist_sw",
        "stock_zh_index_hist_csindex",
        "stock_zh_a_hist",
        "stock_hk_hist",
        "index_component_sw",
    ):
        setattr(mod, name, recorder(name))
    mod.calls = calls
    monkeypatch.setitem(sys.modules, "akshare", mod)
    return mod


def test_live_index_sources_by_suffix(fake_akshare):
    from aimonthly.ingest import live

    rows = live.fetch_index("000300.SH", D(2024, 4, 1), D(2024, 5, 9), "沪深300")
    assert rows[0] == {"date": D(2024, 4, 1), "code": "000300.SH", "name": "沪深300", "close": 3595.65}
    assert rows[-1]["date"] == D(2024, 5, 9) and rows[-1]["close"] == 3664.56
    assert fake_akshare.calls[-1] == (
        "index_zh_a_hist",
        {"symbol": "000300", "period": "daily", "start_date": "20240401", "end_date": "20240509"},
    )
    sw = live.fetch_index("801750.SI", D(2024, 4, 1), D(2024, 5, 9), "计算机行业指数")
    assert sw[-1]["date"] == D(2024, 5, 9)  # the source's later days are cut off
    csi = live.fetch_index("931441.CSI", D(2024, 4, 1), D(2024, 5, 9))
    assert csi[0]["name"] == "AI50" and fake_akshare.calls[-1][1]["symbol"] == "931441"


def test_live_stocks_and_universe(fake_akshare):
    from aimonthly.ingest import live

    assert live.fetch_universe("801750.SI") == [
        ("300418.SZ", "昆仑万维"),
        ("002230.SZ", "科大讯飞"),
        ("688111.SH", "金山办公"),
    ]
    hk = live.fetch_stock("0020.HK", "商汤-W", "计算机", D(2024, 4, 1), D(2024, 5, 9))
    assert fake_akshare.calls[-1] == (
        "stock_hk_hist",
        {"symbol": "00020", "period": "daily", "start_date": "20240401", "end_date": "20240509", "adjust": "hfq"},
    )
    assert hk[0]["industry"] == "计算机" and hk[0]["date"] == D(2024, 4, 1)
    assert live.a_share_code("830799") == "830799.BJ" and live.a_share_code("1") == "000001.SZ"


def test_live_rows_go_through_the_normal_ingest_and_analytics(fake_akshare, warehouse, tmp_path):
    from aimonthly.ingest import live

    house = default_house()
    market = house.market.replace(industries=house.market.industries[:1])
    fetched = live.fetch_market(market, D(2024, 3, 20), D(2024, 5, 9))
    for dataset, rows in fetched.items():
        r = live.ingest_rows(warehouse, dataset, rows, tmp_path)
        assert r.status == "added" and r.rows == len(rows)
    assert live.ingest_rows(warehouse, "index_prices", fetched["index_prices"], tmp_path).status == "unchanged"
    f = market_facts(warehouse.ibis(), market, D(2024, 4, 1), D(2024, 5, 9), allowance=ALLOW)
    assert f.benchmark["return"] == pytest.approx(3664.56 / 3537.48 - 1, abs=1e-6)  # real CSI 300 closes
    assert f.index("computer")["return"] is not None and f.index("ai50")["return"] is not None
    m = f.movers["计算机"]
    assert m["n_ranked"] == 2 and [e["code"] for e in m["excluded"]] == ["002230.SZ"]  # suspended after 04-18


def test_live_without_akshare_says_how_to_install(monkeypatch):
    from aimonthly.ingest import live
    from aimonthly.ingest.errors import LiveFetchError

    monkeypatch.setitem(sys.modules, "akshare", None)  # import fails as if not installed
    with pytest.raises(LiveFetchError) as e:
        live.fetch_index("000300.SH", D(2024, 4, 1), D(2024, 5, 9))
    assert "aimonthly[live]" in e.value.hint
