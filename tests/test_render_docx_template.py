"""The Word file's starting point: the shipped house template, a firm's own template, the [word] settings."""

from __future__ import annotations

import dataclasses
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from aimonthly.config import load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.core.house import default_house
from aimonthly.render.docx import render_docx, word_settings
from aimonthly.render.docx.template import SHIPPED
from aimonthly.render.errors import RenderError
from sample_document import sample_document
from test_render_docx import NS, q, simulate_word_numbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import make_word_template  # noqa: E402

USED_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Heading1",
    "Heading2",
    "Heading3",
    "PlainHeading",
    "CoverHeading",
    "TOCHeading",
    "TOC1",
    "TOC2",
    "TOC3",
    "TableofFigures",
    "Caption",
    "Source",
    "Note",
    "TableText",
    "Figure",
    "ListBullet",
    "Header",
    "Footer",
    "HouseTable",
}


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def produced() -> dict[str, bytes]:
    return parts_of(render_docx(sample_document()))


def test_shipped_template_is_current():
    shipped = parts_of(SHIPPED.read_bytes())
    expected = {name: text.encode("utf-8") for name, text in make_word_template.parts().items()}
    assert shipped == expected, "house-template.docx is stale: run .venv/bin/python tools/make_word_template.py"


@pytest.mark.parametrize("which", ["template", "report"])
def test_no_leftovers_of_a_foreign_template(which, produced):
    parts = parts_of(SHIPPED.read_bytes()) if which == "template" else produced
    assert not [n for n in parts if "theme" in n or "thumbnail" in n or n.endswith((".jpeg", ".emf"))]
    everything = b"".join(parts.values()).decode("utf-8", "replace")
    for junk in ("Jpan", "ja-JP", "ＭＳ", "明朝", "Macintosh", "python-docx", "Calibri", "Cambria"):
        assert junk not in everything, junk
    styles = etree.fromstring(parts["word/styles.xml"])
    ids = {s.get(q("styleId")) for s in styles.findall(q("style"))}
    assert ids == USED_STYLES  # no Title, no Heading 4-9, nothing unused
    assert styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS).get(q("eastAsia")) == "zh-CN"
    settings = etree.fromstring(parts["word/settings.xml"])
    assert settings.find(q("themeFontLang")).get(q("eastAsia")) == "zh-CN"
    assert settings.find("w:captions/w:caption", NS).get(q("name")) == "图表"


def test_every_style_the_report_uses_is_defined(produced):
    doc_xml = etree.fromstring(produced["word/document.xml"])
    used = set(doc_xml.xpath("//w:pStyle/@w:val | //w:tblStyle/@w:val", namespaces=NS))
    for name in ("word/header1.xml", "word/footer1.xml", "word/header2.xml", "word/footer2.xml"):
        used |= set(etree.fromstring(produced[name]).xpath("//w:pStyle/@w:val", namespaces=NS))
    assert used <= USED_STYLES and {"Heading1", "Caption", "TOC1", "TableofFigures", "HouseTable"} <= used


