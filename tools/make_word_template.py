"""Write the house Word template, src/aimonthly/render/docx/house-template.docx, from the parts below.

The template is the starting file of every report.docx: its styles (sizes, spacing, justification,
the contents and table styles), page set-up, settings and properties. It is written from scratch
(no library default template: no Japanese theme, no foreign fonts, no unused styles, no preview).
The renderer applies the house colours, the Word font and the heading numbering over it, so a firm
may replace it (house setting [word] template) with a copy it restyled in Word.
tests/test_render_docx_template.py fails when the shipped file is stale.

Run: .venv/bin/python tools/make_word_template.py
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "aimonthly" / "render" / "docx" / "house-template.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STAMP = (2024, 1, 1, 0, 0, 0)

# Default house look (src/aimonthly/house.toml); the renderer re-applies the configured ones.
FONT, PRIMARY, ACCENT, GREY, ZEBRA = "微软雅黑", "8B1A1A", "C9A227", "7F7F7F", "F6EDED"
# A4, margins as in the PDF (2 cm sides, 2.6 cm top, 2.3 cm bottom), in twentieths of a point.
PAGE_W, PAGE_H, SIDE, TOP, BOTTOM, HEADER, FOOTER = 11906, 16838, 1134, 1474, 1304, 737, 794
TEXT_W = PAGE_W - 2 * SIDE  # 9638 twips = 17 cm


def _style(
    kind: str,
    sid: str,
    name: str,
    body: str,
    *,
    based: str | None = "Normal",
    next_: str | None = None,
    custom: bool = False,
    priority: int | None = None,
    q: bool = True,
    default: bool = False,
) -> str:
    attrs = f' w:type="{kind}"' + (' w:default="1"' if default else "") + (' w:customStyle="1"' if custom else "")
    head = f'<w:name w:val="{name}"/>'
    head += f'<w:basedOn w:val="{based}"/>' if based else ""
    head += f'<w:next w:val="{next_}"/>' if next_ else ""
    head += f'<w:uiPriority w:val="{priority}"/>' if priority is not None else ""
    head += "<w:qFormat/>" if q else ""
    return f'<w:style{attrs} w:styleId="{sid}">{head}{body}</w:style>'


def _rpr(size: float | None = None, bold: bool = False, colour: str | None = None) -> str:
    out = "<w:b/><w:bCs/>" if bold else ""
    out += f'<w:color w:val="{colour}"/>' if colour else ""
    if size is not None:
        out += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    return f"<w:rPr>{out}</w:rPr>" if out else ""


def _spacing(before: float = 0, after: float = 0, line: float | None = None) -> str:
    """Spacing in points; ``line`` an exact line pitch, so the layout does not move with the font's metrics."""
    rule = f' w:line="{round(line * 20)}" w:lineRule="exact"' if line else ""
    return f'<w:spacing w:before="{round(before * 20)}" w:after="{round(after * 20)}"{rule}/>'


def _rule(side: str, colour: str, eighths: int, space: int = 1) -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{colour}"/>'


def _heading(level: int, size: float, before: float, after: float, line: float, rule: str = "") -> str:
    border = f"<w:pBdr>{rule}</w:pBdr>" if rule else ""
    ppr = (
        f"<w:pPr><w:keepNext/><w:keepLines/>{border}{_spacing(before, after, line)}"
        f'<w:jc w:val="left"/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
    )
    return _style(
        "paragraph", f"Heading{level}", f"heading {level}", ppr + _rpr(size, True, PRIMARY), next_="Normal", priority=9
    )


def _toc(sid: str, name: str, indent: int, bold: bool, before: float) -> str:
    ppr = (
        f'<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
        f'{_spacing(before, 0, 14.5)}<w:ind w:left="{indent}"/><w:jc w:val="left"/></w:pPr>'
    )
    return _style(
        "paragraph", sid, name, ppr + _rpr(10, bold), next_="Normal", priority=39 if sid != "TableofFigures" else 99
    )


