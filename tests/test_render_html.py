"""The HTML renderer: golden page, self-contained (no external URL), every caption and anchor."""

from __future__ import annotations

import dataclasses
import re

from aimonthly.render.html import _inline_svg, render_html, write_html
from sample_document import sample_document


def test_html_golden(snapshot):
    assert render_html(sample_document(), embed_font=False) == snapshot  # the font: tests/test_font_subset.py


def test_no_external_urls():
    html = render_html(sample_document())
    rest = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in rest and "https://" not in rest
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"url\((?![#\"]data:font/woff2;base64,)", html)  # in-page references, the carried font


def test_captions_anchors_and_structure():
    doc = sample_document()
    html = render_html(doc)
    for e in doc.exhibits():
        assert f'<figure id="{e.anchor}">' in html and f'href="#{e.anchor}"' in html
        assert f"<figcaption>{e.caption}</figcaption>" in html
        assert e.source in html
    for s in doc.toc():
        assert f'id="{s.anchor}"' in html and f'href="#{s.anchor}"' in html
    assert "<h1>1 AI 应用月度数据跟踪</h1>" in html and "<h2>1.1 全球市场 AI 应用情况</h2>" in html
    assert html.count("<thead>") == 3  # two exhibits and the contacts
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # the chart inline, not escaped
    assert "<strong>计算机行业：</strong>" in html
    assert 'font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC"' in html  # the platform's first
    assert re.search(r'"Hiragino Sans GB", "aimonthly CJK", sans-serif;', html)  # then the face it carries
    assert "@page { size: A4" in html and "break-before: page" in html


def test_text_is_escaped():
    doc = sample_document()
    cover = dataclasses.replace(doc.cover, title="<b>A&B</b>")
    html = render_html(dataclasses.replace(doc, cover=cover))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html and "<b>A&B</b>" not in html


def test_matplotlib_svg_is_cleaned_and_ids_prefixed():
    doc = sample_document()
    svg = (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" xmlns="http://www.w3.org/2000/svg">'
        '<metadata><rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Matplotlib, https://matplotlib.org/'
        '</dc:title></rdf:RDF></metadata><!-- comment --><defs><clipPath id="p1"><rect/></clipPath></defs>'
        '<g clip-path="url(#p1)"><use xlink:href="#p1"/></g></svg>'
    )
    ex = doc.exhibits()[1]
    swapped = dataclasses.replace(ex, body=dataclasses.replace(ex.body, svg=svg))
    html = render_html(_replace_exhibit(doc, ex, swapped))
    assert "matplotlib.org" not in html and "DOCTYPE svg" not in html and "<?xml" not in html
    assert 'id="fig-2-p1"' in html and "url(#fig-2-p1)" in html and 'xlink:href="#fig-2-p1"' in html


def _replace_exhibit(doc, old, new):
    def walk(section):
        blocks = tuple(new if b is old else walk(b) if hasattr(b, "blocks") else b for b in section.blocks)
        return dataclasses.replace(section, blocks=blocks)

    return dataclasses.replace(doc, body=tuple(walk(s) for s in doc.body))


def test_write_html_deterministic(tmp_path):
    a, b = write_html(sample_document(), tmp_path / "a.html"), write_html(sample_document(), tmp_path / "b.html")
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.html", "b.html"]


def test_chart_svg_titled_with_the_alt_text_word_uses():
    doc = sample_document()
    chart = next(e for e in doc.exhibits() if e.key == "traffic.global.category_share")
    html = render_html(doc)
    title = f"<title>{chart.caption}。{chart.source}</title>"
    assert chart.alt_text == f"{chart.caption}。{chart.source}"
    assert html.count(title) == 1 and html.index(title) > html.index('<svg xmlns="http://www.w3.org/2000/svg"')
    hostile = dataclasses.replace(chart, title='<script>alert(1)</script> & "x"')
    svg = _inline_svg(chart.body.svg, "fig-2", hostile.alt_text)
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in svg
