"""The Word edition: python-docx, real heading styles, TOC / SEQ fields, repeating table headers.

Everything is laid out from the ``Document`` tree; no wording of the report lives here beyond the
fixed labels of a sell-side layout (内容目录, 图表目录, 分析师, …).
"""

from __future__ import annotations

import io
import os
from typing import Any
from pathlib import Path

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from aimonthly.core.fonts import cjk_font
from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError
from aimonthly.core.safe import printable_tree
from aimonthly.render.stable import report_datetime, stable_zip
from aimonthly.report.model import BulletList, Chart, Document, Exhibit, Paragraph, Section, TableBody

PAGE_W, PAGE_H, MARGIN_X, MARGIN_Y = 21.0, 29.7, 2.2, 2.4
TEXT_W = PAGE_W - 2 * MARGIN_X  # cm
GREY = RGBColor(0x7F, 0x7F, 0x7F)
ALIGN = {"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT}
TOC_PLACEHOLDER = "右键更新域以生成目录"


def write_docx(doc: Document, path: str | os.PathLike) -> Path:
    """Write the Word edition to ``path`` atomically and return the path."""
    path = Path(path)
    w = _Writer(printable_tree(doc))  # Word's XML cannot hold control characters (aimonthly.core.safe)
    w.build()
    buf = io.BytesIO()
    w.d.save(buf)
    write_atomic(path, stable_zip(buf.getvalue(), report_datetime(doc.cover.date)), error=RenderError)
    return path


def _rgb(hex_colour: str) -> RGBColor:
    try:
        return RGBColor.from_string(hex_colour.lstrip("#").upper())
    except ValueError as e:
        raise RenderError(f"颜色格式不对：{hex_colour!r}", hint="应为 #RRGGBB") from e


def _el(tag: str, **attrs: str) -> Any:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def _field(paragraph, instr: str, cached: str) -> None:
    """A complex field: begin / instrText / separate / cached result / end."""
    def fld(kind: str):
        paragraph.add_run()._r.append(_el("w:fldChar", fldCharType=kind))

    fld("begin")
    r = paragraph.add_run()._r
    t = _el("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    fld("separate")
    paragraph.add_run(cached)
    fld("end")


def _set_fonts(rpr_owner, family: str) -> None:
    """Name the family for Latin and East-Asian text, dropping theme fonts that would override it."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = _el("w:rFonts")
        rpr.insert(0, fonts)
    for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{a}"), None)
    for a in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{a}"), family)


def _shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill.lstrip("#").upper()))


class _Writer:
    def __init__(self, doc: Document):
        self.doc, self.house = doc, doc.house
        self.primary = _rgb(doc.house.primary_color)
        self.d = new_docx()
        self._styles: dict = {}

    # -- setup -------------------------------------------------------------------------------
    def build(self) -> None:
        self._page_and_styles()
        self._properties()
        self._header_footer()
        self._cover()
        self._contents()
        for s in self.doc.body:
            self._section(s)
        self._back()

    def _style(self, name: str):
        """A style object by name, looked up once: python-docx scans every style on each name lookup."""
        if name not in self._styles:
            self._styles[name] = self.d.styles[name]
        return self._styles[name]

    def _add(self, text: str = "", style: str = "Normal"):
        """A new body paragraph in ``style``, set by id: python-docx's style setter rescans all
        styles on every call (0.6 s for the demo's table cells)."""
        p = self.d.add_paragraph(text)
        self._apply(p, style)
        return p

    def _apply(self, p, style: str) -> None:
        p._p.style = None if style == "Normal" else self._style(style).style_id  # Normal is the default: no pStyle

    def _page_and_styles(self) -> None:
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Cm(PAGE_W), Cm(PAGE_H)
        sec.left_margin = sec.right_margin = Cm(MARGIN_X)
        sec.top_margin = sec.bottom_margin = Cm(MARGIN_Y)
        family = cjk_font().family
        styles = self.d.styles
        # document defaults: the CJK family and Chinese as the East-Asian language
        rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = rpr_default.find(qn("w:rFonts"))
        for a in list(fonts.attrib):
            del fonts.attrib[a]
        for a in ("ascii", "hAnsi", "eastAsia"):
            fonts.set(qn(f"w:{a}"), family)
        lang = rpr_default.find(qn("w:lang"))
        if lang is not None:
            lang.set(qn("w:eastAsia"), "zh-CN")

        def style(name, size=None, bold=None, colour=None, italic=None):
            try:
                st = styles[name]
            except KeyError:
                st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                st.base_style = styles["Normal"]
                st.quick_style = True
            _set_fonts(st.element, family)
            f = st.font
            if size is not None:
                f.size = Pt(size)
            if bold is not None:
                f.bold = bold
            if italic is not None:
                f.italic = italic
            if colour is not None:
                f.color.rgb = colour
            return st

        normal = style("Normal", 10.5)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.line_spacing = 1.25
        for level, size in ((1, 16), (2, 14), (3, 12)):
            h = style(f"Heading {level}", size, True, self.primary, italic=False)
            h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(14 - 2 * level), Pt(6)
        plain = style("Plain Heading", 14, True, self.primary)  # unnumbered, outside the TOC
        plain.paragraph_format.space_before, plain.paragraph_format.keep_with_next = Pt(10), True
        cap = style("Caption", 10, True, RGBColor(0x26, 0x26, 0x26), italic=False)
        cap.paragraph_format.space_before, cap.paragraph_format.space_after = Pt(8), Pt(3)
        cap.paragraph_format.keep_with_next = True
        src = style("Source", 8, False, GREY)
        src.paragraph_format.space_before, src.paragraph_format.space_after = Pt(2), Pt(10)
        style("Note", 9, False, GREY)
        style("Table Text", 9).paragraph_format.space_after = Pt(0)
        style("Table Text").paragraph_format.line_spacing = 1.0
        for name in ("List Bullet", "Header", "Footer"):
            style(name)
        hdr = styles["Header"].paragraph_format
        hdr.tab_stops.clear_all()
        hdr.tab_stops.add_tab_stop(Cm(TEXT_W), WD_TAB_ALIGNMENT.RIGHT)
        # ask Word to refresh the TOC / 图表目录 fields when the file is opened
        settings = self.d.settings.element
        later = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "themeFontLang")
        at = next((settings.index(e) for e in settings if e.tag in {qn(f"w:{t}") for t in later}), len(settings))
        settings.insert(at, _el("w:updateFields", val="true"))  # schema order matters to Word

    def _properties(self) -> None:
        cp, when = self.d.core_properties, report_datetime(self.doc.cover.date)
        cp.author = cp.last_modified_by = self.house.firm_name
        cp.title, cp.subject = self.doc.cover.title, self.doc.cover.report_type
        cp.created = cp.modified = cp.last_printed = when
        cp.revision, cp.comments, cp.keywords, cp.category = 1, "", "", self.house.report_kind

    def _header_footer(self) -> None:
        sec = self.d.sections[0]
        p = sec.header.paragraphs[0]
        p.style = self._style("Header")
        p.add_run(self.house.firm_name).bold = True
        p.add_run("\t" + self.doc.cover.report_type)
        pbdr = _el("w:pBdr")
        pbdr.append(_el("w:bottom", val="single", sz="6", space="1",
                        color=self.house.primary_color.lstrip("#").upper()))
        p._p.get_or_add_pPr().append(pbdr)
        f = sec.footer.paragraphs[0]
        f.style, f.alignment = self._style("Footer"), WD_ALIGN_PARAGRAPH.CENTER
        _field(f, "PAGE", "1")

    # -- front matter ------------------------------------------------------------------------
    def _line(self, text: str, size: float | None = None, bold: bool = False, colour=None, align=None):
        p = self.d.add_paragraph()
        if align is not None:
            p.alignment = align
        r = p.add_run(text)
        r.bold = bold or None
        if size:
            r.font.size = Pt(size)
        if colour is not None:
            r.font.color.rgb = colour
        return p

    def _cover(self) -> None:
        c, h = self.doc.cover, self.house
        self._line(c.sector, 12, True, self.primary)
        self._line(f"{c.rating}（{c.rating_action}）", 14, True, self.primary)
        self._line(f"{c.report_type}　{h.report_kind}", 11, True)
        self._line(f"{h.institute}　{c.date}", 10, colour=GREY)
        for a in c.analysts:
            p = self._line(f"分析师：{a.name}（执业 {a.licence}）", 9)
            p.paragraph_format.space_after = Pt(0)
            p.add_run(f"　{a.email}").font.size = Pt(9)
        title = self._line(c.title, 20, True, self.primary)
        title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(18), Pt(12)
        for s in c.summary:
            self._section(s)

    def _contents(self) -> None:
        self._add("内容目录", "Plain Heading").paragraph_format.page_break_before = True
        _field(self.d.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u', TOC_PLACEHOLDER)
        self._add("图表目录", "Plain Heading")
        _field(self.d.add_paragraph(), 'TOC \\h \\z \\c "图表"', TOC_PLACEHOLDER)

    # -- body --------------------------------------------------------------------------------
    def _section(self, s: Section, new_page: bool = False) -> None:
        style = f"Heading {min(s.level, 3)}" if s.in_toc else "Plain Heading"
        head = self._add(s.heading, style)
        head.paragraph_format.page_break_before = new_page or (s.in_toc and s.level == 1) or None
        for b in s.blocks:
            if isinstance(b, Section):
                self._section(b)
            elif isinstance(b, Paragraph):
                self._paragraph(b)
            elif isinstance(b, BulletList):
                for item in b.items:
                    self._paragraph(item, "List Bullet")
            elif isinstance(b, Exhibit):
                self._exhibit(b)
            else:
                raise RenderError(f"Word 无法排版此内容：{type(b).__name__}")

    def _paragraph(self, para: Paragraph, style: str | None = None) -> None:
        style = style or {"note": "Note"}.get(para.kind, "Normal")
        p = self._add(style=style)
        if para.kind == "item-title":
            p.paragraph_format.keep_with_next = True
        for run in para.runs:
            p.add_run(run.text).bold = run.bold or None

    def _exhibit(self, e: Exhibit) -> None:
        cap = self._add("图表", "Caption")
        _field(cap, "SEQ 图表 \\* ARABIC", str(e.number))
        cap.add_run("：" + e.title)
        if isinstance(e.body, Chart):
            p = self.d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.space_after = Pt(0)
            p.add_run().add_picture(io.BytesIO(e.body.png), width=Cm(e.body.width_cm), height=Cm(e.body.height_cm))
        elif isinstance(e.body, TableBody):
            self._table(e.body)
        else:
            raise RenderError(f"图表{e.number} 的内容类型无法排版：{type(e.body).__name__}")
        self._add(e.source, "Source")

    def _table(self, t: TableBody, header_fill: str | None = None) -> None:
        n = len(t.header)
        if any(len(r) != n for r in t.rows):
            raise RenderError(f"表格列数不一致：表头 {n} 列")
        table = self.d.add_table(rows=1 + len(t.rows), cols=n)
        table.style, table.alignment, table.autofit = self._style("Table Grid"), WD_TABLE_ALIGNMENT.CENTER, False
        rel = t.widths if len(t.widths) == n else (1,) * n
        widths = [Cm(TEXT_W * w / sum(rel)) for w in rel]
        align = [ALIGN.get(a, ALIGN["l"]) for a in (t.align + ("l",) * n)[:n]]
        for i, row in enumerate((t.header, *t.rows)):
            tr = table.rows[i]._tr.get_or_add_trPr()
            tr.append(_el("w:cantSplit"))  # a long wrapped row stays whole on one page
            if i == 0:
                tr.append(_el("w:tblHeader"))
            for j, text in enumerate(row):
                cell = table.rows[i].cells[j]
                cell.width = widths[j]
                p = cell.paragraphs[0]
                self._apply(p, "Table Text")
                p.alignment = align[j]
                r = p.add_run(text)
                if i == 0:
                    r.bold = True
                    r.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    _shade(cell, header_fill or self.house.primary_color)
        for j, col in enumerate(table.columns):
            col.width = widths[j]

    # -- back matter -------------------------------------------------------------------------
    def _back(self) -> None:
        for i, s in enumerate(self.doc.back):
            self._section(s, new_page=i == 0)
        if self.house.contacts:
            self._table(self.house.contact_table())
