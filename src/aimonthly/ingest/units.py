"""Units written in headers: ``访问量(万)``, ``访问量（亿次）``, ``跳出率(%)``, ``时长(分钟)``, ``Visits (M)``,
``Capex (in millions, USD)``.

A header unit applies to every plain number in its column (1957 under ``(万)`` is 19,570,000). It
is applied by writing the unit after the number, so the value parsers read it exactly as they read
``1957万`` in a cell; a value that carries its own unit (``1.2亿``, ``45%``, ``20:39``) is read as
written. A unit that ingest cannot interpret for the column is an error naming the column: reading
the numbers without it would be wrong by a factor nobody sees.
"""

from __future__ import annotations

import re
import unicodedata

import pyarrow as pa
import pyarrow.compute as pc

_BRACKETS = re.compile(r"[（(]([^)）]*)[)）]")
_PLAIN = r"^\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$"

# A scale word -> the suffix the value parsers read (values.py _UNITS).
_SCALES = {
    "": "",
    "个": "",
    "千": "千",
    "k": "k",
    "thousand": "k",
    "thousands": "k",
    "000": "k",
    "000s": "k",
    "'000": "k",
    "万": "万",
    "萬": "万",
    "十万": None,
    "百万": "百万",
    "百萬": "百万",
    "千万": "千万",
    "千萬": "千万",
    "亿": "亿",
    "億": "亿",
    "m": "m",
    "mn": "m",
    "mil": "m",
    "mio": "m",
    "million": "m",
    "millions": "m",
    "b": "b",
    "bn": "b",
    "billion": "b",
    "billions": "b",
}
_COUNT_NOUNS = ("人次", "次", "人", "位", "名", "visits", "visitors", "times", "people")
_USD = ("美元", "usd", "us$", "$", "dollars")
_OTHER_MONEY = ("元", "人民币", "rmb", "cny", "hkd", "港元", "港币", "eur", "欧元", "jpy", "日元")
_DURATIONS = {
    **dict.fromkeys(("秒", "s", "sec", "secs", "second", "seconds"), "s"),
    **dict.fromkeys(("分钟", "分鐘", "分", "min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("小时", "小時", "h", "hr", "hrs", "hour", "hours"), "h"),
    **dict.fromkeys(("mm:ss", "hh:mm:ss", "分:秒", "时:分:秒", "時:分:秒"), ""),  # clock values carry their own form
}
_PERCENT = {"%": "%", "％": "%", "百分比": "%", "percent": "%", "pct": "%", "小数": "", "ratio": "", "fraction": ""}
_PAGES = ("页", "頁", "pages", "page", "页/次", "pages/visit")
KNOWN = {  # what the error says may be written, per kind of column
    "count": "万, 亿, 千, 百万, K, M, B, (in thousands), with 次 or 人 (万次)",
    "number": "万, 亿, 千, 百万, K, M, B, (in millions), with a currency where it fits (亿美元, USD m, 元)",
    "fraction": "%",
    "duration": "秒, 分钟, 小时, s, min, h, mm:ss",
}


class UnitError(ValueError):
    """A header's unit that ingest cannot interpret for the column (the message says why)."""


def header_unit(header: str) -> str | None:
    """The unit in a header's brackets ('访问量（万次）' -> '万次'), or None without brackets."""
    found = _BRACKETS.findall(unicodedata.normalize("NFKC", str(header or "")))
    return found[-1].strip() if found else None


def _norm(unit: str) -> str:
    u = unicodedata.normalize("NFKC", unit).lower().strip()
    u = re.sub(r"^(?:单位|單位|unit|units)\s*[:：]?\s*", "", u)
    u = re.sub(r"^in\s+", "", u)
    return re.sub(r"\s+", " ", u).strip(" ,，")


def _scale(u: str) -> str | None:
    """A scale word, with or without a count noun after it ('万次', 'millions'); None if it is not one."""
    u = u.replace(" ", "")
    for noun in _COUNT_NOUNS:
        if u.endswith(noun) and u != noun:
            u = u[: -len(noun)]
            break
        if u == noun:
            return ""
    return _SCALES.get(u)


def _money(u: str, column: str) -> str | None:
    """Scale and currency for amounts: '亿美元', 'usd m', 'millions of usd', '元'."""
    currency = None
    for cur in sorted(_USD + _OTHER_MONEY, key=len, reverse=True):  # '美元' before '元', 'us$' before '$'
        if cur in u:
            currency = currency or cur
            u = u.replace(cur, " ")
    scale = _scale(re.sub(r"\b(?:of|in)\b|[,，/]", " ", u).replace(" ", ""))
    if scale is not None and currency and currency not in _USD and column in ("capex", "guidance_low", "guidance_high"):
        raise UnitError(f"capex is recorded in US dollars; the header's unit ({currency}) cannot be converted here")
    return scale


def unit_suffix(unit: str, kind: str, column: str) -> str | None:
    """What to write after each plain number of the column; '' for a unit that changes nothing;
    None when the kind of column takes no unit (text, dates). Raises UnitError for an unknown unit."""
    if kind not in KNOWN and kind != "number":
        return None  # brackets in a text or date header are a comment, not a unit
    u = _norm(unit)
    if kind == "count":
        s = _scale(u)
    elif kind == "fraction":
        s = _PERCENT.get(u.replace(" ", ""))
    elif kind == "duration":
        s = _DURATIONS.get(u.replace(" ", ""))
    elif column == "pages_per_visit" and u.replace(" ", "") in _PAGES:
        s = ""
    else:
        s = _money(u, column) if u not in ("点", "points", "pts") else ""
    if s is None:
        raise UnitError(f"the unit ({unit}) in the header is not one ingest can apply to {column}")
    return s


def apply_unit(arr: pa.Array | pa.ChunkedArray, suffix: str) -> pa.Array:
    """Write ``suffix`` after every plain number of ``arr`` (as text); other values stay as written."""
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if not suffix:
        return arr
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        arr = pa.array(
            [None if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in arr.to_pylist()],
            type=pa.string(),
        )
    plain = pc.fill_null(pc.match_substring_regex(arr, _PLAIN), False)
    joined = pc.binary_join_element_wise(pc.utf8_trim_whitespace(arr), pa.scalar(suffix), "")
    return pc.if_else(plain, joined, arr)
