"""The house sections the monthly cycle reads, each in one function: [inbox], [news.feeds], [fetch].

Defaults and their documentation are in house.toml; each function validates its section and
returns a typed value, so that nothing else reads these keys from the house dict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from aimonthly.errors import ConfigError
from aimonthly.ingest.feeds import DEFAULT_TIMEOUT, REGIONS, FeedSpec, check_url
from aimonthly.ingest.recognise import compile_patterns

FEED_KEYS = ("url", "source", "region", "timeout")
FETCH_KEYS = ("announcement_codes", "announcement_kind", "announcement_keyword", "prices")


@dataclass(frozen=True)
class InboxConfig:
    patterns: dict[str, list[re.Pattern]]


@dataclass(frozen=True)
class FetchConfig:
    announcement_codes: tuple[str, ...] = ()
    announcement_kind: str = "relation"
    announcement_keyword: str = ""
    prices: bool = False


def _unknown(keys, known, where: str) -> None:
    extra = sorted(set(keys) - set(known))
    if extra:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(extra)}; known: {', '.join(known)}")


def inbox_config(house: Mapping[str, Any]) -> InboxConfig:
    section = house.get("inbox", {})
    _unknown(section, ("patterns",), "house [inbox]")
    return InboxConfig(compile_patterns(section.get("patterns", {}), "house [inbox.patterns]"))


def feed_specs(house: Mapping[str, Any]) -> list[FeedSpec]:
    specs = []
    for name, feed in (house.get("news", {}).get("feeds") or {}).items():
        where = f"house [news.feeds.{name}]"
        if not isinstance(feed, Mapping):
            raise ConfigError(f"{where}: a feed is a table with url (and optionally source, region, timeout)")
        _unknown(feed, FEED_KEYS, where)
        try:
            url = check_url(str(feed.get("url", "")))
        except ValueError as e:
            raise ConfigError(f"{where}: url {e}", hint="give the feed's address, starting http:// or https://") from None
        region = feed.get("region") or None
        if region is not None and region not in REGIONS:
            raise ConfigError(f"{where}: region {region!r}; use {' or '.join(REGIONS)}, or leave it out")
        try:
            timeout = float(feed.get("timeout", DEFAULT_TIMEOUT))
        except (TypeError, ValueError):
            timeout = -1.0
        if not timeout > 0:
            raise ConfigError(f"{where}: timeout must be a positive number of seconds, got {feed.get('timeout')!r}")
        specs.append(FeedSpec(str(name), url, str(feed["source"]) if feed.get("source") else None, region, timeout))
    return specs


def fetch_config(house: Mapping[str, Any]) -> FetchConfig:
    section = house.get("fetch", {})
    _unknown(section, FETCH_KEYS, "house [fetch]")
    codes = section.get("announcement_codes", [])
    if isinstance(codes, str) or not all(isinstance(c, (str, int)) for c in codes):
        raise ConfigError("house [fetch]: announcement_codes is a list of stock codes, e.g. [\"300781\", \"002558.SZ\"]")
    kind = section.get("announcement_kind", "relation")
    if kind not in ("relation", "report"):
        raise ConfigError(f"house [fetch]: announcement_kind {kind!r}; use relation or report")
    prices = section.get("prices", False)
    if not isinstance(prices, bool):
        raise ConfigError(f"house [fetch]: prices is true or false, got {prices!r}")
    return FetchConfig(tuple(str(c) for c in codes), kind, str(section.get("announcement_keyword", "")), prices)
