"""The Chinese wording of the research layer (映射标的, the exposure index, the adoption scorecard): claims in
(narrative/claims/research.py), sentences out."""

from __future__ import annotations

from aimonthly.analytics.exposure import ExposureFacts
from aimonthly.analytics.mapping import MappingFacts
from aimonthly.analytics.scorecard import ScorecardFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, Sentence, said
from aimonthly.narrative.claims import research as claims
from aimonthly.narrative.traffic import LIST_NAMES

MAX_NAMED = 4  # pairs named in each clause; the rest are counted
REASONS = {"listed": "区间内上市", "suspended": "区间末停牌", "gap": "区间首尾缺少收盘价", "no_prices": "无行情数据"}
moved_with = claims.moved_with
# why a month has no hot products, said instead of "0 款"
WHY_NONE = {
    "no_mom": "本月榜单上的产品都缺少上月可比访问量（如数据自本月起入库），无法计算访问量环比，暂不筛选环比增速居前的热门产品",
    "no_traffic": "本月没有任何榜单的访问量数据，暂不筛选环比增速居前的热门产品",
}


def points(x: float) -> str:
    """An excess return in percentage points: 0.0523 -> '5.2 个百分点'."""
    return f"{N.points(x, 1)} 个百分点"


def _move(c: Claim, up: str = "上涨", down: str = "下跌") -> str:
    return "持平" if c.relation == "flat" else f"{up if c.relation == 'up' else down} {c.shown}"


def _pair(pair: list[Claim]) -> str:
    mom, ret, ex = pair
    growth = f"环比{_move(mom, '增长', '下降')}" if mom.metric == "mom" else "无环比数据"
    beat = {"beat": "跑赢基准 ", "lag": "跑输基准 "}.get(ex.relation or "")
    versus = f"{beat}{ex.shown} 个百分点" if beat else "与基准基本持平"
    return f"{ret.subject}（{mom.subject}访问量{growth}；股价{_move(ret)}，{versus}）"


def _some(items: list[str]) -> str:
    shown = "、".join(items[:MAX_NAMED])
    return shown + (f"等（共 {len(items)} 组）" if len(items) > MAX_NAMED else "")


def mapping_text(c: Claims, with_: list[list[Claim]], against: list[list[Claim]]) -> str:
    pinned = [p.subject for p in c.all("pinned")]
    n_hot = c.get("n_hot")
    if n_hot is None:
        why = WHY_NONE.get(c.one("why_none").value or "", WHY_NONE["no_traffic"])
        if not pinned:
            return why + "。"
        intro = f"{why}；分析师指定关注的{N.join(pinned)}"
    else:
        intro = f"本月各榜访问量环比增速居前的 {n_hot.shown} 款热门产品" + (
            f"及分析师指定关注的{N.join(pinned)}" if pinned else ""
        )
    n_mapped = c.get("n_mapped")
    if n_mapped is None:
        return intro + "中，暂无已登记的上市公司映射标的。"
    text = f"{intro}中，{n_mapped.shown} 款有上市公司映射标的，共涉及 {c.one('n_stocks').shown} 只个股"
    period = c.get("period")
    if not (with_ or against) or period is None:
        return text + "；区间内缺少可比行情，暂不计算股价表现。"
    text += f"。{period.shown}（与二级市场行情回顾同一区间，基准为{c.one('bench').subject}）"
    parts = []
    if with_:
        parts.append(f"股价与产品流量同向的有{_some([_pair(p) for p in with_])}")
    if against:
        parts.append(f"未能跟随流量表现的有{_some([_pair(p) for p in against])}")
    text += "，" + "；".join(parts) + "。"
    left = c.all("unpriced")
    if left:
        text += "另有" + "、".join(f"{s.subject}（{REASONS.get(s.value or '', '缺少行情')}）" for s in left)
        text += "未计算区间涨跌幅。"
    return text


def mapping_summary(f: MappingFacts) -> Sentence:
    with_, against = claims.pairs(f)
    c = claims.hot(f)
    if f.mapped and (with_ or against) and f.period is not None:  # the returns are said: their period too
        shown = [pair for group in (with_, against) for pair in group[:MAX_NAMED]]
        c = c + claims.period(f) + claims.unpriced(f) + [x for pair in shown for x in pair]
    else:
        with_, against = [], []
    return said("mapping.summary", mapping_text(c, with_, against), c)


def _change(c: Claim, mom: Claim | None) -> str:
    sign = "+" if c.relation == "up" else "−"
    said_mom = f"，环比{_move(mom, '增长', '下降')}" if mom is not None else ""
    return f"{c.subject}（{sign}{c.shown} 万次{said_mom}）"


def exposure_text(c: Claims) -> str:
    if not c:
        return "暂无已登记的产品与上市公司映射关系，无法计算 AI 流量暴露指数。"
    text = f"AI 流量暴露指数按映射关系把各产品的月访问量（乘以权重）汇总到 {c.one('n_companies').shown} 家上市公司。"
    if c.get("no_prev"):
        return text + "上月没有可比的指数（如数据自本月起入库），本月不计算指数变动。"
    moms = {m.subject: m for m in c.all("mom")}
    parts = []
    up, down = c.get("up"), c.get("down")
    if up is not None:
        parts.append("指数增加最多的是" + N.join([_change(m, moms.get(m.subject)) for m in up.members]))
    if down is not None:
        parts.append("减少最多的是" + N.join([_change(m, moms.get(m.subject)) for m in down.members]))
    if not parts:
        return text + f"{c.one('month').shown}各公司指数与上月相比没有变化。"
    return text + c.one("month").shown + "，".join(parts) + "。"


def exposure_summary(f: ExposureFacts) -> Sentence:
    c = claims.exposure(f)
    return said("exposure.summary", exposure_text(c), c)


def scorecard_text(c: Claims) -> str:
    if not c:
        return "本期尚无应用落地评分。"
    names = [x.subject for x in c.all("criterion")]
    as_of = c.get("as_of")
    text = (
        f"评分卡按{N.join(names, '与')}{c.one('n_criteria').shown}个维度（1—5 分）为 {c.one('n_subjects').shown} 个标的打分，"
        f"最新评分日为 {as_of.shown if as_of else ''}，综合得分为已评维度的加权平均。"
    )
    lead = c.get("leaders")
    if lead is not None:
        text += "综合得分居前的是" + N.join([f"{m.subject}（{m.shown} 分）" for m in lead.members]) + "。"
    moved = c.all("moved")
    if moved:
        text += (
            "较上期评分变化最大的是"
            + N.join([f"{m.subject}（{'上调' if m.relation == 'up' else '下调'} {m.shown} 分）" for m in moved])
            + "。"
        )
    flagged = c.all("unscored")
    if flagged:
        labels = {x.value: x.subject for x in c.all("criterion")}
        text += (
            "、".join(f"{s.subject}的{N.join([labels[k] for k in s.value])}" for s in flagged)
            + ("等" if c.get("more_unscored") else "")
            + "尚未评分，其综合得分仅基于已评维度（表中以 * 标注）。"
        )
    return text


def scorecard_summary(f: ScorecardFacts, labels: dict[str, str]) -> Sentence:
    c = claims.scorecard(f, labels)
    return said("scorecard.summary", scorecard_text(c), c)


def list_name(lst: str) -> str:
    return LIST_NAMES.get(lst, lst)
