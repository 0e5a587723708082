"""Errors raised while writing the report files."""

from aimonthly.core.errors import AimonthlyError


class RenderError(AimonthlyError):
    """A report file could not be rendered or written."""

    stage = "render"


def not_drawn(number: int, encoding: str) -> RenderError:
    """A chart reached a renderer without the picture it needs (its ChartSpec was not drawn)."""
    return RenderError(
        f"图表{number}: the chart was not drawn as {encoding.upper()}",
        hint="draw the document's charts first: aimonthly.report.drawing.draw_document",
    )
