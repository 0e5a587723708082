"""``/reports``: every built report (month, build time, files), and ``/reports/MONTH/FILE``: one file,
for reading in the browser or (``?download``) as a download. Only the five report files of a month
folder under the output folder are served: the month and the name are checked against what exists,
never joined into a path from the request."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from aimonthly.pipeline import FILE_NAMES
from aimonthly.serve.responses import REPORT_CSP, NotFound, page, words
from aimonthly.warehouse.access import file_stamp
from aimonthly.warehouse.errors import WarehouseError
from aimonthly.warehouse.records import built_reports

MEDIA = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
INLINE = {"pdf", "html", "json"}  # what a browser shows; the others download
FONT_LINK = '<link rel="stylesheet" href="/static/fonts.css">'


def build_times(wb) -> dict[str, dt.datetime]:
    """month -> when its last build was recorded in the warehouse (none while a writer holds it)."""

    def compute():
        try:
            with wb.read() as wh:
                return {r["month"]: r["built_at"] for r in built_reports(wh)}
        except WarehouseError:
            return {}

    return wb.small.get(("built", file_stamp(wb.warehouse)), compute)


def reports_index(request: Request) -> Response:
    wb = request.app.state.wb
    recorded = build_times(wb)
    rows = []
    for m in wb.report_months():
        files = wb.report_files(m)
        newest = max(p.stat().st_mtime for p in files.values())
        rows.append(
            {
                "month": m,
                "files": {fmt: p.stat().st_size for fmt, p in files.items()},
                "built": recorded.get(m) or dt.datetime.fromtimestamp(newest).replace(microsecond=0),
                "recorded": m in recorded,
            }
        )
    return page(
        request,
        "reports.html",
        rows=rows,
        names=FILE_NAMES,
        output_dir=str(wb.output_dir),
        title=words(request).plain("reports.title"),
    )


def report_file(request: Request) -> Response:
    wb = request.app.state.wb
    month, name = request.path_params["month"], request.path_params["name"]
    months = wb.report_months()
    fmt = next((f for f, n in FILE_NAMES.items() if n == name), None)
    files = wb.report_files(month) if month in months else {}
    t = words(request)
    if fmt is None or fmt not in files:
        listed = [(f"{m}/{n.name}", f"/reports/{m}/{n.name}") for m in months for n in wb.report_files(m).values()]
        raise NotFound(
            t.plain("notfound.report_file", file=f"{month}/{name}") if month in months else t.plain("notfound.report"),
            listed[:40],
            t.plain("notfound.report_files"),
        )
    path = files[fmt]
    if wb.output_dir.resolve() not in path.resolve().parents:  # a link out of the folder: not ours to serve
        raise NotFound(t.plain("notfound.report"), [], "")
    download = "download" in request.query_params
    if fmt == "html" and not download:  # read in the browser; a report that carries no font gets the server's
        html = path.read_text(encoding="utf-8")
        at = html.find("</head>")
        html = html[:at] + FONT_LINK + html[at:] if at >= 0 and "@font-face" not in html[:at] else html
        return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})
    disposition = "inline" if fmt in INLINE and not download else "attachment"
    return FileResponse(
        path,
        media_type=MEDIA[fmt],
        content_disposition_type=disposition,
        filename=f"{month}-{name}",
        headers={"Content-Security-Policy": REPORT_CSP},
    )
