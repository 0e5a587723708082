"""The ratings each report build records (one row per month and subject, replaced on rebuild)."""

from __future__ import annotations

from pathlib import Path

from aimonthly.core.ratings import Rating


def record_ratings(warehouse_path: Path, month: str, ratings: list[Rating]) -> int:
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(warehouse_path) as wh:
        return wh.record_ratings(month, [r.row() for r in ratings])


def recorded_ratings(warehouse_path: Path, month: str | None = None) -> list[Rating]:
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(warehouse_path, read_only=True) as wh:
        return [Rating.from_row(r) for r in wh.ratings(month)]
