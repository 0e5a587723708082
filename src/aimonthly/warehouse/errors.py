"""Errors of the warehouse stage."""

from aimonthly.core.errors import AimonthlyError


class WarehouseError(AimonthlyError):
    """The warehouse file cannot be opened, is locked, or is not an aimonthly warehouse."""

    stage = "warehouse"


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse file open for writing."""
