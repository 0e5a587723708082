"""What every section's analytics receive: the month, the report's data date and the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from aimonthly.analytics.periods import month_end, previous_month


@dataclass(frozen=True)
class FactsContext:
    month: str  # the data month, YYYY-MM
    data_date: dt.date  # the last day the report's data covers (app ranks, prices, news windows end here)
    top_n: int = 20
    pool: int = 50
    house: Mapping[str, Any] = field(default_factory=dict)  # house settings, incl. section tables ([market], …)
    meta: Mapping[str, Any] = field(default_factory=dict)  # the month's front matter (e.g. news: {pin, drop})
    exclusions: tuple = ()  # Exclusion entries from the front matter's exclude: (analytics.exclusions)
    registry: Any = None  # the product registry (analytics.registry.Registry); loaded once per build

    @property
    def prev_month(self) -> str:
        return previous_month(self.month)

    @property
    def month_start(self) -> dt.date:
        y, m = map(int, self.month.split("-"))
        return dt.date(y, m, 1)

    @property
    def month_end(self) -> dt.date:
        return month_end(self.month)


def make_context(month: str, data_date: dt.date | None = None, **kwargs) -> FactsContext:
    return FactsContext(month, data_date or month_end(month), **kwargs)
