"""The HTML edition: one self-contained page (inline CSS and SVG, no external URL), print-ready on A4."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from aimonthly.core.files import write_atomic
from aimonthly.core.font_subset import FAMILY, characters, woff2_subset
from aimonthly.core.fonts import cjk_font, font_stack
from aimonthly.render.errors import RenderError, not_drawn
from aimonthly.core.safe import printable
from aimonthly.report.model import BulletList, Chart, ChartSpec, Document, Exhibit, Paragraph, Section, TableBody

FONT_FACE_SLOT = "/* the embedded font face */"
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")
_SVG_JUNK = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->|<metadata>.*?</metadata>", re.S)
_SVG_ID = re.compile(r'(\bid="|href="#|url\(#)([^")]+)')


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable,  # every {{ value }}: printable, then escaped (our own Markup is kept as it is)
    )
    env.globals["kind"] = _kind
    env.filters["svg"] = _inline_svg
    return env


def _printable(value: object) -> object:
    return printable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _kind(b: object) -> str:
    for cls, name in (
        (Section, "section"),
        (Paragraph, "paragraph"),
        (BulletList, "bullets"),
        (Exhibit, "exhibit"),
        (Chart, "chart"),
        (TableBody, "table"),
    ):
        if isinstance(b, cls):
            return name
    raise RenderError(f"HTML 无法排版此内容：{type(b).__name__}")


def _inline_svg(svg: str, prefix: str, title: str = "") -> Markup:
    """Our own matplotlib SVG as inline markup: no prolog or metadata, ids made unique per figure, and
    ``title`` (the exhibit's alt text, as in Word) as its accessible name."""
    svg = _SVG_JUNK.sub("", svg).strip()
    if not svg.startswith("<svg"):
        raise RenderError("图表的 SVG 内容无效", hint="应以 <svg 开头")
    svg = _SVG_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    if title:
        end = svg.index(">") + 1
        svg = f'{svg[: end - 1]} role="img">' + f"<title>{escape(printable(title))}</title>" + svg[end:]
    return Markup(svg)


def _colour(value: str) -> Markup:
    if not _HEX.fullmatch(value):
        raise RenderError(f"颜色格式不对：{value!r}", hint="应为 #RRGGBB")
    return Markup(value)


def render_html(doc: Document, *, embed_font: bool = True) -> str:
    """The page; ``embed_font``: with a WOFF2 subset of the project's CJK face holding just the glyphs the
    page uses (about 240 KB for the demo), so that it renders alike on a machine without a CJK font and
    with no network. The workbench's preview leaves it out: the workbench serves the face itself."""
    for e in doc.exhibits():
        if isinstance(e.body, ChartSpec) or (isinstance(e.body, Chart) and e.body.svg is None):
            raise not_drawn(e.number, "svg")
    h = doc.house
    html = (
        _env()
        .get_template("report.html.j2")
        .render(
            doc=doc,
            cover=doc.cover,
            house=h,
            toc=doc.toc(),
            exhibits=doc.exhibits(),
            back=doc.back,
            contacts=h.contact_table() if h.contacts else None,
            font_face=Markup(FONT_FACE_SLOT),
            font_stack=Markup(font_stack()),
            primary=_colour(h.primary_color),
            accent=_colour(h.accent_color),
        )
    )
    face = _font_face(html) if embed_font and cjk_font().path is not None else ""
    return html.replace(FONT_FACE_SLOT, face, 1)


def _font_face(html: str) -> str:
    """An @font-face rule carrying the CJK face cut to the characters of ``html`` (its markup is ASCII)."""
    data = base64.b64encode(woff2_subset(characters([html]))).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-display: block; '
        f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}'
    )


def write_html(doc: Document, path: str | os.PathLike) -> Path:
    return write_atomic(path, render_html(doc), error=RenderError)
