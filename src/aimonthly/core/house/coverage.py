"""[coverage]: how far before the end of its period a section's data may stop without being a gap."""

from __future__ import annotations

from pydantic import Field

from aimonthly.core.house.base import Days, Section


class CoverageSettings(Section):
    """A section whose data stops earlier than these allowances says so in its text, is listed in
    facts.json ``coverage_gaps`` and fails ``report --strict``."""

    market_weekdays: Days = Field(
        description="Weekdays (Mon-Fri) after the last close before the period's end: exchange holidays."
    )
    app_ranks_days: Days = Field(description="Days without App Store ranks before the window's end (daily snapshots).")
    news_days: Days = Field(description="Days without news items before the window's end.")
    announcements_days: Days = Field(description="Days without announcements before the window's end.")
    capex_lag_days: Days = Field(description="Days after a quarter's end by which its capex results are expected.")
