"""AI product traffic: rankings, growth, category mix and visit duration for each list.

Every fact is derived from a few hundred rows (analytics.traffic_rows): each list's Top-k in the
month and the previous month, with names resolved against the product registry (a rename covered
by an alias keeps its 环比), company and category filled from it, vendor tags mapped to the house's
categories, and excluded products removed before anything is ranked, shared or summed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass, field

from aimonthly.analytics.coverage import CoverageGap
from aimonthly.analytics.registry import Registry
from aimonthly.analytics.taxonomy import Taxonomy
from aimonthly.analytics.traffic_rows import LISTS, OVER_100M, TrafficSlice, identity, traffic_slice
from aimonthly.core.months import check_month, month_end

__all__ = ["LISTS", "OVER_100M", "ListFacts", "TrafficFacts", "compute", "traffic_facts"]


# Aliases, because ListFacts has a field named "list" (a facts.json key) that hides the builtin in its body.
Rows = list[dict]
Names = list[str]


@dataclass(frozen=True)
class ListFacts:
    list: str
    month: str
    prev_month: str
    n_products: int
    n_products_prev: int
    top_visits: Rows  # rank, product, company, category, visits, mom
    top_growth: Rows  # rank, product, mom, visits
    top_duration: Rows  # rank, product, minutes
    category_share: Rows  # category, share, visits
    n_visits_over_100m: int
    n_visits_over_100m_prev: int | None
    top20_total_mom: float | None  # key keeps the documented name whatever top_n is
    n_rising_top50: int | None
    top5_same_order: bool | None
    prev_top5: Names
    min_visits_top: int | None  # the smallest visits among the Top N
    has_duration: bool
    has_category: bool
    top_n: int = 20
    pool: int = 50
    missing: Names = field(default_factory=lambda: [])  # optional columns this list lacks
    excluded: Rows = field(
        default_factory=lambda: []
    )  # product, reason, visits, rank, exhibits (front matter exclude:)
    pool_size: int | None = None  # products in the pool: the list's size when it is smaller than ``pool``
    n_growing: int | None = None  # products in top_growth with mom > 0
    n_zero_visits: int = 0  # rows of 0 visits this month: the vendor's "no estimate", read as missing (not counted)

    @property
    def pool_label(self) -> int:
        """The pool's real size, for titles and text: Top30 when a list holds 30 products, not Top50."""
        return self.pool if self.pool_size is None else min(self.pool, self.pool_size)

    @property
    def top_label(self) -> int:
        return min(self.top_n, len(self.top_visits)) if self.top_visits else self.top_n

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TrafficFacts:
    lists: dict[str, ListFacts]
    latest: dict[str, str | None] = field(default_factory=dict)  # a list without the month -> its latest month
    month: str | None = None
    rows: TrafficSlice | None = field(default=None, compare=False, repr=False)  # what they came from (for the check)

    @property
    def missing(self) -> list[str]:
        return [f"traffic.{lst}" for lst in LISTS if lst not in self.lists]

    @property
    def coverage_gaps(self) -> list[CoverageGap]:
        """A list without rows this month: its data stops at its latest month (monthly data)."""
        if self.month is None:
            return []
        period = (dt.date.fromisoformat(self.month + "-01"), month_end(self.month))
        return [
            CoverageGap(f"traffic.{lst}", period, month_end(last) if (last := self.latest.get(lst)) else None)
            for lst in LISTS
            if lst not in self.lists
        ]

    def to_dict(self) -> dict:
        return {k: v.to_dict() for k, v in self.lists.items()}


def compute(con, ctx) -> TrafficFacts:
    from aimonthly.analytics.exclusions import for_dataset

    sl = traffic_slice(
        con,
        ctx.month,
        max(ctx.pool, ctx.top_n),
        registry=ctx.registry if ctx.registry is not None else Registry.load(con),
        taxonomy=Taxonomy.from_house(ctx.house.taxonomy),
        exclusions=for_dataset(ctx.exclusions, "traffic"),
    )
    lists = facts_from_rows(sl, ctx.top_n, ctx.pool)
    latest = {}
    if len(lists) < len(LISTS):  # the text of a list without the month says which month its data reaches
        t = con.table("traffic")
        before = t.filter(t.month < ctx.month)
        latest = {
            r["list"]: r["last"]
            for r in before.group_by("list").aggregate(last=before.month.max()).to_pyarrow().to_pylist()
        }
    return TrafficFacts(lists, {lst: latest.get(lst) for lst in LISTS if lst not in lists}, ctx.month, sl)


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def traffic_facts(
    con,
    month: str,
    *,
    top_n: int = 20,
    pool: int = 50,
    registry: Registry | None = None,
    taxonomy: Taxonomy | None = None,
    exclusions=(),
) -> dict[str, ListFacts]:
    """Facts for every list that has rows in ``month``; lists without rows are left out.

    Names are resolved against ``registry`` (read from the connection when not given), categories
    mapped by ``taxonomy`` (None: as the export gives them), ``exclusions`` removed first.
    """
    month = check_month(month)  # "2024-5" -> "2024-05"
    registry = registry if registry is not None else Registry.load(con)
    sl = traffic_slice(con, month, max(pool, top_n), registry=registry, taxonomy=taxonomy, exclusions=exclusions)
    return facts_from_rows(sl, top_n, pool)


