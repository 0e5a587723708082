"""The Chinese wording of the App Store search-rank part of section 1.2: claims in
(narrative/claims/app_store.py), sentences out.

App names are printed exactly as listed: ``said`` keeps every name whole while it spaces the rest.
"""

from __future__ import annotations

from aimonthly.analytics.app_store import AppStoreFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, Sentence, said
from aimonthly.core.months import month_before
from aimonthly.narrative.claims import app_store as claims

MAX_FALLERS = claims.MAX_FALLERS


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


def _rank(r: Claim) -> str:
    return f"第 {r.shown} 位"


def _window(c: Claims) -> tuple[str, str]:
    """The window as the text names it, and what it says of data that stops early."""
    form, end = c.one("window").value, c.one("window_end").shown
    if form == "month":
        return f"截至 {end}的近一个月里", ""
    label = f"{c.one('window_start').shown}至 {end}期间"
    return label, (f"；排名数据仅至该日，未覆盖至 {c.one('asked_end').shown}" if form == "gap" else "")


def overview_text(c: Claims) -> str:
    """Who held the top ranks, and who fell out of them."""
    top = c.one("top_n").shown
    period, short = _window(c)
    keyword = c.one("keyword").subject
    text = f"据{c.one('source').subject}统计，{period}（共 {c.one('snapshots').shown} 个观测日{short}）在 App Store 搜索“{keyword}”的结果中，"
    lead = c.get("leaders")
    if lead is not None:
        names = N.join([m.subject for m in lead.members])
        days = N.join([m.shown for m in lead.members])
        each = "分别为" if len(lead.members) > 1 else "为"
        text += f"{names}进入前{top}的天数最多，{each} {days} 天，排名整体稳居前列。"
    else:
        text += f"没有应用进入过前{top}。"
    for r, left, now in zip(c.all("faller"), c.all("faller_left"), c.all("faller_now")):
        text += (
            f"{r.subject}在 {c.one('baseline').shown}排{_rank(r)}，{left.shown}起跌出前{c.one('falling_top').shown}，"
        )
        last = c.one("last_date").shown
        text += f"{last}降至{_rank(now)}。" if now.value is not None else f"{last}已不在搜索结果中。"
    return text


def overview(f: AppStoreFacts, vendor: str) -> Sentence:
    c = claims.overview(f, vendor)
    return said("app_store.overview", overview_text(c), c)


def _reached(c: Claims, key: str, top: str, last: str, *, dated: bool = True) -> str:
    """How many reached the Top N and are still listed; none is said in words, not as '0 款'."""
    now, gone = c.one(f"{key}_top"), c.get(f"{key}_gone")
    if now.value:
        still = f"且 {last}仍在榜" if dated else "且仍在榜"
        dropped = f"（另有 {gone.shown} 款曾进入前 {top} 名，但 {last}已不在榜）" if gone else ""
        return f"，其中 {now.shown} 款进入过前 {top} 名{still}{dropped}"
    if gone:
        return f"，其中 {gone.shown} 款曾进入前 {top} 名，但 {last}已不在榜"
    return f"，均未进入过前 {top} 名"


def movers_text(c: Claims) -> str:
    """New and rising apps: counts, those that reached the Top 10, and the leading ones."""
    base = c.one("baseline").shown
    last = c.get("last_date").shown if c.get("last_date") else ""  # type: ignore[union-attr]
    top = c.get("top_rank").shown if c.get("top_rank") else ""  # type: ignore[union-attr]
    new, up = c.one("new_count"), c.one("rising_count")
    text = f"同期，相对 {base}的搜索结果，"
    text += f"新进入结果的应用有 {new.shown} 款{_reached(c, 'new', top, last)}" if new.value else "没有新进入结果的应用"
    text += "；"
    text += (
        f"排名上升的应用有 {up.shown} 款{_reached(c, 'rising', top, last, dated=False)}"
        if up.value
        else "没有排名上升的应用"
    )
    text += "。"
    lead = []
    best = c.get("new_best")
    if best is not None:
        first = c.one("new_first")
        lead.append(f"新进应用中排名最高的是{best.subject}，{first.shown}首次出现，最高排至{_rank(best.members[0])}")
    rise = c.get("rise_best")
    if rise is not None:
        lead.append(
            f"上升幅度最大的是{rise.subject}，由{_rank(c.one('rise_from'))}升至最高{_rank(c.one('rise_to'))}"
            f"（{c.one('rise_date').shown}），上升 {rise.members[0].shown} 位"
        )
    if lead:
        text += "；".join(lead) + "。"
    return text


def movers(f: AppStoreFacts) -> Sentence:
    c = claims.movers(f)
    return said("app_store.movers", movers_text(c), c)


def missing(f: AppStoreFacts) -> Sentence:
    """The notice of a window without snapshots (and the last day the ranks reach)."""
    c = claims.missing(f)
    last = c.get("latest")
    said_ = f"（排名数据截至 {last.shown}，未覆盖至 {c.one('end').shown}）" if last else ""
    label = "近一个月" if c.one("window").value == "month" else f"{c.one('window_start').shown}至 {c.one('end').shown}"
    text = f"（{label}缺少“{c.one('keyword').subject}”的 App Store 搜索排名数据{said_}，本部分从略）"
    return said("app_store.missing", text, c)
