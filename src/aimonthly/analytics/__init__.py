"""The analytics stage: Ibis expressions over the warehouse in, plain typed facts out.

Each section module offers ``compute(con, ctx) -> facts`` where the facts object has
``to_dict()`` (its part of facts.json) and ``missing`` (what data the month lacks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aimonthly.analytics.context import FactsContext, make_context
from aimonthly.analytics.errors import AnalyticsError, MissingData
from aimonthly.analytics.periods import previous_month
from aimonthly.analytics.traffic import LISTS, ListFacts, TrafficFacts

__all__ = ["AnalyticsError", "FactsContext", "LISTS", "ListFacts", "MissingData", "MonthFacts", "TrafficFacts",
           "compute_facts", "make_context", "previous_month", "SECTION_NAMES"]

# Section name (its key in facts.json) -> module path under aimonthly.analytics with compute(con, ctx).
SECTION_NAMES: dict[str, str] = {
    "traffic": "aimonthly.analytics.traffic",
    "app_store": "aimonthly.analytics.app_store",
    "market": "aimonthly.analytics.market",
    "capex": "aimonthly.analytics.capex",
    "news": "aimonthly.analytics.news",
    "announcements": "aimonthly.analytics.announcements",
}


@dataclass(frozen=True)
class MonthFacts:
    context: FactsContext
    sections: dict[str, Any]
    missing: list[str] = field(default_factory=list)

    @property
    def month(self) -> str:
        return self.context.month

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["sections"][name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> dict:
        return {"month": self.month, "data_date": self.context.data_date.isoformat(),
                **{k: v.to_dict() for k, v in self.sections.items()}, "missing": list(self.missing),
                "exclusions": [e.to_dict() for e in self.context.exclusions]}


def compute_facts(con, ctx: FactsContext, only: list[str] | None = None) -> MonthFacts:
    """Every computed figure of the month, from an Ibis connection on the warehouse."""
    import dataclasses
    import importlib

    from aimonthly.analytics.registry import Registry

    if ctx.registry is None:  # read once; every section resolves names against it
        ctx = dataclasses.replace(ctx, registry=Registry.load(con))
    sections, missing = {}, []
    for name, module in SECTION_NAMES.items():
        if only is not None and name not in only:
            continue
        facts = importlib.import_module(module).compute(con, ctx)
        sections[name] = facts
        missing += list(facts.missing)
    return MonthFacts(ctx, sections, missing)
