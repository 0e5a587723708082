"""The one number formatter: numbers the way Chinese sell-side reports print them (1,957 万次, 60.60%, 20.66 分钟)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal


def _round(x: float, nd: int) -> Decimal:
    # Half-up like the vendors' tables (0.0275 -> 2.8%), via Decimal of the shortest repr.
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP)


def pct(x: float, nd: int = 2) -> str:
    """0.606 -> '60.60%'."""
    return f"{_round(x * 100, nd)}%"


def pct_abs(x: float, nd: int = 1) -> str:
    return pct(abs(x), nd)


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


_CN_NUM = "零一二三四五六七八九十"


def cn_count(n: int) -> str:
    """Small counts in Chinese numerals (前五位); larger ones as digits."""
    return _CN_NUM[n] if 0 <= n <= 10 else str(n)


_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_THEN_LATIN = re.compile(rf"([{_CJK}])([A-Za-z0-9])")
_LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9%])([{_CJK}])")


def spaced(text: str) -> str:
    """A space between CJK and Latin letters or digits, as the reports print them ("2024 年 4 月")."""
    text = _LATIN_THEN_CJK.sub(r"\1 \2", _CJK_THEN_LATIN.sub(r"\1 \2", text))
    return re.sub(r" {2,}", " ", text)


def join(items: list[str], last: str = "、") -> str:
    """["a", "b", "c"] -> "a、b、c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + f"{last}" + items[-1]


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
