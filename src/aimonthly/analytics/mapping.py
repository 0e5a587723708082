"""映射标的: the month's hot products and the listed companies ``product_stocks`` maps them to, with
each stock's return over the market review's period (docs/research.md#mapping).

- Hot products: each list's Top ``[mapping] hot_per_list`` by 环比 among its Top pool (the traffic
  section's growth ranking, so the same 环比 and the same exclusions), lists in the order global,
  domestic, overseas; a product hot on two lists is listed once, on the first. The front matter's
  ``mapping: {pin: [...], drop: [...]}`` adds and removes products (names as the registry knows them).
- Returns: the market section's period, base and end trading days and benchmark; a stock without a
  close on the base or end day has no return and says why (the movers' rule); a stock the front
  matter excludes (``exclude: stock_prices``) is left out and named.
- Return since entry: from the last trading day of the product's entry month (the first month in
  which it ranked within the Top pool of any list, analytics.pool_history) to the period's end day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

from aimonthly.analytics.errors import AnalyticsError
from aimonthly.analytics.listed import by_product, listings
from aimonthly.analytics.market import MarketFacts, period_returns
from aimonthly.analytics.pool_history import entry_months
from aimonthly.analytics.registry import Registry, lowered
from aimonthly.analytics.traffic import TrafficFacts
from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.core.months import month_end, month_start, previous_month
from aimonthly.core.names import suggestion

REQUIRES = ("traffic", "market")
KEYS = ("pin", "drop")
RELATIONS = ("母公司", "投资方", "合作方", "供应商", "其他")  # the order a product's stocks are listed in


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass(frozen=True)
class MappingFacts:
    products: list[dict]  # product, list, visits, mom, rank, pinned, entry_month, entry_day, stocks
    period: tuple[dt.date, dt.date] | None  # the market review's period as shown (to its last close)
    base_day: dt.date | None
    end_day: dt.date | None
    benchmark: dict = field(default_factory=dict)  # code, name, return
    dropped: list[str] = field(default_factory=list)  # the front matter's drop:, as resolved
    removed: list[dict] = field(
        default_factory=list
    )  # mapped stocks the front matter excludes: code, name, product, reason
    n_hot: int = 0  # the hot products before pins and drops
    pinned_extra: list[str] = field(default_factory=list)  # products the pins added beyond the hot ones
    # why there are no hot products: "no_traffic" (no list has the month), "no_mom" (no product on any list has
    # last month's visits to give 环比, as in a desk's first month); None when there are some
    why_none: str | None = None

    @property
    def missing(self) -> list[str]:
        return []  # master data, not the month's: the blocks say when there is none

    @property
    def pairs(self) -> list[tuple[dict, dict]]:
        """(product, stock) for every mapped stock that has a return: the chart's points."""
        return [(p, s) for p in self.products for s in p["stocks"] if s["return"] is not None]

    @property
    def mapped(self) -> list[dict]:
        return [p for p in self.products if p["stocks"]]

    def to_dict(self) -> list[dict]:
        return self.products

    def extra_facts(self) -> dict:
        """facts.json ``mapping_hot``: what the summary counts (``mapping`` itself is the list of products)."""
        mapped = self.mapped
        return {
            "mapping_hot": {
                "n_hot": self.n_hot,
                "pinned_extra": self.pinned_extra,
                "dropped": self.dropped,
                "why_none": self.why_none,
                "n_mapped": len(mapped),
                "n_stocks": len({s["code"] for p in mapped for s in p["stocks"]}),
            }
        }


