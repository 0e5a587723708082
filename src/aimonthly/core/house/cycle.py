"""[inbox] and [fetch]: what `aimonthly run` reads from the inbox folder and fetches live (docs/cycle.md).
The news feeds it reads are [news.feeds] (core/house/news.py)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, StrictBool, field_validator

from aimonthly.core.house.base import Section

PATTERN_HELP = "File-name patterns (regular expressions, any case) of {}."


class InboxPatterns(Section):
    """A file's name decides its dataset when its header does not: the dataset with a pattern found
    in it. Named groups month, list (traffic) and keyword (app_ranks) fill those columns."""

    traffic: tuple[str, ...] = Field(description=PATTERN_HELP.format("traffic exports"))
    app_ranks: tuple[str, ...] = Field(description=PATTERN_HELP.format("App Store rank exports"))
    index_prices: tuple[str, ...] = Field(description=PATTERN_HELP.format("index closes"))
    stock_prices: tuple[str, ...] = Field(description=PATTERN_HELP.format("stock closes"))
    capex: tuple[str, ...] = Field(description=PATTERN_HELP.format("capex tables"))
    announcements: tuple[str, ...] = Field(description=PATTERN_HELP.format("announcement lists"))
    news: tuple[str, ...] = Field(description=PATTERN_HELP.format("news files"))
    products: tuple[str, ...] = Field(
        description=PATTERN_HELP.format(
            "the product registry (only its name decides: a registry file replaces the whole registry)"
        )
    )
    product_stocks: tuple[str, ...] = Field(
        description=PATTERN_HELP.format("the products' listed companies (likewise only by name)")
    )
    scorecard: tuple[str, ...] = Field(description=PATTERN_HELP.format("the adoption scorecard"))

    @field_validator("*")
    @classmethod
    def _compiles(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"invalid regular expression {p!r}: {e}") from e
        return v


class InboxProfile(Section):
    """One ``[[inbox.profiles]]`` entry: a vendor's file, recognised by its name, and the options it needs
    (what ``aimonthly ingest … --save-profile NAME`` writes). The inbox and ``aimonthly ingest`` apply it."""

    name: str = Field(min_length=1, description="The profile's name, as --save-profile gave it.")
    pattern: str = Field(min_length=1, description="A regular expression found in the file's name (any case).")
    dataset: str = Field(min_length=1, description="The dataset the file holds.")
    map: dict[str, str] | None = Field(None, description="Canonical column -> the file's header (--map).")
    skip_rows: int | None = Field(None, ge=0, description="Lines or rows above the header (--skip-rows).")
    source: str | None = Field(None, min_length=1, description="The vendor, recorded with each batch (--source).")
    list: Literal["global", "domestic", "overseas"] | None = Field(None, description="The traffic list (--list).")
    month_from: Literal["name", "title"] | None = Field(
        None, description="Where the month is read when the file has no month column: its name, or its title line."
    )

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"invalid regular expression {v!r}: {e}") from e
        return v

    @field_validator("dataset")
    @classmethod
    def _known_dataset(cls, v: str) -> str:
        from aimonthly.core.datasets import DATASETS
        from aimonthly.core.names import suggestion

        if v not in DATASETS:
            raise ValueError(f"unknown dataset {v!r}{suggestion(v, DATASETS, n=1, quoted=True)}")
        return v


class InboxSettings(Section):
    patterns: InboxPatterns = Field(description="Each dataset's file-name patterns (the header is tried first).")
    settle_seconds: Annotated[float, Field(ge=0)] = Field(
        description="A file is taken once its size and time have not changed for this many seconds and no "
        "process has it open for writing; a younger one is watched this long, then left for the next run."
    )
    profiles: tuple[InboxProfile, ...] = Field(
        description="Vendor profiles ([[inbox.profiles]]), tried first, in order: the first whose pattern is in a "
        "file's name gives its dataset and options."
    )


class FetchSettings(Section):
    """Live sources `aimonthly run` calls after the inbox; each is skipped while its setting is empty.
    Both need the optional extra: pip install 'aimonthly[live]' (akshare). feed_timeout and max_redirects
    bound the requests for [news.feeds]."""

    announcement_codes: tuple[str, ...] = Field(
        description="cninfo (巨潮资讯) announcements of these stock codes, any form: 300781, 300781.SZ."
    )
    announcement_kind: Literal["relation", "report"] = Field(
        description="relation (投资者关系活动 records) or report (every filing)."
    )
    announcement_keyword: str = Field(description='With announcement_kind = "report": only titles containing this.')
    prices: StrictBool = Field(  # "yes" is no answer: true or false
        description="Index and stock closes for everything [market] names (the month and the one before)."
    )
    feed_timeout: Annotated[float, Field(gt=0)] = Field(
        description="Seconds one feed's request may take in all (connecting, every redirect, reading); "
        "a feed's own timeout overrides it."
    )
    max_redirects: Annotated[int, Field(ge=0)] = Field(
        description="Redirects a feed's request follows at most (each to the same host, or to one of the "
        "feed's redirect_hosts)."
    )

    @field_validator("announcement_codes", mode="before")
    @classmethod
    def _codes_as_text(cls, v: object) -> object:
        return (
            tuple(str(c) if isinstance(c, int) and not isinstance(c, bool) else c for c in v)
            if isinstance(v, (list, tuple))
            else v
        )
