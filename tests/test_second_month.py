"""The second month, on generated data (tests/second_month_data.py): build the first month, ingest
the second in real vendor shapes, scaffold it with `new`, build it. Nothing the first report printed is
printed again; units in headers count; titles say the real sizes; the category sentence skips no
category; and a section whose data stops before its period's end says so, and fails --strict."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import second_month_data as S
from aimonthly.analytics.errors import MissingData
from aimonthly.config import load_settings
from aimonthly.ingest import ingest_file
from aimonthly.pipeline import all_blocks, analyse, build_report, month_facts
from aimonthly.report.model import Paragraph
from aimonthly.content.scaffold import scaffold_month
from aimonthly.warehouse import Warehouse


def make_project(folder: Path, truncate: str | None = None, *, second: bool = True):
    files = S.write(folder / "files", truncate)
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "content" / f"{S.FIRST}.md").write_text(S.CONTENT, encoding="utf-8")
    settings = load_settings(
        {
            "warehouse": str(folder / "w.duckdb"),
            "content_dir": str(folder / "content"),
            "output_dir": str(folder / "reports"),
        },
        env={},
    )
    with Warehouse.open(folder / "w.duckdb") as wh:
        for dataset, f in files["first"]:
            ingest_file(wh, dataset, f)
    first = build_report(settings, S.FIRST, formats=["json"])
    if second:
        with Warehouse.open(folder / "w.duckdb") as wh:
            for dataset, f in files["second"]:
                ingest_file(wh, dataset, f)
        scaffold_month(folder / "content", S.SECOND, fallback=folder / "content" / f"{S.FIRST}.md")
    return settings, first


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("second-month")
    settings, first = make_project(folder)
    second = build_report(settings, S.SECOND, formats=["html", "json"])
    return settings, first, second


def facts_of(result) -> dict:
    return json.loads(result.files["json"].read_text(encoding="utf-8"))


def text_of(result) -> str:
    html = result.files["html"].read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", html)


def printed_ids(f: dict) -> set[str]:
    return {i["id"] for r in ("overseas", "domestic") for i in f["news"][r]}


# -- no reprints -----------------------------------------------------------------------------------


def test_the_second_digest_starts_after_the_first_reports_data_date(project):
    _, first, second = project
    f1, f2 = facts_of(first), facts_of(second)
    assert f2["data_date"] == "2023-04-09"  # moved on by `new`
    for key in ("news", "announcements"):
        assert f2[key]["window"] == ["2023-03-10", "2023-04-09"]
        assert f2[key]["window_basis"] == {
            "rule": "after_previous_report",
            "previous_report": {"month": S.FIRST, "data_date": "2023-03-09", "source": f"{S.FIRST}.md (data_date)"},
        }
    # the first report printed items dated in the second month's calendar month (03-01..03-09) …
    assert any(i["date"] >= "2023-03-01" for r in ("overseas", "domestic") for i in f1["news"][r])
    assert any(a["date"] >= "2023-03-01" for a in f1["announcements"]["rows"])
    # … and the second prints none of the first's items
    assert printed_ids(f1) and printed_ids(f2) and not printed_ids(f1) & printed_ids(f2)
    assert not {a["id"] for a in f1["announcements"]["rows"]} & {a["id"] for a in f2["announcements"]["rows"]}
    assert all(i["date"] > "2023-03-09" for r in ("overseas", "domestic") for i in f2["news"][r])


def test_each_build_records_its_data_date_and_printed_items(project):
    from aimonthly.warehouse.records import built_reports

    settings, first, _ = project
    with Warehouse.open(settings.path("warehouse"), read_only=True) as wh:
        rec = {r["month"]: r for r in built_reports(wh)}
    assert set(rec) == {S.FIRST, S.SECOND}
    assert str(rec[S.FIRST]["data_date"]) == "2023-03-09"
    assert set(rec[S.FIRST]["news_ids"]) == printed_ids(facts_of(first))
    assert set(rec[S.FIRST]["announcement_ids"]) == {a["id"] for a in facts_of(first)["announcements"]["rows"]}


def test_without_the_first_months_file_the_build_record_gives_the_date(project, tmp_path):
    settings, first, _ = project
    content = tmp_path / "content"
    content.mkdir()
    (content / f"{S.SECOND}.md").write_bytes((settings.path("content_dir") / f"{S.SECOND}.md").read_bytes())
    s = load_settings(
        {"warehouse": settings.warehouse, "output_dir": settings.output_dir, "content_dir": str(content)}, env={}
    )
    f = month_facts(s, S.SECOND)
    basis = f.news.basis
    assert basis["rule"] == "after_previous_report" and f.news.window[0].isoformat() == "2023-03-10"
    assert basis["previous_report"]["source"].startswith(f"the warehouse's record of the {S.FIRST} build")


def test_a_window_reaching_back_still_prints_nothing_twice_unless_pinned(project):
    settings, first, _ = project
    f1 = facts_of(first)
    again = sorted(printed_ids(f1))
    pin = next(i["id"] for i in f1["news"]["overseas"] if i["date"] >= "2023-03-01")
    path = settings.path("content_dir") / f"{S.SECOND}.md"
    text = path.read_text(encoding="utf-8")
    wide = text.replace("news:\n  pin: []", f"news:\n  window: [2023-03-01, 2023-04-09]\n  pin: [{pin}]")
    assert wide != text
    from aimonthly.content.month import parse_content

    f = month_facts(settings, S.SECOND, parse_content(wide, path))
    printed = {i.id for r in ("overseas", "domestic") for i in f.news.printed[r]}
    before = set(f.news.printed_before)
    assert f.news.basis["rule"] == "front_matter" and f.news.window[0].isoformat() == "2023-03-01"
    assert pin in printed  # pinned: printed again on purpose
    assert before and before <= set(again) and not (printed - {pin}) & set(again)
    assert {i.status for r in f.news.items.values() for i in r if i.id in before} == {"printed_before"}


# -- units, sizes, categories ------------------------------------------------------------------------


def test_a_unit_in_the_header_is_applied(project):
    f2 = facts_of(project[2])
    want = {r["product"]: r["visits"] for r in S.domestic_rows(S.SECOND)}
    got = {r["product"]: r["visits"] for r in f2["traffic"]["domestic"]["top_visits"]}
    assert got and all(got[p] == want[p] for p in got)  # 访问量(万) 2400 -> 24,000,000
    globl = {r["product"]: r["visits"] for r in f2["traffic"]["global"]["top_visits"]}
    assert all(globl[r["product"]] == r["visits"] for r in S.global_rows(S.SECOND) if r["product"] in globl)


def test_small_lists_give_honest_titles(project):
    text = text_of(project[2])
    domestic = text[text.index("2023 年 3 月国内榜") : text.index("App Store")]
    assert "Top50" not in domestic and "国内访问量 Top30 AI 产品细分类别分布" in domestic
    assert "国内榜访问量 Top30 的 AI 产品中" in domestic
    growers = S.DOMESTIC_GROWERS
    assert f"国内访问量环比增速居前的 20 款 AI 产品情况（仅 {growers} 款环比增长）" in domestic
    assert f"有 {growers} 款访问量环比上升" in domestic
    assert "全球访问量 Top50 AI 产品细分类别分布" in text  # a full pool keeps its name


def test_the_category_sentence_names_every_category_above_the_range(project):
    f2 = facts_of(project[2])
    pool = S.global_rows(S.SECOND)
    total = sum(r["visits"] for r in pool)
    shares = sorted(
        ((sum(r["visits"] for r in pool if r["category"] == c) / total, c) for c in {r["category"] for r in pool}),
        reverse=True,
    )
    text = text_of(project[2])
    sentence = next(s for s in text.split("。") if "按细分类别看" in s and "全球榜" in s)
    named = re.findall(r"([^，、；\s]+)占 [\d.]+%", sentence)
    ranged = sentence.split("；")[1].split("等类别")[0].split("、") if "；" in sentence else []
    # the named ones are the largest, in order; the range follows them with no category left out
    assert named == [c for _, c in shares[: len(named)]]
    assert ranged == [c for _, c in shares[len(named) : len(named) + len(ranged)]]
    assert {"翻译", "写作与文本"} <= set(named)  # 5.4% and 5.2%: above a 3.4%–4.3% range
    assert ranged == ["金融", "教育", "图片图像"] and "3.4%～4.3%" in sentence
    assert [c["category"] for c in f2["traffic"]["global"]["category_share"][:5]] == [c for _, c in shares[:5]]


def test_nothing_is_missing_or_short_when_the_data_is_whole(project):
    f2 = facts_of(project[2])
    assert f2["missing"] == [] and f2["coverage_gaps"] == []  # 04-09 is a Sunday: the close of 04-07 is the last
    assert not project[2].notes


# -- coverage: each section whose data stops early --------------------------------------------------

SECTIONS = {  # truncated dataset -> (gap section, blocks whose text says so, what the text says)
    "traffic": ("traffic.domestic", ["traffic.domestic.overview"], "本月国内榜访问量数据缺失（数据截至 2023 年 2 月）"),
    "app_store": (
        "app_store",
        ["app_store.overview"],
        "3 月 9 日至 4 月 4 日期间（共 27 个观测日；排名数据仅至该日，未覆盖至 4 月 9 日）",
    ),
    "market": (
        "market",
        ["market.computer.text"],
        "2023 年 3 月 1 日至 3 月 24 日（行情数据仅至该日，未覆盖至 4 月 9 日）",
    ),
    "capex": ("capex", ["capex.text"], "2022 年三季度（2022 年四季度数据尚未入库，此为最新一季）"),
    "news": ("news", ["news.overseas", "news.domestic"], "（新闻数据截至 3 月 28 日，未覆盖至 4 月 9 日）"),
    "announcements": ("announcements", ["announcements.table"], "（公告数据截至 3 月 23 日，未覆盖至 4 月 9 日）"),
}


def _texts(value) -> str:
    values = value if isinstance(value, tuple) else (value,)
    return "".join("".join(r.text for r in v.runs) for v in values if isinstance(v, Paragraph))


@pytest.mark.parametrize("truncate", list(SECTIONS))
def test_a_section_whose_data_ends_early_says_so_and_fails_strict(truncate, tmp_path):
    section, names, said = SECTIONS[truncate]
    settings, _ = make_project(tmp_path, truncate)
    facts, check = analyse(settings, S.SECOND)
    gaps = {g.section: g for g in facts.coverage_gaps}
    assert set(gaps) == {section}, gaps
    # an aimonthly check error too, unless the section has no rows at all (then it is in missing)
    coverage = [(f.severity, f.values["section"]) for f in check.findings if f.rule == "coverage"]
    assert coverage == ([] if section in facts.missing else [("error", section)])
    blocks = all_blocks(facts, settings)
    text = "".join(_texts(blocks[n]()) for n in names)
    assert said in text, text
    assert section in {g["section"] for g in facts.to_dict()["coverage_gaps"]}
    with pytest.raises(MissingData, match=re.escape(section)):
        build_report(settings, S.SECOND, formats=["json"], strict=True, out_dir=tmp_path / "strict")
    assert not (tmp_path / "strict").exists()  # a failed build leaves no folder behind
    result = build_report(settings, S.SECOND, formats=["json"], out_dir=tmp_path / "out")
    assert any(section in n for n in result.notes)
