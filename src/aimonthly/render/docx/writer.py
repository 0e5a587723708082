"""Lay the ``Document`` tree out in the template: cover, contents, body, back matter, header and footer.

No wording of the report lives here beyond the fixed labels of a sell-side layout (内容目录,
图表目录, 分析师, …). Paragraphs are styled by style id and built as raw XML (python-docx's style
setter rescans every style on each call).
"""

from __future__ import annotations

import io

from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor

from aimonthly.render.docx import fields as F
from aimonthly.render.docx import numbering, tables, template
from aimonthly.core.house import WordSettings
from aimonthly.render.errors import RenderError, not_drawn
from aimonthly.render.stable import report_datetime
from aimonthly.report.model import BulletList, Chart, ChartSpec, Document, Exhibit, Paragraph, Section, TableBody

GREY_HEX = "7F7F7F"
CONTENTS_TITLE, EXHIBITS_TITLE, CAPTION_LABEL = "内容目录", "图表目录", "图表"
TOC_INSTR, FIGURES_INSTR = 'TOC \\o "1-3" \\h \\z \\u', f'TOC \\h \\z \\c "{CAPTION_LABEL}"'
EMPTY_LIST = "（无）"


def _rgb(hex_colour: str) -> RGBColor:
    try:
        return RGBColor.from_string(hex_colour.lstrip("#").upper())
    except ValueError as e:
        raise RenderError(f"颜色格式不对：{hex_colour!r}", hint="应为 #RRGGBB") from e


def _spacing(before: float, after: float, line: float) -> str:
    """Spacing in points, an exact line pitch (the cover's sizes differ from the styles')."""
    return f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}" w:line="{round(line * 20)}" w:lineRule="exact"/>'


def _toc_anchor(s: Section) -> str:
    return "_Toc_" + s.number.replace(".", "_")


def _fig_anchor(e: Exhibit) -> str:
    return f"_Toc_fig{e.number}"


