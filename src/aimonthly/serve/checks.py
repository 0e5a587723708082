"""``aimonthly check`` for the workbench: a month's findings, computed once per data version and
Markdown save, with what came with them: the front matter's exclusions and accepted findings, and the
digest of the file they were read from (the review's forms carry it: a file changed since is not written)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from aimonthly.analytics.exclusions import Exclusion
from aimonthly.check import CheckReport
from aimonthly.core.errors import AimonthlyError
from aimonthly.pipeline import analyse
from aimonthly.content.month import parse_content
from aimonthly.content.errors import ContentError
from aimonthly.content.review import accepted
from aimonthly.serve.workbench import Workbench
from aimonthly.warehouse.access import writer_holding
from aimonthly.warehouse.errors import WarehouseBusy, WarehouseLocked


@dataclass(frozen=True)
class MonthCheck:
    report: CheckReport | None  # None when the check could not run
    error: str | None = None  # why not: the Markdown's or the data's error, as the CLI says it
    hint: str | None = None
    exclusions: tuple[Exclusion, ...] = ()
    accepted: tuple[dict, ...] = ()  # the front matter's accept: entries (rule, subject, reason)
    digest: str = ""  # SHA-256 of the month's file as read ('' when there is none)

    def counts(self) -> dict[str, int]:
        return {s: self.report.count(s) for s in ("error", "warning", "info")} if self.report else {}


def month_check(wb: Workbench, month: str) -> MonthCheck:
    def compute() -> MonthCheck:
        if (who := writer_holding(wb.warehouse)) is not None:
            raise WarehouseBusy(f"{wb.warehouse} is being written by another process{who}")
        path = wb.content_file(month)
        raw = path.read_bytes() if path.is_file() else None
        digest = hashlib.sha256(raw).hexdigest() if raw is not None else ""
        try:
            try:
                content = parse_content(raw.decode("utf-8-sig"), path) if raw is not None else None
            except UnicodeDecodeError as e:
                raise ContentError(f"{path}: not UTF-8 text") from e
            facts, report = analyse(wb.settings, month, content)
        except WarehouseLocked as e:  # a writer came first: not an answer to keep
            raise WarehouseBusy(str(e), hint=e.hint) from e
        except AimonthlyError as e:
            return MonthCheck(None, str(e).splitlines()[0], e.hint, digest=digest)
        taken = tuple(accepted(content.meta)) if content else ()
        return MonthCheck(report, exclusions=facts.context.exclusions, accepted=taken, digest=digest)

    return wb.cached("check", (month, wb.content_state(month)), compute)
