"""Month arithmetic shared by every stage: months are written YYYY-MM."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from aimonthly.core.errors import AimonthlyError

_MONTH = re.compile(r"^(\d{4})-(0?[1-9]|1[0-2])$")


class MonthError(AimonthlyError):
    """A month is not written YYYY-MM."""


def check_month(month: str) -> str:
    """The month as YYYY-MM; a one-digit month is accepted ("2024-5" -> "2024-05")."""
    m = _MONTH.match((month or "").strip())
    if not m:
        raise MonthError(f"{month!r} is not a month; write it as YYYY-MM, e.g. 2024-04")
    return f"{m[1]}-{int(m[2]):02d}"


def previous_month(month: str) -> str:
    y, m = map(int, check_month(month).split("-"))
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


def next_month(month: str) -> str:
    y, m = map(int, check_month(month).split("-"))
    return f"{y + 1}-01" if m == 12 else f"{y}-{m + 1:02d}"


def month_end(month: str) -> dt.date:
    y, m = map(int, check_month(month).split("-"))
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later (or earlier), clamped to the month's end (01-31 + 1 -> 02-29)."""
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def month_before(d: dt.date) -> dt.date:
    """The same day one calendar month earlier, clamped to the month's end (03-31 -> 02-29)."""
    return add_months(d, -1)


def month_start(month: str) -> dt.date:
    y, m = map(int, check_month(month).split("-"))
    return dt.date(y, m, 1)


def month_index(month: str) -> int:
    """'2024-04' -> 2024 * 12 + 3: consecutive months differ by 1."""
    y, m = map(int, check_month(month).split("-"))
    return y * 12 + m - 1


def month_name(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def months_apart(first: str, last: str) -> int:
    """How many months ``last`` is after ``first`` (negative when before)."""
    return month_index(last) - month_index(first)


def month_span(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included (empty when ``last`` is before ``first``)."""
    return [month_name(i) for i in range(month_index(first), month_index(last) + 1)]
