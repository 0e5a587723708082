"""The ratings backtest: for each horizon of the rating scale (``horizon_months``), the subject's return
minus the benchmark's (``benchmark_code``) from the rating date to the date ``horizon`` months later, each
taken at the last close on or before that date, checked against the rating's band (low <= excess < high).
A horizon that ends after the benchmark's last close is pending: it is shown, not guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import ibis

from aimonthly.core.house import RatingScale
from aimonthly.core.months import add_months
from aimonthly.core.ratings import Rating


def band(scale: RatingScale, rating: str) -> tuple[float | None, float | None]:
    r = scale.band(rating)
    return r.low, r.high


def in_band(x: float, low: float | None, high: float | None) -> bool:
    return (low is None or x >= low) and (high is None or x < high)


BACKTEST_COLUMNS = (
    "month",
    "rating_date",
    "kind",
    "subject",
    "code",
    "rating",
    "action",
    "band_low",
    "band_high",
    "horizon_months",
    "target_date",
    "status",
    "start_day",
    "end_day",
    "subject_return",
    "benchmark_return",
    "excess_return",
    "note",
)
HIT_RATE_COLUMNS = ("rating", "horizon_months", "evaluated", "hits", "hit_rate", "pending", "no_data")


def _kinds(columns: tuple[str, ...]) -> dict[str, str]:
    """Which columns are fractions (shown as percentages) and which are dates."""
    out = {}
    for name in columns:
        if name.endswith(("return", "band_low", "band_high", "hit_rate")):
            out[name] = "percent"
        elif name.endswith(("date", "day")):
            out[name] = "date"
    return out


@dataclass(frozen=True)
class Outcome:
    horizon: int  # months
    target: dt.date  # the rating date + horizon
    status: Literal["hit", "miss", "pending", "no_data"]
    start_day: dt.date | None = None  # the closes used: last trading day on or before the rating date…
    end_day: dt.date | None = None  # …and on or before the target
    subject_return: float | None = None
    benchmark_return: float | None = None
    excess: float | None = None


@dataclass(frozen=True)
class BacktestRow:
    rating: Rating
    band: tuple[float | None, float | None]
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class Backtest:
    benchmark: str
    horizons: tuple[int, ...]
    last_day: dt.date | None  # the benchmark's last close in the warehouse
    rows: tuple[BacktestRow, ...]
    scale_order: tuple[str, ...] = ()  # the scale's rating names, best first
    unpriced: tuple[str, ...] = ()  # codes (the benchmark's or a subject's) without a single close in the warehouse

    def note(self, r: Rating) -> str | None:
        """Why a rating can never be evaluated as the warehouse stands: its prices (or the benchmark's) are absent."""
        codes = [c for c in (r.code, self.benchmark) if c in self.unpriced] + ([] if r.code else ["(no code)"])
        return f"no prices for {', '.join(codes)}" if codes else None

    def tables(self) -> list[tuple[str, tuple[str, ...], list[tuple], dict[str, str]]]:
        """Two tables (title, columns, rows, column kinds): every rating × horizon, and the hit rates."""
        rows = [
            (
                r.month,
                r.rating_date,
                r.kind,
                r.subject,
                r.code,
                r.rating,
                r.action,
                *row.band,
                o.horizon,
                o.target,
                o.status,
                o.start_day,
                o.end_day,
                o.subject_return,
                o.benchmark_return,
                o.excess,
                self.note(r),
            )
            for row in self.rows
            for r in (row.rating,)
            for o in row.outcomes
        ]
        rates = [
            tuple(h[k if k != "horizon_months" else "horizon"] for k in HIT_RATE_COLUMNS) for h in self.hit_rates()
        ]
        return [
            ("backtest", BACKTEST_COLUMNS, rows, _kinds(BACKTEST_COLUMNS)),
            ("hit_rates", HIT_RATE_COLUMNS, rates, _kinds(HIT_RATE_COLUMNS)),
        ]

    def hit_rates(self) -> list[dict]:
        """Per rating given (in scale order) and horizon: evaluated, hits, hit rate, pending, no data."""
        out = []
        given = {r.rating.rating for r in self.rows}
        for name in [n for n in self.scale_order if n in given] + sorted(given - set(self.scale_order)):
            for i, h in enumerate(self.horizons):
                st = [r.outcomes[i].status for r in self.rows if r.rating.rating == name]
                n = st.count("hit") + st.count("miss")
                out.append(
                    {
                        "rating": name,
                        "horizon": h,
                        "evaluated": n,
                        "hits": st.count("hit"),
                        "hit_rate": st.count("hit") / n if n else None,
                        "pending": st.count("pending"),
                        "no_data": st.count("no_data"),
                    }
                )
        return out


def _closes(con, lookups: set[tuple[str, dt.date]]) -> dict[tuple[str, dt.date], tuple[dt.date, float]]:
    """(code, date) -> (day, close) of the last close on or before the date, for every lookup at once."""
    if not lookups:
        return {}
    keys = sorted(lookups)
    ip, sp = con.table("index_prices"), con.table("stock_prices")
    codes = sorted({c for c, _ in keys})
    prices = ip.select("code", "date", "close").union(sp.select("code", "date", "close"))
    prices = prices.filter(prices.code.isin(codes) & (prices.date <= max(d for _, d in keys)))
    want = ibis.memtable(
        {"lid": list(range(len(keys))), "want_code": [c for c, _ in keys], "target": [d for _, d in keys]}
    )
    j = want.join(prices, [want.want_code == prices.code, prices.date <= want.target])
    got = j.group_by("lid").aggregate(day=j.date.max(), close=j.close.argmax(j.date)).to_pyarrow().to_pylist()
    return {keys[r["lid"]]: (r["day"], r["close"]) for r in got}


def backtest(con, ratings: list[Rating], scale: RatingScale, horizons: list[int] | None = None) -> Backtest:
    bench = scale.benchmark_code
    months = tuple(int(h) for h in (horizons or scale.horizon_months))
    ip = con.table("index_prices")
    b = ip.filter(ip.code == bench)
    last_day = b.aggregate(last=b.date.max()).to_pyarrow().to_pylist()[0]["last"]
    lookups = set()
    for r in ratings:
        for d in (r.rating_date, *(add_months(r.rating_date, h) for h in months)):
            lookups.add((bench, d))
            if r.code:
                lookups.add((r.code, d))
    closes = _closes(con, lookups)
    unpriced = _unpriced(con, sorted({bench} | {r.code for r in ratings if r.code}))
    rows = []
    for r in ratings:
        lo, hi = band(scale, r.rating)
        outs = []
        for h in months:
            target = add_months(r.rating_date, h)
            if last_day is None or target > last_day:
                outs.append(Outcome(h, target, "pending"))
                continue
            s0, s1 = (closes.get((r.code, r.rating_date)), closes.get((r.code, target))) if r.code else (None, None)
            b0, b1 = closes.get((bench, r.rating_date)), closes.get((bench, target))
            if not (s0 and s1 and b0 and b1):
                outs.append(Outcome(h, target, "no_data"))
                continue
            sr, br = s1[1] / s0[1] - 1, b1[1] / b0[1] - 1
            ex = sr - br
            outs.append(Outcome(h, target, "hit" if in_band(ex, lo, hi) else "miss", s0[0], s1[0], sr, br, ex))
        rows.append(BacktestRow(r, (lo, hi), tuple(outs)))
    return Backtest(bench, months, last_day, tuple(rows), tuple(scale.names), unpriced)


def _unpriced(con, codes: list[str]) -> tuple[str, ...]:
    """The codes without any close in index_prices or stock_prices."""
    ip, sp = con.table("index_prices"), con.table("stock_prices")
    prices = ip.select("code").union(sp.select("code"))
    have = {r["code"] for r in prices.filter(prices.code.isin(codes)).distinct().to_pyarrow().to_pylist()}
    return tuple(c for c in codes if c not in have)
