"""[check]: the thresholds of ``aimonthly check`` (docs/check.md; the rules are in aimonthly/check/)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from aimonthly.core.house.base import Positive, Section

Times = Annotated[float, Field(gt=0)]  # a multiple, or a change as a fraction (0.5 = 50%)
Share = Annotated[float, Field(gt=0, le=1)]


class CheckSettings(Section):
    """A finding is an error (``--strict`` fails), a warning or a note (info)."""

    outlier_next: Times = Field(
        description="Outlier: a product with more than this times the next product's visits on its list…"
    )
    outlier_lead: Times = Field(
        description="…(the lead over the next counts only when it is more than this times the product's own lead of "
        "the previous month: a stable leader is no outlier)…"
    )
    outlier_prev: Times = Field(description="…or more than this times its own visits of the previous month…")
    new_top: Positive = Field(
        description="…or entering the Top new_top with no previous month: a warning for one "
        "reason, an error for two at once."
    )
    list_jump: Times = Field(
        description="List jump: the Top-N total changing by more than this (0.5 = 50%) month on month, a warning."
    )
    stale_share: Share = Field(
        description="Stale: a list whose visits equal the previous month's for this share of its products, an error…"
    )
    min_shared: Positive = Field(
        description="…counted only when at least this many products are on both months' lists."
    )
    collapse_ratio: Share = Field(
        description="Collapse: a product of the previous month's Top pool down by more than this (0.5 = half), "
        "a warning…"
    )
    list_move: Times = Field(
        description="…an error when it moves its list's Top-N total change by more than this (0.02 = 2 percentage "
        "points)."
    )
    copied_months: Positive = Field(
        description="Copied: the months read (this one and those before) for two listings with identical visits."
    )
    copied_digits: Positive = Field(
        description="…counted when the significant digits of the figures they share, summed over the months they "
        "agree, reach this (rounded figures meet by chance)."
    )
    unresolved_each: Positive = Field(
        description="Unresolved: up to this many unknown names on a list are a warning each; more make one summary "
        "warning (the pool's names first)."
    )
