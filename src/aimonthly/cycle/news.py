"""``aimonthly fetch-news``: the house feeds' new items, deduplicated against the warehouse.

For each feed of [news.feeds]: a conditional GET (ETag / Last-Modified of the last version whose
items all reached the warehouse), its items read by the feed-file reader, those dated in the
window kept. An item the warehouse already holds (same date, source and title, or same link) is
skipped. The new items go to one JSONL file in the news format, which is ingested like any other.

News replaces by (date, source): a file holding one new item of a day would replace that source's
other items of the day. So the file also carries the current rows of every (date, source) its new
items touch, and an ingest replaces them with themselves plus the new ones: nothing is lost.

Validators are remembered in ``<warehouse>.feeds.json`` (per feed URL) only after an ingest, and
only for a feed every one of whose items dated from the window's start on is then in the warehouse;
the keys of those items are remembered with them. A request is conditional only while the
warehouse still holds every one of them, so a 304 ("nothing changed") means "nothing missing" even
after the warehouse was rebuilt or a batch undone. A feed failing is reported and the others go on.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aimonthly.core.errors import plural
from aimonthly.core.files import write_atomic
from aimonthly.core.limits import Limits
from aimonthly.ingest.feeds import FeedFetch, FeedSpec, Validators, fetch_feeds
from aimonthly.warehouse.store import IngestResult

STATE_VERSION = 1
NEWS_COLUMNS = ("date", "region", "title", "body", "source", "url", "synthetic")


@dataclass(frozen=True)
class FeedOutcome:
    name: str
    url: str
    status: Literal["new", "nothing new", "not modified", "failed"]
    items: int = 0
    new: int = 0
    held: int = 0  # already in the warehouse (or twice in this fetch)
    outside: int = 0  # dated outside the window
    undated: int = 0  # without a date or a title: cannot be placed
    error: str | None = None
    seconds: float = 0.0

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.name}: failed: {self.error} ({self.url})"
        if self.status == "not modified":
            return f"{self.name}: not modified since the last fetch (HTTP 304)"
        parts = [plural(self.items, "item"), f"{self.new} new"]
        parts += [
            f"{n} {what}"
            for n, what in (
                (self.held, "already held"),
                (self.outside, "outside the window"),
                (self.undated, "without a date or title"),
            )
            if n
        ]
        return f"{self.name}: {', '.join(parts)}"


@dataclass(frozen=True)
class NewsFetchResult:
    start: dt.date
    end: dt.date
    feeds: tuple[FeedOutcome, ...]
    new_rows: int
    carried_rows: int  # held rows the file carries so that its ingest replaces nothing
    file: Path | None
    ingest: IngestResult | None

    @property
    def failed(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if f.status == "failed"]


@dataclass(frozen=True)
class Remembered:
    validators: Validators
    items: frozenset[tuple]  # (date, source, title) of the items the warehouse held when remembered


def state_path(warehouse: Path) -> Path:
    return Path(str(warehouse) + ".feeds.json")


def load_state(path: Path) -> dict[str, Remembered]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            url: Remembered(
                Validators(v.get("etag"), v.get("last_modified")), frozenset(map(tuple, v.get("items", [])))
            )
            for url, v in data.get("feeds", {}).items()
        }
    except (
        OSError,
        ValueError,
        AttributeError,
        TypeError,
    ):  # missing or damaged: fetch everything, dedup does the rest
        return {}


def save_state(path: Path, state: dict[str, Remembered]) -> None:
    feeds = {
        url: {"etag": r.validators.etag, "last_modified": r.validators.last_modified, "items": sorted(r.items)}
        for url, r in sorted(state.items())
        if r.validators
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps({"version": STATE_VERSION, "feeds": feeds}, ensure_ascii=False, indent=1) + "\n")


def usable(state: dict[str, Remembered], warehouse: Path) -> dict[str, Validators]:
    """The validators to send: those whose remembered items the warehouse still holds, every one."""
    from aimonthly.cycle.held import current_rows

    dates = [k[0] for r in state.values() for k in r.items]
    if not dates:
        return {url: r.validators for url, r in state.items()}
    keys = {
        _key(r)
        for r in current_rows(warehouse, "news", dt.date.fromisoformat(min(dates)), dt.date.fromisoformat(max(dates)))
    }
    return {url: r.validators for url, r in state.items() if r.items <= keys}


def _key(row: dict) -> tuple:
    return row["date"], (row.get("source") or "").strip(), (row.get("title") or "").strip()


def select_new(
    fetched: list[FeedFetch], held: list[dict], start: dt.date, end: dt.date
) -> tuple[list[dict], list[FeedOutcome]]:
    """The items to add, and what became of each feed's items."""
    held_keys = {_key(r) for r in held}
    held_urls = {r["url"] for r in held if r.get("url")}
    new: list[dict] = []
    outcomes = []
    for f in fetched:
        if f.status != "fetched":
            outcomes.append(
                FeedOutcome(
                    f.spec.name,
                    f.spec.url,
                    "failed" if f.status == "failed" else "not modified",
                    error=f.error,
                    seconds=f.seconds,
                )
            )
            continue
        n = dict(new=0, held=0, outside=0, undated=0)
        for row in f.rows:
            if not row.get("date") or not (row.get("title") or "").strip():
                n["undated"] += 1
            elif not start.isoformat() <= row["date"] <= end.isoformat():
                n["outside"] += 1
            elif _key(row) in held_keys or (row.get("url") and row["url"] in held_urls):
                n["held"] += 1
            else:
                n["new"] += 1
                new.append(row)
                held_keys.add(_key(row))  # the same item in two feeds is taken once
                if row.get("url"):
                    held_urls.add(row["url"])
        outcomes.append(
            FeedOutcome(
                f.spec.name,
                f.spec.url,
                "new" if n["new"] else "nothing new",
                len(f.rows),
                n["new"],
                n["held"],
                n["outside"],
                n["undated"],
                seconds=f.seconds,
            )
        )
    return new, outcomes


