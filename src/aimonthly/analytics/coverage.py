"""Coverage: whether a section's data reaches the end of the period it reports on.

A section whose data stops early (prices to 05-09 in a period to 06-09, a list with no rows this
month) says so in its text, is listed in facts.json ``coverage_gaps`` and fails ``report
--strict``. Days without data are normal for some data (weekends, exchange holidays, a quiet news
day), so each kind has an allowance, from house.toml ``[coverage]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Mapping

DEFAULTS = {"market_weekdays": 2, "app_ranks_days": 0, "news_days": 3, "announcements_days": 7, "capex_lag_days": 45}


@dataclass(frozen=True)
class Allowances:
    """house.toml [coverage]: how far before the period's end the data may stop without being a gap."""
    market_weekdays: int = 2  # weekdays (Mon–Fri) after the last close: exchange holidays
    app_ranks_days: int = 0  # daily snapshots
    news_days: int = 3
    announcements_days: int = 7
    capex_lag_days: int = 45  # a quarter's results are expected this many days after it ends

    @classmethod
    def from_house(cls, house: Mapping[str, Any]) -> "Allowances":
        from aimonthly.analytics.errors import AnalyticsError
        from aimonthly.names import suggestion

        table = dict(house.get("coverage", {}) or {})
        for key in table:
            if key not in DEFAULTS:
                raise AnalyticsError(f"unknown key {key!r} in house [coverage]{suggestion(key, DEFAULTS)}",
                                     hint=f"known keys: {', '.join(DEFAULTS)}")
        values = {**DEFAULTS, **table}
        if any(int(v) < 0 for v in values.values()):
            raise AnalyticsError("house [coverage]: allowances are days and cannot be negative")
        return cls(**{k: int(v) for k, v in values.items()})


@dataclass(frozen=True)
class CoverageGap:
    section: str  # "market", "app_store", "news", "announcements", "capex", "capex.Google", "traffic.overseas"
    period: tuple[dt.date, dt.date]  # what the section reports on
    last_day: dt.date | None  # the last day its data covers; None: no data at all

    def to_dict(self) -> dict:
        return {"section": self.section, "period": [d.isoformat() for d in self.period],
                "last_day": self.last_day.isoformat() if self.last_day else None}

    def describe(self) -> str:
        ends = f"ends {self.last_day.isoformat()}" if self.last_day else "has no rows at all"
        return f"{self.section}: the data {ends}, before the period's end {self.period[1].isoformat()}"


def weekdays_between(after: dt.date, until: dt.date) -> int:
    """Mon–Fri days in (after, until]."""
    days = (until - after).days
    if days <= 0:
        return 0
    full, rest = divmod(days, 7)
    extra = sum(1 for k in range(1, rest + 1) if (after + dt.timedelta(days=k)).weekday() < 5)
    return full * 5 + extra


def stops_early(last_day: dt.date | None, end: dt.date, allowance_days: int) -> bool:
    """Daily data: the last day with data is more than ``allowance_days`` before ``end``."""
    return last_day is None or (end - last_day).days > allowance_days


def gap_if_early(section: str, period: tuple[dt.date, dt.date], last_day: dt.date | None,
                 allowance_days: int) -> list[CoverageGap]:
    return [CoverageGap(section, period, last_day)] if stops_early(last_day, period[1], allowance_days) else []
