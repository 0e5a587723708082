"""Sentences for the secondary-market review (国内二级市场行情回顾), from MarketFacts only."""

from __future__ import annotations

import datetime as dt

from aimonthly.analytics.market import MarketFacts
from aimonthly.core import numbers as N


def period_cn(start: dt.date, end: dt.date) -> str:
    """'2024 年 4 月 1 日至 5 月 9 日' (the end's year only when it differs)."""
    tail = N.date_cn(end, with_year=end.year != start.year)
    return f"{N.date_cn(start, with_year=True)}至{tail}"


def period_label(start: dt.date, end: dt.date) -> str:
    """The short label of exhibit captions: '4.1-5.9'."""
    return f"{start.month}.{start.day}-{end.month}.{end.day}"


def since_cn(base: dt.date) -> str:
    """'2022 年初以来' for a 1 January base date, else '2022 年 3 月 15 日以来'."""
    return f"{base.year} 年初以来" if (base.month, base.day) == (1, 1) else f"{N.date_cn(base, with_year=True)}以来"


def _zero(x: float, nd: int = 1) -> bool:
    return N.pct_abs(x, nd) == N.pct(0, nd)


def move(x: float, nd: int = 1) -> str:
    """'上涨 3.6%' / '下跌 7.2%' / '持平'."""
    if _zero(x, nd):
        return "持平"
    return f"{'上涨' if x > 0 else '下跌'} {N.pct_abs(x, nd)}"


def _versus(ret: float, bench: dict) -> str:
    if bench.get("return") is None:
        return ""
    gap = ret - bench["return"]
    name = bench.get("name") or bench["code"]
    if _zero(gap):
        return f"，与{name}（{move(bench['return'])}）基本持平"
    return f"，相对{name}（{move(bench['return'])}）{'跑赢' if gap > 0 else '跑输'} {N.pct_abs(gap, 1).rstrip('%')} 个百分点"


def industry_paragraph(f: MarketFacts, key: str, name: str, themes: list[dict]) -> str:
    """One industry's paragraph: its index (and the themes shown with it) over the period, then its movers."""
    ind = f.index(key)
    start, end = f.shown_period
    parts = []
    if ind and ind["return"] is not None:
        parts.append(f"{ind['label']}{move(ind['return'])}{_versus(ind['return'], f.benchmark)}")
    else:
        parts.append(f"{name}行业指数缺少区间首尾收盘价，暂无法计算涨跌幅")
    for t in themes:
        if t["return"] is not None:
            parts.append(f"同期{t['label']}{move(t['return'])}")
    # prices that stop early: the period shown ends on the last close, and the text says so
    short = (
        f"（行情数据仅至该日，未覆盖至 {N.date_cn(f.period[1], with_year=f.period[1].year != end.year)}）"
        if f.coverage_gaps
        else ""
    )
    text = f"{period_cn(start, end)}{short}，" + "；".join(parts) + "。"
    m = f.movers.get(name)
    if m and m["gainers"]:
        k = N.cn_count(len(m["gainers"]))
        text += (
            f"个股层面，{name}板块区间涨幅居前{k}位的依次是{N.join([g['name'] for g in m['gainers']])}，"
            f"跌幅居前{N.cn_count(len(m['losers']))}位的依次是{N.join([g['name'] for g in m['losers']])}。"
        )
    elif m is not None:
        text += f"{name}板块股票池在区间首尾均有收盘价的个股不足，本期不做涨跌幅排名。"
    return text


_REASONS = {"listed": "区间内上市", "suspended": "区间末停牌", "gap": "区间首尾缺少收盘价"}


def excluded_note(name: str, m: dict) -> str:
    """The universe and the stocks left out of the ranking, for the note under the movers table."""
    text = f"注：{name}股票池为数据中行业标记为“{m['universe']}”的 {m['n_universe']} 只个股，其中 {m['n_ranked']} 只参与排名"
    if m["excluded"]:  # each stock's reason is in its brackets: not said again after the list
        text += "；" + "、".join(f"{e['name']}（{e['code']}，{_REASONS[e['reason']]}）" for e in m["excluded"])
        text += "未纳入排名"
    return text + "。"
