"""The research layer as a reader meets it: its blocks, sentences and charts, the front matter's
mapping: {pin, drop}, the scorecard file's checks, the picks rule of aimonthly check, and the demo's
new exhibits (the facts themselves: test_research.py, on both backends)."""

from __future__ import annotations

import json

import pytest

import research_data as R
from aimonthly.analytics import compute_facts
from aimonthly.analytics.errors import AnalyticsError
from aimonthly.check import run_check
from aimonthly.check.picks import pick_names, plain_lists
from aimonthly import charts
from aimonthly.core.chart import ChartSpec
from aimonthly.core.house import default_house
from aimonthly.ingest import IngestError, ingest_file
from aimonthly.core import numbers as N
from aimonthly.narrative import research as text
from aimonthly.report import exposure as exposure_blocks
from aimonthly.report import mapping as mapping_blocks
from aimonthly.report import scorecard as scorecard_blocks
from aimonthly.report.blocks import ExhibitSpec
from aimonthly.report.model import Paragraph, TableBody
from aimonthly.warehouse import Warehouse
from test_research import SECTIONS, context, house


@pytest.fixture(scope="module")
def wh_path(tmp_path_factory):
    return R.build(tmp_path_factory.mktemp("research-report"))


@pytest.fixture(scope="module")
def con(wh_path):
    with Warehouse.open(wh_path, read_only=True) as wh:
        yield wh.ibis()


@pytest.fixture(scope="module")
def facts(con):
    return compute_facts(con, context(), only=SECTIONS)


# -- blocks ----------------------------------------------------------------------------------------


def test_mapping_table_leaves_the_suspended_stock_out_and_names_it(facts):
    b = mapping_blocks.blocks(facts.mapping, house(), facts.context)
    exhibit, note = b["mapping.table"]()
    assert isinstance(exhibit, ExhibitSpec) and isinstance(exhibit.body, TableBody)
    assert exhibit.title == "6.1-6.28 热门 AI 产品映射标的股价表现"
    codes = [r[4] for r in exhibit.body.rows]
    assert "600005.SH" not in codes and codes.count("600003.SH") == 2  # Beta's and Gamma's
    alpha = [r for r in exhibit.body.rows if r[4] in ("600001.SH", "600002.SH", "600006.SH")]
    assert alpha[0][0] == "Alpha" and alpha[1][0] == alpha[2][0] == ""  # the product once, on its first row
    s = next(s for p in facts.mapping.products for s in p["stocks"] if s["code"] == "600001.SH")
    assert alpha[0][7:] == (N.pct(s["return"]), N.pct(s["excess"]), N.pct(s["return_since_entry"]))
    assert "戊公司（600005.SH，Eps，区间末停牌）未纳入表中" in note.text and "Top5" in note.text
    assert len(exhibit.data.rows) == sum(len(p["stocks"]) for p in facts.mapping.products)  # the pack has them all


def test_mapping_chart_and_summary(facts):
    b = mapping_blocks.blocks(facts.mapping, house(), facts.context)
    chart = b["mapping.chart"]()
    assert isinstance(chart.body, ChartSpec) and chart.body.kind == "scatter"
    assert charts.draw(chart.body, ["svg"]).svg.startswith("<?xml")
    assert {r[1] for r in chart.data.rows} == {s["code"] for _, s in facts.mapping.pairs}
    summary = b["mapping.summary"]().text
    assert "分析师指定关注的 Beta" in summary and "戊公司（区间末停牌）" in summary
    delta = next(p for p in facts.mapping.products if p["product"] == "Delta")
    s = delta["stocks"][0]
    assert f"Delta 访问量{N.change(delta['mom'], 1)}" in summary
    assert N.pct_abs(s["excess"], 1).rstrip("%") + " 个百分点" in summary


def test_moved_with_is_the_sign_of_both():
    assert text.moved_with({"mom": 0.2}, {"excess": 0.01}) and text.moved_with({"mom": -0.2}, {"excess": -0.01})
    assert not text.moved_with({"mom": 0.2}, {"excess": -0.01}) and not text.moved_with({"mom": None}, {"excess": 0.1})


def test_exposure_blocks(facts):
    f = facts.exposure
    b = exposure_blocks.blocks(f, house(), facts.context)
    table = b["exposure.table"]()
    assert [r[1] for r in table.body.rows] == [c["code"] for c in f.table]
    first = f.table[0]
    assert table.body.rows[0][4:] == (
        N.wan(first["visits"]) if first["visits"] is not None else "-",
        N.wan(first["prev"]) if first["prev"] is not None else "-",
        ("+" if first["change"] > 0 else "") + N.wan(first["change"]),
        "-" if first["mom"] is None else N.pct(first["mom"]),
    )
    chart = b["exposure.chart"]()
    assert "左轴" in chart.title and "右轴" in chart.title  # says which scale is which
    panels = {r[0] for r in chart.data.rows}
    assert len(panels) == min(
        default_house().exposure.chart_companies, sum(1 for c in f.table if any(m["close"] for m in c["months"]))
    )
    assert "AI 流量暴露指数" in b["exposure.summary"]().text


