"""Errors of the analytics stage."""

from aimonthly.errors import AimonthlyError


class AnalyticsError(AimonthlyError):
    """A fact cannot be computed from what the warehouse holds."""


class MissingData(AnalyticsError):
    """The warehouse holds no rows for what a section needs (e.g. a month)."""
