"""The application: a Typer app with the --debug switch, and every command group registered on it.
Each group's module knows nothing of this one (it registers on the app it is given)."""

from __future__ import annotations

import typer

from aimonthly.cli import cycle, desk, draft, ingest, quality, ratings, report, serve, warehouse
from aimonthly.cli.common import set_debug

# In the order `aimonthly --help` lists them.
GROUPS = (ingest, warehouse, desk, report, ratings, cycle, quality, serve, draft)


def root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors.")) -> None:
    """aimonthly: ingest exports into a warehouse, then build the month's report from it."""
    set_debug(debug)


def build_app() -> typer.Typer:
    """A new app with every command registered (tests may build their own)."""
    app = typer.Typer(
        no_args_is_help=True,
        add_completion=False,
        help="Turn a month of AI-industry data into a finished industry monthly.",
    )
    app.callback()(root)
    for group in GROUPS:
        group.register(app)
    return app


app = build_app()