class Writer:
    def __init__(self, doc: Document, word: WordSettings):
        self.doc, self.house, self.word = doc, doc.house, word
        for colour in (doc.house.primary_color, doc.house.accent_color):
            _rgb(colour)  # checked before any of them goes into the file
        self.d, self.styles = template.open_template(word)
        self.body = self.d.element.body
        self.sect = self.body.find(qn("w:sectPr"))
        sec = self.d.sections[0]
        self.text_w = round((sec.page_width - sec.left_margin - sec.right_margin) / 635)  # EMU -> twips
        self._bookmarks = 0

    # -- setup -------------------------------------------------------------------------------
    def build(self) -> None:
        levels = max((s.level for s in self.doc.sections() if s.in_toc), default=1)
        if levels > 3:
            template.add_heading4(self.d.styles.element, self.styles)
        template.apply_house(self.d, self.styles, self.word, self.house.primary_color, self.house.accent_color)
        numbering.attach(self.d, self.styles, self.house.primary_color.lstrip("#").upper(), min(max(levels, 3), 4))
        self._settings()
        self._properties()
        self._header_footer()
        self._cover()
        self._contents()
        for i, s in enumerate(self.doc.body):
            self._section(s, new_page=i == 0)
        self._back()

    def _append(self, element):
        self.sect.addprevious(element)
        return element

    def _p(self, style: str | None = None, text: str = ""):
        p = self._append(F.paragraph(None if style == "Normal" else style))
        if text:
            p.append(F.run(text))
        return p

    def _settings(self) -> None:
        settings = self.d.settings.element
        if settings.find(qn("w:updateFields")) is None:  # Word offers to update the fields (page numbers) on opening
            later = {
                qn(f"w:{t}")
                for t in (
                    "hdrShapeDefaults",
                    "footnotePr",
                    "endnotePr",
                    "compat",
                    "docVars",
                    "rsids",
                    "mathPr",
                    "attachedSchema",
                    "themeFontLang",
                    "clrSchemeMapping",
                    "doNotIncludeSubdocsInStats",
                    "doNotAutoCompressPictures",
                    "forceUpgrade",
                    "captions",
                    "readModeInkLockDown",
                    "smartTagType",
                    "schemaLibrary",
                    "shapeDefaults",
                    "doNotEmbedSmartTags",
                    "decimalSymbol",
                    "listSeparator",
                )
            }
            at = next((settings.index(e) for e in settings if e.tag in later), len(settings))
            settings.insert(at, F.el("w:updateFields", val="true"))  # schema order matters to Word

    def _properties(self) -> None:
        c, h = self.doc.cover, self.house
        cp, when = self.d.core_properties, report_datetime(c.date)
        cp.author = cp.last_modified_by = F.clean(h.firm_name)
        cp.title, cp.subject = F.clean(c.title), F.clean(f"{c.sector}｜{c.report_type}")
        cp.created = cp.modified = cp.last_printed = when
        cp.revision, cp.comments, cp.keywords, cp.category, cp.language = 1, "", "", F.clean(h.report_kind), "zh-CN"
        template.set_company(self.d, F.clean(h.firm_name))

    def _header_footer(self) -> None:
        sec = self.d.sections[0]
        sec.different_first_page_header_footer = True  # the cover: no running header, no page number
        pointer = "敬请参阅最后一页" + self.house.disclaimer_title

        def paragraph(part, style: str):
            """The part's one paragraph, in ``style``: whatever the template's header or footer held is replaced."""
            root = part._element
            for child in list(root):
                root.remove(child)
            return root.append(F.paragraph(style)) or root[-1]

        head = paragraph(sec.header, "Header")
        head.extend([F.run(self.house.firm_name), F.run("\t" + self.doc.cover.report_type)])
        foot = paragraph(sec.footer, "Footer")
        foot.append(F.run("\t- "))
        F.field(foot, "PAGE", "1")
        foot.append(F.run(" -\t" + pointer))
        paragraph(sec.first_page_header, "Footer")  # empty, and without the header style's rule
        paragraph(sec.first_page_footer, "Footer").append(F.run("\t\t" + pointer))

    # -- front matter ------------------------------------------------------------------------
    def _line(self, props: str, *runs):
        p = self._append(F.paragraph(jc="left", props=props))
        p.extend(runs)
        return p

    def _cover(self) -> None:
        """A band with the sector and the firm, the rating and the analysts, the headline, the summary (as the PDF)."""
        c, h = self.doc.cover, self.house
        primary, accent = h.primary_color.lstrip("#").upper(), h.accent_color.lstrip("#").upper()
        pad = "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="{space}" w:color="{primary}"/>'
            for side, space in (("top", 5), ("left", 6), ("bottom", 5), ("right", 6))
        )
        self._line(
            f'<w:pBdr>{pad}</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="{primary}"/>'
            f'<w:tabs><w:tab w:val="right" w:pos="{self.text_w}"/></w:tabs>{_spacing(0, 16, 22)}',
            F.run(c.sector, True, size=14, colour="FFFFFF"),
            F.run(f"\t{h.firm_name}　{h.report_kind}", size=10, colour="FFFFFF"),
        )
        self._line(
            _spacing(0, 4, 24),
            F.run(f"{c.rating}（{c.rating_action}）", True, size=15, colour=primary),
            F.run(f"　{c.report_type}", True, size=12),
            F.run(f"　{c.date}", colour=GREY_HEX),
        )
        self._line(_spacing(6, 2, 15), F.run(h.institute, True, size=10))
        for a in c.analysts:
            self._line(
                _spacing(0, 0, 13),
                F.run(f"分析师：{a.name}　执业 {a.licence}", size=9),
                F.run(f"　{a.email}", size=9, colour=GREY_HEX),
            )
        self._line(
            f'<w:pBdr><w:bottom w:val="single" w:sz="5" w:space="4" w:color="{accent}"/></w:pBdr>{_spacing(16, 4, 27)}',
            F.run(c.title, True, size=18, colour=primary),
        )
        for s in c.summary:
            self._section(s, cover=True)

    def _contents(self) -> None:
        title = self._p("TOCHeading", CONTENTS_TITLE)
        title.get_or_add_pPr().append(F.el("w:pageBreakBefore"))
        entries = [
            F.Entry(f"TOC{s.level}", f"{numbering.label(s.number)} {s.title}", _toc_anchor(s))
            for s in self.doc.toc()
            if s.level <= 3
        ]
        for p in F.contents(TOC_INSTR, entries, EMPTY_LIST):
            self._append(p)
        self._p("TOCHeading", EXHIBITS_TITLE)
        figures = [F.Entry("TableofFigures", e.caption, _fig_anchor(e)) for e in self.doc.exhibits()]
        for p in F.contents(FIGURES_INSTR, figures, EMPTY_LIST):
            self._append(p)

    # -- body --------------------------------------------------------------------------------
    def _bookmark(self, p, name: str) -> None:
        self._bookmarks += 1
        F.bookmark(p, name, self._bookmarks)

    def _section(self, s: Section, new_page: bool = False, cover: bool = False) -> None:
        if cover:
            head = self._p("CoverHeading", s.title)
        elif s.in_toc and s.number:
            head = self._p(f"Heading{min(s.level, 4)}", s.title)  # the number comes from the style's list
            self._bookmark(head, _toc_anchor(s))
        else:
            head = self._p("PlainHeading", s.heading)
        if new_page:
            ppr = head.find(qn("w:pPr"))
            ppr.insert(1, F.el("w:pageBreakBefore"))
        for b in s.blocks:
            if isinstance(b, Section):
                self._section(b, cover=cover)
            elif isinstance(b, Paragraph):
                self._paragraph(b)
            elif isinstance(b, BulletList):
                for item in b.items:
                    self._paragraph(item, "ListBullet")
            elif isinstance(b, Exhibit):
                self._exhibit(b)
            else:
                raise RenderError(f"Word 无法排版此内容：{type(b).__name__}")

    def _paragraph(self, para: Paragraph, style: str | None = None) -> None:
        p = self._p(style or {"note": "Note"}.get(para.kind, "Normal"))
        if para.kind == "item-title":  # a news item's title stays on the page of its summary
            ppr = p.find(qn("w:pPr"))
            if ppr is None:
                ppr = F.el("w:pPr")
                p.insert(0, ppr)
            ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, F.el("w:keepNext"))
        for run in para.runs:
            p.append(F.run(run.text, run.bold))

    def _exhibit(self, e: Exhibit) -> None:
        self._caption(e)
        if isinstance(e.body, ChartSpec):
            raise not_drawn(e.number, "png")
        if isinstance(e.body, Chart):
            if e.body.png is None:
                raise not_drawn(e.number, "png")
            p = self.d.add_paragraph()
            p._p.get_or_add_pPr().append(F.el("w:pStyle", val="Figure"))
            shape = p.add_run().add_picture(
                io.BytesIO(e.body.png), width=Cm(e.body.width_cm), height=Cm(e.body.height_cm)
            )
            doc_pr = shape._inline.docPr
            doc_pr.set("descr", F.clean(e.alt_text))  # alternative text: what a screen reader says
            doc_pr.set("title", F.clean(e.caption))
        elif isinstance(e.body, TableBody):
            rows, whole = tables.full_rows(e)
            self._append(tables.table(e.body, self.text_w, rows, whole))
        else:
            raise RenderError(f"图表{e.number} 的内容类型无法排版：{type(e.body).__name__}")
        self._p("Source", e.source)

    def _caption(self, e: Exhibit) -> None:
        """图表N：title, N a SEQ field (what Word's list of figures collects), bookmarked for the list's link."""
        cap = self._p("Caption")
        cap.append(F.run(CAPTION_LABEL))
        F.field(cap, f"SEQ {CAPTION_LABEL} \\* ARABIC", str(e.number))
        cap.append(F.run("：" + e.title))
        self._bookmark(cap, _fig_anchor(e))

    # -- back matter -------------------------------------------------------------------------
    def _back(self) -> None:
        """The model's back matter (rating definitions, disclaimer), then the contacts' table."""
        for i, s in enumerate(self.doc.back):
            self._section(s, new_page=i == 0)
        if self.house.contacts:
            self._append(F.paragraph(props=_spacing(18, 0, 1)))  # air above the contacts, as in the PDF
            self._append(tables.table(self.house.contact_table(), self.text_w))
