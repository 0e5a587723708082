"""The Word renderer: golden XML per component, numbering, the written-out contents, tables, header and footer.

Golden tests compare one component each (a heading, a caption, a table, the contents field, a chart, some
styles, the numbering), so that a failing diff points at one part of the file.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import docx
import pytest
from lxml import etree

from aimonthly.render.docx import render_docx, write_docx
from aimonthly.report.model import DataTable, Exhibit, Section, TableBody
from sample_document import SOURCE, sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


@pytest.fixture(scope="module")
def doc():
    return sample_document()


@pytest.fixture(scope="module")
def out(doc, tmp_path_factory):
    return write_docx(doc, tmp_path_factory.mktemp("docx") / "report.docx")


def part(path, member: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(member))


def pretty(el) -> str:
    """One element, indented, without the namespace declarations it inherits: readable diffs."""
    return re.sub(r' xmlns:\w+="[^"]+"', "", etree.tostring(el, encoding="unicode", pretty_print=True))


def styled(root, style: str) -> list:
    return root.xpath(f"//w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS)


def para_text(p) -> str:
    """A paragraph's visible text: w:t contents, tabs as \\t (field instructions left out)."""
    out = []
    for e in p.iter(q("t"), q("tab")):
        if e.tag == q("t"):
            out.append(e.text or "")
        elif e.getparent().tag == q("r"):
            out.append("\t")
    return "".join(out)


def contents_paragraphs(body, title: str) -> list:
    paras = body.findall(q("p"))
    start = next(i for i, p in enumerate(paras) if para_text(p) == title)
    end = next(
        i
        for i, p in enumerate(paras[start + 1 :], start + 1)
        if p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) in (["TOCHeading"], ["Heading1"])
    )
    return paras[start + 1 : end]


# -- golden components ---------------------------------------------------------------------------

COMPONENTS = {
    "heading": lambda body: styled(body, "Heading2")[0],
    "caption": lambda body: styled(body, "Caption")[0],
    "table": lambda body: body.find(q("tbl")),
    "chart": lambda body: styled(body, "Figure")[0],
    "contents_field": lambda body: contents_paragraphs(body, "内容目录"),
    "figures_field": lambda body: contents_paragraphs(body, "图表目录"),
}


@pytest.mark.parametrize("component", COMPONENTS)
def test_document_component_golden(out, component, snapshot):
    found = COMPONENTS[component](part(out, "word/document.xml").find(q("body")))
    assert "".join(pretty(e) for e in (found if isinstance(found, list) else [found])) == snapshot


@pytest.mark.parametrize(
    "style",
    [
        "docDefaults",
        "Normal",
        "Heading1",
        "Heading2",
        "Caption",
        "TOC1",
        "TOC2",
        "TableofFigures",
        "HouseTable",
        "ListBullet",
    ],
)
def test_styles_golden(out, style, snapshot):
    root = part(out, "word/styles.xml")
    el = root.find(q("docDefaults")) if style == "docDefaults" else root.find(f"w:style[@w:styleId='{style}']", NS)
    assert pretty(el) == snapshot


def test_numbering_golden(out, snapshot):
    assert pretty(part(out, "word/numbering.xml")) == snapshot


# -- headings: Word's own numbering ---------------------------------------------------------------


