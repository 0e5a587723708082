"""The claims of the secondary-market review: an industry's period, its index, the benchmark, the themes,
its gainers and losers; the universe note; the cumulative chart's first day; the movers table."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from aimonthly.analytics.coverage import weekdays_between
from aimonthly.analytics.market import MarketFacts
from aimonthly.core.claims import Claim, Claims, claims, path_of
from aimonthly.core.claims import excess as excess_of


def _index_at(f: MarketFacts, key: str) -> int | None:
    return next((i for i, x in enumerate(f.indices) if x["key"] == key), None)


def period(f: MarketFacts, subject: str, *, unit: str = "span", role: str = "period") -> Claim:
    """The period the figures cover (to the last close when prices stop early): covered by the data
    from the base day (the close before it) to the end day."""
    start, end = f.shown_period
    return Claim.of(
        subject,
        "industry",
        "period",
        (start.isoformat(), end.isoformat()),
        unit,
        relation="period",
        path="market.trading_days.base",
        base_path="market.trading_days.end",
        role=role,
    )


def index_return(f: MarketFacts, key: str, role: str = "index") -> Claim | None:
    i = _index_at(f, key)
    if i is None or f.indices[i]["return"] is None:
        return None
    x = f.indices[i]
    return Claim.change(
        x["label"],
        "index",
        "return",
        x["return"],
        path=path_of("market", "indices", i, "return"),
        name_path=path_of("market", "indices", i, "label"),
        role=role,
    )


def benchmark(f: MarketFacts) -> Claim | None:
    b = f.benchmark
    if b.get("return") is None:
        return None
    return Claim.change(
        b.get("name") or b["code"],
        "index",
        "return",
        b["return"],
        path="market.benchmark.return",
        name_path="market.benchmark.name" if b.get("name") else "market.benchmark.code",
        role="bench",
    )


def excess(f: MarketFacts, key: str) -> Claim | None:
    i = _index_at(f, key)
    if i is None or f.indices[i]["excess"] is None:
        return None
    x = f.indices[i]
    c = Claim.change(
        x["label"], "index", "excess", x["excess"], "points", path=path_of("market", "indices", i, "excess")
    )
    return replace(excess_of(c), role="excess")


def _side(f: MarketFacts, name: str, side: str, *, shown: bool) -> Claim:
    rows = f.movers[name][side]
    members = tuple(
        Claim.of(
            r["name"],
            "stock",
            "return",
            r["return"],
            "pct" if shown else "",
            2,
            path=path_of("market", "movers", name, side, k, "return"),
            name_path=path_of("market", "movers", name, side, k, "name"),
        )
        for k, r in enumerate(rows)
    )
    return Claim.of(
        name,
        "industry",
        "n_" + side,
        len(rows),
        "" if shown else "count_cn",
        relation="top_gainers" if side == "gainers" else "top_losers",
        path=path_of("market", "movers", name, side),
        members=members,
        role=side,
    )


def industry(f: MarketFacts, key: str, name: str, themes: list[str]) -> Claims:
    """An industry's paragraph: the period, its index against the benchmark, its themes, its movers.
    ``themes``: the keys of the theme indices shown with it."""
    out: list[Claim | None] = [period(f, name)]
    if f.coverage_gaps:  # the prices stop before the period's end: the end asked for is said
        out.append(
            Claim.of(
                name,
                "industry",
                "period_end",
                f.period[1].isoformat(),
                "date",
                int(f.period[1].year != f.shown_period[1].year),
                path="market.period[1]",
                role="asked_end",
            )
        )
    idx = index_return(f, key)
    if idx is None:
        out.append(Claim(name, "industry", "return", None, role="no_index"))
    else:
        out += [idx, excess(f, key) if benchmark(f) else None, benchmark(f)]
    out += [index_return(f, t, role="theme") for t in themes]
    m = f.movers.get(name)
    if m is not None and m["n_ranked"]:
        out.append(
            _side(f, name, "gainers", shown=False)
            if m["gainers"]
            else Claim(
                name, "industry", "n_gainers", 0, path=path_of("market", "movers", name, "gainers"), role="no_gainers"
            )
        )
        out.append(
            _side(f, name, "losers", shown=False)
            if m["losers"]
            else Claim(
                name, "industry", "n_losers", 0, path=path_of("market", "movers", name, "losers"), role="no_losers"
            )
        )
    elif m is not None:
        out.append(
            Claim(name, "industry", "n_ranked", 0, path=path_of("market", "movers", name, "n_ranked"), role="unranked")
        )
    return claims(Claim(name, "industry", "name", name, role="industry"), *out)


def movers_table(f: MarketFacts, name: str) -> Claims:
    """The gainers/losers table: its period and its two rankings with their returns."""
    m = f.movers[name]
    return claims(
        period(f, name, unit="span_label"),
        _side(f, name, "gainers", shown=True) if m["gainers"] else None,
        _side(f, name, "losers", shown=True) if m["losers"] else None,
    )


def universe(f: MarketFacts, name: str) -> Claims:
    """The note under the movers table: the universe, how many ranked, the stocks left out and why."""
    m = f.movers[name]
    base = ("market", "movers", name)
    out = [
        Claim(name, "industry", "name", name, role="industry"),
        Claim(m["universe"], "term", "universe", m["universe"], relation="term", role="universe"),
        Claim.of(
            name,
            "industry",
            "n_universe",
            m["n_universe"],
            "count",
            path=path_of(*base, "n_universe"),
            relation="count",
            role="n_universe",
        ),
    ]
    if m["n_universe"]:
        n = m["n_ranked"]
        out.append(
            Claim.of(
                name,
                "industry",
                "n_ranked",
                n,
                "count",
                printed=bool(n),
                path=path_of(*base, "n_ranked"),
                role="n_ranked",
            )
        )
    for k, e in enumerate(m["excluded"]):
        at = (*base, "excluded", k)
        out.append(
            Claim(
                e["name"],
                "stock",
                "excluded",
                e["reason"],
                path=path_of(*at, "reason"),
                name_path=path_of(*at, "name"),
                role="excluded",
            )
        )
        out.append(Claim(e["code"], "stock", "code", e["code"], path=path_of(*at, "code"), role="excluded_code"))
    return claims(*out)


def since(f: MarketFacts, code: str, label: str, allowance: int) -> Claim:
    """The cumulative chart's first day, as its title says it: the base date, or the day the series
    starts when that is later by more than ``allowance`` weekdays (prices that begin mid-way)."""
    j = next(k for k, s in enumerate(f.cumulative_summary()) if s["code"] == code)
    first: dt.date = f.cumulative[code][0][0]
    base = f.chart_base
    said = base if first <= base or weekdays_between(base, first) <= allowance else first
    return Claim.of(
        label,
        "index",
        "first_day",
        said.isoformat(),
        "since",
        relation="since",
        path=path_of("market", "cumulative", "series", j, "first_day"),
        role="since",
    )


def no_prices(f: MarketFacts) -> Claims:
    """A month without prices: the last day they reach and the end of the period asked for."""
    if f.last_day is None:
        return Claims()
    other = f.period[1]
    return claims(
        Claim.of(
            "行情",
            "term",
            "last_day",
            f.last_day.isoformat(),
            "date",
            int(f.last_day.year != other.year),
            path="market.last_day",
            role="last_day",
        ),
        Claim.of(
            "行情",
            "term",
            "period_end",
            other.isoformat(),
            "date",
            int(f.last_day.year != other.year),
            path="market.period[1]",
            role="asked_end",
        ),
    )
