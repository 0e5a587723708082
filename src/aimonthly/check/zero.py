"""Rule ``zero``: rows of 0 visits, the vendor's "no estimate" (docs/check.md).

The analytics read 0 as missing, never as data (analytics/traffic_rows.py): such a row ranks nowhere,
counts in no total and is no previous month to grow from. The finding says how many rows that is and
names the pool products it concerns: last month's pool products with 0 this month (gone from the
ranking, not fallen to nothing) and this month's pool products with 0 last month (no 环比, so left out
of the growth ranking). A warning when a pool product is concerned, a note otherwise.
"""

from __future__ import annotations

from aimonthly.analytics.registry import Registry, canonical_rows
from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice, identity
from aimonthly.check.findings import Finding, Severity
from aimonthly.core import numbers as N
from aimonthly.core.errors import plural


def zero_rows(con, sl: TrafficSlice, registry: Registry, pool: int) -> list[Finding]:
    lists = [lst for lst in LISTS if (sl.month, lst) in sl.stats]
    if not any(sl.stats[(sl.month, lst)].get("zeros") for lst in lists) and not any(
        (sl.stats.get((sl.prev, lst)) or {}).get("zeros") for lst in lists
    ):
        return []
    t = con.table("traffic")
    cols = [c for c in ("month", "list", "product", "domain") if c in t.columns]
    rows = t.filter(t.month.isin([sl.month, sl.prev]) & (t.visits == 0)).select(*cols).to_pyarrow().to_pylist()
    canonical_rows(rows, registry)
    zero = {(r["month"], r["list"], identity(r)) for r in rows}
    out = []
    for lst in lists:
        now = int(sl.stats[(sl.month, lst)].get("zeros") or 0)
        before = int((sl.stats.get((sl.prev, lst)) or {}).get("zeros") or 0)
        gone = [r for r in sl.ranked.get((sl.prev, lst), [])[:pool] if (sl.month, lst, identity(r)) in zero]
        no_growth = [
            r
            for r in sl.ranked.get((sl.month, lst), [])[:pool]
            if (sl.prev, lst, identity(r)) in zero and (lst, identity(r)) not in sl.prev_visits
        ]
        if not (now or gone or no_growth):
            continue
        parts = [
            f"{plural(now, 'row')} with 0 visits this month ({before} in {sl.prev}) are read as the vendor's "
            f'"no estimate": they rank nowhere and count in no total'
        ]
        if gone:
            named = "、".join(f"{r['product']}（#{r['rank']}，{N.visits(r['visits'])}）" for r in gone)
            parts.append(
                f"of {sl.prev}'s Top {pool}, {named} {'has' if len(gone) == 1 else 'have'} 0 this month: left out "
                f"of the ranking, not fallen to nothing; ask the vendor, or say so in the text"
            )
        if no_growth:
            named = "、".join(f"{r['product']}（#{r['rank']}）" for r in no_growth)
            parts.append(
                f"{named} of this month's Top {pool} had 0 in {sl.prev}: no 环比, so left out of the growth ranking"
            )
        severity: Severity = "warning" if gone or no_growth else "info"
        out.append(
            Finding(
                "zero",
                severity,
                "traffic",
                lst,
                None,
                "; ".join(parts),
                {
                    "zero_rows": now,
                    "zero_rows_prev": before,
                    "removed": [
                        {"product": r["product"], "prev_rank": r["rank"], "prev_visits": r["visits"]} for r in gone
                    ],
                    "no_growth": [{"product": r["product"], "rank": r["rank"]} for r in no_growth],
                },
            )
        )
    return out
