"""A list's whole ranking for one month, for browsing (the workbench's rankings page).

Every product of the list, not only the report's Top N: rank (by visits, then name, as the report
ranks), the registry's name and filled company and category (analytics.registry), the house category
(analytics.taxonomy) and 环比 against the previous month, found under any spelling of the product
(its identity: the registry product, or the normalised name of an unresolved one). Exclusions of the
month's front matter are not applied here: the rankings page shows the data as the vendor gives it.

Two queries (the month and the month before on the list), then Arrow: a 200,000-product list takes
about a second, once per warehouse version (the caller keeps the table).
"""

from __future__ import annotations

from typing import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.analytics.registry import Registry, lowered
from aimonthly.analytics.taxonomy import Taxonomy
from aimonthly.core.months import previous_month
from aimonthly.core.product_names import normalise_names

COLUMNS = ("rank", "product", "raw", "identity", "company", "category", "tag", "visits", "prev_visits", "mom")
SORTABLE = ("rank", "product", "company", "category", "visits", "mom")


def identities(registry: Registry, names: pa.Array, domains: pa.Array | None) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(canonical name or the name itself, how it resolved or null, identity 'p:<product>' or 'n:<key>')."""
    canon, how = registry.resolve_array(names, domains)
    keys = normalise_names(names)
    ident = pc.if_else(
        pc.is_valid(how),
        pc.binary_join_element_wise("p", canon, ":"),
        pc.binary_join_element_wise("n", pc.fill_null(keys, ""), ":"),
    )
    return pc.coalesce(canon, names), how, ident


def _column(t: pa.Table, name: str, type_: pa.DataType = pa.string()) -> pa.Array:
    return t[name].combine_chunks() if name in t.column_names else pa.nulls(t.num_rows, type_)


def _fill(registry: Registry, product: pa.Array, how: pa.Array, given: pa.Array, column: str) -> pa.Array:
    """The registry's value where the row lacks one or the registry row overrides (registry.fill_row)."""
    reg = registry.table
    if len(reg) == 0 or column not in reg.column_names:
        return given
    at = pc.index_in(product, value_set=reg["product"].combine_chunks())
    theirs = pc.take(reg[column].combine_chunks(), at)
    override = (
        pc.fill_null(pc.take(reg["override"].combine_chunks().cast(pa.bool_()), at), False)
        if "override" in reg.column_names
        else pa.array([False] * len(product))
    )
    use = pc.and_(pc.and_(pc.is_valid(how), pc.is_valid(theirs)), pc.or_(override, pc.is_null(given)))
    return pc.if_else(use, theirs, given)


def ranking_table(con, lst: str, month: str, *, registry: Registry, taxonomy: Taxonomy | None = None) -> pa.Table:
    """Every product of ``lst`` in ``month`` by rank (COLUMNS); an empty table when the list has no rows."""
    t = con.table("traffic")
    cols = [c for c in ("product", "domain", "visits", "company", "category") if c in t.columns]
    cur = t.filter((t.month == month) & (t.list == lst)).select(*cols).to_pyarrow()
    prev = (
        t.filter((t.month == previous_month(month)) & (t.list == lst))
        .select(*[c for c in ("product", "domain", "visits") if c in t.columns])
        .to_pyarrow()
    )
    names = _column(cur, "product")
    product, how, ident = identities(registry, names, _column(cur, "domain"))
    _, _, prev_ident = identities(registry, _column(prev, "product"), _column(prev, "domain"))
    before = pa.table({"i": prev_ident, "v": _column(prev, "visits", pa.int64())})
    before = before.group_by("i").aggregate([("v", "max")])
    prev_visits = pc.take(before["v_max"].combine_chunks(), pc.index_in(ident, value_set=before["i"].combine_chunks()))
    visits = _column(cur, "visits", pa.int64())
    ok = pc.and_(pc.is_valid(prev_visits), pc.greater(prev_visits, 0))
    mom = pc.if_else(
        ok,
        pc.subtract(pc.divide(visits.cast(pa.float64()), prev_visits.cast(pa.float64())), 1.0),
        pa.scalar(None, pa.float64()),
    )
    tag = _fill(registry, product, how, _column(cur, "category"), "category")
    tags = tag.unique().to_pylist()
    house = {v: taxonomy.map(lst, v).category for v in tags} if taxonomy is not None else {v: v for v in tags}
    category = pa.array([house[v] for v in tag.to_pylist()], pa.string()) if len(tag) else pa.array([], pa.string())
    table = pa.table(
        {
            "product": product,
            "raw": names,
            "identity": ident,
            "company": _fill(registry, product, how, _column(cur, "company"), "company"),
            "category": category,
            "tag": tag,
            "visits": visits,
            "prev_visits": prev_visits,
            "mom": mom,
        }
    )
    order = pc.sort_indices(pa.table({"v": visits, "p": names}), sort_keys=[("v", "descending"), ("p", "ascending")])
    table = table.take(order)
    return table.add_column(0, "rank", pa.array(range(1, table.num_rows + 1), pa.int32()))


