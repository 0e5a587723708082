"""The warehouse's commands: ``aimonthly status`` (what it holds), ``export`` (Parquet for Spark),
``batches`` (its history) and ``undo`` (taking a bad batch out; aimonthly.warehouse.history)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from aimonthly.cli.common import (
    WarehouseOpt,
    _desk,
    _settings,
    console,
    handle_errors,
    print_summary,
    text,
    warehouse_to_read,
)
from aimonthly.core.errors import plural


def register(app: typer.Typer) -> None:
    for command in (status, export, batches, undo):
        app.command()(command)


@handle_errors
def status(warehouse: Optional[Path] = WarehouseOpt) -> None:
    """Show what the warehouse holds: rows, batches and time span per dataset."""
    print_summary(_desk(warehouse=warehouse).status())


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


@handle_errors
def batches(
    dataset: Optional[str] = typer.Argument(None, help="Only this dataset."), warehouse: Optional[Path] = WarehouseOpt
) -> None:
    """List every ingested batch, replaced and undone ones included, with the month or dates and the
    list (or codes) each covers: the warehouse's history."""
    from aimonthly.warehouse import Warehouse
    from aimonthly.warehouse.history import batch_history

    s = _settings(warehouse=warehouse)
    with Warehouse.open(warehouse_to_read(s), read_only=True) as wh:
        rows = batch_history(wh, dataset)
    table = Table(
        "batch", "dataset", "month / dates", "scope", "file", "rows", "replaced rows", "status", "ingested at", "sha256"
    )
    for r in rows:
        style = "" if r["status"] == "current" else "dim"
        table.add_row(
            str(r["batch_id"]),
            r["dataset"],
            r["span"],
            text(r["scope"]),
            text(r["file_name"]),
            str(r["rows"]),
            str(r["replaced_rows"] or 0),
            r["status"],
            str(r["ingested_at"]),
            r["sha256"][:12],
            style=style,
        )
    console.print(table)


@handle_errors
def undo(
    batch: int = typer.Argument(..., help="The batch to take out (its number in aimonthly batches)."),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Undo a batch in one transaction: its rows leave the warehouse and the rows it replaced are
    current again. Only a batch that no later batch has replaced can be undone."""
    from aimonthly.warehouse import Warehouse
    from aimonthly.warehouse.history import undo_batch

    s = _settings(warehouse=warehouse)
    with Warehouse.open(warehouse_to_read(s), create=False) as wh:  # nothing to undo in a warehouse not there
        r = undo_batch(wh, batch)
    back = (
        f"; {plural(r.restored_rows, 'row')} of batch {', '.join(map(str, r.restored_from))} are current again"
        if r.restored_rows
        else "; it had replaced nothing"
    )
    console.print(
        f"undid batch {r.batch_id} ({r.dataset}, {text(r.file)}): removed {plural(r.removed_rows, 'row')}{back}",
        highlight=False,
    )
