"""What every command module shares: the consoles, the error handler, the options several commands take
(defined once here) and the settings. Imports nothing of the command modules, so each can be imported alone."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Callable

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aimonthly.core.errors import AimonthlyError
from aimonthly.core.safe import printable

console = Console()
err = Console(stderr=True)
_state = {"debug": False}

# Options and arguments that several commands take, written once.
WarehouseOpt = typer.Option(None, "--warehouse", "-w", help="The DuckDB warehouse file (setting: warehouse).")
MonthArg = typer.Argument(..., help="The data month, YYYY-MM.")
FormatsOpt = typer.Option(None, "--formats", help="Comma-separated: pdf,docx,html,xlsx,json (setting: formats).")
ContentOpt = typer.Option(None, "--content", help="The month's Markdown file (default: <content_dir>/<month>.md).")
TimingsOpt = typer.Option(False, "--timings", help="Print each stage's time.")


def text(value: object) -> str:
    """A value that may come from data, for a Rich markup string: no markup, no terminal escapes."""
    return escape(printable(str(value)))


def set_debug(debug: bool) -> None:
    _state["debug"] = debug


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


def _settings(**overrides):
    from aimonthly.config import load_settings  # pydantic stays off the path of --help

    return load_settings(overrides)


def _desk(**overrides):
    """The desk the command works on: the working folder's aimonthly.toml (or AIMONTHLY_CONFIG's), the
    environment, and the command's flags over both."""
    from aimonthly.desk import Desk

    return Desk.from_settings(_settings(**overrides))


def warehouse_to_read(s) -> Path:
    """The warehouse a read command reads; a missing one is an error that says where it looked (a read
    command never creates one)."""
    from aimonthly.desk import Desk

    return Desk.from_settings(s).require_warehouse()


def _month(month: str | None) -> str | None:
    """A month option as YYYY-MM ("2024-5" is 2024-05), checked."""
    from aimonthly.core.months import check_month

    return None if month is None else check_month(month)


def _date(value: str, option: str) -> dt.date:
    """A date option (--from, --to) as a date; anything else is one red line naming the option."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise AimonthlyError(f"{option} {value}: write dates as YYYY-MM-DD") from e


def print_check_summary(report) -> None:
    """The one line every report build prints; `aimonthly check MONTH` lists the findings."""
    style = "bold red" if report.errors else "yellow" if report.count("warning") else "green"
    more = f" (aimonthly check {report.month} lists them)" if report.findings else ""
    err.print(f"[{style}]{report.summary()}[/]{more}", highlight=False)


def print_summary(rows: list[dict]) -> None:
    """The warehouse's summary: rows, batches and time span per dataset (status, demo)."""
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
