"""The one number formatter: numbers the way Chinese sell-side reports print them (1,957 万次, 60.60%, 20.66 分钟).

Every number printed anywhere (the text, tables, chart labels and legends, the workbench, the ratings
CLI; data.xlsx's number formats) goes through here, rounded half up once (``half_up``), so that one value
prints the same everywhere. ``show(value, unit, nd)`` is the formatter a claim's printed form comes from
(core/claims.py): the verifier re-prints a claim with it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable
from decimal import ROUND_HALF_UP, Decimal


def half_up(x: float, nd: int) -> Decimal:
    """``x`` rounded half up to ``nd`` decimals, like the vendors' tables (0.0275 -> 2.8%), via the
    Decimal of its shortest repr (0.0125 is 1.3%, not the 1.2% of binary rounding)."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP)


_round = half_up


TABLE_PCT_DECIMALS = 2  # a share or a change in a table cell (and data.xlsx's percent format)


def pct(x: float, nd: int = TABLE_PCT_DECIMALS) -> str:
    """0.606 -> '60.60%'."""
    return f"{_round(x * 100, nd)}%"


def excel_pct_format(nd: int = TABLE_PCT_DECIMALS) -> str:
    """The Excel number format that shows a fraction as the tables print it: '0.00%' (Excel rounds half
    away from zero on the decimal it shows, as ``half_up`` does)."""
    return "0." + "0" * nd + "%" if nd else "0%"


def pct_abs(x: float, nd: int = 1) -> str:
    return pct(abs(x), nd)


def trimmed_pct(x: float, nd: int = 2) -> str:
    """A configured fraction without trailing zeros: 0.15 -> '15%', 0.055 -> '5.5%'."""
    s = f"{_round(x * 100, nd)}"
    return (s.rstrip("0").rstrip(".") if "." in s else s) + "%"


def points(x: float, nd: int = 1) -> str:
    """A difference of two fractions in percentage points, without its sign: -0.108 -> '10.8'."""
    return f"{_round(abs(x) * 100, nd)}"


def fixed(x: float, nd: int = 2) -> str:
    """A plain figure at ``nd`` places, thousands separated, half up: 1234.5 -> '1,234.50' (a price, a size)."""
    return f"{_round(x, nd):,.{nd}f}"


def compact(n: float) -> str:
    """A count in 亿 or 万 for a table cell or a chart's axis: 1,310.8万, 18.00亿; below 1万 as it is (789)."""
    if abs(n) >= 100_000_000:
        return f"{_round(n / 1e8, 2)}亿"
    if abs(n) >= 10_000:
        return f"{_round(n / 1e4, 1):,}万"
    return fixed(n, 0) if float(n).is_integer() else fixed(n, 2)


def signed_pct(x: float, nd: int = 1) -> str:
    """A change with its sign, as a table of changes shows it: '+2.7%', '-3.0%', '0.0%'."""
    s = pct(x, nd)
    if s.lstrip("-").strip("0.%") == "":
        return pct(0, nd)
    return s if s.startswith("-") else "+" + s


def plain(x: float, nd: int = 2) -> str:
    """A figure without trailing zeros (a score or a weight as written): 4.0 -> '4', 3.50 -> '3.5'."""
    t = f"{_round(x, nd)}"
    return t.rstrip("0").rstrip(".") if "." in t else t


def signed(x: float, nd: int = 2) -> str:
    """A change with its sign: 0.333 -> '+0.33', -0.1 -> '-0.10', 0 -> '0.00'."""
    r = _round(x, nd)
    return f"+{r}" if r > 0 else f"{abs(r)}" if r == 0 else f"{r}"


def count(n: int | float) -> str:
    """A count with thousands separators: 1234 -> '1,234'."""
    return f"{int(_round(n, 0)):,}"


def visits(n: int) -> str:
    """Visits in 万次 below 1亿, in 亿次 above: 19,570,000 -> '1,957 万次'; 1,800,000,000 -> '18.00 亿次'."""
    if n >= 100_000_000:
        return f"{_round(n / 1e8, 2)} 亿次"
    return f"{int(_round(n / 1e4, 0)):,} 万次"


