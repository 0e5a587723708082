"""What a figure states, matched at the precision the text gives it, rounded half up as the report rounds.

``FactIndex`` holds the numeric leaves of ``facts.to_dict()``: "60.60%" states 0.606, "1,957 万次"
19,570,000, "442.89 亿美元" 44,289,000,000 (``aimonthly check``'s rule for the analyst's text).
``TextIndex`` holds the numbers of a few source texts (a news item's title and body): a drafted
sentence may restate one of them in other units ("1000 亿美元" as "100B 美元" or "1,000 亿美元"),
but not as a percentage where the source says percentage points, nor in another currency, nor a
date, version or model name the source does not hold (``aimonthly draft``'s guard, docs/draft.md).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable, Mapping

from aimonthly.core.folding import fold
from aimonthly.narrative.figures.extract import Figure, extract

_CURRENCIES = {"美元": "USD", "人民币": "CNY", "元": "CNY", "港元": "HKD", "港币": "HKD", "欧元": "EUR", "日元": "JPY"}
_ISO = re.compile(r"^(?:(\d{4})|-)-?(\d{2})?(?:-(\d{2}))?$")
_FACT_DATE = re.compile(r"^(?:(19|20)\d{2}(?:-\d{2}(?:-\d{2})?)?|(19|20)\d{2}Q[1-4])$")
_PERIOD = re.compile(r"[Qq]\s*([1-4])|([1-4])\s*[Qq]|第?([1-4一二三四])\s*季度|[Hh]([12])|([上下])半年")
_WORD = re.compile(r"[a-z0-9][a-z0-9.+_]*")


def _round(x: float, nd: int) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-nd), rounding=ROUND_HALF_UP)


def _per(fig: Figure) -> float:
    """Written units per base unit: as core/numbers.py prints, a fraction times 100 for %, an amount
    divided by its unit."""
    if fig.kind == "percent":
        return 10.0 if fig.unit == "成" else 10_000.0 if fig.unit == "bp" else 100.0
    return 1.0 / fig.scale


def _written(fig: Figure, value: float) -> float:
    """``value`` in the units ``fig`` is written in (a division for amounts, as numbers.py divides)."""
    return value * _per(fig) if fig.kind == "percent" else value / fig.scale


def states(fig: Figure, value: float) -> bool:
    """Whether ``fig`` as written is ``value`` rounded to the figure's precision (sign aside)."""
    return _round(_written(fig, abs(value)), fig.decimals) == abs(Decimal(fig.number))


# --- the month's facts -----------------------------------------------------------------------


