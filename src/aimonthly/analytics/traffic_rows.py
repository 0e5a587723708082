"""The traffic rows a month's facts and checks are computed from: each list's Top-k by visits in the
month and the month before, names resolved against the registry, exclusions removed, company and
category filled, vendor tags mapped to house categories; the previous month's visits of this
month's products, found under every spelling; and per-list counts.

A row of 0 visits is the vendor's "no estimate": it is read as missing, never as data (it ranks
nowhere, counts in no total and is no previous month to grow from); the counts say how many there
are, and check rule ``zero`` names the pool products they concern.

Three small queries whatever the warehouse's size: the Top-k per list and month (a top-N, which
engines answer with a heap), the previous month's rows of this month's products (by spelling), and
per-list counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis

from aimonthly.analytics.errors import AnalyticsError
from aimonthly.analytics.exclusions import Exclusion
from aimonthly.core.months import previous_month
from aimonthly.analytics.registry import Registry, canonical_rows, fill_row, lowered
from aimonthly.analytics.taxonomy import Taxonomy
from aimonthly.core.chinese import simplified_or_none
from aimonthly.core.names import suggestion
from aimonthly.core.product_names import normalise_name

LISTS = ("global", "domestic", "overseas")
OVER_100M = 100_000_000
COLUMNS = ["month", "list", "product", "company", "category", "visits", "avg_visit_duration", "domain"]


@dataclass
class TrafficSlice:
    month: str
    prev: str
    ranked: dict[tuple[str, str], list[dict]]  # (month, list) -> rows by rank, exclusions removed
    prev_visits: dict[tuple[str, tuple], int]  # (list, identity) -> the previous month's visits
    stats: dict[tuple[str, str], dict]  # (month, list) -> n, zeros, over, has_duration, has_category
    excluded: dict[str, list[dict]] = field(default_factory=dict)  # list -> this month's removed rows
    unfiltered: dict[str, list[dict]] = field(default_factory=dict)  # list -> this month's rows before removal
    spellings: dict[tuple, set[str]] = field(default_factory=dict)  # identity -> names seen or registered


def identity(row: dict) -> tuple:
    """Who a row is: its registry product, or (unresolved) its normalised name."""
    return (
        ("p", row["canonical"])
        if row.get("resolved")
        else ("n", row["key"] if "key" in row else normalise_name(row["raw"]))
    )


def _excluded_by(row: dict, e: Exclusion, target: str | None, listing: bool) -> bool:
    """Whether ``e`` removes ``row``: every row of the product when the exclusion names the product
    (its registry name); only that listing when it names another spelling that the data prints
    (one of two listings of a product: the duplicate)."""
    if e.list is not None and row["list"] != e.list:
        return False
    key = normalise_name(e.product)
    if listing:
        return row["key"] == key
    return row["key"] == key or (target is not None and row["canonical"] == target and row.get("resolved") is not None)


def traffic_slice(
    con,
    month: str,
    k: int,
    *,
    registry: Registry | None = None,
    taxonomy: Taxonomy | None = None,
    exclusions: tuple[Exclusion, ...] | list = (),
) -> TrafficSlice:
    registry = registry if registry is not None else Registry()
    prev = previous_month(month)
    t = con.table("traffic")
    extra = {lst: 10 * sum(1 for e in exclusions if e.list in (None, lst)) for lst in LISTS}
    cols = [c for c in COLUMNS if c in t.columns]
    order = [ibis.desc(t.visits), t.product]
    tops = [
        t.filter((t.month == m) & (t.list == lst) & (t.visits > 0)).order_by(order).limit(k + extra[lst]).select(cols)
        for m in (month, prev)
        for lst in LISTS
    ]
    rows = ibis.union(*tops).to_pyarrow().to_pylist()
    canonical_rows(rows, registry)
    targets = {e: registry.resolve_one(e.product) for e in exclusions}

    # exclusions: from the rows fetched, and by spelling wherever else they are
    gone: dict[str, set[str]] = {lst: set() for lst in LISTS}  # list -> lowered spellings removed
    excluded: dict[str, list[dict]] = {}
    for e in exclusions:
        key, target = normalise_name(e.product), targets[e]
        listing = target is not None and key != normalise_name(target) and any(r["key"] == key for r in rows)
        hits = [r for r in rows if _excluded_by(r, e, target, listing)]
        names = {r["raw"] for r in hits} | {e.product}
        if target and not listing:
            names |= registry.spellings([target])[target]
        for lst in LISTS if e.list is None else (e.list,):
            gone[lst] |= set(lowered(names))
        for r in hits:
            r["excluded"] = e
        if not any(r["month"] == month for r in hits) and not _present(t, month, e.list, lowered(names)):
            seen = sorted({r["raw"] for r in rows if r["month"] == month and e.list in (None, r["list"])})
            where = f"the {e.list} list" if e.list else "any list"
            raise AnalyticsError(
                f"{e.where}: exclude.traffic: {e.product!r} is on {where} nowhere in {month}"
                f"{suggestion(e.product, seen, quoted=True)}",
                hint="copy the name as the report's tables print it",
            )

    ranked: dict[tuple[str, str], list[dict]] = {}
    unfiltered: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["month"], r["list"], -r["visits"], r["product"])):
        if r["month"] == month:
            unfiltered.setdefault(r["list"], []).append(r)
        if r.get("excluded"):
            if r["month"] == month:
                excluded.setdefault(r["list"], []).append(r)
            continue
        group = ranked.setdefault((r["month"], r["list"]), [])
        if len(group) < k:
            group.append(_finish(r, len(group) + 1, registry, taxonomy))

    # spellings of this month's products, to find them the month before under any name
    spellings: dict[tuple, set[str]] = {}
    for r in rows:
        spellings.setdefault(identity(r), set()).add(r["raw"])
    registered = registry.spellings({r["canonical"] for r in rows if r.get("resolved")})
    for r in rows:
        if r.get("resolved"):
            spellings[identity(r)] |= registered[r["canonical"]]
    wanted = {identity(r) for (m, _), rs in ranked.items() if m == month for r in rs}
    wanted |= {identity(r) for rs in excluded.values() for r in rs}  # for the exclusion notes' growth
    spelt = lowered(n for i in wanted for n in spellings.get(i, ()))
    prev_visits: dict[tuple[str, tuple], int] = {}
    if spelt:
        before = t.filter((t.month == prev) & (t.visits > 0) & t.product.lower().isin(spelt))
        found = (
            before.select(*[c for c in ("list", "product", "domain", "visits") if c in t.columns])
            .to_pyarrow()
            .to_pylist()
        )
        canonical_rows(found, registry)
        for r in found:
            at = (r["list"], identity(r))
            if at[1] in wanted:
                prev_visits[at] = max(prev_visits.get(at, 0), r["visits"])  # a duplicate last month: the larger

    s = t.filter(t.month.isin([month, prev]))
    for lst, names_gone in gone.items():
        if names_gone:
            s = s.filter(~((s.list == lst) & s.product.lower().isin(sorted(names_gone))))
    stats = (
        s.group_by(["month", "list"])
        .aggregate(
            n=(s.visits > 0).sum(),
            zeros=(s.visits == 0).sum(),
            over=(s.visits >= OVER_100M).sum(),
            has_duration=s.avg_visit_duration.notnull().any(),
            has_category=s.category.notnull().any(),
        )
        .to_pyarrow()
        .to_pylist()
    )
    by = {(r["month"], r["list"]): r for r in stats}
    return TrafficSlice(month, prev, ranked, prev_visits, by, excluded, unfiltered, spellings)


def _present(t, month: str, lst: str | None, names: list[str]) -> bool:
    if not names:
        return False
    q = t.filter((t.month == month) & t.product.lower().isin(names))
    if lst:
        q = q.filter(q.list == lst)
    return bool(q.count().to_pyarrow().as_py())


def _finish(r: dict, rank: int, registry: Registry, taxonomy: Taxonomy | None) -> dict:
    """The row as the facts see it: the registry's name, filled company and category, a house category."""
    r = dict(r, company=simplified_or_none(r.get("company")))  # the export's 字節跳動 prints as 字节跳动
    row = fill_row(r, registry, r["canonical"]) if r.get("resolved") else dict(r)  # the registry's as written
    row["product"] = r["canonical"]
    row["tag"] = row.get("category")  # the vendor's (or the registry's) category, before the taxonomy
    if taxonomy is not None:
        mapped = taxonomy.map(r["list"], row["tag"])
        row["category"], row["mapped"] = mapped.category, mapped.mapped
        row["mapped_by"], row["tag_position"], row["tags"] = mapped.tag, mapped.position, mapped.tags
    else:
        row["mapped"] = True
    row["rank"] = rank
    return row
