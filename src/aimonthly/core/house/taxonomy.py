"""[taxonomy]: the house's categories per list and the rules that map vendor tags to them
(docs/registry.md#taxonomy; applied by analytics/taxonomy.py)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from aimonthly.core.house.base import Section

TrafficList = Literal["global", "domestic", "overseas"]


class TaxonomyRule(Section):
    """One ``[[taxonomy.rules]]`` entry: vendor words (or a whole tag, or a pattern) and the house category
    they map to."""

    category: str = Field(min_length=1, description="The house category (one of a list's categories, or `other`).")
    words: tuple[str, ...] | None = Field(
        None,
        description="Words found in a tag: a Latin word or phrase matches whole words, any case, with a plural s "
        "(`translat*` matches a word's start); a Chinese term matches anywhere in the tag.",
    )
    tag: str | None = Field(None, description="Or a whole vendor tag, compared case and full/half width aside.")
    pattern: str | None = Field(None, description="Or a regular expression searched in each tag (anchor it yourself).")

    @model_validator(mode="after")
    def _one_test(self) -> TaxonomyRule:
        if sum(x is not None for x in (self.words, self.tag, self.pattern)) != 1:
            raise ValueError(f"rule for {self.category!r}: give one of words, tag or pattern")
        if self.words is not None and not all(w.strip(" *") for w in self.words):
            raise ValueError(f"rule for {self.category!r}: words has an empty word")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as e:
                raise ValueError(f"pattern {self.pattern!r} is not a regular expression: {e}") from None
        return self


class TaxonomySettings(Section):
    """A row's category cell is split into tags at ``separators`` and read in the vendor's order: the
    first tag that is one of its list's house categories (or the vendor's own ``other``) or that a rule
    maps decides; a row none maps counts as ``other`` and ``aimonthly check`` lists its tags."""

    other: str = Field(
        min_length=1, description="The category of a row no rule maps (其他), in the mix and the tables."
    )
    separators: tuple[str, ...] = Field(description="Where a multi-label cell splits into tags.")
    categories: dict[TrafficList, tuple[str, ...]] = Field(
        description="Each list's house categories (global, domestic, overseas): the only ones the report shows."
    )
    rules: tuple[TaxonomyRule, ...] = Field(
        description="The packaged vendor-tag rules ([[taxonomy.rules]]), tried in order on each tag; a rule "
        "applies on the lists whose categories include its category."
    )
    extra_rules: tuple[TaxonomyRule, ...] = Field(
        description="The desk's own rules ([[taxonomy.extra_rules]]), tried on each tag before the packaged ones: "
        "they add to `rules` instead of replacing them."
    )

    @model_validator(mode="after")
    def _known_categories(self) -> TaxonomySettings:
        every = {c for cs in self.categories.values() for c in cs} | {self.other}
        for name, rules in (("rules", self.rules), ("extra_rules", self.extra_rules)):
            for i, r in enumerate(rules, 1):
                if r.category not in every:
                    raise ValueError(
                        f"{name} {i}: {r.category!r} is no list's house category (add it to [taxonomy.categories])"
                    )
        return self
