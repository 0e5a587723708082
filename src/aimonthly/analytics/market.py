"""Secondary-market review: period returns of the configured indices, cumulative returns since a
base date, and each industry's Top-N gainers and losers.

Trading-day rules (house.toml [market]):
- the trading calendar is the benchmark's dates in ``index_prices`` (every index's dates if the
  benchmark has none);
- a period's return is close(end day) / close(base day) − 1, where the base day is the last trading
  day before the period's first day and the end day the last trading day on or before its end;
- a stock without a close on the base day or on the end day (suspended, newly listed) is left out
  of the ranking and named in ``excluded``;
- the gainers are the Top-N by return among the stocks that rose, the losers among those that fell (a
  stock that ends flat is in neither), so that no stock stands in both lists;
- a cumulative return is close / close on the series' first trading day on or after the base date − 1;
- prices that stop before the period's end (more weekdays missing than house [coverage]
  ``market_weekdays`` allows for holidays) are a coverage gap: the text says the last day covered.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import ibis
import pyarrow.compute as pc

from aimonthly.analytics.coverage import CoverageGap, weekdays_between
from aimonthly.core.house import Industry, MarketSettings, Theme
from aimonthly.core.names import suggestion


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def period(cfg: MarketSettings, ctx) -> tuple[dt.date, dt.date]:
    """The month's first day to the data date, or to the month's end (``period_end``)."""
    return ctx.month_start, (ctx.month_end if cfg.period_end == "month_end" else ctx.data_date)


@dataclass(frozen=True)
class MarketFacts:
    period: tuple[dt.date, dt.date]  # the requested period: first day .. end date
    base_day: dt.date | None  # the last trading day before the period (None: no prices)
    end_day: dt.date | None  # the last trading day on or before the end date
    benchmark: dict  # code, name, return
    indices: list[dict]  # key, kind ("industry" | "theme"), code, name, label, return, excess
    movers: dict[str, dict]  # industry name -> key, universe, gainers, losers, n_ranked, excluded
    chart_base: dt.date
    cumulative: dict[str, list[tuple[dt.date, float]]] = field(
        default_factory=dict
    )  # code -> series (not in facts.json)
    last_day: dt.date | None = None  # the calendar's latest close in the warehouse
    coverage_gaps: list[CoverageGap] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)  # code, name, industry, reason (front matter exclude:)

    @property
    def shown_period(self) -> tuple[dt.date, dt.date]:
        """The period the figures cover: to the last close when the prices stop early."""
        return (self.period[0], self.end_day) if self.coverage_gaps and self.end_day else self.period

    @property
    def missing(self) -> list[str]:
        if self.end_day is None:
            return ["market"]
        out = [f"market.{i['key']}" for i in self.indices if i["return"] is None]
        return out + [f"market.{m['key']}.movers" for m in self.movers.values() if not m["n_ranked"]]

    def index(self, key: str) -> dict | None:
        return next((i for i in self.indices if i["key"] == key), None)

    def cumulative_summary(self) -> list[dict]:
        return [
            {"code": c, "first_day": s[0][0], "last_day": s[-1][0], "return": _r(s[-1][1])}
            for c, s in self.cumulative.items()
            if s
        ]

    def to_dict(self) -> dict:
        return {
            "period": [d.isoformat() for d in self.period],
            "trading_days": {"base": self.base_day, "end": self.end_day},
            "benchmark": self.benchmark,
            "indices": self.indices,
            "movers": self.movers,
            "cumulative": {"base_date": self.chart_base, "series": self.cumulative_summary()},
            "last_day": self.last_day,
            "removed": self.removed,
        }


def compute(con, ctx) -> MarketFacts:
    from aimonthly.analytics.exclusions import for_dataset

    cfg = ctx.house.market
    removed = excluded_stocks(con, for_dataset(ctx.exclusions, "stock_prices"))
    facts = market_facts(
        con, cfg, *period(cfg, ctx), allowance=ctx.house.coverage.market_weekdays, drop=[r["code"] for r in removed]
    )
    return dataclasses.replace(facts, removed=removed) if removed else facts


def excluded_stocks(con, exclusions) -> list[dict]:
    """The stocks the front matter excludes: by code (300418, 300418.SZ) or by name."""
    if not exclusions:
        return []
    from aimonthly.analytics.errors import AnalyticsError

    sp = con.table("stock_prices")
    out = []
    for e in exclusions:
        p = e.product.strip()
        q = sp.filter((sp.code.upper() == p.upper()) | sp.code.upper().startswith(p.upper() + ".") | (sp.name == p))
        hits = (
            q.group_by("code")
            .aggregate(name=q.name.argmax(q.date), industry=q.industry.argmax(q.date))
            .order_by("code")
            .to_pyarrow()
            .to_pylist()
        )
        if not hits:
            names = [r["name"] for r in sp.select("name").distinct().to_pyarrow().to_pylist()]
            raise AnalyticsError(
                f"{e.where}: exclude.stock_prices: no stock {p!r} (a code or a name){suggestion(p, names, quoted=True)}"
            )
        out += [{"code": h["code"], "name": h["name"], "industry": h["industry"], "reason": e.reason} for h in hits]
    return out


def trading_days(
    con, benchmark: str, start: dt.date, end: dt.date
) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(the last trading day before ``start``, the last on or before ``end``, the latest of all) on the
    benchmark's calendar."""
    ip = con.table("index_prices")
    for cal in (ip.filter(ip.code == benchmark), ip):
        row = (
            cal.aggregate(
                base=cal.date.max(where=cal.date < start),
                last=cal.date.max(where=cal.date <= end),
                latest=cal.date.max(),
                n=cal.count(),
            )
            .to_pyarrow()
            .to_pylist()[0]
        )
        if row["n"]:
            return row["base"], row["last"], row["latest"]
    return None, None, None


