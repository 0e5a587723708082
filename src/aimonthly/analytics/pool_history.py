"""When a product first ranked in a list's Top pool: the start of the 映射标的' return since entry.

A product's *entry month* is the first month, up to the report's, in which it ranked within the Top
``pool`` by visits (ties by name, as the traffic section ranks) of any list, its names resolved against
the registry as the month's are. Every month of the warehouse's history counts.

Ranking every month's rows would sort the whole history, and even grouping it by month and list reads
every row's names. Instead a visits floor (a guess: a fraction of this month's pool threshold) keeps
the rows that can rank in most pools: a list-month with at least ``pool`` rows at or above the floor
has its pool among them. The list-months that do not (a smaller month, a list that starts later, a
month with no row above the floor, and every month before the first one seen) are ranked whole, read
by a filter on their months. The answer is the same as ranking everything; what it costs depends on
how many list-months fall below the floor (none, at vendor scale, where it takes one small query).
"""

from __future__ import annotations

import functools
import operator

import ibis

from aimonthly.analytics.registry import Registry
from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.core.months import month_span


def _ranked(s, pool: int) -> list[dict]:
    """Each list-month's Top ``pool`` rows of ``s`` (month, list, product, domain, rank, n: the rows of
    its list-month in ``s``)."""
    cols = [c for c in ("month", "list", "product", "domain", "visits") if c in s.columns]
    s = s.select(*cols)
    group = [s.month, s.list]
    rank = ibis.row_number().over(ibis.window(group_by=group, order_by=[ibis.desc(s.visits), s.product]))
    s = s.mutate(rank=rank + 1, n=s.count().over(ibis.window(group_by=group)))
    return s.filter(s["rank"] <= pool).to_pyarrow().to_pylist()


def pool_rows(con, month: str, pool: int, floor: int) -> list[dict]:
    """Each list-month's Top ``pool`` rows up to ``month`` (month, list, product, domain, rank)."""
    t = con.table("traffic")
    t = t.filter(t.month <= month)
    if floor <= 0:
        return _ranked(t, pool)
    above = _ranked(t.filter(t.visits >= floor), pool)
    whole = {(r["month"], r["list"]) for r in above if r["n"] >= pool}  # pools wholly above the floor
    rows = [r for r in above if (r["month"], r["list"]) in whole]
    seen = sorted({r["month"] for r in above})
    if not seen:
        return _ranked(t, pool)
    # the rest, ranked whole: months before the first seen, months missing between, lists short of a pool
    gaps = [m for m in month_span(seen[0], month) if m not in seen]
    short: dict[str, list[str]] = {}
    for m in seen:
        lists = [lst for lst in LISTS if (m, lst) not in whole]
        if lists:
            short[m] = lists
    parts = [t.month < seen[0]]
    if gaps:
        parts.append(t.month.isin(gaps))
    parts += [(t.month == m) & t.list.isin(lists) for m, lists in short.items()]
    rest = t.filter(functools.reduce(operator.or_, parts))
    last = max([*gaps, *short], default=None)
    if last is not None and last < month:  # a range the engine can skip whole blocks by
        rest = rest.filter(rest.month <= last)
    elif last is None:
        rest = rest.filter(rest.month < seen[0])
    return rows + _ranked(rest, pool)


def entry_months(con, products: list[str], registry: Registry, month: str, pool: int, floor: int) -> dict[str, str]:
    """product -> its entry month (products that never ranked in a pool up to ``month`` are left out)."""
    if not products:
        return {}
    rows = pool_rows(con, month, pool, floor)
    canon, _ = registry.resolve_array([r["product"] for r in rows], [r.get("domain") for r in rows])
    wanted = set(products)
    out: dict[str, str] = {}
    for r, c in zip(rows, canon.to_pylist()):
        p = c if c is not None else r["product"]
        if p in wanted and (p not in out or r["month"] < out[p]):
            out[p] = r["month"]
    return out
