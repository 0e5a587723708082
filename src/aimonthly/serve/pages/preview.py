"""``/preview/MONTH``: the month's HTML report rebuilt from the current Markdown and warehouse
(aimonthly.preview), with one script that asks ``/preview/MONTH/state`` four times a second whether
the Markdown was saved (or a batch came) since, and reloads the page when so. A Markdown error shows
as a page that keeps watching: the next save fixes it."""

from __future__ import annotations

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from aimonthly.core.errors import AimonthlyError
from aimonthly.serve.responses import PREVIEW_CSP, NotFound, page, words
from aimonthly.serve.workbench import MONTH
from aimonthly.warehouse.errors import WarehouseBusy

FONT_LINK = '<link rel="stylesheet" href="/static/fonts.css">'


def _rebuilder(request: Request):
    wb = request.app.state.wb
    t = words(request)
    month = request.path_params["month"]
    months = wb.content_months()
    if not MONTH.match(month) or month not in months:
        raise NotFound(
            t.plain("notfound.no_content", month=repr(month), dir=str(wb.content_dir), cmd="aimonthly new MONTH"),
            [(m, f"/preview/{m}") for m in months],
            t.plain("notfound.content_months"),
        )
    return wb.preview(month)


def _script(month: str, token: str) -> str:
    return (
        f'<script src="/static/preview.js" data-state="/preview/{escape(month)}/state" '
        f'data-token="{escape(token)}"></script>'
    )


def preview(request: Request) -> Response:
    rb = _rebuilder(request)
    token = rb.token()  # before the build: a save during it reloads once more
    try:
        html, check = rb.html()
    except WarehouseBusy:
        raise
    except AimonthlyError as e:
        response = page(
            request,
            "preview_error.html",
            status=500,
            month=rb.month,
            error=str(e).splitlines()[0],
            hint=e.hint,
            script_token=token,
            title=words(request).plain("preview.error_title", month=rb.month),
        )
        response.headers["Content-Security-Policy"] = PREVIEW_CSP
        return response
    head, body = html.find("</head>"), html.rfind("</body>")
    if head < 0 or body < 0:
        raise AimonthlyError("the report's HTML has no </head> or </body>")
    t = words(request)
    counts = t.plain("sep").join(t.count(f"count.{s}", check.count(s)) for s in ("error", "warning", "info"))
    link = Markup('<a href="/months/{}">{}</a>').format(rb.month, t("preview.month_link"))
    summary = t.plain("check.summary", month=rb.month, counts=counts)
    banner = Markup('<div id="aimonthly-preview" class="preview-banner" role="status">{}</div>').format(
        t("preview.banner", month=rb.month, summary=summary, link=link)
    )
    out = (
        html[:head]
        + FONT_LINK
        + '<link rel="stylesheet" href="/static/preview.css">'
        + html[head:body]
        + str(banner)
        + _script(rb.month, token)
        + html[body:]
    )
    return HTMLResponse(out, headers={"Content-Security-Policy": PREVIEW_CSP, "Cache-Control": "no-store"})


def preview_state(request: Request) -> Response:
    rb = _rebuilder(request)
    return JSONResponse({"token": rb.token()}, headers={"Cache-Control": "no-store"})
