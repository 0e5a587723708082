"""[app_store]: App Store keyword search ranks (end of section 1.2; docs/app_store.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from aimonthly.core.house.base import Positive, Section


class AppStoreSettings(Section):
    keyword: str = Field(description="The search keyword tracked.")
    window_days: Positive | None = Field(
        None,
        description="Days back from the window's end; absent: the window starts one calendar month before it ends.",
    )
    start: dt.date | None = Field(None, description="The window's first day (YYYY-MM-DD), over window_days.")
    end: dt.date | None = Field(None, description="The window's last day; absent: the report's data date.")
    top_apps: Positive = Field(description="The chart's apps: those ranked 1..top_apps on the most days.")
    top_rank: Positive = Field(description='"Reached the Top 10": best rank in the window <= top_rank.')
    table_rows: Positive = Field(description="Rows of the new-app and rising-app tables.")
    falling_top: Positive = Field(
        description="An app fell out of the top ranks when it ranked <= falling_top at the baseline…"
    )
    falling_below: Positive = Field(
        description="…and ranks worse than falling_below (or is not listed) on the last snapshot."
    )

    @model_validator(mode="after")
    def _window(self) -> AppStoreSettings:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"the window starts ({self.start}) after it ends ({self.end})")
        return self
