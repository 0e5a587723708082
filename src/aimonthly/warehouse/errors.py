"""Errors of the warehouse stage."""

from aimonthly.errors import AimonthlyError


class WarehouseError(AimonthlyError):
    """The warehouse file cannot be opened, is locked, or is not an aimonthly warehouse."""


class WarehouseLocked(WarehouseError):
    """Another process holds the warehouse file open for writing."""
