"""Parsers for the values that real exports hold.

Each takes one cell (str, int, float, date or None) and returns the canonical value, or None for
a missing cell; anything it cannot read raises ValueParseError with the reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Callable, Mapping, TypeVar

from aimonthly.core.quarters import read_quarter
from aimonthly.ingest.errors import ValueParseError

T = TypeVar("T")

MISSING = {"", "-", "--", "—", "——", "–", "new", "n/a", "na", "null", "none", "nan", "#n/a", "/"}

_UNITS = {
    "": 1,
    "k": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "千": 10**3,
    "万": 10**4,
    "萬": 10**4,
    "百万": 10**6,
    "百萬": 10**6,
    "千万": 10**7,
    "千萬": 10**7,
    "亿": 10**8,
    "億": 10**8,
}
_NUMBER = re.compile(
    r"^(?P<sign>[-+])?(?:us\$|\$|usd|¥|rmb)?(?P<num>\d+(?:\.\d*)?|\.\d+)(?:e(?P<exp>[-+]?\d+))?"
    r"(?P<unit>k|mn|m|bn|b|千万|千萬|百万|百萬|千|万|萬|亿|億)?"
    r"(?:次|美元|usd|元|人民币)?$"
)
_THOUSANDS = re.compile(r"(?<=\d)[,，'’](?=\d{3}(?:\D|$))")
MAX_PERCENT = 1000.0  # 100,000%: anything larger is a unit mistake, not a growth rate


def _text(value: object) -> str:
    s = unicodedata.normalize("NFKC", str(value)).strip()
    return s.replace("\u2212", "-").replace("\u00a0", "").replace("\u2009", "")


def is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and _text(value).lower() in MISSING


def parse_decimal(value: object) -> Decimal | None:
    """A number with optional thousands separators and a K/M/B/万/亿 unit, as an exact Decimal."""
    if is_missing(value):
        return None
    if isinstance(value, bool):
        raise ValueParseError(f"{value!r} is not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isinf(value):
            raise ValueParseError("infinity is not a number")
        return Decimal(repr(value))
    s = _THOUSANDS.sub("", _text(value)).replace(" ", "").lower()
    m = _NUMBER.match(s)
    if not m:
        raise ValueParseError(f"{str(value)!r} is not a number")
    try:
        d = Decimal(m["num"]) * _UNITS[m["unit"] or ""]
        if m["exp"]:
            d = d.scaleb(int(m["exp"]))
    except (InvalidOperation, ValueError, OverflowError) as e:
        raise ValueParseError(f"{str(value)!r} is not a number") from e
    if abs(d) > Decimal(10) ** 18:
        raise ValueParseError(f"{str(value)!r} is too large")
    return -d if m["sign"] == "-" else d


def parse_number(value: object) -> float | None:
    d = parse_decimal(value)
    return None if d is None else float(d)


def parse_count(value: object) -> int | None:
    """A whole, non-negative count (visits, ranks); fractions from unit scaling are rounded."""
    d = parse_decimal(value)
    if d is None:
        return None
    if d < 0:
        raise ValueParseError(f"{str(value)!r} is negative; a count cannot be")
    return int(d.to_integral_value())


def parse_fraction(value: object) -> float | None:
    """A percent string ("12.5%") or a bare fraction (0.125)."""
    if is_missing(value):
        return None
    f: float | None
    if isinstance(value, str):
        s = _text(value).replace(" ", "")
        if s.endswith("%"):
            d = parse_decimal(s[:-1])
            if d is None:
                raise ValueParseError(f"{value!r} is not a percentage")
            f = float(d) / 100
        else:
            f = parse_number(s)
    else:
        f = parse_number(value)
    if f is None:
        return None
    if abs(f) > MAX_PERCENT:
        raise ValueParseError(f"{str(value)!r} is over {MAX_PERCENT * 100:,.0f}%; check the unit")
    return f


_DURATION_UNIT = re.compile(
    r"^(?P<num>\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?P<unit>s|sec|secs|seconds?|秒|m|min|mins|minutes?|分钟|分鐘|分|h|hr|hours?|小时|小時)$"
)
_DURATION_FACTOR = {
    **dict.fromkeys(["s", "sec", "secs", "second", "seconds", "秒"], 1),
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes", "分钟", "分鐘", "分"], 60),
    **dict.fromkeys(["h", "hr", "hour", "hours", "小时", "小時"], 3600),
}
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{1,2}(?:\.\d+)?)$")


def parse_duration(value: object) -> float | None:
    """A duration in seconds: 1239.6, 20:39, 00:20:39, "20.66 min", "45s"."""
    if is_missing(value):
        return None
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if not isinstance(value, str):
        seconds = parse_number(value)
    else:
        s = _text(value).replace(" ", "").lower()
        if m := _CLOCK.match(s):
            if m["h"] is not None and int(m["m"]) >= 60 or float(m["s"]) >= 60:
                raise ValueParseError(f"{value!r} is not a valid clock duration")
            seconds = int(m["h"] or 0) * 3600 + int(m["m"]) * 60 + float(m["s"])
        elif m := _DURATION_UNIT.match(s):
            seconds = float(m["num"]) * _DURATION_FACTOR[m["unit"]]
        else:
            try:
                seconds = parse_number(s)
            except ValueParseError as e:
                raise ValueParseError(f"{value!r} is not a duration (seconds, mm:ss, hh:mm:ss or '20.66 min')") from e
    if seconds is None:
        return None
    if seconds < 0:
        raise ValueParseError(f"{value!r} is negative; a duration cannot be")
    return seconds


_MONTHS_EN = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
_YM = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$"),
]
_YMD = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
]


def _month_str(y: int, m: int, raw: object) -> str:
    if not (1 <= m <= 12 and 1900 <= y <= 2999):
        raise ValueParseError(f"{raw!r} is not a month (YYYY-MM)")
    return f"{y:04d}-{m:02d}"


def parse_month(value: object) -> str | None:
    """A calendar month as 'YYYY-MM' (a full date is taken as its month)."""
    if is_missing(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    s = _text(value).lower()
    for rx in _YM:
        if m := rx.match(s):
            return _month_str(int(m["y"]), int(m["m"]), value)
    if m := re.match(r"^([a-z]{3})[a-z]*\.?[ -]?(\d{4})$", s):
        if m[1] in _MONTHS_EN:
            return _month_str(int(m[2]), _MONTHS_EN[m[1]], value)
    try:
        d = parse_date(value)
    except ValueParseError as e:
        raise ValueParseError(f"{str(value)!r} is not a month (YYYY-MM)") from e
    return None if d is None else f"{d.year:04d}-{d.month:02d}"


def parse_date(value: object) -> dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = _text(value).lower()
    for rx in _YMD:
        if m := rx.match(s):
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                break
    raise ValueParseError(f"{str(value)!r} is not a date (YYYY-MM-DD)")


def parse_quarter(value: object) -> str | None:
    """A calendar quarter as 'YYYYQn' (2024Q1, 1Q24, 24Q1, 2024年一季度)."""
    if is_missing(value):
        return None
    if quarter := read_quarter(_text(value)):
        return quarter
    raise ValueParseError(f"{str(value)!r} is not a quarter (e.g. 2024Q1)")


def _choice(names: Mapping[str, T], what: str) -> Callable[[object], T | None]:
    def parse(value: object) -> T | None:
        if is_missing(value):
            return None
        key = _text(value).lower().replace(" ", "")
        if key in names:
            return names[key]
        choices = ", ".join(dict.fromkeys(str(v).lower() for v in names.values()))
        raise ValueParseError(f"{str(value)!r} is not a {what} ({choices})")

    return parse


parse_list = _choice(
    {
        "global": "global",
        "全球": "global",
        "全球榜": "global",
        "domestic": "domestic",
        "国内": "domestic",
        "國內": "domestic",
        "国内榜": "domestic",
        "china": "domestic",
        "overseas": "overseas",
        "出海": "overseas",
        "出海榜": "overseas",
    },
    "list",
)
parse_region = _choice(
    {
        "overseas": "overseas",
        "海外": "overseas",
        "境外": "overseas",
        "国外": "overseas",
        "國外": "overseas",
        "domestic": "domestic",
        "国内": "domestic",
        "國內": "domestic",
        "境内": "domestic",
        "china": "domestic",
    },
    "region",
)
parse_bool = _choice(
    {
        "true": True,
        "false": False,
        "1": True,
        "0": False,
        "yes": True,
        "no": False,
        "是": True,
        "否": False,
        "y": True,
        "n": False,
    },
    "true/false value",
)

parse_relation = _choice(
    {
        "母公司": "母公司",
        "parent": "母公司",
        "投资方": "投资方",
        "investor": "投资方",
        "合作方": "合作方",
        "partner": "合作方",
        "供应商": "供应商",
        "supplier": "供应商",
        "其他": "其他",
        "other": "其他",
    },
    "relation",
)


parse_criterion = _choice(
    {
        "tech_route": "tech_route",
        "技术路线": "tech_route",
        "technicalroute": "tech_route",
        "techroute": "tech_route",
        "customer": "customer",
        "客户类型": "customer",
        "客户": "customer",
        "customertype": "customer",
        "productisation": "productisation",
        "productization": "productisation",
        "产品化程度": "productisation",
        "产品化": "productisation",
        "competition": "competition",
        "竞争格局": "competition",
        "competitivelandscape": "competition",
        "revenue_mix": "revenue_mix",
        "收入结构": "revenue_mix",
        "海内外收入结构": "revenue_mix",
        "revenuemix": "revenue_mix",
        "tolerance": "tolerance",
        "容错度": "tolerance",
        "场景容错度": "tolerance",
        "errortolerance": "tolerance",
    },
    "scorecard criterion",
)


def parse_score(value: object) -> float | None:
    """A scorecard score: a number from 1 to 5 (halves allowed: 3.5)."""
    x = parse_number(value)
    if x is not None and not 1 <= x <= 5:
        raise ValueParseError(f"{str(value)!r} is not a score from 1 to 5")
    return x


def parse_text(value: object) -> str | None:
    """Free text: only an empty cell is missing ("-" may be a real name)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return s or None
