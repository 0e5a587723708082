"""RSS and Atom feeds: read from a file (one row per entry: date, title, body, source, url), and
fetched over HTTP with one conditional GET per feed, then read by the same reader.

Feeds come from anywhere, so the bytes are checked first (size, XML entities: ingest/limits.py)
and then read by feedparser, which also removes scripts and event handlers from the HTML it finds.
A feed whose XML is broken is refused, even when feedparser salvaged some items from it.

The HTTP client is urllib from the standard library: the core's dependency tree has no HTTP client
(requests arrives only with the optional akshare extra), and a GET with a timeout, two conditional
headers and a size cap (max_feed_mb, as for files) needs nothing more. Only http and https are
fetched, redirects included.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.sax
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from aimonthly import __version__
from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.limits import read_feed_bytes
from aimonthly.ingest.readers import _REEXPORT, RawTable, _fail, _named  # the readers' own helpers

HEADERS = ["date", "title", "body", "source", "url"]
DEFAULT_TIMEOUT = 20.0  # seconds for a whole request (connecting, waiting, reading), when a feed names none
USER_AGENT = f"aimonthly/{__version__} (feed reader)"
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


class FeedFetchError(Exception):
    """One feed could not be fetched or read; the message is the reason (the others go on)."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in ("http", "https"):
            raise FeedFetchError(f"redirected to {newurl[:80]!r}, which is not http or https")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http or https URL")
    return url


def http_get(
    url: str, *, timeout: float, headers: dict[str, str] | None = None, max_bytes: int | None = None
) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of a GET; 304 comes back as a status, not an error.

    ``timeout`` bounds the whole request: each socket wait is bounded by it, and reading stops
    once it has passed, so a server that trickles bytes cannot hold the run.
    """
    check_url(url)
    max_bytes = max_bytes or Limits().max_feed_mb << 20  # as for feed files
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    req = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
            **(headers or {}),
        },
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(req, timeout=timeout) as resp:
            chunks, size = [], 0
            while chunk := resp.read1(1 << 16):  # what has arrived, not "wait for 64 KiB": the deadline holds
                size += len(chunk)
                if size > max_bytes:
                    raise FeedFetchError(f"the answer is larger than {max_bytes >> 20} MB")
                if time.monotonic() > deadline:
                    raise FeedFetchError(f"timed out after {timeout:g} s")
                chunks.append(chunk)
            return resp.status, b"".join(chunks), dict(resp.headers.items())
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return 304, b"", dict(e.headers.items())
        raise FeedFetchError(f"HTTP {e.code} {e.reason}") from e
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise FeedFetchError(f"timed out after {timeout:g} s") from e
        raise FeedFetchError(f"cannot connect: {getattr(e.reason, 'strerror', None) or e.reason}") from e
    except TimeoutError as e:
        raise FeedFetchError(f"timed out after {timeout:g} s") from e
    except (OSError, ValueError) as e:  # a connection reset, a malformed answer
        raise FeedFetchError(f"the request failed: {type(e).__name__}: {e}") from e


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
