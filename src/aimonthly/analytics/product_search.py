"""Finding a product by any of its names: the registry's names and aliases, and every spelling the traffic
gives, across lists and months (the workbench's search box).

``spelling_index`` is one pass over the traffic (a spelling, its list, how many months it appears in and
the latest), resolved against the registry as the report resolves names; a search is then a substring
match on Arrow arrays, case aside, so it is computed once per data version and searched in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.analytics.ranking_table import identities
from aimonthly.analytics.registry import Registry
from aimonthly.core.product_names import ALIAS_SEPARATOR


@dataclass(frozen=True)
class Hit:
    product: str  # the registry's name, or the spelling itself when the registry does not know it
    matched: str  # the spelling that contains the query
    how: str  # "product" (its name), "alias" (a registry alias) or "spelling" (a traffic row's name)
    lists: tuple[str, ...]  # the lists it has rows on
    months: int  # months with a row on its busiest list
    latest: str | None  # the latest such month


def spelling_index(con, registry: Registry) -> pa.Table:
    """spelling, product (canonical or the spelling), list, months, latest: one row per spelling and list."""
    t = con.table("traffic")
    g = t.group_by(["product", "list"]).aggregate(months=t.month.nunique(), latest=t.month.max()).to_pyarrow()
    names = g["product"].combine_chunks()
    canon, _, _ = identities(registry, names, None)
    return pa.table(
        {"spelling": names, "product": canon, "list": g["list"], "months": g["months"], "latest": g["latest"]}
    )


def _contains(values: pa.Array, needle: str) -> pa.Array:
    return pc.fill_null(pc.match_substring(pc.utf8_lower(values), needle), False)


def search(index: pa.Table, registry: Registry, query: str, limit: int = 50) -> tuple[list[Hit], int]:
    """Products whose name, alias or traffic spelling contains ``query`` (case aside): the first ``limit``
    (registry names first, then by months with data), and how many there are in all."""
    needle = query.strip().lower()
    if not needle:
        return [], 0
    found: dict[str, tuple[str, str]] = {}  # product -> (matched spelling, how)
    if len(registry):
        reg = registry.table
        names = reg["product"].combine_chunks()
        for name in names.filter(_contains(names, needle)).to_pylist():
            found.setdefault(name, (name, "product"))
        if "aliases" in reg.column_names:
            aliases = pc.fill_null(reg["aliases"].combine_chunks(), "")
            hit = _contains(aliases, needle)
            for name, alias_list in zip(names.filter(hit).to_pylist(), aliases.filter(hit).to_pylist()):
                spelled = next((a.strip() for a in alias_list.split(ALIAS_SEPARATOR) if needle in a.lower()), name)
                found.setdefault(name, (spelled, "alias"))
    rows = index.filter(_contains(index["spelling"], needle)).to_pylist()
    for r in rows:
        found.setdefault(r["product"], (r["spelling"], "spelling"))
    wanted = pa.array(list(found), type=pa.string())
    mine = index.filter(pc.is_in(index["product"], value_set=wanted)).to_pylist()
    lists: dict[str, set[str]] = {}
    months: dict[str, int] = {}
    latest: dict[str, str] = {}
    for r in mine:
        p = r["product"]
        lists.setdefault(p, set()).add(r["list"])
        months[p] = max(months.get(p, 0), r["months"])
        if r["latest"] is not None and r["latest"] > latest.get(p, ""):
            latest[p] = r["latest"]
    hits = [
        Hit(p, spelled, how, tuple(sorted(lists.get(p, ()))), months.get(p, 0), latest.get(p))
        for p, (spelled, how) in found.items()
    ]
    hits.sort(key=lambda h: (h.how == "spelling", -h.months, h.product.lower()))
    return hits[:limit], len(hits)
