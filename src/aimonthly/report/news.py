"""The news digest blocks (2.1 海外 and 2.2.2 国内): per printed item a bold title paragraph and a
dated summary paragraph; every item of the window, grouped, goes to the data pack. The summary is
the extractive one, unless the front matter gives the item's own (``news: {summary: {id: text}}``,
the analyst's text, e.g. a draft of ``aimonthly draft`` that the analyst kept)."""

from __future__ import annotations

from typing import Any, Mapping

from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.news import REGIONS, NewsFacts
from aimonthly.core.house import HouseSettings
from aimonthly.narrative import coverage
from aimonthly.narrative import news as text
from aimonthly.core import numbers as N
from aimonthly.report.blocks import Blocks, source_line
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataSheet, DataTable, Paragraph, Run

REGION_NAMES = {"overseas": "海外", "domestic": "国内"}
COLUMNS = (
    "status",
    "group",
    "id",
    "date",
    "source",
    "title",
    "region",
    "region_inferred",
    "region_rule",
    "score",
    "pinned",
    "url",
    "body",
)


def items_sheet(facts: NewsFacts, region: str, source: str) -> DataSheet:
    """Every item of the window in this region: the printed ones (each followed by the other
    reports of its event), then the rest by score, with why each was or was not printed."""
    rows = tuple(
        (
            i.status,
            i.group,
            i.id,
            i.date.isoformat(),
            i.source,
            i.title,
            i.region,
            i.region_inferred,
            i.region_rule,
            i.score,
            i.pinned,
            i.url,
            i.body,
        )
        for i in facts.items.get(region, [])
    )
    return DataSheet(f"news.{region}.items", f"{REGION_NAMES[region]}新闻清单", source, DataTable(COLUMNS, rows))


def digest(facts: NewsFacts, region: str, source: str, summaries: Mapping[str, Any] | None = None) -> tuple | Paragraph:
    end = facts.window[1]
    if facts.missing:
        said = f"，{coverage.data_until('新闻', facts.last_day, end)}" if facts.coverage_gaps else ""
        return Paragraph.of(N.spaced(f"（报告期内无行业新闻数据{said}，本节从略）"), kind="note")
    out: list = []
    if facts.coverage_gaps:  # the digest is short because the data stops early: say so first
        out.append(Paragraph.of(N.spaced(coverage.note("新闻", facts.last_day, end)), kind="note"))
    for i in facts.printed.get(region, []):
        out.append(Paragraph((Run(N.spaced(i.title), bold=True),), kind="item-title"))
        own = (summaries or {}).get(i.id)
        out.append(
            Paragraph.of(
                N.spaced(str(own).strip())
                if isinstance(own, str) and own.strip()
                else text.summary(i.date, i.title, i.body, facts.summary_chars)
            )
        )
    if not facts.printed.get(region):
        out.append(Paragraph.of(f"（报告期内无{REGION_NAMES[region]}新闻入选）", kind="note"))
    gone = [{"product": e["title"], "reason": e["reason"]} for e in facts.excluded if e["region"] == region]
    return with_note((*out, items_sheet(facts, region, source)), "news", gone)


def blocks(facts: NewsFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """news.overseas and news.domestic."""
    source = source_line(house, "news", ctx)
    front = (ctx.meta.get("news") if ctx is not None else None) or {}
    summaries = front.get("summary") if isinstance(front, Mapping) else None
    summaries = summaries if isinstance(summaries, Mapping) else {}
    return {f"news.{r}": (lambda r=r: digest(facts, r, source, summaries)) for r in REGIONS}
