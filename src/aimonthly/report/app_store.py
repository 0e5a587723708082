"""The App Store search-rank blocks (end of section 1.2): two paragraphs, a rank chart, two tables."""

from __future__ import annotations

import datetime as dt

from aimonthly import charts
from aimonthly.analytics.app_store import AppStoreFacts
from aimonthly.analytics.context import FactsContext
from aimonthly.core.house import HouseSettings
from aimonthly.core.text import clip
from aimonthly.narrative import app_store as text
from aimonthly.narrative import coverage
from aimonthly.core import numbers as N
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line, vendors_of
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody

APP_WIDTH, DEV_WIDTH = 22, 22  # display columns (CJK = 2) before a table cell is cut
NAMES = ("overview", "top_apps", "movers", "new_apps", "rising_apps")


def _cell(v) -> str:
    if v is None:
        return "-"
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _names(r: dict) -> tuple[str, str]:
    return clip(r["app"], APP_WIDTH), clip(r["developer"] or "-", DEV_WIDTH)


def top_apps(f: AppStoreFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    leaders = {(r["app"], r["developer"]) for r in f.top_apps}
    shown = f.top_apps + [r for r in f.falling_apps[: text.MAX_FALLERS] if (r["app"], r["developer"]) not in leaders]
    n = N.cn_count(f.top_apps_n)
    return ExhibitSpec(
        key="app_store.top_apps",
        title=f"{text.window_label(f)}“{f.keyword}”搜索结果前{n}{'及跌出前列' if f.falling_apps else ''}应用的每日排名",
        source=source,
        body=charts.lines(
            f.snapshots,
            {r["app"]: r["ranks"] for r in shown},
            colors=house.colors.series,
            invert_y=True,
            ylabel="搜索排名",
        ),
        data=DataTable(
            ("date", *[r["app"] for r in shown]),
            tuple((d, *[r["ranks"][i] for r in shown]) for i, d in enumerate(f.snapshots)),
        ),
    )


def new_apps(f: AppStoreFacts, source: str) -> ExhibitSpec:
    rows = f.new_apps.table
    return ExhibitSpec(
        key="app_store.new_apps",
        title=f"{text.window_label(f)}“{f.keyword}”搜索结果新进应用中进入过前 {f.top_rank} 名的应用",
        source=source,
        body=TableBody(
            header=("序号", "应用", "开发者", "最高排名", "当前排名", "新进日期", "总榜排名"),
            rows=tuple(
                (
                    str(r["rank"]),
                    *_names(r),
                    _cell(r["best_rank"]),
                    _cell(r["current_rank"]),
                    _cell(r["first_seen"]),
                    _cell(r["overall_rank"]),
                )
                for r in rows
            ),
            align=("c", "l", "l", "c", "c", "c", "c"),
            widths=(0.6, 2.6, 2.6, 0.9, 0.9, 1.3, 0.9),
        ),
        data=DataTable(
            ("rank", "app", "developer", "best_rank", "current_rank", "first_seen", "overall_rank"),
            tuple(
                (
                    r["rank"],
                    r["app"],
                    r["developer"],
                    r["best_rank"],
                    r["current_rank"],
                    r["first_seen"],
                    r["overall_rank"],
                )
                for r in rows
            ),
        ),
    )


def rising_apps(f: AppStoreFacts, source: str) -> ExhibitSpec:
    rows = f.rising_apps.table
    return ExhibitSpec(
        key="app_store.rising_apps",
        title=f"{text.window_label(f)}“{f.keyword}”搜索结果排名上升且进入过前 {f.top_rank} 名的应用（按上升位次）",
        source=source,
        body=TableBody(
            header=("序号", "应用", "开发者", "排名上升", "当前排名", "最高排名", "最高排名日期"),
            rows=tuple(
                (
                    str(r["rank"]),
                    *_names(r),
                    _cell(r["rise"]),
                    _cell(r["current_rank"]),
                    _cell(r["best_rank"]),
                    _cell(r["best_date"]),
                )
                for r in rows
            ),
            align=("c", "l", "l", "c", "c", "c", "c"),
            widths=(0.6, 2.6, 2.6, 0.9, 0.9, 0.9, 1.3),
        ),
        data=DataTable(
            ("rank", "app", "developer", "rise", "baseline_rank", "current_rank", "best_rank", "best_date"),
            tuple(
                (
                    r["rank"],
                    r["app"],
                    r["developer"],
                    r["rise"],
                    r["baseline_rank"],
                    r["current_rank"],
                    r["best_rank"],
                    r["best_date"],
                )
                for r in rows
            ),
        ),
    )


def _note(what: str) -> Paragraph:
    return Paragraph.of(f"（{what}）", kind="note")


def blocks(facts: AppStoreFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """The section's blocks, for the builder (see aimonthly.report.BLOCK_MODULES)."""
    f, p = facts, "app_store."
    if f.missing:
        said = f"（{coverage.data_until('排名', f.latest, f.window[1])}）" if f.latest else ""
        note = f"{text.window_label(f)}缺少“{f.keyword}”的 App Store 搜索排名数据{said}，本部分从略"
        return {p + name: (lambda: _note(note)) for name in NAMES}
    source, vendor = source_line(house, "app_ranks", ctx), house.vendor("app_ranks", vendors_of(ctx, "app_ranks"))
    top = f.top_rank
    return {
        p + "overview": lambda: Paragraph.of(text.overview(f, vendor)),
        p + "top_apps": lambda: with_note(
            top_apps(f, source, house)
            if f.top_apps or f.falling_apps
            else _note(f"“{f.keyword}”搜索结果中没有应用排进前{N.cn_count(f.top_apps_n)}"),
            "top_apps",
            f.excluded,
        ),
        p + "movers": lambda: Paragraph.of(text.movers(f)),
        p + "new_apps": lambda: with_note(
            new_apps(f, source) if f.new_apps.table else _note(f"{text.window_label(f)}没有新进应用进入过前 {top} 名"),
            "new_apps",
            f.excluded,
        ),
        p + "rising_apps": lambda: with_note(
            rising_apps(f, source)
            if f.rising_apps.table
            else _note(f"{text.window_label(f)}没有排名上升的应用进入过前 {top} 名"),
            "rising_apps",
            f.excluded,
        ),
    }