def wan(n: int | float, nd: int = 0) -> str:
    """A count in 万, for table cells: 19,570,000 -> '1,957'."""
    v = _round(n / 1e4, nd)
    return f"{v:,.{nd}f}"


def minutes(m: float) -> str:
    return f"{_round(m, 2)} 分钟"


def yi(n: float, nd: int = 2) -> str:
    """An amount in 亿: 44,289,000,000 -> '442.89'."""
    return f"{_round(n / 1e8, nd)}"


def usd_yi(v: float) -> str:
    """US dollars in 亿美元, at most two decimals: 44,289,000,000 -> '442.89 亿美元', 12e9 -> '120 亿美元'."""
    s = yi(v, 2)
    return (s.rstrip("0").rstrip(".") if "." in s else s) + " 亿美元"


def usd_band(lo: float | None, hi: float | None) -> str:
    """A guidance band: '300–350 亿美元', or one figure when the ends agree or one is missing."""
    if lo is not None and hi is not None and lo != hi:
        return f"{usd_yi(lo).removesuffix(' 亿美元')}–{usd_yi(hi)}"
    one = lo if lo is not None else hi
    return usd_yi(one) if one is not None else "-"


def change(x: float | None, nd: int = 1, *, word: str = "环比") -> str:
    """'环比增长 2.7%' / '环比下降 3.0%' / '环比持平'."""
    if x is None:
        return f"{word}无可比数据"
    if _round(x * 100, nd) == 0:
        return f"{word}持平"
    return f"{word}{'增长' if x > 0 else '下降'} {pct_abs(x, nd)}"


def month_cn(month: str, *, with_year: bool = True) -> str:
    y, m = month.split("-")
    return f"{int(y)} 年 {int(m)} 月" if with_year else f"{int(m)} 月"


def date_cn(d: dt.date | str, *, with_year: bool = False) -> str:
    d = dt.date.fromisoformat(d) if isinstance(d, str) else d
    return f"{d.year} 年 {d.month} 月 {d.day} 日" if with_year else f"{d.month} 月 {d.day} 日"


def span_cn(start: dt.date | str, end: dt.date | str) -> str:
    """'2024 年 4 月 1 日至 5 月 9 日' (the end's year only when it differs)."""
    a, b = _date(start), _date(end)
    return f"{date_cn(a, with_year=True)}至{date_cn(b, with_year=b.year != a.year)}"


def span_label(start: dt.date | str, end: dt.date | str) -> str:
    """The short span of exhibit titles: '4.1-5.9'."""
    a, b = _date(start), _date(end)
    return f"{a.month}.{a.day}-{b.month}.{b.day}"


def since_cn(base: dt.date | str) -> str:
    """'2022 年初以来' for a 1 January base date, else '2022 年 3 月 15 日以来'."""
    d = _date(base)
    return f"{d.year} 年初以来" if (d.month, d.day) == (1, 1) else f"{date_cn(d, with_year=True)}以来"


_CN_QUARTER = "一二三四"


def quarter_cn(q: str) -> str:
    """'2024Q1' -> '2024 年一季度'."""
    from aimonthly.core.quarters import quarter_parts  # the one quarter parser

    year, n = quarter_parts(q)
    return f"{year} 年{_CN_QUARTER[n - 1]}季度"


_CN_NUM = "零一二三四五六七八九十"


def cn_count(n: int) -> str:
    """Small counts in Chinese numerals (前五位, 两家); larger ones as digits."""
    return "两" if n == 2 else _CN_NUM[n] if 0 <= n <= 10 else str(n)


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_THEN_LATIN = re.compile(rf"([{_CJK}])([A-Za-z0-9])")
_LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9%])([{_CJK}])")


def _spaced(text: str) -> str:
    text = _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", text))
    return re.sub(r" {2,}", " ", text)


