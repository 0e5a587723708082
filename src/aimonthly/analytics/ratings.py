"""Investment ratings: read from each month's front matter, recorded in the warehouse at every
report build, and backtested against the prices the warehouse holds.

A rating's subject is an industry (priced by its index from house.toml [market]) or a stock (its
code); ``code:`` in the front matter overrides the price series. The backtest measures, for each
horizon of the rating scale (``horizon_months``), the subject's return minus the benchmark's
(``benchmark_code``) from the rating date to the date ``horizon`` months later, each taken at the
last close on or before that date, and checks it against the rating's band (low <= excess < high).
A horizon that ends after the benchmark's last close is pending: it is shown, not guessed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Mapping

import ibis

from aimonthly.core.files import write_atomic
from aimonthly.core.house import HouseSettings, RatingScale
from aimonthly.core.months import add_months
from aimonthly.core.names import suggestion
from aimonthly.content.errors import ContentError

RatingKind = Literal["industry", "stock"]
KINDS: tuple[RatingKind, ...] = ("industry", "stock")


@dataclass(frozen=True)
class Rating:
    month: str  # the report's data month
    rating_date: dt.date  # the report's publication date
    kind: RatingKind
    subject: str  # 计算机, or a stock code
    code: str | None  # the price series: the industry's index or the stock's code
    rating: str  # a name of the rating scale, e.g. 买入
    action: str | None  # 维持 / 首次 / 上调 / 下调

    @property
    def maintained(self) -> bool:
        return self.action == "维持"

    def row(self) -> dict:
        return {
            "rating_date": self.rating_date,
            "kind": self.kind,
            "subject": self.subject,
            "code": self.code,
            "rating": self.rating,
            "action": self.action,
        }

    @classmethod
    def from_row(cls, r: Mapping[str, Any]) -> Rating:
        return cls(r["month"], r["rating_date"], r["kind"], r["subject"], r["code"], r["rating"], r["action"])


def ratings_from_meta(
    meta: Mapping[str, Any], month: str, house: HouseSettings, path: Path | str = ""
) -> list[Rating] | None:
    """The front matter's ``ratings:`` list, checked against the scale; None when the key is absent."""
    entries = meta.get("ratings")
    if entries is None:
        return None
    where = f"{path}: front matter ratings"
    if not isinstance(entries, list):
        raise ContentError(f"{where} must be a list of {{subject, rating, action}}")
    names = house.rating_scale.names
    industries = {i.name: i.index for i in house.market.industries}
    out, seen = [], set()
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not e.get("subject") or not e.get("rating"):
            raise ContentError(
                f"{where}, item {n}: give at least subject and rating, e.g. {{subject: 计算机, rating: 买入}}"
            )
        kind, subject, rating = str(e.get("kind", "industry")), str(e["subject"]), str(e["rating"])
        if kind not in KINDS:
            raise ContentError(
                f"{where}, item {n}: kind {kind!r} is not one of {', '.join(KINDS)}{suggestion(kind, KINDS)}"
            )
        if rating not in names:
            raise ContentError(
                f"{where}, item {n}: rating {rating!r} is not on the rating scale"
                f"{suggestion(rating, names)} ({', '.join(names)})",
                hint="the scale is house.toml [rating_scale]",
            )
        if (kind, subject) in seen:
            raise ContentError(f"{where}, item {n}: {subject} is rated twice")
        seen.add((kind, subject))
        code = e.get("code") or (industries.get(subject) if kind == "industry" else subject)
        out.append(
            Rating(
                month,
                meta["date"],
                kind,
                subject,
                str(code) if code else None,
                rating,
                str(e["action"]) if e.get("action") else None,
            )
        )
    return out


def record(warehouse_path: Path, month: str, ratings: list[Rating]) -> int:
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(warehouse_path) as wh:
        return wh.record_ratings(month, [r.row() for r in ratings])


def recorded(warehouse_path: Path, month: str | None = None) -> list[Rating]:
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(warehouse_path, read_only=True) as wh:
        return [Rating.from_row(r) for r in wh.ratings(month)]


# -- backtest ---------------------------------------------------------------------------------


def band(scale: RatingScale, rating: str) -> tuple[float | None, float | None]:
    r = scale.band(rating)
    return r.low, r.high


def in_band(x: float, low: float | None, high: float | None) -> bool:
    return (low is None or x >= low) and (high is None or x < high)


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


def write_xlsx(bt: Backtest, path: Path) -> Path:
    """Two sheets: every rating × horizon (backtest), and the hit rate per rating and horizon (hit_rates)."""

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from aimonthly.core.safe import write_row

    wb = Workbook()
    ws = wb.active
    ws.title = "backtest"
    cols = (
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
    write_row(ws, 1, cols)  # every cell through write_row: text stays text, never a formula
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
            bt.note(r),
        )
        for row in bt.rows
        for r in (row.rating,)
        for o in row.outcomes
    ]
    for i, values in enumerate(rows, 2):
        write_row(ws, i, values)
    hr = wb.create_sheet("hit_rates")
    hr_cols = ("rating", "horizon_months", "evaluated", "hits", "hit_rate", "pending", "no_data")
    write_row(hr, 1, hr_cols)
    for i, h in enumerate(bt.hit_rates(), 2):
        write_row(hr, i, [h[k if k != "horizon_months" else "horizon"] for k in hr_cols])
    for sheet, names in ((ws, cols), (hr, hr_cols)):
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for j, name in enumerate(names, 1):
            letter = sheet.cell(1, j).column_letter
            sheet.column_dimensions[letter].width = max(10, len(name) + 2)
            fmt = (
                "0.00%"
                if name.endswith(("return", "band_low", "band_high", "hit_rate"))
                else "yyyy-mm-dd"
                if name.endswith(("date", "day"))
                else None
            )
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # a path the user named: make its folder
    return write_atomic(path, buf.getvalue())
