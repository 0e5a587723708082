"""The capex blocks: a sentence for the cover (capex.summary), a fuller paragraph for 投资建议
(capex.text) and a stacked-bar chart of each company's quarterly capex (capex.chart)."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.capex import CapexFacts
from aimonthly.analytics.context import FactsContext
from aimonthly.core.house import HouseSettings
from aimonthly.narrative import capex as text
from aimonthly.core import numbers as N
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.model import DataTable, Paragraph


def chart(f: CapexFacts, group: str, source: str, house: HouseSettings) -> ExhibitSpec:
    quarters = list(dict.fromkeys(r["quarter"] for r in f.history))
    names = {c: house.capex.name(c) for c in dict.fromkeys(r["company"] for r in f.history)}
    val = {(r["quarter"], r["company"]): r["capex"] for r in f.history}
    series = {names[c]: [(val.get((q, c)) or 0) / 1e8 for q in quarters] for c in names}
    totals = [sum((val.get((q, c)) or 0) for c in names) for q in quarters]
    return ExhibitSpec(
        key="capex.chart",
        title=f"{group}季度资本开支（亿美元）",
        source=source,
        body=charts.stacked_bars(
            quarters, series, colors=house.colors.series, total_labels=[N.yi(t) for t in totals], ylabel="亿美元"
        ),
        data=DataTable(
            ("quarter", "company", "capex_usd"), tuple((r["quarter"], r["company"], r["capex"]) for r in f.history)
        ),
    )


def blocks(facts: CapexFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    group = house.capex.group
    source = source_line(house, "capex", ctx)
    if facts.quarter is None:
        note = lambda: Paragraph.of("（截至数据日尚无云厂商资本开支数据，本段从略）", kind="note")  # noqa: E731
        return {"capex.summary": note, "capex.text": note, "capex.chart": note}
    return {
        "capex.summary": lambda: Paragraph.of(N.spaced(text.summary(facts, group))),
        "capex.text": lambda: Paragraph.of(N.spaced(text.detail(facts, group))),
        "capex.chart": lambda: chart(facts, group, source, house),
    }
