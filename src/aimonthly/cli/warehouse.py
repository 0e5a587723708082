"""`aimonthly batches` and `aimonthly undo`: the warehouse's history, and taking a bad batch out
(a thin layer over aimonthly.warehouse.history)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from aimonthly.cli import WarehouseOpt, _settings, app, console, handle_errors, text, warehouse_to_read
from aimonthly.core.errors import plural


@app.command()
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


@app.command()
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
