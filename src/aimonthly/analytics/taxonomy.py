"""The house's category taxonomy (house settings ``[taxonomy]``, docs/registry.md#taxonomy).

Vendors label products with their own tags, often several in one cell ("AI Chatbot, Large
Language Models (LLMs)"). Each list has its house categories; a row's tag string is split into
tags and takes the house category of the first rule that matches any of its tags. A tag that
already is one of the list's house categories is taken as it is (before the rules). A row that no
rule maps goes to ``other`` (其他) in the category mix and the tables, never shown raw, and
``aimonthly check`` lists its tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from aimonthly.analytics.errors import AnalyticsError
from aimonthly.names import normalise_name

DEFAULT_SEPARATORS = (",", "，", ";", "；", "|", "、")
KEYS = {"other", "separators", "categories", "rules"}


@dataclass(frozen=True)
class Rule:
    category: str
    tag: str | None = None  # an exact tag (compared normalised: case and width aside)
    pattern: str | None = None  # or a regular expression searched in each tag

    def matches(self, tag: str) -> bool:
        if self.tag is not None:
            return normalise_name(tag) == normalise_name(self.tag)
        return re.search(self.pattern, tag) is not None  # type: ignore[arg-type]


@dataclass(frozen=True)
class Mapped:
    category: str | None  # the house category, ``other``, or None for a row without any category
    mapped: bool  # False: no rule matched (the row counts as other)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    categories: Mapping[str, tuple[str, ...]]  # list -> its house categories
    rules: tuple[Rule, ...] = ()
    other: str = "其他"
    separators: tuple[str, ...] = DEFAULT_SEPARATORS
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_house(cls, table: Mapping[str, Any] | None) -> "Taxonomy | None":
        """The configured taxonomy; None when the house settings have no [taxonomy] (names pass through)."""
        if not table:
            return None
        unknown = set(table) - KEYS
        if unknown:
            raise AnalyticsError(f"unknown key(s) in house [taxonomy]: {', '.join(sorted(unknown))}; "
                                 f"known: {', '.join(sorted(KEYS))}")
        cats = {str(k): tuple(str(c) for c in v) for k, v in (table.get("categories") or {}).items()}
        every = {c for cs in cats.values() for c in cs}
        rules = []
        for i, r in enumerate(table.get("rules") or [], 1):
            where = f"house [taxonomy] rule {i}"
            if not isinstance(r, Mapping) or not r.get("category") or (("tag" in r) == ("pattern" in r)):
                raise AnalyticsError(f"{where}: give category and one of tag or pattern, e.g. "
                                     '{tag = "AI Chatbot", category = "聊天机器人"}')
            if set(r) - {"tag", "pattern", "category"}:
                raise AnalyticsError(f"{where}: unknown key(s) {', '.join(sorted(set(r) - {'tag', 'pattern', 'category'}))}")
            if str(r["category"]) not in every:
                raise AnalyticsError(f"{where}: {r['category']!r} is no list's house category "
                                     f"(add it to [taxonomy.categories])")
            if "pattern" in r:
                try:
                    re.compile(str(r["pattern"]))
                except re.error as e:
                    raise AnalyticsError(f"{where}: pattern {r['pattern']!r} is not a regular expression: {e}") from None
            rules.append(Rule(str(r["category"]), r.get("tag"), r.get("pattern")))
        seps = tuple(str(s) for s in table.get("separators", DEFAULT_SEPARATORS))
        return cls(cats, tuple(rules), str(table.get("other", "其他")), seps)

    def split(self, value: str | None) -> tuple[str, ...]:
        if not value:
            return ()
        parts = [value]
        for sep in self.separators:
            parts = [p for part in parts for p in part.split(sep)]
        return tuple(p.strip() for p in parts if p.strip())

    def map(self, lst: str, value: str | None) -> Mapped:
        """The house category of one row's category cell on list ``lst``."""
        key = (lst, value)
        if key not in self._cache:
            self._cache[key] = self._map(lst, value)
        return self._cache[key]

    def _map(self, lst: str, value: str | None) -> Mapped:
        tags = self.split(value)
        if not tags:
            return Mapped(None, True, ())
        house = self.categories.get(lst, ())
        by_norm = {normalise_name(c): c for c in house}
        for t in tags:
            if normalise_name(t) in by_norm:
                return Mapped(by_norm[normalise_name(t)], True, tags)
        for rule in self.rules:
            if rule.category in house and any(rule.matches(t) for t in tags):
                return Mapped(rule.category, True, tags)
        return Mapped(self.other, False, tags)


def taxonomy_of(house: Mapping[str, Any] | None) -> Taxonomy | None:
    return Taxonomy.from_house((house or {}).get("taxonomy"))