def simulate_word_numbers(path) -> list[tuple[str, str]]:
    """Number the headings as Word would, from the file alone: style -> numPr -> abstractNum level -> lvlText."""
    styles, numbering = part(path, "word/styles.xml"), part(path, "word/numbering.xml")
    abstract_of = {n.get(q("numId")): n.find(q("abstractNumId")).get(q("val")) for n in numbering.findall(q("num"))}
    lvl_text: dict[str, str] = {}  # style id -> lvlText
    level_of: dict[str, int] = {}
    for st in styles.findall(q("style")):
        num_pr = st.find("w:pPr/w:numPr", NS)
        if num_pr is None or st.get(q("styleId")) == "ListBullet":
            continue
        abstract = numbering.find(
            f"w:abstractNum[@w:abstractNumId='{abstract_of[num_pr.find(q('numId')).get(q('val'))]}']", NS
        )
        ilvl = num_pr.find(q("ilvl")).get(q("val"))
        lvl = abstract.find(f"w:lvl[@w:ilvl='{ilvl}']", NS)
        assert lvl.find(q("pStyle")).get(q("val")) == st.get(q("styleId"))  # the level links back to the style
        lvl_text[st.get(q("styleId"))], level_of[st.get(q("styleId"))] = lvl.find(q("lvlText")).get(q("val")), int(ilvl)
    counters = [0] * 9
    out = []
    for p in part(path, "word/document.xml").iter(q("p")):
        sid = (p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) or [""])[0]
        if sid not in lvl_text:
            continue
        k = level_of[sid]
        counters[k] += 1
        counters[k + 1 :] = [0] * (8 - k)
        label = lvl_text[sid]
        for i in range(k + 1):
            label = label.replace(f"%{i + 1}", str(counters[i]))
        out.append((label, para_text(p)))
    return out


def test_heading_numbers_come_from_word_list_numbering(out, doc):
    expected = [((s.number + "." if s.level == 1 else s.number), s.title) for s in doc.toc()]
    assert simulate_word_numbers(out) == expected
    assert not any(re.match(r"\d", para_text(p)) for p in styled(part(out, "word/document.xml"), "Heading1"))


def test_unnumbered_sections_stay_out_of_the_outline(out):
    d = docx.Document(out)
    assert all(not p.style.name.startswith("Heading") for p in d.paragraphs if p.text in ("投资逻辑", "特别声明"))
    styles = part(out, "word/styles.xml")
    for sid in ("PlainHeading", "CoverHeading", "TOCHeading"):
        assert styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:outlineLvl", NS) is None


def test_fourth_heading_level_gets_a_numbered_style(doc, tmp_path):
    deep = Section("1.1.1.1", "细分", ())
    s11 = doc.body[0].blocks[0]
    s111 = Section("1.1.1", "小节", (deep,))
    body = (
        dataclasses.replace(doc.body[0], blocks=(dataclasses.replace(s11, blocks=s11.blocks + (s111,)),)),
        *doc.body[1:],
    )
    path = write_docx(dataclasses.replace(doc, body=body), tmp_path / "deep.docx")
    numbers = simulate_word_numbers(path)
    assert ("1.1.1", "小节") in numbers and ("1.1.1.1", "细分") in numbers
    assert [n for n, _ in numbers] == [
        (s.number + "." if s.level == 1 else s.number) for s in dataclasses.replace(doc, body=body).toc()
    ]


# -- contents and list of figures, written into the fields ------------------------------------------


def test_contents_list_every_heading_before_any_update(out, doc):
    body = part(out, "word/document.xml").find(q("body"))
    toc = contents_paragraphs(body, "内容目录")
    assert "".join(toc[0].xpath(".//w:instrText/text()", namespaces=NS)).strip().startswith('TOC \\o "1-3" \\h \\z \\u')
    entries = [para_text(p).rstrip("\t") for p in toc]
    assert entries == [f"{s.number}{'.' if s.level == 1 else ''} {s.title}" for s in doc.toc()]
    assert [p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] for p in toc] == [f"TOC{s.level}" for s in doc.toc()]
    figures = contents_paragraphs(body, "图表目录")
    assert [para_text(p).rstrip("\t") for p in figures] == [e.caption for e in doc.exhibits()]
    assert {tuple(p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)) for p in figures} == {("TableofFigures",)}
    assert "右键更新域" not in etree.tostring(body, encoding="unicode")


def test_contents_entries_link_to_bookmarks_on_their_headings(out):
    body = part(out, "word/document.xml").find(q("body"))
    marks = {b.get(q("name")): b.getparent() for b in body.iter(q("bookmarkStart"))}
    for title in ("内容目录", "图表目录"):
        for p in contents_paragraphs(body, title):
            link = p.find(q("hyperlink"))
            anchor = link.get(q("anchor"))
            target = marks[anchor]  # the bookmark exists ...
            entry = para_text(link).rstrip("\t")
            assert entry.endswith(para_text(target)[-6:])  # ... on the heading or caption the entry names
            assert f"PAGEREF {anchor} \\h" in "".join(link.xpath(".//w:instrText/text()", namespaces=NS))
    # each TOC field opens in its first entry and closes in its last
    toc = contents_paragraphs(body, "内容目录")
    kinds = [c.get(q("fldCharType")) for p in toc for c in p.iter(q("fldChar"))]
    assert kinds[0] == "begin" and kinds[-1] == "end" and kinds.count("begin") == kinds.count("end")


