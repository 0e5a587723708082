"""Hostile data in every output: the corpus (tests/hostile.py) in every data field, one report in all
five formats, checked format by format against a clean build of the same generated data set.

What the outputs may do with a string, and nothing else (SECURITY.md):
- remove the characters in ``aimonthly.core.safe.REMOVED`` (controls, bidi overrides, noncharacters);
- in the PDF, print characters that no font of the report has (emoji, the rarest CJK, combining
  marks) as empty boxes, which leave the PDF's text layer: every run of characters the fonts
  have is checked, and zero-width characters, which have no glyph, are not looked for.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from functools import cache

import docx
import html5lib
import openpyxl
import pytest
from lxml import etree
from pypdf import PdfReader

from aimonthly.pipeline import build_report
from aimonthly.core.safe import FORMULA_START, cell_text, printable
from hostile import CLEAN, CORPUS, SENTINEL, SENTINEL_CONTENT, plant

pytestmark = [
    pytest.mark.slow,  # two report builds (about half a minute together)
    pytest.mark.filterwarnings("ignore:Glyph", "ignore:constrained_layout not applied"),
]  # emoji in charts

STRINGS = [s for _, s in CORPUS]
IDS = [label for label, _ in CORPUS]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shown(s: str) -> str:
    """A corpus string as the report shows it: trimmed by ingest, less what ``printable`` removes."""
    return printable(s.strip())


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The report over the corpus; Typst compiles with sentinel files beside the report's source, which
    a string's #read or #include would show if Typst ever evaluated it."""
    import aimonthly.render.typst as typst_renderer

    root = tmp_path_factory.mktemp("hostile")
    hs = plant(root)
    render = typst_renderer.render_typst

    def with_sentinels(doc):
        src = render(doc)
        extra = {f"{SENTINEL}.{ext}": SENTINEL_CONTENT.encode() for ext in ("txt", "typ")}
        return typst_renderer.TypstSource(src.source, {**src.files, **extra})

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(typst_renderer, "render_typst", with_sentinels)
        return build_report(hs.settings, hs.month, out_dir=root / "out")


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    hs = plant(root, CLEAN)
    return build_report(hs.settings, hs.month, formats=["html", "docx"], out_dir=root / "out")


def test_the_build_writes_all_five_outputs(hostile):
    assert set(hostile.files) == {"pdf", "docx", "html", "xlsx", "json"}
    assert hostile.exhibits >= 10


# -- PDF ----------------------------------------------------------------------------------------


@cache
def font_chars() -> frozenset[str]:
    from fontTools.ttLib import TTCollection

    from aimonthly.core.fonts import cjk_font

    faces = TTCollection(str(cjk_font().path)).fonts
    sc = next(f for f in faces if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    return frozenset(map(chr, sc.getBestCmap()))


def pdf_runs(s: str) -> list[str]:
    """The runs of a string's characters that the PDF's text layer carries (see the module's doc)."""
    keep = "".join(ch if ch in font_chars() and unicodedata.category(ch) != "Cf" else "\0" for ch in flat(shown(s)))
    runs = [r for r in keep.split("\0") if r]
    return runs if len(runs) == 1 else [r for r in runs if len(r) > 1]


@pytest.fixture(scope="module")
def pdf(hostile, html_tree):
    """The PDF's text, whitespace removed, page furniture (running head, foot, repeated table headers) dropped."""
    heads = {" ".join(th.text or "" for th in tr.iter("th")) for tr in html_tree.iter("tr")}
    furniture = re.compile(r"示例证券 行业月报|- \d+ - 敬请参阅最后一页特别声明|敬请参阅最后一页特别声明")
    reader = PdfReader(hostile.files["pdf"])
    lines = [
        line
        for page in reader.pages
        for line in page.extract_text().splitlines()
        if not furniture.fullmatch(line.strip()) and line.strip() not in heads
    ]
    return reader, flat("".join(lines)).replace("\0", "")


@pytest.mark.parametrize("s", STRINGS, ids=IDS)
def test_the_pdf_shows_each_string_as_text(pdf, s):
    _, text = pdf
    for run in pdf_runs(s):
        assert run in text, run[:80]


def test_the_pdf_reads_no_file_and_keeps_its_page_size(pdf):
    reader, text = pdf
    assert SENTINEL in text  # the names are there, as text ...
    assert flat(SENTINEL_CONTENT) not in text  # ... and the files they name were never read
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {(595, 842)}  # A4: no #set


def test_typst_would_have_shown_a_file_it_read(tmp_path):
    """The control for the test above: evaluated, the same #read shows the sentinel's content."""
    from aimonthly.render.typst import TypstSource, compile_pdf

    src = TypstSource(f'#read("{SENTINEL}.txt")\n', {f"{SENTINEL}.txt": SENTINEL_CONTENT.encode()})
    (tmp_path / "p.pdf").write_bytes(compile_pdf(src))
    assert flat(SENTINEL_CONTENT) in flat(PdfReader(tmp_path / "p.pdf").pages[0].extract_text())


# -- HTML ---------------------------------------------------------------------------------------


def parse_html(path):
    return html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)  # as a browser parses it


