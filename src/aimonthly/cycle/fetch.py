"""The fetch steps of ``aimonthly run``: news feeds, cninfo announcements, akshare prices.

Each runs only when its settings are present ([news.feeds]; [fetch] announcement_codes; [fetch]
prices) and adds only what the warehouse does not hold yet, so a second run adds nothing:

- news: items not held by date, source and title (or link); see cycle/news.py;
- announcements: rows of a company and day the warehouse holds nothing for. Analysts often
  rewrite the content of the rows they keep, and a fetched title must not replace their text;
- prices: closes that differ from the held close of that day and code (or are not held).

Fetched files are kept in ``<inbox>/done/MONTH/`` beside the inbox files of the month.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aimonthly.core.errors import plural
from aimonthly.cycle.held import current_rows
from aimonthly.cycle.inbox import free_name
from aimonthly.cycle.steps import RunContext, StepResult, StepStatus


def _window(ctx: RunContext, start: dt.date | None = None) -> str:
    return f"{start or ctx.start}..{ctx.end}"


def _ingest_kept(ctx: RunContext, dataset: str, path: Path):
    """Ingest a fetched file; an identical one ingested before makes this copy redundant."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(ctx.warehouse) as wh:
        r = ingest_file(wh, dataset, path)
    if r.status == "unchanged":
        path.unlink()
    return r


def _stamp(ctx: RunContext, start: dt.date | None = None) -> str:
    return f"{(start or ctx.start):%Y%m%d}-{ctx.end:%Y%m%d}"


# -- news feeds -----------------------------------------------------------------------------------


def news_step(ctx: RunContext) -> StepResult:
    from aimonthly.core.limits import Limits
    from aimonthly.cycle.config import feed_specs
    from aimonthly.cycle.news import fetch_news

    specs = feed_specs(ctx.settings.house)
    if not specs:
        return StepResult("fetch-news", "skipped", "no feeds in [news.feeds]")
    if ctx.end < ctx.start:
        return StepResult("fetch-news", "skipped", f"the window {_window(ctx)} is empty")
    if ctx.dry_run:
        return StepResult(
            "fetch-news",
            "planned",
            f"would read {plural(len(specs), 'feed')} for {_window(ctx)}: {', '.join(s.name for s in specs)}",
        )
    res = fetch_news(
        ctx.warehouse,
        specs,
        ctx.start,
        ctx.end,
        out=ctx.done_dir / f"news-{{feed}}-{_stamp(ctx)}.jsonl",
        ingest=True,
        limits=Limits.from_settings(ctx.settings),
    )
    for f in res.failed:  # a feed whose file the ingest refused: the file goes where rejected files go
        if f.file is not None and f.rejection is not None:
            _reject_feed_file(ctx, f)
    read = len(specs) - len(res.failed)
    if res.batches:
        carried = (
            f"; they carry {plural(res.carried_rows, 'held item')} of the same days and sources"
            if res.carried_rows
            else ""
        )
        what = f"{plural(res.new_rows, 'new item')} ingested as batch {', '.join(map(str, res.batches))}{carried}"
    else:
        what = "no new items"
    failed = f"; {len(res.failed)} failed" if res.failed else ""
    status: StepStatus = (
        "failed" if res.failed else "warning" if res.findings else "done" if res.new_rows else "unchanged"
    )
    return StepResult(
        "fetch-news",
        status,
        f"{read} of {plural(len(specs), 'feed')} read for {_window(ctx)}: {what}{failed}",
        notes=tuple(f.line() for f in res.failed) + tuple(f"{f.name}: {x}" for f in res.feeds for x in f.findings),
        changed=bool(res.batches),
        details=tuple(
            f"{f.line()} ({f.seconds:.2f} s)" + (f" → {ctx.rel(f.file)}" if f.file else "")
            for f in res.feeds
            if f.status != "failed"
        ),
    )


def _reject_feed_file(ctx: RunContext, f) -> None:
    from aimonthly.cycle.inbox import error_text, reject

    text = error_text(
        f.rejection, "news", f"from the feed {f.name} ({f.url})", ctx.month, dt.datetime.now(), f.file.name
    )
    reject(f.file, ctx.inbox, text)


# -- announcements (cninfo through akshare) -------------------------------------------------------


