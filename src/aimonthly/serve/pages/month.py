"""``/months/MONTH``: the month's check findings in full, its datasets and batches (replaced ones too),
the front matter's exclusions, and its report files."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.serve.checks import month_check
from aimonthly.serve.responses import NotFound, page
from aimonthly.serve.workbench import MONTH
from aimonthly.warehouse.inventory import month_batches


def known_months(wb) -> list[str]:
    inventory, _ = wb.inventory()
    return sorted(set(inventory) | set(wb.report_months()) | set(wb.content_months()), reverse=True)


def month_or_404(wb, month: str) -> str:
    months = known_months(wb)
    if not MONTH.match(month) or month not in months:
        raise NotFound(
            f"no month {month!r}: the warehouse has no data for it, and there is neither a report nor a "
            f"Markdown file of it",
            [(m, f"/months/{m}") for m in months[:36]],
            "Months that exist",
            f"and {len(months) - 36} more on the first page" if len(months) > 36 else "",
        )
    return month


def month_page(request: Request) -> Response:
    wb = request.app.state.wb
    month = month_or_404(wb, request.path_params["month"])
    inventory, _ = wb.inventory()
    data = inventory.get(month, {})

    def batches():
        with wb.read() as wh:
            return month_batches(wh, month)

    check = month_check(wb, month)
    lists = [lst for lst in LISTS if "traffic" in data and lst in data["traffic"].parts]
    return page(
        request,
        "month.html",
        month=month,
        data=data,
        check=check,
        lists=lists,
        batches=wb.cached("batches", (month,), batches),
        files=wb.report_files(month),
        content=wb.content_file(month).is_file(),
        content_name=wb.content_file(month).name,
        title=f"Month {month}",
    )
