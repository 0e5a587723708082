"""The AI-traffic exposure index: per listed company in ``product_stocks``, the visits of its mapped
products, each times its weight, per month (docs/research.md#exposure).

- A product's visits in a month: its visits on the global list when it has a row there, else the sum
  of its domestic and overseas visits. The global list counts a product's visits wherever they come
  from, so adding either of the others to it would count visits twice; the domestic and overseas
  lists count different users and add up. Rows are found under the product's registered name and
  aliases, compared lower-cased (as the traffic section finds last month's rows); of two rows of one
  product on one list, the larger counts.
- index(company, month) = Σ weight × visits over its products with a row that month (an empty
  weight counts 1), rounded to a whole number; null when none of its products has a row.
- 环比 = index / the previous month's index − 1; change = index − the previous month's (a missing
  month counting 0). The table: the companies whose index changed most this month, by the size of
  the change, ties by code.
- A product the front matter excludes from traffic is left out of every month of the index (on
  the list named, or on all); a stock it excludes from stock_prices is left out.
- Monthly close: the stock's last close of each month (for the chart beside the index).
The work is three engine queries, whatever the number of mappings: the index (a join of the
window's traffic rows with the products' spellings), and the monthly closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ibis
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.analytics.listed import listings
from aimonthly.analytics.market import excluded_stocks
from aimonthly.analytics.registry import Registry
from aimonthly.core.months import add_months, month_end, month_start
from aimonthly.core.product_names import normalise_name


@dataclass(frozen=True)
class ExposureFacts:
    months: list[str]  # the index's history, oldest first, ending with the report's month
    companies: list[dict]  # code, name, products, months [month, visits, mom, close], visits, prev, change, mom
    table: list[dict] = field(default_factory=list)  # the companies whose index changed most: rank + the above
    removed: list[dict] = field(default_factory=list)  # stocks the front matter excludes: code, name, reason
    excluded: list[dict] = field(default_factory=list)  # products the front matter excludes: product, list, reason

    @property
    def missing(self) -> list[str]:
        return []

    def company(self, code: str) -> dict | None:
        return next((c for c in self.companies if c["code"] == code), None)

    def to_dict(self) -> list[dict]:
        return self.companies


def window(month: str, n: int) -> list[str]:
    """The ``n`` months ending with ``month``, oldest first."""
    first = month_start(month)
    return [add_months(first, -i).isoformat()[:7] for i in range(n - 1, -1, -1)]


def compute(con, ctx) -> ExposureFacts:
    from aimonthly.analytics.exclusions import for_dataset

    cfg = ctx.house.exposure
    registry = ctx.registry if ctx.registry is not None else Registry.load(con)
    removed = excluded_stocks(con, for_dataset(ctx.exclusions, "stock_prices"))
    maps = listings(con, registry, [r["code"] for r in removed])
    months = window(ctx.month, cfg.months)
    excluded = [
        {"product": e.product, "list": e.list, "reason": e.reason} for e in for_dataset(ctx.exclusions, "traffic")
    ]
    if maps.num_rows == 0:
        return ExposureFacts(months, [], [], removed, excluded)
    index = _index(con, registry, maps, [add_months(month_start(months[0]), -1).isoformat()[:7], *months], ctx)
    closes = _monthly_closes(con, pc.unique(maps["code"].combine_chunks()).to_pylist(), months)
    companies = _companies(maps, index, closes, months)
    table = sorted(
        (c for c in companies if c["visits"] is not None or c["prev"] is not None),
        key=lambda c: (-abs(c["change"]), c["code"]),
    )[: cfg.table_rows]
    table = [{"rank": i, **c} for i, c in enumerate(table, 1)]
    return ExposureFacts(months, companies, table, removed, excluded)


def _spellings(registry: Registry, products: pa.Array) -> pa.Table:
    """(spelling lower-cased, pid): each product's registered name and aliases; a lower-cased spelling two
    products share counts for neither."""
    names, canon = registry.spelling_table(products)
    low = pc.utf8_trim_whitespace(pc.utf8_lower(names))
    t = pa.table({"spelling": low, "pid": pc.index_in(canon, value_set=products)}).filter(pc.is_valid(low))
    g = t.group_by("spelling").aggregate([("pid", "min"), ("pid", "max")])
    one = pc.equal(g["pid_min"], g["pid_max"])
    return pa.table({"spelling": g["spelling"].filter(one), "pid": g["pid_min"].filter(one)})


def _index(con, registry: Registry, maps: pa.Table, months: list[str], ctx) -> pa.Table:
    """code, month, visits: the index for the months given (one query)."""
    from aimonthly.analytics.exclusions import for_dataset

    products = pc.unique(maps["product"].combine_chunks())
    spell = ibis.memtable(_spellings(registry, products))
    weights = ibis.memtable(
        pa.table(
            {
                "pid": pc.index_in(maps["product"], value_set=products),
                "code": maps["code"],
                "weight": pc.fill_null(maps["weight"], 1.0),
            }
        )
    )
    t = con.table("traffic")
    x = t.filter(t.month.isin(months)).select("month", "list", "product", "visits")
    j = x.join(spell, x.product.lower() == spell.spelling)
    for e in for_dataset(ctx.exclusions, "traffic"):
        target = registry.resolve_one(e.product) or e.product
        pid = products.index(target).as_py()
        if pid < 0:
            continue  # not a mapped product
        on_list = (j.list == e.list) if e.list else ibis.literal(True)
        # a spelling other than the product's name excludes that listing only (a duplicate), as traffic does
        which = (
            (j.pid == pid)
            if normalise_name(e.product) == normalise_name(target)
            else (j.product.lower() == e.product.strip().lower())
        )
        j = j.filter(~(on_list & which))
    h = j.group_by(["pid", "month"]).aggregate(
        g=j.visits.max(where=j.list == "global"),
        d=j.visits.max(where=j.list == "domestic"),
        o=j.visits.max(where=j.list == "overseas"),
    )
    h = h.mutate(v=ibis.coalesce(h.g, h.d.fill_null(0) + h.o.fill_null(0)))
    k = h.join(weights, "pid")
    return k.group_by(["code", "month"]).aggregate(visits=(k.v * k.weight).sum()).to_pyarrow()


def _monthly_closes(con, codes: list[str], months: list[str]) -> pa.Table:
    """code, month, close: each stock's last close of each month."""
    sp = con.table("stock_prices")
    s = sp.filter((sp.date >= month_start(months[0])) & (sp.date <= month_end(months[-1])))
    if len(codes) <= 200:  # a few: filtered in the engine (a long list costs more to compile than to keep here)
        s = s.filter(s.code.isin(codes))
    s = s.mutate(month=s.date.truncate("M"))
    g = s.group_by(["code", "month"]).aggregate(close=s.close.argmax(s.date)).to_pyarrow()
    return pa.table(
        {
            "code": g["code"],
            "month": pc.utf8_slice_codeunits(pc.cast(g["month"], pa.string()), 0, 7),
            "close": g["close"],
        }
    )


