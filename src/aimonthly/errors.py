"""The base of every error the project raises on purpose.

Each stage (ingest, warehouse, analytics, report, render) defines its own subclasses in its
own package; the CLI turns any AimonthlyError into one red line.
"""


class AimonthlyError(Exception):
    """An expected failure with a message meant for the user."""

    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class ConfigError(AimonthlyError):
    """A setting is missing or invalid."""
