"""Cloud capex tracker: the demo reproduces the reference's 2024Q1 figures; hand-made tables check
the quarter choice, like-for-like growth and guidance changes."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest

from aimonthly.analytics import make_context
from aimonthly.analytics.capex import capex_facts, compute
from aimonthly.core.quarters import last_ended_quarter, quarter_index, quarter_name
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.narrative import capex as text
from aimonthly.core import numbers as N
from aimonthly.report import capex as report
from aimonthly.report.blocks import ExhibitSpec
from aimonthly.report.model import ChartSpec, Paragraph

D = dt.date


@pytest.fixture(scope="module")
def demo(demo_con):
    return compute(demo_con, make_context("2024-04", D(2024, 5, 9), house=default_house()))


def by_company(f):
    return {c["company"]: c for c in f.companies}


def test_demo_reproduces_the_reference(demo, seed):
    ref = seed["capex"]
    assert demo.quarter == "2024Q1" and demo.missing == []
    assert demo.total / 1e8 == pytest.approx(ref["total_2024q1"])
    assert round(demo.total_yoy, 4) == pytest.approx(ref["total_yoy"])
    c = by_company(demo)
    assert c["Google"]["capex"] / 1e8 == ref["google"]["q"]
    assert round(c["Google"]["yoy"], 2) == ref["google"]["yoy"] and round(c["Google"]["qoq"], 3) == ref["google"]["qoq"]
    assert c["Microsoft"]["capex"] / 1e8 == ref["microsoft"]["q"]
    assert round(c["Microsoft"]["yoy"], 3) == ref["microsoft"]["yoy"]
    assert round(c["Microsoft"]["qoq"], 3) == ref["microsoft"]["qoq"]
    assert c["Amazon"]["capex"] / 1e8 == ref["amazon"]["q"] and round(c["Amazon"]["yoy"], 2) == ref["amazon"]["yoy"]
    (g,) = demo.guidance
    assert (g["company"], g["year"], g["change"]) == ("Meta", 2024, "raised")
    assert [g["prev_low"] / 1e8, g["prev_high"] / 1e8] == ref["meta_guidance_2024"]["before"]
    assert [g["low"] / 1e8, g["high"] / 1e8] == ref["meta_guidance_2024"]["after"]


def test_facts_json_contract(demo):
    d = json.loads(json.dumps(demo.to_dict()))
    assert {"quarter", "total", "total_yoy", "companies"} <= set(d)
    assert [c["company"] for c in d["companies"]] == ["Microsoft", "Amazon", "Meta", "Google"]  # house order
    assert all({"company", "capex", "yoy", "qoq"} <= set(c) for c in d["companies"])
    assert {h["quarter"] for h in d["history"]} == {"2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"}


def test_sentences(demo):
    s = N.spaced(text.summary(demo, "海外四大云厂商"))
    assert s.startswith(
        "2024 年一季度，海外四大云厂商（微软、亚马逊、Meta、谷歌）资本开支合计 442.89 亿美元，同比增长 30.47%"
    )
    assert "谷歌同比增速最高（90.8%）" in s and "Meta 将 2024 年资本开支指引由 300–350 亿美元上调至 350–400 亿美元" in s
    d = N.spaced(text.detail(demo, "海外四大云厂商"))
    assert "谷歌 120 亿美元，同比增长 90.8%，环比增长 9.0%" in d
    assert "微软 110 亿美元，同比增长 65.8%，环比增长 12.5%" in d and "亚马逊 149 亿美元，同比增长 5.0%" in d
    assert "同比增长 9.0%" not in d  # quarter over quarter is 环比


def test_quarter_arithmetic():
    assert quarter_index("2024Q1") - quarter_index("2023Q4") == 1 and quarter_name(quarter_index("2023Q4")) == "2023Q4"
    assert quarter_name(last_ended_quarter(D(2024, 5, 9))) == "2024Q1"
    assert quarter_name(last_ended_quarter(D(2024, 3, 31))) == "2024Q1"  # the quarter's last day counts
    assert quarter_name(last_ended_quarter(D(2024, 3, 30))) == "2023Q4"
    assert quarter_name(last_ended_quarter(D(2024, 1, 1))) == "2023Q4"


@pytest.fixture
def load(warehouse, tmp_path, connect):
    """load(rows): a capex table in a fresh warehouse, as a connection on the backend under test."""
    return lambda rows: _load(warehouse, tmp_path, rows, connect)


def _load(wh, tmp_path, rows, connect):
    path = tmp_path / "capex.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["company", "quarter", "capex", "guidance_low", "guidance_high"])
        w.writerows(rows)
    ingest_file(wh, "capex", path)
    return connect(wh)


CFG = default_house().capex.replace(companies=["A", "B"], names={"A": "甲", "B": "乙"}, chart_quarters=3)
LAG = default_house().coverage.capex_lag_days


def test_quarter_choice_and_like_for_like(load):
    con = load(
        [
            ["A", "2023Q1", "100", "", ""],
            ["A", "2023Q4", "150", "", ""],
            ["A", "2024Q1", "200", "", ""],
            ["A", "2024Q2", "999", "", ""],  # ends after the data date: not yet the report's quarter
            ["B", "2023Q1", "50", "", ""],
            ["B", "2023Q4", "60", "", ""],  # B has not reported 2024Q1
            ["C", "2024Q1", "7", "", ""],  # not configured
        ]
    )
    f = capex_facts(con, D(2024, 5, 9), CFG, lag_days=LAG)
    assert (
        f.quarter == "2024Q1"
        and f.total == 200
        and f.missing_companies == [{"company": "B", "name": "乙", "last_quarter": "2023Q4"}]
    )
    assert f.total_yoy == pytest.approx(1.0) and f.total_qoq == pytest.approx(200 / 150 - 1, abs=1e-6)
    assert [c["company"] for c in f.companies] == ["A"]
    assert {(h["quarter"], h["company"]) for h in f.history} == {("2023Q4", "A"), ("2023Q4", "B"), ("2024Q1", "A")}
    assert "乙（数据截至 2023 年四季度）尚无该季度数据" in text.detail(f, "两家公司")
    earlier = capex_facts(con, D(2024, 3, 30), CFG, lag_days=LAG)
    assert earlier.quarter == "2023Q4" and earlier.total == 210 and earlier.total_yoy is None  # no 2022Q4


@pytest.mark.parametrize(
    "prev,now,change",
    [
        (("300", "350"), ("350", "400"), "raised"),
        (("300", "350"), ("280", "320"), "lowered"),
        (("300", "350"), ("300", "350"), "kept"),
        (None, ("300", "350"), "new"),
    ],
)
def test_guidance_changes(load, prev, now, change):
    rows = [["A", "2023Q4", "100", *(prev or ("", ""))], ["A", "2024Q1", "120", *now]]
    f = capex_facts(load(rows), D(2024, 5, 9), CFG, lag_days=LAG)
    (g,) = f.guidance
    assert g["change"] == change and g["year"] == 2024  # a Q4 row's guidance is for the next year


def test_guidance_of_another_year_is_not_a_change(load):
    rows = [["A", "2023Q3", "100", "200", "250"], ["A", "2023Q4", "120", "300", "350"]]
    f = capex_facts(load(rows), D(2024, 2, 15), CFG, lag_days=LAG)
    assert f.quarter == "2023Q4" and f.guidance[0]["change"] == "new" and f.guidance[0]["year"] == 2024


def test_no_data_gives_notes(warehouse, connect):
    f = capex_facts(connect(warehouse), D(2024, 5, 9), default_house().capex, lag_days=LAG)
    assert f.missing == ["capex"] and f.quarter is None
    for name, block in report.blocks(f, default_house(), None).items():
        value = block()
        assert isinstance(value, Paragraph) and value.kind == "note", name


def test_chart_block(demo):
    b = report.blocks(demo, default_house(), None)
    chart = b["capex.chart"]()
    assert isinstance(chart, ExhibitSpec) and isinstance(chart.body, ChartSpec) and chart.body.kind == "stacked_bars"
    assert chart.source == "来源：各公司财报，示例证券研究所"
    assert len(chart.data.rows) == 20 and chart.data.columns == ("quarter", "company", "capex_usd")


@pytest.mark.slow
def test_report_places_capex_on_the_cover_and_in_investment_advice(demo_report):
    import docx

    paras = [p.text for p in docx.Document(demo_report.files["docx"]).paragraphs]
    flat = [p.replace(" ", "") for p in paras]
    e = next(i for i, p in enumerate(flat) if p.startswith("电子："))
    assert flat[e + 1].startswith("2024年一季度，海外四大云厂商") and "442.89亿美元" in flat[e + 1]
    advice = next(i for i, p in enumerate(flat) if p.endswith("投资建议") and i > e + 1)
    detail = next(i for i, p in enumerate(flat) if i > advice and "分公司看" in p)
    assert flat[detail].startswith("2024年一季度") and any("季度资本开支（亿美元）" in p for p in flat[detail:])
