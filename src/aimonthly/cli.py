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

from aimonthly.config import SETTINGS, load_settings
from aimonthly.errors import AimonthlyError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Turn a month of AI-industry data into a finished industry monthly.")
console = Console()
err = Console(stderr=True)
_state = {"debug": False}

WarehouseOpt = typer.Option(None, "--warehouse", "-w", help="The DuckDB warehouse file (setting: warehouse).")


def handle_errors(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AimonthlyError as e:
            if _state["debug"]:
                raise
            lines = e.lines() if hasattr(e, "lines") else [str(e)]
            err.print(f"[bold red]Error:[/] {escape(lines[0])}", highlight=False, soft_wrap=True)
            for line in lines[1:]:
                err.print(line, highlight=False, soft_wrap=True, markup=False)
            if e.hint:
                err.print(f"[dim]{escape(e.hint)}[/]", highlight=False)  # hints may hold [extras]
            raise typer.Exit(1) from None
    return wrapper


@app.callback()
def main(debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors.")) -> None:
    """aimonthly: ingest exports into a warehouse, then build the month's report from it."""
    _state["debug"] = debug


def _settings(**overrides):
    return load_settings(overrides)


@app.command()
@handle_errors
def ingest(
    dataset: str = typer.Argument(..., help="A dataset of docs/formats.md: traffic, app_ranks, news, products, …"),
    files: list[Path] = typer.Argument(..., help="CSV, XLSX, Parquet, JSONL or YAML files (news also RSS/Atom)."),
    month: Optional[str] = typer.Option(None, "--month", help="Fill the month column when the file has none (traffic)."),
    list_: Optional[str] = typer.Option(None, "--list", help="Fill the list column when the file has none (traffic): global, domestic, overseas."),
    keyword: Optional[str] = typer.Option(None, "--keyword", help="Fill the keyword column when the file has none (app_ranks)."),
    map_: list[str] = typer.Option([], "--map", help="Map a canonical column to the file's header: --map visits=每月訪問量 (repeatable)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="The XLSX sheet to read (default: the first)."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Validate files and add each to the warehouse as one batch (all or nothing per file)."""
    from aimonthly.ingest import ingest_files
    from aimonthly.warehouse import Warehouse

    mapping = {}
    for m in map_:
        if "=" not in m:
            raise AimonthlyError(f"--map {m!r}: write it as canonical=HEADER, e.g. --map visits=访问量")
        k, v = m.split("=", 1)
        mapping[k.strip()] = v.strip()
    s = _settings(warehouse=warehouse)
    fill = {"month": month, "list": list_, "keyword": keyword}
    with Warehouse.open(s.path("warehouse")) as wh:
        for r in ingest_files(wh, [(dataset, f) for f in files], fill=fill, mapping=mapping, sheet=sheet):
            verb = {"added": "[green]added[/]", "replaced": "[yellow]replaced[/]", "unchanged": "[dim]unchanged[/]"}[r.status]
            extra = f", replacing {r.replaced_rows} rows (kept as history)" if r.replaced_rows else ""
            console.print(f"{r.file}: {verb} {r.rows} {dataset} rows as batch {r.batch_id}{extra} "
                          f"[dim]({r.format}{', ' + r.encoding if r.encoding else ''})[/]", highlight=False)
            if r.ignored:
                console.print(f"  ignored columns: {', '.join(r.ignored)}", highlight=False)
            if r.absent and r.status != "unchanged":
                console.print(f"  [dim]absent optional columns: {', '.join(r.absent)}[/]", highlight=False)


@app.command()
@handle_errors
def batches(dataset: Optional[str] = typer.Argument(None, help="Only this dataset."), warehouse: Optional[Path] = WarehouseOpt) -> None:
    """List every ingested batch, replaced ones included (the warehouse's history)."""
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    with Warehouse.open(s.path("warehouse"), read_only=True) as wh:
        t = wh.batches(dataset)
    table = Table("batch", "dataset", "file", "rows", "replaced rows", "ingested at", "sha256")
    for r in t.to_pylist():
        table.add_row(str(r["batch_id"]), r["dataset"], r["file_name"], str(r["rows"]), str(r["replaced_rows"] or 0),
                      str(r["ingested_at"]), r["sha256"][:12])
    console.print(table)


@app.command()
@handle_errors
def status(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Show what the warehouse holds: rows, batches and time span per dataset."""
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    with Warehouse.open(s.path("warehouse"), read_only=True) as wh:
        _print_summary(wh.summary())


def _print_summary(rows: list[dict]) -> None:
    table = Table("dataset", "rows", "synthetic", "batches", "from", "to")
    for r in rows:
        table.add_row(r["dataset"], f"{r['rows']:,}", f"{r['synthetic_rows']:,}", str(r["batches"]), r["from"] or "-", r["to"] or "-")
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
        err.print(f"[bold red]Error:[/] {len(bad)} check(s) failed: {', '.join(c.name for c in bad)}", highlight=False)
        raise typer.Exit(1)


@app.command()
@handle_errors
def export(
    folder: Path = typer.Argument(..., help="Where to write <dataset>.parquet for each dataset (e.g. a path your Spark cluster reads)."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Write the current rows of every dataset as Parquet (what the Spark backend reads)."""
    from aimonthly.warehouse.backends import refresh_parquet

    s = _settings(warehouse=warehouse)
    written = refresh_parquet(s.path("warehouse"), folder)
    console.print(f"{'wrote' if written else 'up to date:'} {folder}/<dataset>.parquet for every dataset", highlight=False)


@app.command("config")
@handle_errors
def show_config() -> None:
    """Show each setting's value and where it came from."""
    s = _settings()
    table = Table("setting", "value", "from")
    for st in SETTINGS:
        table.add_row(st.name, str(s.values[st.name]), s.sources[st.name])
    console.print(table)
    console.print(f"[dim]project file: {s.project_file or 'none (looked for aimonthly.toml in ' + str(Path.cwd()) + ')'}[/]")


def _print_result(result, timings: bool) -> None:
    for note in result.notes:
        err.print(f"[yellow]warning:[/] {note}", highlight=False)
    if result.check is not None:
        from aimonthly.cli_quality import print_check_summary
        print_check_summary(result.check)
    console.print(f"report for {result.month}: {result.exhibits} exhibits → {result.out_dir}", highlight=False)
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
    formats: Optional[str] = typer.Option(None, "--formats", help="Comma-separated: pdf,docx,html,xlsx,json (setting: formats)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Output folder (default: <output_dir>/<month>)."),
    content: Optional[Path] = typer.Option(None, "--content", help="The month's Markdown file (default: <content_dir>/<month>.md)."),
    strict: bool = typer.Option(False, "--strict", help="Fail on a month without data, or on an error of aimonthly check."),
    timings: bool = typer.Option(False, "--timings", help="Print each stage's time."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Build the month's report: PDF, Word, HTML, the Excel data pack and facts.json."""
    from rich.progress import Progress

    from aimonthly.pipeline import build_report, parse_formats

    s = _settings(warehouse=warehouse, formats=formats)
    fmts = parse_formats(s.formats)
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("building", total=len(fmts) + 2)
        result = build_report(s, month, formats=fmts, out_dir=out, content_file=content, strict=strict,
                              on_stage=_progress_stages(progress, task))
    _print_result(result, timings)


@app.command()
@handle_errors
def facts(month: str = typer.Argument(..., help="The data month, YYYY-MM."), warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Print the month's facts.json (every computed figure) to standard output."""
    from aimonthly.pipeline import month_facts
    from aimonthly.render.facts_json import facts_json

    s = _settings(warehouse=warehouse)
    sys.stdout.write(facts_json(month_facts(s, month).to_dict()))


@app.command()
@handle_errors
def new(
    month: str = typer.Argument(..., help="The month to scaffold, YYYY-MM."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Scaffold next month's Markdown file from the latest one (or the bundled default)."""
    from aimonthly.report.scaffold import scaffold_month

    s = _settings()
    path, origin = scaffold_month(s.path("content_dir"), month, force=force)
    console.print(f"wrote {path} (from {origin}); edit the authored text, keep the {{{{ … }}}} lines; "
                  f"aimonthly check {month} names last month's products and figures left in it", highlight=False)


@app.command()
@handle_errors
def demo(
    directory: Path = typer.Option(Path("aimonthly-demo"), "--dir", help="Folder for the demo warehouse, content and report."),
    timings: bool = typer.Option(False, "--timings", help="Print each stage's time."),
) -> None:
    """Load the bundled demo data into a fresh warehouse, then build the 2024-04 demo report."""
    from rich.progress import Progress

    from aimonthly.config import load_settings
    from aimonthly.demo import DEMO_MONTH, content_dir, demo_files
    from aimonthly.ingest import ingest_files
    from aimonthly.pipeline import FORMATS, build_report
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
        task = progress.add_task("loading demo data", total=len(files) + len(FORMATS) + 2)
        with Warehouse.open(wh_path) as wh:
            for r in ingest_files(wh, files):
                progress.update(task, description=f"ingested {r.dataset}")
                progress.advance(task)
            summary = wh.summary()
        ingest_secs = time.perf_counter() - t0
        settings = load_settings({"warehouse": str(wh_path.resolve()), "content_dir": str((directory / "content").resolve()),
                                  "output_dir": str((directory / "reports").resolve())})
        result = build_report(settings, DEMO_MONTH, formats=list(FORMATS), on_stage=_progress_stages(progress, task))
    _print_summary(summary)
    console.print(f"warehouse: {wh_path}", highlight=False)
    result.timings.insert(0, ("ingest", ingest_secs))
    _print_result(result, timings)
    if timings:
        console.print(f"  [dim]{'wall':<8} {time.perf_counter() - t0:6.2f} s (with start-up work inside this process)[/]", highlight=False)


@app.command("fetch-announcements")
@handle_errors
def fetch_announcements(
    codes: list[str] = typer.Argument(..., help="Stock codes in any form: 300781, 300781.SZ, sh600519, 0700.HK."),
    start: str = typer.Option(..., "--from", help="First announcement date, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last announcement date, YYYY-MM-DD."),
    kind: str = typer.Option("relation", "--kind", help="relation (投资者关系活动/调研 records) or report (every filing)."),
    keyword: str = typer.Option("", "--keyword", help="With --kind report: only titles containing this."),
    out: Path = typer.Option(Path("announcements-cninfo.csv"), "--out", help="The CSV to write (announcements format)."),
    ingest: bool = typer.Option(False, "--ingest", help="Also ingest the CSV into the warehouse."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Fetch company announcements from cninfo through akshare (the optional "live" extra) into a CSV."""
    import datetime as dt

    from aimonthly.ingest.cninfo import fetch_announcements as fetch, write_csv

    try:
        lo, hi = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        raise AimonthlyError(f"--from {start} / --to {end}: write dates as YYYY-MM-DD") from None
    rows = fetch(codes, lo, hi, kind=kind, keyword=keyword)
    console.print(f"wrote {len(rows)} announcements to {write_csv(rows, out)}", highlight=False)
    if ingest and rows:
        from aimonthly.ingest import ingest_file
        from aimonthly.warehouse import Warehouse

        with Warehouse.open(_settings(warehouse=warehouse).path("warehouse")) as wh:
            r = ingest_file(wh, "announcements", out)
        console.print(f"{r.file}: {r.status} {r.rows} announcements rows as batch {r.batch_id}", highlight=False)


ratings_app = typer.Typer(no_args_is_help=True, help="The ratings each report records, and how they fared.")
app.add_typer(ratings_app, name="ratings")
MonthOpt = typer.Option(None, "--month", help="Only the ratings of this report month, YYYY-MM.")


@ratings_app.command("list")
@handle_errors
def ratings_list(month: Optional[str] = MonthOpt, warehouse: Optional[Path] = WarehouseOpt) -> None:
    """List the ratings recorded by report builds (from each month's front matter)."""
    from aimonthly.ratings import recorded

    s = _settings(warehouse=warehouse)
    table = Table("month", "date", "kind", "subject", "code", "rating", "action")
    for r in recorded(s.path("warehouse"), month):
        table.add_row(r.month, r.rating_date.isoformat(), r.kind, r.subject, r.code or "-", r.rating, r.action or "-")
    console.print(table)


@ratings_app.command("backtest")
@handle_errors
def ratings_backtest(
    month: Optional[str] = MonthOpt,
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Also write the results and hit rates to this Excel file."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Excess return over the benchmark at each horizon of the rating scale, hit or miss of the
    rating's band, and the hit rate per rating; horizons not yet elapsed in the data are pending."""
    from rich import box

    from aimonthly.ratings import backtest, recorded, write_xlsx
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    scale = s.house["rating_scale"]
    ratings = recorded(s.path("warehouse"), month)
    with Warehouse.open(s.path("warehouse"), read_only=True) as wh:
        bt = backtest(wh.ibis(), ratings, scale)
    pct = lambda x: "-" if x is None else f"{x * 100:+.1f}%"  # noqa: E731
    table = Table("date", "subject", "rating", *(c for h in bt.horizons for c in (f"{h}m excess", f"{h}m")),
                  title=f"excess return over {bt.benchmark}; prices to {bt.last_day or '-'}", box=box.SIMPLE_HEAD)
    for row in bt.rows:
        r = row.rating
        table.add_row(r.rating_date.isoformat(), r.subject, f"{r.rating} {r.action or ''}".strip(),
                      *(c for o in row.outcomes for c in (pct(o.excess), o.status.replace("_", " "))))
    console.print(table)
    rates = Table("rating", "horizon", "evaluated", "hits", "hit rate", "pending", "no data", title="hit rates")
    for h in bt.hit_rates():
        rates.add_row(h["rating"], f"{h['horizon']}m", str(h["evaluated"]), str(h["hits"]),
                      "-" if h["hit_rate"] is None else f"{h['hit_rate'] * 100:.0f}%", str(h["pending"]), str(h["no_data"]))
    console.print(rates)
    if xlsx:
        console.print(f"wrote {write_xlsx(bt, xlsx)}", highlight=False)


from aimonthly import cli_quality  # noqa: E402,F401  (registers the check and products commands)

if __name__ == "__main__":  # pragma: no cover
    app()
