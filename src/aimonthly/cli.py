"""The command line: a thin layer over the library. Each command calls library functions and
turns the project's named errors into one red line (a traceback only with --debug)."""

from __future__ import annotations

import functools
import shutil
import sys
import time
from pathlib import Path
from typing import Callable, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aimonthly.core.errors import AimonthlyError, plural
from aimonthly.core.safe import printable

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Turn a month of AI-industry data into a finished industry monthly.",
)
console = Console()
err = Console(stderr=True)
_state = {"debug": False}

WarehouseOpt = typer.Option(None, "--warehouse", "-w", help="The DuckDB warehouse file (setting: warehouse).")


def text(value: object) -> str:
    """A value that may come from data, for a Rich markup string: no markup, no terminal escapes."""
    return escape(printable(str(value)))


def handle_errors(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AimonthlyError as e:
            if _state["debug"]:
                raise
            lines = e.lines() if hasattr(e, "lines") else [str(e)]
            err.print(f"[bold red]Error:[/] {text(lines[0])}", highlight=False, soft_wrap=True)
            for line in lines[1:]:
                err.print(printable(line), highlight=False, soft_wrap=True, markup=False)
            if e.hint:
                err.print(f"[dim]{text(e.hint)}[/]", highlight=False)  # hints may hold [extras]
            raise typer.Exit(1) from None

    return wrapper


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors.")) -> None:
    """aimonthly: ingest exports into a warehouse, then build the month's report from it."""
    _state["debug"] = debug


def _settings(**overrides):
    from aimonthly.config import load_settings  # pydantic stays off the path of --help

    return load_settings(overrides)


def warehouse_to_read(s) -> Path:
    """The warehouse a read command reads; a missing one is an error that says where it looked (a read
    command never creates one)."""
    from aimonthly.warehouse import WarehouseError

    path = s.path("warehouse")
    if path.exists():
        return path
    source = s.sources.get("warehouse", "default")
    if source != "default":
        looked = f"warehouse = {s.warehouse!r}, from {source}"
    elif s.project_file:
        looked = f"the default warehouse setting: {s.project_file} does not set warehouse"
    else:
        looked = f"the default warehouse setting: no aimonthly.toml in {Path.cwd()}"
    raise WarehouseError(
        f"no warehouse at {path} ({looked})",
        hint="ingest data first (aimonthly ingest …), name one with --warehouse, or run aimonthly demo "
        "and cd into its folder",
    )


def _month(month: str | None) -> str | None:
    """A month option as YYYY-MM ("2024-5" is 2024-05), checked."""
    from aimonthly.core.months import check_month

    return None if month is None else check_month(month)


@app.command()
@handle_errors
def ingest(
    dataset: str = typer.Argument(..., help="A dataset of docs/formats.md: traffic, app_ranks, news, products, …"),
    files: list[Path] = typer.Argument(..., help="CSV, XLSX, Parquet, JSONL or YAML files (news also RSS/Atom)."),
    month: Optional[str] = typer.Option(
        None, "--month", help="Fill the month column when the file has none (traffic)."
    ),
    list_: Optional[str] = typer.Option(
        None, "--list", help="Fill the list column when the file has none (traffic): global, domestic, overseas."
    ),
    keyword: Optional[str] = typer.Option(
        None, "--keyword", help="Fill the keyword column when the file has none (app_ranks)."
    ),
    map_: list[str] = typer.Option(
        [], "--map", help="Map a canonical column to the file's header: --map visits=每月訪問量 (repeatable)."
    ),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The XLSX sheet to read (default: the first)."),
    skip_rows: Optional[int] = typer.Option(
        None,
        "--skip-rows",
        min=0,
        help="Lines (CSV) or rows (XLSX) above the header "
        "to skip, e.g. a title; by default the title lines above the header are found and skipped.",
    ),
    source: Optional[str] = typer.Option(
        None, "--source", help="The vendor the file came from, recorded with its batch and named in source lines."
    ),
    save_profile: Optional[str] = typer.Option(
        None,
        "--save-profile",
        help="Remember this file's options as vendor profile NAME in aimonthly.toml ([[house.inbox.profiles]]): "
        "the inbox and ingest apply it to the vendor's next files.",
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Validate files and add each to the warehouse as one batch (all or nothing per file). A vendor profile
    whose pattern is in a file's name gives the options the command line does not."""
    from aimonthly.ingest import Limits, ingest_files
    from aimonthly.ingest.parse import get_dataset
    from aimonthly.ingest.profiles import with_profile
    from aimonthly.warehouse import Warehouse

    get_dataset(dataset)  # an unknown name fails before any file is read
    if save_profile is not None and len(files) != 1:
        raise AimonthlyError("--save-profile takes one file: the profile is made from its name and options")

    mapping = {}
    for m in map_:
        if "=" not in m:
            raise AimonthlyError(f"--map {m!r}: write it as canonical=HEADER, e.g. --map visits=访问量")
        k, v = m.split("=", 1)
        mapping[k.strip()] = v.strip()
    s = _settings(warehouse=warehouse)
    fill = {"month": month, "list": list_, "keyword": keyword}
    given = {"fill": fill, "mapping": mapping, "skip_rows": skip_rows, "source": source}
    planned = []
    for f in files:
        options, applied = with_profile(dataset, f, () if save_profile else s.house.inbox.profiles, given)
        if applied is not None:
            console.print(f"{text(f.name)}: {text(applied.describe())}", highlight=False)
        planned.append((dataset, f, options))
    said_absent: set[tuple[str, ...]] = set()
    with Warehouse.open(s.path("warehouse")) as wh:
        for r in ingest_files(
            wh,
            planned,
            fill=fill,
            mapping=mapping,
            sheet=sheet,
            skip_rows=skip_rows,
            source=source,
            limits=Limits.from_settings(s),
        ):
            verb = {"added": "[green]added[/]", "replaced": "[yellow]replaced[/]", "unchanged": "[dim]unchanged[/]"}[
                r.status
            ]
            extra = f", replacing {plural(r.replaced_rows, 'row')} (kept as history)" if r.replaced_rows else ""
            console.print(
                f"{text(r.file)}: {verb} {plural(r.rows, dataset + ' row')} as batch {r.batch_id}{extra} "
                f"[dim]({r.format}{', ' + r.encoding if r.encoding else ''})[/]",
                highlight=False,
            )
            if r.skipped:
                console.print(
                    f"  [dim]skipped {plural(r.skipped, 'title line')} above the header (--skip-rows sets it)[/]",
                    highlight=False,
                )
            if r.units:
                console.print(
                    "  units in headers: " + text(", ".join(f"{c} ×{u}" for c, u in r.units.items())), highlight=False
                )
            if r.ignored:
                console.print(f"  ignored columns: {text(', '.join(r.ignored))}", highlight=False)  # the file's headers
            if r.absent and r.status != "unchanged" and tuple(r.absent) not in said_absent:  # once per command
                said_absent.add(tuple(r.absent))
                console.print(f"  [dim]absent optional columns: {', '.join(r.absent)}[/]", highlight=False)
    if save_profile is not None:
        _save_profile(s, save_profile, dataset, files[0], given)


def _save_profile(s, name: str, dataset: str, path: Path, given: dict) -> None:
    """--save-profile: the file's options as a vendor profile in the project's aimonthly.toml."""
    from aimonthly.config import PROJECT_FILE
    from aimonthly.ingest.profiles import profile_from_ingest, save_profile

    profile = profile_from_ingest(name, dataset, path, **given)
    target = save_profile(s.project_file or Path.cwd() / PROJECT_FILE, profile)
    how = ", ".join(f"{k} = {v!r}" for k, v in profile.items() if k not in ("name", "dataset"))
    console.print(
        f"saved vendor profile {text(name)} to {text(str(target))} ({text(how)}): the inbox and ingest apply it "
        f"to the files its pattern finds",
        highlight=False,
    )


@app.command()
@handle_errors
def status(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Show what the warehouse holds: rows, batches and time span per dataset."""
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    with Warehouse.open(warehouse_to_read(s), read_only=True) as wh:
        _print_summary(wh.summary())


def _print_summary(rows: list[dict]) -> None:
    table = Table("dataset", "rows", "synthetic", "batches", "from", "to")
    for r in rows:
        table.add_row(
            r["dataset"],
            f"{r['rows']:,}",
            f"{r['synthetic_rows']:,}",
            str(r["batches"]),
            r["from"] or "-",
            r["to"] or "-",
        )
    console.print(table)


@app.command()
@handle_errors
def doctor(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Check the warehouse's integrity (batches vs rows, orphan rows, history, months with gaps) and the
    installation (CJK font, Typst, optional extras); exit 1 when a check fails."""
    from rich.markup import escape

    from aimonthly.doctor import failed, run_checks

    s = _settings(warehouse=warehouse)
    checks = run_checks(s)
    style = {"ok": "green", "warn": "yellow", "fail": "bold red", "off": "dim"}
    table = Table("area", "check", "status", "detail")
    for c in checks:
        table.add_row(c.area, c.name, f"[{style[c.status]}]{c.status}[/]", escape(c.detail))
    console.print(table)
    if bad := failed(checks):
        err.print(
            f"[bold red]Error:[/] {plural(len(bad), 'check')} failed: {', '.join(c.name for c in bad)}", highlight=False
        )
        raise typer.Exit(1)


@app.command()
@handle_errors
def export(
    folder: Path = typer.Argument(
        ..., help="Where to write <dataset>.parquet for each dataset (e.g. a path your Spark cluster reads)."
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Write the current rows of every dataset as Parquet (what the Spark backend reads)."""
    from aimonthly.warehouse.backends import refresh_parquet

    s = _settings(warehouse=warehouse)
    written = refresh_parquet(warehouse_to_read(s), folder)
    console.print(
        f"{'wrote' if written else 'up to date:'} {folder}/<dataset>.parquet for every dataset", highlight=False
    )


@app.command("config")
@handle_errors
def show_config() -> None:
    """Show each setting's value and where it came from."""
    from aimonthly.config import SETTINGS

    s = _settings()
    table = Table("setting", "value", "from")
    for name in SETTINGS:
        value = getattr(s, name)
        table.add_row(name, ",".join(value) if isinstance(value, tuple) else str(value), s.sources[name])
    console.print(table)
    console.print(
        f"[dim]project file: {s.project_file or 'none (looked for aimonthly.toml in ' + str(Path.cwd()) + ')'}[/]"
    )


def _print_result(result, timings: bool) -> None:
    for note in result.notes:
        err.print(f"[yellow]warning:[/] {note}", highlight=False)
    if result.check is not None:
        from aimonthly.cli_quality import print_check_summary

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


@app.command()
@handle_errors
def report(
    month: str = typer.Argument(..., help="The data month, YYYY-MM."),
    formats: Optional[str] = typer.Option(
        None, "--formats", help="Comma-separated: pdf,docx,html,xlsx,json (setting: formats)."
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default: <output_dir>/<month>)."),
    content: Optional[Path] = typer.Option(
        None, "--content", help="The month's Markdown file (default: <content_dir>/<month>.md)."
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Fail when a section has no data for the month, or its data "
        "ends before the period it reports on (facts.json coverage_gaps), or on any error "
        "of aimonthly check.",
    ),
    timings: bool = typer.Option(False, "--timings", help="Print each stage's time."),
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

    from aimonthly.pipeline import build_report

    s = _settings(warehouse=warehouse, formats=formats)
    fmts = list(s.formats)
    warehouse_to_read(s)
    if watch:
        from aimonthly.cli_watch import watch as watch_loop

        return watch_loop(s, month, formats=fmts, out=out, content=content, strict=strict, timings=timings)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("building", total=len(fmts) + 3)
        result = build_report(
            s,
            month,
            formats=fmts,
            out_dir=out,
            content_file=content,
            strict=strict,
            on_stage=_progress_stages(progress, task),
        )
    _print_result(result, timings)


@app.command()
@handle_errors
def facts(
    month: str = typer.Argument(..., help="The data month, YYYY-MM."), warehouse: Optional[Path] = WarehouseOpt
) -> None:
    """Print the month's facts.json (every computed figure) to standard output."""
    from aimonthly.pipeline import month_facts
    from aimonthly.render.facts_json import facts_json

    s = _settings(warehouse=warehouse)
    warehouse_to_read(s)
    sys.stdout.write(facts_json(month_facts(s, month).to_dict()))


@app.command()
@handle_errors
def new(
    month: str = typer.Argument(..., help="The month to scaffold, YYYY-MM."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Scaffold next month's Markdown file from the latest one (or the bundled default)."""
    from aimonthly.demo import DEMO_MONTH, content_dir
    from aimonthly.report.scaffold import scaffold_month

    s = _settings()
    path, origin = scaffold_month(
        s.path("content_dir"), month, fallback=content_dir() / f"{DEMO_MONTH}.md", force=force
    )
    console.print(
        f"wrote {path} (from {origin}); edit the authored text, keep the {{{{ … }}}} lines; "
        f"aimonthly check {month} names last month's products and figures left in it",
        highlight=False,
    )


DEMO_PROJECT = """# Written by `aimonthly demo`: every command run in this folder uses the demo's warehouse,
# e.g. `aimonthly check 2024-04`, `aimonthly report 2024-04 --formats pdf`, `aimonthly products`.
warehouse = "warehouse.duckdb"
content_dir = "content"
output_dir = "reports"
"""


@app.command()
@handle_errors
def demo(
    directory: Path = typer.Option(
        Path("aimonthly-demo"), "--dir", help="Folder for the demo warehouse, content and report."
    ),
    timings: bool = typer.Option(False, "--timings", help="Print each stage's time."),
) -> None:
    """Load the bundled demo data into a fresh warehouse, then build the 2024-04 demo report."""
    from rich.progress import Progress

    from aimonthly.config import load_settings
    from aimonthly.demo import DEMO_MONTH, content_dir, demo_files
    from aimonthly.ingest import ingest_files
    from aimonthly.config import FORMATS
    from aimonthly.pipeline import build_report
    from aimonthly.warehouse import Warehouse

    t0 = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    wh_path = directory / "warehouse.duckdb"
    for p in (wh_path, Path(str(wh_path) + ".wal")):
        p.unlink(missing_ok=True)
    (directory / "content").mkdir(exist_ok=True)
    shutil.copy(content_dir() / f"{DEMO_MONTH}.md", directory / "content" / f"{DEMO_MONTH}.md")
    files = demo_files()
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("loading demo data", total=len(files) + len(FORMATS) + 3)
        with Warehouse.open(wh_path) as wh:
            for r in ingest_files(wh, files):
                progress.update(task, description=f"ingested {r.dataset}")
                progress.advance(task)
            summary = wh.summary()
        ingest_secs = time.perf_counter() - t0
        settings = load_settings(
            {
                "warehouse": str(wh_path.resolve()),
                "content_dir": str((directory / "content").resolve()),
                "output_dir": str((directory / "reports").resolve()),
            }
        )
        result = build_report(settings, DEMO_MONTH, formats=list(FORMATS), on_stage=_progress_stages(progress, task))
    project = directory / "aimonthly.toml"
    if not project.exists():  # so that every command works from the demo's folder
        project.write_text(DEMO_PROJECT, encoding="utf-8")
    _print_summary(summary)
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


@app.command("fetch-announcements")
@handle_errors
def fetch_announcements(
    codes: list[str] = typer.Argument(..., help="Stock codes in any form: 300781, 300781.SZ, sh600519, 0700.HK."),
    start: str = typer.Option(..., "--from", help="First announcement date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last announcement date, YYYY-MM-DD."),
    kind: str = typer.Option(
        "relation", "--kind", help="relation (投资者关系活动/调研 records) or report (every filing)."
    ),
    keyword: str = typer.Option("", "--keyword", help="With --kind report: only titles containing this."),
    out: Path = typer.Option(
        Path("announcements-cninfo.csv"), "--out", help="The CSV to write (announcements format)."
    ),
    ingest: bool = typer.Option(False, "--ingest", help="Also ingest the CSV into the warehouse."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Fetch company announcements from cninfo through akshare (the optional "live" extra) into a CSV."""
    import datetime as dt

    from aimonthly.ingest.cninfo import fetch_announcements as fetch, write_csv

    try:
        lo, hi = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError as e:
        raise AimonthlyError(f"--from {start} / --to {end}: write dates as YYYY-MM-DD") from e
    rows = fetch(codes, lo, hi, kind=kind, keyword=keyword)
    console.print(f"wrote {plural(len(rows), 'announcement')} to {write_csv(rows, out)}", highlight=False)
    if ingest and rows:
        from aimonthly.ingest import ingest_file
        from aimonthly.warehouse import Warehouse

        with Warehouse.open(_settings(warehouse=warehouse).path("warehouse")) as wh:
            r = ingest_file(wh, "announcements", out)
        console.print(
            f"{text(r.file)}: {r.status} {plural(r.rows, 'announcements row')} as batch {r.batch_id}", highlight=False
        )


from aimonthly import cli_ratings, cli_warehouse  # noqa: E402,F401  (register ratings, batches and undo)

from aimonthly import cli_cycle  # noqa: E402,F401  (registers run and fetch-news on app)

from aimonthly import cli_quality  # noqa: E402,F401  (registers the check and products commands)

from aimonthly import cli_serve  # noqa: E402,F401  (registers serve)

from aimonthly import cli_draft  # noqa: E402,F401  (registers draft)

if __name__ == "__main__":  # pragma: no cover
    app()
