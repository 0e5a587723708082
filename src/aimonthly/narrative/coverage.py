"""What a section says when its data stops before its period ends: the last day it covers."""

from __future__ import annotations

import datetime as dt

from aimonthly.core import numbers as N


def _day(d: dt.date, other: dt.date) -> str:
    return N.date_cn(d, with_year=d.year != other.year)


def data_until(what: str, last_day: dt.date | None, end: dt.date) -> str:
    """'新闻数据截至 5 月 31 日，未覆盖至 6 月 9 日' / '尚无新闻数据'."""
    if last_day is None:
        return f"尚无{what}数据"
    return f"{what}数据截至 {_day(last_day, end)}，未覆盖至 {_day(end, last_day)}"


def note(what: str, last_day: dt.date | None, end: dt.date) -> str:
    """The same as a bracketed note: '（新闻数据截至 5 月 31 日，未覆盖至 6 月 9 日）'."""
    return f"（{data_until(what, last_day, end)}）"
