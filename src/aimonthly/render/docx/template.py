"""The starting file: the house template (or the firm's own), with the house colours and Word font applied.

The template gives the look: style sizes and spacing, justification, the contents and table
styles, page set-up, settings. The house settings give what the PDF shares: the colours (applied
to the roles below wherever the template's styles have them) and the font.
"""

from __future__ import annotations

import copy
from pathlib import Path

import docx
from lxml import etree
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from aimonthly.core.house import WordSettings
from aimonthly.render.errors import RenderError

SHIPPED = Path(__file__).with_name("house-template.docx")
REQUIRED = (
    "Normal",
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
)
# (style, element path, attribute, colour role)
COLOUR_ROLES = (
    *(
        (s, "w:rPr/w:color", "val", "primary")
        for s in ("Heading1", "Heading2", "Heading3", "PlainHeading", "CoverHeading", "TOCHeading", "Caption")
    ),
    *((s, "w:pPr/w:pBdr/w:bottom", "color", "accent") for s in ("Heading1", "PlainHeading")),
    ("CoverHeading", "w:pPr/w:pBdr/w:left", "color", "accent"),
    *((s, "w:pPr/w:pBdr/w:bottom", "color", "primary") for s in ("Caption", "Header")),
    ("HouseTable", "w:tblPr/w:tblBorders/w:top", "color", "primary"),
    ("HouseTable", "w:tblPr/w:tblBorders/w:bottom", "color", "primary"),
    ("HouseTable", "w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", "fill", "primary"),
    ("HouseTable", "w:tblStylePr[@w:type='firstRow']/w:tcPr/w:tcBorders/w:bottom", "color", "primary"),
    ("HouseTable", "w:tblStylePr[@w:type='band2Horz']/w:tcPr/w:shd", "fill", "zebra"),
)
# font-table facts Word uses to pick a look-alike when a font is missing: panose, charset (86 = GB2312), family
KNOWN_FONTS = {
    "微软雅黑": ("020B0503020204020204", "86", "swiss"),
    "Microsoft YaHei": ("020B0503020204020204", "86", "swiss"),
    "等线": ("02010600030101010101", "86", "auto"),
    "DengXian": ("02010600030101010101", "86", "auto"),
    "宋体": ("02010600030101010101", "86", "auto"),
    "黑体": ("02010609060101010101", "86", "modern"),
}


def lighten(hex_colour: str, amount: float = 0.92) -> str:
    """``hex_colour`` mixed with white (the PDF's zebra rows: primary lightened 92 %)."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def open_template(word: WordSettings):
    """The template as a python-docx Document with an empty body, and its styles by id."""
    path = word.template or SHIPPED
    try:
        d = docx.Document(str(path))
    except Exception as e:  # not a zip, not a Word document, a .dotx
        raise RenderError(
            f"cannot open the Word template {path}: {e}",
            hint=f"save it from Word as a .docx; the house template is {SHIPPED}",
        ) from e
    styles = {s.get(qn("w:styleId")): s for s in d.styles.element.findall(qn("w:style"))}
    missing = [s for s in REQUIRED if s not in styles]
    if missing:
        raise RenderError(
            f"the Word template {path} lacks the {'style' if len(missing) == 1 else 'styles'} {', '.join(missing)}",
            hint=f"start from a copy of the house template, {SHIPPED}",
        )
    body = d.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return d, styles


def add_heading4(styles_root, styles: dict) -> None:
    """Heading 4, made from Heading 3, for a report that has a fourth heading level (the template has none)."""
    if "Heading4" in styles:
        return
    h4 = copy.deepcopy(styles["Heading3"])
    h4.set(qn("w:styleId"), "Heading4")
    h4.find(qn("w:name")).set(qn("w:val"), "heading 4")
    for e in h4.iter(qn("w:outlineLvl")):
        e.set(qn("w:val"), "3")
    for e in (*h4.iter(qn("w:sz")), *h4.iter(qn("w:szCs"))):
        e.set(qn("w:val"), "21")
    styles_root.append(h4)
    styles["Heading4"] = h4


def _set_fonts(rpr, font: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, fonts)
    for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):  # a theme font would win over the name
        fonts.attrib.pop(qn(f"w:{a}"), None)
    for a in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{a}"), font)


def apply_house(d, styles: dict, word: WordSettings, primary: str, accent: str) -> None:
    """House font and colours over the template's styles; the font's entry in the font table names the fallbacks."""
    root = d.styles.element
    default_rpr = root.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if default_rpr is not None:
        _set_fonts(default_rpr, word.font)
    for s in styles.values():
        fonts = s.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if fonts is not None:
            _set_fonts(s.find(qn("w:rPr")), word.font)
    colours = {"primary": primary.lstrip("#").upper(), "accent": accent.lstrip("#").upper()}
    colours["zebra"] = lighten(colours["primary"])
    for sid, path, attr, role in COLOUR_ROLES:
        for e in styles[sid].xpath(path):
            e.set(qn(f"w:{attr}"), colours[role])
    _font_table(d, word)


def _font_table(d, word: WordSettings) -> None:
    try:
        root = d.part.part_related_by(RT.FONT_TABLE)
    except KeyError:  # a template without a font table: Word builds one itself
        return
    element = parse_xml(root.blob)
    for old in element.findall(qn("w:font")):
        if old.get(qn("w:name")) == word.font:
            element.remove(old)
    panose, charset, family = KNOWN_FONTS.get(word.font, (None, "86", "auto"))
    alt = ",".join(f for f in word.fallbacks if f != word.font)
    xml = (
        f'<w:font {nsdecls("w")} w:name="{_attr(word.font)}">'
        + (f'<w:altName w:val="{_attr(alt)}"/>' if alt else "")
        + (f'<w:panose1 w:val="{panose}"/>' if panose else "")
        + f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
    )
    element.insert(0, parse_xml(xml))
    root._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def set_company(d, firm: str) -> None:
    """The firm as the file's Company (extended properties), when the template has that part."""
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    part = next((p for p in d.part.package.iter_parts() if p.partname == "/docProps/app.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    company = root.find(ns + "Company")
    if company is None:
        company = etree.SubElement(root, ns + "Company")
    company.text = firm
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
