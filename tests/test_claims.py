"""Claims, the one number formatter and the verifier: each rule of the verifier on a sentence made by hand to
break it (and the same sentence made true passing), the formatter's units, the check rule ``claims`` and
facts.json's ``claims`` on the demo."""

from __future__ import annotations

import json
import pickle

import pytest

from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Sentence, excess, fact_at, path_of, said, stated_size
from aimonthly.core.errors import StageFailed
from aimonthly.verifier import UntrueSentence, problems, require_true

# -- the one formatter ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, unit, nd, shown",
    [
        (0.0125, "pct", 1, "1.3%"),  # binary rounding prints 1.2%
        (0.0275, "pct_abs", 1, "2.8%"),
        (-0.0721, "pct_abs", 1, "7.2%"),
        (-0.108, "points", 1, "10.8"),
        (19_570_000, "visits", 0, "1,957 万次"),
        (1_800_000_000, "visits", 0, "18.00 亿次"),
        (44_289_000_000, "usd", 0, "442.89 亿美元"),
        (12e9, "usd", 0, "120 亿美元"),
        ((30e9, 35e9), "usd_band", 0, "300–350 亿美元"),
        (20.665, "minutes", 2, "20.67 分钟"),
        (1234, "count", 0, "1,234"),
        (2, "count_cn", 0, "两"),
        (5, "count_cn", 0, "五"),
        (4.335, "score", 2, "4.34"),
        ("2024-05-09", "date", 0, "5 月 9 日"),
        ("2024-05-09", "date", 1, "2024 年 5 月 9 日"),
        ("2024-04", "month", 1, "2024 年 4 月"),
        ("2024Q1", "quarter", 0, "2024 年一季度"),
        (("2024-04-01", "2024-05-09"), "span", 0, "2024 年 4 月 1 日至 5 月 9 日"),
        (("2023-12-01", "2024-01-05"), "span", 0, "2023 年 12 月 1 日至 2024 年 1 月 5 日"),
        (("2024-04-01", "2024-05-09"), "span_label", 0, "4.1-5.9"),
        ("2022-01-01", "since", 0, "2022 年初以来"),
        ("2024-12-02", "since", 0, "2024 年 12 月 2 日以来"),
    ],
)
def test_one_formatter_prints_every_unit(value, unit, nd, shown):
    assert N.show(value, unit, nd) == shown


def test_the_workbench_and_the_cli_print_through_it_too():
    assert N.signed_pct(0.0125) == "+1.3%" and N.signed_pct(-0.03) == "-3.0%" and N.signed_pct(0.0001) == "0.0%"
    assert N.compact(123_456) == "12.3万" and N.compact(234_500_000) == "2.35亿" and N.compact(789) == "789"
    assert N.trimmed_pct(0.15) == "15%" and N.trimmed_pct(-0.055) == "-5.5%"
    assert N.plain(4.0) == "4" and N.plain(3.5) == "3.5" and N.signed(0.333) == "+0.33" and N.signed(0) == "0.00"
    from aimonthly.serve.responses import ENV

    assert ENV.filters["mom"](0.0125) == "+1.3%" and ENV.filters["visits"](123_456) == "12.3万"
    from aimonthly.render.xlsx import PERCENT_FORMAT

    assert PERCENT_FORMAT == N.excel_pct_format() == "0.00%" and N.pct(0.0125) == "1.25%"  # data.xlsx as the tables


def test_spaced_keeps_names_whole():
    text = "据SimilarWeb数据，秘塔AI访问量123万次，*ST银江下跌"
    assert N.spaced(text) == "据 SimilarWeb 数据，秘塔 AI 访问量 123 万次，*ST 银江下跌"
    kept = N.spaced(text, keep=["秘塔AI", "*ST银江"])
    assert kept == "据 SimilarWeb 数据，秘塔AI 访问量 123 万次，*ST银江下跌"
    assert said("x", "天工AI由昆仑万维推出", [Claim("天工AI", "product", "name", None)]).text == "天工AI 由昆仑万维推出"