def test_scorecard_blocks_flag_missing_criteria(facts):
    b = scorecard_blocks.blocks(facts.scorecard, house(), facts.context)
    table, note = b["scorecard.table"]()
    rows = {r[1]: r for r in table.body.rows}
    assert rows["丁公司*"][2:8] == ("4", "2", "3", "—", "3", "3")  # competition not scored: a dash, not 0
    assert rows["卡帕"][-1] == "新增" and table.body.header[2] == "技术路线"
    assert "* 表示有维度尚未评分" in note.text and "各维度权重相同" in note.text
    heat = b["scorecard.heatmap"]()
    assert isinstance(heat.body, ChartSpec) and heat.body.kind == "heatmap"
    assert charts.draw(heat.body, ["png"]).png.startswith(b"\x89PNG")
    assert next(r for r in heat.data.rows if r[0] == "600004.SH")[2:] == (4.0, 2.0, 3.0, None, 3.0, 3.0)
    assert "丁公司的竞争格局尚未评分" in b["scorecard.summary"]().text


def test_blocks_without_data_are_notes(con):
    from aimonthly.analytics.exposure import ExposureFacts
    from aimonthly.analytics.mapping import MappingFacts
    from aimonthly.analytics.scorecard import ScorecardFacts

    h = house()
    for mod, f, names in (
        (mapping_blocks, MappingFacts([], None, None, None), ("mapping.table", "mapping.chart")),
        (exposure_blocks, ExposureFacts(["2019-06"], []), ("exposure.table", "exposure.chart")),
        (scorecard_blocks, ScorecardFacts({}, []), ("scorecard.table", "scorecard.heatmap")),
    ):
        b = mod.blocks(f, h, None)
        for name in names:
            value = b[name]()
            value = value[0] if isinstance(value, tuple) else value
            assert isinstance(value, Paragraph) and value.kind == "note", name


# -- the front matter ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meta, message",
    [
        ({"pins": ["Beta"]}, "unknown key 'pins'; did you mean 'pin'"),
        ({"drop": ["Alpah"]}, "'Alpah' is not one of 2019-06's hot products; did you mean 'Alpha'"),
        ({"pin": ["Betta"]}, "'Betta' has no traffic row in 2019-06; did you mean 'Beta'"),
        ({"pin": "Beta", "drop": {"x": 1}}, "mapping.drop: write a list of product names"),
    ],
)
def test_mapping_front_matter_is_checked(con, meta, message):
    with pytest.raises(AnalyticsError, match=message.replace("(", r"\(")):
        compute_facts(con, context(meta={"mapping": meta}), only=SECTIONS)


def test_a_pin_outside_every_pool_comes_from_the_month_rows(con):
    f = compute_facts(con, context(meta={"mapping": {"pin": ["Dfiller6"]}}), only=SECTIONS).mapping
    pin = f.products[-1]
    month = {r["product"]: r["visits"] for r in R.traffic_rows() if r["month"] == R.MONTH and r["list"] == "domestic"}
    prev = {r["product"]: r["visits"] for r in R.traffic_rows() if r["month"] == "2019-05" and r["list"] == "domestic"}
    assert (pin["product"], pin["list"], pin["visits"]) == ("Dfiller6", "domestic", month["Dfiller6"])
    assert pin["mom"] == pytest.approx(month["Dfiller6"] / prev["Dfiller6"] - 1, abs=1e-6) and pin["stocks"] == []


# -- the scorecard file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, column, message",
    [
        ("criterion", "维度", "not a scorecard criterion"),
        ("score", "评分", "is not a score from 1 to 5"),
    ],
)
def test_scorecard_values_are_checked(warehouse, tmp_path, cell, column, message):
    row = {"标的": "688111.SH", "维度": "技术路线", "评分": "4", "评分日期": "2024-04-30"}
    row[column] = "速度" if cell == "criterion" else "6"
    path = R.write(tmp_path / "scorecard.csv", [row])
    with pytest.raises(IngestError, match=message):
        ingest_file(warehouse, "scorecard", path)


