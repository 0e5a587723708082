"""The firm's own settings: names, colours, source lines, the rating scale, disclaimer and contacts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from aimonthly.core.house.base import HexColor, Positive, Section


class Colors(Section):
    primary: HexColor = Field(description="Headings, rules, table headers and the first chart series (#RRGGBB).")
    accent: HexColor = Field(description="Second colour: the cover's rules and the heading underline.")
    series: Annotated[tuple[HexColor, ...], Field(min_length=1)] = Field(description="Chart series colours, in order.")


class Sources(Section):
    """Each kind of data's source line, printed before the institute under every exhibit."""

    traffic: str = Field(description="Source line of the traffic exhibits (section 1).")
    app_ranks: str = Field(description="Source line of the App Store search-rank exhibits.")
    market: str = Field(description="Source line of the market review's exhibits.")
    capex: str = Field(description="Source line of the cloud capex chart.")
    announcements: str = Field(description="Source line of the announcements table.")
    news: str = Field(description="Source line of the news digests (their data-pack sheets).")
    mapping: str = Field(description="Source line of the 映射标的 exhibits (traffic and prices).")
    exposure: str = Field(description="Source line of the exposure-index exhibits.")
    scorecard: str = Field(description="Source line of the adoption scorecard's exhibits.")


class RatingBand(Section):
    name: str = Field(description="The rating, e.g. 买入.")
    low: float | None = Field(
        None, description="Excess return at or above which it applies, as a fraction; absent: open."
    )
    high: float | None = Field(None, description="Excess return below which it applies, as a fraction; absent: open.")

    @model_validator(mode="after")
    def _ordered(self) -> RatingBand:
        if self.low is not None and self.high is not None and self.low >= self.high:
            raise ValueError(f"rating {self.name}: low ({self.low}) must be below high ({self.high})")
        return self


class RatingScale(Section):
    subject: str = Field(description="What is rated, as the definitions say it (行业).")
    benchmark: str = Field(description="The benchmark's name in the rating definitions.")
    benchmark_code: str = Field(description="The benchmark's code in index_prices, for `aimonthly ratings backtest`.")
    horizon: str = Field(description="The horizon as the definitions say it (未来 3—6 个月).")
    horizon_months: Annotated[tuple[Positive, ...], Field(min_length=1)] = Field(
        description="The backtest's horizons, in months from the rating date."
    )
    ratings: Annotated[tuple[RatingBand, ...], Field(min_length=1)] = Field(
        description="Bands of expected excess return over the benchmark, best first ([[rating_scale.ratings]])."
    )

    def band(self, name: str) -> RatingBand:
        return next(r for r in self.ratings if r.name == name)

    @property
    def names(self) -> list[str]:
        return [r.name for r in self.ratings]


class Disclaimer(Section):
    title: str = Field(description="The disclaimer's heading; the running footer points to it.")
    paragraphs: tuple[str, ...] = Field(description="The disclaimer's paragraphs, in order.")


class Contact(Section):
    city: str = Field(description="The office's city, heading its column.")
    phone: str | None = Field(None, description="Telephone.")
    email: str | None = Field(None, description="E-mail address.")
    postcode: str | None = Field(None, description="Postcode.")
    address: str | None = Field(None, description="Street address.")