def facts_from_rows(sl: TrafficSlice, top_n: int, pool: int) -> dict[str, ListFacts]:
    month, prev = sl.month, sl.prev
    out = {}
    for lst in LISTS:
        if (month, lst) not in sl.stats:
            continue
        rows = sl.ranked.get((month, lst), [])
        for r in rows:
            p = sl.prev_visits.get((lst, identity(r)))
            r["mom"] = r["visits"] / p - 1 if p else None
        prev_rows = sl.ranked.get((prev, lst), [])
        st, st_prev = dict(sl.stats[(month, lst)]), sl.stats.get((prev, lst))
        st["has_category"] = bool(st["has_category"]) or any(r["category"] is not None for r in rows)
        st["top_total"] = sum(r["visits"] for r in rows[:top_n])
        st["min_top"] = min((r["visits"] for r in rows[:top_n]), default=None)
        if st_prev is not None:
            st_prev = {**st_prev, "top_total": sum(r["visits"] for r in prev_rows[:top_n])}
        facts = _list_facts(lst, month, prev, rows, st, st_prev, [r["product"] for r in prev_rows[:5]], top_n, pool)
        out[lst] = _with_exclusions(facts, sl, lst)
    return out


def _with_exclusions(f: ListFacts, sl: TrafficSlice, lst: str) -> ListFacts:
    """Which of the list's exhibits each excluded product would have appeared in (for their notes)."""
    gone = sl.excluded.get(lst, [])
    if not gone:
        return f
    before = sl.unfiltered.get(lst, [])
    out = []
    for r in gone:
        rank = before.index(r) + 1
        exhibits = []
        if rank <= f.top_n:
            exhibits.append("top_visits")
        if rank <= f.pool:
            exhibits.append("category_share")
            p = sl.prev_visits.get((lst, identity(r)))
            mom = r["visits"] / p - 1 if p else None
            if mom is not None and (len(f.top_growth) < f.top_n or mom >= f.top_growth[-1]["mom"]):
                exhibits.append("top_growth")
            minutes = r.get("avg_visit_duration")
            if minutes is not None and (len(f.top_duration) < f.top_n or minutes / 60 >= f.top_duration[-1]["minutes"]):
                exhibits.append("top_duration")
        out.append(
            {
                "product": r["excluded"].product,
                "reason": r["excluded"].reason,
                "visits": r["visits"],
                "rank": rank,
                "exhibits": exhibits,
            }
        )
    return dataclasses.replace(f, excluded=out)


def _list_facts(lst, month, prev, rows, st, st_prev, prev_top5, top_n, pool) -> ListFacts:
    pool_rows = [r for r in rows if r["rank"] <= pool]
    top_visits = [
        {
            "rank": r["rank"],
            "product": r["product"],
            "company": r["company"],
            "category": r["category"],
            "visits": r["visits"],
            "mom": _r(r["mom"]),
        }
        for r in rows
        if r["rank"] <= top_n
    ]
    growers = sorted((r for r in pool_rows if r["mom"] is not None), key=lambda r: (-r["mom"], r["product"]))
    top_growth = [
        {"rank": i, "product": r["product"], "mom": _r(r["mom"]), "visits": r["visits"], "category": r["category"]}
        for i, r in enumerate(growers[:top_n], 1)
    ]
    timed = sorted(
        (r for r in pool_rows if r["avg_visit_duration"] is not None),
        key=lambda r: (-r["avg_visit_duration"], r["product"]),
    )
    top_duration = [
        {
            "rank": i,
            "product": r["product"],
            "minutes": round(r["avg_visit_duration"] / 60, 2),
            "category": r["category"],
        }
        for i, r in enumerate(timed[:top_n], 1)
    ]
    total = sum(r["visits"] for r in pool_rows)
    shares: dict[str, int] = {}
    for r in pool_rows:
        if r["category"] is not None:
            shares[r["category"]] = shares.get(r["category"], 0) + r["visits"]
    category_share = (
        [
            {"category": c, "share": _r(v / total), "visits": v}
            for c, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        if total
        else []
    )
    first5 = [r["product"] for r in rows if r["rank"] <= 5]
    with_prev = st_prev is not None
    return ListFacts(
        list=lst,
        month=month,
        prev_month=prev,
        n_products=st["n"],
        n_products_prev=st_prev["n"] if with_prev else 0,
        top_visits=top_visits,
        top_growth=top_growth,
        top_duration=top_duration,
        category_share=category_share,
        n_visits_over_100m=int(st["over"]),
        n_visits_over_100m_prev=int(st_prev["over"]) if with_prev else None,
        top20_total_mom=_r(st["top_total"] / st_prev["top_total"] - 1) if with_prev and st_prev["top_total"] else None,
        n_rising_top50=sum(1 for r in pool_rows if r["mom"] is not None and r["mom"] > 0) if with_prev else None,
        top5_same_order=(first5 == prev_top5) if with_prev else None,
        prev_top5=prev_top5,
        min_visits_top=st["min_top"],
        has_duration=bool(st["has_duration"]),
        has_category=bool(st["has_category"]),
        top_n=top_n,
        pool=pool,
        missing=[
            c for c, ok in (("avg_visit_duration", st["has_duration"]), ("category", st["has_category"])) if not ok
        ],
        pool_size=len(pool_rows),
        n_growing=sum(1 for r in top_growth if r["mom"] > 0),
        n_zero_visits=int(st.get("zeros") or 0),
    )
