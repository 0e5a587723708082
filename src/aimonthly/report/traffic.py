"""The traffic blocks (sections 1.1 and 1.2): paragraphs, tables and charts for each list."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.traffic import LISTS, ListFacts, TrafficFacts
from aimonthly.core.house import HouseSettings
from aimonthly.core import numbers as N
from aimonthly.narrative import traffic as text
from aimonthly.narrative.traffic import LIST_NAMES
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line, vendors_of
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody


def _mom_cell(x: float | None) -> str:
    return "-" if x is None else N.pct(x)


def top_visits(f: ListFacts, source: str) -> ExhibitSpec:
    rows = f.top_visits
    return ExhibitSpec(
        key=f"traffic.{f.list}.top_visits",
        title=f"{LIST_NAMES[f.list]}访问量 Top{f.top_label} AI 产品排名情况",
        source=source,
        body=TableBody(
            header=("排名", "产品", "公司", "类别", "访问量（万次）", "环比"),
            rows=tuple(
                (
                    str(r["rank"]),
                    r["product"],
                    r["company"] or "-",
                    r["category"] or "-",
                    N.wan(r["visits"]),
                    _mom_cell(r["mom"]),
                )
                for r in rows
            ),
            align=("c", "l", "l", "l", "r", "r"),
            widths=(0.8, 2.6, 2.6, 1.8, 1.8, 1.2),
        ),
        data=DataTable(
            ("rank", "product", "company", "category", "visits", "mom"),
            tuple((r["rank"], r["product"], r["company"], r["category"], r["visits"], r["mom"]) for r in rows),
        ),
    )


def growth_title(f: ListFacts) -> str:
    """'Top20' when all the ranked products grew; otherwise how many did, so no decline passes for growth."""
    n, up = len(f.top_growth), sum(1 for r in f.top_growth if r["mom"] > 0)
    name = LIST_NAMES[f.list]
    if up == n:
        return f"{name}访问量环比增速 Top{n} AI 产品情况"
    said = f"仅 {up} 款环比增长" if up else "均为环比下降"
    return f"{name}访问量环比增速居前的 {n} 款 AI 产品情况（{said}）"


def top_growth(f: ListFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.top_growth
    return ExhibitSpec(
        key=f"traffic.{f.list}.top_growth",
        title=growth_title(f),
        source=source,
        body=charts.hbar(
            [r["product"] for r in rows],
            [r["mom"] for r in rows],
            value_labels=[N.pct(r["mom"]) for r in rows],
            color=house.colors.primary,
            negative_color=house.colors.series[3 % len(house.colors.series)],
            xlabel="访问量环比增速",
            percent=True,
        ),
        data=DataTable(
            ("rank", "product", "category", "visits", "mom"),
            tuple((r["rank"], r["product"], r["category"], r["visits"], r["mom"]) for r in rows),
        ),
    )


def category_share(f: ListFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.category_share
    return ExhibitSpec(
        key=f"traffic.{f.list}.category_share",
        title=f"{LIST_NAMES[f.list]}访问量 Top{f.pool_label} AI 产品细分类别分布",
        source=source,
        body=charts.donut([r["category"] for r in rows], [r["share"] for r in rows], colors=house.colors.series),
        data=DataTable(("category", "visits", "share"), tuple((r["category"], r["visits"], r["share"]) for r in rows)),
    )


def top_duration(f: ListFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.top_duration
    return ExhibitSpec(
        key=f"traffic.{f.list}.top_duration",
        title=f"{LIST_NAMES[f.list]}单次访问时长 Top{len(rows)} AI 产品排名",
        source=source,
        body=charts.hbar(
            [r["product"] for r in rows],
            [r["minutes"] for r in rows],
            value_labels=[f"{r['minutes']:.2f}" for r in rows],
            color=house.colors.series[2 % len(house.colors.series)],
            xlabel="平均单次访问时长（分钟）",
        ),
        data=DataTable(
            ("rank", "product", "category", "minutes"),
            tuple((r["rank"], r["product"], r["category"], r["minutes"]) for r in rows),
        ),
    )


def _missing(what: str) -> Paragraph:
    return Paragraph.of(f"（{what}）", kind="note")


def blocks(facts: TrafficFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """The section's blocks, for the builder (see aimonthly.report.BLOCK_MODULES)."""
    return traffic_blocks(facts.lists, house, latest=getattr(facts, "latest", {}), ctx=ctx)


def traffic_blocks(
    facts: dict[str, ListFacts],
    house: HouseSettings,
    latest: dict[str, str | None] | None = None,
    ctx: FactsContext | None = None,
) -> Blocks:
    """Blocks for every list; a list without data, or a column a list lacks, becomes a plain note (a list
    without the month says which month its data reaches, from ``latest``). Each list's source line names
    the vendors its batches recorded (``ctx.vendors``), else the house's."""
    blocks: Blocks = {}
    for lst in LISTS:
        source = source_line(house, f"traffic.{lst}", ctx)
        vendor = house.vendor("traffic", vendors_of(ctx, f"traffic.{lst}")).replace("，", "与")
        vendor = vendor[:-2] if vendor.endswith("数据") and len(vendor) > 2 else vendor  # "据星图数据", not "…数据数据"
        p, f = f"traffic.{lst}.", facts.get(lst)
        if f is None:
            reach = (latest or {}).get(lst)
            note = (
                f"本月{LIST_NAMES[lst]}榜访问量数据缺失"
                + (N.spaced(f"（数据截至 {N.month_cn(reach)}）") if reach else "")
                + "，本节从略"
            )
            for name in (
                "overview",
                "growth",
                "categories",
                "duration",
                "top_visits",
                "top_growth",
                "category_share",
                "top_duration",
            ):
                blocks[p + name] = lambda note=note: _missing(note)
            continue
        blocks[p + "overview"] = lambda f=f, vendor=vendor: Paragraph.of(N.spaced(text.overview(f, vendor)))
        blocks[p + "growth"] = lambda f=f: Paragraph.of(N.spaced(text.growth(f)))
        blocks[p + "categories"] = lambda f=f: Paragraph.of(N.spaced(text.categories(f)))
        blocks[p + "duration"] = lambda f=f: Paragraph.of(N.spaced(text.duration(f)))
        blocks[p + "top_visits"] = lambda f=f, source=source: with_note(top_visits(f, source), "top_visits", f.excluded)
        blocks[p + "top_growth"] = lambda f=f, source=source: with_note(
            top_growth(f, source, house)
            if f.top_growth
            else _missing(f"{LIST_NAMES[f.list]}榜缺少上月数据，无环比增速"),
            "top_growth",
            f.excluded,
        )
        blocks[p + "category_share"] = lambda f=f, source=source: with_note(
            category_share(f, source, house)
            if f.category_share
            else _missing(f"{LIST_NAMES[f.list]}榜数据未提供产品类别"),
            "category_share",
            f.excluded,
        )
        blocks[p + "top_duration"] = lambda f=f, source=source: with_note(
            top_duration(f, source, house)
            if f.top_duration
            else _missing(f"{LIST_NAMES[f.list]}榜数据未提供单次访问时长"),
            "top_duration",
            f.excluded,
        )
    return blocks
