"""[market]: the secondary-market review (国内二级市场行情回顾); trading-day rules in analytics/market.py."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from aimonthly.core.house.base import Positive, Section


class Industry(Section):
    key: str = Field(description="The industry's block names: market.<key>.text, .cumulative, .movers, .note.")
    name: str = Field(description="The industry as the text says it (计算机).")
    index: str = Field(description="Its index's code in index_prices.")
    universe: str | None = Field(
        None, description="The stock_prices.industry value its gainers and losers come from; absent: the name."
    )
    label: str | None = Field(
        None, description="How the text names its index; absent: the data's name, else <name>行业指数."
    )

    @property
    def stocks(self) -> str:
        return self.universe or self.name


class Theme(Section):
    key: str = Field(description="The theme's block name: market.<key>.cumulative.")
    name: str = Field(description="The theme as the text says it.")
    index: str = Field(description="Its index's code in index_prices.")
    label: str | None = Field(None, description="How the text names the index; absent: the data's name, else the name.")
    industry: str | None = Field(None, description="The industry (its key) it is reported beside; absent: the first.")


class MarketSettings(Section):
    period_end: Literal["data_date", "month_end"] = Field(
        description="The period runs from the month's first day to the report's data date, or to the month's end."
    )
    benchmark: str = Field(description="The benchmark's code, drawn beside each industry; excess returns are over it.")
    chart_base: dt.date = Field(description="Cumulative returns since the first trading day on or after this date.")
    top_n: Positive = Field(description="Gainers and losers per industry.")
    industries: tuple[Industry, ...] = Field(description="The industries reviewed, in order ([[market.industries]]).")
    themes: tuple[Theme, ...] = Field(description="Theme indices reported beside an industry ([[market.themes]]).")

    @model_validator(mode="after")
    def _keys(self) -> MarketSettings:
        keys = [i.key for i in self.industries] + [t.key for t in self.themes]
        if dupes := sorted({k for k in keys if keys.count(k) > 1}):
            raise ValueError(f"keys must be unique across industries and themes: {', '.join(dupes)}")
        industries = [i.key for i in self.industries]
        for t in self.themes:
            if t.industry is not None and t.industry not in industries:
                raise ValueError(
                    f"theme {t.key}: industry {t.industry!r} is not an industry key ({', '.join(industries)})"
                )
        return self

    def themes_of(self, industry: str) -> list[Theme]:
        first = self.industries[0].key if self.industries else None
        return [t for t in self.themes if (t.industry or first) == industry]
