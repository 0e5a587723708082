"""The desk's own commands: ``aimonthly doctor`` (the warehouse's integrity and the installation) and
``aimonthly config`` (each setting and where it came from)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from aimonthly.cli.common import WarehouseOpt, _settings, console, err, handle_errors
from aimonthly.core.errors import plural


def register(app: typer.Typer) -> None:
    app.command()(doctor)
    app.command("config")(show_config)


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
