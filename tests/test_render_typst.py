"""The Typst/PDF renderer: golden source, literal text, a real compile, atomic writes."""

from __future__ import annotations

import dataclasses
import os
import re

import pytest
from pypdf import PdfReader

from aimonthly.render.errors import RenderError
from aimonthly.render.typst import TypstSource, render_typst, write_pdf
from aimonthly.report.model import Exhibit, Paragraph, Section, TableBody
from sample_document import SOURCE, sample_document

NASTY = r"#let x = 1 $ * _ @ <a> [b] \ ` ~ // /* -- ... 'q' " + '"dq"'
NAMES = "C++、Kimi.ai、*ST银江、https://kimi.ai/、_init_、a-b、=x、- y、+ z、1. n"


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _pages_text(path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def _with_extra(doc, *blocks, exhibits=()):
    """The sample plus a section 5 holding ``blocks`` and ``exhibits``."""
    s5 = Section("5", "附录", tuple(blocks) + tuple(exhibits))
    return dataclasses.replace(doc, body=doc.body + (s5,))


def test_source_is_golden(snapshot):
    src = render_typst(sample_document())
    assert isinstance(src, TypstSource)
    assert src.source == snapshot
    assert sorted(src.files) == ["fig-2.svg"]
    assert 'chart("fig-2.svg", 14cm)' in src.source


def test_render_is_deterministic():
    assert render_typst(sample_document()) == render_typst(sample_document())


def test_text_goes_into_string_literals():
    src = render_typst(_with_extra(sample_document(), Paragraph.of(NASTY))).source
    assert r'#para("body", "#let x = 1 $ * _ @ <a> [b] \\ ` ~ // /* -- ... ' + "'q' " + r'\"dq\"")' in src


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    return write_pdf(sample_document(), tmp_path_factory.mktemp("pdf") / "sample.pdf")


def test_sample_compiles(sample_pdf):
    doc = sample_document()
    pages = _pages_text(sample_pdf)
    assert 4 <= len(pages) <= 7
    whole = _squash("".join(pages))
    assert not pages[0].startswith(doc.house.firm_name + " " + doc.cover.report_type)  # no running header on the cover
    for p in pages[1:]:
        assert doc.house.firm_name in p and doc.cover.report_type in p and "敬请参阅最后一页特别声明" in p
    toc = _squash(pages[1])
    assert "内容目录" in toc and "图表目录" in toc
    for s in doc.toc():
        label = f"{s.number}.{s.title}" if s.level == 1 else f"{s.number}{s.title}"
        assert _squash(label) in toc and toc.count(_squash(label)) == 1, label
        assert _squash(label) in whole.split("图表目录", 1)[1]
    for e in doc.exhibits():
        caption = _squash(e.caption)
        assert caption in toc, caption  # 图表目录
        assert caption in _squash("".join(pages[2:])), caption  # the body
        assert _squash(e.source) in whole
    for title in ("行业投资评级的说明", "特别声明", "上海", "research-sh@example.com"):
        assert title in _squash(pages[-1])
    assert "买入（维持评级）" in pages[0] and _squash(doc.cover.title) in _squash(pages[0])


def test_text_comes_out_literally(tmp_path):
    doc = _with_extra(sample_document(), Paragraph.of(NASTY), Paragraph.of(NAMES, bold_prefix="C# & F*: "))
    text = _squash("".join(_pages_text(write_pdf(doc, tmp_path / "x.pdf"))))
    assert _squash(NASTY) in text
    assert _squash("C# & F*: " + NAMES) in text


def test_long_table_breaks_with_header_repeated(tmp_path):
    rows = tuple((str(i), f"产品{i}", "公司", "长文本" * (i % 7 + 1)) for i in range(1, 121))
    big = Exhibit(
        9,
        "k",
        "长表",
        SOURCE,
        TableBody(("序号", "产品", "公司", "说明"), rows, wrap=(False, False, False, True)),
        sample_document().exhibits()[0].data,
    )
    pages = _pages_text(write_pdf(_with_extra(sample_document(), exhibits=(big,)), tmp_path / "big.pdf"))
    with_rows = [p for p in map(_squash, pages) if "产品60" in p or "产品120" in p or "1产品1公司" in p]
    assert len(pages) >= 7 and len(with_rows) >= 2
    assert all("序号" in p for p in with_rows)  # the header row on every page of the table


def test_missing_folder_raises(tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        write_pdf(sample_document(), tmp_path / "nope" / "x.pdf")
    (tmp_path / "file").write_text("")
    with pytest.raises(RenderError):
        write_pdf(sample_document(), tmp_path / "file" / "x.pdf")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_readonly_folder_raises(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(RenderError, match="cannot write"):
            write_pdf(sample_document(), ro / "x.pdf")
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o700)


def test_failed_write_leaves_old_pdf(tmp_path):
    target = tmp_path / "x.pdf"
    target.mkdir()  # os.replace onto a folder fails
    with pytest.raises(RenderError, match="cannot write"):
        write_pdf(sample_document(), target)
    assert target.is_dir() and [p.name for p in tmp_path.iterdir()] == ["x.pdf"]  # no temp file left


def test_compile_error_carries_typst_message():
    import aimonthly.render.typst as rt

    bad = TypstSource("#let = (\n", {})
    with pytest.raises(RenderError, match="Typst could not compile"):
        rt.compile_pdf(bad)
