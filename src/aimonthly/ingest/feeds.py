"""RSS/Atom feeds over HTTP: one conditional GET per feed, read by the same reader as feed files.

The HTTP client is urllib from the standard library: the core's dependency tree has no HTTP client
(requests arrives only with the optional akshare extra), and a GET with a timeout, two conditional
headers and a size cap needs nothing more. Only http and https are fetched, redirects included.
"""

from __future__ import annotations

import re
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aimonthly import __version__
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.readers import read_feed

DEFAULT_TIMEOUT = 20.0  # seconds for a whole request: connecting, waiting and reading
MAX_BYTES = 20 << 20  # a feed larger than this is not a feed
USER_AGENT = f"aimonthly/{__version__} (feed reader)"
REGIONS = ("overseas", "domestic")


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
            raise FeedFetchError(f"redirected to {newurl[:80]!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    return url


def http_get(url: str, *, timeout: float, headers: dict[str, str] | None = None,
             max_bytes: int = MAX_BYTES) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of a GET; 304 comes back as a status, not an error.

    ``timeout`` bounds the whole request: each socket wait is bounded by it, and reading stops
    once it has passed, so a server that trickles bytes cannot hold the run.
    """
    check_url(url)
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/rss+xml, "
                                               "application/atom+xml, application/xml;q=0.9, */*;q=0.5",
                                               **(headers or {})})
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
        raise FeedFetchError(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, TimeoutError):
            raise FeedFetchError(f"timed out after {timeout:g} s") from None
        raise FeedFetchError(f"cannot connect: {getattr(e.reason, 'strerror', None) or e.reason}") from None
    except TimeoutError:
        raise FeedFetchError(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError) as e:  # a connection reset, a malformed answer
        raise FeedFetchError(f"the request failed: {type(e).__name__}: {e}") from None


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", name)[:60] or "feed"


def feed_rows(data: bytes, spec: FeedSpec) -> list[dict]:
    """A fetched feed's items as news rows, read by the feed-file reader (so one set of rules and checks)."""
    with tempfile.TemporaryDirectory(prefix="aimonthly-feed-") as tmp:
        path = Path(tmp) / f"{_safe_name(spec.name)}.xml"  # a feed without a title is named after its key
        path.write_bytes(data)
        try:
            raw = read_feed(path)
        except IngestError as e:
            raise FeedFetchError(e.problems[0].reason if e.problems else str(e)) from None
    rows = []
    for r in raw.table.to_pylist():
        row = {h: r[f"c{i}"] for i, h in enumerate(raw.headers)}
        row["source"] = spec.source or row.get("source") or spec.name
        row["region"] = spec.region
        rows.append(row)
    return rows


def fetch_feed(spec: FeedSpec, validators: Validators | None = None) -> FeedFetch:
    """One feed: a conditional GET, then its items; a failure is a result, never an exception."""
    t = time.perf_counter()
    try:
        status, body, headers = http_get(spec.url, timeout=spec.timeout, headers=(validators or Validators()).headers())
        if status == 304:
            return FeedFetch(spec, "not_modified", validators=validators or Validators(), seconds=time.perf_counter() - t)
        rows = feed_rows(body, spec)
    except FeedFetchError as e:
        return FeedFetch(spec, "failed", error=str(e), seconds=time.perf_counter() - t)
    lower = {k.lower(): v for k, v in headers.items()}
    got = Validators(lower.get("etag"), lower.get("last-modified"))
    return FeedFetch(spec, "fetched", tuple(rows), got, seconds=time.perf_counter() - t)


def fetch_feeds(specs: list[FeedSpec], validators: dict[str, Validators], *, workers: int = 4) -> list[FeedFetch]:
    """Every feed, a few at a time (the waits are the network's); results in the order given."""
    if not specs:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(specs)), thread_name_prefix="aimonthly-feed") as pool:
        return list(pool.map(lambda s: fetch_feed(s, validators.get(s.url)), specs))
