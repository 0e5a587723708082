"""AI product traffic: rankings, growth, category mix and visit duration for each list.

Three small queries, whatever the number of products: the Top-k of each list in the month and
the previous month (a top-N per list, which engines answer with a heap instead of ranking every
product: 22 ms instead of 300 ms over 21 M rows), the previous month's visits of the products in
this month's pool (for 环比), and per-list counts. Every fact is derived from those rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import ibis

from aimonthly.analytics.coverage import CoverageGap
from aimonthly.core.months import check_month, month_end, previous_month

LISTS = ("global", "domestic", "overseas")
OVER_100M = 100_000_000


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
    pool_size: int | None = None  # products in the pool: the list's size when it is smaller than ``pool``
    n_growing: int | None = None  # products in top_growth with mom > 0

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

    @property
    def missing(self) -> list[str]:
        return [f"traffic.{lst}" for lst in LISTS if lst not in self.lists]

    @property
    def coverage_gaps(self) -> list[CoverageGap]:
        """A list without rows this month: its data stops at its latest month (monthly data)."""
        if self.month is None:
            return []
        period = (dt.date.fromisoformat(self.month + "-01"), month_end(self.month))
        return [CoverageGap(f"traffic.{lst}", period, month_end(last) if (last := self.latest.get(lst)) else None)
                for lst in LISTS if lst not in self.lists]

    def to_dict(self) -> dict:
        return {k: v.to_dict() for k, v in self.lists.items()}


def compute(con, ctx) -> TrafficFacts:
    lists = traffic_facts(con, ctx.month, top_n=ctx.top_n, pool=ctx.pool)
    latest = {}
    if len(lists) < len(LISTS):  # the text of a list without the month says which month its data reaches
        t = con.table("traffic")
        before = t.filter(t.month < ctx.month)
        latest = {r["list"]: r["last"] for r in before.group_by("list").aggregate(last=before.month.max())
                  .to_pyarrow().to_pylist()}
    return TrafficFacts(lists, {lst: latest.get(lst) for lst in LISTS if lst not in lists}, ctx.month)


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def traffic_facts(con, month: str, *, top_n: int = 20, pool: int = 50) -> dict[str, ListFacts]:
    """Facts for every list that has rows in ``month``; lists without rows are left out."""
    month = check_month(month)
    prev = previous_month(month)
    k = max(pool, top_n)
    t = con.table("traffic")
    cols = ["month", "list", "product", "company", "category", "visits", "avg_visit_duration"]
    order = [ibis.desc(t.visits), t.product]
    tops = [t.filter((t.month == m) & (t.list == lst)).order_by(order).limit(k).select(cols)
            for m in (month, prev) for lst in LISTS]
    top_rows = ibis.union(*tops).to_pyarrow().to_pylist()
    ranked: dict[tuple[str, str], list[dict]] = {}
    for r in sorted(top_rows, key=lambda r: (r["month"], r["list"], -r["visits"], r["product"])):
        group = ranked.setdefault((r["month"], r["list"]), [])
        group.append({**r, "rank": len(group) + 1})
    products = sorted({r["product"] for (m, _), rows in ranked.items() if m == month for r in rows})
    before = t.filter((t.month == prev) & t.product.isin(products)).select("list", "product", "visits") \
        .to_pyarrow().to_pylist() if products else []
    prev_visits = {(r["list"], r["product"]): r["visits"] for r in before}
    s = t.filter(t.month.isin([month, prev]))
    stats = s.group_by(["month", "list"]).aggregate(
        n=s.count(),
        over=(s.visits >= OVER_100M).sum(),
        has_duration=s.avg_visit_duration.notnull().any(),
        has_category=s.category.notnull().any(),
    ).to_pyarrow().to_pylist()
    by = {(r["month"], r["list"]): r for r in stats}
    out = {}
    for lst in LISTS:
        if (month, lst) not in by:
            continue
        rows = ranked.get((month, lst), [])
        for r in rows:
            p = prev_visits.get((lst, r["product"]))
            r["mom"] = r["visits"] / p - 1 if p else None
        prev_rows = ranked.get((prev, lst), [])
        st, st_prev = dict(by[(month, lst)]), by.get((prev, lst))
        st["top_total"] = sum(r["visits"] for r in rows[:top_n])
        st["min_top"] = min((r["visits"] for r in rows[:top_n]), default=None)
        if st_prev is not None:
            st_prev = {**st_prev, "top_total": sum(r["visits"] for r in prev_rows[:top_n])}
        out[lst] = _list_facts(lst, month, prev, rows, st, st_prev, [r["product"] for r in prev_rows[:5]], top_n, pool)
    return out


def _list_facts(lst, month, prev, rows, st, st_prev, prev_top5, top_n, pool) -> ListFacts:
    pool_rows = [r for r in rows if r["rank"] <= pool]
    top_visits = [
        {"rank": r["rank"], "product": r["product"], "company": r["company"], "category": r["category"],
         "visits": r["visits"], "mom": _r(r["mom"])}
        for r in rows if r["rank"] <= top_n
    ]
    growers = sorted((r for r in pool_rows if r["mom"] is not None), key=lambda r: (-r["mom"], r["product"]))
    top_growth = [{"rank": i, "product": r["product"], "mom": _r(r["mom"]), "visits": r["visits"],
                   "category": r["category"]} for i, r in enumerate(growers[:top_n], 1)]
    timed = sorted((r for r in pool_rows if r["avg_visit_duration"] is not None),
                   key=lambda r: (-r["avg_visit_duration"], r["product"]))
    top_duration = [{"rank": i, "product": r["product"], "minutes": round(r["avg_visit_duration"] / 60, 2),
                     "category": r["category"]} for i, r in enumerate(timed[:top_n], 1)]
    total = sum(r["visits"] for r in pool_rows)
    shares: dict[str, int] = {}
    for r in pool_rows:
        if r["category"] is not None:
            shares[r["category"]] = shares.get(r["category"], 0) + r["visits"]
    category_share = [{"category": c, "share": _r(v / total), "visits": v}
                      for c, v in sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))] if total else []
    first5 = [r["product"] for r in rows if r["rank"] <= 5]
    with_prev = st_prev is not None
    return ListFacts(
        list=lst, month=month, prev_month=prev, n_products=st["n"], n_products_prev=st_prev["n"] if with_prev else 0,
        top_visits=top_visits, top_growth=top_growth, top_duration=top_duration, category_share=category_share,
        n_visits_over_100m=int(st["over"]), n_visits_over_100m_prev=int(st_prev["over"]) if with_prev else None,
        top20_total_mom=_r(st["top_total"] / st_prev["top_total"] - 1) if with_prev and st_prev["top_total"] else None,
        n_rising_top50=sum(1 for r in pool_rows if r["mom"] is not None and r["mom"] > 0) if with_prev else None,
        top5_same_order=(first5 == prev_top5) if with_prev else None, prev_top5=prev_top5,
        min_visits_top=st["min_top"], has_duration=bool(st["has_duration"]), has_category=bool(st["has_category"]),
        top_n=top_n, pool=pool,
        missing=[c for c, ok in (("avg_visit_duration", st["has_duration"]), ("category", st["has_category"])) if not ok],
        pool_size=len(pool_rows), n_growing=sum(1 for r in top_growth if r["mom"] > 0),
    )