def carried(new: list[dict], held: list[dict]) -> list[dict]:
    scopes = {(r["date"], r["source"].strip()) for r in new}
    return [r for r in held if (r["date"], (r.get("source") or "").strip()) in scopes]


def write_jsonl(rows: list[dict], path: Path) -> Path:
    lines = [json.dumps({k: r.get(k) for k in NEWS_COLUMNS if r.get(k) is not None}, ensure_ascii=False) for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, "\n".join(lines) + "\n")


def remembered(
    fetched: list[FeedFetch], state: dict[str, Remembered], held_after: list[dict], start: dt.date
) -> dict[str, Remembered]:
    """The state after an ingest: a feed's new validators when all its items from ``start`` on are held."""
    keys = {_key(r) for r in held_after}
    by_url = {r["url"]: _key(r) for r in held_after if r.get("url")}
    out = dict(state)
    for f in fetched:
        if f.status != "fetched":
            continue
        wanted = [
            r for r in f.rows if r.get("date") and (r.get("title") or "").strip() and r["date"] >= start.isoformat()
        ]
        held = [_key(r) if _key(r) in keys else by_url.get(r.get("url")) for r in wanted]
        if all(held):
            out[f.spec.url] = Remembered(f.validators, frozenset(k for k in held if k is not None))
        else:
            out.pop(f.spec.url, None)
    return out


def fetch_news(
    warehouse: Path,
    specs: list[FeedSpec],
    start: dt.date,
    end: dt.date,
    *,
    out: Path,
    ingest: bool = False,
    limits: Limits | None = None,
) -> NewsFetchResult:
    """Fetch every feed; write the new items (and the rows they must carry) to ``out``; ingest it if asked.
    ``limits``: the ingest limits (the settings'), which bound each feed's answer as they bound a file."""
    from aimonthly.cycle.held import current_rows

    state_file = state_path(warehouse)
    state = load_state(state_file) if Path(warehouse).exists() else {}
    fetched = fetch_feeds(specs, usable(state, warehouse), limits=limits)
    held = current_rows(warehouse, "news", start, end)
    new, outcomes = select_new(fetched, held, start, end)
    carry = carried(new, held)
    file = write_jsonl(new + carry, out) if new else None
    result = None
    if ingest:
        if file is not None:
            from aimonthly.ingest import ingest_file
            from aimonthly.warehouse import Warehouse

            with Warehouse.open(warehouse) as wh:
                result = ingest_file(wh, "news", file)
        after = current_rows(warehouse, "news", start, end) if file is not None else held
        save_state(state_file, remembered(fetched, state, after, start))
    return NewsFetchResult(start, end, tuple(outcomes), len(new), len(carry), file, result)
