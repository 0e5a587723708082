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
from typing import Mapping

from aimonthly.core.house import TaxonomySettings
from aimonthly.core.product_names import normalise_name


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
    rules: tuple[Rule, ...]
    other: str  # the category of a row no rule maps
    separators: tuple[str, ...]
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_house(cls, settings: TaxonomySettings) -> Taxonomy:
        """The house's taxonomy (house [taxonomy], checked when the settings load)."""
        rules = tuple(Rule(r.category, r.tag, r.pattern) for r in settings.rules)
        return cls({str(k): v for k, v in settings.categories.items()}, rules, settings.other, settings.separators)

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
        for t in tags:  # a house category as written first: two may differ only by what normalising folds
            if t in house:
                return Mapped(t, True, tags)
        by_norm = {normalise_name(c): c for c in house}
        for t in tags:
            if normalise_name(t) in by_norm:
                return Mapped(by_norm[normalise_name(t)], True, tags)
        for rule in self.rules:
            if rule.category in house and any(rule.matches(t) for t in tags):
                return Mapped(rule.category, True, tags)
        return Mapped(self.other, False, tags)
