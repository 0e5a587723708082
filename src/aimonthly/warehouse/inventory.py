"""What the warehouse holds month by month: for the workbench's pages (``aimonthly serve``).

Per dataset with a month or a date: the current rows in each month, the batches they came from and
their first and last day; and, for one month, every batch with rows in it, replaced ones included.
Quarterly capex counts in the quarter's last month; the registry (products, product_stocks) has no
month. One grouped query per dataset (by day and batch), summed into months here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from aimonthly.core.datasets import DATASETS
from aimonthly.core.months import month_start, next_month
from aimonthly.core.quarters import QUARTER, quarter_last_month, quarter_name, quarter_of
from aimonthly.warehouse.history import batch_history, time_column

if TYPE_CHECKING:
    from aimonthly.warehouse.store import Warehouse

MONTHLY = ("traffic",)  # datasets whose time column is the month itself


@dataclass
class MonthCount:
    rows: int = 0
    batches: set[int] = field(default_factory=set)
    first: str | None = None  # the first and last day (or month, quarter) with rows
    last: str | None = None
    parts: dict[str, int] = field(default_factory=dict)  # traffic: rows per list

    def add(self, when: str, batch: int, rows: int, part: str | None = None) -> None:
        self.rows += rows
        self.batches.add(batch)
        self.first = when if self.first is None or when < self.first else self.first
        self.last = when if self.last is None or when > self.last else self.last
        if part is not None:
            self.parts[part] = self.parts.get(part, 0) + rows


def _when(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def month_inventory(wh: Warehouse) -> dict[str, dict[str, MonthCount]]:
    """month -> dataset -> its current rows in that month (only datasets with a time column)."""
    out: dict[str, dict[str, MonthCount]] = {}
    for ds in DATASETS.values():
        col = time_column(ds.name)
        if col is None:
            continue
        part = ", list" if ds.name == "traffic" else ", NULL"
        rows = wh.con.execute(
            f"SELECT {col}, batch_id{part}, count(*) FROM {ds.name} WHERE {col} IS NOT NULL GROUP BY ALL"
        ).fetchall()
        for when, batch, lst, n in rows:
            text = _when(when)
            if col == "quarter" and not QUARTER.match(text.upper()):
                continue
            month = quarter_last_month(text) if col == "quarter" else text[:7]
            out.setdefault(month, {}).setdefault(ds.name, MonthCount()).add(text, batch, n, lst)
    return dict(sorted(out.items(), reverse=True))


def _range(dataset: str, month: str) -> tuple[str, list]:
    col = time_column(dataset)
    if col == "month":
        return f"{col} = ?", [month]
    if col == "quarter":
        return f"upper({col}) = ?", [quarter_name(quarter_of(month_start(month)))]
    return f"{col} >= ? AND {col} < ?", [month_start(month), month_start(next_month(month))]


def month_batches(wh: Warehouse, month: str) -> list[dict]:
    """Every batch with rows in ``month`` (for quarterly capex: in its quarter), replaced ones included:
    the batch's history row (aimonthly batches) with ``in_month`` (its rows there) and ``current_in_month``."""
    found: dict[int, tuple[int, int]] = {}
    datasets = set()
    for ds in DATASETS.values():
        if time_column(ds.name) is None:
            continue
        where, args = _range(ds.name, month)
        for batch, n, current in wh.con.execute(
            f"SELECT batch_id, count(*), count(*) FILTER (WHERE replaced_by IS NULL) FROM {ds.name}_rows "
            f"WHERE {where} GROUP BY batch_id",
            args,
        ).fetchall():
            found[batch] = (n, current)
            datasets.add(ds.name)
    if not found:
        return []
    out = []
    for name in sorted(datasets):
        for b in batch_history(wh, name):
            if b["batch_id"] in found:
                n, current = found[b["batch_id"]]
                out.append({**b, "in_month": n, "current_in_month": current})
    return sorted(out, key=lambda b: b["batch_id"])
