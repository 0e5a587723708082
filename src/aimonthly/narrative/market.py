"""The Chinese wording of the secondary-market review (国内二级市场行情回顾): claims in
(narrative/claims/market.py), sentences out. Every figure printed is a claim's ``shown``."""

from __future__ import annotations

import datetime as dt

from aimonthly.analytics.market import MarketFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, Sentence, said
from aimonthly.narrative.claims import market as claims


def period_cn(start: dt.date, end: dt.date) -> str:
    """'2024 年 4 月 1 日至 5 月 9 日' (the end's year only when it differs)."""
    return N.span_cn(start, end)


def period_label(start: dt.date, end: dt.date) -> str:
    """The short label of exhibit captions: '4.1-5.9'."""
    return N.span_label(start, end)


def since_cn(base: dt.date) -> str:
    """'2022 年初以来' for a 1 January base date, else '2022 年 3 月 15 日以来'."""
    return N.since_cn(base)


def move(c: Claim) -> str:
    """'上涨 3.6%' / '下跌 7.2%' / '持平'."""
    return "持平" if c.relation == "flat" else f"{'上涨' if c.relation == 'up' else '下跌'} {c.shown}"


def _versus(excess: Claim | None, bench: Claim | None) -> str:
    if excess is None or bench is None:
        return ""
    if excess.relation == "flat":
        return f"，与{bench.subject}（{move(bench)}）基本持平"
    return f"，相对{bench.subject}（{move(bench)}）{'跑赢' if excess.relation == 'beat' else '跑输'} {excess.shown} 个百分点"


def _movers(c: Claims, name: str) -> str:
    if c.get("unranked"):
        return f"{name}板块股票池中没有在区间首尾都有收盘价的个股，本期不做涨跌幅排名。"
    g, lo = c.get("gainers"), c.get("losers")
    if g is None and lo is None:
        return ""
    parts = []
    if g is not None:
        parts.append(f"区间涨幅居前{g.shown}位的依次是{N.join([m.subject for m in g.members])}")
    else:
        parts.append("区间内没有收涨的个股")
    if lo is not None:
        parts.append(f"跌幅居前{lo.shown}位的依次是{N.join([m.subject for m in lo.members])}")
    else:
        parts.append("没有收跌的个股")
    return f"个股层面，{name}板块" + "，".join(parts) + "。"


def industry(c: Claims) -> str:
    """One industry's paragraph: its index (and the themes shown with it) over the period, then its movers."""
    name = c.one("industry").subject
    idx = c.get("index")
    if idx is None:
        parts = [f"{name}行业指数缺少区间首尾收盘价，暂无法计算涨跌幅"]
    else:
        parts = [f"{idx.subject}{move(idx)}{_versus(c.get('excess'), c.get('bench'))}"]
    parts += [f"同期{t.subject}{move(t)}" for t in c.all("theme")]
    asked = c.get("asked_end")  # prices that stop early: the period shown ends on the last close, and says so
    short = f"（行情数据仅至该日，未覆盖至 {asked.shown}）" if asked else ""
    return f"{c.one('period').shown}{short}，" + "；".join(parts) + "。" + _movers(c, name)


def industry_paragraph(f: MarketFacts, key: str, name: str, themes: list[str]) -> Sentence:
    """``themes``: the keys of the theme indices shown with the industry."""
    c = claims.industry(f, key, name, themes)
    return said(f"market.{key}.text", industry(c), c)


_REASONS = {"listed": "区间内上市", "suspended": "区间末停牌", "gap": "区间首尾缺少收盘价"}


def universe(c: Claims) -> str:
    """The universe and the stocks left out of the ranking, for the note under the movers table."""
    name, label = c.one("industry").subject, c.one("universe").subject
    n = c.one("n_universe")
    if not n.value:
        return f"注：数据中没有行业标记为“{label}”的个股，{name}板块本期不做涨跌幅排名。"
    ranked = c.one("n_ranked")
    text = f"注：{name}股票池为数据中行业标记为“{label}”的 {n.shown} 只个股，" + (
        f"其中 {ranked.shown} 只参与排名" if ranked.value else "没有个股参与排名"
    )
    left = zip(c.all("excluded"), c.all("excluded_code"))
    said_ = [f"{e.subject}（{code.subject}，{_REASONS[e.value]}）" for e, code in left]
    if said_:  # each stock's reason is in its brackets: not said again after the list
        text += "；" + "、".join(said_) + "未纳入排名"
    return text + "。"


def excluded_note(f: MarketFacts, key: str, name: str) -> Sentence:
    c = claims.universe(f, name)
    return said(f"market.{key}.note", universe(c), c)


def movers_title(c: Claims, name: str) -> str:
    g, lo = c.get("gainers"), c.get("losers")
    n = max(len(g.members) if g else 0, len(lo.members) if lo else 0)
    return f"{c.one('period').shown} {name}行业涨跌幅 Top{n} 公司"


def cumulative_title(since: Claim, label: str) -> str:
    return f"{since.shown}{label}累计涨跌幅"


def no_prices(f: MarketFacts, *, stocks: bool = True) -> Sentence:
    """The notice of a month without prices, with the last day the prices reach."""
    c = claims.no_prices(f)
    last, end = c.get("last_day"), c.get("asked_end")
    latest = f"，行情数据截至 {last.shown}，未覆盖至 {end.shown}" if last and end else ""
    what = "指数与个股" if stocks else "指数"
    return said("market.none", f"（本月缺少{what}行情数据{latest}，本节从略）", c)
