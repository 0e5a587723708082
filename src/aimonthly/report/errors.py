"""Errors of the report-model stage."""

from aimonthly.core.errors import AimonthlyError


class ReportError(AimonthlyError):
    """The month's content file or the facts cannot make a report."""

    stage = "report"