def test_captions_are_seq_fields_and_sources_follow(out):
    d = docx.Document(out)
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "图表1：全球访问量 Top20 AI 产品排名情况",
        "图表2：全球访问量 Top50 AI 产品细分类别分布",
        "图表3：AI 相关重点公司公告",
    ]
    assert [p.text for p in d.paragraphs if p.style.name == "Source"].count(SOURCE) == 2
    xml = etree.tostring(part(out, "word/document.xml"), encoding="unicode")
    assert xml.count("SEQ 图表 \\* ARABIC") == 3


# -- flow: justified, no forced page per chapter, kept together -------------------------------------


def test_flow_follows_the_pdf(out):
    styles = part(out, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Normal']/w:pPr/w:jc", NS).get(q("val")) == "both"  # 两端对齐
    assert styles.find("w:style[@w:styleId='Normal']/w:pPr/w:widowControl", NS) is not None
    for sid in ("Heading1", "Heading2", "Heading3", "Caption", "PlainHeading", "Figure"):
        assert styles.find(f"w:style[@w:styleId='{sid}']/w:pPr/w:keepNext", NS) is not None, sid
    body = part(out, "word/document.xml").find(q("body"))
    breaks = [para_text(p.getparent().getparent()) for p in body.iter(q("pageBreakBefore"))]
    assert breaks == ["内容目录", "AI 应用月度数据跟踪", "行业投资评级的说明"]  # contents, body, back matter
    assert not list(body.iter(q("br")))


# -- tables -------------------------------------------------------------------------------------------


def test_every_table_uses_the_house_table_style(out, doc):
    root = part(out, "word/document.xml")
    tables = root.findall(".//w:tbl", NS)
    assert len(tables) == 3  # two exhibits and the contacts
    for t in tables:
        assert t.find("w:tblPr/w:tblStyle", NS).get(q("val")) == "HouseTable"
        assert not t.xpath(".//w:tcPr/w:shd | .//w:tcBorders | .//w:tblBorders", namespaces=NS)  # no direct grid
        assert t.find("w:tr/w:trPr/w:tblHeader", NS) is not None
    style = part(out, "word/styles.xml").find("w:style[@w:styleId='HouseTable']", NS)
    assert style.find("w:tblStylePr[@w:type='firstRow']/w:tcPr/w:shd", NS).get(q("fill")) == "8B1A1A"
    r, g, b = (0x8B, 0x1A, 0x1A)
    zebra = "".join(f"{round(c + (255 - c) * 0.92):02X}" for c in (r, g, b))  # the PDF: primary.lighten(92%)
    assert style.find("w:tblStylePr[@w:type='band2Horz']/w:tcPr/w:shd", NS).get(q("fill")) == zebra
    assert style.find("w:tblPr/w:tblBorders/w:bottom", NS).get(q("color")) == "8B1A1A"
    assert part(out, "word/settings.xml").find(q("defaultTableStyle")).get(q("val")) == "HouseTable"
    d = docx.Document(out)
    top = d.tables[0]
    assert [c.text for c in top.rows[0].cells] == ["排名", "产品", "公司", "类别", "访问量（万次）", "环比"]
    assert top.rows[1].cells[4].paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert d.tables[1].rows[1].cells[3].text == "公司披露其营销大模型已完成多项商业化交付。" * 6  # wrapped, whole
    assert [c.text for c in d.tables[-1].rows[0].cells] == ["上海"]  # contacts


def _with_exhibit(doc, exhibit: Exhibit):
    return dataclasses.replace(doc, body=doc.body + (Section("5", "附录", (exhibit,)),))


APPS = Exhibit(
    number=4,
    key="app_store.rising_apps",
    title="排名上升的应用",
    source="来源：七麦数据，示例证券研究所",
    body=TableBody(
        header=("序号", "应用", "开发者", "排名上升", "当前排名", "最高排名", "最高排名日期"),
        rows=(
            ("1", "政务-移动办事通", "Guangzhou Miracle Te…", "141", "110", "7", "2024-04-21"),
            ("2", "AI绘画-筑梦AI绘画生…", "Kanjian Gainian (Sha…", "136", "95", "10", "2024-05-02"),
            ("3", "两可…", "-", "1", "2", "3", "2024-05-03"),
        ),
        align=("c", "l", "l", "c", "c", "c", "c"),
        widths=(0.6, 2.6, 2.6, 0.9, 0.9, 0.9, 1.3),
    ),
    data=DataTable(
        ("rank", "app", "developer", "rise", "current_rank", "best_rank", "best_date"),
        (
            (1, "政务-移动办事通", "Guangzhou Miracle Tech Co., Ltd.", 141, 110, 7, "2024-04-21"),
            (
                2,
                "AI绘画-筑梦AI绘画生成器",
                "Kanjian Gainian (Shanghai) Technology Co., Ltd.",
                136,
                95,
                10,
                "2024-05-02",
            ),
            (3, "两可之一", "两可之二", 1, 2, 3, "2024-05-03"),
        ),
    ),
)


def test_names_cut_for_one_line_layouts_are_whole_in_word(doc):
    d = docx.Document(io.BytesIO(render_docx(_with_exhibit(doc, APPS))))
    t = next(t for t in d.tables if t.rows[0].cells[0].text == "序号")
    rows = [[c.text for c in r.cells] for r in t.rows[1:]]
    assert rows[0][2] == "Guangzhou Miracle Tech Co., Ltd." and rows[1][1] == "AI绘画-筑梦AI绘画生成器"
    assert rows[1][2] == "Kanjian Gainian (Shanghai) Technology Co., Ltd."
    assert rows[2][1] == "两可…"  # two data values start alike: the renderer cannot tell which, the cell stays as given
    assert all("…" not in c for r in rows[:2] for c in r)


def test_header_cells_are_wide_enough_for_their_words(doc):
    """Measured with the CJK font's own advance widths (not the renderer's estimate): every header fits on one line."""
    pytest.importorskip("noto_cjk_sans_otc")
    import noto_cjk_sans_otc
    from PIL import ImageFont

    font = ImageFont.truetype(noto_cjk_sans_otc.FONT_PATH, 85, index=2)  # Noto Sans CJK SC at 8.5 pt x 10
    root = etree.fromstring(
        zipfile.ZipFile(io.BytesIO(render_docx(_with_exhibit(doc, APPS)))).read("word/document.xml")
    )
    checked = 0
    for t in root.iter(q("tbl")):
        grid = [int(g.get(q("w"))) for g in t.iter(q("gridCol"))]
        header = t.find(q("tr"))
        for tc, width in zip(header.findall(q("tc")), grid):
            words = para_text(tc.find(q("p")))
            needed = font.getlength(words) / 10 * 1.06 * 20 + 2 * 85  # bold text is wider; twips; cell margins
            assert int(tc.find("w:tcPr/w:tcW", NS).get(q("w"))) == width
            assert width >= needed, (words, width, needed)
            checked += 1
        assert sum(grid) == int(t.find("w:tblPr/w:tblW", NS).get(q("w")))
    assert checked >= 7 + 6 + 4


# -- charts, header and footer, properties ------------------------------------------------------------


def test_chart_alt_text_is_title_and_source(out, doc):
    chart = next(e for e in doc.exhibits() if e.key == "traffic.global.category_share")
    pr = part(out, "word/document.xml").find(".//wp:docPr", NS)
    assert pr.get("descr") == f"{chart.caption}。{chart.source}" == chart.alt_text
    d = docx.Document(out)
    assert len(d.inline_shapes) == 1 and round(d.inline_shapes[0].width.cm, 1) == 14.0


def test_cover_has_no_running_header_and_every_page_the_compliance_line(out):
    d = docx.Document(out)
    sec = d.sections[0]
    assert sec.different_first_page_header_footer
    assert sec.header.paragraphs[0].text == "示例证券\t行业月报"
    assert sec.first_page_header.paragraphs[0].text == ""
    footer = etree.fromstring(sec.footer._element.xml.encode())
    first = etree.fromstring(sec.first_page_footer._element.xml.encode())
    assert para_text(footer.find(q("p"))) == "\t- 1 -\t敬请参阅最后一页特别声明"
    assert " PAGE " in "".join(footer.xpath(".//w:instrText/text()", namespaces=NS))
    assert para_text(first.find(q("p"))) == "\t\t敬请参阅最后一页特别声明" and not first.xpath(
        ".//w:instrText", namespaces=NS
    )


def test_bold_runs_and_bullets(out):
    d = docx.Document(out)
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0].runs[0].bold and bullets[0].runs[0].text == "计算机行业：" and not bullets[0].runs[1].bold
    assert part(out, "word/styles.xml").find("w:style[@w:styleId='ListBullet']/w:pPr/w:numPr", NS) is not None


