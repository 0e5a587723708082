"""RSS and Atom feeds as a raw news table: one row per entry (date, title, body, source, url).

Feeds come from anywhere, so the bytes are checked first (size, XML entities: ingest/limits.py)
and then read by feedparser, which also removes scripts and event handlers from the HTML it finds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa

from aimonthly.core.limits import Limits
from aimonthly.ingest.limits import read_feed_bytes
from aimonthly.ingest.readers import _REEXPORT, RawTable, _fail, _named  # the readers' own helpers

HEADERS = ["date", "title", "body", "source", "url"]


def read_feed(path: Path, limits: Limits) -> RawTable:
    import feedparser

    data = read_feed_bytes(path, limits)
    try:
        feed = feedparser.parse(data)
    except Exception as e:  # feedparser's lenient parser fails on some input (e.g. &#55296;, a lone surrogate)
        raise _fail(path, f"not a readable RSS/Atom feed: feedparser failed ({e.__class__.__name__}: {str(e)[:80]})",
                    hint=_REEXPORT) from e
    if feed.bozo and not feed.entries:
        raise _fail(path, f"not a readable RSS/Atom feed: {feed.bozo_exception}", hint=_REEXPORT)
    source = feed.feed.get("title") or path.stem
    rows = []
    for entry in feed.entries:
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        rows.append({
            "date": dt.date(*when[:3]).isoformat() if when else None,
            "title": entry.get("title"),
            "body": entry.get("summary"),
            "source": entry.get("source", {}).get("title") if isinstance(entry.get("source"), dict) else source,
            "url": entry.get("link"),
        })
    columns = [pa.array([r[h] for r in rows], type=pa.string()) for h in HEADERS]
    return RawTable(_named(columns, HEADERS), HEADERS, "feed", None, first_row=1)
