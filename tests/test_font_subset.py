"""The CJK face that pages carry (aimonthly.core.font_subset): report.html embeds a WOFF2 cut with a glyph
for every character it shows and little more; the cut is kept (memory and disk) and made again only when
the characters change; the workbench serves its common cut and the whole face, and names them in fonts.css
behind the platform's own CJK fonts. A browser's view of the same is tests/test_serve_browser.py."""

from __future__ import annotations

import base64
import re

import html5lib
import pytest
from starlette.testclient import TestClient

import serve_kit as kit
from aimonthly.core import font_subset
from aimonthly.core.font_subset import characters, covered, woff2_subset
from aimonthly.core.fonts import cjk_font
from aimonthly.render.html import render_html
from aimonthly.serve import create_app
from aimonthly.serve.fonts import common_set
from sample_document import sample_document

pytestmark = pytest.mark.skipif(cjk_font().path is None, reason="no CJK font installed (noto-cjk-sans-otc)")


def carried(html: str) -> bytes:
    m = re.search(
        r'@font-face \{ font-family: "aimonthly CJK"; font-display: block; src: url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)',
        html,
    )
    assert m, "report.html carries no WOFF2 face"
    return base64.b64decode(m.group(1))


def shown_text(html: str) -> str:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for el in tree.iter():
        if el.tag == "style":
            el.text = ""
    return "".join(tree.itertext())


@pytest.fixture(scope="module")
def report_html():
    return render_html(sample_document())


def test_report_html_carries_a_glyph_for_every_character_it_shows(report_html):
    face = carried(report_html)
    assert face[:4] == b"wOF2"
    have = covered(face)
    text = shown_text(report_html)
    missing = {ch for ch in text if ch >= " " and ord(ch) not in have and not ch.isspace()}
    assert missing == set() and {"访", "环", "比", "亿"} <= {chr(c) for c in have}
    # just the glyphs the page uses: no character of the common set that the page lacks
    unused = {chr(c) for c in have} - set(report_html)
    assert not unused - {"\u00a0"}, sorted(unused)[:10]


def test_the_cut_is_small_beside_the_face(report_html):
    added = len(report_html) - len(render_html(sample_document(), embed_font=False))
    assert 0 < added < 600_000  # base64 of a few hundred glyphs; the whole face is 16 MB
    print(f"report.html of the sample document: {added:,} bytes for the carried face")


def test_a_cut_is_kept_and_made_again_only_for_other_characters(tmp_path, monkeypatch):
    font_subset._memory.clear()
    cuts = []
    real = font_subset._cut
    monkeypatch.setattr(font_subset, "_cut", lambda chars: cuts.append(chars) or real(chars))
    chars = characters(["环比增长 2.7%"])
    first = woff2_subset(chars, folder=tmp_path)
    font_subset._memory.clear()  # a new process: the disk keeps it
    assert woff2_subset(chars, folder=tmp_path) == first and len(cuts) == 1
    woff2_subset(characters(["环比下降"]), folder=tmp_path)
    assert len(cuts) == 2 and len(list(tmp_path.glob("*.woff2"))) == 2
    (next(tmp_path.glob("*.woff2"))).write_bytes(b"damaged")  # a damaged entry is not trusted
    font_subset._memory.clear()
    woff2_subset(chars, folder=tmp_path)
    woff2_subset(characters(["环比下降"]), folder=tmp_path)
    assert len(cuts) == 3


def test_the_workbench_names_the_platforms_fonts_first_then_its_own(tmp_path):
    planted = kit.plant(tmp_path / "desk")
    with TestClient(create_app(planted.settings), base_url="http://127.0.0.1:8765") as c:
        css = c.get("/static/fonts.css")
        assert css.status_code == 200 and css.headers["cache-control"] == "max-age=60"
        stack = re.search(r"--fonts: ([^;]+);", css.text).group(1)
        assert stack.startswith('"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"')
        assert stack.endswith('"aimonthly CJK", sans-serif')
        assert 'font-display: block; src: url("/static/cjk.otf") format("opentype")' in css.text
        whole = c.get("/static/cjk.otf")
        assert whole.status_code == 200 and len(whole.content) > 10_000_000
        page = c.get("/").text
        assert '<link rel="preload" href="/static/' in page and 'as="font"' in page
        svg = c.get("/products/Prod-007").text
        assert re.search(r'<svg class="chart" id="visits-chart"[^>]* font-family="[^"]*aimonthly CJK', svg)


def test_the_common_cut_holds_the_catalogue_and_common_characters():
    chars = {chr(c) for c in common_set()}
    assert {"环", "比", "访", "问", "量", "排", "除", "复", "核", "搜", "索", "A", "z", "0", "%", "·", "–"} <= chars
    assert 4_000 < len(chars) < 5_000