def sort_rows(table: pa.Table, by: str, descending: bool) -> pa.Array:
    """Row positions in the order asked; nulls last either way, then by rank."""
    if by not in SORTABLE:
        raise ValueError(by)
    return pc.sort_indices(
        table, sort_keys=[(by, "descending" if descending else "ascending", "at_end"), ("rank", "ascending", "at_end")]
    )


def filter_mask(table: pa.Table, category: str | None = None, text: str | None = None) -> pa.Array:
    """Rows of one category and (case-insensitively) containing ``text`` in product, vendor name or company."""
    mask = pa.array([True] * table.num_rows)
    if category:
        mask = pc.and_(mask, pc.fill_null(pc.equal(table["category"], category), False))
    if text:
        needle = text.strip().lower()
        hit = pa.array([False] * table.num_rows)
        for col in ("product", "raw", "company"):
            hit = pc.or_(hit, pc.fill_null(pc.match_substring(pc.utf8_lower(table[col]), needle), False))
        mask = pc.and_(mask, hit)
    return mask


def view(
    table: pa.Table, by: str = "rank", descending: bool = False, category: str | None = None, text: str | None = None
) -> pa.Array:
    """The positions of the rows to show, in order: filtered, then sorted."""
    if not (category or text):
        return sort_rows(table, by, descending)
    positions = pc.indices_nonzero(filter_mask(table, category, text))
    return pc.take(positions, sort_rows(table.take(positions), by, descending))


def visits_history(
    con, lst: str, months: Sequence[str], rows: Sequence[dict], *, registry: Registry
) -> dict[str, list[int | None]]:
    """identity -> visits in each of ``months`` on ``lst`` (None where absent), for the few ``rows`` given
    (dicts with product, raw and identity): found under every spelling, the larger of two in one month."""
    wanted = {r["identity"] for r in rows}
    registered = registry.spellings({r["product"] for r in rows if r["identity"].startswith("p:")})
    spellings = {r["raw"] for r in rows} | {s for names in registered.values() for s in names}
    out: dict[str, list[int | None]] = {i: [None] * len(months) for i in wanted}
    if not spellings or not months:
        return out
    t = con.table("traffic")
    cols = [c for c in ("month", "product", "domain", "visits") if c in t.columns]
    found = t.filter((t.list == lst) & t.month.isin(list(months)) & t.product.lower().isin(lowered(spellings)))
    found = found.select(*cols).to_pyarrow()
    _, _, ident = identities(registry, _column(found, "product"), _column(found, "domain"))
    at = {m: k for k, m in enumerate(months)}
    for i, m, v in zip(ident.to_pylist(), found["month"].to_pylist(), found["visits"].to_pylist()):
        if i in out and v is not None:
            k = at[m]
            out[i][k] = v if out[i][k] is None else max(out[i][k], v)
    return out
