"""The product registry's own rules, checked when it is ingested: a name, alias or domain may mean
one product only, or resolution would have to guess (docs/registry.md)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.ingest.errors import Problem
from aimonthly.ingest.readers import RawTable
from aimonthly.core.product_names import normalise_domains, normalise_names, registry_keys

LIMIT = 50


def _claimed_twice(keys: pa.Array, rows: pa.Array) -> list[tuple[str, list[int]]]:
    """Keys held by more than one row, with those rows (in order)."""
    if len(keys) == 0:
        return []
    t = pa.table({"key": keys, "row": rows})
    g = t.group_by("key").aggregate([("row", "count_distinct")])
    shared = g.filter(pc.greater(g["row_count_distinct"], 1))["key"]
    if len(shared) == 0:
        return []
    hits = t.filter(pc.is_in(t["key"], value_set=shared)).to_pylist()
    by: dict[str, list[int]] = {}
    for h in hits:
        rows_ = by.setdefault(h["key"], [])
        if h["row"] not in rows_:
            rows_.append(h["row"])
    return [(k, sorted(v)) for k, v in list(by.items())[:LIMIT]]


def registry_problems(table: pa.Table, raw: RawTable) -> list[Problem]:
    products = table["product"].combine_chunks()
    out = []
    keys, rows = registry_keys(products, table["aliases"].combine_chunks())
    own = normalise_names(products)
    for key, where in _claimed_twice(keys, rows):
        first, *others = where
        for r in others:
            column = "product" if own[r].as_py() == key else "aliases"
            out.append(
                Problem(
                    raw.row_number(r),
                    column,
                    f"the name {key!r} also means {products[first].as_py()!r} "
                    f"(row {raw.row_number(first)}); a name may mean one product only",
                    "keep the name on one product's row: a rename is an alias of the product it now names",
                )
            )
    domains = normalise_domains(table["domain"].combine_chunks())
    valid = pc.is_valid(domains)
    idx = pa.array(range(len(domains)), type=pa.int64()).filter(valid)
    for dom, where in _claimed_twice(domains.filter(valid), idx):
        first, *others = where
        for r in others:
            out.append(
                Problem(
                    raw.row_number(r),
                    "domain",
                    f"the domain {dom!r} is also the domain of "
                    f"{products[first].as_py()!r} (row {raw.row_number(first)})",
                    "give a domain to one product only, or leave it empty on the others",
                )
            )
    return sorted(out, key=lambda p: p.row or 0)
