"""Sentences for the traffic sections (1.1 and 1.2), from ListFacts only.

Every number in these sentences is formatted from a fact; month-over-month is always 环比.
"""

from __future__ import annotations

from aimonthly.analytics.traffic import ListFacts
from aimonthly.core import numbers as N

LIST_NAMES = {"global": "全球", "domestic": "国内", "overseas": "出海"}
MAX_NAMED = 3


def _names(rows: list[dict], k: int = MAX_NAMED) -> list[str]:
    return [r["product"] for r in rows[:k]]


def overview(f: ListFacts, source: str) -> str:
    lst, mon, prev = LIST_NAMES[f.list], N.month_cn(f.month), N.month_cn(f.prev_month, with_year=False)
    parts = [f"据{source}数据，{mon}{lst}榜访问量 Top{f.top_label} 的 AI 产品中"]
    if f.n_visits_over_100m:
        s = f"，月访问量超过 1 亿次的有 {f.n_visits_over_100m} 款"
        if f.n_visits_over_100m_prev is not None:
            d = f.n_visits_over_100m - f.n_visits_over_100m_prev
            s += "，与" + prev + "持平" if d == 0 else f"，较{prev}{'增加' if d > 0 else '减少'} {abs(d)} 款"
        parts.append(s)
    elif f.min_visits_top is not None and f.top_visits:
        floor = _floor(f.min_visits_top)
        parts.append(f"，月访问量均在 {floor}以上" if floor else "")
    if f.top20_total_mom is not None:
        total = f"Top{f.top_label} 产品访问量合计{N.change(f.top20_total_mom)}"
        # nothing said of the products: one clause, not "…的 AI 产品中；Top20 产品…"
        parts = parts + [f"；{total}"] if any(parts[1:]) else [f"据{source}数据，{mon}{lst}榜访问量 {total}"]
    text = "".join(parts) + "。"
    k = 5 if f.n_visits_over_100m else 3
    lead = f.top_visits[:k]
    if lead:
        names = N.join([_with_company(r) for r in lead])
        text += f"访问量排名前{N.cn_count(len(lead))}位的依次为{names}"
        if k == 3:
            text += "，月访问量分别为 " + N.join([N.visits(r["visits"]) for r in lead])
        if f.top5_same_order is not None and k == 5:
            text += "，排序与上月相同" if f.top5_same_order else "，排序较上月有所变化"
        text += "。"
    return text


def _with_company(r: dict) -> str:
    c = r.get("company")
    related = c and (c.lower() in r["product"].lower() or r["product"].lower() in c.lower())
    return f"{r['product']}（{c}）" if c and not related else r["product"]


def _floor(v: int) -> str | None:
    """The largest round threshold under v: 1,234,567 -> '100 万次'."""
    for step, text in (
        (100_000_000, "1 亿次"),
        (10_000_000, "1,000 万次"),
        (1_000_000, "100 万次"),
        (100_000, "10 万次"),
    ):
        if v >= step:
            return text
    return None


def growth(f: ListFacts) -> str:
    lst, mon = LIST_NAMES[f.list], N.month_cn(f.month)
    if not f.top_growth:
        return f"{mon}{lst}榜缺少上月可比数据，暂无法计算访问量环比增速。"
    lead = f.top_growth[:MAX_NAMED]
    text = f"{mon}{lst}榜访问量 Top{f.pool_label} 的 AI 产品中"
    if f.n_rising_top50 is not None:
        text += f"，有 {f.n_rising_top50} 款访问量环比上升" if f.n_rising_top50 else "，没有产品访问量环比上升"
    names = N.join(_names(lead))
    if all(r["mom"] > 0 for r in lead):
        text += f"；环比增速居前的是{names}，访问量环比分别增长 {N.join([N.pct(r['mom']) for r in lead])}"
    elif all(r["mom"] <= 0 for r in lead):
        text += f"；环比降幅最小的是{names}，访问量环比分别下降 {N.join([N.pct(-r['mom']) for r in lead])}"
    else:
        text += f"；环比增速居前的是{names}，访问量环比分别变动 {N.join([N.pct(r['mom']) for r in lead])}"
    return text + "。"


def categories(f: ListFacts, *, named: int = 3, band: tuple[float, float] = (0.03, 0.05), max_named: int = 6) -> str:
    """The largest categories by name with their shares; when two or more fall in ``band``, those are
    summarised as a range. Every category larger than the range is named (up to ``max_named``; any
    beyond joins the range), so the range follows the last one named and none is skipped."""
    lst, mon = LIST_NAMES[f.list], N.month_cn(f.month)
    if not f.has_category or not f.category_share:
        return f"{mon}{lst}榜数据未提供产品类别，本月不做类别分布统计。"
    shares, k = f.category_share, named
    rest: list[dict] = []
    if sum(1 for r in shares[named:] if band[0] <= r["share"] < band[1]) >= 2:
        k = named + min(max_named - named, sum(1 for r in shares[named:] if r["share"] >= band[1]))
        for r in shares[k:]:  # contiguous: stop at the first category below the band
            if r["share"] < band[0]:
                break
            rest.append(r)
    text = f"按细分类别看，{mon}{lst}榜访问量 Top{f.pool_label} 的 AI 产品中，" + "，".join(
        f"{r['category']}占 {N.pct(r['share'], 1)}" for r in shares[:k]
    )
    if rest:
        lo, hi = rest[-1]["share"], rest[0]["share"]
        text += f"；{N.join([r['category'] for r in rest], '、')}等类别占比在 {N.pct(lo, 1)}～{N.pct(hi, 1)} 之间"
    return text + "。"


def duration(f: ListFacts) -> str:
    lst, mon = LIST_NAMES[f.list], N.month_cn(f.month)
    if not f.has_duration or not f.top_duration:
        return f"{mon}{lst}榜数据未提供单次访问时长，本月不做时长排名。"
    lead = f.top_duration[:MAX_NAMED]
    return (
        f"单次访问时长方面，{mon}{lst}榜访问量 Top{f.pool_label} 中平均访问时长居前三的是{N.join(_names(lead))}，"
        f"分别为 {N.join([N.minutes(r['minutes']) for r in lead])}。"
    )