@pytest.fixture(scope="module")
def html_tree(hostile):
    return parse_html(hostile.files["html"])


def structure(tree) -> tuple[set, set, int]:
    """The elements, the (element, attribute) pairs and the number of comments of a parsed page."""
    tags, attrs, comments = set(), set(), 0
    for el in tree.iter():
        if not isinstance(el.tag, str):
            comments += 1
            continue
        tags.add(el.tag)
        attrs |= {(el.tag, a) for a in el.attrib}
    return tags, attrs, comments


def test_the_html_has_no_element_or_attribute_from_the_data(html_tree, clean):
    tags, attrs, comments = structure(html_tree)
    clean_tags, clean_attrs, clean_comments = structure(parse_html(clean.files["html"]))
    assert tags - clean_tags == set() and attrs - clean_attrs == set()
    assert comments == clean_comments
    assert not {t for t in tags if t in ("script", "iframe", "img", "object", "embed", "math", "link", "base")}
    links = [a.get("href") for a in html_tree.iter("a")]
    assert all(h.startswith("#") for h in links) and len(links) == len(list(parse_html(clean.files["html"]).iter("a")))
    assert not [a for _, a in attrs if a.lower().startswith("on")]
    values = [v.strip().lower() for el in html_tree.iter() if isinstance(el.tag, str) for v in el.attrib.values()]
    assert not [v for v in values if v.startswith(("javascript:", "data:", "vbscript:"))]
    assert len(list(html_tree.iter("style"))) == 1  # the page's own


@pytest.fixture(scope="module")
def html_text(html_tree):
    return flat("".join(html_tree.find("body").itertext()))


@pytest.mark.parametrize("s", STRINGS, ids=IDS)
def test_the_html_shows_each_string_as_text(html_text, s):
    assert flat(shown(s)) in html_text


# -- Word ---------------------------------------------------------------------------------------


