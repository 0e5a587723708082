"""Runs, bookmarks and fields as raw WordprocessingML.

The 内容目录 and 图表目录 are TOC fields whose results are written out here: one entry paragraph a
heading or exhibit, a hyperlink to the heading's bookmark and a PAGEREF field. The entries read
correctly before any update (and in converters that never update fields); Word fills in the page
numbers on the first update, which settings.xml asks for when the file is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

# characters XML 1.0 cannot carry (a control character in a vendor's name would make Word refuse the file)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")


def el(tag: str, **attrs: str):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(f"w:{k}"), v)
    return e


def clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def run(text: str, bold: bool = False, *, size: float | None = None, colour: str | None = None):
    """A ``w:r`` holding ``text`` verbatim (tabs and line breaks as Word's own elements)."""
    r = el("w:r")
    if bold or size or colour:
        rpr = el("w:rPr")
        if bold:
            rpr.append(el("w:b"))
        if colour:
            rpr.append(el("w:color", val=colour))
        if size:
            rpr.extend([el("w:sz", val=str(round(size * 2))), el("w:szCs", val=str(round(size * 2)))])
        r.append(rpr)
    for piece in _BREAKS.split(clean(text)):
        if piece == "\t":
            r.append(el("w:tab"))
        elif piece in ("\n", "\r", "\r\n"):
            r.append(el("w:br"))
        elif piece:
            t = el("w:t")
            if piece != piece.strip():
                t.set(qn("xml:space"), "preserve")
            t.text = piece
            r.append(t)
    return r


def paragraph(style: str | None = None, *, jc: str | None = None, props: str = ""):
    """A ``w:p``; ``props``: more paragraph properties as XML, in schema order, between the style and ``jc``."""
    p = el("w:p")
    if style or jc or props:
        ppr = parse_xml(f"<w:pPr {nsdecls('w')}>{props}</w:pPr>") if props else el("w:pPr")
        if style:
            ppr.insert(0, el("w:pStyle", val=style))
        if jc:
            ppr.append(el("w:jc", val=jc))
        p.append(ppr)
    return p


def _char(kind: str):
    r = el("w:r")
    r.append(el("w:fldChar", fldCharType=kind))
    return r


def _instr(instr: str):
    r = el("w:r")
    t = el("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    return r


def field(parent, instr: str, cached: str = "") -> None:
    """A complex field (begin, instruction, separate, cached result, end) appended to ``parent``."""
    parent.extend([_char("begin"), _instr(instr), _char("separate")])
    if cached:
        parent.append(run(cached))
    parent.append(_char("end"))


def bookmark(p, name: str, bid: int) -> None:
    """Mark the whole of paragraph ``p`` (after its properties) as bookmark ``name``."""
    ppr = p.find(qn("w:pPr"))
    p.insert(0 if ppr is None else 1, el("w:bookmarkStart", id=str(bid), name=name))
    p.append(el("w:bookmarkEnd", id=str(bid)))


@dataclass(frozen=True)
class Entry:
    style: str  # TOC1..TOC3 or TableofFigures
    text: str  # as Word would write it: "1. 标题", "图表3：标题"
    anchor: str  # the bookmark of the heading or caption


def contents(instr: str, entries: list[Entry], empty: str):
    """The paragraphs of a TOC field whose result lists ``entries`` (page numbers left to the first update)."""
    if not entries:
        p = paragraph()
        field(p, instr, empty)
        return [p]
    out = []
    for i, e in enumerate(entries):
        p = paragraph(e.style)
        if i == 0:
            p.extend([_char("begin"), _instr(instr), _char("separate")])
        link = el("w:hyperlink", anchor=e.anchor, history="1")
        link.append(run(e.text))
        tab = el("w:r")
        tab.append(el("w:tab"))
        link.append(tab)
        field(link, f"PAGEREF {e.anchor} \\h")
        p.append(link)
        if i == len(entries) - 1:
            p.append(_char("end"))
        out.append(p)
    return out
