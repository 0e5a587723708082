"""Rule ``collapse``: a product of last month's Top pool that lost more than house ``collapse_ratio`` of
its visits (docs/check.md).

A warning: a fall that size is either news or a glitch (a listing that carried another's figures until
now, a re-cut list), and the text must know which. An error when the product alone moves its list's
Top-N total change by more than house ``list_move``: the change is recomputed with the product left out
of both months' Top N, as an exclusion would.
"""

from __future__ import annotations

from typing import cast

from aimonthly.analytics.registry import Registry
from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice, identity
from aimonthly.check.findings import Finding, Severity
from aimonthly.check.traffic import month_rows
from aimonthly.core import numbers as N
from aimonthly.core.house import CheckSettings


def _top_change(sl: TrafficSlice, lst: str, top_n: int, without: tuple | None = None) -> float | None:
    """The list's Top-N total change, month on month; ``without`` one product (by identity) in both months."""
    totals = []
    for m in (sl.month, sl.prev):
        rows = [r for r in sl.ranked.get((m, lst), []) if without is None or identity(r) != without]
        totals.append(sum(r["visits"] for r in rows[:top_n]))
    return totals[0] / totals[1] - 1 if totals[1] else None


def collapses(con, sl: TrafficSlice, registry: Registry, cfg: CheckSettings, pool: int, top_n: int) -> list[Finding]:
    before = {lst: sl.ranked.get((sl.prev, lst), [])[:pool] for lst in LISTS if (sl.month, lst) in sl.stats}
    idents = {identity(r) for rows in before.values() for r in rows}
    if not idents:
        return []
    now: dict[tuple, int] = {}
    for r in month_rows(con, sl, registry, idents):  # this month's rows of last month's pool, at any rank
        if r["visits"]:  # 0 is "no estimate": rule zero's
            at = (r["list"], identity(r))
            now[at] = max(now.get(at, 0), r["visits"])
    excluded = {(lst, identity(r)) for lst, rows in sl.excluded.items() for r in rows}
    out = []
    for lst, rows in before.items():
        with_all = _top_change(sl, lst, top_n)
        for r in rows:
            at = (lst, identity(r))
            cur = now.get(at)
            if cur is None or at in excluded or cur >= r["visits"] * (1 - cfg.collapse_ratio):
                continue
            change = cur / r["visits"] - 1
            without = _top_change(sl, lst, top_n, identity(r))
            effect, severity = "", "warning"
            if with_all is not None and without is not None and abs(with_all - without) > cfg.list_move:
                severity = "error"
                effect = (
                    f"; it moves the Top{top_n} total's change from {N.pct(without, 2)} to {N.pct(with_all, 2)} "
                    f"(by {abs(with_all - without) * 100:.1f} percentage points; house list_move: {cfg.list_move:g})"
                )
            out.append(
                Finding(
                    "collapse",
                    cast(Severity, severity),
                    "traffic",
                    lst,
                    r["product"],
                    f"#{r['rank']} in {sl.prev} ({N.visits(r['visits'])}) has {N.visits(cur)} in {sl.month}, "
                    f"{N.pct(change, 1)}{effect}. If the vendor's figure is wrong (or last month's was another "
                    f"listing's: see rule copied), exclude it in the month's front matter (exclude: traffic: "
                    f"[{{product: {r['product']}, list: {lst}, reason: …}}]); if it is right, say why in the text",
                    {
                        "prev_rank": r["rank"],
                        "prev_visits": r["visits"],
                        "visits": cur,
                        "change": round(change, 6),
                        "top_change": None if with_all is None else round(with_all, 6),
                        "top_change_without": None if without is None else round(without, 6),
                    },
                )
            )
    return out