def _gaps(start: dt.date, end: dt.date, latest: dt.date | None, allowance: int) -> list[CoverageGap]:
    if latest is None or (latest < end and weekdays_between(latest, end) > allowance):
        return [CoverageGap("market", (start, end), latest)]
    return []


def market_facts(
    con, cfg: MarketSettings, start: dt.date, end: dt.date, *, allowance: int, drop: list[str] | None = None
) -> MarketFacts:
    """``allowance``: house [coverage] market_weekdays, weekdays without a close before ``end`` that are not a gap;
    ``drop``: stock codes excluded by the analyst (front matter exclude:)."""
    base, last, latest = trading_days(con, cfg.benchmark, start, end)
    gaps = _gaps(start, end, latest, allowance)
    bench = {"code": cfg.benchmark, "name": cfg.benchmark, "return": None}
    configured: list[tuple[str, Industry | Theme]] = [("industry", i) for i in cfg.industries]
    configured += [("theme", t) for t in cfg.themes]
    if base is None or last is None or last < start:  # no prices, or none inside the period yet
        indices: list[dict] = [
            {
                "key": c.key,
                "kind": kind,
                "code": c.index,
                "name": c.name,
                "label": _label(kind, c, None),
                "return": None,
                "excess": None,
            }
            for kind, c in configured
        ]
        movers = {i.name: _no_movers(i) for i in cfg.industries}
        return MarketFacts(
            (start, end), base, None, bench, indices, movers, cfg.chart_base, last_day=latest, coverage_gaps=gaps
        )

    codes = [cfg.benchmark] + [c.index for _, c in configured]
    closes = index_returns(con.table("index_prices"), codes, base, last)
    bench = {"code": cfg.benchmark, **closes.get(cfg.benchmark, {"name": cfg.benchmark, "return": None})}
    indices = []
    for kind, c in configured:
        got = closes.get(c.index, {})
        ret = got.get("return")
        indices.append(
            {
                "key": c.key,
                "kind": kind,
                "code": c.index,
                "name": got.get("name") or c.name,
                "label": _label(kind, c, got.get("name")),
                "return": ret,
                "excess": _r(ret - bench["return"]) if ret is not None and bench["return"] is not None else None,
            }
        )
    sp = con.table("stock_prices")
    movers = _movers(sp.filter(~sp.code.isin(drop)) if drop else sp, cfg, base, last)
    cumulative = _cumulative(con.table("index_prices"), list(dict.fromkeys(codes)), cfg.chart_base, last)
    return MarketFacts((start, end), base, last, bench, indices, movers, cfg.chart_base, cumulative, latest, gaps)


def _label(kind: str, c: Industry | Theme, data_name: str | None) -> str:
    """How the text names an index: the configured label, else the data's name, else '<name>行业指数'."""
    return c.label or data_name or (f"{c.name}行业指数" if kind == "industry" else c.name)


def index_returns(ip, codes: list[str], base: dt.date, last: dt.date) -> dict[str, dict]:
    """Each index's name and its return close(last) / close(base) − 1 (None without both closes)."""
    s = ip.filter(ip.code.isin(codes) & ip.date.isin([base, last]))
    g = s.group_by("code").aggregate(
        name=s.name.argmax(s.date), c0=s.close.max(where=s.date == base), c1=s.close.max(where=s.date == last)
    )
    out = {}
    for r in g.to_pyarrow().to_pylist():
        ok = r["c0"] is not None and r["c1"] is not None
        out[r["code"]] = {"name": r["name"], "return": _r(r["c1"] / r["c0"] - 1) if ok else None}
    return out


def _no_movers(ind: Industry, excluded: list | None = None) -> dict:
    return {
        "key": ind.key,
        "universe": ind.stocks,
        "gainers": [],
        "losers": [],
        "n_universe": len(excluded or []),
        "n_ranked": 0,
        "excluded": excluded or [],
    }


