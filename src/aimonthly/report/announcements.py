"""The announcements table (end of 2.2.2): code, company, date and the announcement's content,
the content column wrapping; every announcement of the window goes to the data pack."""

from __future__ import annotations

from aimonthly.analytics.announcements import AnnouncementsFacts
from aimonthly.analytics.context import FactsContext
from aimonthly.core.house import HouseSettings
from aimonthly.narrative import coverage
from aimonthly.core import numbers as N
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.model import DataSheet, DataTable, Paragraph, TableBody


def _date(d) -> str:
    return f"{d.year}/{d.month}/{d.day}"


def table(facts: AnnouncementsFacts, house: HouseSettings, ctx: FactsContext | None = None) -> tuple | Paragraph:
    end = facts.window[1]
    if not facts.rows:
        said = f"，{coverage.data_until('公告', facts.last_day, end)}" if facts.coverage_gaps else ""
        return Paragraph.of(N.spaced(f"（报告期内无公司公告数据{said}）"), kind="note")
    source = source_line(house, "announcements", ctx)
    title = house.announcements.title
    spec = ExhibitSpec(
        key="announcements.table",
        title=title,
        source=source,
        body=TableBody(
            header=("股票代码", "公司名称", "公告日期", "公告内容"),
            rows=tuple((a.code, a.company, _date(a.date), a.content) for a in facts.rows),
            align=("c", "c", "c", "l"),
            widths=(1.5, 1.3, 1.3, 7.0),
            wrap=(False, False, False, True),
        ),
        data=DataTable(
            ("id", "code", "company", "date", "content"),
            tuple((a.id, a.code, a.company, a.date.isoformat(), a.content) for a in facts.rows),
        ),
    )
    every = DataSheet(
        "announcements.items",
        "公告清单",
        source,
        DataTable(
            ("status", "id", "date", "code", "company", "score", "pinned", "content"),
            tuple(
                (a.status, a.id, a.date.isoformat(), a.code, a.company, a.score, a.pinned, a.content)
                for a in facts.items
            ),
        ),
    )
    if facts.coverage_gaps:
        return Paragraph.of(N.spaced(coverage.note("公告", facts.last_day, end)), kind="note"), spec, every
    return spec, every


def blocks(facts: AnnouncementsFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """announcements.table"""
    return {"announcements.table": lambda: table(facts, house, ctx)}