def test_scorecard_headers_in_chinese_and_a_scoring_date_replaces_its_rows(warehouse, tmp_path):
    rows = [
        {"标的": "688111", "维度": "技术路线", "评分": "4", "评分日期": "2024-04-30"},
        {"标的": "688111", "维度": "容错度", "评分": "3.5", "评分日期": "2024-04-30"},
    ]
    ingest_file(warehouse, "scorecard", R.write(tmp_path / "a.csv", rows))
    ingest_file(warehouse, "scorecard", R.write(tmp_path / "b.csv", rows[:1]))  # the same date again: replaces
    got = warehouse.ibis().table("scorecard").to_pyarrow().to_pylist()
    assert [(r["criterion"], r["score"]) for r in got] == [("tech_route", 4.0)]


# -- the picks rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, names",
    [
        ("建议关注金山办公、科大讯飞、中控技术。", ["金山办公", "科大讯飞", "中控技术"]),
        ("个股方面，建议关注甲公司与乙公司等；其他", ["甲公司", "乙公司"]),
        ("建议关注新游戏储备充足的丙公司与丁公司，以及经营稳健的出版板块。", ["丙公司", "丁公司"]),  # known names only
        ("建议关注业绩稳健、股息率较高的出版板块。", []),
    ],
)
def test_pick_names(sentence, names):
    known = {n: n for n in ("甲公司", "乙公司", "丙公司", "丁公司")}
    assert pick_names(sentence, known) == names
    assert plain_lists(sentence) == (sentence.startswith("建议关注金山") or "甲公司与乙公司" in sentence)


CONTENT = """---
title: 测试
sector: 测试
rating: 买入
report_type: 行业月报
date: 2019-07-01
data_date: 2019-06-28
analysts:
  - {{name: 测试员}}
---

# 投资建议

{body}
"""


def test_picks_in_the_bottom_half_or_not_scored_are_warnings(con, facts, tmp_path):
    path = tmp_path / "2019-06.md"
    body = "建议关注丙公司、甲公司、丁公司、未评公司。\n\n另外，建议关注经营稳健的卡帕与乙公司。"
    path.write_text(CONTENT.format(body=body), encoding="utf-8")
    found = [f for f in run_check(con, facts, path).findings if f.rule == "picks"]
    by = {f.product: f for f in found}
    ranks = {s["name"]: s["rank"] for s in facts.scorecard.subjects}
    bottom = {n for n in ("丙公司", "甲公司", "丁公司", "卡帕") if facts.scorecard.bottom_half(ranks[n])}
    assert set(by) == bottom | {"未评公司", "乙公司"}  # 乙公司 is known (product_stocks) but not scored
    assert all(f.severity == "warning" for f in found)
    assert "does not score" in by["未评公司"].message and by["未评公司"].values["line"] == 14
    worst = next(iter(bottom))
    assert f"ranks {ranks[worst]} of 4" in by[worst].message


def test_no_scorecard_is_a_note_not_a_warning_per_pick(con, facts, tmp_path):
    import dataclasses
    from aimonthly.analytics.scorecard import ScorecardFacts

    path = tmp_path / "2019-06.md"
    path.write_text(CONTENT.format(body="建议关注甲公司、乙公司。"), encoding="utf-8")
    empty = dataclasses.replace(facts, sections={**facts.sections, "scorecard": ScorecardFacts({}, [])})
    found = [f for f in run_check(con, empty, path).findings if f.rule == "picks"]
    assert [(f.severity, f.values["picks"]) for f in found] == [("info", ["甲公司", "乙公司"])]


# -- the demo --------------------------------------------------------------------------------------


def test_demo_places_the_research_exhibits_in_order(demo_report):
    facts = json.loads(demo_report.files["json"].read_text(encoding="utf-8"))
    kimi = next(p for p in facts["mapping"] if p["product"] == "Kimi")
    assert kimi["pinned"] and [s["name"] for s in kimi["stocks"]] == ["中文在线", "掌阅科技"]
    tiangong = next(p for p in facts["mapping"] if p["product"] == "天工AI")
    assert tiangong["stocks"][0]["name"] == "昆仑万维" and tiangong["entry_month"] == "2023-05"
    vega = next(p for p in facts["mapping"] if p["product"] == "Vega ai")
    assert {s["name"]: s["reason"] for s in vega["stocks"]} == {"汉王科技": None, "衡云数智": "suspended"}
    assert len(facts["exposure"]) == 15 and len(facts["exposure"][0]["months"]) == 12
    assert facts["scorecard"]["n_ranked"] == 18
    assert demo_report.check.count("warning") == 0  # every pick is scored, in the top half
    import docx

    captions = [p.text for p in docx.Document(demo_report.files["docx"]).paragraphs if p.style.name == "Caption"]
    titles = [c for c in captions if "映射标的" in c or "暴露指数" in c or "评分" in c]
    assert len(titles) == 6
