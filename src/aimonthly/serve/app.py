"""The workbench's web application (Starlette): routes, the guard every request passes, and the pages
that failures end in (404 says what exists, 503 retries while the warehouse is written, never a traceback)."""

from __future__ import annotations

import ipaddress
import re
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
from aimonthly.serve.pages.month import month_page
from aimonthly.serve.pages.preview import preview, preview_state
from aimonthly.serve.pages.product import product
from aimonthly.serve.pages.rankings import rankings
from aimonthly.serve.pages.reports import report_file, reports_index
from aimonthly.serve.responses import PAGE_CSP, NotFound, page
from aimonthly.serve.workbench import Workbench
from aimonthly.warehouse.errors import WarehouseBusy

STATIC = Path(__file__).parent / "static"
ASSETS = {
    "workbench.css": "text/css",
    "fonts.css": "text/css",
    "preview.css": "text/css",
    "preview.js": "text/javascript",
    "icon.svg": "image/svg+xml",
}
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
PAGES = [("/", "the months, their data, reports and checks"), ("/reports", "every built report")]


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
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ]
                message["headers"] = list(message.get("headers", [])) + [(k, v) for k, v in extra if k not in have]
            await send(message)

        await self.app(scope, receive, send_guarded)


def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name == "cjk.otf":
        from aimonthly.serve.fonts import cjk_font_bytes

        data = cjk_font_bytes()
        if data is None:
            raise NotFound("no CJK font in this installation", [], "")
        return Response(data, media_type="font/otf", headers={"Cache-Control": "max-age=86400"})
    if name not in ASSETS:
        raise NotFound(f"no file {name!r} here", [], "")
    return Response((STATIC / name).read_bytes(), media_type=ASSETS[name], headers={"Cache-Control": "max-age=300"})


def favicon(request: Request) -> Response:
    return Response((STATIC / "icon.svg").read_bytes(), media_type="image/svg+xml")


def not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        return page(
            request,
            "not_found.html",
            status=404,
            message=exc.message,
            exists=exc.exists,
            heading=exc.heading,
            more=exc.more,
            title="Not found",
        )
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return page(
            request,
            "not_found.html",
            status=404,
            message=f"no page at {request.url.path}",
            exists=[(p, p) for p, _ in PAGES],
            heading="Start from",
            more="",
            title="Not found",
        )
    return page(request, "error.html", status=exc.status_code, message=str(exc.detail), hint=None, title="Error")


def busy(request: Request, exc: Exception) -> Response:
    return page(
        request,
        "busy.html",
        status=503,
        message=str(exc),
        title="Warehouse busy",
        headers={"Retry-After": "2", "Cache-Control": "no-store"},
    )


def failed(request: Request, exc: Exception) -> Response:
    if isinstance(exc, AimonthlyError):
        return page(request, "error.html", status=500, message=str(exc).splitlines()[0], hint=exc.hint, title="Error")
    # the server's console shows the traceback (uvicorn logs it); the page does not
    return page(
        request,
        "error.html",
        status=500,
        message=f"this page failed ({type(exc).__name__}); the server's console has the details",
        hint=None,
        title="Error",
    )


def create_app(settings: Settings, *, hosts: set[str] | frozenset[str] = frozenset()) -> ASGIApp:
    """The workbench over ``settings``' warehouse and folders; ``hosts``: names besides the loopback ones
    that a request's Host header may give (the bound host)."""
    routes = [
        Route("/", home),
        Route("/months/{month}", month_page),
        Route("/rankings/{lst}/{month}", rankings),
        Route("/products/{name:path}", product),
        Route("/reports", reports_index),
        Route("/reports/{month}/{name}", report_file),
        Route("/preview/{month}", preview),
        Route("/preview/{month}/state", preview_state),
        Route("/static/{name}", static),
        Route("/favicon.ico", favicon),
    ]
    handlers = {
        NotFound: not_found,
        HTTPException: not_found,
        WarehouseBusy: busy,
        AimonthlyError: failed,
        Exception: failed,
    }
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.wb = Workbench(settings)
    return Guard(app, set(hosts))