def compute(con, ctx, traffic: TrafficFacts | None = None, market: MarketFacts | None = None) -> MappingFacts:
    from aimonthly.analytics import market as market_section
    from aimonthly.analytics import traffic as traffic_section

    traffic = traffic if traffic is not None else traffic_section.compute(con, ctx)
    market = market if market is not None else market_section.compute(con, ctx)
    registry = ctx.registry if ctx.registry is not None else Registry.load(con)
    pins, drops = parse_mapping_meta(ctx.meta.get("mapping"))
    hot = hot_products(traffic, ctx.house.mapping.hot_per_list)
    n_hot = len(hot)
    why_none = None if hot else ("no_traffic" if not traffic.lists else "no_mom")
    hot = _apply_pins(con, ctx, traffic, registry, hot, pins)
    added = [h["product"] for h in hot[n_hot:]]
    dropped = []
    for name in drops:
        target = registry.resolve_one(name) or name
        hit = next((h for h in hot if h["product"] == target), None)
        if hit is None:
            raise AnalyticsError(
                f"front matter mapping.drop: {name!r} is not one of {ctx.month}'s hot products"
                f"{suggestion(name, [h['product'] for h in hot], quoted=True)}"
            )
        hot.remove(hit)
        dropped.append(target)
    removed_codes = [r["code"] for r in market.removed]
    table = listings(con, registry)
    stocks = by_product(table, [h["product"] for h in hot])
    removed = [
        {
            "code": s["code"],
            "name": s["name"],
            "product": h["product"],
            "reason": next(r["reason"] for r in market.removed if r["code"] == s["code"]),
        }
        for h in hot
        for s in stocks[h["product"]]
        if s["code"] in removed_codes
    ]
    for h in hot:
        kept = [s for s in stocks[h["product"]] if s["code"] not in removed_codes]
        kept.sort(
            key=lambda s: (RELATIONS.index(s["relation"]) if s["relation"] in RELATIONS else len(RELATIONS), s["code"])
        )
        h["stocks"] = [
            {"code": s["code"], "name": s["name"], "relation": s["relation"], "weight": s["weight"]} for s in kept
        ]
    _returns(con, ctx, market, registry, traffic, hot)
    period = market.shown_period if market.end_day else None
    return MappingFacts(
        hot,
        period,
        market.base_day,
        market.end_day,
        dict(market.benchmark),
        dropped,
        removed,
        n_hot,
        [p for p in added if p not in dropped],
        why_none,
    )


def parse_mapping_meta(value: Any) -> tuple[list[str], list[str]]:
    """The front matter's ``mapping: {pin: [...], drop: [...]}``, checked."""
    if not value:
        return [], []
    if not isinstance(value, Mapping):
        raise AnalyticsError("front matter mapping: write it as {pin: [products], drop: [products]}")
    for key in value:
        if str(key) not in KEYS:
            raise AnalyticsError(
                f"front matter mapping: unknown key {str(key)!r}{suggestion(str(key), KEYS, quoted=True)} (pin or drop)"
            )
    out = []
    for key in KEYS:
        items = value.get(key) or []
        items = [items] if isinstance(items, str) else items
        if not isinstance(items, list) or not all(isinstance(i, (str, int)) and str(i).strip() for i in items):
            raise AnalyticsError(f"front matter mapping.{key}: write a list of product names, e.g. {key}: [Kimi]")
        out.append([str(i).strip() for i in items])
    return out[0], out[1]


def hot_products(traffic: TrafficFacts, per_list: int) -> list[dict]:
    """Each list's Top ``per_list`` by 环比 (its growth ranking), a product once (its first list)."""
    out: list[dict] = []
    seen = set()
    for lst in LISTS:
        f = traffic.lists.get(lst)
        for r in (f.top_growth if f else [])[:per_list]:
            if r["product"] not in seen:
                seen.add(r["product"])
                out.append(
                    {
                        "product": r["product"],
                        "list": lst,
                        "visits": r["visits"],
                        "mom": r["mom"],
                        "rank": r["rank"],
                        "pinned": False,
                    }
                )
    return out


def _apply_pins(con, ctx, traffic: TrafficFacts, registry: Registry, hot: list[dict], pins: list[str]) -> list[dict]:
    """Pinned products join the hot ones: from the lists' pools where they rank, else from the month's rows."""
    sl = traffic.rows
    ranked = {lst: (sl.ranked.get((ctx.month, lst), []) if sl else []) for lst in LISTS}
    for name in pins:
        target = registry.resolve_one(name) or name
        if any(h["product"] == target for h in hot):
            next(h for h in hot if h["product"] == target)["pinned"] = True
            continue
        row = next(({"list": lst, **r} for lst in LISTS for r in ranked[lst] if r["product"] == target), None)
        growth = traffic.lists[row["list"]].top_growth if row is not None and row["list"] in traffic.lists else []
        rank = next((g["rank"] for g in growth if g["product"] == target), None)
        entry = (
            _pinned_row(con, ctx, registry, target)
            if row is None
            else {"list": row["list"], "visits": row["visits"], "mom": _r(row.get("mom")), "rank": rank}
        )
        if entry is None and traffic.missing:  # a list has no data this month: the report says so; no pin to add
            continue
        if entry is None:
            seen = sorted({r["product"] for rs in ranked.values() for r in rs})
            raise AnalyticsError(
                f"front matter mapping.pin: {name!r} has no traffic row in {ctx.month}"
                f"{suggestion(name, seen, quoted=True)}",
                hint="name the product as the report's tables print it",
            )
        hot.append({"product": target, "rank": None, **entry, "pinned": True})
    return hot


