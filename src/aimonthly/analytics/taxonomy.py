"""The house's category taxonomy (house settings ``[taxonomy]``, docs/registry.md#taxonomy).

Vendors label products with their own tags, often several in one cell, most telling first ("AI search
engine, Natural language processing, …"). Each list has its house categories. A row's cell is split
into tags, each read as simplified Chinese (OpenCC), and the tags are read in the vendor's order: the
first tag that is one of the list's house categories (or the vendor's own ``other``, 其他), or that a
rule maps, decides. The desk's ``extra_rules`` are tried on a tag before the packaged ``rules``. Rules
match whole words or whole tags: "Research" is not "search". A row no tag maps goes to ``other`` in the
category mix and the tables, never shown raw, and ``aimonthly check`` lists its tags; a category
decided by a tag after the first is what check rule ``mapped_by`` shows a human.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from aimonthly.core.chinese import to_simplified
from aimonthly.core.house import TaxonomySettings
from aimonthly.core.product_names import normalise_name

_LATIN = re.compile(r"[A-Za-z0-9]")


def words_pattern(words: tuple[str, ...] | list[str]) -> re.Pattern:
    """One expression for a rule's words: a Latin word or phrase whole (any case, any spacing between
    its words, a plural s; ``translat*`` a word's start), a Chinese term anywhere."""
    parts = []
    for w in words:
        w = to_simplified(w.strip())
        stem = w.endswith("*")
        w = w.rstrip("*").strip()
        body = r"[\s\-_]*".join(re.escape(p) for p in w.split())
        if not _LATIN.search(w):
            parts.append(body)
        else:
            tail = r"[a-z0-9]*" if stem else r"(?:s|es)?"
            parts.append(rf"(?<![a-z0-9]){body}{tail}(?![a-z0-9])")
    return re.compile("|".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    category: str
    tag: str | None = None  # a whole tag (compared normalised: case and width aside)
    pattern: str | None = None  # or a regular expression searched in each tag
    words: tuple[str, ...] | None = None  # or words found whole in a tag (words_pattern)
    _regex: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.tag is None:
            regex = words_pattern(self.words) if self.words is not None else re.compile(self.pattern or "")
            object.__setattr__(self, "_regex", regex)

    def matches(self, tag: str) -> bool:
        """Whether the rule maps ``tag`` (already read as simplified Chinese)."""
        if self._regex is None:
            return normalise_name(tag) == normalise_name(to_simplified(self.tag or ""))
        return self._regex.search(tag) is not None


@dataclass(frozen=True)
class Mapped:
    category: str | None  # the house category, ``other``, or None for a row without any category
    mapped: bool  # False: no tag mapped (the row counts as other)
    tags: tuple[str, ...] = ()
    tag: str | None = None  # the tag that decided, as the vendor wrote it
    position: int = 0  # its place among the tags (0: the first)


@dataclass(frozen=True)
class Taxonomy:
    categories: Mapping[str, tuple[str, ...]]  # list -> its house categories
    rules: tuple[Rule, ...]  # the desk's extra rules first, then the packaged ones
    other: str  # the category of a row no rule maps
    separators: tuple[str, ...]
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_house(cls, settings: TaxonomySettings) -> Taxonomy:
        """The house's taxonomy (house [taxonomy], checked when the settings load)."""
        rules = tuple(Rule(r.category, r.tag, r.pattern, r.words) for r in (*settings.extra_rules, *settings.rules))
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
        by_norm = {normalise_name(c): c for c in (*house, self.other)}
        rules = [r for r in self.rules if r.category in house or r.category == self.other]
        for i, raw in enumerate(tags):
            t = to_simplified(raw)
            for form in (raw, t):  # a house category as written (the raw tag first: the house may be traditional)
                if form in house or form == self.other:
                    return Mapped(form, True, tags, raw, i)
            for form in (raw, t):  # two may differ only by what normalising folds
                if normalise_name(form) in by_norm:
                    return Mapped(by_norm[normalise_name(form)], True, tags, raw, i)
            for rule in rules:
                if rule.matches(t):
                    return Mapped(rule.category, True, tags, raw, i)
        return Mapped(self.other, False, tags)