def spaced(text: str, keep: Iterable[str] = ()) -> str:
    """A space between CJK and Latin letters or digits, as the reports print them ("2024 年 4 月").
    Names in ``keep`` (products, companies, stocks as the data spells them: "秘塔AI", "*ST银江") are
    printed exactly: no space goes inside one, only at its edges."""
    names = sorted({k for k in keep if k}, key=len, reverse=True)
    if not names:
        return _spaced(text)
    parts = re.split("(" + "|".join(re.escape(k) for k in names) + ")", text)
    # Space each stretch between names with one character of context on each side, so that the
    # edges of a name are spaced as any other text would be, then drop the context again.
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a name
            out.append(part)
            continue
        before = parts[i - 1][-1:] if i else ""
        after = parts[i + 1][:1] if i + 1 < len(parts) else ""
        done = _spaced(before + part + after)
        done = done[len(before) :] if before else done
        if after:
            done = done[: -len(after)] if done.endswith(after) else done
        out.append(done)
    return re.sub(r" {2,}", " ", "".join(out))


def join(items: list[str], last: str = "、") -> str:
    """["a", "b", "c"] -> "a、b、c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + f"{last}" + items[-1]


def _date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])


# unit -> how a value of it prints (``nd``: decimals; for dates 1 with the year, 0 without)
_SHOW = {
    "pct": lambda v, nd: pct(v, nd),
    "pct_abs": lambda v, nd: pct_abs(v, nd),
    "points": lambda v, nd: points(v, nd),
    "visits": lambda v, nd: visits(int(v)),
    "wan": lambda v, nd: wan(v, nd),
    "wan_abs": lambda v, nd: wan(abs(v), nd),
    "usd": lambda v, nd: usd_yi(v),
    "usd_num": lambda v, nd: usd_yi(v).removesuffix(" 亿美元"),
    "usd_band": lambda v, nd: usd_band(*v),
    "minutes": lambda v, nd: minutes(v),
    "count": lambda v, nd: count(v),
    "count_cn": lambda v, nd: cn_count(int(v)),
    "rank": lambda v, nd: str(int(v)),
    "score": lambda v, nd: fixed(v, nd),
    "score_abs": lambda v, nd: fixed(abs(v), nd),
    "date": lambda v, nd: date_cn(_date(v), with_year=bool(nd)),
    "month": lambda v, nd: month_cn(str(v)[:7], with_year=bool(nd)),
    "quarter": lambda v, nd: quarter_cn(str(v)),
    "span": lambda v, nd: span_cn(*v),
    "span_label": lambda v, nd: span_label(*v),
    "since": lambda v, nd: since_cn(v),
}
UNITS = tuple(_SHOW)


def show(value: Any, unit: str, nd: int = 0) -> str:
    """A value as the report prints it, by its unit: show(0.0125, 'pct', 1) -> '1.3%' (spaced as the text
    around it will be: '2024 年 4 月 1 日至 5 月 9 日')."""
    if value is None or unit not in _SHOW:
        return ""
    return _spaced(_SHOW[unit](value, nd))


_SCALE = {"pct": 100, "pct_abs": 100, "points": 100, "wan": 1e-4, "wan_abs": 1e-4, "visits": 1e-4, "usd": 1e-8}
# units that print one figure two ways (with or without its sign, its unit): compared as one in a report
FAMILY = {"pct_abs": "pct", "usd_num": "usd", "wan_abs": "wan", "score_abs": "score"}


def figure(shown: str) -> str:
    """A printed figure without its sign and unit words: '-3.0%' -> '3.0%', '530 亿美元' -> '530'."""
    return shown.lstrip("+-−").removesuffix(" 亿美元").removesuffix(" 万次")


def is_zero(value: float, unit: str, nd: int) -> bool:
    """Whether ``value`` prints as zero in ``unit`` at ``nd`` decimals (持平 is said of such a change)."""
    return _round(abs(value) * _SCALE.get(unit, 1), 2 if unit == "usd" else nd) == 0