def test_claims_and_paths():
    c = Claim.change("计算机行业指数", "index", "return", -0.072)
    assert (c.relation, c.shown) == ("down", "7.2%")
    flat = Claim.change("沪深300", "index", "return", 0.0004)
    assert (flat.relation, flat.shown, flat.unit) == ("flat", "", "pct_abs")
    assert excess(Claim.change("X", "index", "excess", -0.1, "points")).relation == "lag"
    facts = {"market": {"movers": {"计算机": {"gainers": [{"return": 0.3}]}}}}
    path = path_of("market", "movers", "计算机", "gainers", 0, "return")
    assert path == "market.movers.计算机.gainers[0].return" and fact_at(facts, path) == 0.3
    assert stated_size("海外四大云厂商") == 4 and stated_size("海外四大云厂商中已披露该季度数据的两家") == 2
    assert stated_size("云厂商") is None
    assert json.loads(json.dumps(c.to_dict()))["shown"] == "7.2%"


# -- the verifier, one rule at a time -----------------------------------------------------------------------

FACTS = {
    "market": {
        "trading_days": {"base": "2024-11-29", "end": "2024-12-31"},
        "indices": [{"label": "申万计算机", "return": -0.072}],
        "movers": {
            "计算机": {
                "gainers": [{"name": "万兴科技", "return": 0.25}],
                "losers": [{"name": "科大讯飞", "return": 0.05}, {"name": "万兴科技", "return": 0.25}],
            }
        },
        "cumulative": {"series": [{"first_day": "2024-12-02"}]},
    },
    "traffic": {
        "global": {
            "category_share": [{"category": "翻译", "share": 0.0125}],
            "top_visits": [{"product": "秘塔AI", "visits": 18_000_000}],
            "over_100m": ["A", "C"],
            "over_100m_prev": ["A", "B"],
        }
    },
    "capex": {"total": 9e9, "companies": [{"name": "Meta", "capex": 9e9}]},
    "app_store": {"baseline_date": "2024-04-09", "new": [{"first_seen": "2024-04-09"}]},
    "mapping_hot": {"n_hot": 0},
}


def check(text: str, *claims: Claim) -> list[str]:
    return [p.message for p in problems([("2.2.1 行情", Sentence("test", text, claims))], FACTS)]


IDX = "market.indices[0].return"


def test_a_true_sentence_passes():
    c = Claim.change("申万计算机", "index", "return", -0.072, path=IDX, name_path="market.indices[0].label")
    assert check("申万计算机下跌 7.2%。", c) == []


def test_a_value_other_than_the_fact():
    assert (
        "the facts hold -0.072"
        in check("申万计算机下跌 8.0%。", Claim.change("申万计算机", "index", "return", -0.08, path=IDX))[0]
    )


def test_a_relation_word_that_does_not_hold():
    c = Claim.of("申万计算机", "index", "return", -0.072, "pct_abs", 1, relation="up", path=IDX)
    assert any("says up" in m for m in check("申万计算机上涨 7.2%。", c))
    flat = Claim.of("申万计算机", "index", "return", -0.072, "pct_abs", 1, printed=False, relation="flat", path=IDX)
    assert any("持平 needs no change" in m for m in check("申万计算机持平。", flat))


def test_a_word_no_claim_licenses():
    c = Claim.change("申万计算机", "index", "return", -0.072, path=IDX)
    assert check("申万计算机下跌 7.2%，涨幅居前。", c) == ["says 涨幅居前 with no claim that licenses it"]
    assert check("申万计算机下跌 7.2%，平均而言。", c) == []  # 平均 is a mean, not 均


