"""The warehouse stage: one DuckDB file, batches and history, and the Ibis connection."""

from aimonthly.warehouse.errors import WarehouseError, WarehouseLocked
from aimonthly.warehouse.store import IngestResult, Warehouse

__all__ = ["IngestResult", "Warehouse", "WarehouseError", "WarehouseLocked"]
