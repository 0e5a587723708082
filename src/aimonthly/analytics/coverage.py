"""Coverage: whether a section's data reaches the end of the period it reports on.

A section whose data stops early (prices to 05-09 in a period to 06-09, a list with no rows this
month) says so in its text, is listed in facts.json ``coverage_gaps`` and fails ``report
--strict``. Days without data are normal for some data (weekends, exchange holidays, a quiet news
day), so each kind has an allowance: house.toml ``[coverage]`` (``house.coverage``, typed in
core/house/coverage.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CoverageGap:
    section: str  # "market", "app_store", "news", "announcements", "capex", "capex.Google", "traffic.overseas"
    period: tuple[dt.date, dt.date]  # what the section reports on
    last_day: dt.date | None  # the last day its data covers; None: no data at all

    def to_dict(self) -> dict:
        return {
            "section": self.section,
            "period": [d.isoformat() for d in self.period],
            "last_day": self.last_day.isoformat() if self.last_day else None,
        }

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


def gap_if_early(
    section: str, period: tuple[dt.date, dt.date], last_day: dt.date | None, allowance_days: int
) -> list[CoverageGap]:
    return [CoverageGap(section, period, last_day)] if stops_early(last_day, period[1], allowance_days) else []
