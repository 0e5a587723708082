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