def announcements_step(ctx: RunContext) -> StepResult:
    from aimonthly.core.codes import normalise_code
    from aimonthly.cycle.config import fetch_config
    from aimonthly.ingest import cninfo

    cfg = fetch_config(ctx.settings.house)
    if not cfg.announcement_codes:
        return StepResult("fetch-announcements", "skipped", "no announcement_codes in [fetch]")
    if ctx.end < ctx.start:
        return StepResult("fetch-announcements", "skipped", f"the window {_window(ctx)} is empty")
    codes = plural(len(cfg.announcement_codes), "code")
    what = "cninfo " + cfg.announcement_kind + f" announcements of {codes} for {_window(ctx)}"
    if ctx.dry_run:
        return StepResult("fetch-announcements", "planned", f"would fetch {what}")
    rows = cninfo.fetch_announcements(
        cfg.announcement_codes, ctx.start, ctx.end, kind=cfg.announcement_kind, keyword=cfg.announcement_keyword
    )
    rows_held = current_rows(ctx.warehouse, "announcements", ctx.start, ctx.end)
    held = {(r["date"], normalise_code(r["code"])) for r in rows_held}
    new = [r for r in rows if (r["date"], normalise_code(r["code"])) not in held]
    skipped = len(rows) - len(new)
    if not new:
        return StepResult(
            "fetch-announcements",
            "unchanged",
            f"{len(rows)} fetched, none new (the warehouse holds those companies' days already)",
        )
    path = cninfo.write_csv(new, free_name(ctx.done_dir, f"announcements-cninfo-{_stamp(ctx)}.csv"))
    r = _ingest_kept(ctx, "announcements", path)
    kept = f"; {skipped} skipped: the warehouse holds their companies' days already" if skipped else ""
    return StepResult(
        "fetch-announcements",
        "done" if r.status != "unchanged" else "unchanged",
        f"{len(rows)} fetched: {len(new)} new, {r.status} as batch {r.batch_id}{kept}",
        details=(f"{what} -> {ctx.rel(path)}",),
        changed=r.status != "unchanged",
    )


# -- prices (akshare) -----------------------------------------------------------------------------


def _price_key(r: dict, dataset: str) -> tuple:
    d = r["date"].isoformat() if isinstance(r["date"], dt.date) else r["date"]
    extra = (r.get("industry"),) if dataset == "stock_prices" else ()
    return (d, r["code"], float(r["close"]), *extra)  # a name spelled differently is no new close


def prices_step(ctx: RunContext) -> StepResult:
    from aimonthly.core.months import previous_month
    from aimonthly.cycle.config import fetch_config
    from aimonthly.ingest import live

    if not fetch_config(ctx.settings.house).prices:
        return StepResult("fetch-prices", "skipped", "[fetch] prices is off")
    # from the month before: the review period's base is the last trading day before the month
    start = dt.date.fromisoformat(previous_month(ctx.month) + "-01")
    if ctx.end < start:
        return StepResult("fetch-prices", "skipped", f"the window {_window(ctx, start)} is empty")
    if ctx.dry_run:
        return StepResult(
            "fetch-prices", "planned", f"would fetch index and stock closes for [market] for {_window(ctx, start)}"
        )
    fetched = live.fetch_market(ctx.settings.house.market, start, ctx.end)
    parts, details, changed = [], [], False
    for dataset, rows in fetched.items():
        held_rows = current_rows(ctx.warehouse, dataset, start, ctx.end)
        held = {_price_key(r, dataset) for r in held_rows}
        names = {r["code"]: r["name"] for r in sorted(held_rows, key=lambda r: r["date"])}
        # some sources give no index name (the code stands in): keep the name the warehouse uses
        new = [
            {**r, "name": names.get(r["code"], r["name"]) if r["name"] == r["code"] else r["name"]}
            for r in rows
            if _price_key(r, dataset) not in held
        ]
        if not new:
            parts.append(f"{dataset} {plural(len(rows), 'close')}, none new")
            continue
        path = live.write_csv(new, dataset, free_name(ctx.done_dir, f"live-{dataset}-{_stamp(ctx, start)}.csv"))
        r = _ingest_kept(ctx, dataset, path)
        changed |= r.status != "unchanged"
        parts.append(f"{dataset} {plural(len(rows), 'close')}, {len(new)} new ({r.status} as batch {r.batch_id})")
        details.append(f"{dataset}: {ctx.rel(path)}")
    return StepResult(
        "fetch-prices",
        "done" if changed else "unchanged",
        f"{_window(ctx, start)}: " + "; ".join(parts),
        details=tuple(details),
        changed=changed,
    )
