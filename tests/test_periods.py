"""core.months and core.quarters, the one month and quarter arithmetic: each function against an oracle
that walks the calendar day by day (or month by month) with datetime."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimonthly.core.months import month_index, month_name, month_span, months_apart
from aimonthly.core.quarters import (
    last_ended_quarter,
    quarter_end,
    quarter_index,
    quarter_last_month,
    quarter_name,
    quarter_of,
    quarter_parts,
    quarter_start,
    read_quarter,
)

DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31))
MONTHS = DAYS.map(lambda d: d.isoformat()[:7])


def walk_months(first: str, last: str) -> list[str]:
    """The oracle: the first day of each month, stepped with datetime (the 28th plus four days)."""
    out, d = [], dt.date.fromisoformat(first + "-01")
    while d.isoformat()[:7] <= last:
        out.append(d.isoformat()[:7])
        d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


@given(MONTHS, MONTHS)
def test_month_span_and_distance(a, b):
    span = month_span(a, b)
    assert span == walk_months(a, b)
    assert months_apart(a, b) == (len(span) - 1 if span else -(len(walk_months(b, a)) - 1))
    assert month_name(month_index(a)) == a


@given(DAYS)
def test_a_day_s_quarter_holds_it_and_ends_on_its_last_day(d):
    i = quarter_of(d)
    assert quarter_start(i) <= d <= quarter_end(i)
    assert quarter_end(i) + dt.timedelta(days=1) == quarter_start(i + 1)
    assert quarter_index(quarter_name(i)) == i
    assert quarter_name(i) == f"{d.year}Q{(d.month - 1) // 3 + 1}"
    assert quarter_last_month(quarter_name(i)) == quarter_end(i).isoformat()[:7]


@given(DAYS)
def test_the_last_ended_quarter_is_the_latest_whose_last_day_is_not_after_the_day(d):
    ended = [i for i in range(quarter_of(d) - 2, quarter_of(d) + 1) if quarter_end(i) <= d]
    assert last_ended_quarter(d) == max(ended)


@pytest.mark.parametrize(
    "text",
    ["2024Q1", "2024 Q1", "2024-Q1", "2024q1", "Q1 2024", "1Q24", "1Q2024", "24Q1", "2024年一季度", "2024年第1季度"],
)
def test_the_forms_exports_write(text):
    assert read_quarter(text) == "2024Q1"


@pytest.mark.parametrize("text", ["2024Q5", "Q0 2024", "2024-03", "二〇二四年一季度", "", "2024Q1x"])
def test_what_is_no_quarter(text):
    assert read_quarter(text) is None
    with pytest.raises(ValueError):
        quarter_parts(text)