def test_gainers_of_the_wrong_sign_and_a_stock_in_both_lists():
    at = "market.movers.计算机"
    g = Claim(
        "计算机",
        "industry",
        "n_gainers",
        1,
        relation="top_gainers",
        members=(Claim("万兴科技", "stock", "return", 0.25, path=f"{at}.gainers[0].return"),),
    )
    lo = Claim(
        "计算机",
        "industry",
        "n_losers",
        2,
        relation="top_losers",
        members=(
            Claim("科大讯飞", "stock", "return", 0.05, path=f"{at}.losers[0].return"),
            Claim("万兴科技", "stock", "return", 0.25, path=f"{at}.losers[1].return"),
        ),
    )
    found = check("涨幅居前的是万兴科技，跌幅居前的是科大讯飞、万兴科技。", g, lo)
    assert any("跌幅居前 lists 科大讯飞" in m for m in found)
    assert any("in both the gainers and the losers: 万兴科技" in m for m in found)


def test_a_period_the_data_does_not_cover():
    since = Claim.of(
        "申万计算机",
        "index",
        "first_day",
        "2022-01-01",
        "since",
        relation="since",
        path="market.cumulative.series[0].first_day",
    )
    assert check("2022 年初以来申万计算机累计涨跌幅", since) == [
        "says since 2022-01-01, but the data starts 2024-12-02"
    ]
    ok = Claim.of(
        "申万计算机",
        "index",
        "first_day",
        "2024-12-02",
        "since",
        relation="since",
        path="market.cumulative.series[0].first_day",
    )
    assert check("2024 年 12 月 2 日以来申万计算机累计涨跌幅", ok) == []
    span = Claim.of(
        "行情",
        "dataset",
        "period",
        ("2024-12-01", "2025-01-10"),
        "span",
        relation="period",
        path="market.trading_days.base",
        base_path="market.trading_days.end",
    )
    assert check(f"{span.shown}，……", span) == ["says the period runs to 2025-01-10, but the data ends 2024-12-31"]


def test_first_needs_history_before_it():
    c = Claim.of(
        "某应用",
        "app",
        "first_seen",
        "2024-04-09",
        "date",
        relation="first",
        path="app_store.new[0].first_seen",
        base_path="app_store.baseline_date",
    )
    assert any("首次" in m for m in check("某应用 4 月 9 日首次出现。", c))


def test_a_count_of_nothing():
    c = Claim.of("mapping", "dataset", "n_hot", 0, "count", relation="count", path="mapping_hot.n_hot")
    assert any(
        "a count of 0" in m for m in check("居前的 0 款热门产品中", c, Claim("居前", "term", "t", 1, relation="term"))
    )


def test_a_total_over_fewer_members_than_its_name_says():
    meta = Claim("Meta", "company", "capex", 9e9, path="capex.companies[0].capex")
    c = Claim.of(
        "海外四大云厂商",
        "group",
        "capex",
        9e9,
        "usd",
        relation="sum",
        path="capex.total",
        base_path="capex.companies",
        members=(meta,),
    )
    assert check("海外四大云厂商（Meta）资本开支合计 90 亿美元。", c) == [
        "海外四大云厂商 says 4, but the total is over 1"
    ]
    two = Claim.of(
        "海外四大云厂商",
        "group",
        "capex",
        9e9,
        "usd",
        relation="sum",
        path="capex.total",
        members=(meta, Claim("微软", "company", "capex", 1e9)),
    )
    assert any("not the sum" in m for m in check("海外四大云厂商（Meta、微软）资本开支合计 90 亿美元。", two))


def test_a_name_printed_otherwise_than_the_data_spells_it():
    c = Claim.of(
        "秘塔AI",
        "product",
        "visits",
        18_000_000,
        "visits",
        path="traffic.global.top_visits[0].visits",
        name_path="traffic.global.top_visits[0].product",
    )
    assert check("秘塔 AI 访问量 1,800 万次。", c) == ["the text does not print '秘塔AI' as the data spells it"]
    other = Claim.of(
        "秘塔 AI",
        "product",
        "visits",
        18_000_000,
        "visits",
        path="traffic.global.top_visits[0].visits",
        name_path="traffic.global.top_visits[0].product",
    )
    assert check("秘塔 AI 访问量 1,800 万次。", other) == [
        "printed '秘塔 AI', but the data spells it '秘塔AI' (traffic.global.top_visits[0].product)"
    ]