def fields_and_links(path) -> tuple[set, set]:
    """Every field code (TOC, SEQ, … and any a string could have become) and every external target."""
    with zipfile.ZipFile(path) as z:
        xml = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    codes = {" ".join((t.text or "").split()) for t in xml.iter(f"{w}instrText")}
    codes |= {el.get(f"{w}instr") for el in xml.iter(f"{w}fldSimple")}
    codes = {re.sub(r"\d+", "N", c) for c in codes}
    external = {r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    return codes, external


def test_the_word_file_is_valid_xml_with_no_field_or_link_from_the_data(hostile, clean):
    with zipfile.ZipFile(hostile.files["docx"]) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(z.read(name))  # raises on invalid XML
    assert fields_and_links(hostile.files["docx"]) == fields_and_links(clean.files["docx"])


@pytest.fixture(scope="module")
def word_text(hostile):
    d = docx.Document(hostile.files["docx"])
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return flat("".join(parts))


@pytest.mark.parametrize("s", STRINGS, ids=IDS)
def test_the_word_file_shows_each_string_as_text(word_text, s):
    assert flat(shown(s)) in word_text


# -- the data pack ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(hostile):
    return openpyxl.load_workbook(hostile.files["xlsx"])


def test_the_workbook_holds_no_formula_and_keeps_numbers(workbook):
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c for c in cells if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert all(c.quotePrefix for c in texts if c.value.startswith(FORMULA_START))  # kept text when edited too
    top = workbook["图表1"]
    header = [c.value for c in top[4]]  # the keys (row 3: the Chinese headings)
    visits = [r[header.index("visits")] for r in top.iter_rows(min_row=5, values_only=True)]
    assert visits and all(isinstance(v, int) for v in visits)


# Each field, by the column that holds it in the data pack's sheets (news text as the digest reads it:
# HTML tags removed, entities decoded).
FIELD_COLUMNS = {
    "product": "product",
    "company": "company",
    "category": "category",
    "app": "app",
    "developer": "developer",
    "stock name": "name",
    "news title": "title",
    "news body": "body",
    "news source": "source",
    "announcement company": "company",
    "announcement text": "content",
    "capex company": "company",
}


def test_the_workbook_holds_every_string_in_every_field(workbook):
    from aimonthly.analytics.news import _plain
    from hostile import FIELDS

    assert set(FIELD_COLUMNS) == set(FIELDS)
    columns: dict[str, set] = {}
    for ws in workbook.worksheets[1:]:
        for j, name in enumerate(c.value for c in ws[4]):  # the keys' row
            columns.setdefault(name, set()).update(ws.cell(i, j + 1).value for i in range(5, ws.max_row + 1))
    for field, column in FIELD_COLUMNS.items():
        read = _plain if field in ("news title", "news body") else str.strip
        want = {cell_text(printable(read(s))) for s in STRINGS} - {""}
        assert not want - columns[column], (field, sorted(want - columns[column])[:3])


@pytest.fixture(scope="module")
def workbook_text(workbook):
    return {c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.data_type == "s"}


@pytest.mark.parametrize("s", STRINGS, ids=IDS)
def test_the_workbook_holds_each_string_as_text(workbook_text, s):
    assert cell_text(shown(s)) in workbook_text


# -- facts.json ---------------------------------------------------------------------------------


def test_facts_json_keeps_each_string_exactly(hostile):
    raw = hostile.files["json"].read_text(encoding="utf-8")
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", raw)  # all escaped
    facts = json.loads(raw)
    products = {r["product"] for r in facts["traffic"]["global"]["top_visits"]}
    assert products == {s.strip() for s in STRINGS}  # as ingested, controls included (JSON escapes them)


# -- the registry and the check on the terminal ----------------------------------------------------


@pytest.fixture(scope="module")
def planted_set(tmp_path_factory):
    return plant(tmp_path_factory.mktemp("registry"))


def test_the_registry_ingests_every_field_and_fills_the_report(planted_set, hostile):
    """The registry's products, companies and categories are the corpus; the report's tables take the
    companies and categories of registered products from it (the traffic rows carry none)."""
    from hostile import REGISTRY_FIELDS

    from aimonthly.analytics.registry import Registry
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(planted_set.warehouse, read_only=True) as wh:
        reg = Registry.load(wh.ibis(), every_column=True)
        stocks = wh.ibis().table("product_stocks").to_pyarrow().to_pylist()
    rows = reg.products()
    assert len(rows) == len(planted_set.shown["registry product"]) >= len(STRINGS) - 2
    assert {p.product for p in rows} == set(planted_set.shown["registry product"])
    assert {p.company for p in rows} == set(planted_set.shown["registry company"])
    assert {p.note for p in rows} == set(planted_set.shown["registry note"])
    assert {r["name"] for r in stocks} == set(planted_set.shown["registry stock name"])
    assert set(REGISTRY_FIELDS) <= set(planted_set.shown)
    facts = json.loads(hostile.files["json"].read_text(encoding="utf-8"))
    top = {r["product"]: r for r in facts["traffic"]["global"]["top_visits"]}
    by_product = {p.product: p for p in rows}
    filled = [
        (top[p]["company"], top[p]["category"]) == (by_product[p].company, by_product[p].category)
        for p in by_product
        if p in top
    ]
    assert filled and all(filled)
    assert {r["category"] for r in facts["traffic"]["global"]["category_share"]} <= {s.strip() for s in STRINGS}


def _terminal_safe(output: str) -> None:
    assert not re.search(
        "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", output
    )  # no escape reaches it


def test_products_and_check_print_data_as_text(planted_set):
    """``aimonthly products`` and ``aimonthly check`` print data without terminal escapes or Rich markup;
    ``check --json`` keeps each string exactly."""
    from typer.testing import CliRunner

    from aimonthly.cli import app

    runner, w = CliRunner(), ["-w", str(planted_set.warehouse)]
    listed = runner.invoke(app, ["products", *w], env={"COLUMNS": "400"})
    assert listed.exit_code == 0, listed.output
    _terminal_safe(listed.output)
    assert "[bold red]x[/]" in listed.output  # the Rich-markup string, shown as written
    content = ["--content", str(planted_set.root / "content" / f"{planted_set.month}.md")]
    text = runner.invoke(app, ["check", planted_set.month, *w, *content], env={"COLUMNS": "400"})
    assert text.exit_code == 0, text.output
    _terminal_safe(text.output)
    raw = runner.invoke(app, ["check", planted_set.month, *w, *content, "--json"])
    findings = json.loads(raw.output)
    assert findings and {f["product"] for f in findings if f["product"]} <= {s.strip() for s in STRINGS}