def _pinned_row(con, ctx, registry: Registry, product: str) -> dict | None:
    """A pinned product outside every pool: its month's visits on its first list, and 环比 there."""
    names = lowered(registry.spellings([product])[product] | {product})
    t = con.table("traffic")
    q = t.filter(t.month.isin([ctx.month, previous_month(ctx.month)]) & t.product.lower().isin(names))
    rows = q.group_by(["month", "list"]).aggregate(visits=q.visits.max()).to_pyarrow().to_pylist()
    got = {(r["month"], r["list"]): r["visits"] for r in rows}
    for lst in LISTS:
        if (ctx.month, lst) in got:
            v, p = got[(ctx.month, lst)], got.get((previous_month(ctx.month), lst))
            return {"list": lst, "visits": v, "mom": _r(v / p - 1) if p else None}
    return None


def _returns(con, ctx, market: MarketFacts, registry: Registry, traffic: TrafficFacts, hot: list[dict]) -> None:
    """Each mapped stock's period return, excess and return since its product's entry month (in place)."""
    codes = sorted({s["code"] for h in hot for s in h["stocks"]})
    priced: dict[str, dict] = {
        c: {"name": None, "return": None, "reason": "no_prices", "end_close": None} for c in codes
    }
    if codes and market.base_day and market.end_day:
        priced = period_returns(con, codes, market.base_day, market.end_day)
    entries = entry_months(con, [h["product"] for h in hot], registry, ctx.month, ctx.pool, _floor(traffic, ctx))
    days = _last_trading_days(con, market.benchmark.get("code"), sorted(set(entries.values())), market.end_day)
    entry_closes = _closes(con, codes, sorted({d for d in days.values() if d}))
    bench = market.benchmark.get("return")
    for h in hot:
        h["entry_month"] = entries.get(h["product"])
        h["entry_day"] = days.get(h["entry_month"]) if h["entry_month"] else None
        for s in h["stocks"]:
            p = priced[s["code"]]
            s["name"] = s["name"] or p["name"] or s["code"]
            ret = p["return"]
            start = entry_closes.get((s["code"], h["entry_day"]))
            s.update(
                {
                    "return": ret,
                    "excess": _r(ret - bench) if ret is not None and bench is not None else None,
                    "return_since_entry": _r(p["end_close"] / start - 1) if start and p["end_close"] else None,
                    "reason": p["reason"],
                }
            )


def _floor(traffic: TrafficFacts, ctx) -> int:
    """A visits floor below this month's pools (a quarter of the smallest list's pool threshold): the
    guess that keeps the history's ranking small (analytics.pool_history); any value gives the same answer."""
    sl = traffic.rows
    lows = [rs[min(len(rs), ctx.pool) - 1]["visits"] for lst in LISTS if sl and (rs := sl.ranked.get((ctx.month, lst)))]
    return min(lows) // 4 if lows else 0


def _last_trading_days(con, benchmark: str | None, months: list[str], end: dt.date | None) -> dict[str, dt.date | None]:
    """month -> its last trading day on the benchmark's calendar (not after ``end``), in one query."""
    if not months or benchmark is None or end is None:
        return {m: None for m in months}
    ip = con.table("index_prices")
    cal = ip.filter(ip.code == benchmark)
    aggs = {
        f"d{i}": cal.date.max(where=(cal.date >= month_start(m)) & (cal.date <= min(month_end(m), end)))
        for i, m in enumerate(months)
    }
    row = cal.aggregate(**aggs).to_pyarrow().to_pylist()[0]
    return {m: row[f"d{i}"] for i, m in enumerate(months)}


def _closes(con, codes: list[str], days: list[dt.date]) -> dict[tuple[str, dt.date], float]:
    if not codes or not days:
        return {}
    sp = con.table("stock_prices")
    q = sp.filter(sp.code.isin(codes) & sp.date.isin(days)).select("code", "date", "close")
    return {(r["code"], r["date"]): r["close"] for r in q.to_pyarrow().to_pylist()}
