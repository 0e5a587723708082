"""The month's review, done on its page: each finding of the check can be excluded (a product, on its list
or every list, with a reason: the front matter's ``exclude:``) or accepted (an error judged and explained:
``accept: [{rule, subject, reason}]``), and a finding that quotes the Markdown opens its paragraph.

``POST /months/MONTH/exclude`` and ``POST /months/MONTH/accept`` write the month's file
(aimonthly.content.review: round-trip YAML, atomic, refused when the file changed since the page was
loaded) after aimonthly.serve.writes has checked the session's token and the request's origin; then they
send the browser back to the month's page, where the check has run again on the new file (its cache key
is the file's stamp) and an open preview reloads itself. ``GET /months/MONTH/text?line=N`` shows the file
with line N's paragraph marked. None of the write routes exists under ``serve --read-only``.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from aimonthly.analytics.exclusions import DATASETS as EXCLUDABLE
from aimonthly.analytics.exclusions import LISTS
from aimonthly.content.errors import ContentError
from aimonthly.content.review import FileChanged, add_acceptance, add_exclusion
from aimonthly.serve.pages.month import month_or_404
from aimonthly.serve.responses import NotFound, page, words
from aimonthly.serve.writes import Refused, write_form


def _file(request: Request):
    wb = request.app.state.wb
    month = month_or_404(wb, request.path_params["month"], words(request))
    return wb, month, wb.content_file(month)


async def _write(request: Request, action: str, write) -> Response:
    wb, month, file = _file(request)
    fields = await write_form(request)
    if not file.is_file():
        raise Refused(409, "review.no_content", cmd=f"aimonthly new {month}")
    try:
        await run_in_threadpool(write, file, fields.get("digest", ""), fields)
    except FileChanged:
        raise Refused(409, "error.changed", file=file.name) from None
    except (ContentError, KeyError) as e:
        raise Refused(400, "error.bad_form", what=str(e).splitlines()[0]) from None
    return RedirectResponse(f"/months/{month}?done={action}#check", status_code=303)


def _exclude(file, digest: str, f: dict[str, str]) -> str:
    dataset = f.get("dataset", "")
    if dataset not in EXCLUDABLE:
        raise ContentError(f"dataset {dataset!r} cannot be excluded (one of {', '.join(EXCLUDABLE)})")
    scope: tuple[str, str] | None = None
    where = f.get("list", "")
    if where and dataset == "traffic":
        if where not in LISTS:
            raise ContentError(f"list {where!r} is not a traffic list")
        scope = ("list", where)
    elif where and dataset == "app_ranks":
        scope = ("keyword", where)
    return add_exclusion(file, digest, dataset=dataset, product=f["product"], reason=f.get("reason", ""), scope=scope)


def _accept(file, digest: str, f: dict[str, str]) -> str:
    return add_acceptance(file, digest, rule=f["rule"], subject=f["subject"], reason=f.get("reason", ""))


async def exclude(request: Request) -> Response:
    return await _write(request, "exclude", _exclude)


async def accept(request: Request) -> Response:
    return await _write(request, "accept", _accept)


def paragraph_of(lines: list[str], line: int) -> range:
    """The lines (1-based) of the paragraph holding ``line``: the run of non-blank lines around it."""
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return range(line, line + 1) if 1 <= line <= len(lines) else range(0)
    start = end = line
    while start > 1 and lines[start - 2].strip():
        start -= 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return range(start, end + 1)


def month_text(request: Request) -> Response:
    wb, month, file = _file(request)
    t = words(request)
    if not file.is_file():
        raise NotFound(
            t.plain("notfound.no_content", month=month, dir=str(wb.content_dir), cmd=f"aimonthly new {month}"),
            [(m, f"/months/{m}/text") for m in wb.content_months()],
            t.plain("notfound.content_months"),
        )
    lines = file.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    try:
        line = int(request.query_params.get("line") or 0)
    except ValueError:
        line = 0
    marked = paragraph_of(lines, line)
    return page(
        request,
        "text.html",
        month=month,
        file=file.name,
        lines=list(enumerate(lines, 1)),
        marked=set(marked),
        line=line if marked else 0,
        title=file.name,
    )
