"""What the warehouse already holds, for the fetchers' deduplication and the report's up-to-date check."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from aimonthly.warehouse import Warehouse


def current_rows(warehouse: Path, dataset: str, start: dt.date, end: dt.date) -> list[dict]:
    """The dataset's current rows dated start..end (none when there is no warehouse yet)."""
    if not Path(warehouse).exists():
        return []
    with Warehouse.open(warehouse, read_only=True) as wh:
        t = wh.ibis().table(dataset)
        rows = t.filter((t.date >= start) & (t.date <= end)).drop("batch_id").to_pyarrow().to_pylist()
    for r in rows:
        r["date"] = r["date"].isoformat()
    return rows


def warehouse_token(warehouse: Path) -> str:
    """Changes whenever a batch is added, replaced or undone: the batches and each dataset's current rows."""
    if not Path(warehouse).exists():
        return "none"
    with Warehouse.open(warehouse, read_only=True) as wh:
        batches = wh.batches().select(["batch_id", "dataset", "sha256", "rows"]).to_pylist()
        counts = [(s["dataset"], s["rows"]) for s in wh.summary()]
    return hashlib.sha256(json.dumps([batches, counts], default=str).encode()).hexdigest()
