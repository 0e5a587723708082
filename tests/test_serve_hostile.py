"""Hostile data through every page of the workbench: the corpus (tests/hostile.py) in every field, each
page compared with the same page over harmless strings. A string may show only as text: no element,
attribute or comment of a page comes from the data, every link stays on the server, and each string
is there to read (SECURITY.md)."""

from __future__ import annotations

import re

import html5lib
import pytest
from starlette.testclient import TestClient

from aimonthly.core.safe import printable
from aimonthly.pipeline import build_report
from aimonthly.serve import create_app
from aimonthly.serve.responses import product_url
from hostile import CLEAN, CORPUS, MONTH, SENTINEL_CONTENT, plant, registered

pytestmark = [
    pytest.mark.slow,  # two data sets, two report builds and two previews (about a minute)
    pytest.mark.filterwarnings("ignore:Glyph", "ignore:constrained_layout not applied"),
]

STRINGS = [s for _, s in CORPUS]
PAGES = [
    "/",
    f"/months/{MONTH}",
    f"/rankings/global/{MONTH}?per=200",
    f"/rankings/domestic/{MONTH}?per=200",
    f"/rankings/global/{MONTH}?per=200&sort=product&order=desc",
    "/reports",
    f"/preview/{MONTH}",
    "/search?q=e",
    f"/months/{MONTH}/text?line=3",
]


def served(tmp_path_factory, name, strings):
    hs = plant(tmp_path_factory.mktemp(name), strings)
    build_report(hs.settings, hs.month, formats=["html", "json"])
    return hs, TestClient(create_app(hs.settings), base_url="http://127.0.0.1:8765")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return served(tmp_path_factory, "hostile", None)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return served(tmp_path_factory, "clean", CLEAN)


def parse(text: str):
    return html5lib.parse(text, namespaceHTMLElements=False)


def structure(tree) -> tuple[set, set, int]:
    tags, attrs, comments = set(), set(), 0
    for el in tree.iter():
        if not isinstance(el.tag, str):
            comments += 1
            continue
        tags.add(el.tag)
        attrs |= {(el.tag, a) for a in el.attrib}
    return tags, attrs, comments


# The review's actions on the month page (forms per finding): which findings there are depends on the data,
# so their cells are compared with this fixed set, and the rest of the page with the clean twin.
REVIEW_TAGS = {"td", "details", "summary", "form", "input", "select", "option", "label", "button", "a"}
REVIEW_ATTRS = {"class", "method", "action", "type", "name", "value", "required", "maxlength", "placeholder", "href"}


def without_review(tree):
    for td in [el for el in tree.iter("td") if el.get("class") == "review"]:
        for el in td.iter():
            assert el.tag in REVIEW_TAGS and set(el.attrib) <= REVIEW_ATTRS, (el.tag, el.attrib)
        for child in list(td):
            td.remove(child)
    return tree


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def get(client, path):
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:500])
    return r.text


def local_only(tree) -> None:
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], el.attrib
        for a in ("href", "src", "action"):
            v = el.get(a)
            if v is not None:
                assert v.startswith(("/", "?", "#")) and not v.startswith("//"), (el.tag, a, v[:80])


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_no_element_or_attribute_from_the_data(hostile, clean, path):
    page, twin = without_review(parse(get(hostile[1], path))), without_review(parse(get(clean[1], path)))
    tags, attrs, comments = structure(page)
    clean_tags, clean_attrs, clean_comments = structure(twin)
    assert tags - clean_tags == set() and attrs - clean_attrs == set() and comments == clean_comments
    scripts = [s.get("src") for s in page.iter("script")]
    assert scripts == (["/static/preview.js"] if path.startswith("/preview") else [])
    local_only(page)


def test_each_product_page_shows_its_name_as_text(hostile, clean):
    hs, client = hostile
    _, twin = clean
    for i in registered(hs.strings):
        name = hs.strings[i].strip()
        page = parse(get(client, product_url(name)))
        clean_name = CLEAN[i][1].strip()
        tags, attrs, _ = structure(page)
        clean_tags, clean_attrs, _ = structure(parse(get(twin, product_url(clean_name))))
        assert tags - clean_tags == set() and attrs - clean_attrs == set(), name[:60]
        local_only(page)
        assert flat(printable(name)) in flat("".join(page.find(".//h1").itertext())), name[:60]


@pytest.mark.parametrize("s", STRINGS, ids=[label for label, _ in CORPUS])
def test_the_rankings_show_each_string_as_text(hostile, s):
    _, client = hostile
    text = flat("".join(parse(get(client, f"/rankings/global/{MONTH}?per=200")).find("body").itertext()))
    assert flat(printable(s.strip())) in text


def test_no_file_a_string_names_was_read(hostile):
    _, client = hostile
    for path in PAGES:
        assert SENTINEL_CONTENT not in get(client, path)
