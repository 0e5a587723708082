"""The value parsers: every accepted spelling, and no input raising anything but our own error."""

import datetime as dt
import math

import pytest
from hypothesis import given, strategies as st

from aimonthly.ingest import values as V
from aimonthly.ingest.errors import ValueParseError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1957万", 19_570_000),
        ("1,957万", 19_570_000),
        ("1,957万次", 19_570_000),
        ("1.2亿", 120_000_000),
        ("16.84M", 16_840_000),
        ("1.8B", 1_800_000_000),
        ("3.4K", 3_400),
        ("1,234,567", 1_234_567),
        ("12", 12),
        ("  42 ", 42),
        (12, 12),
        (12.0, 12),
        ("1,957萬", 19_570_000),
        ("2億", 200_000_000),
    ],
)
def test_counts(text, expected):
    assert V.parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "-", "—", "–", "New", "new", "N/A", None, float("nan")])
def test_missing_values(text):
    assert V.parse_count(text) is None


@pytest.mark.parametrize("text", ["约 2000 万", "1.2.3M", "abc", "12 apples", "--5", "1e"])
def test_bad_numbers(text):
    with pytest.raises(ValueParseError):
        V.parse_count(text)


def test_negative_count_rejected():
    with pytest.raises(ValueParseError, match="negative"):
        V.parse_count("-5")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("120亿", 12_000_000_000),
        ("$1.2B", 1_200_000_000),
        ("63.89亿", 6_389_000_000),
        ("-3.5", -3.5),
        ("1e3", 1000),
    ],
)
def test_numbers(text, expected):
    assert V.parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.5%", 0.125),
        ("-3%", -0.03),
        ("0.125", 0.125),
        ("60.60%", 0.606),
        ("12.5 ％", 0.125),
        (0.5, 0.5),
    ],
)
def test_fractions(text, expected):
    assert V.parse_fraction(text) == pytest.approx(expected)


def test_absurd_percentage_rejected():
    with pytest.raises(ValueParseError, match="unit"):
        V.parse_fraction("150000%")


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("1239.6", 1239.6),
        ("20:39", 1239),
        ("00:20:39", 1239),
        ("1:02:03", 3723),
        ("20.66 min", 1239.6),
        ("20.66min", 1239.6),
        ("8.84分钟", 530.4),
        ("45s", 45),
        ("45 秒", 45),
        (dt.time(0, 20, 39), 1239),
        (600, 600),
    ],
)
def test_durations(text, seconds):
    assert V.parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["20:75", "abc min", "-5", "1:2:3:4"])
def test_bad_durations(text):
    with pytest.raises(ValueParseError):
        V.parse_duration(text)


@pytest.mark.parametrize(
    "text",
    [
        "2024-04",
        "2024/4",
        "2024-4",
        "2024年4月",
        "202404",
        "Apr 2024",
        "April 2024",
        "2024-04-01",
        dt.date(2024, 4, 1),
        "2024-04-01 00:00:00",
    ],
)
def test_months(text):
    assert V.parse_month(text) == "2024-04"


@pytest.mark.parametrize("text", ["2024-13", "2024-00", "April", "24-04", "2024年13月"])
def test_bad_months(text):
    with pytest.raises(ValueParseError):
        V.parse_month(text)


@pytest.mark.parametrize("text", ["2024-04-09", "2024/4/9", "2024.4.9", "2024年4月9日", "20240409", "2024-04-09 22:00"])
def test_dates(text):
    assert V.parse_date(text) == dt.date(2024, 4, 9)


@pytest.mark.parametrize("text", ["2024-02-30", "09/04/2024", "yesterday"])
def test_bad_dates(text):
    with pytest.raises(ValueParseError):
        V.parse_date(text)


@pytest.mark.parametrize(
    "text", ["2024Q1", "2024 Q1", "2024-Q1", "Q1 2024", "1Q24", "24Q1", "2024年一季度", "2024年第1季度"]
)
def test_quarters(text):
    assert V.parse_quarter(text) == "2024Q1"


@pytest.mark.parametrize(
    "text, expected",
    [("全球", "global"), ("国内", "domestic"), ("國內", "domestic"), ("出海", "overseas"), ("Global", "global")],
)
def test_lists(text, expected):
    assert V.parse_list(text) == expected


PARSERS = [
    V.parse_count,
    V.parse_number,
    V.parse_fraction,
    V.parse_duration,
    V.parse_month,
    V.parse_date,
    V.parse_quarter,
    V.parse_list,
    V.parse_region,
    V.parse_bool,
    V.parse_text,
]
cells = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.dates(),
    st.text(alphabet="0123456789,.万亿KMB%:-— minQ年月日s", max_size=12),
)


@given(cells)
def test_parsers_raise_only_our_error(value):
    for parse in PARSERS:
        try:
            parse(value)
        except ValueParseError:
            pass


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separators_round_trip(n):
    assert V.parse_count(f"{n:,}") == n


@given(
    st.integers(min_value=0, max_value=10**7),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("K", 10**3), ("M", 10**6)]),
)
def test_unit_suffixes_scale_exactly(n, unit):
    suffix, factor = unit
    assert V.parse_count(f"{n}{suffix}") == n * factor


@given(st.floats(min_value=0, max_value=10**6, allow_nan=False))
def test_duration_minutes_agree_with_seconds(m):
    assert V.parse_duration(f"{m} min") == pytest.approx(m * 60)
    assert not math.isnan(V.parse_duration(f"{m} min"))