def test_properties_are_the_firms(out):
    cp = docx.Document(out).core_properties
    assert (cp.author, cp.title, cp.subject) == (
        "示例证券",
        "巨头投入持续加码，关注 AI 产业链机会",
        "信息技术产业行业研究｜行业月报",
    )
    assert cp.created.date().isoformat() == "2024-05-10" and cp.language == "zh-CN"
    app = zipfile.ZipFile(out).read("docProps/app.xml").decode()
    assert "<Company>示例证券</Company>" in app and "Microsoft" not in app


def test_control_characters_in_text_do_not_break_the_file(doc, tmp_path):
    bad = dataclasses.replace(doc.cover, title="标题\x00\x07含控制字符\ttab")
    path = write_docx(dataclasses.replace(doc, cover=bad), tmp_path / "bad.docx")
    texts = [p.text for p in docx.Document(path).paragraphs]
    assert "标题含控制字符\ttab" in texts  # removed, as in every output (aimonthly.core.safe.printable)


def test_deterministic_and_atomic(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(sample_document(), a)
    write_docx(sample_document(), b)
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "b.docx"]  # no temp file left


def test_a_wide_table_keeps_codes_and_numbers_whole_and_wraps_the_names():
    """Ten columns that do not all fit on one line: the names wrap, down to their headers, while a code
    or a percentage keeps its whole width (a break inside "21.40%" misreads)."""
    from aimonthly.render.docx.tables import CELL_MARGIN_TW, column_widths, text_twips

    header = (
        "产品",
        "榜单",
        "访问量（万次）",
        "环比",
        "代码",
        "映射标的",
        "关系",
        "区间涨跌幅",
        "超额收益",
        "入池以来",
    )
    rows = tuple(
        (
            f"一个很长很长很长的产品名称{i}",
            "国内",
            "1,957",
            "-21.40%",
            "300418.SZ",
            "某某某某某某科技股份有限公司",
            "合作方",
            "-14.55%",
            "-18.14%",
            "11.90%",
        )
        for i in range(5)
    )
    t = TableBody(header, rows, widths=(2.0, 0.9, 1.5, 1.3, 1.8, 1.8, 1.2, 1.6, 1.4, 1.4))
    total = 9500  # twips (an A4 text column is about 9,600): too narrow for every value on one line
    assert (
        sum(
            max(text_twips(h, bold=True), max(text_twips(r[j]) for r in rows)) + CELL_MARGIN_TW
            for j, h in enumerate(header)
        )
        > total
    )
    widths = column_widths(t, total, [False] * len(header))
    assert sum(widths) == total
    for j in (2, 3, 4, 7, 8, 9):  # numbers and codes: whole
        assert widths[j] >= max(text_twips(r[j]) for r in rows) + CELL_MARGIN_TW - 1, header[j]
    for j in (0, 5):  # the names: narrower than their text, at least their header
        assert text_twips(header[j], bold=True) + CELL_MARGIN_TW - 1 <= widths[j] < text_twips(rows[0][j])