def _movers(sp, cfg: MarketSettings, base: dt.date, last: dt.date) -> dict[str, dict]:
    """Top-N gainers and losers per industry universe; stocks lacking a close at either end apart."""
    universes = {i.stocks: i for i in cfg.industries}
    if not universes:
        return {}
    # One row per stock, cached: both the ranking and the left-out list read it (one scan of the history).
    g = stock_closes(sp.filter(sp.industry.isin(list(universes))), base, last, by=("industry", "code")).cache()
    try:
        top, out_rows = _rank_movers(g, cfg.top_n)
    finally:
        g.release()
    out: dict[str, dict] = {}
    for universe, ind in universes.items():
        rows = [r for r in top if r["industry"] == universe]
        excluded = [
            {"code": r["code"], "name": r["name"], "reason": _reason(r, base, last)}
            for r in out_rows
            if r["industry"] == universe
        ]
        n_ranked = rows[0]["n"] if rows else 0
        entry = _no_movers(ind, excluded)
        entry.update(
            n_universe=n_ranked + len(excluded),
            n_ranked=n_ranked,
            # a gainer rose and a loser fell: with fewer stocks than two Top-N lists, none stands in both
            gainers=[
                _mover(r)
                for r in sorted((r for r in rows if r["up"] <= cfg.top_n and r["ret"] > 0), key=lambda r: r["up"])
            ],
            losers=[
                _mover(r)
                for r in sorted((r for r in rows if r["down"] <= cfg.top_n and r["ret"] < 0), key=lambda r: r["down"])
            ],
        )
        out[ind.name] = entry
    return out


def stock_closes(sp, base: dt.date, last: dt.date, by: tuple[str, ...] = ("code",)):
    """One row per stock (per ``by``) with a close in [base, last]: its latest name, its closes on the base
    and end days (c0, c1), its first and last days up to the end day (which tell a new listing from a
    suspension) and its period return ``ret`` (null without both closes). The movers and the 映射标的 read it."""
    s = sp.filter(sp.date <= last)
    g = s.group_by(list(by)).aggregate(
        name=s.name.argmax(s.date),
        c0=s.close.max(where=s.date == base),
        c1=s.close.max(where=s.date == last),
        first=s.date.min(),
        last_seen=s.date.max(),
    )
    return g.filter(g.last_seen >= base).mutate(ret=g.c1 / g.c0 - 1)


def period_returns(con, codes: list[str], base: dt.date, last: dt.date) -> dict[str, dict]:
    """code -> name, return, the close on the end day and (when the return is None) the reason, by the movers'
    rule: a stock without a close on the base or end day has none ('listed', 'suspended', 'gap'; 'no_prices':
    no close in the period at all)."""
    if not codes:
        return {}
    sp = con.table("stock_prices")
    rows = (
        stock_closes(sp.filter(sp.code.isin(sorted(set(codes)))), base, last)
        .select("code", "name", "c0", "c1", "first", "last_seen", "ret")
        .to_pyarrow()
        .to_pylist()
    )
    out: dict[str, dict] = {
        c: {"code": c, "name": None, "return": None, "reason": "no_prices", "end_close": None} for c in codes
    }
    for r in rows:
        ok = r["ret"] is not None
        out[r["code"]] = {
            "code": r["code"],
            "name": r["name"],
            "return": _r(r["ret"]) if ok else None,
            "reason": None if ok else _reason(r, base, last),
            "end_close": r["c1"],
        }
    return out


def _rank_movers(g, top_n: int) -> tuple[list[dict], list[dict]]:
    """The top and bottom ``top_n`` per industry by return, and the stocks left out (no return)."""
    ranked = g.filter(g.ret.notnull())
    n = ranked.count().over(ibis.window(group_by=ranked.industry))
    up = ibis.row_number().over(ibis.window(group_by=ranked.industry, order_by=[ibis.desc(ranked.ret), ranked.code]))
    down = ibis.row_number().over(ibis.window(group_by=ranked.industry, order_by=[ranked.ret, ranked.code]))
    ranked = ranked.mutate(up=up + 1, down=down + 1, n=n)
    top = (
        ranked.filter((ranked.up <= top_n) | (ranked.down <= top_n))
        .select("industry", "code", "name", "ret", "up", "down", "n")
        .to_pyarrow()
        .to_pylist()
    )
    out_rows = (
        g.filter(g.ret.isnull())
        .select("industry", "code", "name", "c0", "c1", "first", "last_seen")
        .order_by(["industry", "code"])
        .to_pyarrow()
        .to_pylist()
    )
    return top, out_rows


def _mover(r: dict) -> dict:
    return {"code": r["code"], "name": r["name"], "return": _r(r["ret"])}


def _reason(r: dict, base: dt.date, last: dt.date) -> str:
    """Why a stock has no period return: 'listed' (first close after the base day), 'suspended'
    (last close before the end day) or 'gap' (no close on one of the two days, trading around it)."""
    if r["c0"] is None and r["first"] > base:
        return "listed"
    if r["c1"] is None and r["last_seen"] < last:
        return "suspended"
    return "gap"


def _cumulative(ip, codes: list[str], base_date: dt.date, last: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    s = ip.filter(ip.code.isin(codes) & (ip.date >= base_date) & (ip.date <= last))
    w = ibis.window(group_by=s.code, order_by=s.date)
    t = (
        s.mutate(value=s.close / s.close.first().over(w) - 1)
        .select("code", "date", "value")
        .order_by(["code", "date"])
        .to_pyarrow()
    )
    out = {}
    for code in codes:
        part = t.filter(pc.equal(t["code"], code))
        out[code] = list(zip(part["date"].to_pylist(), part["value"].to_pylist()))
    return out
