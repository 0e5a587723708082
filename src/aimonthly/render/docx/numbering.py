"""Heading numbers and bullets as Word list numbering, attached to the styles.

Heading 1–3 carry a multilevel list (1. / 1.1 / 1.1.1), so an analyst who inserts or moves a
section gets the numbers redone by Word; the heading text holds the title only. The model numbers
its sections the same way (build.py), and the cached contents entries use ``label``.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

# lvlText per heading level, as the PDF prints them ("1. 标题", "1.1 标题")
LEVEL_TEXT = ("%1.", "%1.%2", "%1.%2.%3", "%1.%2.%3.%4")
BULLET = "■"


def label(number: str) -> str:
    """The number Word shows before a heading of this model number ("1" -> "1.", "2.2.1" -> "2.2.1")."""
    parts = number.split(".")
    out = LEVEL_TEXT[min(len(parts), len(LEVEL_TEXT)) - 1]
    for i, n in enumerate(parts, 1):
        out = out.replace(f"%{i}", n)
    return out


def _heading_levels(levels: int) -> str:
    out = []
    for i, text in enumerate(LEVEL_TEXT):
        style = f'<w:pStyle w:val="Heading{i + 1}"/>' if i < levels else ""
        out.append(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>{style}<w:suff w:val="space"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr>'
            "</w:lvl>"
        )
    return "".join(out)


def _definitions(first_abstract: int, primary: str, levels: int) -> tuple[str, str]:
    headings = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{first_abstract}"><w:multiLevelType w:val="multilevel"/>'
        f'<w:name w:val="House Headings"/>{_heading_levels(levels)}</w:abstractNum>'
    )
    bullets = (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{first_abstract + 1}">'
        '<w:multiLevelType w:val="singleLevel"/><w:name w:val="House Bullets"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/>'
        f'<w:lvlText w:val="{BULLET}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr>'
        f'<w:rPr><w:rFonts w:hint="eastAsia"/><w:color w:val="{primary}"/><w:sz w:val="16"/><w:szCs w:val="16"/>'
        "</w:rPr></w:lvl></w:abstractNum>"
    )
    return headings, bullets


def _numbering_root(document):
    """The numbering part's root element; a new, empty part when the template has none."""
    part = document.part
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        new = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, parse_xml(f"<w:numbering {nsdecls('w')}/>"), part.package
        )
        part.relate_to(new, RT.NUMBERING)
        return new.element


def _set_num(style_el, num_id: int, ilvl: int | None) -> None:
    ppr = style_el.get_or_add_pPr()
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    num_pr = parse_xml(f'<w:numPr {nsdecls("w")}>{lvl}<w:numId w:val="{num_id}"/></w:numPr>')
    # numPr follows keepNext / keepLines / pageBreakBefore / framePr / widowControl in a pPr
    before = {qn(f"w:{t}") for t in ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")}
    at = sum(1 for child in ppr if child.tag in before)
    ppr.insert(at, num_pr)


def attach(document, styles: dict, primary: str, levels: int = 3) -> None:
    """Add the heading and bullet lists and point the Heading 1..``levels`` and List Bullet styles at them.

    New ids follow any the template already uses, so a firm's own lists stay as they are.
    """
    root = _numbering_root(document)
    abstract_ids = [int(x) for x in root.xpath("./w:abstractNum/@w:abstractNumId")]
    num_ids = [int(x) for x in root.xpath("./w:num/@w:numId")]
    first_abstract = max(abstract_ids, default=-1) + 1
    first_num = max(num_ids, default=0) + 1
    abstracts = [parse_xml(x) for x in _definitions(first_abstract, primary, levels)]
    # every abstractNum precedes every num in a numbering part
    leading = [c for c in root if c.tag in (qn("w:numPicBullet"), qn("w:abstractNum"))]
    at = root.index(leading[-1]) + 1 if leading else 0
    for k, a in enumerate(abstracts):
        root.insert(at + k, a)
    for k in range(len(abstracts)):
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{first_num + k}"><w:abstractNumId w:val="{first_abstract + k}"/></w:num>'
        )
        nums = root.findall(qn("w:num"))
        root.insert(root.index(nums[-1]) + 1 if nums else len(root), num)
    for level in range(1, levels + 1):
        _set_num(styles[f"Heading{level}"], first_num, level - 1)
    _set_num(styles["ListBullet"], first_num + 1, None)
