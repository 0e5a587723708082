"""Calendar quarters, written YYYYQn (2024Q1) everywhere inside the project: reading the forms exports
use, and the arithmetic every stage needs (a quarter as a running number, its first and last day)."""

from __future__ import annotations

import datetime as dt
import re

QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_FORMS = [  # matched against the text lower-cased, spaces removed
    re.compile(r"^(?P<y>\d{4})[-_]?q(?P<q>[1-4])$"),
    re.compile(r"^q(?P<q>[1-4])[-_]?(?P<y>\d{4})$"),
    re.compile(r"^(?P<q>[1-4])q(?P<y>\d{2}|\d{4})$"),
    re.compile(r"^(?P<y>\d{2})q(?P<q>[1-4])$"),
    re.compile(r"^(?P<y>\d{4})年?第?(?P<q>[1-4一二三四])季度?$"),
]
_CN_DIGIT = {"一": "1", "二": "2", "三": "3", "四": "4"}


def read_quarter(text: str) -> str | None:
    """A quarter as vendors write it (2024Q1, 2024 Q1, Q1 2024, 1Q24, 24Q1, 2024年一季度) as 'YYYYQn';
    None when the text is no quarter."""
    s = text.lower().replace(" ", "")
    for rx in _FORMS:
        if m := rx.match(s):
            y = int(m["y"])
            return f"{y + 2000 if y < 100 else y:04d}Q{_CN_DIGIT.get(m['q'], m['q'])}"
    return None


def quarter_parts(quarter: str) -> tuple[int, int]:
    """'2024Q1' -> (2024, 1); anything else is a ValueError."""
    m = QUARTER.match(quarter.upper())
    if not m:
        raise ValueError(f"{quarter!r} is not a quarter written YYYYQn")
    return int(m[1]), int(m[2])


def quarter_index(quarter: str) -> int:
    """'2024Q1' -> 2024 * 4 + 0: consecutive quarters differ by 1."""
    year, n = quarter_parts(quarter)
    return year * 4 + n - 1


def quarter_name(index: int) -> str:
    return f"{index // 4}Q{index % 4 + 1}"


def quarter_of(d: dt.date) -> int:
    """The index of the quarter ``d`` falls in."""
    return d.year * 4 + (d.month - 1) // 3


def quarter_start(index: int) -> dt.date:
    return dt.date(index // 4, index % 4 * 3 + 1, 1)


def quarter_end(index: int) -> dt.date:
    return quarter_start(index + 1) - dt.timedelta(days=1)


def last_ended_quarter(d: dt.date) -> int:
    """The index of the latest quarter that ended on or before ``d``."""
    i = quarter_of(d)
    return i if quarter_end(i) == d else i - 1


def quarter_last_month(quarter: str) -> str:
    """'2024Q1' -> '2024-03', the quarter's last month."""
    return quarter_end(quarter_index(quarter)).isoformat()[:7]
