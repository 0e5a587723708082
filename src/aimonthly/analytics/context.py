"""What every section's analytics receive: the month, the report's data date and the settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from aimonthly.core.house import HouseSettings, default_house
from aimonthly.core.months import check_month, month_end, month_start, previous_month

if TYPE_CHECKING:
    from aimonthly.analytics.exclusions import Exclusion
    from aimonthly.analytics.registry import Registry


@dataclass(frozen=True)
class PriorReports:
    """What earlier reports covered, so that a month's digests start after them and print nothing twice."""

    month: str | None = None  # the previous month's report, when there is one
    data_date: dt.date | None = None  # its data date: the digests of this month start the day after
    source: str | None = None  # where that date was read: the month's content file or the warehouse's build record
    printed: Mapping[str, frozenset[str]] = field(
        default_factory=dict
    )  # "news" / "announcements" -> ids printed before

    def to_dict(self) -> dict | None:
        if self.month is None:
            return None
        return {
            "month": self.month,
            "data_date": self.data_date.isoformat() if self.data_date else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class FactsContext:
    month: str  # the data month, YYYY-MM
    data_date: dt.date  # the last day the report's data covers (app ranks, prices, news windows end here)
    top_n: int = 20
    pool: int = 50
    house: HouseSettings = field(default_factory=default_house)  # house settings, incl. each section's ([market], …)
    meta: Mapping[str, Any] = field(default_factory=dict)  # the month's front matter (e.g. news: {pin, drop})
    prior: PriorReports = field(default_factory=PriorReports)  # the earlier reports' data date and printed items
    exclusions: tuple[Exclusion, ...] = ()  # the front matter's exclude: entries (analytics.exclusions)
    registry: Registry | None = None  # the product registry; compute_facts loads it once per build
    batch_vendors: Mapping[int, str] = field(default_factory=dict)  # batch_id -> its vendor (batches.source)
    vendors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # exhibit kind -> vendors (compute_facts)

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
    month = check_month(month)  # "2024-5" -> "2024-05"
    return FactsContext(month, data_date or month_end(month), **kwargs)
