"""What every section's analytics receive: the month, the report's data date and the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from aimonthly.core.house import HouseSettings, default_house
from aimonthly.core.months import month_end, month_start, previous_month


@dataclass(frozen=True)
class FactsContext:
    month: str  # the data month, YYYY-MM
    data_date: dt.date  # the last day the report's data covers (app ranks, prices, news windows end here)
    top_n: int = 20
    pool: int = 50
    house: HouseSettings = field(default_factory=default_house)  # house settings, incl. each section's ([market], …)
    meta: Mapping[str, Any] = field(default_factory=dict)  # the month's front matter (e.g. news: {pin, drop})

    @property
    def prev_month(self) -> str:
        return previous_month(self.month)

    @property
    def month_start(self) -> dt.date:
        return month_start(self.month)

    @property
    def month_end(self) -> dt.date:
        return month_end(self.month)


def make_context(month: str, data_date: dt.date | None = None, **kwargs: Any) -> FactsContext:
    return FactsContext(month, data_date or month_end(month), **kwargs)
