"""Data in: ``aimonthly ingest`` (files into the warehouse, one batch each) and ``aimonthly
fetch-announcements`` (cninfo through akshare into a CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from aimonthly.cli.common import WarehouseOpt, _date, _desk, console, handle_errors, text
from aimonthly.core.errors import AimonthlyError, plural


def register(app: typer.Typer) -> None:
    app.command()(ingest)
    app.command("fetch-announcements")(fetch_announcements)


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
    if save_profile is not None and len(files) != 1:
        raise AimonthlyError("--save-profile takes one file: the profile is made from its name and options")
    mapping = {}
    for m in map_:
        if "=" not in m:
            raise AimonthlyError(f"--map {m!r}: write it as canonical=HEADER, e.g. --map visits=访问量")
        k, v = m.split("=", 1)
        mapping[k.strip()] = v.strip()
    desk = _desk(warehouse=warehouse)
    options = dict(month=month, list=list_, keyword=keyword, mapping=mapping, skip_rows=skip_rows, source=source)
    for f in files if save_profile is None else ():  # what each file's vendor profile gives
        if (applied := desk.profile_for(dataset, f)) is not None:
            console.print(f"{text(f.name)}: {text(applied.describe())}", highlight=False)
    results = desk.ingest_files(dataset, files, sheet=sheet, profiles=save_profile is None, **options)
    said_absent: set[tuple[str, ...]] = set()
    for r in results:
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
        profile = desk.save_profile(save_profile, dataset, files[0], **options)
        how = ", ".join(f"{k} = {v!r}" for k, v in profile.items() if k not in ("name", "dataset"))
        console.print(
            f"saved vendor profile {text(save_profile)} to {text(str(desk.settings.project_file or desk.path / 'aimonthly.toml'))} "
            f"({text(how)}): the inbox and ingest apply it to the files its pattern finds",
            highlight=False,
        )


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
    from aimonthly.ingest.cninfo import fetch_announcements as fetch, write_csv

    lo, hi = _date(start, "--from"), _date(end, "--to")
    rows = fetch(codes, lo, hi, kind=kind, keyword=keyword)
    console.print(f"wrote {plural(len(rows), 'announcement')} to {write_csv(rows, out)}", highlight=False)
    if ingest and rows:
        r = _desk(warehouse=warehouse).ingest("announcements", out)
        console.print(
            f"{text(r.file)}: {r.status} {plural(r.rows, 'announcements row')} as batch {r.batch_id}", highlight=False
        )
