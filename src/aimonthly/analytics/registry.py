"""The product registry at query time: the names in a month's rows resolved to canonical products.

A name resolves when, after normalisation (aimonthly.core.product_names), it is a product's name or one of its
aliases, or, failing that, when the row's domain is a product's domain. Nothing else is merged:
near matches are only suggested (``aimonthly products unresolved``). Resolution happens when the
facts are computed, so an edit of the registry applies to every month without re-ingesting.

The work is sized by what a report shows, not by the warehouse: each section resolves the rows it
ranks (a few hundred), and finds a product's rows elsewhere by its *spellings* (its registered
names and the names seen for it, compared lower-cased and trimmed by the engine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.core.product_names import (
    ALIAS_SEPARATOR,
    normalise_domains,
    normalise_name,
    normalise_names,
    split_aliases,
)

COLUMNS = (
    "product",
    "aliases",
    "domain",
    "company",
    "category",
    "region",
    "launched",
    "note",
    "override",
    "description",
)


@dataclass(frozen=True)
class Product:
    product: str
    aliases: tuple[str, ...] = ()
    domain: str | None = None
    company: str | None = None
    category: str | None = None
    region: str | None = None
    launched: object = None
    note: str | None = None
    override: bool = False
    description: str | None = None  # what the product is, in one line (the report's text; aimonthly draft drafts it)

    def spellings(self) -> list[str]:
        return [self.product, *self.aliases]


def _table_or_none(con, name: str):
    # Not con.list_tables(): Ibis 12 on DuckDB 2 leaves the connection with an unfinished result.
    try:
        return con.table(name)
    except Exception:  # no such table (a warehouse from before the registry); backends differ in the error
        return None


class Registry:
    """Every current row of ``products``; resolution is vectorised over Arrow arrays."""

    def __init__(self, table: pa.Table | None = None):
        if table is None:
            table = pa.table({c: pa.array([], pa.bool_() if c == "override" else pa.string()) for c in COLUMNS})
        self.table = table.combine_chunks()
        self._names = self.table["product"].combine_chunks()
        self._keys: tuple[pa.Array, pa.Array] | None = None
        self._lower: tuple[pa.Array, pa.Array] | None = None
        self._all: tuple[pa.Array, pa.Array] | None = None
        self._domains: tuple[pa.Array, pa.Array] | None = None
        self._products: dict[str, Product | None] = {}

    @classmethod
    def load(cls, con, *, every_column: bool = False) -> Registry:
        """The registry on an Ibis connection; empty when the warehouse has none (or predates it).
        Analytics read the columns resolution and fill use; ``every_column`` for listing it."""
        t = _table_or_none(con, "products")
        if t is None:
            return cls()
        cols = COLUMNS if every_column else ("product", "aliases", "domain", "company", "category", "override")
        return cls(t.select(*[c for c in cols if c in t.columns]).to_pyarrow())

    def __len__(self) -> int:
        return self.table.num_rows

    # -- resolution ---------------------------------------------------------------------------
    def _spellings(self) -> tuple[pa.Array, pa.Array]:
        """(every registered name and alias as written, its product)."""
        if self._all is None:
            parts = pc.split_pattern(pc.fill_null(self.table["aliases"].combine_chunks(), ""), ALIAS_SEPARATOR)
            self._all = (
                pa.concat_arrays([self._names, pc.list_flatten(parts)]),
                pa.concat_arrays([self._names, pc.take(self._names, pc.list_parent_indices(parts))]),
            )
        return self._all

    def _lower_index(self) -> tuple[pa.Array, pa.Array]:
        """(every registered name lower-cased as written, its product): most spellings a vendor uses
        differ from a registered one by case alone, and lower-casing is far cheaper than normalising."""
        if self._lower is None:
            names, canon = self._spellings()
            lowered_ = pc.utf8_trim_whitespace(pc.utf8_lower(names))
            keep = pc.and_(pc.is_valid(lowered_), pc.not_equal(lowered_, ""))
            self._lower = (lowered_.filter(keep), canon.filter(keep))
        return self._lower

    def _key_index(self) -> tuple[pa.Array, pa.Array]:
        """(normalised key, product); a key is one product's only (the registry's own rule at ingest)."""
        if self._keys is None:
            names, canon = self._spellings()
            keys = normalise_names(names)
            keep = pc.is_valid(keys)
            self._keys = (keys.filter(keep), canon.filter(keep))
        return self._keys

    def _domain_index(self) -> tuple[pa.Array, pa.Array]:
        if self._domains is None:
            doms = normalise_domains(self.table["domain"].combine_chunks())
            ok = pc.is_valid(doms)
            self._domains = (doms.filter(ok), self._names.filter(ok))
        return self._domains

    def resolve_array(
        self, names: pa.Array | Sequence[str | None], domains: pa.Array | Sequence[str | None] | None = None
    ) -> tuple[pa.Array, pa.Array]:
        """(canonical product or null, how: "name", "alias", "domain" or null) for each name."""
        names = names if isinstance(names, pa.Array) else pa.array(list(names), type=pa.string())
        n = len(names)
        out = pa.nulls(n, pa.string())
        how = pa.nulls(n, pa.string())
        if n == 0 or len(self) == 0:
            return out, how
        exact = pc.is_valid(_lookup(names, self._names, self._names))
        out = pc.if_else(exact, names, out)
        how = pc.if_else(exact, pa.scalar("name"), how)
        todo = pc.invert(pc.fill_null(exact, False))
        if pc.any(todo).as_py():
            norm = normalise_names(names)
            hit = _lookup(norm, *self._lower_index(), unique=False)  # a key once lower-cased: no full pass
            if pc.any(pc.and_(todo, pc.is_null(hit))).as_py():
                hit = pc.coalesce(hit, _lookup(norm, *self._key_index()))
            fill = pc.and_(todo, pc.is_valid(hit))
            out = pc.if_else(fill, hit, out)
            same = pc.fill_null(pc.equal(normalise_names(names), normalise_names(hit)), False)
            how = pc.if_else(fill, pc.if_else(same, pa.scalar("name"), pa.scalar("alias")), how)
            todo = pc.and_(todo, pc.invert(pc.is_valid(hit)))
        if domains is not None and pc.any(todo).as_py():
            domains = domains if isinstance(domains, pa.Array) else pa.array(list(domains), type=pa.string())
            doms, canon = self._domain_index()
            hit = _lookup(normalise_domains(domains), doms, canon)
            fill = pc.and_(todo, pc.is_valid(hit))
            out = pc.if_else(fill, hit, out)
            how = pc.if_else(fill, pa.scalar("domain"), how)
        return out, how

    def resolve(self, names: Sequence[str | None], domains: Sequence[str | None] | None = None) -> list[str | None]:
        return self.resolve_array(names, domains)[0].to_pylist()

    def resolve_one(self, name: str, domain: str | None = None) -> str | None:
        return self.resolve([name], [domain])[0]

    # -- rows -------------------------------------------------------------------------------------
    def get(self, product: str) -> Product | None:
        if product not in self._products:
            self.prefetch([product])
        return self._products[product]

    def prefetch(self, products: Iterable[str]) -> None:
        """Read the rows of ``products`` (one vectorised lookup, not a dict of every name)."""
        todo = sorted({p for p in products if p is not None and p not in self._products})
        if not todo:
            return
        found = self.table.filter(pc.is_in(self._names, value_set=pa.array(todo, type=pa.string()))).to_pylist()
        for p in todo:
            self._products[p] = None
        for r in found:
            r = {c: r.get(c) for c in COLUMNS}
            self._products[r["product"]] = Product(
                r["product"],
                tuple(split_aliases(r["aliases"])),
                r["domain"],
                r["company"],
                r["category"],
                r["region"],
                r["launched"],
                r["note"],
                bool(r["override"]),
                r["description"],
            )

    def products(self) -> list[Product]:
        """Every row, by product name."""
        names = sorted(self._names.to_pylist())
        self.prefetch(names)
        return [p for p in (self._products[n] for n in names) if p is not None]

    def spellings(self, products: Iterable[str]) -> dict[str, set[str]]:
        """Each product's registered names (itself and its aliases), as written."""
        products = list(products)
        self.prefetch(products)
        out = {}
        for p in products:
            row = self.get(p)
            out[p] = set(row.spellings()) if row else {p}
        return out

    def spelling_table(self, products: pa.Array) -> tuple[pa.Array, pa.Array]:
        """(spelling, product) for every registered name and alias of ``products``, vectorised (the
        exposure index finds thousands of products' rows); a product the registry lacks spells itself."""
        names, canon = self._spellings()
        keep = pc.is_in(canon, value_set=products) if len(products) else pa.array([False] * len(canon))
        known = pc.is_in(products, value_set=self._names) if len(self) else pa.array([False] * len(products))
        alone = products.filter(pc.invert(known))
        return pa.concat_arrays([names.filter(keep), alone]), pa.concat_arrays([canon.filter(keep), alone])

    def key_table(self) -> tuple[pa.Array, pa.Array]:
        """(normalised key, canonical product) of every registered name and alias."""
        return self._key_index()


