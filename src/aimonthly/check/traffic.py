"""The traffic rules: outlier, list_jump, stale, duplicate and gaps (docs/check.md). An outlier's lead
over the next product counts only when it grew against its own lead of last month: a stable leader
(ChatGPT at ~8× the next, every month) is no outlier.

They read the rows the report is computed from (analytics.traffic_rows: each list's Top-k after
exclusions, names resolved), plus one query for this month's rows under the spellings of the
products concerned (a second listing of a product, or a product gone from the list).
"""

from __future__ import annotations

from aimonthly.analytics.registry import Registry, canonical_rows, lowered
from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice, identity
from aimonthly.check.findings import Finding, Severity
from aimonthly.core.errors import plural
from aimonthly.core.house import CheckSettings
from aimonthly.core.product_names import normalise_domain
from aimonthly.core import numbers as N


def _visits(n: int | float | None) -> str:
    return "-" if n is None else N.visits(int(n))


def _lead(rows: list[dict], ident: tuple) -> float | None:
    """A product's visits over the next product's on a ranked list, or None (not listed, or last)."""
    for i, r in enumerate(rows[:-1]):
        if identity(r) == ident:
            nxt = rows[i + 1]["visits"]
            return r["visits"] / nxt if nxt else None
    return None


def outliers(sl: TrafficSlice, cfg: CheckSettings, pool: int) -> list[Finding]:
    out = []
    for lst in LISTS:
        rows = sl.ranked.get((sl.month, lst), [])[:pool]
        before = sl.ranked.get((sl.prev, lst), [])[:pool]
        has_prev = (sl.prev, lst) in sl.stats
        for i, r in enumerate(rows):
            nxt = rows[i + 1] if i + 1 < len(rows) else None
            prev = sl.prev_visits.get((lst, identity(r)))
            why, values = [], {"rank": r["rank"], "visits": r["visits"], "prev_visits": prev}
            if nxt and nxt["visits"] and r["visits"] > cfg.outlier_next * nxt["visits"]:
                ratio = r["visits"] / nxt["visits"]
                lead_before = _lead(before, identity(r))  # a stable leader is no outlier
                values.update(next_product=nxt["product"], next_visits=nxt["visits"], next_ratio=round(ratio, 2))
                values.update(prev_next_ratio=None if lead_before is None else round(lead_before, 2))
                if lead_before is None or ratio > cfg.outlier_lead * lead_before:
                    was = "" if lead_before is None else f", against {lead_before:.1f}× in {sl.prev}"
                    why.append(f"{ratio:.1f}× the next product ({nxt['product']}, {_visits(nxt['visits'])}){was}")
            if prev and r["visits"] > cfg.outlier_prev * prev:
                why.append(f"{r['visits'] / prev:.1f}× its own visits of {sl.prev} ({_visits(prev)})")
                values.update(prev_ratio=round(r["visits"] / prev, 2))
            if has_prev and prev is None and r["rank"] <= cfg.new_top:
                why.append(f"new at #{r['rank']} with no row in {sl.prev}")
                values.update(new_in_top=cfg.new_top)
            if not why:
                continue
            severity: Severity = "error" if len(why) > 1 else "warning"
            out.append(
                Finding(
                    "outlier",
                    severity,
                    "traffic",
                    lst,
                    r["product"],
                    f"{_visits(r['visits'])} at #{r['rank']}: {'; '.join(why)}. If the vendor's figure is "
                    f"wrong, exclude it in the month's front matter (exclude: traffic: [{{product: "
                    f"{r['product']}, list: {lst}, reason: …}}]); if it is right, say why in the text",
                    values,
                )
            )
    return out


def list_jumps(facts: dict, cfg: CheckSettings) -> list[Finding]:
    out = []
    for lst, f in facts.items():
        mom = f.top20_total_mom
        if mom is not None and abs(mom) > cfg.list_jump:
            out.append(
                Finding(
                    "list_jump",
                    "warning",
                    "traffic",
                    lst,
                    None,
                    f"the Top{f.top_n} total changed by {N.pct(mom, 1)} from {f.prev_month}: look for a glitch "
                    f"(an outlier, a list re-cut by the vendor) before the lead paragraph says so",
                    {"top_n": f.top_n, "change": mom},
                )
            )
    return out


