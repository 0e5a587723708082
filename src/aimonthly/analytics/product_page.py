"""One product across months and lists, for browsing (the workbench's product page).

A product is a registry product (its name and aliases) or, when the registry does not know it, a
name as the traffic rows spell it. Its rows are found under every spelling and kept only when they
resolve to it (analytics.registry), so an alias's rows count and a look-alike's do not. Ranks are
the list's ranks (by visits, then name), counted in the warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import ibis
import pyarrow as pa

from aimonthly.analytics.ranking_table import _column, identities
from aimonthly.analytics.registry import Product, Registry, lowered
from aimonthly.core.product_names import normalise_name

APP_DAYS = 120  # the app-store rank history shown: the last days with ranks
PRICE_DAYS = 500  # the price history shown per listed company: the last trading days
NEWS_ITEMS = 30


@dataclass(frozen=True)
class ProductPage:
    name: str
    entry: Product | None  # the registry row; None for a name the registry does not know
    history: list[dict]  # month, list, visits, rank, of (products on the list that month), by month then list
    apps: dict[str, list[dict]] = field(default_factory=dict)  # keyword -> [{date, app, rank}] oldest first
    stocks: list[dict] = field(default_factory=list)  # code, name, relation, weight, prices [(date, close)]
    news: list[dict] = field(default_factory=list)  # date, title, source, url, region; newest first


def identity_of(name: str, registry: Registry) -> str:
    return f"p:{name}" if registry.get(name) is not None else f"n:{normalise_name(name) or ''}"


def known_names(con, name: str, registry: Registry) -> bool:
    """Whether ``name`` is a registry product or a name some traffic row gives."""
    if registry.get(name) is not None:
        return True
    t = con.table("traffic")
    return bool(t.filter(t.product.lower() == name.strip().lower()).limit(1).count().to_pyarrow().as_py())


def _spellings(name: str, registry: Registry) -> list[str]:
    entry = registry.get(name)
    return lowered(entry.spellings() if entry else [name])


def traffic_history(con, name: str, registry: Registry) -> list[dict]:
    t = con.table("traffic")
    cols = [c for c in ("month", "list", "product", "domain", "visits") if c in t.columns]
    found = t.filter(t.product.lower().isin(_spellings(name, registry))).select(*cols).to_pyarrow()
    _, _, ident = identities(registry, _column(found, "product"), _column(found, "domain"))
    me = identity_of(name, registry)
    best: dict[tuple[str, str], dict] = {}
    for i, r in zip(ident.to_pylist(), found.to_pylist()):
        if i != me or r["visits"] is None:
            continue
        k = (r["month"], r["list"])
        if k not in best or r["visits"] > best[k]["visits"]:
            best[k] = {"month": r["month"], "list": r["list"], "visits": r["visits"], "product": r["product"]}
    if not best:
        return []
    mine = ibis.memtable(pa.Table.from_pylist(list(best.values())))
    # rank: 1 + the rows ahead of it on its list that month (more visits, or as many and an earlier name)
    narrow = t.select("month", "list", "product", "visits")
    j = narrow.join(mine, [narrow.month == mine.month, narrow.list == mine.list, narrow.visits >= mine.visits])
    ahead = j.filter((j.visits > j.visits_right) | (j.product < j.product_right))
    ranks = {
        (r["month"], r["list"]): r["n"]
        for r in ahead.group_by(["month", "list"]).aggregate(n=ahead.count()).to_pyarrow().to_pylist()
    }
    months = t.filter(t.month.isin(sorted({m for m, _ in best})))
    sizes = {
        (r["month"], r["list"]): r["n"]
        for r in months.group_by(["month", "list"]).aggregate(n=months.count()).to_pyarrow().to_pylist()
    }
    return [{**b, "rank": ranks.get(k, 0) + 1, "of": sizes.get(k)} for k, b in sorted(best.items())]


def app_history(con, name: str, registry: Registry, days: int = APP_DAYS) -> dict[str, list[dict]]:
    """keyword -> the app's daily ranks (its last ``days`` days with a rank), where its app names resolve to it."""
    t = con.table("app_ranks")
    found = t.filter(t.app.lower().isin(_spellings(name, registry)))
    found = found.select("date", "keyword", "app", "rank").to_pyarrow()
    if found.num_rows == 0:
        return {}
    _, _, ident = identities(registry, found["app"].combine_chunks(), None)
    me = identity_of(name, registry)
    out: dict[str, dict[dt.date, dict]] = {}
    for i, r in zip(ident.to_pylist(), found.to_pylist()):
        if i == me and r["rank"] is not None:
            day = out.setdefault(r["keyword"], {})
            if r["date"] not in day or r["rank"] < day[r["date"]]["rank"]:
                day[r["date"]] = r
    return {k: [v[d] for d in sorted(v)][-days:] for k, v in sorted(out.items())}


def listed_companies(con, name: str, days: int = PRICE_DAYS) -> list[dict]:
    """The product's rows of product_stocks with each company's last ``days`` closes."""
    try:
        m = con.table("product_stocks")
    except Exception:  # a warehouse from before the registry; backends differ in the error
        return []
    rows = m.filter(m.product == name).order_by(["code"]).to_pyarrow().to_pylist()
    if not rows:
        return []
    p = con.table("stock_prices")
    prices = p.filter(p.code.isin([r["code"] for r in rows])).select("code", "date", "close", "name")
    by_code: dict[str, list] = {}
    for r in prices.order_by(["code", "date"]).to_pyarrow().to_pylist():
        by_code.setdefault(r["code"], []).append((r["date"], r["close"]))
    return [
        {
            "code": r["code"],
            "name": r.get("name"),
            "relation": r.get("relation"),
            "weight": r.get("weight"),
            "prices": by_code.get(r["code"], [])[-days:],
        }
        for r in rows
    ]


def news_naming(con, name: str, registry: Registry, limit: int = NEWS_ITEMS) -> list[dict]:
    """News whose title or body names the product under any spelling (case aside), newest first."""
    t = con.table("news")
    spellings = [s for s in _spellings(name, registry) if len(s) >= 2]
    if not spellings:
        return []
    title, body = t.title.lower(), t.body.lower()
    cond = None
    for s in spellings:
        c = title.contains(s) | body.fill_null("").contains(s)
        cond = c if cond is None else cond | c
    cols = [c for c in ("date", "title", "source", "url", "region") if c in t.columns]
    return t.filter(cond).order_by([ibis.desc(t.date), t.title]).select(*cols).limit(limit).to_pyarrow().to_pylist()


def product_page(con, name: str, registry: Registry) -> ProductPage:
    return ProductPage(
        name,
        registry.get(name),
        traffic_history(con, name, registry),
        app_history(con, name, registry),
        listed_companies(con, name),
        news_naming(con, name, registry),
    )