def styles_xml() -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:eastAsia="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
        '<w:kern w:val="2"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/></w:pPr></w:pPrDefault></w:docDefaults>"
    )
    table_cell_margins = (
        '<w:tblCellMar><w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    styles = [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            f'<w:pPr><w:widowControl/>{_spacing(0, 4, 15.75)}<w:jc w:val="both"/></w:pPr>' + _rpr(10.5),
            based=None,
            default=True,
        ),
        _style(
            "character",
            "DefaultParagraphFont",
            "Default Paragraph Font",
            "<w:semiHidden/><w:unhideWhenUsed/>",
            based=None,
            priority=1,
            q=False,
            default=True,
        ),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            '<w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
            based=None,
            priority=99,
            q=False,
            default=True,
        ),
        _style(
            "numbering",
            "NoList",
            "No List",
            "<w:semiHidden/><w:unhideWhenUsed/>",
            based=None,
            priority=99,
            q=False,
            default=True,
        ),
        _heading(1, 15, 22, 9, 22, _rule("bottom", ACCENT, 6, 2)),
        _heading(2, 12.5, 12, 5, 19),
        _heading(3, 11, 9, 4, 17),
        # unnumbered, outside the contents: back matter (特别声明 …)
        _style(
            "paragraph",
            "PlainHeading",
            "Plain Heading",
            f"<w:pPr><w:keepNext/><w:keepLines/><w:pBdr>{_rule('bottom', ACCENT, 6, 2)}</w:pBdr>"
            f'{_spacing(22, 9, 22)}<w:jc w:val="left"/></w:pPr>' + _rpr(15, True, PRIMARY),
            next_="Normal",
            custom=True,
        ),
        # the cover's summary headings (投资逻辑, 风险提示): a bar on the left
        _style(
            "paragraph",
            "CoverHeading",
            "Cover Heading",
            f"<w:pPr><w:keepNext/><w:keepLines/><w:pBdr>{_rule('left', ACCENT, 24, 4)}</w:pBdr>"
            f'{_spacing(12, 6, 18)}<w:ind w:left="113"/><w:jc w:val="left"/></w:pPr>' + _rpr(12, True, PRIMARY),
            next_="Normal",
            custom=True,
        ),
        _style(
            "paragraph",
            "TOCHeading",
            "TOC Heading",
            f'<w:pPr><w:keepNext/>{_spacing(6, 10, 22)}<w:jc w:val="left"/></w:pPr>' + _rpr(15, True, PRIMARY),
            next_="Normal",
            priority=39,
        ),
        _toc("TOC1", "toc 1", 0, True, 4),
        _toc("TOC2", "toc 2", 210, False, 0),
        _toc("TOC3", "toc 3", 420, False, 0),
        _toc("TableofFigures", "table of figures", 0, False, 0),
        _style(
            "paragraph",
            "Caption",
            "caption",
            f"<w:pPr><w:keepNext/><w:keepLines/><w:pBdr>{_rule('bottom', PRIMARY, 5, 2)}</w:pBdr>"
            f'{_spacing(12, 5, 15)}<w:jc w:val="left"/></w:pPr>' + _rpr(9.5, True, PRIMARY),
            next_="Normal",
            priority=35,
        ),
        _style(
            "paragraph",
            "Source",
            "Source",
            f'<w:pPr>{_spacing(4, 12, 12)}<w:jc w:val="left"/></w:pPr>' + _rpr(8, colour=GREY),
            next_="Normal",
            custom=True,
        ),
        _style("paragraph", "Note", "Note", "<w:pPr/>" + _rpr(9, colour=GREY), next_="Normal", custom=True),
        _style(
            "paragraph",
            "TableText",
            "Table Text",
            f'<w:pPr>{_spacing(0, 0, 10.5)}<w:jc w:val="left"/></w:pPr>' + _rpr(8.5),
            custom=True,
        ),
        _style(
            "paragraph",
            "Figure",
            "Figure",
            # single line spacing: an exact pitch would crop the picture to one line
            '<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
            '<w:jc w:val="center"/></w:pPr>',
            custom=True,
        ),
        _style("paragraph", "ListBullet", "List Bullet", f"<w:pPr>{_spacing(0, 3, 15.75)}</w:pPr>", priority=99),
        _style(
            "paragraph",
            "Header",
            "header",
            f'<w:pPr><w:pBdr>{_rule("bottom", PRIMARY, 5, 3)}</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{TEXT_W}"/>'
            f'</w:tabs>{_spacing(0, 0, 13)}<w:jc w:val="left"/></w:pPr>' + _rpr(9, colour=GREY),
            priority=99,
            q=False,
        ),
        _style(
            "paragraph",
            "Footer",
            "footer",
            f'<w:pPr><w:tabs><w:tab w:val="center" w:pos="{TEXT_W // 2}"/><w:tab w:val="right" w:pos="{TEXT_W}"/>'
            f'</w:tabs>{_spacing(0, 0, 12)}<w:jc w:val="left"/></w:pPr>' + _rpr(8.5, colour=GREY),
            priority=99,
            q=False,
        ),
        # the house table: header row in the house colour, every other row tinted, a rule under the last
        _style(
            "table",
            "HouseTable",
            "House Table",
            '<w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="left"/></w:pPr>'
            + _rpr(8.5)
            + '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:jc w:val="center"/><w:tblBorders>'
            + _rule("top", PRIMARY, 6, 0)
            + _rule("bottom", PRIMARY, 6, 0)
            + "</w:tblBorders>"
            + table_cell_margins
            + '</w:tblPr><w:trPr><w:cantSplit/></w:trPr><w:tcPr><w:vAlign w:val="center"/></w:tcPr>'
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr><w:tblPr/>'
            f"<w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:tcBorders>{_rule('bottom', PRIMARY, 6, 0)}</w:tcBorders>"
            f'<w:shd w:val="clear" w:color="auto" w:fill="{PRIMARY}"/></w:tcPr></w:tblStylePr>'
            f'<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ZEBRA}"/>'
            "</w:tcPr></w:tblStylePr>",
            based="TableNormal",
            custom=True,
            priority=59,
        ),
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
        + defaults
        + "".join(styles)
        + "</w:styles>"
    )