def test_one_value_printed_two_ways():
    at = "traffic.global.category_share[0].share"
    text = Claim.of("翻译", "category", "share", 0.0125, "pct", 1, path=at)
    legend = Claim("翻译", "category", "share", 0.0125, "pct", 1, "1.2%", path=at)  # a second rounding path
    found = problems(
        [("1.1", Sentence("a", "翻译占 1.3%", (text,))), ("1.1", Sentence("b", "翻译  1.2%", (legend,)))], FACTS
    )
    assert [p.message for p in found] == [
        "printed '1.2%', but 0.0125 prints '1.3%'",
        f"{at} prints '1.2%' here and '1.3%' in a",
    ]


def test_flat_only_of_the_same_members():
    c = Claim(
        "global",
        "list",
        "over_100m",
        2,
        "count",
        relation="flat",
        path="traffic.global.over_100m",
        base_path="traffic.global.over_100m_prev",
    )
    assert check("与上月持平", c) == ["持平 on a count whose members changed (in: C; out: B)"]


def test_untrue_fails_the_build_naming_section_sentence_and_claim():
    c = Claim.change("申万计算机", "index", "return", -0.08, path=IDX)
    with pytest.raises(UntrueSentence) as e:
        require_true(
            [("2.2.1 国内二级市场行情回顾", Sentence("market.computer.text", "申万计算机下跌 8.0%。", (c,)))], FACTS
        )
    msg = str(e.value)
    assert isinstance(e.value, StageFailed) and e.value.stage == "verify"
    assert (
        "2.2.1 国内二级市场行情回顾" in msg and "market.computer.text" in msg and f"return of 申万计算机 ({IDX})" in msg
    )
    assert str(pickle.loads(pickle.dumps(e.value))) == msg


# -- the demo: facts.json claims, the check rule, the build ------------------------------------------------


def test_facts_json_claims_resolve_in_the_same_file(demo_report):
    facts = json.loads(demo_report.files["json"].read_text(encoding="utf-8"))
    claims = facts["claims"]
    assert {"market.computer.text", "capex.summary", "traffic.global.overview", "mapping.summary"} <= set(claims)
    paths = [
        (c["path"], c["value"])
        for cs in claims.values()
        for c in cs
        if c.get("path") and c["relation"] not in ("since", "period")
    ]
    assert len(paths) > 100
    for path, value in paths:
        got = fact_at(facts, path)
        assert (len(got) if isinstance(got, list) and not isinstance(value, list) else got) == value, path
    ret = next(c for c in claims["market.computer.text"] if c["role"] == "index")
    assert ret == {
        **ret,
        "subject": "计算机行业指数",
        "relation": "down",
        "shown": "7.2%",
        "path": "market.indices[0].return",
    }


def test_a_false_sentence_is_a_check_error_and_stops_the_build(demo_settings, monkeypatch, tmp_path):
    from aimonthly.demo import DEMO_MONTH
    from aimonthly.narrative.claims import market
    from aimonthly.pipeline import analyse, build_report

    real = market.index_return

    def wrong(f, key, role="index"):  # a template that says 上涨 whatever the sign
        c = real(f, key, role)
        return (
            None
            if c is None
            else Claim.of(c.subject, c.kind, c.metric, c.value, "pct_abs", 1, relation="up", path=c.path, role=c.role)
        )

    monkeypatch.setattr(market, "index_return", wrong)
    _, report = analyse(demo_settings, DEMO_MONTH)
    found = [f for f in report.errors if f.rule == "claims"]
    assert found and found[0].dataset == "market" and found[0].product == "计算机行业指数"
    assert (
        "says up, but the change is -0.07" in found[0].message and found[0].values["sentence"] == "market.computer.text"
    )
    with pytest.raises(UntrueSentence, match="2.2.1 国内二级市场行情回顾, sentence market.computer.text"):
        build_report(demo_settings, DEMO_MONTH, out_dir=tmp_path / "out", formats=["json"], record=False)
    assert not (tmp_path / "out" / "facts.json").exists()