def _leaves(value: Any, path: str) -> Iterable[tuple[str, float]]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, (int, float)):
        yield path, float(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _leaves(v, f"{path}[{i}]")


def _strings(value: Any, path: str = "") -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


class FactIndex:
    """The numeric facts of a month (``facts.to_dict()``), searchable by a figure as printed; its
    dates, months and quarters (string leaves) too, for a drafted "4 月" or "2024Q1"."""

    def __init__(self, facts: dict):
        leaves = sorted(((abs(v), p) for p, v in _leaves(facts, "")), key=lambda x: x[0])
        self._values = [v for v, _ in leaves]
        self._paths = [p for _, p in leaves]
        self.dates = DateIndex((p, v) for p, v in _strings(facts) if _FACT_DATE.match(v))

    def __len__(self) -> int:
        return len(self._values)

    def matches(self, fig: Figure) -> list[str]:
        """The paths of the facts that ``fig`` states at its precision (sign aside: 下降 3.0% states -0.03)."""
        if not fig.is_figure or not fig.number:
            return []
        written = Decimal(fig.number)
        per = _per(fig)
        half = 0.5 * 10**-fig.decimals
        lo, hi = (float(written) - half) / per, (float(written) + half) / per
        slack = abs(hi) * 1e-9 + 1e-12
        i, j = bisect.bisect_left(self._values, lo - slack), bisect.bisect_right(self._values, hi + slack)
        return [self._paths[k] for k in range(i, j) if _round(_written(fig, self._values[k]), fig.decimals) == written]

    def unmatched(self, figures_: Iterable[Figure]) -> list[Figure]:
        return [f for f in figures_ if f.is_figure and not self.matches(f)]


# --- dates and periods -----------------------------------------------------------------------

YMD = tuple[int | None, int | None, int | None]


def _ymd(fig: Figure) -> YMD | None:
    """(year, month, day), each None where the text does not say it."""
    if fig.chinese and fig.kind == "date":  # 四月
        return None, int(fig.value or 0), None
    return iso_ymd(fig.iso or "")


def iso_ymd(iso: str) -> YMD | None:
    """ "2024-04-18", "2024-04", "--04-18", "--04", "---18", "2024" as (year, month, day)."""
    if re.fullmatch(r"\d{4}", iso):
        return int(iso), None, None
    if m := re.fullmatch(r"---(\d{2})", iso):
        return None, None, int(m[1])
    if (m := _ISO.match(iso)) and m[2]:
        return (int(m[1]) if m[1] else None), int(m[2]), (int(m[3]) if m[3] else None)
    return None


def period_key(text: str) -> tuple[int | None, str] | None:
    """ "2024Q1", "一季度", "1Q24", "上半年" as (year or None, "Q1" / "H1")."""
    m = _PERIOD.search(text)
    if not m:
        return None
    q = m[1] or m[2] or m[3]
    tag = (
        f"Q{'一二三四'.index(q) + 1 if q in '一二三四' else q}"
        if q
        else f"H{m[4]}"
        if m[4]
        else f"H{1 if m[5] == '上' else 2}"
    )
    y = re.search(r"(?:19|20)\d{2}", text)
    return (int(y[0]) if y else None), tag


class DateIndex:
    """Dates, months, years and quarters a text or the facts hold, each with where it is said."""

    def __init__(self, dates: Iterable[tuple[str, str]] = ()):
        self._ymd: list[tuple[str, YMD]] = []
        self._periods: list[tuple[str, tuple[int | None, str]]] = []
        for where, iso in dates:
            self.add(where, iso)

    def add(self, where: str, iso: str) -> None:
        if (ymd := iso_ymd(iso)) is not None:
            self._ymd.append((where, ymd))
        elif (key := period_key(iso)) is not None:
            self._periods.append((where, key))

    def add_figure(self, where: str, fig: Figure) -> None:
        if fig.kind in ("date", "year") and (ymd := _ymd(fig)) is not None:
            self._ymd.append((where, ymd))
        elif fig.kind == "period" and (key := period_key(fig.text)) is not None:
            self._periods.append((where, key))

    def matches(self, fig: Figure) -> list[str]:
        """Where the date says what ``fig`` says: each part ``fig`` gives (year, month, day; quarter) equal.
        A year the source date leaves out may come from another date of the source (its item's date)."""
        if fig.kind == "period":
            key = period_key(fig.text)
            return [] if key is None else [w for w, (y, tag) in self._periods if tag == key[1] and key[0] in (None, y)]
        ymd = _ymd(fig)
        if ymd is None:
            return []
        years = {y for _, (y, _, _) in self._ymd if y is not None}
        out = []
        for where, (y, m, d) in self._ymd:
            if (
                (ymd[1] is None or ymd[1] == m)
                and (ymd[2] is None or ymd[2] == d)
                and (ymd[0] is None or ymd[0] == y or (y is None and ymd[0] in years))
                and (ymd[1] is not None or ymd[2] is not None or y is not None)
            ):
                out.append(where)
        return out


# --- source texts ----------------------------------------------------------------------------


def latin_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each Latin word of ``text`` folded (NFKC, lower case): letters, digits and
    . + _ inside; a hyphen or a space separates words ("gpt", "4"; "grok", "1.5"; "8x22b")."""
    return [(m.start(), m.end(), m[0].rstrip(".")) for m in _WORD.finditer(fold(text))]


def latin_keys(text: str) -> set[str]:
    """Each Latin word of ``text``, and each pair of words a space or hyphen joins, written together
    ("llama 3" -> "llama", "3", "llama3"): the forms a drafted model name may take."""
    t = fold(text)
    words = latin_words(text)
    keys = {w for _, _, w in words} | {part for _, _, w in words for part in w.split(".") if part}
    for (_, e1, w1), (s2, _, w2) in zip(words, words[1:]):
        if re.fullmatch(r"[ \-]{1,2}", t[e1:s2]):
            keys.add(w1 + w2)
    return keys


def name_token(text: str, fig: Figure) -> str:
    """The model name a number of kind "name" belongs to, folded: "GPT-4" -> "gpt4", "Llama 3" ->
    "llama3", "70B" -> "70b"."""
    t = fold(text)
    words = latin_words(text)
    for i, (s, e, w) in enumerate(words):
        if s <= fig.span[0] < max(e, s + 1):
            if re.search(r"[a-z]", w) or i == 0:
                return w
            ps, pe, pw = words[i - 1]
            return pw + w if re.fullmatch(r"[ \-]{1,2}", t[pe:s]) and re.search(r"[a-z]", pw) else w
    return fold(fig.text).strip()


@dataclass(frozen=True)
class SourceFigure:
    where: str  # the text's label ("title", "body", …)
    figure: Figure

    def describe(self) -> str:
        return f"{self.where} {self.figure.span[0]}–{self.figure.span[1]} «{self.figure.text.strip()}»"


def _unit_group(fig: Figure) -> str:
    """What a figure counts, coarsely: "%" or "pp" for percentages, the currency, 次, a duration's unit,
    倍; classifiers (款 家 个 种 …) are one group, as a paraphrase may change them."""
    u = fig.unit
    if fig.kind == "percent":
        return "pp" if u in ("pp", "bp", "个百分点") else "%"
    if u in _CURRENCIES:
        return _CURRENCIES[u]
    if u in ("次", "人次"):
        return "次"
    if fig.kind == "duration":
        return {"秒钟": "秒"}.get(u, u)
    if u == "倍":
        return u
    return "count" if u else ""


def same_quantity(drafted: Figure, source: Figure) -> bool:
    """``drafted`` restates ``source``: the same kind of quantity, the value at the draft's precision."""
    if source.value is None or not source.is_figure or not drafted.number:
        return False
    if (drafted.kind == "percent") != (source.kind == "percent"):
        return False
    gd, gs = _unit_group(drafted), _unit_group(source)
    if gd != gs and (drafted.kind == "percent" or (gd and gs) or gd in _CURRENCIES.values()):
        return False
    return states(drafted, source.value)


class TextIndex:
    """The numbers of a few source texts (label -> text), and dates given beside them (the item's date)."""

    def __init__(self, texts: Mapping[str, str], dates: Mapping[str, str] | None = None):
        self.texts = dict(texts)
        self.figures = [SourceFigure(w, f) for w, t in self.texts.items() for f in extract(t)]
        self.dates = DateIndex((w, iso) for w, iso in (dates or {}).items())
        self.versions: dict[str, list[str]] = {}
        for sf in self.figures:
            self.dates.add_figure(sf.describe(), sf.figure)
            f = sf.figure
            for form in {f.iso or "", f.number, re.sub(r"[^0-9.]", "", f.text) if f.kind == "name" else ""} - {""}:
                self.versions.setdefault(form, []).append(sf.describe())
        self.keys: dict[str, str] = {}
        for w, t in self.texts.items():
            for k in latin_keys(t):
                self.keys.setdefault(k, w)

    def matches(self, fig: Figure, sentence: str = "") -> list[str]:
        """Where the sources say what ``fig`` (a number of ``sentence``) says; [] when none does."""
        if fig.kind in ("date", "year", "period"):
            return self.dates.matches(fig)
        if fig.kind == "version":
            form = str(int(fig.value)) if fig.chinese and fig.value else re.sub(r"^[vV]\s?", "", fig.iso or fig.text)
            return self.versions.get(form, [])
        if fig.kind == "name":
            token = name_token(sentence, fig) if sentence else fold(fig.text)
            return [f"{self.keys[token]} «{token}»"] if token in self.keys else []
        found = [sf.describe() for sf in self.figures if same_quantity(fig, sf.figure)]
        if not found and fig.kind == "number" and not fig.unit:  # "天工 3.0" where the source says 3.0 版本
            found = self.versions.get(fig.number, [])
        return found
