"""Sentences for the App Store search-rank part of section 1.2, from AppStoreFacts only.

App names are printed exactly as listed (no CJK/Latin spacing inside them), so the templates
carry their own spaces around numbers instead of going through ``numbers.spaced``.
"""

from __future__ import annotations

from aimonthly.analytics.app_store import AppStoreFacts
from aimonthly.core.months import month_before
from aimonthly.core import numbers as N

MAX_FALLERS = 2


def window_label(f: AppStoreFacts) -> str:
    """'近一个月' for the default window, else the dates: '4 月 1 日至 5 月 9 日'; when the snapshots
    stop before the window's end, the dates to the last snapshot."""
    start, end = f.window
    if f.coverage_gaps and f.last_date:
        return f"{_d(f, start)}至 {_d(f, f.last_date)}"
    if start == month_before(end):
        return "近一个月"
    return f"{_d(f, start)}至 {_d(f, end)}"


def _d(f: AppStoreFacts, d) -> str:
    return N.date_cn(d, with_year=f.window[0].year != f.window[1].year)


def _rank(r: int | None) -> str:
    return f"第 {r} 位"


def overview(f: AppStoreFacts, vendor: str) -> str:
    """Who held the top ranks, and who fell out of them."""
    top = N.cn_count(f.top_apps_n)
    short = f"；排名数据仅至该日，未覆盖至 {_d(f, f.window[1])}" if f.coverage_gaps else ""
    text = (
        f"据{vendor}统计，{_period(f)}（共 {len(f.snapshots)} 个观测日{short}）在 App Store 搜索“{f.keyword}”的结果中，"
    )
    if f.top_apps:
        names = N.join([r["app"] for r in f.top_apps])
        days = N.join([str(r["days_top"]) for r in f.top_apps])
        each = "分别为" if len(f.top_apps) > 1 else "为"
        text += f"{names}进入前{top}的天数最多，{each} {days} 天，排名整体稳居前列。"
    else:
        text += f"没有应用进入过前{top}。"
    for r in f.falling_apps[:MAX_FALLERS]:
        text += (
            f"{r['app']}在 {_d(f, f.baseline_date)}排{_rank(r['baseline_rank'])}，"
            f"{_d(f, r['left_top_date'])}起跌出前{N.cn_count(f.falling_top)}，"
        )
        text += (
            f"{_d(f, f.last_date)}降至{_rank(r['current_rank'])}。"
            if r["current_rank"] is not None
            else f"{_d(f, f.last_date)}已不在搜索结果中。"
        )
    return text


def _period(f: AppStoreFacts) -> str:
    if f.coverage_gaps:  # the window to the last snapshot; overview() says the data stops there
        return f"{window_label(f)}期间"
    if window_label(f) == "近一个月":
        return f"截至 {_d(f, f.last_date)}的近一个月里"
    return f"{window_label(f)}期间"


def movers(f: AppStoreFacts) -> str:
    """New and rising apps: counts, those that reached the Top 10, and the leading ones."""
    base, last, top = _d(f, f.baseline_date), _d(f, f.last_date), f.top_rank
    new, up = f.new_apps, f.rising_apps
    text = f"同期，相对 {base}的搜索结果，"
    text += f"新进入结果的应用有 {new.count} 款{_reached(new, top, last)}" if new.count else "没有新进入结果的应用"
    text += "；"
    text += (
        f"排名上升的应用有 {up.count} 款{_reached(up, top, last, dated=False)}" if up.count else "没有排名上升的应用"
    )
    text += "。"
    lead = []
    if new.table:
        r = new.table[0]
        lead.append(
            f"新进应用中排名最高的是{r['app']}，{_d(f, r['first_seen'])}首次出现，最高排至{_rank(r['best_rank'])}"
        )
    if up.table:
        r = up.table[0]
        lead.append(
            f"上升幅度最大的是{r['app']}，由{_rank(r['baseline_rank'])}升至最高{_rank(r['best_rank'])}"
            f"（{_d(f, r['best_date'])}），上升 {r['rise']} 位"
        )
    if lead:
        text += "；".join(lead) + "。"
    return text


def _reached(m, top: int, last: str, *, dated: bool = True) -> str:
    """How many reached the Top N and are still listed; none is said in words, not as '0 款'."""
    gone = m.reached_top10_any - m.reached_top10
    if m.reached_top10:
        still = f"且 {last}仍在榜" if dated else "且仍在榜"
        return f"，其中 {m.reached_top10} 款进入过前 {top} 名{still}" + _dropped(gone, top, last)
    if gone:
        return f"，其中 {gone} 款曾进入前 {top} 名，但 {last}已不在榜"
    return f"，均未进入过前 {top} 名"


def _dropped(n: int, top: int, last: str) -> str:
    """The apps that reached the Top 10 but are gone by the last day: in the table, not in the count."""
    return f"（另有 {n} 款曾进入前 {top} 名，但 {last}已不在榜）" if n > 0 else ""