def document_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{TOP}" w:right="{SIDE}" w:bottom="{BOTTOM}"'
        f' w:left="{SIDE}" w:header="{HEADER}" w:footer="{FOOTER}" w:gutter="0"/><w:cols w:space="425"/>'
        '<w:titlePg/><w:docGrid w:linePitch="312"/></w:sectPr></w:body></w:document>'
    )


def settings_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:settings xmlns:w="{W}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:defaultTableStyle w:val="HouseTable"/>'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
        "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        # Insert Caption offers the house label, placed above the exhibit as in the PDF
        '<w:captions><w:caption w:name="图表" w:pos="above"/></w:captions>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    )


def font_table_xml() -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W}">'
        f'<w:font w:name="{FONT}"><w:altName w:val="Microsoft YaHei,Noto Sans CJK SC"/>'
        '<w:panose1 w:val="020B0503020204020204"/><w:charset w:val="86"/><w:family w:val="swiss"/>'
        '<w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def core_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>行业研究报告模板</dc:title><dc:subject>证券研究报告</dc:subject><dc:creator>示例证券</dc:creator>"
        "<dc:language>zh-CN</dc:language>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>aimonthly</Application><DocSecurity>0</DocSecurity><Company>示例证券</Company></Properties>"
    )


def content_types_xml() -> str:
    ct = "application/vnd.openxmlformats-officedocument"
    parts = [
        ("/word/document.xml", "wordprocessingml.document.main"),
        ("/word/styles.xml", "wordprocessingml.styles"),
        ("/word/settings.xml", "wordprocessingml.settings"),
        ("/word/fontTable.xml", "wordprocessingml.fontTable"),
        ("/docProps/app.xml", "extended-properties"),
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{ct}.{t}+xml"/>' for p, t in parts)
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        "</Types>"
    )


def _rels(items: list[tuple[str, str]]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="{t}" Target="{target}"/>' for i, (t, target) in enumerate(items, 1))
        + "</Relationships>"
    )


def parts() -> dict[str, str]:
    od = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return {
        "[Content_Types].xml": content_types_xml(),
        "_rels/.rels": _rels(
            [
                (f"{od}/officeDocument", "word/document.xml"),
                (
                    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml",
                ),
                (f"{od}/extended-properties", "docProps/app.xml"),
            ]
        ),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": _rels(
            [(f"{od}/styles", "styles.xml"), (f"{od}/settings", "settings.xml"), (f"{od}/fontTable", "fontTable.xml")]
        ),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(),
    }


def template_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts().items():
            z.writestr(zipfile.ZipInfo(name, date_time=STAMP), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main() -> int:
    TARGET.write_bytes(template_bytes())
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
