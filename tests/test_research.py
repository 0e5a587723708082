"""The research layer's facts (映射标的, the exposure index, the adoption scorecard) on a generated data set
with known answers (tests/research_data.py), against a reference computed there in plain Python; every
facts test runs on each backend (DuckDB and Spark)."""

from __future__ import annotations

import dataclasses

import pytest

import research_data as R
from aimonthly.analytics import compute_facts, make_context
from aimonthly.analytics.exclusions import parse_exclusions
from aimonthly.analytics.pool_history import pool_rows
from aimonthly.core.datasets import CRITERIA
from aimonthly.core.house import default_house
from aimonthly.warehouse import Warehouse
from conftest import connect_on

SECTIONS = ["traffic", "market", "mapping", "exposure", "scorecard"]
META = {"mapping": {"pin": ["Beta"], "drop": ["Gfiller3"]}}


def house(**weights):
    """The default house with R.HOT hot products a list, and no industries or themes in the market review
    (the 映射标的 need its period and benchmark only: fewer queries, which Spark answers slowly)."""
    h = default_house()
    h = h.model_copy(
        update={"mapping": h.mapping.replace(hot_per_list=R.HOT), "market": h.market.replace(industries=(), themes=())}
    )
    if weights:
        h = h.model_copy(
            update={"scorecard": h.scorecard.replace(weights={**h.scorecard.weights.model_dump(), **weights})}
        )
    return h


def context(meta=META, exclusions=(), **weights):
    return make_context(
        R.MONTH, R.DATA_DATE, top_n=R.TOP_N, pool=R.POOL, house=house(**weights), meta=meta, exclusions=exclusions
    )


@pytest.fixture(scope="module")
def research_con(tmp_path_factory, backend, spark_folders):
    path = R.build(tmp_path_factory.mktemp("research"))
    with Warehouse.open(path, read_only=True) as wh:
        yield connect_on(backend, wh, spark_folders)


@pytest.fixture(scope="module")
def facts(research_con):
    return compute_facts(research_con, context(), only=SECTIONS)


# -- 映射标的 ----------------------------------------------------------------------------------------


def test_hot_products_pins_and_drops(facts):
    want = [(p, lst) for p, lst, _ in R.hot_products() if p != "Gfiller3"] + [("Beta", "domestic")]
    got = facts.mapping.products
    assert [(p["product"], p["list"]) for p in got] == want
    moms = {p: g for p, _, g in R.hot_products()}
    for p in got:
        if p["product"] in moms:
            assert p["mom"] == pytest.approx(moms[p["product"]], abs=1e-6)
    beta = got[-1]
    prev = {
        R.canon(r["product"]): r["visits"]
        for r in R.traffic_rows()
        if r["month"] == "2019-05" and r["list"] == "domestic"
    }
    growth = sorted(
        (
            (R.canon(r["product"]), r["visits"] / prev[R.canon(r["product"])] - 1)
            for r in R.ranked(R.MONTH, "domestic")[: R.POOL]
        ),
        key=lambda g: (-g[1], g[0]),
    )
    assert beta["pinned"] and beta["rank"] == [g[0] for g in growth].index("Beta") + 1  # its rank by 环比 in the pool
    assert beta["visits"] == 26_000_000 and beta["mom"] == pytest.approx(26 / 24 - 1, abs=1e-6)
    assert facts.mapping.dropped == ["Gfiller3"] and facts.mapping.n_hot == 6


def test_a_product_mapped_to_three_companies_with_weights(facts):
    alpha = next(p for p in facts.mapping.products if p["product"] == "Alpha")
    # 母公司 first, then 投资方, 供应商 (the mapping written under the alias "Alpha Chat" belongs to Alpha)
    assert [(s["code"], s["relation"], s["weight"]) for s in alpha["stocks"]] == [
        ("600001.SH", "母公司", 0.6),
        ("600002.SH", "投资方", 0.4),
        ("600006.SH", "供应商", 0.2),
    ]
    assert alpha["entry_month"] == R.entry_month("Alpha") == "2019-02"


