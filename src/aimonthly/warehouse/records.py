"""The record of built reports: each build's month, data date and the news and announcement ids it
printed, so that the next month's digests start after it and never print an item twice."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from aimonthly.warehouse.errors import WarehouseError

if TYPE_CHECKING:
    from aimonthly.warehouse.store import Warehouse

REPORTS_DDL = (
    "CREATE TABLE IF NOT EXISTS reports (month VARCHAR PRIMARY KEY, data_date DATE NOT NULL, "
    "built_at TIMESTAMP NOT NULL, news_ids VARCHAR[] NOT NULL, announcement_ids VARCHAR[] NOT NULL)"
)


def _has_table(wh: Warehouse, name: str) -> bool:
    return bool(
        wh.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0]
    )


def record_report(
    wh: Warehouse, month: str, data_date: dt.date, news_ids: list[str], announcement_ids: list[str]
) -> None:
    """Replace the month's record with this build's (a rebuild supersedes the earlier build)."""
    if wh.read_only:
        raise WarehouseError(f"{wh.path} is open read-only")
    now = dt.datetime.now().replace(microsecond=0)
    with wh.transaction() as c:
        c.execute(REPORTS_DDL)  # a warehouse made before this table existed
        c.execute("DELETE FROM reports WHERE month = ?", [month])
        c.execute(
            "INSERT INTO reports VALUES (?, ?, ?, ?, ?)",
            [month, data_date, now, sorted(set(news_ids)), sorted(set(announcement_ids))],
        )


def built_reports(wh: Warehouse, before: str | None = None) -> list[dict]:
    """Recorded builds, oldest month first (only months before ``before`` when given)."""
    if not _has_table(wh, "reports"):
        return []
    where, args = ("WHERE month < ?", [before]) if before else ("", [])
    cur = wh.con.execute(
        f"SELECT month, data_date, built_at, news_ids, announcement_ids FROM reports {where} ORDER BY month", args
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
