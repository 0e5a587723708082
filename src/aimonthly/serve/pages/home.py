"""``/``: the months that have data, per dataset, and for each month its report and its check."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from aimonthly.core.datasets import DATASETS
from aimonthly.serve.checks import month_check
from aimonthly.serve.responses import page, words
from aimonthly.warehouse.history import time_column

GRID = [name for name in DATASETS if time_column(name) is not None]  # datasets with a month, date or quarter


def home(request: Request) -> Response:
    wb = request.app.state.wb
    inventory, summary = wb.inventory()
    reports, contents = wb.report_months(), wb.content_months()
    months = sorted(set(inventory) | set(reports) | set(contents), reverse=True)
    rows = []
    for m in months:
        # the check runs for the months a report is written for (a Markdown file or a built report);
        # the month's page runs it for any month
        check = month_check(wb, m) if m in reports or m in contents else None
        rows.append(
            {"month": m, "data": inventory.get(m, {}), "report": m in reports, "content": m in contents, "check": check}
        )
    return page(request, "home.html", rows=rows, grid=GRID, summary=summary, title=words(request).plain("home.title"))
