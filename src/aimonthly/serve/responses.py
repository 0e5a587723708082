"""Rendering pages: the Jinja2 templates (every value escaped and made printable), links, and the
failures a page may end in (``NotFound`` says what exists instead)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence
from urllib.parse import quote, urlencode

import jinja2
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from aimonthly.core import numbers
from aimonthly.core.safe import printable
from aimonthly.serve.words import Words
from aimonthly.serve.svg import compact, plain

TEMPLATES = Path(__file__).parent / "templates"
# Our own pages: scripts, styles and fonts from this server only, nothing inline, no frames, no forms elsewhere.
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The report's HTML edition: its own inline style sheet and SVG styles, the font it carries, no script at all.
REPORT_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)
# The preview: the report plus the one script that reloads it.
PREVIEW_CSP = REPORT_CSP.replace("default-src 'none';", "default-src 'none'; script-src 'self'; connect-src 'self';")


class NotFound(Exception):
    """A month, list, product or file that does not exist: the 404 page says what does."""

    def __init__(self, message: str, exists: Sequence[tuple[str, str | None]] = (), heading: str = "", more: str = ""):
        super().__init__(message)
        self.message = message
        self.exists = list(exists)  # (label, link or None)
        self.heading = heading  # what the list of what exists is
        self.more = more  # a line under the list (e.g. "and 190 more")


def product_url(name: str) -> str:
    """/products/<name>, every character that could end or change the path escaped (also "." for "..")."""
    return "/products/" + quote(name, safe="").replace(".", "%2E")


def query(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` (None removes a key)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"


def _printable(value: object) -> object:
    return printable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def _count(v: Any) -> str:
    """A whole count or a rank, thousands separated (no rounding: it is whole)."""
    return "–" if v is None else f"{int(v):,}"


def _mom(v: Any) -> str:
    return "–" if v is None else numbers.signed_pct(v)


def _kb(size: int) -> str:
    return numbers.fixed(size / 1024, 0)


def _code(text: str) -> Markup:
    """A command as the catalogue's sentences show it: <code>text</code> (escaped)."""
    return Markup("<code>{}</code>").format(printable(text))


def _link(href: str, label: str) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, label)


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable,
    )
    env.filters.update(product_url=product_url, num=_count, mom=_mom, visits=compact, price=plain, kb=_kb)
    env.globals.update(code=_code, link=_link)
    return env


ENV = _env()


def words(request: Request) -> Words:
    """The catalogue in the workbench's language (the setting ui_lang)."""
    return request.app.state.words


def page(
    request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    """A template rendered with the request, the catalogue (``t``), the session's form token and the fonts."""
    from aimonthly.serve.fonts import preload
    from aimonthly.serve.writes import form_token

    t = words(request)
    html = ENV.get_template(template).render(
        request=request,
        query=lambda **c: query(request, **c),
        t=t,
        lang="zh-CN" if t.lang == "zh" else "en",
        csrf=form_token(request),
        writable=not request.app.state.read_only,
        font_preload=preload(),
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=headers)
