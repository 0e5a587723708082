"""narrative.figures: which numbers in Chinese text are figures, what they state, and which facts
they match at the report's own rounding."""

from __future__ import annotations

import pytest

from aimonthly.core import numbers as N
from aimonthly.narrative.figures import FactIndex, extract, figures

# text -> [(span text, kind, value)] of every number in it (value None for non-figures)
CASES = [
    ("访问量环比增长 60.60%", [("60.60%", "percent", 0.606)]),
    ("Kimi 月访问量 1,957 万次", [("1,957 万次", "amount", 19_570_000)]),
    ("1,957万次", [("1,957万次", "amount", 19_570_000)]),
    ("平均访问时长 20.66 分钟", [("20.66 分钟", "duration", 20.66)]),
    ("资本开支合计 442.89 亿美元", [("442.89 亿美元", "amount", 44_289_000_000)]),
    ("ChatGPT 约 18 亿次", [("18 亿次", "amount", 1_800_000_000)]),
    ("访问量 30.3B", [("30.3B", "amount", 30_300_000_000)]),
    ("30.3 B visits", [("30.3 B", "amount", 30_300_000_000)]),
    ("日活 950K 用户", [("950K", "amount", 950_000)]),
    ("$1.2B 融资", [("1.2B", "amount", 1_200_000_000)]),
    ("预计 300–350 万次", [("300", "amount", 3_000_000), ("350 万次", "amount", 3_500_000)]),
    ("区间 20%-30%", [("20%", "percent", 0.2), ("30%", "percent", 0.3)]),
    ("有 25 款访问量环比上升", [("25 款", "count", 25)]),
    ("提升 5 个百分点", [("5 个百分点", "percent", 0.05)]),
    ("是第二名的 8 倍", [("第二名", "rank", 2), ("8 倍", "number", 8)]),
    ("Top20 合计", [("20", "rank", 20)]),
    ("排名第 1", [("1", "rank", 1)]),
    ("前 3 位", [("3 位", "rank", 3)]),
    ("环比下降 -3.0%", [("-3.0%", "percent", -0.03)]),
    ("１２．５％", [("１２．５％", "percent", 0.125)]),
    # numbers that are no figures: names, versions, dates, periods
    ("GPT-4 发布", [("4", "name", None)]),
    ("Llama 3 70B 开源", [("3", "name", None), ("70B", "name", None)]),
    ("70B", [("70B", "name", None)]),
    ("Qwen1.5-72B", [("1.5", "name", None), ("72B", "name", None)]),
    ("3D 生成", [("3D", "name", None)]),
    ("Kimi 2 上线", [("2", "name", None)]),
    ("天工 AI 升级至 3.0 版本", [("3.0", "version", None)]),
    ("v1.5", [("v1.5", "version", None)]),
    ("1.2.3 版", [("1.2.3", "version", None)]),
    ("2024 年", [("2024 年", "year", None)]),
    ("2024 年 4 月 18 日", [("2024 年 4 月 18 日", "date", None)]),
    ("4 月 18 日发布", [("4 月 18 日", "date", None)]),
    ("4 月升级", [("4 月", "date", None)]),
    ("2024-04-18", [("2024-04-18", "date", None)]),
    ("2024Q1 资本开支", [("2024Q1", "period", None)]),
    ("4/18 发布", [("4/18", "date", None)]),
    # Chinese numerals: read (for drafted text), never counted as the paragraph's figures
    ("三款产品", [("三款", "count", 3)]),
    ("前五位", [("前五位", "rank", 5)]),
    ("一季度", [("一季度", "period", 1)]),
    ("一些产品与统一平台", []),
]


@pytest.mark.parametrize("text, want", CASES, ids=[c[0] for c in CASES])
def test_extract(text, want):
    got = [(f.text, f.kind, f.value) for f in extract(text)]
    assert [(t, k) for t, k, _ in got] == [(t, k) for t, k, _ in want]
    for (_, _, v), (_, _, w) in zip(got, want):
        assert (v is None) if w is None else v == pytest.approx(w)


def test_iso_forms_of_dates_and_versions():
    f = {x.text: x.iso for x in extract("2024 年 4 月 18 日与 5 月 9 日，3.0 版本，2024 年")}
    assert f == {"2024 年 4 月 18 日": "2024-04-18", "5 月 9 日": "--05-09", "3.0": "3.0", "2024 年": "2024"}


def test_figures_leave_out_names_dates_and_chinese_numerals():
    text = "2024 年 4 月，GPT-4 与 Llama 3 70B 之外，三款产品中 Kimi 访问量 1,957 万次，环比增长 60.60%。"
    assert [f.text for f in figures(text)] == ["1,957 万次", "60.60%"]


FACTS = {
    "traffic": {
        "global": {
            "top_growth": [{"mom": 0.606}],
            "top20_total_mom": -0.03,
            "top_visits": [{"visits": 19_570_000}, {"visits": 1_800_000_000}],
            "top_duration": [{"minutes": 20.66}],
            "n_visits_over_100m": 9,
        }
    },
    "capex": {"total": 44_289_000_000},
}


@pytest.mark.parametrize(
    "text, path",
    [
        ("60.60%", "traffic.global.top_growth[0].mom"),
        ("60.6%", "traffic.global.top_growth[0].mom"),
        ("61%", "traffic.global.top_growth[0].mom"),
        ("1,957 万次", "traffic.global.top_visits[0].visits"),
        ("18.00 亿次", "traffic.global.top_visits[1].visits"),
        ("18 亿次", "traffic.global.top_visits[1].visits"),
        ("1.8B", "traffic.global.top_visits[1].visits"),
        ("20.66 分钟", "traffic.global.top_duration[0].minutes"),
        ("442.89 亿美元", "capex.total"),
        ("下降 3.0%", "traffic.global.top20_total_mom"),
        ("环比下降 3%", "traffic.global.top20_total_mom"),
        ("9 款", "traffic.global.n_visits_over_100m"),
    ],
)
def test_a_figure_matches_the_fact_it_states(text, path):
    index = FactIndex(FACTS)
    assert path in index.matches(next(f for f in extract(text) if f.is_figure))


@pytest.mark.parametrize(
    "text", ["60.61%", "60.59%", "1,958 万次", "18.01 亿次", "20.67 分钟", "444 亿美元", "35.70%", "2.9%"]
)
def test_a_figure_that_is_no_fact_matches_nothing(text):
    index = FactIndex(FACTS)
    f = [x for x in extract(text) if x.is_figure][-1]
    assert index.matches(f) == []


@pytest.mark.parametrize("x", [0.606, 0.0275, -0.03, 0.35700000000000004, 1.203, 0.0005])
def test_what_the_report_prints_matches_its_fact(x):
    """A round trip: each percentage as core/numbers.py prints it is found again."""
    index = FactIndex({"x": x})
    for nd in (1, 2):
        fig = next(f for f in extract(N.pct(x, nd)) if f.is_figure)
        assert index.matches(fig) == ["x"], N.pct(x, nd)


@pytest.mark.parametrize("n", [19_570_000, 1_800_000_000, 123_456, 100_000_000, 99_995_000])
def test_visits_as_printed_match_their_fact(n):
    index = FactIndex({"v": n})
    fig = next(f for f in extract(N.visits(n)) if f.is_figure)
    assert index.matches(fig) == ["v"], N.visits(n)
