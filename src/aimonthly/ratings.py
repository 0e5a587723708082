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
from typing import Any, Mapping

import ibis

from aimonthly.analytics.periods import add_months
from aimonthly.files import write_atomic
from aimonthly.report.errors import ContentError

KINDS = ("industry", "stock")


@dataclass(frozen=True)
class Rating:
    month: str  # the report's data month
    rating_date: dt.date  # the report's publication date
    kind: str  # "industry" or "stock"
    subject: str  # 计算机, or a stock code
    code: str | None  # the price series: the industry's index or the stock's code
    rating: str  # a name of the rating scale, e.g. 买入
    action: str | None  # 维持 / 首次 / 上调 / 下调

    @property
    def maintained(self) -> bool:
        return self.action == "维持"

    def row(self) -> dict:
        return {"rating_date": self.rating_date, "kind": self.kind, "subject": self.subject, "code": self.code,
                "rating": self.rating, "action": self.action}

    @classmethod
    def from_row(cls, r: Mapping[str, Any]) -> "Rating":
        return cls(r["month"], r["rating_date"], r["kind"], r["subject"], r["code"], r["rating"], r["action"])


def ratings_from_meta(meta: Mapping[str, Any], month: str, house: Mapping[str, Any], path: Path | str = "") -> list[Rating] | None:
    """The front matter's ``ratings:`` list, checked against the scale; None when the key is absent."""
    entries = meta.get("ratings")
    if entries is None:
        return None
    where = f"{path}: front matter ratings"
    if not isinstance(entries, list):
        raise ContentError(f"{where} must be a list of {{subject, rating, action}}")
    names = [r["name"] for r in house["rating_scale"]["ratings"]]
    industries = {i["name"]: i["index"] for i in house.get("market", {}).get("industries", [])}
    out, seen = [], set()
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not e.get("subject") or not e.get("rating"):
            raise ContentError(f"{where}, item {n}: give at least subject and rating, e.g. {{subject: 计算机, rating: 买入}}")
        kind, subject, rating = str(e.get("kind", "industry")), str(e["subject"]), str(e["rating"])
        if kind not in KINDS:
            raise ContentError(f"{where}, item {n}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if rating not in names:
            raise ContentError(f"{where}, item {n}: rating {rating!r} is not on the rating scale ({', '.join(names)})",
                               hint="the scale is house.toml [rating_scale]")
        if (kind, subject) in seen:
            raise ContentError(f"{where}, item {n}: {subject} is rated twice")
        seen.add((kind, subject))
        code = e.get("code") or (industries.get(subject) if kind == "industry" else subject)
        out.append(Rating(month, meta["date"], kind, subject, str(code) if code else None, rating,
                          str(e["action"]) if e.get("action") else None))
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

def band(scale: Mapping[str, Any], rating: str) -> tuple[float | None, float | None]:
    r = next(r for r in scale["ratings"] if r["name"] == rating)
    return r.get("low"), r.get("high")


def in_band(x: float, low: float | None, high: float | None) -> bool:
    return (low is None or x >= low) and (high is None or x < high)


@dataclass(frozen=True)
class Outcome:
    horizon: int  # months
    target: dt.date  # the rating date + horizon
    status: str  # hit, miss, pending, no_data
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

    def hit_rates(self) -> list[dict]:
        """Per rating given (in scale order) and horizon: evaluated, hits, hit rate, pending, no data."""
        out = []
        given = {r.rating.rating for r in self.rows}
        for name in [n for n in self.scale_order if n in given] + sorted(given - set(self.scale_order)):
            for i, h in enumerate(self.horizons):
                st = [r.outcomes[i].status for r in self.rows if r.rating.rating == name]
                n = st.count("hit") + st.count("miss")
                out.append({"rating": name, "horizon": h, "evaluated": n, "hits": st.count("hit"),
                            "hit_rate": st.count("hit") / n if n else None, "pending": st.count("pending"),
                            "no_data": st.count("no_data")})
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
    want = ibis.memtable({"lid": list(range(len(keys))), "want_code": [c for c, _ in keys], "target": [d for _, d in keys]})
    j = want.join(prices, [want.want_code == prices.code, prices.date <= want.target])
    got = j.group_by("lid").aggregate(day=j.date.max(), close=j.close.argmax(j.date)).to_pyarrow().to_pylist()
    return {keys[r["lid"]]: (r["day"], r["close"]) for r in got}


def backtest(con, ratings: list[Rating], scale: Mapping[str, Any], horizons: list[int] | None = None) -> Backtest:
    bench = str(scale["benchmark_code"])
    horizons = tuple(int(h) for h in (horizons or scale.get("horizon_months") or [6]))
    ip = con.table("index_prices")
    b = ip.filter(ip.code == bench)
    last_day = b.aggregate(last=b.date.max()).to_pyarrow().to_pylist()[0]["last"]
    lookups = set()
    for r in ratings:
        for d in (r.rating_date, *(add_months(r.rating_date, h) for h in horizons)):
            lookups.add((bench, d))
            if r.code:
                lookups.add((r.code, d))
    closes = _closes(con, lookups)
    rows = []
    for r in ratings:
        lo, hi = band(scale, r.rating)
        outs = []
        for h in horizons:
            target = add_months(r.rating_date, h)
            if last_day is None or target > last_day:
                outs.append(Outcome(h, target, "pending"))
                continue
            s0, s1 = closes.get((r.code, r.rating_date)), closes.get((r.code, target))
            b0, b1 = closes.get((bench, r.rating_date)), closes.get((bench, target))
            if not (s0 and s1 and b0 and b1):
                outs.append(Outcome(h, target, "no_data"))
                continue
            sr, br = s1[1] / s0[1] - 1, b1[1] / b0[1] - 1
            ex = sr - br
            outs.append(Outcome(h, target, "hit" if in_band(ex, lo, hi) else "miss", s0[0], s1[0], sr, br, ex))
        rows.append(BacktestRow(r, (lo, hi), tuple(outs)))
    return Backtest(bench, horizons, last_day, tuple(rows), tuple(r["name"] for r in scale["ratings"]))


def write_xlsx(bt: Backtest, path: Path) -> Path:
    """Two sheets: every rating × horizon (backtest), and the hit rate per rating and horizon (hit_rates)."""

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from aimonthly.safe import write_row

    wb = Workbook()
    ws = wb.active
    ws.title = "backtest"
    cols = ("month", "rating_date", "kind", "subject", "code", "rating", "action", "band_low", "band_high",
            "horizon_months", "target_date", "status", "start_day", "end_day", "subject_return", "benchmark_return",
            "excess_return")
    write_row(ws, 1, cols)  # every cell through write_row: text stays text, never a formula
    rows = [(r.month, r.rating_date, r.kind, r.subject, r.code, r.rating, r.action, *row.band, o.horizon, o.target,
             o.status, o.start_day, o.end_day, o.subject_return, o.benchmark_return, o.excess)
            for row in bt.rows for r in (row.rating,) for o in row.outcomes]
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
            fmt = "0.00%" if name.endswith(("return", "band_low", "band_high", "hit_rate")) else \
                "yyyy-mm-dd" if name.endswith(("date", "day")) else None
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # a path the user named: make its folder
    return write_atomic(path, buf.getvalue())
