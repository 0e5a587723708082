"""Claims: what a computed sentence states, as data, beside the words that state it.

A ``Claim`` is one statement about one subject: a product's 环比, an index's return, a quarter's capex
total over its member companies, the first day a series covers. It holds the value as the facts hold it
(unrounded), how the report prints it (``shown``, from core/numbers.py), the period it covers, the
relation it licenses the words for (``up`` licenses 增长/上涨, ``top_gainers`` 涨幅居前 …) and the path
of the fact in facts.json it comes from. A ``Sentence`` is an id (the block's name), its text, and its
claims. The narrative builds the claims from the facts first and words them afterwards (the Chinese
wording in aimonthly.narrative); another language words the same claims. The verifier
(aimonthly.verifier) re-derives every claim from facts.json and never reads a value out of the prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Literal

from aimonthly.core import numbers as N

# What a claim is about. The kinds whose subject is printed as the data (or the registry) spells it:
SubjectKind = Literal[
    "product", "company", "stock", "app", "category", "index", "industry", "group", "list", "keyword",
    "quarter", "month", "date", "source", "dataset", "subject", "term",
]  # fmt: skip
NAMED_KINDS = frozenset(
    {"product", "company", "stock", "app", "category", "index", "industry", "group", "keyword", "subject"}
)

# What a claim licenses the sentence to say of its subject (the verifier checks each holds):
# up / down / flat: the value's sign at its printed precision (持平: prints as zero; on a count compared
# with a list of members, the same members); beat / lag: an excess return's sign; top_gainers /
# top_losers: members ranked by return, each of the right sign, no member in both; top: members ranked
# best first (居前 N, N = the members; for ranks, the lowest); bottom: members ranked lowest first (减少最多); first: the first day seen, after the history's first day (首次);
# all: every member at least ``bound`` (均); at_least: the value at least ``bound`` (以上 / 超过);
# count: a count of things presented, never 0; since: the first day the data covers, no later than the
# day said (以来); period: the span said, covered by the data; sum: the total of exactly its members;
# term: a word used in a definition, not of the data.
Relation = Literal[
    "up", "down", "flat", "beat", "lag", "top_gainers", "top_losers", "top", "bottom", "first", "all", "at_least",
    "count", "since", "period", "sum", "term",
]  # fmt: skip

# The Chinese words each relation licenses: a sentence holding one of these words needs a claim that
# licenses it (the verifier reads the text for these words only). Another language adds its own table.
WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "up": ("增长", "上涨", "上升", "增加", "上调"),
        "down": ("下降", "下跌", "减少", "下调"),
        "flat": ("持平",),
        "beat": ("跑赢",),
        "lag": ("跑输",),
        "top_gainers": ("涨幅居前", "居前"),
        "top_losers": ("跌幅居前", "居前"),
        "top": ("居前", "最多", "最高", "最大"),
        "bottom": ("最多", "最低", "最小"),
        "first": ("首次",),
        "all": ("均", "以上"),
        "at_least": ("超过", "以上"),
        "since": ("以来",),
    }
}
_GROUP_SIZE = re.compile(r"([一两二三四五六七八九十]|\d+)\s*(?:大|家|只|款|个)")
_CN_DIGITS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def stated_size(name: str) -> int | None:
    """How many members a group's Chinese name says it has (the last number it states): 海外四大云厂商 -> 4,
    海外四大云厂商中已披露的三家 -> 3; None when it states none."""
    found = _GROUP_SIZE.findall(name)
    if not found:
        return None
    n = found[-1]
    return int(n) if n.isdigit() else _CN_DIGITS[n]


# Words of the table inside longer words that say something else (平均 is a mean, not 均).
NOT_WORDS: dict[str, tuple[str, ...]] = {"zh": ("平均", "人均", "均值", "均线")}


@dataclass(frozen=True)
class Claim:
    subject: str  # as printed: the data's or the registry's spelling for a named kind
    kind: SubjectKind
    metric: str  # visits, mom, share, return, excess, capex, count, first_day, period …
    value: Any  # the fact, unrounded: a number, an ISO date, a (start, end) pair, a list's length
    unit: str = ""  # a core.numbers.show unit ("pct_abs", "visits", "usd", "date" …); "" prints nothing
    nd: int = 0  # decimals it prints with (dates: 1 with the year)
    shown: str = ""  # the value as printed, N.show(value, unit, nd)
    relation: Relation | None = None
    path: str | None = None  # the value's path in facts.json ("market.movers.计算机.gainers[0].return")
    name_path: str | None = None  # where facts.json spells the subject
    base_path: str | None = None  # the other side of a comparison (last month's members, the history's start)
    bound: float | None = None  # the threshold of at_least / all
    period: tuple[str, str] | None = None  # the span the value covers (ISO dates or months)
    members: tuple[Claim, ...] = ()  # a ranking's or a total's members, in the order printed
    role: str = ""  # the part of its sentence it fills: how the wording finds it

    @classmethod
    def of(
        cls,
        subject: object,
        kind: SubjectKind,
        metric: str,
        value: Any,
        unit: str = "",
        nd: int = 0,
        *,
        printed: bool = True,
        **kw: Any,
    ) -> Claim:
        """A claim printed by the one formatter: ``shown`` is N.show(value, unit, nd); ``printed=False``
        keeps the unit (the precision its relation is judged at) for a value the sentence does not print."""
        return cls(str(subject), kind, metric, value, unit, nd, N.show(value, unit, nd) if printed else "", **kw)

    @classmethod
    def change(
        cls,
        subject: object,
        kind: SubjectKind,
        metric: str,
        value: float,
        unit: str = "pct_abs",
        nd: int = 1,
        **kw: Any,
    ) -> Claim:
        """A change worded by its direction at the printed precision: 上涨 3.6% / 下跌 7.2% / 持平 (no figure)."""
        rel = direction(value, unit, nd)
        return cls.of(subject, kind, metric, value, unit, nd, printed=rel != "flat", relation=rel, **kw)

    def named(self) -> bool:
        return self.kind in NAMED_KINDS

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "subject": self.subject,
            "kind": self.kind,
            "metric": self.metric,
            "value": _plain(self.value),
            "unit": self.unit or None,
            "shown": self.shown or None,
            "relation": self.relation,
            "path": self.path,
        }
        optional = {
            "name_path": self.name_path,
            "base_path": self.base_path,
            "bound": self.bound,
            "period": list(self.period) if self.period else None,
            "members": [m.to_dict() for m in self.members] or None,
            "role": self.role or None,
        }
        return out | {k: v for k, v in optional.items() if v is not None}


def _plain(v: Any) -> Any:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def direction(value: float, unit: str = "pct_abs", nd: int = 1) -> Relation:
    """up / down / flat as the value prints: a change that rounds to zero is 持平."""
    if N.is_zero(value, unit, nd):
        return "flat"
    return "up" if value > 0 else "down"


def excess(c: Claim) -> Claim:
    """An excess return's change claim worded against its benchmark: up/down/flat as beat/lag/flat."""
    rel: Relation = "beat" if c.relation == "up" else "lag" if c.relation == "down" else "flat"
    return replace(c, relation=rel)


