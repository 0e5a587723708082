"""The Chinese wording of the traffic sections (1.1 and 1.2): claims in (narrative/claims/traffic.py),
sentences out. Every figure printed is a claim's ``shown``; month-over-month is always 环比."""

from __future__ import annotations

from aimonthly.analytics.traffic import ListFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, Sentence, said
from aimonthly.narrative.claims import traffic as claims

LIST_NAMES = {"global": "全球", "domestic": "国内", "overseas": "出海"}
MAX_NAMED = claims.MAX_NAMED


def _list(c: Claims) -> str:
    return LIST_NAMES[c.one("pool" if c.get("pool") else "top_n").subject]


def _over(c: Claims) -> str:
    over = c.get("over")
    if over is None:
        floor = c.get("floor_value")
        return f"，月访问量均在 {floor.shown}以上" if floor else ""
    text = f"，月访问量在 1 亿次以上的有 {over.shown} 款"
    prev = c.get("prev_month")
    if c.get("over_same_count") is not None and prev is not None:
        came = N.join([x.subject for x in c.all("over_in")])
        gone = N.join([x.subject for x in c.all("over_out")])
        return text + f"，数量与{prev.shown}相同，但{came}新进、{gone}退出"
    change = c.get("over_change")
    if change is None or prev is None:
        return text
    if change.relation == "flat":
        return text + f"，与{prev.shown}持平"
    return text + f"，较{prev.shown}{'增加' if change.relation == 'up' else '减少'} {c.one('over_by').shown} 款"


def _with_company(c: Claims, product: Claim) -> str:
    co = next((x for x in c.all("company") if x.period and x.period[0] == product.subject), None)
    return f"{product.subject}（{co.subject}）" if co else product.subject


def overview_text(c: Claims) -> str:
    lst, mon, top = LIST_NAMES[c.one("top_n").subject], c.one("month").shown, c.one("top_n").shown
    source = c.one("source").subject
    head = f"据{source}数据，{mon}{lst}榜访问量 Top{top} 的 AI 产品中"
    over = _over(c)
    total = c.get("total_mom")
    if total is not None:
        move = "持平" if total.relation == "flat" else f"{'增长' if total.relation == 'up' else '下降'} {total.shown}"
        said_total = f"Top{top} 产品访问量合计环比{move}"
        # nothing said of the products: one clause, not "…的 AI 产品中；Top20 产品…"
        text = f"{head}{over}；{said_total}" if over else f"据{source}数据，{mon}{lst}榜访问量 {said_total}"
    else:
        text = head + over
    text += "。"
    lead = c.get("leaders")
    if lead is not None:
        names = N.join([_with_company(c, m) for m in lead.members])
        text += f"访问量排名前{lead.shown}位的依次为{names}"
        if lead.members[0].shown:
            text += "，月访问量分别为 " + N.join([m.shown for m in lead.members])
        same = c.get("same_order")
        if same is not None:
            text += "，排序与上月相同" if same.value else "，排序较上月有所变化"
        text += "。"
    return text


def overview(f: ListFacts, source: str) -> Sentence:
    c = claims.overview(f, source)
    return said(f"traffic.{f.list}.overview", overview_text(c), c)


def growth_text(c: Claims) -> str:
    mon = c.one("month").shown
    if c.get("no_growth"):
        return f"{mon}{LIST_NAMES[c.one('no_growth').subject]}榜缺少上月可比数据，暂无法计算访问量环比增速。"
    lst, pool = _list(c), c.one("pool").shown
    text = f"{mon}{lst}榜访问量 Top{pool} 的 AI 产品中"
    rising = c.get("rising")
    if rising is not None:
        text += f"，有 {rising.shown} 款访问量环比上升" if rising.value else "，没有产品访问量环比上升"
    lead = c.one("growers").members
    names = N.join([m.subject for m in lead])
    if all(m.relation == "up" for m in lead):
        text += f"；环比增速居前的是{names}，访问量环比分别增长 {N.join([m.shown for m in lead])}"
    elif all(m.relation == "down" for m in lead):
        text += f"；环比降幅最小的是{names}，访问量环比分别下降 {N.join([m.shown for m in lead])}"
    else:
        moves = [
            ("持平" if m.relation == "flat" else f"{'增长' if m.relation == 'up' else '下降'} {m.shown}") for m in lead
        ]
        text += f"；环比增速居前的是{names}，访问量环比分别{N.join(moves)}"
    return text + "。"


def growth(f: ListFacts) -> Sentence:
    c = claims.growth(f)
    return said(f"traffic.{f.list}.growth", growth_text(c), c)


def categories_text(c: Claims) -> str:
    mon = c.one("month").shown
    if c.get("no_categories"):
        return f"{mon}{LIST_NAMES[c.one('no_categories').subject]}榜数据未提供产品类别，本月不做类别分布统计。"
    text = f"按细分类别看，{mon}{_list(c)}榜访问量 Top{c.one('pool').shown} 的 AI 产品中，" + "，".join(
        f"{x.subject}占 {x.shown}" for x in c.all("category")
    )
    rest = c.get("range")
    if rest is not None:
        lo, hi = c.one("range_low").shown, c.one("range_high").shown
        text += f"；{N.join([m.subject for m in rest.members], '、')}等类别占比在 {lo}～{hi} 之间"
    return text + "。"


def categories(f: ListFacts, **kw) -> Sentence:
    c = claims.categories(f, **kw)
    return said(f"traffic.{f.list}.categories", categories_text(c), c)


def duration_text(c: Claims) -> str:
    mon = c.one("month").shown
    if c.get("no_duration"):
        return f"{mon}{LIST_NAMES[c.one('no_duration').subject]}榜数据未提供单次访问时长，本月不做时长排名。"
    lead = c.one("leaders")
    return (
        f"单次访问时长方面，{mon}{_list(c)}榜访问量 Top{c.one('pool').shown} 中平均访问时长居前{lead.shown}的是"
        f"{N.join([m.subject for m in lead.members])}，分别为 {N.join([m.shown for m in lead.members])}。"
    )


def duration(f: ListFacts) -> Sentence:
    c = claims.duration(f)
    return said(f"traffic.{f.list}.duration", duration_text(c), c)


def missing_list(lst: str, reach: str | None, block: str) -> Sentence:
    """The notice of a list without the month's data (and the month its data reaches)."""
    c = claims.no_list(lst, reach)
    r = c.get("reach")
    text = f"（本月{LIST_NAMES[lst]}榜访问量数据缺失" + (f"（数据截至 {r.shown}）" if r else "") + "，本节从略）"
    return said(block, text, c)


def no_estimates(f: ListFacts) -> Sentence:
    """The notice of a list whose rows all say 0 visits (a vendor's "no estimate")."""
    c = claims.no_estimates(f)
    text = f"（{c.one('month').shown}{LIST_NAMES[f.list]}榜的 {c.one('zeros').shown} 款产品都没有访问量估计（数据中访问量为 0），本节从略）"
    return said(f"traffic.{f.list}.no_estimates", text, c)
