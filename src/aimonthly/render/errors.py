"""Errors raised while writing the report files."""

from aimonthly.core.errors import AimonthlyError


class RenderError(AimonthlyError):
    """A report file could not be rendered or written."""

    stage = "render"
