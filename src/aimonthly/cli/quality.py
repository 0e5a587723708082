"""The data-quality commands: ``aimonthly check`` and ``aimonthly products`` (the registry, and the
month's names it does not know)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from aimonthly.cli.common import (
    ContentOpt,
    MonthArg,
    WarehouseOpt,
    _desk,
    _settings,
    console,
    err,
    handle_errors,
    text,
    warehouse_to_read,
)
from aimonthly.core.errors import plural

STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def register(app: typer.Typer) -> None:
    app.command()(check)
    products_app = typer.Typer(
        help="The product registry: list it, or the month's names it does not know.", invoke_without_command=True
    )
    products_app.callback()(products)
    products_app.command("unresolved")(products_unresolved)
    app.add_typer(products_app, name="products")


@handle_errors
def check(
    month: str = MonthArg,
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print the findings as a JSON list (rule, severity, dataset, list, product, message, values).",
    ),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when any finding is an error."),
    content: Optional[Path] = ContentOpt,
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Check the month's data before publishing: outliers, list jumps, duplicates, stale lists, gaps,
    unresolved names, unmapped categories and the authored text (docs/check.md)."""
    from aimonthly.check import CheckFailed, format_findings
    from aimonthly.render.facts_json import dumps

    report = _desk(warehouse=warehouse).check(month, content=content)
    if as_json:
        sys.stdout.write(dumps(report.to_list()))
    else:
        for f, line in zip(report.findings, format_findings(report)):
            console.print(f"[{STYLE[f.severity]}]{text(line[:7])}[/]{text(line[7:])}", highlight=False, soft_wrap=True)
        console.print(report.summary(), highlight=False)
    if strict and report.errors:
        raise CheckFailed(
            f"{report.summary()}: --strict fails on errors",
            hint="fix the data, or exclude it in the month's front matter (docs/check.md)",
        )


@handle_errors
def products(ctx: typer.Context, warehouse: Optional[Path] = WarehouseOpt) -> None:
    """List the product registry (the products dataset) and the listed companies each maps to."""
    if ctx.invoked_subcommand is not None:
        return
    from aimonthly.analytics.registry import Registry
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    with Warehouse.open(warehouse_to_read(s), read_only=True) as wh:
        con = wh.ibis()
        registry = Registry.load(con, every_column=True)
        stocks = _stocks(con)
    if not len(registry):
        err.print(
            "[yellow]the registry is empty[/]: ingest one with aimonthly ingest products products.yaml "
            "(docs/registry.md)",
            highlight=False,
        )
        return
    table = Table("product", "aliases", "domain", "company", "category", "region", "override", "stocks", "note")
    for p in registry.products():
        listed = ", ".join(
            " ".join(filter(None, (c, n))) + (f"({r})" if r else "") for c, n, r in stocks.get(p.product, [])
        )
        table.add_row(
            *(
                text(x)
                for x in (
                    p.product,
                    " | ".join(p.aliases),
                    p.domain or "-",
                    p.company or "-",
                    p.category or "-",
                    p.region or "-",
                    "yes" if p.override else "",
                    listed,
                    p.note or "",
                )
            )
        )
    console.print(table)
    console.print(plural(len(registry), "product"), highlight=False)


def _stocks(con) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """product -> (code, name, relation) of each listed company it maps to."""
    try:
        t = con.table("product_stocks")
    except Exception:  # a warehouse from before the registry
        return {}
    out: dict[str, list] = {}
    for r in t.select("product", "code", "name", "relation").order_by(["product", "code"]).to_pyarrow().to_pylist():
        out.setdefault(r["product"], []).append((r["code"], r["name"], r["relation"]))
    return out


@handle_errors
def products_unresolved(
    month: str = MonthArg,
    limit: int = typer.Option(50, "--limit", help="At most this many names, largest first."),
    as_csv: bool = typer.Option(False, "--csv", help="Print the rows to paste as CSV (default: YAML)."),
    paste: bool = typer.Option(
        False, "--paste", help="Print only the registry rows, ready to add to the registry file (the count to stderr)."
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """The month's names (traffic, and the tracked keyword's apps) that match no product, with the
    three nearest registry products each and a registry row to paste (one per name: the rows ingest
    as printed)."""
    from aimonthly.analytics.app_store import AppStoreConfig
    from aimonthly.analytics.registry import Registry
    from aimonthly.analytics.taxonomy import Taxonomy
    from aimonthly.analytics.unresolved import ROW_COLUMNS, find_unresolved
    from aimonthly.core.months import check_month, month_end
    from aimonthly.warehouse import Warehouse

    s = _settings(warehouse=warehouse)
    month = check_month(month)
    cfg = AppStoreConfig.resolve(s.house.app_store, month_end(month))
    with Warehouse.open(warehouse_to_read(s), read_only=True) as wh:
        con = wh.ibis()
        found = find_unresolved(
            con,
            month,
            Registry.load(con),
            keyword=cfg.keyword,
            window=(cfg.start, cfg.end),
            limit=limit,
            suggest=not paste,
            taxonomy=Taxonomy.from_house(s.house.taxonomy),
        )
    names = found.names
    if not names:
        console.print(f"every name in {month} resolves to a product", highlight=False)
        return
    count = f"{plural(found.total, 'unresolved name')} in {month}" + (
        f" (the {len(names)} largest shown; --limit shows more)" if len(names) < found.total else ""
    )
    if paste:  # rows only, as a file holds them: the registry's whole file is pasted rows and its own
        if as_csv:
            typer.echo(",".join(ROW_COLUMNS))
        for u in names:
            typer.echo(u.csv_row() if as_csv else u.yaml_row())  # exactly as written: no markup, no wrapping
        err.print(count, highlight=False)
        return
    for u in names:
        where = f"{u.dataset}/{','.join(u.lists)}"
        visits = f", {plural(u.visits, 'visit')}" if u.visits is not None else ""
        console.print(
            f"[bold]{text(u.name)}[/] [dim]({text(where)}{visits}{', ' + text(u.domain) if u.domain else ''})[/]",
            highlight=False,
        )
        for sg in u.suggestions:
            console.print(
                f"  maybe {text(sg.product)} [dim](via {text(sg.via)}, {sg.score:.2f}): if so, add "
                f"{text(repr(u.name))} to its aliases[/]",
                highlight=False,
            )
        console.print(f"  {text(u.csv_row() if as_csv else u.yaml_row())}", highlight=False, soft_wrap=True)
    if as_csv:
        console.print(f"[dim]columns: {','.join(ROW_COLUMNS)}[/]", highlight=False)
    console.print(count, highlight=False)
