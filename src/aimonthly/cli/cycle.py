"""The monthly cycle's commands: ``aimonthly run`` and ``aimonthly fetch-news``."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from aimonthly.cli.common import FormatsOpt, MonthArg, WarehouseOpt, _date, _settings, console, err, handle_errors, text
from aimonthly.core.errors import AimonthlyError, plural

STYLE = {
    "done": "green",
    "unchanged": "dim",
    "skipped": "dim",
    "warning": "yellow",
    "failed": "bold red",
    "planned": "cyan",
}


def _print_step(r) -> None:
    style = STYLE.get(r.status, "")
    console.print(
        f"  {r.name:<20} [{style}]{r.status:<9}[/] {r.duration:6.2f} s  {text(r.summary)}",
        highlight=False,
        soft_wrap=True,
    )
    for note in r.notes:
        console.print(f"  {'':<20} {'':<9} {'':>8}  [{style}]{text(note)}[/]", highlight=False, soft_wrap=True)


# Help texts with one line per paragraph: the help screen keeps a docstring's line breaks.
RUN_HELP = (
    "The month's whole cycle in one command: inbox, fetchers, new, check, report.\n\n"
    "Ingests the inbox, fetches news, announcements and prices, scaffolds the month's file if it is missing, "
    "checks and builds the report (docs/cycle.md). Exit 0 built, 1 a step failed, 2 check warnings under "
    "--strict."
)
FETCH_NEWS_HELP = (
    "Read the house's RSS/Atom feeds and write the items the warehouse does not hold yet.\n\n"
    "The feeds are listed in the house settings (news.feeds; docs/cycle.md). Exit 1 when a feed "
    "failed (the others are still read)."
)


def register(app: typer.Typer) -> None:
    app.command(help=RUN_HELP)(run)
    app.command("fetch-news", help=FETCH_NEWS_HELP)(fetch_news)


@handle_errors
def run(
    month: str = MonthArg,
    strict: bool = typer.Option(
        False, "--strict", help="Stop on check errors and on a month without data; exit 2 on check warnings."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what each step would do; change and fetch nothing."),
    force: bool = typer.Option(False, "--force", help="Build the report even when nothing it depends on changed."),
    formats: Optional[str] = FormatsOpt,
    inbox: Optional[Path] = typer.Option(None, "--inbox", help="The inbox folder (setting: inbox_dir)."),
    warehouse: Optional[Path] = WarehouseOpt,
    today: Optional[str] = typer.Option(None, "--today", hidden=True, help="Run as if on this day (tests, re-runs)."),
) -> None:
    """The month's whole cycle in one command (help text: RUN_HELP)."""
    from aimonthly.core.months import check_month
    from aimonthly.cycle import run_month

    month = check_month(month)  # a bad month is one red line before anything is said or done
    s = _settings(warehouse=warehouse, formats=formats, inbox_dir=inbox)
    console.print(
        f"aimonthly run {month}{' (dry run)' if dry_run else ''}: warehouse {s.path('warehouse')}, "
        f"inbox {s.path('inbox_dir')}",
        highlight=False,
        soft_wrap=True,
    )
    status = err.status("starting")
    with status:
        result = run_month(
            s,
            month,
            strict=strict,
            force=force,
            dry_run=dry_run,
            today=_date(today, "--today") if today else None,
            on_start=lambda name: status.update(f"running {name}"),
            on_step=_print_step,
        )
    if result.stale_lock:
        console.print(f"[dim]note: {text(result.stale_lock)}[/]", highlight=False)
    style = "green" if result.exit_code == 0 else "yellow" if result.exit_code == 2 else "bold red"
    console.print(
        f"[{style}]{text(result.outcome)}[/] (exit {result.exit_code}, {result.seconds:.1f} s)", highlight=False
    )
    if result.log:
        console.print(f"log: {result.log}", highlight=False)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


@handle_errors
def fetch_news(
    start: str = typer.Option(..., "--from", help="First item date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last item date, YYYY-MM-DD."),
    out: Path = typer.Option(
        Path("news-feeds.jsonl"),
        "--out",
        help="Where the items go (news format): each feed's to a file of its own, NAME-FEED.jsonl beside it.",
    ),
    ingest: bool = typer.Option(
        False, "--ingest", help="Also ingest the files, and remember each feed's ETag / Last-Modified."
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Read the house's feeds (help text: FETCH_NEWS_HELP)."""
    from aimonthly.core.limits import Limits
    from aimonthly.cycle import fetch_news as fetch
    from aimonthly.cycle.config import feed_specs

    lo, hi = _date(start, "--from"), _date(end, "--to")
    if hi < lo:
        raise AimonthlyError(f"--to {hi} is before --from {lo}")
    s = _settings(warehouse=warehouse)
    specs = feed_specs(s.house)
    if not specs:
        raise AimonthlyError(
            "no feeds configured",
            hint="list them in aimonthly.toml as [house.news.feeds.NAME] tables with url (and source, region, timeout)",
        )
    res = fetch(s.path("warehouse"), specs, lo, hi, out=out, ingest=ingest, limits=Limits.from_settings(s))
    for f in res.feeds:
        style = (
            "bold red" if f.status == "failed" else "dim" if f.status in ("not modified", "nothing new") else "green"
        )
        console.print(f"[{style}]{text(f.line())}[/]", highlight=False, soft_wrap=True)
    for f in res.feeds:
        for finding in f.findings:
            err.print(f"[yellow]{text(f.name)}: {text(finding)}[/]", highlight=False, soft_wrap=True)
        if f.file is None:
            continue
        carried = f" (and {plural(f.carried, 'held item')} of the same days and sources)" if f.carried else ""
        batch = "" if not ingest else ", refused" if f.status == "failed" else f", ingested as batch {f.batch_id}"
        console.print(
            f"{text(f.name)}: wrote {plural(f.new, 'new item')} to {text(f.file)}{carried}{batch}", highlight=False
        )
    if not res.files:
        console.print("no new items", highlight=False)
    if res.failed:
        err.print(
            f"[bold red]Error:[/] {len(res.failed)} of {plural(len(specs), 'feed')} failed: "
            f"{text(', '.join(f.name for f in res.failed))}",
            highlight=False,
        )
        raise typer.Exit(1)
