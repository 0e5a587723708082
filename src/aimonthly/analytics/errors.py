"""Errors of the analytics stage."""

from aimonthly.core.errors import AimonthlyError


class AnalyticsError(AimonthlyError):
    """A fact cannot be computed from what the warehouse holds."""

    stage = "analytics"


class MissingData(AnalyticsError):
    """The warehouse holds no rows for what a section needs (e.g. a month)."""
