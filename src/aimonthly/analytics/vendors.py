"""Which vendors an exhibit's data came from, for its source line.

Each ingested batch may record its vendor (``aimonthly ingest --source``, or a vendor profile's
``source``; the warehouse's ``batches.source``). An exhibit names the vendors of the batches whose
current rows it read: one small distinct query of ``batch_id`` per kind of exhibit, over the rows its
section reads (the traffic list's two months, the news window, the market's chart since its base …).
A kind whose batches record no vendor is left out, and its source line keeps the house default
(house ``[sources]``). Nothing is queried when no batch records a vendor.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Callable, Mapping

from aimonthly.analytics.registry import _table_or_none
from aimonthly.core.months import month_start

Where = Callable[[Any], Any]  # an Ibis table -> a boolean expression over it


def _dates(t, start: dt.date, end: dt.date):
    return (t.date >= start) & (t.date <= end)


def _window(section: Any, fallback: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    w = getattr(section, "window", None) or getattr(section, "period", None)
    return (w[0], w[1]) if w else fallback


def _plan(ctx, sections: Mapping[str, Any]) -> dict[str, list[tuple[str, Where]]]:
    """kind -> (dataset, filter) pairs: the rows each kind of exhibit reads."""
    month, prev = ctx.month, ctx.prev_month
    span = (month_start(prev), ctx.data_date)
    news, ann, app = (_window(sections.get(k), span) for k in ("news", "announcements", "app_store"))
    base = getattr(sections.get("market"), "chart_base", None) or span[0]

    def two_months(t):
        return t.month.isin([month, prev])

    def prices(t):
        return _dates(t, min(base, span[0]), ctx.data_date)

    def on_list(t, lst: str):
        return two_months(t) & (t.list == lst)

    plan: dict[str, list[tuple[str, Where]]] = {
        f"traffic.{lst}": [("traffic", functools.partial(on_list, lst=lst))]
        for lst in ("global", "domestic", "overseas")
    }
    plan |= {
        "app_ranks": [("app_ranks", lambda t: _dates(t, *app))],
        "market": [("index_prices", prices), ("stock_prices", prices)],
        "capex": [("capex", lambda t: t.capex.notnull())],
        "announcements": [("announcements", lambda t: _dates(t, *ann))],
        "news": [("news", lambda t: _dates(t, *news))],
        "mapping": [("traffic", two_months), ("stock_prices", prices)],
        "exposure": [("traffic", lambda t: t.month <= month), ("stock_prices", prices)],
        "scorecard": [("scorecard", lambda t: t.as_of <= ctx.data_date)],
    }
    return plan


def vendors_by_kind(con, ctx, sections: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """kind of exhibit (``traffic.global``, ``market``, …) -> the vendors of the batches it read, in the
    order their batches came; kinds without a recorded vendor are left out."""
    known: Mapping[int, str] = ctx.batch_vendors
    if not known:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for kind, reads in _plan(ctx, sections).items():
        batches: set[int] = set()
        for dataset, where in reads:
            t = _table_or_none(con, dataset)
            if t is not None:
                batches.update(
                    r["batch_id"] for r in t.filter(where(t)).select("batch_id").distinct().to_pyarrow().to_pylist()
                )
        names = tuple(dict.fromkeys(known[b] for b in sorted(batches) if b in known))
        if names:
            out[kind] = names
    return out