def test_word_font_is_the_house_setting_with_fallbacks_in_the_font_table():
    word = default_house().word.replace(font="等线", fallbacks=("DengXian", "Noto Sans CJK SC"))
    parts = parts_of(render_docx(sample_document(), word))
    styles = etree.fromstring(parts["word/styles.xml"])
    fonts = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert {fonts.get(q(a)) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {"等线"}
    assert not styles.xpath("//w:rFonts[@w:asciiTheme or @w:eastAsiaTheme or @w:hAnsiTheme]", namespaces=NS)
    assert not [f for f in styles.iter(q("rFonts")) if f.get(q("eastAsia")) not in (None, "等线")]
    table = etree.fromstring(parts["word/fontTable.xml"])
    entry = table.find("w:font[@w:name='等线']", NS)
    assert entry.find(q("altName")).get(q("val")) == "DengXian,Noto Sans CJK SC"
    assert entry.find(q("charset")).get(q("val")) == "86"
    # the default: what a Chinese Office has, with Noto named after it
    default = etree.fromstring(parts_of(render_docx(sample_document()))["word/fontTable.xml"])
    assert default.find("w:font", NS).get(q("name")) == "微软雅黑"
    assert "Noto Sans CJK SC" in default.find("w:font/w:altName", NS).get(q("val"))


def test_word_settings_defaults_are_house_toml():
    word = word_settings(default_house())
    assert word == default_house().word and word.font == "微软雅黑" and word.template == ""


@pytest.mark.parametrize(
    "table, message",
    [
        ('fonts = "x"', r"\[house.word\]: unknown key 'fonts'; did you mean 'font'\?"),
        ('font = ""', r"\[house.word\]: font = '' must not be empty"),
        ('fallbacks = "Noto"', r"\[house.word\]: fallbacks = 'Noto' must be a list"),
    ],
)
def test_word_settings_errors(tmp_path, table, message):
    (tmp_path / "aimonthly.toml").write_text(f"[house.word]\n{table}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, start=tmp_path)


def test_word_template_is_found_beside_the_project(tmp_path):
    house = default_house().model_copy(update={"word": default_house().word.replace(template="nope.docx")})
    with pytest.raises(ConfigError, match=r"template .*nope\.docx does not exist"):
        word_settings(house, tmp_path)
    (tmp_path / "firm.docx").write_bytes(SHIPPED.read_bytes())
    house = default_house().model_copy(update={"word": default_house().word.replace(template="firm.docx")})
    assert word_settings(house, tmp_path).template == str(tmp_path / "firm.docx")


def _rewrite(data: bytes, member: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(
                info.filename, change(body.decode("utf-8")).encode("utf-8") if info.filename == member else body
            )
    return out.getvalue()


def test_a_firms_restyled_template_is_used_with_the_house_colours(tmp_path):
    def bigger_heading(xml: str) -> str:
        return re.sub(r'(w:styleId="Heading1".*?<w:sz w:val=")30(")', r"\g<1>44\2", xml, count=1, flags=re.S)

    firm = tmp_path / "firm.docx"
    firm.write_bytes(_rewrite(SHIPPED.read_bytes(), "word/styles.xml", bigger_heading))
    doc = sample_document()
    blue = dataclasses.replace(doc, house=dataclasses.replace(doc.house, primary_color="#1F4E79"))
    styles = etree.fromstring(
        parts_of(render_docx(blue, default_house().word.replace(template=str(firm))))["word/styles.xml"]
    )
    h1 = styles.find("w:style[@w:styleId='Heading1']", NS)
    assert h1.find("w:rPr/w:sz", NS).get(q("val")) == "44"  # the firm's size
    assert h1.find("w:rPr/w:color", NS).get(q("val")) == "1F4E79"  # the house colour
    table = styles.find("w:style[@w:styleId='HouseTable']", NS)
    assert table.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(q("fill")) == "1F4E79"


def test_a_report_saved_as_template_keeps_its_lists_apart(tmp_path):
    """A firm may start from last month's file: its text goes, its numbering stays and ours is added beside it."""
    old = tmp_path / "last-month.docx"
    old.write_bytes(render_docx(sample_document()))
    new = tmp_path / "report.docx"
    new.write_bytes(render_docx(sample_document(), default_house().word.replace(template=str(old))))
    numbering = etree.fromstring(parts_of(new.read_bytes())["word/numbering.xml"])
    assert len(numbering.findall(q("abstractNum"))) == 4 and len(numbering.findall(q("num"))) == 4
    assert simulate_word_numbers(new) == simulate_word_numbers(old)
    for part in ("word/header1.xml", "word/footer1.xml", "word/header2.xml", "word/footer2.xml"):
        assert parts_of(new.read_bytes())[part] == parts_of(old.read_bytes())[part]  # replaced, not appended to
    doc_xml = etree.fromstring(parts_of(new.read_bytes())["word/document.xml"])
    assert len(doc_xml.xpath("//w:p[.//w:t='内容目录']", namespaces=NS)) == 1  # the old text is gone


def test_a_template_without_the_house_styles_is_refused(tmp_path):
    def drop_caption(xml: str) -> str:
        return re.sub(r'<w:style w:type="paragraph" w:styleId="Caption">.*?</w:style>', "", xml, flags=re.S)

    bad = tmp_path / "bad.docx"
    bad.write_bytes(_rewrite(SHIPPED.read_bytes(), "word/styles.xml", drop_caption))
    with pytest.raises(RenderError, match="lacks the style.*Caption"):
        render_docx(sample_document(), default_house().word.replace(template=str(bad)))
    text = tmp_path / "notes.docx"
    text.write_text("not a Word file", encoding="utf-8")
    with pytest.raises(RenderError, match="cannot open the Word template"):
        render_docx(sample_document(), default_house().word.replace(template=str(text)))


def test_template_ships_with_the_package():
    assert SHIPPED.is_file()  # package data: pyproject.toml lists it
    assert "render/docx/*.docx" in (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
