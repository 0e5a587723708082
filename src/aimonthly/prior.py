"""Earlier reports, as the next month's build needs them: the previous report's data date (its digests
start the day after) and the news and announcement ids earlier builds printed (not printed again).

The data date is read from the previous month's content file; when that file is gone, from the
warehouse's record of its build (``reports``), which every build writes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from aimonthly.analytics.context import PriorReports
from aimonthly.core.months import month_end, previous_month
from aimonthly.content.month import split_front_matter
from aimonthly.content.errors import ContentError

PRINTED_STATUSES = ("printed", "same_event")  # a printed event's other reports count as printed too


def _content_data_date(path: Path) -> dt.date | None:
    try:
        meta, _, _ = split_front_matter(path.read_text(encoding="utf-8-sig"), path)
    except (OSError, UnicodeDecodeError, ContentError):
        return None  # an unreadable file: fall back on the build record
    value = meta.get("data_date")
    if value is None:
        return month_end(path.stem)
    try:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _records(warehouse_path: Path, month: str) -> list[dict]:
    from aimonthly.warehouse import Warehouse
    from aimonthly.warehouse.records import built_reports

    if not Path(warehouse_path).exists():
        return []
    with Warehouse.open(warehouse_path, read_only=True) as wh:
        return built_reports(wh, before=month)


def prior_reports(content_dir: Path, warehouse_path: Path, month: str) -> PriorReports:
    prev = previous_month(month)
    records = _records(warehouse_path, month)
    printed = {
        "news": frozenset(i for r in records for i in r["news_ids"]),
        "announcements": frozenset(i for r in records for i in r["announcement_ids"]),
    }
    path = Path(content_dir) / f"{prev}.md"
    data_date = _content_data_date(path) if path.is_file() else None
    if data_date is not None:
        return PriorReports(prev, data_date, f"{path.name} (data_date)", printed)
    rec = next((r for r in records if r["month"] == prev), None)
    if rec is not None:
        return PriorReports(
            prev,
            rec["data_date"],
            f"the warehouse's record of the {prev} build ({rec['built_at']:%Y-%m-%d %H:%M})",
            printed,
        )
    return PriorReports(printed=printed)


def record_build(warehouse_path: Path, facts) -> None:
    """Record this build: its month, data date and the news and announcement ids it printed."""
    from aimonthly.warehouse import Warehouse
    from aimonthly.warehouse.records import record_report

    news = facts.sections.get("news")
    ann = facts.sections.get("announcements")
    news_ids = [i.id for items in news.items.values() for i in items if i.status in PRINTED_STATUSES] if news else []
    ann_ids = [a.id for a in ann.rows] if ann else []
    with Warehouse.open(warehouse_path) as wh:
        record_report(wh, facts.month, facts.context.data_date, news_ids, ann_ids)
