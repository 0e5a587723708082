"""[news] and [announcements]: the news digests (2.1, 2.2.2) and the announcements table; the score,
the same-event grouping and the region rules are explained in docs/news.md."""

from __future__ import annotations

import urllib.parse
from typing import Annotated, Literal

from pydantic import Field, field_validator

from aimonthly.core.house.base import Positive, Section, Weight

Region = Literal["overseas", "domestic"]
Window = Literal["data_date", "month"]
WINDOW_HELP = (
    'Items dated from the month\'s first day to the data date ("data_date") or to the month\'s last day ("month").'
)


class NewsWeights(Section):
    """score = Σ weight × component; every component is 0..1."""

    recency: Weight = Field(description="Days from the window's start / the window's length.")
    source: Weight = Field(description="The source's priority in [news.sources].")
    keywords: Weight = Field(description="Σ weights of the [news.keywords] found (half in the body only), capped at 1.")
    companies: Weight = Field(description="The same for [news.companies].")
    coverage: Weight = Field(description="An event several sources report: (distinct sources - 1) / 2, capped at 1.")


class NewsCount(Section):
    overseas: Annotated[int, Field(ge=0)] = Field(description="Events printed in 2.1 (one item per same-event group).")
    domestic: Annotated[int, Field(ge=0)] = Field(description="Events printed in 2.2.2.")


class NewsGrouping(Section):
    threshold: Annotated[float, Field(gt=0, le=1)] = Field(
        description="Similarity at or above which two items report one event."
    )
    days: Annotated[int, Field(ge=0)] = Field(
        description="Items further apart than this many days are never one event."
    )
    min_shared: Positive = Field(
        description="Key features (names, versions, amounts) two items must share for the key measure."
    )


class Feed(Section):
    """One RSS/Atom feed that `aimonthly fetch-news` and `aimonthly run` read ([news.feeds.<name>])."""

    url: str = Field(description="The feed's address, http:// or https://.")
    source: str | None = Field(
        None, description="The source label stored with every item; absent: the feed's own title."
    )
    region: Region | None = Field(None, description="overseas or domestic for every item; absent: inferred per item.")
    timeout: Annotated[float, Field(gt=0)] | None = Field(
        None, description="Seconds for the whole request, redirects included; absent: [fetch] feed_timeout."
    )
    redirect_hosts: tuple[str, ...] = Field(
        (),
        description="Hosts (or host:port) besides the feed's own that a redirect may lead to; "
        "a redirect anywhere else fails the feed.",
    )

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        parts = urllib.parse.urlsplit(v)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"{v!r} is not an http or https URL: give the feed's address, starting http:// or https://"
            )
        return v


class NewsRegion(Section):
    """For items without a region: names in the text, then the source, then the default."""

    default: Region = Field(description="The region when nothing else tells.")
    overseas_names: tuple[str, ...] = Field(description="Companies and people that make an item overseas.")
    domestic_names: tuple[str, ...] = Field(description="Companies and bodies that make an item domestic.")
    overseas_places: tuple[str, ...] = Field(description="Places that count for overseas.")
    domestic_places: tuple[str, ...] = Field(description="Places that count for domestic.")
    overseas_sources: tuple[str, ...] = Field(
        description="Sources whose items are overseas when the text does not tell."
    )
    domestic_sources: tuple[str, ...] = Field(
        description="Sources whose items are domestic when the text does not tell."
    )

    def names(self, region: str) -> tuple[str, ...]:
        return getattr(self, f"{region}_names") + getattr(self, f"{region}_places")

    def sources(self, region: str) -> tuple[str, ...]:
        return getattr(self, f"{region}_sources")


class NewsSettings(Section):
    window: Window = Field(description=WINDOW_HELP)
    count: NewsCount = Field(description="Events printed per section.")
    summary_chars: Positive = Field(
        description="A summary keeps the body's whole sentences up to this many characters."
    )
    weights: NewsWeights = Field(description="The score's weights.")
    grouping: NewsGrouping = Field(description="Same-event detection.")
    sources: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        description="Priority 0..1 of each source; an unlisted source gets `default`."
    )
    keywords: dict[str, Weight] = Field(
        description="Themes the house follows, with weights; Latin terms match as whole words."
    )
    companies: dict[str, Weight] = Field(description="Companies the house covers or watches, with weights.")
    region: NewsRegion = Field(description="Region inference.")
    aliases: dict[str, tuple[str, ...]] = Field(
        description="One entity's spellings in any script, so that reports of one event meet."
    )
    feeds: dict[str, Feed] = Field(
        description="RSS/Atom feeds that `fetch-news` and `run` read, one table per feed "
        "([news.feeds.<name>]: url, source, region, timeout, redirect_hosts); none by default."
    )

    @field_validator("sources")
    @classmethod
    def _has_default(cls, v: dict[str, float]) -> dict[str, float]:
        if "default" not in v:
            raise ValueError("give the priority of unlisted sources as default = 0.5")
        return v

    def priority(self, source: str) -> float:
        return self.sources.get(source, self.sources["default"])


class AnnouncementsWeights(Section):
    recency: Weight = Field(description="Days from the window's start / the window's length.")
    keywords: Weight = Field(description="Σ weights of the [announcements] keywords in the content, capped at 1.")
    companies: Weight = Field(description="The company's weight on the coverage list, capped at 1.")


class AnnouncementsSettings(Section):
    title: str = Field(description="The table's title.")
    window: Window = Field(description=WINDOW_HELP)
    rows: Positive = Field(description="Rows printed at most (pins first, then by score; printed by date).")
    weights: AnnouncementsWeights = Field(description="The score's weights.")
    keywords: dict[str, Weight] = Field(description="Terms in the content that raise the score, with weights.")
    companies: dict[str, Weight] = Field(
        description="The coverage list: company name, or code in any form (300781, 300781.SZ), with weights."
    )
