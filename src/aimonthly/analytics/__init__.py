"""The analytics stage: Ibis expressions over the warehouse in, plain typed facts out."""

from __future__ import annotations

from dataclasses import dataclass, field

from aimonthly.analytics.errors import AnalyticsError, MissingData
from aimonthly.analytics.periods import check_month, previous_month
from aimonthly.analytics.traffic import LISTS, ListFacts, traffic_facts

__all__ = ["AnalyticsError", "LISTS", "ListFacts", "MissingData", "MonthFacts", "compute_facts", "previous_month"]


@dataclass(frozen=True)
class MonthFacts:
    month: str
    traffic: dict[str, ListFacts]
    missing: list[str] = field(default_factory=list)  # what the month lacks, for notes and --strict

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "traffic": {k: v.to_dict() for k, v in self.traffic.items()},
            "missing": list(self.missing),
        }


def compute_facts(con, month: str, *, top_n: int = 20, pool: int = 50) -> MonthFacts:
    """Every computed figure of the month, from an Ibis connection on the warehouse."""
    check_month(month)
    traffic = traffic_facts(con, month, top_n=top_n, pool=pool)
    missing = [f"traffic.{lst}" for lst in LISTS if lst not in traffic]
    return MonthFacts(month=month, traffic=traffic, missing=missing)
