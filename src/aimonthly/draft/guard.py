"""The guard: a drafted sentence is kept only when every number and every name in it traces to a
fact of the month or to the sentence's own sources; otherwise it is dropped, never "fixed".

Numbers are read by ``narrative.figures`` (the reader ``aimonthly check`` uses): percentages, amounts
in 万/亿 or K/M/B, counts, durations, ranks, Chinese numerals, dates, quarters, versions, ranges and the
numbers inside model names. Each must be stated by the month's facts (at the precision the sentence
gives it, rounded half up as the report rounds) or by a number of the sources after normalising units
(docs/draft.md lists the rules). A "4 月 18 日消息" opening must be the item's own date. Names follow
``draft.names``. Markup characters drop a sentence too: a draft is text, nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

from aimonthly.draft.names import NameBook, NameFound
from aimonthly.narrative.figures import FactIndex, Figure, TextIndex, extract

# facts.json keys whose values are differences of two rates, printed in 个百分点 (market: 跑输 10.8 个百分点);
# every other fraction is a rate, printed with %: "增长 73.12 个百分点" does not state a growth of 0.7312.
POINT_FACTS = frozenset({"excess"})
_OPENING = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]\s*消息")
_MARKUP = re.compile(r"[<>{}\[\]`|\\*]|^\s*[=+\-@#]")


@dataclass(frozen=True)
class NumberFound:
    text: str
    kind: str
    matched: tuple[str, ...]  # fact paths, or source spans ("body 12–18 «200 万字»"); empty: nothing
    note: str = ""

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind,
            "matched": list(self.matched),
            **({"note": self.note} if self.note else {}),
        }


@dataclass(frozen=True)
class Verdict:
    text: str
    kept: bool
    numbers: tuple[NumberFound, ...] = ()
    names: tuple[NameFound, ...] = ()
    reasons: tuple[str, ...] = ()  # why it was dropped

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kept": self.kept,
            "numbers": [n.to_dict() for n in self.numbers],
            "names": [n.to_dict() for n in self.names],
            "dropped_because": list(self.reasons),
        }


@dataclass
class Source:
    """What a sentence may draw on: texts (label -> text), dates given beside them (label -> ISO date),
    the month's facts (``fact_rows``: only facts under these paths, e.g. one product's rows) and the
    date a "M 月 D 日消息" opening must name."""

    texts: Mapping[str, str]
    dates: Mapping[str, str] = field(default_factory=dict)
    facts: FactIndex | None = None
    fact_rows: tuple[str, ...] | None = None
    opening: dt.date | None = None

    def __post_init__(self) -> None:
        self.index = TextIndex(self.texts, self.dates)

    def _fact_paths(self, fig: Figure) -> list[str]:
        if self.facts is None:
            return []
        paths = self.facts.dates.matches(fig) if fig.kind in ("date", "year", "period") else self.facts.matches(fig)
        if self.fact_rows is not None:
            paths = [p for p in paths if any(p.startswith(r + ".") or p == r for r in self.fact_rows)]
        if fig.kind == "percent":
            points = fig.unit in ("pp", "bp", "个百分点")
            paths = [p for p in paths if (re.sub(r"\[\d+\]", "", p).rsplit(".", 1)[-1] in POINT_FACTS) == points]
        return paths

    def matches(self, fig: Figure, sentence: str) -> list[str]:
        return self._fact_paths(fig) + self.index.matches(fig, sentence)


def _article(fig: Figure) -> bool:
    """一款, 一个, 一家: the indefinite article, not a count."""
    return fig.chinese and fig.kind == "count" and fig.value == 1


def check_sentence(sentence: str, source: Source, names: NameBook) -> Verdict:
    reasons: list[str] = []
    numbers: list[NumberFound] = []
    for fig in extract(sentence):
        if _article(fig):
            numbers.append(NumberFound(fig.text, fig.kind, (), note="一 with a classifier: an article, not a count"))
            continue
        found = source.matches(fig, sentence)
        numbers.append(NumberFound(fig.text.strip(), fig.kind, tuple(found)))
        if not found:
            what = "date" if fig.kind in ("date", "year", "period") else "name" if fig.kind == "name" else fig.kind
            reasons.append(f"{what} {fig.text.strip()} is in no fact of the month and no number of the source")
    if (m := _OPENING.match(sentence)) and source.opening is not None:
        if (int(m[1]), int(m[2])) != (source.opening.month, source.opening.day):
            reasons.append(
                f"opens with {m[0].strip()}, but the item is dated {source.opening.month} 月 {source.opening.day} 日"
            )
    found_names = names.check(sentence, source.texts)
    reasons += [
        f"name {n.text} is in no source, the registry or the month's data" for n in found_names if not n.matched
    ]
    if _MARKUP.search(sentence):
        reasons.append("holds markup characters (< > { } [ ] ` | \\ * or a leading = + - @ #)")
    return Verdict(sentence, not reasons, tuple(numbers), tuple(found_names), tuple(reasons))
