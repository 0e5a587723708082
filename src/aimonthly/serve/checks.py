"""``aimonthly check`` for the workbench: a month's findings, computed once per data version and
Markdown save, and the front matter's exclusions that came with them."""

from __future__ import annotations

from dataclasses import dataclass

from aimonthly.analytics.exclusions import Exclusion
from aimonthly.check import CheckReport
from aimonthly.core.errors import AimonthlyError
from aimonthly.pipeline import analyse
from aimonthly.content.month import load_content
from aimonthly.serve.workbench import Workbench
from aimonthly.warehouse.access import writer_holding
from aimonthly.warehouse.errors import WarehouseBusy, WarehouseLocked


@dataclass(frozen=True)
class MonthCheck:
    report: CheckReport | None  # None when the check could not run
    error: str | None = None  # why not: the Markdown's or the data's error, as the CLI says it
    hint: str | None = None
    exclusions: tuple[Exclusion, ...] = ()

    def counts(self) -> dict[str, int]:
        return {s: self.report.count(s) for s in ("error", "warning", "info")} if self.report else {}


def month_check(wb: Workbench, month: str) -> MonthCheck:
    def compute() -> MonthCheck:
        if (who := writer_holding(wb.warehouse)) is not None:
            raise WarehouseBusy(f"{wb.warehouse} is being written by another process{who}")
        path = wb.content_file(month)
        try:
            content = load_content(path) if path.is_file() else None
            facts, report = analyse(wb.settings, month, content)
        except WarehouseLocked as e:  # a writer came first: not an answer to keep
            raise WarehouseBusy(str(e), hint=e.hint) from e
        except AimonthlyError as e:
            return MonthCheck(None, str(e).splitlines()[0], e.hint)
        return MonthCheck(report, exclusions=facts.context.exclusions)

    return wb.cached("check", (month, wb.content_state(month)), compute)
