"""What every section's analytics receive: the month, the report's data date and the settings."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from aimonthly.analytics.periods import check_month, previous_month


@dataclass(frozen=True)
class FactsContext:
    month: str  # the data month, YYYY-MM
    data_date: dt.date  # the last day the report's data covers (app ranks, prices, news windows end here)
    top_n: int = 20
    pool: int = 50
    house: Mapping[str, Any] = field(default_factory=dict)  # house settings, incl. section tables ([market], …)
    meta: Mapping[str, Any] = field(default_factory=dict)  # the month's front matter (e.g. news: {pin, drop})

    @property
    def prev_month(self) -> str:
        return previous_month(self.month)

    @property
    def month_start(self) -> dt.date:
        y, m = map(int, self.month.split("-"))
        return dt.date(y, m, 1)

    @property
    def month_end(self) -> dt.date:
        y, m = map(int, self.month.split("-"))
        return dt.date(y, m, calendar.monthrange(y, m)[1])


def make_context(month: str, data_date: dt.date | None = None, **kwargs) -> FactsContext:
    check_month(month)
    ctx = FactsContext(month, dt.date(2000, 1, 1), **kwargs)
    return FactsContext(month, data_date or ctx.month_end, **kwargs)