def test_returns_excess_and_return_since_entry_equal_the_reference(facts):
    bench, _ = R.closes()
    days = sorted(bench)
    base, end = R.last_day(days, before=R.D(2019, 6, 1)), R.last_day(days, upto=R.DATA_DATE)
    assert (facts.mapping.base_day, facts.mapping.end_day) == (base, end)
    bench_ret = bench[end] / bench[base] - 1
    n = 0
    for p in facts.mapping.products:
        entry = R.entry_month(p["product"])
        assert p["entry_month"] == entry
        for s in p["stocks"]:
            ret = R.stock_return(s["code"], base, end)
            if ret is None:
                continue
            n += 1
            assert s["return"] == pytest.approx(ret, abs=1e-6)
            assert s["excess"] == pytest.approx(ret - bench_ret, abs=1e-6)
            y, m = map(int, entry.split("-"))
            entry_day = R.last_day(days, upto=R.D(y + m // 12, m % 12 + 1, 1) - R.dt.timedelta(days=1))
            assert p["entry_day"] == entry_day
            assert s["return_since_entry"] == pytest.approx(R.stock_return(s["code"], entry_day, end), abs=1e-6)
    assert n == 6  # Alpha's three, Beta's, Gamma's and Delta's stocks


def test_a_suspended_stock_has_no_return_and_says_why(facts):
    eps = next(p for p in facts.mapping.products if p["product"] == "Eps")
    assert eps["pinned"] is False and eps["list"] == "domestic"
    (s,) = eps["stocks"]
    assert (s["code"], s["return"], s["excess"], s["reason"]) == ("600005.SH", None, None, "suspended")
    assert all(s["code"] != "600005.SH" for _, s in facts.mapping.pairs)


# -- the exposure index -------------------------------------------------------------------------------


def test_exposure_index_equals_the_reference(facts):
    f = facts.exposure
    assert len(f.months) == default_house().exposure.months and f.months[-6:] == R.MONTHS
    for c in f.companies:
        prev = R.index_visits(c["code"], "2018-12")
        for m in c["months"]:
            want = R.index_visits(c["code"], m["month"]) if m["month"] >= "2019-01" else None
            assert m["visits"] == (None if want is None else round(want)), (c["code"], m["month"])
            assert m["mom"] == (pytest.approx(want / prev - 1, abs=1e-6) if want is not None and prev else None)
            prev = want
    c = f.company("600003.SH")  # two products: Beta (weight 1) and Gamma (0.5)
    assert [p["product"] for p in c["products"]] == ["Beta", "Gamma"]
    assert c["visits"] == 26_000_000 + 0.5 * 8_000_000
    d = f.company("600004.SH")  # Delta: domestic + overseas before 2019-03, its global row after
    assert [m["visits"] for m in d["months"] if m["month"] in ("2019-02", "2019-03")] == [
        1_100_000 + 2_100_000,
        50_000_000,
    ]
    assert f.company("600007.SH")["visits"] is None  # Zeta has no rows


def test_exposure_table_and_closes(facts):
    f = facts.exposure
    want = sorted(
        (
            (c["code"], (c["visits"] or 0) - (c["prev"] or 0))
            for c in f.companies
            if c["visits"] is not None or c["prev"] is not None
        ),
        key=lambda x: (-abs(x[1]), x[0]),
    )
    assert [(c["code"], c["change"]) for c in f.table] == want[: default_house().exposure.table_rows]
    assert [c["rank"] for c in f.table] == list(range(1, len(f.table) + 1))
    _, px = R.closes()
    c = f.company("600001.SH")
    june = max(d for (code, d) in px if code == "600001.SH" and d <= R.D(2019, 6, 30))
    assert c["months"][-1]["close"] == pytest.approx(px[("600001.SH", june)], abs=1e-6)
    assert f.company("600005.SH")["months"][-1]["close"] == pytest.approx(px[("600005.SH", R.SUSPENDED[1])], abs=1e-6)


# -- the scorecard ---------------------------------------------------------------------------------


def _reference(weights):
    rows = [r for r in R.scorecard_rows() if r["as_of"] <= R.DATA_DATE]
    key = {"600003": "600003.SH"}
    by: dict = {}
    for r in rows:
        by.setdefault(key.get(r["subject"], r["subject"]), {}).setdefault(r["as_of"], {})[r["criterion"]] = r["score"]
    out = {}
    for s, scorings in by.items():
        dates = sorted(scorings)
        now = {c: scorings[dates[-1]].get(c) for c in CRITERIA}
        before = {c: scorings[dates[-2]].get(c) for c in CRITERIA} if len(dates) > 1 else None
        comp = R.composite(now, weights)
        out[s] = (
            comp,
            comp - R.composite(before, weights) if before else None,
            [c for c in CRITERIA if now[c] is None],
        )
    order = sorted(out, key=lambda s: (-out[s][0], s))
    return out, order


@pytest.mark.parametrize("weights", [{}, {"tech_route": 6.0}])
def test_scorecard_composites_ranks_and_changes(research_con, facts, weights):
    f = (
        facts.scorecard
        if not weights
        else compute_facts(research_con, context(**weights), only=["scorecard"]).scorecard
    )
    w = {c: 1.0 for c in CRITERIA} | weights
    want, order = _reference(w)
    assert [s["subject"] for s in f.subjects] == order
    assert [s["rank"] for s in f.subjects] == [1, 2, 3, 4]
    for s in f.subjects:
        comp, change, missing = want[s["subject"]]
        assert s["composite"] == pytest.approx(comp, abs=1e-6)
        assert s["change"] == (None if change is None else pytest.approx(change, abs=1e-6))
        assert s["missing"] == missing
    assert f.weights == w


def test_a_weight_change_reorders_the_ranking(facts, research_con):
    equal = [s["subject"] for s in facts.scorecard.subjects]
    tech = [
        s["subject"]
        for s in compute_facts(research_con, context(tech_route=6.0), only=["scorecard"]).scorecard.subjects
    ]
    assert equal[0] == "600003.SH" and tech[0] == "600001.SH" and equal != tech


def test_scorecard_names_missing_criteria_and_future_scorings(facts):
    f = facts.scorecard
    by = {s["subject"]: s for s in f.subjects}
    assert by["600004.SH"]["missing"] == ["competition"] and by["600004.SH"]["scores"]["competition"] is None
    assert by["600004.SH"]["composite"] == pytest.approx((4 + 2 + 3 + 3 + 3) / 5, abs=1e-6)  # not (… + 0) / 6
    assert by["600001.SH"]["as_of"] == "2019-06-15"  # the 2019-07-15 scoring is after the data date
    assert (by["600001.SH"]["name"], by["600003.SH"]["name"], by["Kappa"]["name"]) == ("甲公司", "丙公司", "卡帕")
    assert by["Kappa"]["change"] is None and by["Kappa"]["previous_as_of"] is None
    assert f.n_ranked == 4 and f.as_of == R.D(2019, 6, 15)
    assert [f.bottom_half(r) for r in (1, 2, 3, 4)] == [False, False, True, True]


# -- exclusions ----------------------------------------------------------------------------------


def test_excluded_products_and_stocks_are_left_out(research_con):
    ex = parse_exclusions(
        {
            "traffic": [{"product": "Beta", "list": "domestic", "reason": "数据异常"}],
            "stock_prices": [{"product": "600002.SH", "reason": "停牌核查"}],
        }
    )
    f = compute_facts(research_con, context(meta={}, exclusions=ex), only=SECTIONS)
    alpha = next(p for p in f.mapping.products if p["product"] == "Alpha")
    assert [s["code"] for s in alpha["stocks"]] == ["600001.SH", "600006.SH"]
    assert f.mapping.removed == [{"code": "600002.SH", "name": "乙公司", "product": "Alpha", "reason": "停牌核查"}]
    assert f.exposure.company("600002.SH") is None
    c = f.exposure.company("600003.SH")  # Beta out of every month: Gamma alone
    for m in c["months"]:
        want = R.index_visits("600003.SH", m["month"], drop=("Beta", "domestic"))
        assert m["visits"] == (None if want is None else round(want))


# -- the history's pools --------------------------------------------------------------------------


@pytest.mark.parametrize("floor", [0, 3_000_000, 10_000_000, 10**12])
def test_pool_rows_equal_ranking_every_month(research_con, floor):
    got = {(r["month"], r["list"], r["rank"], r["product"]) for r in pool_rows(research_con, R.MONTH, R.POOL, floor)}
    want = {
        (m, lst, i, r["product"])
        for m in R.MONTHS
        for lst in ("global", "domestic", "overseas")
        for i, r in enumerate(R.ranked(m, lst)[: R.POOL], 1)
    }
    assert got == want


def test_facts_json_keys(facts):
    d = facts.to_dict()
    assert {"product", "list", "visits", "mom", "stocks"} <= set(d["mapping"][0])
    stock = next(s for p in d["mapping"] for s in p["stocks"])
    assert {"code", "name", "relation", "return", "excess", "return_since_entry"} <= set(stock)
    assert {"code", "name", "products", "months"} <= set(d["exposure"][0])
    assert set(d["exposure"][0]["months"][0]) >= {"month", "visits", "mom"}
    assert {"weights", "subjects"} <= set(d["scorecard"])
    assert {"subject", "name", "scores", "composite", "rank", "change", "missing"} <= set(d["scorecard"]["subjects"][0])
    assert dataclasses.is_dataclass(facts.mapping)
