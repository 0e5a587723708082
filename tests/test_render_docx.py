"""The Word renderer: golden document.xml, real styles and fields read back, deterministic bytes."""

from __future__ import annotations

import re
import zipfile

import docx
import pytest

from aimonthly.render.docx import write_docx
from sample_document import SOURCE, sample_document


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return write_docx(sample_document(), tmp_path_factory.mktemp("docx") / "report.docx")


def _xml(path, member="word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def test_document_xml_golden(out, snapshot):
    xml = re.sub(r"><", ">\n<", _xml(out))  # one element a line: readable diffs
    assert xml == snapshot


def test_headings_use_heading_styles(out):
    d = docx.Document(out)
    by_style = {(p.style.name, p.text) for p in d.paragraphs}
    for style, text in [("Heading 1", "1 AI 应用月度数据跟踪"), ("Heading 2", "1.1 全球市场 AI 应用情况"),
                        ("Heading 1", "4 风险提示"), ("Heading 2", "2.1 国内 AI 相关公司公告")]:
        assert (style, text) in by_style
    # unnumbered sections (cover summary, back matter) stay out of the outline-based TOC
    assert all(not p.style.name.startswith("Heading") for p in d.paragraphs if p.text in ("投资逻辑", "特别声明"))


def test_captions_and_sources(out):
    d = docx.Document(out)
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert captions == ["图表1：全球访问量 Top20 AI 产品排名情况", "图表2：全球访问量 Top50 AI 产品细分类别分布",
                        "图表3：AI 相关重点公司公告"]
    assert [p.text for p in d.paragraphs if p.style.name == "Source"].count(SOURCE) == 2
    xml = _xml(out)
    assert xml.count("SEQ 图表 \\* ARABIC") == 3


def test_toc_fields_and_page_field(out):
    xml = _xml(out)
    assert 'TOC \\o "1-3" \\h \\z \\u' in xml and 'TOC \\h \\z \\c "图表"' in xml
    assert xml.count("右键更新域以生成目录") == 2
    assert any(" PAGE " in _xml(out, n) for n in zipfile.ZipFile(out).namelist() if n.startswith("word/footer"))


def test_tables(out):
    d = docx.Document(out)
    top = d.tables[0]
    assert [c.text for c in top.rows[0].cells] == ["排名", "产品", "公司", "类别", "访问量（万次）", "环比"]
    assert all(r.bold for c in top.rows[0].cells for r in c.paragraphs[0].runs)
    assert top.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert 'w:fill="8B1A1A"' in top.rows[0].cells[0]._tc.xml
    assert top.rows[1].cells[4].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    long = d.tables[1].rows[1].cells[3].text
    assert long == "公司披露其营销大模型已完成多项商业化交付。" * 6  # wrapped text kept whole
    assert [c.text for c in d.tables[-1].rows[0].cells] == ["上海"]  # contacts


def test_bold_runs_picture_fonts_and_header(out):
    d = docx.Document(out)
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0].runs[0].bold and bullets[0].runs[0].text == "计算机行业：" and not bullets[0].runs[1].bold
    assert len(d.inline_shapes) == 1 and round(d.inline_shapes[0].width.cm, 1) == 14.0
    assert 'w:eastAsia="Noto Sans CJK SC"' in _xml(out, "word/styles.xml")
    assert d.sections[0].header.paragraphs[0].text == "示例证券\t行业月报"
    cp = d.core_properties
    assert cp.author == "示例证券" and cp.created.date().isoformat() == "2024-05-10"


def test_deterministic_and_atomic(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(sample_document(), a)
    write_docx(sample_document(), b)
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]  # no temp file left
