"""RSS and Atom feeds: read from a file (one row per entry: date, title, body, source, url), and
fetched over HTTP with one conditional GET per feed, then read by the same reader.

Feeds come from anywhere, so the bytes are checked first (size, XML entities: ingest/limits.py)
and then read by feedparser, which also removes scripts and event handlers from the HTML it finds.
A feed whose XML is broken is refused, even when feedparser salvaged some items from it.

The HTTP client is urllib from the standard library (ingest/http.py): the core's dependency tree has
no HTTP client (requests arrives only with the optional akshare extra), and a GET with one deadline,
two conditional headers, a size cap (max_feed_mb, as for files) and a redirect policy needs nothing
more. Only http and https are fetched, redirects included, and a redirect stays on the feed's host.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
import xml.sax
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.http import FeedFetchError, http_get
from aimonthly.ingest.limits import read_feed_bytes
from aimonthly.ingest.readers import _REEXPORT, RawTable, _fail, _named  # the readers' own helpers

HEADERS = ["date", "title", "body", "source", "url"]
DEFAULT_TIMEOUT = 20.0  # seconds for a whole request (connecting, redirects, reading): house [fetch] feed_timeout
REGIONS = ("overseas", "domestic")


def read_feed(path: Path, limits: Limits | None = None) -> RawTable:
    """A feed file's entries; fetched feeds (``feed_rows``) are read by this too."""
    import feedparser

    data = read_feed_bytes(path, limits or Limits())
    try:
        feed = feedparser.parse(data)
    except Exception as e:  # feedparser's lenient parser fails on some input (e.g. &#55296;, a lone surrogate)
        raise _fail(
            path,
            f"not a readable RSS/Atom feed: feedparser failed ({e.__class__.__name__}: {str(e)[:80]})",
            hint=_REEXPORT,
        ) from e
    # Broken XML (a feed cut short, an error page) is refused even when feedparser salvaged some items.
    if feed.bozo and (not feed.entries or isinstance(feed.bozo_exception, xml.sax.SAXException)):
        raise _fail(path, f"not a readable RSS/Atom feed: {feed.bozo_exception}", hint=_REEXPORT)
    source = feed.feed.get("title") or path.stem
    rows = []
    for entry in feed.entries:
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        rows.append(
            {
                "date": dt.date(*when[:3]).isoformat() if when else None,
                "title": entry.get("title"),
                "body": entry.get("summary"),
                "source": entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else source,
                "url": entry.get("link"),
            }
        )
    columns = [pa.array([r[h] for r in rows], type=pa.string()) for h in HEADERS]
    return RawTable(_named(columns, HEADERS), HEADERS, "feed", None, first_row=1)


@dataclass(frozen=True)
class FeedSpec:
    """One feed of house [news.feeds]."""

    name: str
    url: str
    source: str | None = None  # the label stored as every item's source; default: the feed's own title
    region: str | None = None  # overseas or domestic for every item; default: inferred at build time
    timeout: float = DEFAULT_TIMEOUT
    max_redirects: int = 5  # house [fetch] max_redirects
    redirect_hosts: tuple[str, ...] = ()  # hosts besides the feed's own that a redirect may lead to


@dataclass(frozen=True)
class Validators:
    """What the server said identifies the version we hold (sent back as If-None-Match / If-Modified-Since)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class FeedFetch:
    spec: FeedSpec
    status: Literal["fetched", "not_modified", "failed"]
    rows: tuple[dict, ...] = ()  # date (YYYY-MM-DD or None), title, body, source, url, region
    validators: Validators = field(default_factory=Validators)
    error: str | None = None
    seconds: float = 0.0


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name)[:60] or "feed"


def feed_rows(data: bytes, spec: FeedSpec, limits: Limits | None = None) -> list[dict]:
    """A fetched feed's items as news rows, read by the feed-file reader (so one set of rules and checks)."""
    with tempfile.TemporaryDirectory(prefix="aimonthly-feed-") as tmp:
        path = Path(tmp) / f"{_safe_name(spec.name)}.xml"  # a feed without a title is named after its key
        path.write_bytes(data)
        try:
            raw = read_feed(path, limits)
        except IngestError as e:
            raise FeedFetchError(e.problems[0].reason if e.problems else str(e)) from e
    rows = []
    for r in raw.table.to_pylist():
        row = {h: r[f"c{i}"] for i, h in enumerate(raw.headers)}
        row["source"] = spec.source or row.get("source") or spec.name
        row["region"] = spec.region
        rows.append(row)
    return rows


def fetch_feed(spec: FeedSpec, validators: Validators | None = None, limits: Limits | None = None) -> FeedFetch:
    """One feed: a conditional GET, then its items; a failure is a result, never an exception. ``limits``
    (default ``Limits()``; the commands pass the settings') bound the answer as they bound a feed file."""
    t, limits = time.perf_counter(), limits or Limits()
    try:
        status, body, headers = http_get(
            spec.url,
            timeout=spec.timeout,
            headers=(validators or Validators()).headers(),
            max_bytes=limits.max_feed_mb << 20,
            max_redirects=spec.max_redirects,
            redirect_hosts=spec.redirect_hosts,
        )
        if status == 304:
            return FeedFetch(
                spec, "not_modified", validators=validators or Validators(), seconds=time.perf_counter() - t
            )
        rows = feed_rows(body, spec, limits)
    except FeedFetchError as e:
        return FeedFetch(spec, "failed", error=str(e), seconds=time.perf_counter() - t)
    lower = {k.lower(): v for k, v in headers.items()}
    got = Validators(lower.get("etag"), lower.get("last-modified"))
    return FeedFetch(spec, "fetched", tuple(rows), got, seconds=time.perf_counter() - t)


def fetch_feeds(
    specs: list[FeedSpec], validators: dict[str, Validators], *, limits: Limits | None = None, workers: int = 4
) -> list[FeedFetch]:
    """Every feed, a few at a time (the waits are the network's); results in the order given."""
    if not specs:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(specs)), thread_name_prefix="aimonthly-feed") as pool:
        return list(pool.map(lambda s: fetch_feed(s, validators.get(s.url), limits), specs))
