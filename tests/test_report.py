"""The report end to end: the demo's five outputs state the reference's figures; a second data
set with other products and months makes a correct report too."""

from __future__ import annotations

import json
import re
import zipfile

import docx
import pytest
from pypdf import PdfReader

from aimonthly.config import load_settings
from aimonthly.pipeline import build_report
from aimonthly.content.errors import ContentError

SEED_STRINGS = [
    "60.60%",
    "42.55%",
    "35.70%",
    "20.66 分钟",
    "17.82 分钟",
    "16.40 分钟",
    "35.3%",
    "24.9%",
    "8.7%",
    "1,957 万次",
    "1,684 万次",
    "1,009 万次",
    "120.30%",
    "98.73%",
    "65.90%",
    "47.5%",
    "12.8%",
    "10.1%",
    "15.26 分钟",
    "11.01 分钟",
    "8.84 分钟",
    "1,683 万次",
    "1,608 万次",
    "1,477 万次",
    "15.62 分钟",
    "10.35 分钟",
    "9.15 分钟",
    "环比增长 2.7%",
    "环比下降 3.0%",
]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf_text(demo_report):
    return flat("".join(p.extract_text() for p in PdfReader(demo_report.files["pdf"]).pages))


@pytest.fixture(scope="module")
def docx_text(demo_report):
    d = docx.Document(demo_report.files["docx"])
    return flat("\n".join(p.text for p in d.paragraphs))


def test_all_five_outputs_written(demo_report):
    assert set(demo_report.files) == {"pdf", "docx", "html", "xlsx", "json"}
    for path in demo_report.files.values():
        assert path.stat().st_size > 0
    assert not list(demo_report.out_dir.glob(".building-*"))


@pytest.mark.parametrize("s", SEED_STRINGS)
def test_pdf_and_word_state_the_seed_figures(pdf_text, docx_text, s):
    assert flat(s) in pdf_text
    assert flat(s) in docx_text


def test_month_over_month_is_never_called_tongbi(pdf_text):
    assert "同比增长60.60%" not in pdf_text and "环比分别增长60.60%" in pdf_text


def test_exhibits_numbered_in_order_with_sources(demo_report, pdf_text):
    n = demo_report.exhibits
    assert n >= 10
    for i in range(1, n + 1):
        assert pdf_text.count(f"图表{i}：") >= 2  # in the 图表目录 and at the exhibit
    assert pdf_text.count("来源：SimilarWeb，非凡产研，示例证券研究所") >= 10
    assert "图表目录" in pdf_text and "内容目录" in pdf_text


def test_pdf_page_count_in_range(demo_report):
    assert 8 <= len(PdfReader(demo_report.files["pdf"]).pages) <= 40


def test_word_is_editable_with_real_structure(demo_report):
    d = docx.Document(demo_report.files["docx"])
    styles = {p.style.name for p in d.paragraphs}
    assert {"Heading 1", "Heading 2", "Caption"} <= styles
    assert len(d.tables) >= 3  # the three Top-20 tables (charts are pictures)
    xml = zipfile.ZipFile(demo_report.files["docx"]).read("word/document.xml").decode()
    assert 'TOC \\o "1-3"' in xml and "SEQ 图表" in xml


def test_facts_json_contract(demo_report, seed):
    facts = json.loads(demo_report.files["json"].read_text(encoding="utf-8"))
    assert facts["month"] == "2024-04"
    g = facts["traffic"]["global"]
    assert set(g) >= {
        "top_visits",
        "top_growth",
        "top_duration",
        "category_share",
        "n_visits_over_100m",
        "n_visits_over_100m_prev",
        "top20_total_mom",
        "n_rising_top50",
    }
    assert set(g["top_visits"][0]) >= {"rank", "product", "company", "category", "visits", "mom"}
    assert g["top_visits"][0]["visits"] == 1_800_000_000 and isinstance(g["top_visits"][0]["visits"], int)
    assert (g["top_growth"][0]["rank"], g["top_growth"][0]["product"], g["top_growth"][0]["mom"]) == (
        1,
        "Kimi.ai",
        0.606,
    )
    assert set(g["top_duration"][0]) >= {"rank", "product", "minutes"} and g["top_duration"][0]["minutes"] == 20.66
    assert set(g["category_share"][0]) >= {"category", "share"}


def test_html_is_self_contained(demo_report):
    html = demo_report.files["html"].read_text(encoding="utf-8")
    assert "<svg" in html and "图表1：" in html
    assert not re.search(r"(src|href)=\"https?://", html)


SECOND_CONTENT = """---
title: 测试月报
sector: 测试行业研究
rating: 增持
rating_action: 首次评级
report_type: 行业月报
date: 2020-01-12
analysts:
  - {name: 测试员, licence: S0000000000009, email: t@example.com}
---

# 投资逻辑 {.cover}

测试用的投资逻辑。

# 流量

{{ traffic.global.overview }}

{{ traffic.global.top_visits }}

{{ traffic.global.growth }}

{{ traffic.global.top_growth }}

{{ traffic.domestic.overview }}

{{ traffic.domestic.top_visits }}
"""


def test_second_data_set_makes_a_correct_report(tmp_path):
    from test_traffic import MONTHS  # noqa: F401  (the same generated months)

    import csv
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    rows = [
        {
            "month": m,
            "list": "global",
            "product": f"Orbit{i}",
            "visits": (60 - i) * 10**6 + (i * 7919 if m == "2019-12" else 0),
            "category": "代码" if i % 2 else "音频",
        }
        for m in ("2019-11", "2019-12")
        for i in range(40)
    ]
    with open(tmp_path / "t.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, rows[0].keys())
        w.writeheader()
        w.writerows(rows)
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        ingest_file(wh, "traffic", tmp_path / "t.csv")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "2019-12.md").write_text(SECOND_CONTENT, encoding="utf-8")
    s = load_settings(
        {
            "warehouse": str(tmp_path / "w.duckdb"),
            "content_dir": str(tmp_path / "content"),
            "output_dir": str(tmp_path / "out"),
        },
        env={},
    )
    result = build_report(s, "2019-12", formats=["pdf", "json"])
    text = flat("".join(p.extract_text() for p in PdfReader(result.files["pdf"]).pages))
    assert "Orbit0" in text and "ChatGPT" not in text and "2019年12月" in text
    assert "本月国内榜访问量数据缺失" in text  # the missing list says so rather than failing
    assert result.notes and "traffic.domestic" in result.notes[0]
    facts = json.loads(result.files["json"].read_text(encoding="utf-8"))
    assert facts["traffic"]["global"]["top_visits"][0]["product"] == "Orbit0"
    assert result.exhibits == 2


def test_unknown_block_is_named_with_file_and_line(tmp_path, demo_settings):
    bad = tmp_path / "2024-04.md"
    bad.write_text(
        SECOND_CONTENT.replace("{{ traffic.global.top_growth }}", "{{ traffic.global.top_growht }}"), encoding="utf-8"
    )
    with pytest.raises(ContentError, match=r"2024-04\.md:\d+: unknown block \{\{ traffic\.global\.top_growht \}\}"):
        build_report(demo_settings, "2024-04", formats=["json"], content_file=bad, out_dir=tmp_path / "o")
