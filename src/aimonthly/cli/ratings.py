"""`aimonthly ratings`: the ratings each report build records (aimonthly.warehouse.ratings), and how they
fared (aimonthly.analytics.ratings)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from aimonthly.cli.common import WarehouseOpt, _month, _settings, console, handle_errors, warehouse_to_read

MonthOpt = typer.Option(None, "--month", help="Only the ratings of this report month, YYYY-MM.")


def register(app: typer.Typer) -> None:
    ratings_app = typer.Typer(no_args_is_help=True, help="The ratings each report records, and how they fared.")
    ratings_app.command("list")(ratings_list)
    ratings_app.command("backtest")(ratings_backtest)
    app.add_typer(ratings_app, name="ratings")


@handle_errors
def ratings_list(month: Optional[str] = MonthOpt, warehouse: Optional[Path] = WarehouseOpt) -> None:
    """List the ratings recorded by report builds (from each month's front matter)."""
    from aimonthly.warehouse.ratings import recorded_ratings

    s = _settings(warehouse=warehouse)
    table = Table("month", "date", "kind", "subject", "code", "rating", "action")
    for r in recorded_ratings(warehouse_to_read(s), _month(month)):
        table.add_row(r.month, r.rating_date.isoformat(), r.kind, r.subject, r.code or "-", r.rating, r.action or "-")
    console.print(table)


@handle_errors
def ratings_backtest(
    month: Optional[str] = MonthOpt,
    xlsx: Optional[Path] = typer.Option(
        None, "--xlsx", help="Also write the results and hit rates to this Excel file."
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Excess return over the benchmark at each horizon of the rating scale, hit or miss of the
    rating's band, and the hit rate per rating; horizons not yet elapsed in the data are pending."""
    from rich import box

    from aimonthly.analytics.ratings import backtest
    from aimonthly.pipeline import connection
    from aimonthly.render.tables_xlsx import write_tables
    from aimonthly.warehouse.ratings import recorded_ratings

    s = _settings(warehouse=warehouse)
    ratings = recorded_ratings(warehouse_to_read(s), _month(month))
    with connection(s) as con:  # the configured backend, like every analytics entry point
        bt = backtest(con, ratings, s.house.rating_scale)
    pct = lambda x: "-" if x is None else f"{x * 100:+.1f}%"  # noqa: E731
    table = Table(
        "date",
        "subject",
        "rating",
        *(c for h in bt.horizons for c in (f"{h}m excess", f"{h}m")),
        title=f"excess return over {bt.benchmark}; prices to {bt.last_day or '-'}",
        box=box.SIMPLE_HEAD,
    )
    for row in bt.rows:
        r, note = row.rating, bt.note(row.rating)
        said = f" ({note})" if note else ""
        table.add_row(
            r.rating_date.isoformat(),
            r.subject,
            f"{r.rating} {r.action or ''}".strip(),
            *(c for o in row.outcomes for c in (pct(o.excess), o.status.replace("_", " ") + said)),
        )
    console.print(table)
    for code in bt.unpriced:  # a pending rating whose prices are absent would stay pending for ever
        subjects = ", ".join(dict.fromkeys(row.rating.subject for row in bt.rows if row.rating.code == code))
        console.print(
            f"[yellow]note:[/] no prices at all for {code} ({subjects or 'the benchmark'}) in the warehouse; "
            "ingest its closes (index_prices or stock_prices) to evaluate it",
            highlight=False,
        )
    rates = Table("rating", "horizon", "evaluated", "hits", "hit rate", "pending", "no data", title="hit rates")
    for h in bt.hit_rates():
        rates.add_row(
            h["rating"],
            f"{h['horizon']}m",
            str(h["evaluated"]),
            str(h["hits"]),
            "-" if h["hit_rate"] is None else f"{h['hit_rate'] * 100:.0f}%",
            str(h["pending"]),
            str(h["no_data"]),
        )
    console.print(rates)
    if xlsx:
        console.print(f"wrote {write_tables(bt.tables(), xlsx)}", highlight=False)
