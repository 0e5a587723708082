"""The note an exhibit carries when the analyst excluded data from it (front matter ``exclude:``):
注：已剔除 AI Clips - New Gen（访问量数据异常）. Each exhibit's note names what it left out, so that
two exhibits of one section never share a note's wording (the builder prints a repeated note once)."""

from __future__ import annotations

from typing import Iterable

from aimonthly.report.model import Paragraph

# exhibit -> the words before 已剔除 (the plain form for the main table, as the example)
LEADS = {
    "top_visits": "",
    "category_share": "类别占比计算中",
    "top_growth": "增速排名中",
    "top_duration": "时长排名中",
    "top_apps": "排名走势中",
    "new_apps": "新进应用中",
    "rising_apps": "排名上升应用中",
    "movers": "涨跌幅排名中",
    "news": "新闻选取中",
    "mapping": "映射标的中",
    "exposure": "暴露指数计算中",
}


def exclusion_note(exhibit: str, entries: Iterable[dict]) -> Paragraph | None:
    """The note for ``exhibit`` naming each entry that would have appeared in it, or None."""
    named = [f"{e['product']}（{e['reason']}）" for e in entries if exhibit in e.get("exhibits", (exhibit,))]
    if not named:
        return None
    return Paragraph.of(f"注：{LEADS.get(exhibit, '')}已剔除 {'、'.join(dict.fromkeys(named))}", kind="note")


def with_note(value, exhibit: str, entries: Iterable[dict]):
    """A block's value followed by its exclusion note (when there is one)."""
    note = exclusion_note(exhibit, list(entries))
    if note is None:
        return value
    return (*value, note) if isinstance(value, tuple) else (value, note)
