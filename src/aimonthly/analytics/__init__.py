"""The analytics stage: Ibis expressions over the warehouse in, plain typed facts out.

Each section module offers ``compute(con, ctx) -> facts`` where the facts object has
``to_dict()`` (its part of facts.json), ``missing`` (what data the month lacks) and
``coverage_gaps`` (data that stops before the section's period ends). A module that builds on other
sections' facts names them in ``REQUIRES``; it receives them as keyword arguments (the research
sections read the traffic section's hot products and the market section's period).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aimonthly.analytics.context import FactsContext, PriorReports, make_context
from aimonthly.analytics.coverage import CoverageGap
from aimonthly.analytics.errors import AnalyticsError, MissingData
from aimonthly.core.months import previous_month
from aimonthly.analytics.traffic import LISTS, ListFacts, TrafficFacts

__all__ = [
    "AnalyticsError",
    "CoverageGap",
    "FactsContext",
    "LISTS",
    "ListFacts",
    "MissingData",
    "MonthFacts",
    "PriorReports",
    "TrafficFacts",
    "compute_facts",
    "make_context",
    "previous_month",
    "SECTION_NAMES",
]

# Section name (its key in facts.json) -> module path under aimonthly.analytics with compute(con, ctx).
SECTION_NAMES: dict[str, str] = {
    "traffic": "aimonthly.analytics.traffic",
    "app_store": "aimonthly.analytics.app_store",
    "market": "aimonthly.analytics.market",
    "capex": "aimonthly.analytics.capex",
    "news": "aimonthly.analytics.news",
    "announcements": "aimonthly.analytics.announcements",
    "mapping": "aimonthly.analytics.mapping",  # after traffic and market, whose facts it reads
    "exposure": "aimonthly.analytics.exposure",
    "scorecard": "aimonthly.analytics.scorecard",
}


_MISSING_AS = {"app_store": "app_ranks"}  # the name ``missing`` gives a section without any rows, where it differs


@dataclass(frozen=True)
class MonthFacts:
    context: FactsContext
    sections: dict[str, Any]
    missing: list[str] = field(default_factory=list)
    coverage_gaps: list[CoverageGap] = field(default_factory=list)  # sections whose data ends before their period

    @property
    def month(self) -> str:
        return self.context.month

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["sections"][name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "data_date": self.context.data_date.isoformat(),
            **{k: v.to_dict() for k, v in self.sections.items()},
            "missing": list(self.missing),
            "coverage_gaps": [g.to_dict() for g in self.coverage_gaps],
            "exclusions": [e.to_dict() for e in self.context.exclusions],
            "vendors": {k: list(v) for k, v in self.context.vendors.items()},
        }

    def gaps_beyond_missing(self) -> list[CoverageGap]:
        """The coverage gaps of sections that do have data (the others are in ``missing`` already)."""
        return [g for g in self.coverage_gaps if _MISSING_AS.get(g.section, g.section) not in self.missing]


def compute_facts(con, ctx: FactsContext, only: list[str] | None = None) -> MonthFacts:
    """Every computed figure of the month, from an Ibis connection on the warehouse."""
    import dataclasses
    import importlib

    from aimonthly.analytics.registry import Registry

    if ctx.registry is None:  # read once; every section resolves names against it
        ctx = dataclasses.replace(ctx, registry=Registry.load(con))
    sections: dict[str, Any] = {}
    missing: list[str] = []
    gaps: list[CoverageGap] = []
    for name, module in SECTION_NAMES.items():
        if only is not None and name not in only:
            continue
        mod = importlib.import_module(module)
        given = {dep: sections[dep] for dep in getattr(mod, "REQUIRES", ()) if dep in sections}
        facts = mod.compute(con, ctx, **given)  # a dependency not computed here is computed by the module
        sections[name] = facts
        missing += list(facts.missing)
        gaps += list(getattr(facts, "coverage_gaps", []))
    if ctx.batch_vendors:  # the vendors each exhibit's batches recorded, for its source line
        from aimonthly.analytics.vendors import vendors_by_kind

        ctx = dataclasses.replace(ctx, vendors=vendors_by_kind(con, ctx, sections))
    return MonthFacts(ctx, sections, missing, gaps)
