"""``product_stocks`` as the research sections read it (映射标的, the exposure index): each row's product
resolved against the registry (a mapping written under an alias belongs to the product), and the stocks
the front matter excludes (``exclude: stock_prices``) set apart."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.analytics.registry import Registry, _table_or_none

COLUMNS = ("product", "code", "name", "relation", "weight")


def listings(con, registry: Registry, removed: list[str] | tuple[str, ...] = ()) -> pa.Table:
    """Every current product_stocks row (product, code, name, relation, weight), products resolved,
    codes in ``removed`` left out; empty when the warehouse has no mappings."""
    t = _table_or_none(con, "product_stocks")
    empty = pa.table(
        {
            "product": pa.array([], pa.string()),
            "code": pa.array([], pa.string()),
            "name": pa.array([], pa.string()),
            "relation": pa.array([], pa.string()),
            "weight": pa.array([], pa.float64()),
        }
    )
    if t is None:
        return empty
    if removed:
        t = t.filter(~t.code.isin(sorted(removed)))
    rows = t.select(*COLUMNS).to_pyarrow().combine_chunks()
    if rows.num_rows == 0:
        return empty
    canon, _ = registry.resolve_array(rows["product"].combine_chunks())
    rows = rows.set_column(0, "product", pc.coalesce(canon, rows["product"].combine_chunks()))
    pairs = rows.group_by(["product", "code"]).aggregate([])
    if pairs.num_rows < rows.num_rows:  # two spellings of one product mapped to one stock: the first row counts
        seen: set[tuple[str, str]] = set()
        keep = [
            not ((r["product"], r["code"]) in seen or seen.add((r["product"], r["code"])))  # type: ignore[func-returns-value]
            for r in rows.select(["product", "code"]).to_pylist()
        ]
        rows = rows.filter(pa.array(keep))
    return rows


def by_product(table: pa.Table, products: list[str]) -> dict[str, list[dict]]:
    """product -> its stocks (code order), for a few products."""
    if not products or table.num_rows == 0:
        return {p: [] for p in products}
    hit = table.filter(pc.is_in(table["product"], value_set=pa.array(sorted(set(products)), pa.string())))
    out: dict[str, list[dict]] = {p: [] for p in products}
    for r in sorted(hit.to_pylist(), key=lambda r: r["code"]):
        out[r["product"]].append(r)
    return out
