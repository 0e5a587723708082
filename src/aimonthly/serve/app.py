"""The workbench's web application (Starlette): routes, the guard every request passes, and the pages
that failures end in (404 says what exists, 503 retries while the warehouse is written, never a traceback)."""

from __future__ import annotations

import ipaddress
import re
import secrets
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aimonthly.config import Settings
from aimonthly.core.errors import AimonthlyError
from aimonthly.serve.pages.home import home
from aimonthly.serve import fonts
from aimonthly.serve.words import Words
from aimonthly.serve.pages.month import month_page
from aimonthly.serve.pages.preview import preview, preview_state
from aimonthly.serve.pages.product import product
from aimonthly.serve.pages.rankings import rankings
from aimonthly.serve.pages.reports import report_file, reports_index
from aimonthly.serve.pages.review import accept, exclude, month_text
from aimonthly.serve.pages.search import search_page
from aimonthly.serve.responses import PAGE_CSP, NotFound, page, words
from aimonthly.serve.workbench import Workbench
from aimonthly.serve.writes import Refused, Sessions
from aimonthly.warehouse.errors import WarehouseBusy

STATIC = Path(__file__).parent / "static"
ASSETS = {
    "workbench.css": "text/css",
    "preview.css": "text/css",
    "preview.js": "text/javascript",
    "icon.svg": "image/svg+xml",
}
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
PAGES = [("/", "notfound.home"), ("/reports", "notfound.reports")]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


_HOST = re.compile(r"^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$")


def host_of(header: str) -> str:
    """The host of a Host header, without its port: 'localhost:8765' -> 'localhost', '[::1]:80' -> '::1'.
    Only ``host[:port]`` is a Host: anything else ('localhost:80@evil.com', a path, a space) gives ''."""
    m = _HOST.match(header.strip().lower())
    if m is None or (m[3] is not None and int(m[3]) > 65535):
        return ""
    return m[1] or m[2]


class Guard:
    """Refuses a request whose Host is not the bound host or a loopback name (a page of another site that
    rebinds its own name to 127.0.0.1 cannot read the workbench), and gives every response the headers
    that keep a page to itself: a content security policy (no script, style or font from elsewhere)."""

    def __init__(self, app: ASGIApp, allowed: set[str]):
        self.app = app
        self.allowed = {h.lower().strip("[]") for h in allowed} | LOCAL_NAMES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        host = host_of(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.allowed:
            await PlainTextResponse(
                f"refused: this workbench answers to {', '.join(sorted(self.allowed))}, not to the "
                f"host this request names\n",
                status_code=421,
            )(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (b"content-security-policy", PAGE_CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),  # a form's POST keeps its Origin (writes.py)
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                message["headers"] = list(message.get("headers", [])) + [(k, v) for k, v in extra if k not in have]
            await send(message)

        await self.app(scope, receive, send_guarded)


def static(request: Request) -> Response:
    name = request.path_params["name"]
    t = words(request)
    if name == "fonts.css":  # names the common cut once it is made (serve/fonts.py)
        return Response(fonts.fonts_css(), media_type="text/css", headers={"Cache-Control": "max-age=60"})
    if name in ("cjk.otf", "cjk-common.woff2"):
        data = fonts.cjk_font_bytes() if name == "cjk.otf" else fonts.common_cut()
        if data is None:
            raise NotFound(t.plain("notfound.no_font"), [], "")
        kind = "font/otf" if name == "cjk.otf" else "font/woff2"
        return Response(data, media_type=kind, headers={"Cache-Control": "max-age=86400"})
    if name not in ASSETS:
        raise NotFound(t.plain("notfound.static", name=repr(name)), [], "")
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name], headers={"Cache-Control": "max-age=300"})


def favicon(request: Request) -> Response:
    return Response((STATIC / "icon.svg").read_bytes(), media_type="image/svg+xml")


def not_found(request: Request, exc: Exception) -> Response:
    t = words(request)
    if isinstance(exc, NotFound):
        return page(
            request,
            "not_found.html",
            status=404,
            message=exc.message,
            exists=exc.exists,
            heading=exc.heading,
            more=exc.more,
            title=t.plain("notfound.title"),
        )
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return page(
            request,
            "not_found.html",
            status=404,
            message=t.plain("notfound.page", path=request.url.path),
            exists=[(t.plain(key), p) for p, key in PAGES],
            heading=t.plain("notfound.start"),
            more="",
            title=t.plain("notfound.title"),
        )
    return page(
        request, "error.html", status=exc.status_code, message=str(exc.detail), hint=None, title=t.plain("error.title")
    )


def refused(request: Request, exc: Exception) -> Response:
    """A write not done: 403 (not from this workbench's page), 409 (the file changed), 400 (a bad form)."""
    assert isinstance(exc, Refused)
    t = words(request)
    month = request.path_params.get("month")
    return page(
        request,
        "error.html",
        status=exc.status,
        heading=t.plain("error.refused"),
        message=t.plain(exc.key, **exc.values),
        hint=None,
        back=f"/months/{month}" if month and exc.status != 403 else None,
        title=t.plain("error.refused"),
        headers={"Cache-Control": "no-store"},
    )


def busy(request: Request, exc: Exception) -> Response:
    return page(
        request,
        "busy.html",
        status=503,
        message=str(exc),
        title=words(request).plain("busy.title"),
        headers={"Retry-After": "2", "Cache-Control": "no-store"},
    )


def failed(request: Request, exc: Exception) -> Response:
    t = words(request)
    if isinstance(exc, AimonthlyError):
        message = str(exc).splitlines()[0]
        return page(request, "error.html", status=500, message=message, hint=exc.hint, title=t.plain("error.title"))
    # the server's console shows the traceback (uvicorn logs it); the page does not
    return page(
        request,
        "error.html",
        status=500,
        message=t.plain("error.page", kind=type(exc).__name__),
        hint=None,
        title=t.plain("error.title"),
    )


def create_app(
    settings: Settings, *, hosts: set[str] | frozenset[str] = frozenset(), read_only: bool = False
) -> ASGIApp:
    """The workbench over ``settings``' warehouse and folders; ``hosts``: names besides the loopback ones
    that a request's Host header may give (the bound host); ``read_only``: no write route at all."""
    routes = [
        Route("/", home),
        Route("/months/{month}", month_page),
        Route("/months/{month}/text", month_text),
        Route("/rankings/{lst}/{month}", rankings),
        Route("/products/{name:path}", product),
        Route("/search", search_page),
        Route("/reports", reports_index),
        Route("/reports/{month}/{name}", report_file),
        Route("/preview/{month}", preview),
        Route("/preview/{month}/state", preview_state),
        Route("/static/{name}", static),
        Route("/favicon.ico", favicon),
    ]
    if not read_only:  # the review's writes (pages/review.py): POST only, token and origin checked
        routes += [
            Route("/months/{month}/exclude", exclude, methods=["POST"]),
            Route("/months/{month}/accept", accept, methods=["POST"]),
        ]
    handlers = {
        NotFound: not_found,
        HTTPException: not_found,
        Refused: refused,
        WarehouseBusy: busy,
        AimonthlyError: failed,
        Exception: failed,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.wb = Workbench(settings)
    app.state.words = Words(settings.ui_lang)
    app.state.read_only = read_only
    app.state.secret = secrets.token_bytes(32)  # the forms' tokens: valid while this server runs
    return Guard(Sessions(app), set(hosts))
