"""Figures in Chinese text: ``extract(text)`` finds every number a sentence holds and says what it is.

A figure (a percentage, an amount with its unit, a count, a duration, a rank) or a number that is
no figure (part of a date, a version or a name: 2024 年, 4 月 18 日, 3.0 版本, GPT-4, Llama 3, 70B).
Spans index the text as given (full-width digits are read, not rewritten). What a figure states
is matched in ``figures.match``: against the month's facts, or against a source text's numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

Kind = Literal["percent", "amount", "count", "duration", "number", "rank", "date", "year", "period", "version", "name"]
FIGURE_KINDS = frozenset({"percent", "amount", "count", "duration", "number", "rank"})

# Length-preserving: full-width digits and signs as ASCII, so spans stay the text's own.
_WIDE = str.maketrans("０１２３４５６７８９％．＋－−", "0123456789%.+--")
_CJK_SCALES = (
    ("万亿", 1e12),
    ("千亿", 1e11),
    ("百亿", 1e10),
    ("亿", 1e8),
    ("千万", 1e7),
    ("百万", 1e6),
    ("万", 1e4),
    ("千", 1e3),
)
_LATIN_SCALES = {"k": 1e3, "K": 1e3, "M": 1e6, "m": 1e6, "mn": 1e6, "B": 1e9, "b": 1e9, "bn": 1e9}
_MEASURES: tuple[tuple[str, Kind], ...] = (
    ("人次", "amount"),
    ("次", "amount"),
    ("亿美元", "amount"),
    ("美元", "amount"),
    ("人民币", "amount"),
    ("港元", "amount"),
    ("港币", "amount"),
    ("欧元", "amount"),
    ("日元", "amount"),
    ("元", "amount"),
    ("分钟", "duration"),
    ("秒钟", "duration"),
    ("秒", "duration"),
    ("小时", "duration"),
    ("个月", "duration"),
    ("周", "duration"),
    ("天", "duration"),
    ("款", "count"),
    ("家", "count"),
    ("个", "count"),
    ("位", "rank"),
    ("名", "rank"),
    ("条", "count"),
    ("项", "count"),
    ("只", "count"),
    ("支", "count"),
    ("部", "count"),
    ("篇", "count"),
    ("户", "count"),
    ("人", "count"),
    ("台", "count"),
    ("张", "count"),
    ("倍", "number"),
)
_PERCENT = (("个百分点", "pp", 0.01), ("%", "%", 0.01), ("个基点", "bp", 0.0001), ("bp", "bp", 0.0001))
_AMOUNT_CUES = re.compile(r"(访问|流量|用户|收入|营收|估值|融资|市值|下载|visits|users|revenue|\$|美元|USD)", re.I)
_MODEL_CUES = re.compile(r"^\s*(参数|模型|params|parameters|model)", re.I)
_NUMBER = re.compile(r"(?<![\d,.])([-+])?(\d{1,3}(?:,\d{3}(?!\d))+|\d+)((?:\.\d+)+)?")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][\w.+\-]*$")

_DATES: tuple[tuple[re.Pattern, Kind], ...] = tuple(
    (re.compile(p), cast(Kind, k))
    for p, k in (
        (r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]", "date"),
        (r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月份?", "date"),
        (r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)", "date"),
        (r"(?P<y>(?:19|20)\d{2})-(?P<m>0[1-9]|1[0-2])(?![\d-])", "date"),
        (r"(?<![\d.])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]", "date"),
        (r"(?<![\d./])(?P<m>1[0-2]|0?[1-9])/(?P<d>[12]\d|3[01]|0?[1-9])(?![\d/])", "date"),
        (r"(?P<y>(?:19|20)\d{2})\s*年?\s*(?:[Qq][1-4]|[Hh][12]|第?[1-4一二三四]\s*季度|[上下]半年)", "period"),
        (r"(?<![\d.])(?:[1-4][Qq](?:\d{2})?|\d{2}[Qq][1-4])(?![A-Za-z\d])", "period"),
        (r"(?<![A-Za-z\d])[Qq][1-4](?![A-Za-z\d])", "period"),
        (r"(?<![\d.])[1-4]\s*季度", "period"),
        (r"(?P<y>(?:19|20)\d{2})\s*(?:年|财年|财年度|年度|FY)", "year"),
        (r"(?<![\d.])(?P<m>\d{1,2})\s*月份?(?!\s*\d)", "date"),
        (r"(?<![\d.,])(?P<d>\d{1,2})\s*[日号](?![\d活])", "date"),
    )
)
_VERSIONS = re.compile(
    r"(?<![A-Za-z\d])[vV]\s?\d+(?:\.\d+)*|(?<![\d.])\d+(?:\.\d+)+(?=\s*(?:版本|版|代))"
    r"|(?<![\d.])\d+(?=\s*(?:版本|代))|(?<![\d.])\d+\.\d+\.\d+(?:\.\d+)*"
)
_ORDER = re.compile(r"[过破超逾上近](万亿|千亿|百亿|亿|千万|百万|万)")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = re.compile(
    r"(第|前)?([零〇一二两三四五六七八九十百千]+)(万亿|亿|万)?\s*(个百分点|成|倍|款|家|个|位|名|条|项|只|次"
    r"|种|类|轮|季度|月|年|代|版)?"
)


@dataclass(frozen=True)
class Figure:
    span: tuple[int, int]  # [start, end) in the text
    text: str  # the characters of the span
    kind: Kind
    value: float | None = None  # in base units: a fraction for %, a count, dollars, minutes as written
    unit: str = ""  # "%", "pp", "次", "美元", "分钟", "款", "倍", … ("" for a plain number)
    number: str = ""  # the number as written, without sign or separators ("1957", "60.60")
    decimals: int = 0  # digits after the point as written: the precision to compare at
    scale: float = 1.0  # what the written number is multiplied by (1e4 for 万, 1e9 for B)
    iso: str | None = None  # dates: "2024-04-18", "2024-04", "--04-18"; versions: "3.0"
    chinese: bool = False  # written in Chinese numerals (三款, 前五位)

    @property
    def is_figure(self) -> bool:
        return self.kind in FIGURE_KINDS


def _date_iso(m: re.Match, kind: Kind) -> str | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    if kind == "year":
        return g.get("y")
    if kind != "date":
        return re.sub(r"\s+", "", m.group(0))
    y, mo, d = g.get("y"), g.get("m"), g.get("d")
    if mo and not 1 <= int(mo) <= 12 or d and not 1 <= int(d) <= 31:
        return None
    if y:
        return f"{y}-{int(mo):02d}" + (f"-{int(d):02d}" if d else "") if mo else y
    if mo:
        return f"--{int(mo):02d}" + (f"-{int(d):02d}" if d else "")
    return f"---{int(d or 0):02d}"  # a day alone ("15日")


def _claimed(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(a < e and s < b for s, e in spans)


def _unit_after(t: str, i: int, allow_latin: bool = True):
    """(scale, scale text, measure, measure kind, percent, end) of what follows a number at i."""
    j = i + 1 if i < len(t) and t[i] == " " else i
    for word, unit, factor in _PERCENT:
        if t.startswith(word, j):
            return 1.0, "", unit, "percent", factor, j + len(word)
    scale, scale_word, k = 1.0, "", j
    for word, s in _CJK_SCALES:
        if t.startswith(word, j):
            scale, scale_word, k = s, word, j + len(word)
            break
    else:
        m = re.match(r"(bn|mn|[kKmMbB])(?![A-Za-z])", t[j:]) if allow_latin else None
        if m:
            scale, scale_word, k = _LATIN_SCALES[m.group(1)], m.group(1), j + m.end()
    k2 = k + 1 if k < len(t) and t[k] == " " else k
    for word, kind in _MEASURES:
        if t.startswith(word, k2):
            return scale, scale_word, word, kind, None, k2 + len(word)
    return scale, scale_word, "", None, None, k if scale_word else i


def extract(text: str, *, chinese_numerals: bool = True) -> list[Figure]:
    """Every number in ``text``, in order, each with its kind (``Figure.is_figure`` tells figures)."""
    t = text.translate(_WIDE)
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(a: int, b: int, kind: Kind, **kw) -> None:
        out.append(Figure((a, b), text[a:b], kind, **kw))
        taken.append((a, b))

    for pattern, date_kind in _DATES:
        for m in pattern.finditer(t):
            if not _claimed(taken, *m.span()) and (iso := _date_iso(m, date_kind)) is not None:
                add(*m.span(), date_kind, iso=iso)
    for m in _VERSIONS.finditer(t):
        if not _claimed(taken, *m.span()):
            add(*m.span(), "version", iso=re.sub(r"^[vV]\s?", "", m.group(0)))
    pending_range: Figure | None = None
    for m in _NUMBER.finditer(t):
        a, b = m.span()
        if _claimed(taken, a, b):
            continue
        sign, whole, frac = m.group(1) or "", m.group(2), m.group(3) or ""
        number = whole.replace(",", "") + frac
        before, after = t[max(0, a - 24) : a], t[b : b + 12]
        if sign == "-" and (before[-1:].isalnum() or before[-1:] in "%)）"):  # a hyphen: "GPT-4", "20%-30%"
            sign, a = "", a + 1
        scale, scale_word, measure, mkind, pct, end = _unit_after(t, b)
        prefix = re.search(r"(US\$|\$|USD\s?|¥|￥|RMB\s?)$", before)
        glued_latin = re.match(r"[A-Za-z]", after) and not scale_word
        name_like = (
            re.search(r"[A-Za-z]$", before)
            or re.search(r"[A-Za-z][\w.]*[-_/]$", before)
            or glued_latin
            or frac.count(".") > 1
        )
        latin_run = re.search(
            r"(?<![A-Za-z0-9.+\-])[A-Za-z][A-Za-z0-9.+\-]*(?: [A-Za-z0-9][A-Za-z0-9.+\-]*)* $", before
        )
        if re.search(r"(?i)top\s?$", before) or re.search(r"[第前]\s?$", before):
            kind: Kind = "rank"
        elif pct is not None:
            kind = "percent"
        elif name_like:
            kind = "name"
        elif (
            scale_word in _LATIN_SCALES
            and not (prefix or measure)
            and not _AMOUNT_CUES.search(before + t[end : end + 6])
        ):
            kind = "name" if (_MODEL_CUES.match(t[end:]) or not frac or latin_run) else "amount"
        elif latin_run and not (scale_word or measure):
            kind = "name"
        elif measure or scale_word or prefix:
            kind = mkind or "amount"
        else:
            kind = "number"
        if kind == "name":
            add(a, b + len(re.findall(r"^[A-Za-z]*", after)[0]), "name")
            continue
        if kind == "rank" and not measure:
            end = b
        value = float(number) * (pct if pct is not None else scale) * (-1 if sign == "-" else 1)
        unit = measure
        fig = Figure(
            (a, end), text[a:end], kind, value, unit, number, len(frac.lstrip(".")), 1.0 if pct is not None else scale
        )
        # "300–350 万次": the first number takes the second's unit
        if pending_range is not None and re.fullmatch(r"\s*[–—~～\-至到]\s*", t[pending_range.span[1] : a]):
            first = pending_range
            out.remove(first)
            taken.remove(first.span)
            s = fig.scale
            v = float(first.number) * (0.01 if fig.kind == "percent" else s)
            add(
                first.span[0],
                first.span[1],
                fig.kind,
                value=v,
                unit=fig.unit,
                number=first.number,
                decimals=first.decimals,
                scale=s,
            )
        pending_range = fig if not (scale_word or measure or pct) else None
        out.append(fig)
        taken.append(fig.span)
    if chinese_numerals:
        out += _chinese(text, taken)
    return sorted(out, key=lambda f: f.span)


def _cn_value(s: str) -> int:
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = cur * 10 + _CN_DIGITS[ch] if cur and s[0] not in _CN_UNITS else _CN_DIGITS[ch]
        else:
            total += (cur or 1) * _CN_UNITS[ch]
            cur = 0
    return total + cur


def _chinese(text: str, taken: list[tuple[int, int]]) -> list[Figure]:
    out = []
    for m in _CN.finditer(text):
        lead, digits, big, measure = m.group(1), m.group(2), m.group(3), m.group(4)
        if not (lead or big or measure) or _claimed(taken, *m.span()):
            continue  # 一些, 统一: a numeral word, not a number
        value = _cn_value(digits) * {"万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1}[big]
        kind: Kind = (
            "rank"
            if lead
            else "period"
            if measure == "季度"
            else "date"
            if measure == "月"
            else "version"
            if measure in ("代", "版")
            else "percent"
            if measure in ("成", "个百分点")
            else "number"
            if measure == "倍"
            else "duration"
            if measure == "年"
            else "amount"
            if big or measure == "次"
            else "count"
        )
        if kind == "percent":
            value *= 0.1 if measure == "成" else 0.01
        out.append(
            Figure(
                m.span(),
                m.group(0),
                kind,
                float(value),
                measure or "",
                str(_cn_value(digits)),
                0,
                {"万亿": 1e12, "亿": 1e8, "万": 1e4, None: 1.0}[big],
                chinese=True,
            )
        )
    for m in _ORDER.finditer(text):  # 过亿, 破万: an order of magnitude, stated as one of its unit
        if not _claimed(taken, *m.span()) and not any(f.span[0] < m.end() and m.start() < f.span[1] for f in out):
            scale = dict(_CJK_SCALES)[m.group(1)]
            out.append(Figure(m.span(), m.group(0), "amount", scale, "", "1", 0, scale, chinese=True))
    return out


def figures(text: str) -> list[Figure]:
    """The figures of ``text`` written in Arabic numerals (what a paragraph asserts as data)."""
    return [f for f in extract(text, chinese_numerals=False) if f.is_figure]