def stale_lists(sl: TrafficSlice, cfg: CheckSettings, pool: int) -> list[Finding]:
    out = []
    for lst in LISTS:
        pairs = [
            (r["visits"], sl.prev_visits.get((lst, identity(r)))) for r in sl.ranked.get((sl.month, lst), [])[:pool]
        ]
        both = [(a, b) for a, b in pairs if b is not None]
        same = sum(1 for a, b in both if a == b)
        if len(both) >= cfg.min_shared and same >= cfg.stale_share * len(both):
            out.append(
                Finding(
                    "stale",
                    "error",
                    "traffic",
                    lst,
                    None,
                    f"{same} of {plural(len(both), 'product')} have exactly {sl.prev}'s visits: the export looks "
                    f"re-sent; ingest the month's own file (aimonthly ingest traffic FILE --list {lst})",
                    {"equal": same, "compared": len(both), "share": round(same / len(both), 4)},
                )
            )
    return out


def concerned(sl: TrafficSlice, pool: int, top_n: int) -> set:
    """The products whose rows anywhere in the month matter: this month's pool (a second listing)
    and last month's Top N (gone from the list?)."""
    out = {identity(r) for lst in LISTS for r in sl.ranked.get((sl.month, lst), [])[:pool]}
    return out | {
        identity(r) for lst in LISTS if (sl.month, lst) in sl.stats for r in sl.ranked.get((sl.prev, lst), [])[:top_n]
    }


def month_rows(con, sl: TrafficSlice, registry: Registry, idents: set) -> list[dict]:
    """This month's rows (any list, any rank) under the spellings of ``idents``: one query."""
    names = lowered(n for i in idents for n in sl.spellings.get(i, ()))
    if not names:
        return []
    t = con.table("traffic")
    cols = [c for c in ("list", "product", "domain", "visits") if c in t.columns]
    rows = t.filter((t.month == sl.month) & t.product.lower().isin(names)).select(*cols).to_pyarrow().to_pylist()
    canonical_rows(rows, registry)
    return rows


def duplicates_and_gaps(found: list[dict], sl: TrafficSlice, pool: int, top_n: int) -> list[Finding]:
    out = []
    current = {lst: sl.ranked.get((sl.month, lst), [])[:pool] for lst in LISTS}
    before = {lst: sl.ranked.get((sl.prev, lst), [])[:top_n] for lst in LISTS if (sl.month, lst) in sl.stats}
    excluded = {(r["list"], r["raw"]) for rows in sl.excluded.values() for r in rows}
    for lst in LISTS:
        seen: dict[tuple, dict[str, int]] = {}
        for r in current[lst] + [r for r in found if r["list"] == lst]:
            if (lst, r["raw"]) not in excluded:
                seen.setdefault(identity(r), {})[r["raw"]] = r["visits"]
        for ident, names in seen.items():
            if len(names) > 1:
                product = ident[1] if ident[0] == "p" else next(iter(names))
                how = (
                    "resolve to the same product in the registry" if ident[0] == "p" else "are one name once normalised"
                )
                listed = "、".join(f"{n}（{_visits(v)}）" for n, v in sorted(names.items(), key=lambda kv: -kv[1]))
                out.append(
                    Finding(
                        "duplicate",
                        "error",
                        "traffic",
                        lst,
                        product,
                        f"{listed} {how}: the product is counted twice; keep one (exclude the other in the "
                        f"front matter) or, if they are different products, give each its own registry row",
                        {"names": dict(names)},
                    )
                )
        by_domain: dict[str, dict[tuple, str]] = {}
        unknown: set[str] = set()  # domains with a name the registry does not know: it has not told them apart
        for r in current[lst]:
            d = normalise_domain(r.get("domain"))
            if d:
                by_domain.setdefault(d, {})[identity(r)] = r["product"]
                if not r.get("resolved"):
                    unknown.add(d)
        for d, products in by_domain.items():
            if len(products) > 1 and d in unknown:
                sharing = sorted(products.values())
                out.append(
                    Finding(
                        "duplicate",
                        "warning",
                        "traffic",
                        lst,
                        sharing[0],
                        f"{'、'.join(sharing)} share the domain {d}: if they are one product, add the other "
                        f"name as an alias in the registry; if not, correct the domain",
                        {"domain": d, "products": sharing},
                    )
                )
        present = {identity(r) for r in found if r["list"] == lst} | {identity(r) for r in current[lst]}
        for r in before.get(lst, []):
            if identity(r) not in present:
                out.append(
                    Finding(
                        "gaps",
                        "warning",
                        "traffic",
                        lst,
                        r["product"],
                        f"#{r['rank']} in {sl.prev} ({_visits(r['visits'])}) has no row at all in "
                        f"{sl.month}: if it was renamed, add the new name to its aliases "
                        f"(aimonthly products unresolved {sl.month}); else check the export is complete",
                        {"prev_rank": r["rank"], "prev_visits": r["visits"]},
                    )
                )
    return out
