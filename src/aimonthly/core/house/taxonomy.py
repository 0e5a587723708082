"""[taxonomy]: the house's categories per list and the rules that map vendor tags to them
(docs/registry.md#taxonomy; applied by analytics/taxonomy.py)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from aimonthly.core.house.base import Section

TrafficList = Literal["global", "domestic", "overseas"]


class TaxonomyRule(Section):
    """One ``[[taxonomy.rules]]`` entry: a vendor tag (or a pattern) and the house category it maps to."""

    category: str = Field(min_length=1, description="The house category (one of a list's categories).")
    tag: str | None = Field(None, description="A whole vendor tag, compared case and full/half width aside.")
    pattern: str | None = Field(None, description="Or a regular expression searched in each tag.")

    @model_validator(mode="after")
    def _one_test(self) -> TaxonomyRule:
        if (self.tag is None) == (self.pattern is None):
            raise ValueError(f"rule for {self.category!r}: give one of tag or pattern")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as e:
                raise ValueError(f"pattern {self.pattern!r} is not a regular expression: {e}") from None
        return self


class TaxonomySettings(Section):
    """A row's category cell is split into tags at ``separators``; a tag that is one of its list's
    house categories is taken as it is, else the first rule matching any tag gives the category; a
    row no rule maps counts as ``other`` and ``aimonthly check`` lists its tags."""

    other: str = Field(
        min_length=1, description="The category of a row no rule maps (其他), in the mix and the tables."
    )
    separators: tuple[str, ...] = Field(description="Where a multi-label cell splits into tags.")
    categories: dict[TrafficList, tuple[str, ...]] = Field(
        description="Each list's house categories (global, domestic, overseas): the only ones the report shows."
    )
    rules: tuple[TaxonomyRule, ...] = Field(
        description="Ordered vendor-tag rules ([[taxonomy.rules]]): the first that matches wins; a rule applies on "
        "the lists whose categories include its category."
    )

    @model_validator(mode="after")
    def _known_categories(self) -> TaxonomySettings:
        every = {c for cs in self.categories.values() for c in cs}
        for i, r in enumerate(self.rules, 1):
            if r.category not in every:
                raise ValueError(
                    f"rule {i}: {r.category!r} is no list's house category (add it to [taxonomy.categories])"
                )
        return self