def _lookup(query: pa.Array, keys: pa.Array, values: pa.Array, *, unique: bool = True) -> pa.Array:
    """``values`` at each query's position in ``keys``, or null. The keys are scanned against the
    few query values rather than hashed whole on every call: a report resolves a few hundred names
    against a registry that may hold hundreds of thousands. ``unique=False``: keys may repeat, and
    a key held by two different values is no answer (it could only be a guess)."""
    wanted = pc.drop_null(pc.unique(query))
    if len(wanted) == 0:
        return pa.nulls(len(query), values.type)
    present = pc.is_in(keys, value_set=wanted)
    keys, values = keys.filter(present), values.filter(present)
    if not unique and len(keys):
        t = pa.table({"k": keys, "v": values}).group_by("k").aggregate([("v", "min"), ("v", "max")])
        one = pc.equal(t["v_min"], t["v_max"])
        keys, values = t["k"].filter(one).combine_chunks(), t["v_min"].filter(one).combine_chunks()
    return pc.take(values, pc.index_in(query, value_set=keys))


def canonical_rows(
    rows: list[dict], registry: Registry, *, name: str = "product", domain: str | None = "domain"
) -> None:
    """Add ``canonical`` (the registry's product, or the row's own name when unresolved), ``raw`` (the
    name as the export gives it), ``resolved`` (how: name, alias, domain, or None) and ``key`` (the
    normalised name) to each row."""
    if not rows:
        return
    names = [r[name] for r in rows]
    doms = [r.get(domain) for r in rows] if domain else None
    canon, how = registry.resolve_array(names, doms)
    keys = normalise_names(pa.array(names, type=pa.string())).to_pylist()
    registry.prefetch(c for c in canon.to_pylist() if c is not None)
    for r, c, h, k in zip(rows, canon.to_pylist(), how.to_pylist(), keys):
        r["raw"] = r[name]
        r["canonical"] = c if c is not None else r[name]
        r["resolved"] = h
        r["key"] = k  # the name's normalised form


def lowered(spellings: Iterable[str]) -> list[str]:
    """Spellings as the engine compares them: lower-cased (stored names are trimmed at ingest, and
    LOWER costs the engine little where TRIM would cost six times an exact match)."""
    return sorted({s.strip().lower() for s in spellings if s and s.strip()})


def same_product(a: str, b: str) -> bool:
    """Whether two names are one product by normalisation alone (no registry)."""
    return normalise_name(a) == normalise_name(b)


def fill_row(row: dict, registry: Registry, product: str) -> dict:
    """Company and category from the registry where the export lacks them, or where the registry row
    says ``override``; the export's own values win otherwise (docs/registry.md#fill)."""
    entry = registry.get(product)
    if entry is None:
        return row
    out = dict(row)
    for col in ("company", "category"):
        mine = getattr(entry, col)
        if mine and (entry.override or not row.get(col)):
            out[col] = mine
    return out
