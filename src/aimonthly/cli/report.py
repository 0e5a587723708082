"""The report's commands: ``aimonthly report`` (the month's files; ``--watch`` rebuilds), ``facts``
(facts.json to standard output), ``new`` (next month's Markdown) and ``demo`` (the bundled demo, built)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Optional

import typer

from aimonthly.cli.common import (
    ContentOpt,
    FormatsOpt,
    MonthArg,
    TimingsOpt,
    WarehouseOpt,
    _desk,
    _settings,
    console,
    err,
    handle_errors,
    print_check_summary,
    print_summary,
)
from aimonthly.core.errors import plural


def register(app: typer.Typer) -> None:
    for command in (report, facts, new, demo):
        app.command()(command)


def _print_result(result, timings: bool) -> None:
    for note in result.notes:
        err.print(f"[yellow]warning:[/] {note}", highlight=False)
    if result.check is not None:
        print_check_summary(result.check)
    console.print(
        f"report for {result.month}: {plural(result.exhibits, 'exhibit')} → {result.out_dir}", highlight=False
    )
    for fmt, path in result.files.items():
        console.print(f"  {fmt:<5} {path}", highlight=False)
    if timings:
        total = sum(t for _, t in result.timings)
        for name, secs in result.timings:
            console.print(f"  [dim]{name:<8} {secs:6.2f} s[/]", highlight=False)
        console.print(f"  [dim]{'total':<8} {total:6.2f} s[/]", highlight=False)


def _progress_stages(progress, task):
    def on_stage(name: str) -> None:
        progress.update(task, description=f"building: {name}")
        progress.advance(task)

    return on_stage


@handle_errors
def report(
    month: str = MonthArg,
    formats: Optional[str] = FormatsOpt,
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default: <output_dir>/<month>)."),
    content: Optional[Path] = ContentOpt,
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Fail when a section has no data for the month, or its data "
        "ends before the period it reports on (facts.json coverage_gaps), or on any error "
        "of aimonthly check.",
    ),
    timings: bool = TimingsOpt,
    watch: bool = typer.Option(
        False,
        "--watch",
        help="Build, then build again whenever the month's Markdown or the "
        "warehouse changes (facts and charts kept in memory between builds); Ctrl-C stops.",
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Build the month's report: PDF, Word, HTML, the Excel data pack and facts.json."""
    from rich.progress import Progress

    desk = _desk(warehouse=warehouse, formats=formats)
    fmts = list(desk.settings.formats)
    desk.require_warehouse()
    if watch:
        from aimonthly.cli.watch import watch as watch_loop

        return watch_loop(desk.settings, month, formats=fmts, out=out, content=content, strict=strict, timings=timings)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("building", total=len(fmts) + 3)
        result = desk.report(
            month, formats=fmts, out=out, content=content, strict=strict, on_stage=_progress_stages(progress, task)
        )
    _print_result(result, timings)


@handle_errors
def facts(month: str = MonthArg, warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Print the month's facts.json (every computed figure) to standard output."""
    from aimonthly.render.facts_json import dumps

    sys.stdout.write(dumps(_desk(warehouse=warehouse).facts(month)))


@handle_errors
def new(
    month: str = typer.Argument(..., help="The month to scaffold, YYYY-MM."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Scaffold next month's Markdown file from the latest one (or the bundled default)."""
    from aimonthly.content.scaffold import scaffold_month

    path, origin = scaffold_month(_settings().path("content_dir"), month, force=force)
    console.print(
        f"wrote {path} (from {origin}); edit the authored text, keep the {{{{ … }}}} lines; "
        f"aimonthly check {month} names last month's products and figures left in it",
        highlight=False,
    )


@handle_errors
def demo(
    directory: Path = typer.Option(
        Path("aimonthly-demo"), "--dir", help="Folder for the demo warehouse, content and report."
    ),
    timings: bool = TimingsOpt,
) -> None:
    """Load the bundled demo data into a fresh warehouse, then build the 2024-04 demo report."""
    from rich.progress import Progress

    from aimonthly.config import FORMATS
    from aimonthly.demo import DEMO_FILES, DEMO_MONTH
    from aimonthly.desk import Desk

    t0 = time.perf_counter()

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("loading demo data", total=len(DEMO_FILES) + len(FORMATS) + 3)

        def on_file(r) -> None:
            progress.update(task, description=f"ingested {r.dataset}")
            progress.advance(task)

        desk = Desk.demo(directory, env=True, on_file=on_file)
        ingest_secs = time.perf_counter() - t0
        result = desk.report(DEMO_MONTH, formats=FORMATS, on_stage=_progress_stages(progress, task))
    summary, wh_path = desk.status(), desk.warehouse
    print_summary(summary)
    console.print(f"warehouse: {wh_path}", highlight=False)
    result.timings.insert(0, ("ingest", ingest_secs))
    _print_result(result, timings)
    if timings:
        console.print(
            f"  [dim]{'wall':<8} {time.perf_counter() - t0:6.2f} s (with start-up work inside this process)[/]",
            highlight=False,
        )
    console.print(
        f"[dim]next: cd {directory} && aimonthly check {DEMO_MONTH} (its aimonthly.toml names this warehouse)[/]",
        highlight=False,
    )
