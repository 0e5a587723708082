"""Live market data (extra ``pip install 'aimonthly[live]'``): index and stock closes fetched with
akshare into the canonical ``index_prices`` / ``stock_prices`` rows.

The fetchers return plain rows; ``ingest_rows`` writes them to a CSV and ingests that file the
normal way (validation, one batch, replacement by date and code), so live data and exported
files end up alike. Which akshare function serves a code depends on its suffix:

- indices: ``.SI`` (申万) ``index_hist_sw``; ``.CSI`` (中证) ``stock_zh_index_hist_csindex``;
  ``.SH`` / ``.SZ`` ``index_zh_a_hist``
- stocks: ``.SH`` / ``.SZ`` / ``.BJ`` ``stock_zh_a_hist``; ``.HK`` ``stock_hk_hist``
- an industry's universe: the constituents of its 申万 index, ``index_component_sw``

Stock closes are back-adjusted (``hfq``) by default: unlike forward adjustment, a back-adjusted
close does not change when a later dividend is paid, so batches fetched months apart agree.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
from pathlib import Path
from typing import Any, Iterable, Mapping

from aimonthly.core.house import MarketSettings
from aimonthly.ingest.errors import IngestError, LiveFetchError, Problem

INDEX_COLUMNS = ("date", "code", "name", "close")
STOCK_COLUMNS = ("date", "code", "name", "close", "industry")


def akshare():
    """The akshare module (cninfo announcements, market closes): the one place it is imported."""
    try:
        return importlib.import_module("akshare")
    except ImportError as e:
        raise LiveFetchError(
            "the live fetch needs akshare, which is not installed", hint="pip install 'aimonthly[live]'"
        ) from e


def _ymd(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def _split(code: str) -> tuple[str, str]:
    bare, _, suffix = code.upper().partition(".")
    if not suffix:
        raise IngestError(
            code, [Problem(None, None, f"{code!r} has no exchange suffix (.SH, .SZ, .BJ, .HK, .SI, .CSI)")]
        )
    return bare, suffix


def a_share_code(bare: str) -> str:
    """'600519' -> '600519.SH', '300418' -> '300418.SZ', '830799' -> '830799.BJ'."""
    bare = str(bare).strip().zfill(6)
    return bare + (".SH" if bare[0] in "569" else ".BJ" if bare[0] in "48" else ".SZ")


def _rows(frame, date_col: str, close_col: str, start: dt.date, end: dt.date, **fixed: Any) -> list[dict]:
    """Rows of one response within [start, end], oldest first, with the fixed columns added."""
    out = []
    for rec in frame.to_dict("records"):
        d, close = rec.get(date_col), rec.get(close_col)
        if d is None or close is None or close != close:  # NaN
            continue
        d = (
            d
            if isinstance(d, dt.date) and not isinstance(d, dt.datetime)
            else d.date()
            if isinstance(d, dt.datetime)
            else dt.date.fromisoformat(str(d)[:10])
        )
        if start <= d <= end:
            out.append({"date": d, **fixed, "close": float(close)})
    return sorted(out, key=lambda r: r["date"])


def fetch_index(code: str, start: dt.date, end: dt.date, name: str | None = None) -> list[dict]:
    """Daily closes of one index; ``name`` defaults to the name the source gives, else the code."""
    ak = akshare()
    bare, suffix = _split(code)
    if suffix == "SI":
        frame = ak.index_hist_sw(symbol=bare, period="day")
    elif suffix == "CSI":
        frame = ak.stock_zh_index_hist_csindex(symbol=bare, start_date=_ymd(start), end_date=_ymd(end))
        if name is None and "指数中文简称" in frame and len(frame):
            name = str(frame["指数中文简称"].iloc[0])
    elif suffix in ("SH", "SZ"):
        frame = ak.index_zh_a_hist(symbol=bare, period="daily", start_date=_ymd(start), end_date=_ymd(end))
    else:
        raise IngestError(code, [Problem(None, None, f"no live source for index suffix .{suffix}")])
    return _rows(frame, "日期", "收盘", start, end, code=code, name=name or code)


def fetch_stock(code: str, name: str, industry: str, start: dt.date, end: dt.date, adjust: str = "hfq") -> list[dict]:
    """Daily (adjusted) closes of one stock, tagged with the industry universe it belongs to."""
    ak = akshare()
    bare, suffix = _split(code)
    if suffix in ("SH", "SZ", "BJ"):
        frame = ak.stock_zh_a_hist(
            symbol=bare, period="daily", start_date=_ymd(start), end_date=_ymd(end), adjust=adjust
        )
    elif suffix == "HK":
        frame = ak.stock_hk_hist(
            symbol=bare.zfill(5), period="daily", start_date=_ymd(start), end_date=_ymd(end), adjust=adjust
        )
    else:
        raise IngestError(code, [Problem(None, None, f"no live source for stock suffix .{suffix}")])
    return _rows(frame, "日期", "收盘", start, end, code=code, name=name, industry=industry)


def fetch_universe(index_code: str) -> list[tuple[str, str]]:
    """(code, name) of a 申万 index's constituents: an industry's stock universe."""
    bare, suffix = _split(index_code)
    if suffix != "SI":
        raise IngestError(index_code, [Problem(None, None, "constituents are fetched for 申万 (.SI) indices only")])
    frame = akshare().index_component_sw(symbol=bare)
    return [(a_share_code(r["证券代码"]), str(r["证券名称"])) for r in frame.to_dict("records")]


def fetch_market(market: MarketSettings, start: dt.date, end: dt.date) -> dict[str, list[dict]]:
    """Everything house.toml [market] names: the benchmark, industry and theme indices, and each
    industry's universe (its 申万 index's constituents), as {"index_prices": rows, "stock_prices": rows}."""
    indices = [(market.benchmark, None)]
    indices += [(i.index, None) for i in market.industries]
    indices += [(t.index, None) for t in market.themes]
    index_rows = [row for code, name in dict(indices).items() for row in fetch_index(code, start, end, name)]
    stock_rows = []
    for ind in market.industries:
        for code, name in fetch_universe(ind.index):
            stock_rows += fetch_stock(code, name, ind.stocks, start, end)
    return {"index_prices": index_rows, "stock_prices": stock_rows}


def write_csv(rows: Iterable[Mapping[str, Any]], dataset: str, path: Path) -> Path:
    cols = {"index_prices": INDEX_COLUMNS, "stock_prices": STOCK_COLUMNS}[dataset]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(cols)
        for r in rows:
            w.writerow([r[c].isoformat() if isinstance(r[c], dt.date) else r[c] for c in cols])
    return path


def ingest_rows(warehouse, dataset: str, rows: list[dict], folder: Path):
    """Write ``rows`` to ``folder/live-<dataset>-<first>-<last>.csv`` and ingest it as one batch."""
    from aimonthly.ingest import ingest_file

    if not rows:
        raise IngestError(dataset, [Problem(None, None, "the live source returned no rows for the period")])
    first, last = min(r["date"] for r in rows), max(r["date"] for r in rows)
    path = write_csv(rows, dataset, Path(folder) / f"live-{dataset}-{_ymd(first)}-{_ymd(last)}.csv")
    return ingest_file(warehouse, dataset, path)
