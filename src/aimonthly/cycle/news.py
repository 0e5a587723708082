"""``aimonthly fetch-news``: the house feeds' new items, deduplicated against the warehouse.

For each feed of [news.feeds]: a conditional GET (ETag / Last-Modified of the last version whose
items all reached the warehouse), its items read by the feed-file reader, those dated in the
window kept. An item the warehouse already holds (same date, source and title, or same link) is
skipped. Each feed's new items go to a JSONL file of their own in the news format, ingested like
any other, so that a feed whose file is refused fails alone and is named, and the others' items
arrive. An item longer than a row may be (max_row_mb) is dropped with a finding; the rest of its
feed's items go on.

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
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from aimonthly.core.errors import plural
from aimonthly.core.files import write_atomic
from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.feeds import FeedFetch, FeedSpec, Validators, fetch_feeds

STATE_VERSION = 1
NEWS_COLUMNS = ("date", "region", "title", "body", "source", "url", "synthetic")


FeedStatus = Literal["new", "nothing new", "not modified", "failed"]


@dataclass(frozen=True)
class FeedOutcome:
    name: str
    url: str
    status: FeedStatus
    items: int = 0
    new: int = 0
    held: int = 0  # already in the warehouse (or twice in this fetch)
    outside: int = 0  # dated outside the window
    undated: int = 0  # without a date or a title: cannot be placed
    error: str | None = None
    seconds: float = 0.0
    findings: tuple[str, ...] = ()  # one line per item dropped (over the row limit)
    file: Path | None = None  # its new items, and the held rows they carry
    carried: int = 0  # held rows the file carries so that its ingest replaces nothing
    batch_id: int | None = None  # the file's batch, once ingested
    rejection: IngestError | None = field(default=None, compare=False)  # why the file's ingest was refused

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
                (len(self.findings), "dropped (too long for a row)"),
            )
            if n
        ]
        return f"{self.name}: {', '.join(parts)}"


@dataclass(frozen=True)
class NewsFetchResult:
    start: dt.date
    end: dt.date
    feeds: tuple[FeedOutcome, ...]

    @property
    def failed(self) -> list[FeedOutcome]:
        return [f for f in self.feeds if f.status == "failed"]

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(f.file for f in self.feeds if f.file is not None)

    @property
    def new_rows(self) -> int:
        """New items in the files written (and, when ingested, in the warehouse)."""
        return sum(f.new for f in self.feeds if f.status != "failed")

    @property
    def carried_rows(self) -> int:
        return sum(f.carried for f in self.feeds if f.status != "failed")

    @property
    def batches(self) -> tuple[int, ...]:
        return tuple(f.batch_id for f in self.feeds if f.batch_id is not None)

    @property
    def findings(self) -> tuple[str, ...]:
        return tuple(x for f in self.feeds for x in f.findings)


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


def select_new(f: FeedFetch, held: list[dict], start: dt.date, end: dt.date) -> tuple[list[dict], FeedOutcome]:
    """One feed's items to add (not held, dated in the window, each once), and what became of its items.
    ``held``: the warehouse's rows of the window, and the items taken from the feeds before this one."""
    if f.status != "fetched":
        gone: FeedStatus = "failed" if f.status == "failed" else "not modified"
        return [], FeedOutcome(f.spec.name, f.spec.url, gone, error=f.error, seconds=f.seconds)
    held_keys = {_key(r) for r in held}
    held_urls = {r["url"] for r in held if r.get("url")}
    new: list[dict] = []
    n = dict(held=0, outside=0, undated=0)
    for row in f.rows:
        if not row.get("date") or not (row.get("title") or "").strip():
            n["undated"] += 1
        elif not start.isoformat() <= row["date"] <= end.isoformat():
            n["outside"] += 1
        elif _key(row) in held_keys or (row.get("url") and row["url"] in held_urls):
            n["held"] += 1
        else:
            new.append(row)
            held_keys.add(_key(row))  # the same item twice in a feed is taken once
            if row.get("url"):
                held_urls.add(row["url"])
    status: FeedStatus = "new" if new else "nothing new"
    return new, FeedOutcome(
        f.spec.name, f.spec.url, status, len(f.rows), len(new), n["held"], n["outside"], n["undated"], seconds=f.seconds
    )


