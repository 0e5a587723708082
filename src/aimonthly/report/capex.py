"""The capex blocks: a sentence for the cover (capex.summary), a fuller paragraph for 投资建议
(capex.text) and a stacked-bar chart of each company's quarterly capex (capex.chart)."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.capex import CapexFacts
from aimonthly.analytics.context import FactsContext
from aimonthly.core.house import HouseSettings
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim
from aimonthly.narrative import capex as text
from aimonthly.narrative.claims import capex as claims
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.model import DataTable, Paragraph


def chart(f: CapexFacts, group: str, source: str, house: HouseSettings) -> ExhibitSpec:
    quarters = list(dict.fromkeys(r["quarter"] for r in f.history))
    names = {c: house.capex.name(c) for c in dict.fromkeys(r["company"] for r in f.history)}
    val = {(r["quarter"], r["company"]): r["capex"] for r in f.history}
    series = {names[c]: [(val.get((q, c)) or 0) / 1e8 for q in quarters] for c in names}
    totals = [sum((val.get((q, c)) or 0) for c in names) for q in quarters]
    who = claims.chart_title(list(names.values()), group, house.capex.companies)
    return ExhibitSpec(
        key="capex.chart",
        title=N.spaced(f"{who.subject}季度资本开支（亿美元）", keep=[who.subject]),
        source=source,
        body=charts.stacked_bars(
            quarters,
            series,
            colors=house.colors.series,
            total_labels=[N.show(t, "usd_num") for t in totals],
            ylabel="亿美元",
        ),
        data=DataTable(
            ("quarter", "company", "capex_usd"), tuple((r["quarter"], r["company"], r["capex"]) for r in f.history)
        ),
        claims=(who, *_latest_total(f, quarters, totals)),
    )


def _latest_total(f: CapexFacts, quarters: list[str], totals: list[float]) -> list[Claim]:
    """The label over the report's quarter: the total the text states, printed as the text prints it."""
    if not quarters or quarters[-1] != f.quarter or f.total is None:
        return []
    return [Claim.of(f.quarter, "quarter", "capex", totals[-1], "usd_num", path="capex.total")]


def blocks(facts: CapexFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    group = house.capex.group
    source = source_line(house, "capex", ctx)
    if facts.quarter is None:
        note = lambda: Paragraph.of("（截至数据日尚无云厂商资本开支数据，本段从略）", kind="note")  # noqa: E731
        return {"capex.summary": note, "capex.text": note, "capex.chart": note}
    configured = house.capex.companies
    return {
        "capex.summary": lambda: Paragraph.said(text.summary(facts, group, configured)),
        "capex.text": lambda: Paragraph.said(text.detail(facts, group, configured)),
        "capex.chart": lambda: chart(facts, group, source, house),
    }
