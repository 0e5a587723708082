"""``/months/MONTH``: the month's check findings in full, each with its review actions (exclude, accept,
open the paragraph it quotes: pages/review.py), its datasets and batches (replaced ones too), the front
matter's exclusions and accepted findings, and its report files."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from aimonthly.analytics.exclusions import DATASETS as EXCLUDABLE
from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.check import Finding
from aimonthly.serve.words import Words
from aimonthly.serve.checks import month_check
from aimonthly.serve.responses import NotFound, page, words
from aimonthly.serve.workbench import MONTH
from aimonthly.warehouse.inventory import month_batches


def known_months(wb) -> list[str]:
    inventory, _ = wb.inventory()
    return sorted(set(inventory) | set(wb.report_months()) | set(wb.content_months()), reverse=True)


def month_or_404(wb, month: str, t: Words) -> str:
    months = known_months(wb)
    if not MONTH.match(month) or month not in months:
        raise NotFound(
            t.plain("notfound.month", month=repr(month)),
            [(m, f"/months/{m}") for m in months[:36]],
            t.plain("notfound.months"),
            t.plain("notfound.more_months", n=len(months) - 36) if len(months) > 36 else "",
        )
    return month


def subject(f: Finding) -> str:
    """What an accept entry names: the finding's product, else its list, else its data set (as the check
    matches ``accept:`` entries)."""
    return f.product or f.list or f.dataset


def actions(f: Finding, accepted: set[tuple[str, str]]) -> dict:
    """What the review may do with a finding: exclude its product, accept it, open its paragraph."""
    return {
        "subject": subject(f),
        "exclude": f.severity != "info" and f.dataset in EXCLUDABLE and bool(f.product),
        "accept": f.severity != "info",
        "accepted": (f.rule, subject(f)) in accepted,
        "line": f.values.get("line") if isinstance(f.values.get("line"), int) else None,
    }


def month_page(request: Request) -> Response:
    wb = request.app.state.wb
    t = words(request)
    month = month_or_404(wb, request.path_params["month"], t)
    inventory, _ = wb.inventory()
    data = inventory.get(month, {})

    def batches():
        with wb.read() as wh:
            return month_batches(wh, month)

    check = month_check(wb, month)
    accepted = {(a["rule"], a["subject"]) for a in check.accepted}
    findings = [(f, actions(f, accepted)) for f in check.report.findings] if check.report else []
    lists = [lst for lst in LISTS if "traffic" in data and lst in data["traffic"].parts]
    done = request.query_params.get("done")
    return page(
        request,
        "month.html",
        month=month,
        data=data,
        check=check,
        findings=findings,
        lists=lists,
        batches=wb.cached("batches", (month,), batches),
        files=wb.report_files(month),
        content=wb.content_file(month).is_file(),
        content_name=wb.content_file(month).name,
        digest=check.digest,
        done=done if done in ("exclude", "accept") else None,
        title=t.plain("month.title", month=month),
    )
