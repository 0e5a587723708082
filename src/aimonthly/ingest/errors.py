"""Errors of the ingest stage."""

from __future__ import annotations

from dataclasses import dataclass

from aimonthly.core.errors import AimonthlyError, plural
from aimonthly.core.filenames import shown_name

MAX_SHOWN = 20


class ValueParseError(AimonthlyError):
    """One cell's value could not be read; the reason is the message."""

    stage = "ingest"


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row as a spreadsheet shows it (the header is row 1); None for the whole file
    column: str | None  # the file's own header, with the canonical name if they differ
    reason: str
    hint: str | None = None  # what to do about it; IngestError gathers these into its own hint

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return (", ".join(where) + ": " if where else "") + self.reason


class LiveFetchError(AimonthlyError):
    """A live source (akshare: cninfo, market closes) could not be reached, answered in an unexpected
    shape, or is not installed."""

    stage = "ingest"


class IngestError(AimonthlyError):
    """A file was rejected whole; nothing was written."""

    stage = "ingest"

    def __init__(self, file: str, problems: list[Problem], *, hint: str | None = None):
        file = self.file = shown_name(file)  # a name from the file system, as every message shows it
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_SHOWN])
        more = f"; and {plural(len(problems) - MAX_SHOWN, 'more problem')}" if len(problems) > MAX_SHOWN else ""
        if hint is None:
            hint = "; ".join(dict.fromkeys(p.hint for p in problems[:MAX_SHOWN] if p.hint)) or None
        super().__init__(f"{file}: rejected, {plural(len(problems), 'problem')}: {shown}{more}", hint=hint)

    def lines(self) -> list[str]:
        """One line per problem shown, for a multi-line display."""
        out = [f"{self.file}: rejected ({plural(len(self.problems), 'problem')}); nothing was written"]
        out += [f"  {p}" for p in self.problems[:MAX_SHOWN]]
        if len(self.problems) > MAX_SHOWN:
            out.append(f"  … and {len(self.problems) - MAX_SHOWN} more")
        return out
