"""The rules, one function each: a claim's value, its printed form, its relation, its period, its members."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from aimonthly.analytics.coverage import weekdays_between
from aimonthly.core import numbers as N
from aimonthly.core.errors import plural
from aimonthly.core.claims import NOT_WORDS, WORDS, Claim, NoFact, Sentence, fact_at, stated_size
from aimonthly.verifier.errors import UntrueSentence

COUNT_UNITS = ("count", "count_cn")
MISSING = object()  # what a path that leads nowhere in the facts gives


@dataclass(frozen=True)
class Problem:
    where: str  # the section ("2.2.1 国内二级市场行情回顾"; "cover") or, before a document exists, the block's section
    sentence: str  # the sentence's id (the block that places it)
    text: str  # the sentence's text
    subject: str  # the claim's subject ("" for a problem of the sentence itself)
    claim: str  # the claim in short: "return of 万兴科技 (market.movers.计算机.losers[4].return)"
    message: str  # what does not hold

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 60 else self.text[:58] + "…"
        claim = f"; claim {self.claim}" if self.claim else ""
        return f"{self.where}, sentence {self.sentence} “{excerpt}”{claim}: {self.message}"


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    return None


def _day(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def _same(a: Any, b: Any) -> bool:
    x, y = _num(a), _num(b)
    if x is not None and y is not None:
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(p, q) for p, q in zip(a, b))
    if _day(a) is not None and _day(b) is not None and not isinstance(a, (int, float)):
        return _day(a) == _day(b)
    return a == b


def _measure(v: Any) -> float | None:
    """A fact as a number: a list counts its members."""
    return float(len(v)) if isinstance(v, list) else _num(v)


class _Check:
    """The checks of one document (or one month's blocks): the facts, the allowance, the problems found."""

    def __init__(self, facts: dict, allowance: int):
        self.facts, self.allowance = facts, allowance
        self.found: list[Problem] = []
        self.printed: dict[tuple, tuple[str, str]] = {}  # (path, unit, nd) -> (shown, where it was first)
        self.sides: dict[str, dict[str, set[str]]] = {}  # a ranking's subject -> gainers / losers -> members

    def fact(self, path: str | None) -> Any:
        """The fact at ``path`` (None without a path), or MISSING when the facts have nothing there."""
        if path is None:
            return None
        try:
            return fact_at(self.facts, path)
        except NoFact:
            return MISSING

    def sentence(self, where: str, s: Sentence) -> None:
        def bad(c: Claim | None, message: str) -> None:
            desc = f"{c.metric} of {c.subject}" + (f" ({c.path})" if c.path else "") if c else ""
            self.found.append(Problem(where, s.id, s.text, c.subject if c else "", desc, message))

        for c in s.claims:
            for problem in self.claim(c, s.text):
                bad(c, problem)
            for m in c.members:
                for problem in self.claim(m, s.text):
                    bad(m, problem)
            for problem in self.printed_once(c, where, s.id):
                bad(c, problem)
        for problem in unlicensed(s):
            bad(None, problem)

    def claim(self, c: Claim, text: str) -> Iterator[str]:
        if c.named() and c.subject not in text:
            yield f"the text does not print {c.subject!r} as the data spells it"
        if c.name_path:
            spelled = self.fact(c.name_path)
            if spelled is MISSING:
                yield f"no fact at {c.name_path}"
            elif spelled != c.subject:
                yield f"printed {c.subject!r}, but the data spells it {spelled!r} ({c.name_path})"
        if c.shown and c.shown != N.show(c.value, c.unit, c.nd):
            yield f"printed {c.shown!r}, but {c.value!r} prints {N.show(c.value, c.unit, c.nd)!r}"
        if c.shown and c.shown not in text:
            yield f"the text does not print {c.shown!r}"
        if (
            c.shown
            and c.unit in COUNT_UNITS
            and c.relation in (None, "count", "top", "all", "at_least")
            and _num(c.value) == 0
        ):
            yield "a count of 0 presented as things: say why there are none instead"
        value = c.value
        if c.path and c.relation not in ("since", "period"):
            fact = self.fact(c.path)
            if fact is MISSING:
                yield f"no fact at {c.path}"
                return
            if isinstance(fact, list) and not isinstance(value, (list, tuple)):
                if _num(value) != len(fact):
                    yield f"says {value!r}, but {c.path} holds {len(fact)}"
            elif not _same(fact, value):
                yield f"says {value!r}, but the facts hold {fact!r}"
            value = fact
        yield from self.relation(c, value)

    def relation(self, c: Claim, value: Any) -> Iterator[str]:
        r = c.relation
        if r is None or r == "term":
            return
        if r in ("up", "down", "flat", "beat", "lag"):
            yield from self.sign(c, value)
        elif r in ("top_gainers", "top_losers", "top", "bottom"):
            yield from self.ranking(c)
        elif r == "first":
            yield from self.first(c, value)
        elif r in ("all", "at_least"):
            v = _measure(value)
            if c.bound is None or v is None or v < c.bound:
                yield f"{'均' if r == 'all' else '超过/以上'} needs {value!r} at least {c.bound!r}"
        elif r == "count":
            if not _measure(value):
                yield "a count of 0 presented as things: say why there are none instead"
        elif r == "since":
            yield from self.since(c)
        elif r == "period":
            yield from self.period(c)
        elif r == "sum":
            yield from self.total(c)

    def sign(self, c: Claim, value: Any) -> Iterator[str]:
        r = c.relation
        base = self.fact(c.base_path)
        if base is MISSING:
            yield f"no fact at {c.base_path}"
            return
        if c.base_path and base is None:
            yield f"compares with {c.base_path}, which the data does not have (no history to compare with)"
            return
        now, then = _measure(value), _measure(base) if c.base_path else 0.0
        if now is None or then is None:
            yield f"says {r} of {value!r}, which is no number"
            return
        d = now - then
        zero = d == 0 if c.unit in ("", *COUNT_UNITS, "rank") else N.is_zero(d, c.unit, c.nd)
        if r == "flat":
            if not zero:
                yield f"持平 needs no change at the printed precision, but the change is {d!r}"
            elif (
                isinstance(value, list) and isinstance(base, list) and sorted(map(str, value)) != sorted(map(str, base))
            ):
                gone = sorted(set(map(str, base)) - set(map(str, value)))
                came = sorted(set(map(str, value)) - set(map(str, base)))
                yield f"持平 on a count whose members changed (in: {', '.join(came)}; out: {', '.join(gone)})"
        elif zero:
            yield f"says {r} of a change that prints as zero ({d!r}): 持平"
        elif (r in ("up", "beat")) != (d > 0):
            yield f"says {r}, but the change is {d!r}"

    def ranking(self, c: Claim) -> Iterator[str]:
        values = []
        for m in c.members:
            v = _num(self._value(m))
            values.append(v)
            if c.relation == "top_gainers" and (v is None or v <= 0):
                yield f"涨幅居前 lists {m.subject}, whose {m.metric} is {v!r}: only rises rank as gainers"
            if c.relation == "top_losers" and (v is None or v >= 0):
                yield f"跌幅居前 lists {m.subject}, whose {m.metric} is {v!r}: only falls rank as losers"
        known = [v for v in values if v is not None]
        lowest = c.relation in ("top_losers", "bottom") or bool(c.members and c.members[0].unit == "rank")
        order = sorted(known) if lowest else sorted(known, reverse=True)
        if known != order:
            yield f"the members are not in the order of their {c.members[0].metric if c.members else 'value'}"
        if c.unit in COUNT_UNITS and _num(c.value) != len(c.members):
            yield f"says {c.value!r} for {plural(len(c.members), 'member')} named"
        if c.base_path and c.members:  # the members are the best of the whole list by their metric
            whole = self.fact(c.base_path)
            if whole is MISSING:
                yield f"no fact at {c.base_path}"
                return
            key = c.members[0].metric
            pool = sorted((v for x in whole if (v := _num(x.get(key))) is not None), reverse=not lowest)
            best = pool[: len(known)]
            if len(best) != len(known) or not all(math.isclose(a, b, abs_tol=1e-12) for a, b in zip(order, best)):
                yield f"{'、'.join(m.subject for m in c.members)} are not the highest {key} of {c.base_path}"
        if c.relation in ("top_gainers", "top_losers"):
            sides = self.sides.setdefault(c.subject, {"top_gainers": set(), "top_losers": set()})
            sides[c.relation] |= {m.subject for m in c.members}
            both = sides["top_gainers"] & sides["top_losers"]
            if both:
                yield f"in both the gainers and the losers: {'、'.join(sorted(both))}"

    def _value(self, m: Claim) -> Any:
        v = self.fact(m.path) if m.path else m.value
        return None if v is MISSING else v

    def first(self, c: Claim, value: Any) -> Iterator[str]:
        seen, start = _day(value), _day(self.fact(c.base_path))
        if seen is None or start is None or not start < seen:
            yield f"首次 on {value!r} needs history before it (the data starts {start})"

    def since(self, c: Claim) -> Iterator[str]:
        said = _day(c.value)
        first = _day(self.fact(c.path))
        if said is None or first is None:
            yield f"以来 {c.value!r}: the data's first day is unknown ({c.path})"
        elif first > said and weekdays_between(said, first) > self.allowance:
            yield f"says since {said}, but the data starts {first}"

    def period(self, c: Claim) -> Iterator[str]:
        start, end = (_day(v) for v in c.value)
        first, last = _day(self.fact(c.path)), _day(self.fact(c.base_path))
        if start and first and first > start and weekdays_between(start, first) > self.allowance:
            yield f"says the period starts {start}, but the data starts {first}"
        if end and (last is None or (last < end and weekdays_between(last, end) > self.allowance)):
            yield f"says the period runs to {end}, but the data ends {last}"

    def total(self, c: Claim) -> Iterator[str]:
        total = _num(self.fact(c.path) if c.path else c.value)
        parts = [_num(self._value(m)) for m in c.members]
        if (
            total is None
            or any(p is None for p in parts)
            or not math.isclose(sum(p for p in parts if p is not None), total, rel_tol=1e-6)
        ):
            yield f"the total {total!r} is not the sum of its {plural(len(parts), 'member')}"
        said = stated_size(c.subject)
        if said is not None and said != len(c.members):
            yield f"{c.subject} says {said}, but the total is over {len(c.members)}"
        if c.base_path:
            whole = self.fact(c.base_path)
            if isinstance(whole, list) and len(whole) != len(c.members):
                yield f"the total names {plural(len(c.members), 'member')}, but {c.base_path} holds {len(whole)}"

    def printed_once(self, c: Claim, where: str, sid: str) -> Iterator[str]:
        for m in (c, *c.members):
            if not (m.path and m.shown):
                continue
            key = (m.path, N.FAMILY.get(m.unit, m.unit), m.nd)
            first = self.printed.setdefault(key, (m.shown, sid))
            if N.figure(first[0]) != N.figure(m.shown):
                yield f"{m.path} prints {m.shown!r} here and {first[0]!r} in {first[1]}"


def unlicensed(s: Sentence) -> Iterator[str]:
    """Relation words in the text that no claim of the sentence licenses."""
    text = s.text
    for c in s.claims:  # names say nothing: 上升科技 is a name, not a rise
        for m in (c, *c.members):
            if m.named() or m.relation == "term":
                text = text.replace(m.subject, " ")
    for w in NOT_WORDS["zh"]:
        text = text.replace(w, " ")
    licensed = {r for c in s.claims for m in (c, *c.members) if (r := m.relation)}
    words = {w for r in licensed for w in WORDS["zh"].get(r, ())}
    terms = {m.subject for c in s.claims for m in (c, *c.members) if m.relation == "term"}
    for w in sorted({w for ws in WORDS["zh"].values() for w in ws}, key=len, reverse=True):
        if w in text and w not in words and w not in terms:
            yield f"says {w} with no claim that licenses it"
            text = text.replace(w, " ")


def problems(sentences: Iterable[tuple[str, Sentence]], facts: dict, *, allowance: int = 2) -> list[Problem]:
    """Every problem of ``sentences`` ((where, sentence) pairs) against ``facts`` (facts.json's dict);
    ``allowance``: weekdays without data a period may begin or end with (house [coverage] market_weekdays)."""
    check = _Check(facts, allowance)
    for where, s in sentences:
        check.sentence(where, s)
    return check.found


def require_true(sentences: Iterable[tuple[str, Sentence]], facts: dict, *, allowance: int = 2) -> None:
    """Raise UntrueSentence naming the first problem, if there is one."""
    found = problems(sentences, facts, allowance=allowance)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise UntrueSentence(f"{found[0]}{more}")
