"""The house sections the monthly cycle reads, each in one function: [inbox], [news.feeds], [fetch].

They are typed and validated with every other setting when settings load (core/house/cycle.py and
core/house/news.py); house.toml holds their defaults and documents them. These functions turn them
into what the steps use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aimonthly.core.house import FetchSettings, HouseSettings
from aimonthly.ingest.feeds import DEFAULT_TIMEOUT, FeedSpec
from aimonthly.ingest.recognise import compile_patterns


@dataclass(frozen=True)
class InboxConfig:
    patterns: dict[str, list[re.Pattern]]
    profiles: tuple = ()  # house [[inbox.profiles]], tried first (ingest/profiles.py)


def inbox_config(house: HouseSettings) -> InboxConfig:
    return InboxConfig(
        compile_patterns(house.inbox.patterns.model_dump(), "house [inbox.patterns]"), house.inbox.profiles
    )


def feed_specs(house: HouseSettings) -> list[FeedSpec]:
    """[news.feeds], one spec per feed in the order given; a feed without a timeout gets the fetcher's."""
    return [
        FeedSpec(name, f.url, f.source, f.region, f.timeout or DEFAULT_TIMEOUT) for name, f in house.news.feeds.items()
    ]


def fetch_config(house: HouseSettings) -> FetchSettings:
    return house.fetch