def _line(row: dict) -> str:
    return json.dumps({k: row.get(k) for k in NEWS_COLUMNS if row.get(k) is not None}, ensure_ascii=False)


def within_row_limit(rows: list[dict], limits: Limits) -> tuple[list[dict], tuple[str, ...]]:
    """The items whose line fits ``max_row_mb`` (ingest refuses a file with a longer one), and a finding
    for each item dropped."""
    limit = limits.max_row_mb << 20
    kept, dropped = [], []
    for row in rows:
        size = len(_line(row).encode("utf-8"))
        if size <= limit:
            kept.append(row)
            continue
        title = (row.get("title") or "").strip()
        title = title if len(title) <= 60 else title[:59] + "…"
        dropped.append(
            f"item {title!r} of {row['date']}: {size / (1 << 20):,.1f} MB, over the limit of "
            f"{limits.max_row_mb} MB for one row (setting max_row_mb): dropped"
        )
    return kept, tuple(dropped)


def feed_file(out: Path, feed: str) -> Path:
    """Where a feed's items go: ``out`` with ``{feed}`` in its name replaced by the feed's name, or with
    ``-<feed>`` before its extension; a name already taken gets a number (nothing is overwritten)."""
    from aimonthly.cycle.inbox import free_name

    safe = re.sub(r"[^\w-]+", "_", feed)[:60].strip("_") or "feed"
    name = out.name.replace("{feed}", safe) if "{feed}" in out.name else f"{out.stem}-{safe}{out.suffix}"
    out.parent.mkdir(parents=True, exist_ok=True)
    return free_name(out.parent, name)


def carried(new: list[dict], held: list[dict]) -> list[dict]:
    scopes = {(r["date"], r["source"].strip()) for r in new}
    return [r for r in held if (r["date"], (r.get("source") or "").strip()) in scopes]


def write_jsonl(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, "".join(_line(r) + "\n" for r in rows))


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
    """Fetch every feed; write each feed's new items (and the rows they must carry) to a file of its own
    (``feed_file(out, name)``), and ingest it if asked. ``limits``: the ingest limits (the settings'), which
    bound each feed's answer as they bound a file, and each item as they bound a row."""
    from aimonthly.cycle.held import current_rows

    limits = limits or Limits()
    state_file = state_path(warehouse)
    state = load_state(state_file) if Path(warehouse).exists() else {}
    fetched = fetch_feeds(specs, usable(state, warehouse), limits=limits)
    held = current_rows(warehouse, "news", start, end)
    outcomes = []
    for f in fetched:
        new, outcome = select_new(f, held, start, end)
        new, dropped = within_row_limit(new, limits)
        outcome = replace(outcome, new=len(new), findings=dropped)
        if new:
            carry = carried(new, held)
            path = write_jsonl(new + carry, feed_file(out, f.spec.name))
            outcome = replace(outcome, file=path, carried=len(carry))
            if ingest:
                outcome = _ingest(warehouse, outcome, limits)
            if outcome.status != "failed":
                held = held + new  # the next feed's file carries these too where it shares their days and sources
        outcomes.append(outcome)
    if ingest:
        after = current_rows(warehouse, "news", start, end) if any(o.batch_id for o in outcomes) else held
        save_state(state_file, remembered(fetched, state, after, start))
    return NewsFetchResult(start, end, tuple(outcomes))


def _ingest(warehouse: Path, outcome: FeedOutcome, limits: Limits) -> FeedOutcome:
    """The feed's file ingested; refused, the feed fails with the reason (a warehouse failure fails them all)."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    assert outcome.file is not None
    try:
        with Warehouse.open(warehouse) as wh:
            r = ingest_file(wh, "news", outcome.file, limits=limits)
    except IngestError as e:
        first = str(e.problems[0]) if e.problems else str(e)
        more = f" (+{len(e.problems) - 1} more)" if len(e.problems) > 1 else ""
        error = f"its {plural(outcome.new, 'new item')} were refused by the news ingest: {first}{more}"
        return replace(outcome, status="failed", error=error.replace("item were", "item was"), rejection=e)
    return replace(outcome, batch_id=r.batch_id)
