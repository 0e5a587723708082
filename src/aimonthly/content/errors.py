"""Errors of the content stage (the month's Markdown file: its front matter and body)."""

from aimonthly.core.errors import AimonthlyError


class ContentError(AimonthlyError):
    """The month's Markdown file is invalid; the message names file, line and what to do."""

    stage = "content"
