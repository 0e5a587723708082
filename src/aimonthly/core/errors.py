"""The base of every error the project raises on purpose.

Each stage (ingest, warehouse, analytics, report, render) defines its own subclasses in its
own package, naming itself in ``stage``; the CLI turns any AimonthlyError into one red line
(the traceback, with the cause the error was raised from, only with ``--debug``).

Errors cross process boundaries (the chart pool pickles them back to the parent), so each one
pickles with its message, hint and attributes, whatever its ``__init__`` takes.
"""

from __future__ import annotations

from typing import Any


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """'1 problem', '2 problems' (``nouns`` for irregular plurals); never '1 problems' or 'problem(s)'."""
    return f"{n:,} {noun if n == 1 else nouns or noun + 's'}"


def _restore(cls: type[AimonthlyError], args: tuple, state: dict[str, Any]) -> AimonthlyError:
    e = cls.__new__(cls, *args)
    e.args = args
    e.__dict__.update(state)
    return e


class AimonthlyError(Exception):
    """An expected failure with a message meant for the user."""

    stage: str | None = None  # the pipeline stage that failed: ingest, warehouse, analytics, …
    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __reduce__(self) -> tuple:
        # Exception's own pickling calls cls(*args): that loses the hint and breaks any subclass
        # whose __init__ takes other arguments (IngestError(file, problems)).
        return (_restore, (type(self), self.args, dict(self.__dict__)))


class ConfigError(AimonthlyError):
    """A setting is missing or invalid."""

    stage = "settings"


class StageFailed(AimonthlyError):
    """An unexpected error inside a pipeline stage (a bug, or an engine's own failure), named
    with the stage; the original error is its ``__cause__`` (shown with ``--debug``)."""

    def __init__(self, stage: str, error: BaseException):
        first = (str(error).splitlines() or [""])[0]
        super().__init__(
            f"the {stage} stage failed: {type(error).__name__}: {first}",
            hint="run again with --debug for the traceback",
        )
        self.stage = stage
