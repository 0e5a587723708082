"""Errors of the warehouse stage."""

from aimonthly.core.errors import AimonthlyError


class WarehouseError(AimonthlyError):
    """The warehouse file cannot be opened, is locked, or is not an aimonthly warehouse."""

    stage = "warehouse"


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse file open for writing."""

    holder: str | None = None  # "PID 123, aimonthly" when known


class WarehouseBusy(WarehouseLocked):
    """A short read gave up waiting for a writer (aimonthly.warehouse.access.reading)."""
