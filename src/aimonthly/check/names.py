"""The naming rules: unresolved names, unmapped vendor tags, and notes on the registry and the month's
exclusions (docs/check.md)."""

from __future__ import annotations

from aimonthly.analytics.registry import Registry
from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice
from aimonthly.check.findings import Finding
from aimonthly.core.errors import plural


def registry_note(registry: Registry) -> list[Finding]:
    if len(registry):
        return []
    return [
        Finding(
            "registry",
            "info",
            "products",
            None,
            None,
            "no product registry: names are used as the exports print them, a renamed product loses its 环比 "
            "and no company or category is filled; ingest one (aimonthly ingest products products.yaml)",
            {"products": 0},
        )
    ]


def unresolved(sl: TrafficSlice, registry: Registry, pool: int, each: int = 3) -> list[Finding]:
    """The names of the traffic rows the report is computed from that the registry does not know
    (apps need not be products: aimonthly products unresolved lists them, check does not). Up to
    ``each`` names a list are a warning each; more are one warning (a partial registry is one fact)."""
    if not len(registry):
        return []
    out = []
    for lst in LISTS:
        rows = [r for r in sl.ranked.get((sl.month, lst), [])[:pool] if not r.get("resolved")]
        if len(rows) > each:  # a partial registry is one fact: one finding, the pool's names by rank
            shown = "、".join(f"#{r['rank']} {r['raw']}" for r in rows[:12]) + ("…" if len(rows) > 12 else "")
            listed = {"count": len(rows), "names": [r["raw"] for r in rows], "ranks": [r["rank"] for r in rows]}
            n = len(sl.ranked.get((sl.month, lst), [])[:pool])
            summary = (
                f"{len(rows)} of the Top {n} names match no product in the registry: {shown}. Their companies and "
                f"categories cannot be filled and a rename would lose its 环比; aimonthly products unresolved "
                f"{sl.month} --paste prints their rows"
            )
            out.append(Finding("unresolved", "warning", "traffic", lst, None, summary, listed))
            continue
        out += [
            Finding(
                "unresolved",
                "warning",
                "traffic",
                lst,
                r["raw"],
                f"#{r['rank']} matches no product in the registry (name, alias or domain): its "
                f"company and category cannot be filled and a rename would lose its 环比; add it "
                f"(aimonthly products unresolved {sl.month} prints a row to paste)",
                {"rank": r["rank"], "visits": r["visits"], "domain": r.get("domain")},
            )
            for r in rows
        ]
    return out


def mapped_by(sl: TrafficSlice, pool: int) -> list[Finding]:
    """For the pool, the categories decided by a tag after the first (a rule matched on a later tag, the
    earlier ones mapping nothing): the ones a human may doubt, one note a list."""
    out = []
    for lst in LISTS:
        rows = [r for r in sl.ranked.get((sl.month, lst), [])[:pool] if r.get("tag_position")]
        if not rows:
            continue
        listed = "; ".join(
            f"{r['product']} → {r['category']} by its tag {r['mapped_by']!r} (tag {r['tag_position'] + 1}; "
            f"the first, {r['tags'][0]!r}, maps nothing)"
            for r in rows
        )
        out.append(
            Finding(
                "mapped_by",
                "info",
                "traffic",
                lst,
                None,
                f"{plural(len(rows), 'category', 'categories')} of the Top {pool} decided by a later tag: {listed}. "
                f"If one is wrong, give the product its category in the registry or add a rule to [taxonomy] "
                f"extra_rules",
                {
                    "products": [
                        {
                            "product": r["product"],
                            "category": r["category"],
                            "tag": r["mapped_by"],
                            "position": r["tag_position"] + 1,
                        }
                        for r in rows
                    ]
                },
            )
        )
    return out


def unmapped(sl: TrafficSlice, pool: int, other: str) -> list[Finding]:
    out = []
    for lst in LISTS:
        rows = sl.ranked.get((sl.month, lst), [])[:pool]
        total = sum(r["visits"] for r in rows) or 1
        tags: dict[str, list[dict]] = {}
        for r in rows:
            if not r.get("mapped", True):
                tags.setdefault(r["tag"], []).append(r)
        for tag, rs in sorted(tags.items(), key=lambda kv: -sum(r["visits"] for r in kv[1])):
            visits = sum(r["visits"] for r in rs)
            named = "、".join(r["product"] for r in rs[:3]) + ("…" if len(rs) > 3 else "")
            out.append(
                Finding(
                    "unmapped",
                    "warning",
                    "traffic",
                    lst,
                    None,
                    f"the vendor's category {tag!r} maps to no house category: its "
                    f"{plural(len(rs), 'product')} ({named}) {'counts' if len(rs) == 1 else 'count'} as "
                    f"{other} in the category mix; add a rule to house [taxonomy]",
                    {
                        "tag": tag,
                        "products": [r["product"] for r in rs],
                        "visits": visits,
                        "share": round(visits / total, 6),
                    },
                )
            )
    return out


def exclusion_notes(exclusions) -> list[Finding]:
    return [
        Finding(
            "exclusion",
            "info",
            e.dataset,
            e.list,
            e.product,
            f"excluded by the month's front matter: {e.reason}",
            {"where": e.where},
        )
        for e in exclusions
    ]
