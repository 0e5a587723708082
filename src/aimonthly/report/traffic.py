"""The traffic blocks (sections 1.1 and 1.2): paragraphs, tables and charts for each list."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.traffic import LISTS, ListFacts, TrafficFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, path_of
from aimonthly.core.house import HouseSettings
from aimonthly.narrative import traffic as text
from aimonthly.narrative.claims import traffic as said
from aimonthly.narrative.traffic import LIST_NAMES
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line, vendors_of
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody


def _mom_cell(x: float | None) -> str:
    return "-" if x is None else N.pct(x)


def _count(f: ListFacts, n: int, table: str) -> Claim:
    """The N of a title's TopN: the rows the table or chart shows."""
    return Claim.of(f.list, "list", "rows", n, "count", path=path_of("traffic", f.list, table))


def _values(f: ListFacts, table: str, metric: str, unit: str, nd: int) -> tuple[Claim, ...]:
    """A chart's value labels, each printed by the one formatter, beside its name as the chart prints it (a
    name is clipped and made printable there: charts.label)."""
    at = ("traffic", f.list, table)
    key = "category" if table == "category_share" else "product"
    out = []
    for i, r in enumerate(getattr(f, table)):
        name = charts.label(r[key])
        spelled = path_of(*at, i, key) if name == r[key] else None
        out.append(Claim.of(name, key, metric, r[metric], unit, nd, path=path_of(*at, i, metric), name_path=spelled))  # type: ignore[arg-type]
    return tuple(out)


def _ranking(f: ListFacts, table: str, metric: str, unit: str, nd: int) -> Claim:
    """A chart's bars, best first, each labelled by the one formatter (居前 in its title)."""
    members = _values(f, table, metric, unit, nd)
    at = path_of("traffic", f.list, table)
    return Claim(f.list, "list", table, len(members), relation="top", base_path=at, members=members)


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
        claims=(_count(f, len(rows), "top_visits"),),
    )


def growth_title(f: ListFacts) -> tuple[str, tuple[Claim, ...]]:
    """'Top20' when all the ranked products grew; otherwise how many did, so no decline passes for growth."""
    n, up = len(f.top_growth), sum(1 for r in f.top_growth if r["mom"] > 0)
    name = LIST_NAMES[f.list]
    shown = _count(f, n, "top_growth")
    if up == n:
        return f"{name}访问量环比增速 Top{n} AI 产品情况", (shown,)
    at = path_of("traffic", f.list, "n_growing")
    if up:
        said = (
            Claim.of(f.list, "list", "n_growing", up, "count", path=at),
            Claim("环比增长", "term", "n_growing", up, relation="term"),
        )
        return f"{name}访问量环比增速居前的 {n} 款 AI 产品情况（仅 {up} 款环比增长）", (shown, *said)
    none = Claim("均未实现环比增长", "term", "n_growing", 0, relation="term", path=at)
    return f"{name}访问量环比增速居前的 {n} 款 AI 产品情况（均未实现环比增长）", (shown, none)


def top_growth(f: ListFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.top_growth
    title, said = growth_title(f)
    return ExhibitSpec(
        key=f"traffic.{f.list}.top_growth",
        title=title,
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
        claims=(*said, _ranking(f, "top_growth", "mom", "pct", 2)),
    )


def category_share(f: ListFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.category_share
    return ExhibitSpec(
        key=f"traffic.{f.list}.category_share",
        title=f"{LIST_NAMES[f.list]}访问量 Top{f.pool_label} AI 产品细分类别分布",
        source=source,
        body=charts.donut([r["category"] for r in rows], [r["share"] for r in rows], colors=house.colors.series),
        data=DataTable(("category", "visits", "share"), tuple((r["category"], r["visits"], r["share"]) for r in rows)),
        claims=(said.pool_size(f, role=""), *_slices(f)),
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
            value_labels=[N.fixed(r["minutes"], 2) for r in rows],
            color=house.colors.series[2 % len(house.colors.series)],
            xlabel="平均单次访问时长（分钟）",
        ),
        data=DataTable(
            ("rank", "product", "category", "minutes"),
            tuple((r["rank"], r["product"], r["category"], r["minutes"]) for r in rows),
        ),
        claims=(_count(f, len(rows), "top_duration"),),
    )


def _slices(f: ListFacts) -> list[Claim]:
    """The donut's legend, slice by slice: a category's share, or the one 其他 gathering the rest."""
    labels = [charts.label(r["category"]) for r in f.category_share]  # as the chart prints them
    at = {name: i for i, name in enumerate(labels)}
    out = []
    for name, share, gathered in charts.donut_slices(labels, [r["share"] for r in f.category_share]):
        i = None if gathered else at.get(name)
        path = None if i is None else path_of("traffic", f.list, "category_share", i, "share")
        out.append(Claim.of(name, "category", "share", share, "pct", 1, path=path))
    return out


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
        names = (
            "overview",
            "growth",
            "categories",
            "duration",
            "top_visits",
            "top_growth",
            "category_share",
            "top_duration",
        )
        if f is None:
            reach = (latest or {}).get(lst)
            for name in names:
                blocks[p + name] = lambda lst=lst, reach=reach: Paragraph.said(
                    text.missing_list(lst, reach, f"traffic.{lst}.missing"), kind="note"
                )
            continue
        if not f.top_visits:  # rows, but none with an estimate (0 visits): the list says so once, not why not each part
            for name in names:
                blocks[p + name] = lambda f=f: Paragraph.said(text.no_estimates(f), kind="note")
            continue
        blocks[p + "overview"] = lambda f=f, vendor=vendor: Paragraph.said(text.overview(f, vendor))
        blocks[p + "growth"] = lambda f=f: Paragraph.said(text.growth(f))
        blocks[p + "categories"] = lambda f=f: Paragraph.said(text.categories(f))
        blocks[p + "duration"] = lambda f=f: Paragraph.said(text.duration(f))
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
