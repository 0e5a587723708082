"""Rule ``copied``: a listing that carries another listing's figures (docs/check.md).

Directories list a product's sub-page beside its site and give both the site's visits; exports shift a
row. Two listings of one list with identical visits in a month (over house ``copied_months`` months,
this one included), or a listing whose figure this month is another's of last month, are one figure
counted twice. Rounded figures meet by chance, so a pair counts when the significant digits of the
figures it shares, summed over the months they agree, reach house ``copied_digits`` (6: one exact
figure of 505,312,417, or "452.3K" twice, but not "82 万" twice). Only pairs with a
product of this month's or last month's Top pool are read, and each is an error: the copy inflates a
total, a Top 5, a 环比 (the month the copy stops, the listing "falls" by the copy's size).
"""

from __future__ import annotations

from aimonthly.analytics.registry import Registry, canonical_rows, lowered
from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice, identity
from aimonthly.check.findings import Finding
from aimonthly.core import numbers as N
from aimonthly.core.house import CheckSettings
from aimonthly.core.months import previous_month


def digits(n: int) -> int:
    """Significant digits of a whole figure: 505,312,417 has 9, 505,000,000 has 3."""
    return len(str(abs(int(n))).rstrip("0")) or 1


def _months(month: str, n: int) -> list[str]:
    out = [month]
    while len(out) < n:
        out.append(previous_month(out[-1]))
    return out


def _pairs(con, sl: TrafficSlice, months: list[str], names: list[str]) -> list[dict]:
    """Rows (month, list, a, b, visits, b_month) where listing ``a`` (one of ``names``) has the visits of
    another listing ``b``: in the same month, or (this month) ``b``'s of last month."""
    t = con.table("traffic")
    w = t.filter(t.month.isin(months) & (t.visits > 0)).select("month", "list", "product", "domain", "visits")
    a = w.filter(w.product.lower().isin(names))
    b = w.view()
    same = a.join(b, [a.month == b.month, a.list == b.list, a.visits == b.visits]).filter(a.product != b.product)
    shifted = (
        a.filter(a.month == sl.month)
        .join(b, [b.month == sl.prev, a.list == b.list, a.visits == b.visits])
        .filter(a.product != b.product)
    )
    out = []
    for joined, kind in ((same, "same"), (shifted, "shifted")):
        q = joined.select(
            month=a.month,
            list=a.list,
            product=a.product,
            domain=a.domain,
            other=b.product,
            other_domain=b.domain,
            visits=a.visits,
        )
        out += [dict(r, kind=kind) for r in q.to_pyarrow().to_pylist()]
    return out


def copied(con, sl: TrafficSlice, registry: Registry, cfg: CheckSettings, pool: int) -> list[Finding]:
    lists = [lst for lst in LISTS if (sl.month, lst) in sl.stats]
    pools = {
        lst: {identity(r) for m in (sl.month, sl.prev) for r in sl.ranked.get((m, lst), [])[:pool]} for lst in lists
    }
    names = lowered(n for ids in pools.values() for i in ids for n in sl.spellings.get(i, ()))
    if not names:
        return []
    rows = _pairs(con, sl, _months(sl.month, cfg.copied_months), names)
    if not rows:
        return []
    canonical_rows(rows, registry)
    others = [{"product": r["other"], "domain": r["other_domain"]} for r in rows]
    canonical_rows(others, registry)
    pairs: dict[tuple, list[dict]] = {}
    for r, o in zip(rows, others):
        a, b = identity(r), identity(o)
        if a == b or r["list"] not in pools or a not in pools[r["list"]]:
            continue  # one product under two names is rule duplicate's
        key = (r["list"], *sorted([a, b]))
        pairs.setdefault(key, []).append(dict(r, a=a, b=b, a_name=r["canonical"], b_name=o["canonical"]))
    excluded = {(lst, identity(r)) for lst, rs in sl.excluded.items() for r in rs}
    now = {(lst, identity(r)): r for lst in lists for r in sl.ranked.get((sl.month, lst), [])}
    out = []
    for (lst, i1, i2), hits in sorted(pairs.items(), key=lambda kv: kv[0][0]):
        same = {h["month"]: h for h in hits if h["kind"] == "same"}
        shifted = [h for h in hits if h["kind"] == "shifted"]
        evidence = max(sum(digits(h["visits"]) for h in same.values()), *(digits(h["visits"]) for h in shifted), 0)
        if evidence < cfg.copied_digits:
            continue  # rounded figures met by chance
        names_ = {h["a"]: h["a_name"] for h in hits} | {h["b"]: h["b_name"] for h in hits}
        # which one carries the other's figures: the one whose figure this month is not the other's and moved most
        copier = _copier(sl, lst, (i1, i2), same, now)
        if (lst, copier) in excluded:
            continue
        other = i2 if copier == i1 else i1
        months = sorted(same)
        latest = same[months[-1]]["visits"] if months else shifted[0]["visits"]
        if months:
            what = (
                f"{names_[copier]} has exactly {names_[other]}'s visits in {', '.join(months)} "
                f"({N.visits(latest)} in {months[-1]})"
            )
        else:
            what = (
                f"{names_[copier]}'s visits this month ({N.visits(latest)}) are exactly {names_[other]}'s of {sl.prev}"
            )
        ended = months and sl.month not in same
        tail = (
            f": a listing carrying another's figures. The copy stopped this month, so its change from {sl.prev} "
            f"is the copy's, not the product's"
            if ended
            else ": one figure counted twice (a sub-page listed beside its site, or a shifted row)"
        )
        out.append(
            Finding(
                "copied",
                "error",
                "traffic",
                lst,
                names_[copier],
                f"{what}{tail}. Exclude the listing in the month's front matter (exclude: traffic: [{{product: "
                f"{names_[copier]}, list: {lst}, reason: …}}]) and say so in the text, or ingest a corrected export",
                {
                    "copy_of": names_[other],
                    "months": months,
                    "shifted_from": sl.prev if shifted and not months else None,
                    "visits": latest,
                },
            )
        )
    return out


def _copier(sl: TrafficSlice, lst: str, ids: tuple, same: dict, now: dict) -> tuple:
    """Of two listings with identical figures, the one that carries the other's: the one whose change
    from last month is the larger (the copy ends with a fall), else the one the registry does not know,
    else the smaller rank this month."""

    def change(i: tuple) -> float:
        r, p = now.get((lst, i)), sl.prev_visits.get((lst, i))
        return abs(r["visits"] / p - 1) if r and p else 0.0

    a, b = ids
    if sl.month not in same and change(a) != change(b):
        return a if change(a) > change(b) else b
    if (a[0] == "p") != (b[0] == "p"):
        return a if a[0] == "n" else b
    ra, rb = now.get((lst, a)), now.get((lst, b))
    return a if (ra["rank"] if ra else 10**9) > (rb["rank"] if rb else 10**9) else b
