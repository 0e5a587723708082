"""The house sections the monthly cycle reads, each in one function: [inbox], [news.feeds], [fetch].

They are typed and validated with every other setting when settings load (core/house/cycle.py and
core/house/news.py); house.toml holds their defaults and documents them. These functions turn them
into what the steps use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aimonthly.core.house import FetchSettings, HouseSettings
from aimonthly.core.limits import Limits
from aimonthly.ingest.feeds import FeedSpec
from aimonthly.ingest.recognise import compile_patterns


@dataclass(frozen=True)
class InboxConfig:
    patterns: dict[str, list[re.Pattern]]
    settle_seconds: float = 5.0  # house [inbox] settle_seconds
    limits: Limits = field(default_factory=Limits)  # the ingest limits (top-level settings), before any parser
    profiles: tuple = ()  # house [[inbox.profiles]], tried first (ingest/profiles.py)


def inbox_config(house: HouseSettings, limits: Limits | None = None) -> InboxConfig:
    """``limits``: the settings' (``Limits.from_settings``); default: the defaults."""
    patterns = compile_patterns(house.inbox.patterns.model_dump(), "house [inbox.patterns]")
    return InboxConfig(patterns, house.inbox.settle_seconds, limits or Limits(), house.inbox.profiles)


def feed_specs(house: HouseSettings) -> list[FeedSpec]:
    """[news.feeds], one spec per feed in the order given; a feed without a timeout gets [fetch] feed_timeout."""
    fetch = house.fetch
    return [
        FeedSpec(
            name, f.url, f.source, f.region, f.timeout or fetch.feed_timeout, fetch.max_redirects, f.redirect_hosts
        )
        for name, f in house.news.feeds.items()
    ]


def fetch_config(house: HouseSettings) -> FetchSettings:
    return house.fetch