def _grid(t: pa.Table, col: str, codes: pa.Array, months: list[str]) -> np.ndarray:
    """A codes x months array of ``t[col]`` (NaN where it has no row)."""
    out = np.full((len(codes), len(months)), np.nan)
    i = pc.index_in(t["code"], value_set=codes).to_numpy(zero_copy_only=False)
    j = pc.index_in(t["month"], value_set=pa.array(months)).to_numpy(zero_copy_only=False)
    ok = ~(np.isnan(i.astype(float)) | np.isnan(j.astype(float)))
    out[i[ok].astype(int), j[ok].astype(int)] = t[col].to_numpy(zero_copy_only=False)[ok]
    return out


def _values(a: np.ndarray, nd: int | None) -> list:
    """The array as Python values, None for NaN (``nd``: decimals; None: whole numbers)."""
    flat = a.ravel()
    rounded = np.round(flat) if nd is None else np.round(flat, nd)
    values = pa.array(rounded, mask=np.isnan(flat))
    return (pc.cast(values, pa.int64()) if nd is None else values).to_pylist()


def _companies(maps: pa.Table, index: pa.Table, closes: pa.Table, months: list[str]) -> list[dict]:
    """One entry per company (code order): its products, and per month its index, 环比 and close."""
    codes = pc.unique(maps["code"].combine_chunks())
    codes = pc.take(codes, pc.array_sort_indices(codes))
    before = add_months(month_start(months[0]), -1).isoformat()[:7]
    v = _grid(index, "visits", codes, [before, *months])
    with np.errstate(divide="ignore", invalid="ignore"):
        mom = np.where(v[:, :-1] > 0, v[:, 1:] / v[:, :-1] - 1, np.nan)
    v = np.round(v)  # the index in whole visits (环比 above is from the exact sums)
    c = _grid(closes, "close", codes, months)
    visits, moms, close, prev = _values(v[:, 1:], None), _values(mom, 6), _values(c, 6), _values(v[:, -2], None)
    products: dict[str, list[dict]] = {}
    names: dict[str, str] = {}
    seen = set()
    for r in sorted(maps.to_pylist(), key=lambda r: (r["code"], r["product"])):
        if r["name"]:
            names.setdefault(r["code"], r["name"])
        if (r["code"], r["product"]) not in seen:  # a product mapped twice under two of its spellings: once
            seen.add((r["code"], r["product"]))
            products.setdefault(r["code"], []).append(
                {"product": r["product"], "relation": r["relation"], "weight": r["weight"]}
            )
    n = len(months)
    out = []
    for i, code in enumerate(codes.to_pylist()):
        at = i * n
        series = [
            {"month": m, "visits": visits[at + k], "mom": moms[at + k], "close": close[at + k]}
            for k, m in enumerate(months)
        ]
        cur, last = series[-1]["visits"], prev[i]
        out.append(
            {
                "code": code,
                "name": names.get(code) or code,
                "products": products[code],
                "months": series,
                "visits": cur,
                "prev": last,
                "change": (cur or 0) - (last or 0),
                "mom": series[-1]["mom"],
            }
        )
    return out