@dataclass(frozen=True)
class Claims:
    """A sentence's claims before they are worded: the wording looks each up by its role."""

    items: tuple[Claim, ...] = ()

    def get(self, role: str) -> Claim | None:
        return next((c for c in self.items if c.role == role), None)

    def one(self, role: str) -> Claim:
        c = self.get(role)
        if c is None:
            raise KeyError(f"no claim in the role {role!r}")
        return c

    def all(self, role: str) -> list[Claim]:
        return [c for c in self.items if c.role == role]

    def __add__(self, other: Claims | Iterable[Claim]) -> Claims:
        more = other.items if isinstance(other, Claims) else tuple(other)
        return Claims(self.items + more)

    def __bool__(self) -> bool:
        return bool(self.items)


def claims(*items: Claim | None) -> Claims:
    return Claims(tuple(c for c in items if c is not None))


def roled(c: Claim, role: str) -> Claim:
    return replace(c, role=role)


@dataclass(frozen=True)
class Sentence:
    """A computed sentence: its id (the block that places it), its text and the claims it states."""

    id: str
    text: str
    claims: tuple[Claim, ...] = field(default=())

    def names(self) -> list[str]:
        """Every name the sentence prints as the data spells it (kept whole by core.numbers.spaced)."""
        out = []
        for c in self.claims:
            for m in (c, *c.members):
                if m.named():
                    out.append(m.subject)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "claims": [c.to_dict() for c in self.claims]}


def said(id: str, text: str, given: Claims | Iterable[Claim] = ()) -> Sentence:
    """The sentence with its text spaced as the reports print it, every name in it kept as spelled."""
    items = given.items if isinstance(given, Claims) else tuple(given)
    s = Sentence(id, text, items)
    return replace(s, text=N.spaced(text, keep=s.names()))


# --- facts.json paths ----------------------------------------------------------------------------

_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


class NoFact(KeyError):
    """A path that leads to nothing in the facts."""


def fact_at(facts: Any, path: str) -> Any:
    """The value at ``path`` in facts.json's dict: 'traffic.global.top_growth[2].mom'."""
    v = facts
    for index, key in _STEP.findall(path):
        try:
            v = v[int(index)] if index else v[key]
        except (KeyError, IndexError, TypeError) as e:
            raise NoFact(path) from e
    return v


def path_of(*parts: object) -> str:
    """'traffic', 'global', 'top_growth', 2, 'mom' -> 'traffic.global.top_growth[2].mom'."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out
