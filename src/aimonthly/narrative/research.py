"""Sentences for the research layer (映射标的, the exposure index, the adoption scorecard), from their facts
only: every number is formatted from a fact."""

from __future__ import annotations

from aimonthly.analytics.exposure import ExposureFacts
from aimonthly.analytics.mapping import MappingFacts
from aimonthly.analytics.scorecard import ScorecardFacts
from aimonthly.core import numbers as N
from aimonthly.narrative.market import period_cn
from aimonthly.narrative.traffic import LIST_NAMES

MAX_NAMED = 4  # pairs named in each clause; the rest are counted
REASONS = {"listed": "区间内上市", "suspended": "区间末停牌", "gap": "区间首尾缺少收盘价", "no_prices": "无行情数据"}


def points(x: float) -> str:
    """An excess return in percentage points: 0.0523 -> '5.2 个百分点'."""
    return f"{N.pct_abs(x, 1).rstrip('%')} 个百分点"


def moved_with(product: dict, stock: dict) -> bool:
    """A stock moved with its product when its excess return has the sign of the product's 环比."""
    return (product["mom"] or 0) * (stock["excess"] or 0) > 0


def _pair(p: dict, s: dict) -> str:
    growth = N.change(p["mom"], 1) if p["mom"] is not None else "无环比数据"
    beat = "跑赢" if s["excess"] > 0 else "跑输"
    return f"{s['name']}（{p['product']}访问量{growth}；股价{_move(s['return'])}，{beat}基准 {points(s['excess'])}）"


def _move(x: float) -> str:
    return "持平" if N.pct_abs(x, 1) == N.pct(0, 1) else f"{'上涨' if x > 0 else '下跌'} {N.pct_abs(x, 1)}"


def _some(items: list[str]) -> str:
    shown = "、".join(items[:MAX_NAMED])
    return shown + (f"等（共 {len(items)} 组）" if len(items) > MAX_NAMED else "")


def mapping_summary(f: MappingFacts) -> str:
    pinned = f.pinned_extra
    intro = f"本月各榜访问量环比增速居前的 {f.n_hot} 款热门产品" + (
        f"及分析师指定关注的{N.join(pinned)}" if pinned else ""
    )
    mapped = f.mapped
    if not mapped:
        return intro + "中，暂无已登记的上市公司映射标的。"
    n_stocks = len({s["code"] for p in mapped for s in p["stocks"]})
    text = f"{intro}中，{len(mapped)} 款有上市公司映射标的，共涉及 {n_stocks} 只个股"
    bench = f.benchmark.get("name") or f.benchmark.get("code")
    priced = [(p, s) for p, s in f.pairs if s["excess"] is not None]
    if not priced or f.period is None:
        return text + "；区间内缺少可比行情，暂不计算股价表现。"
    text += f"。{period_cn(*f.period)}（与二级市场行情回顾同一区间，基准为{bench}）"
    with_ = sorted((ps for ps in priced if moved_with(*ps)), key=lambda ps: -abs(ps[1]["excess"]))
    against = sorted((ps for ps in priced if not moved_with(*ps)), key=lambda ps: -abs(ps[1]["excess"]))
    parts = []
    if with_:
        parts.append(f"股价与产品流量同向的有{_some([_pair(p, s) for p, s in with_])}")
    if against:
        parts.append(f"未能跟随流量表现的有{_some([_pair(p, s) for p, s in against])}")
    text += "，" + "；".join(parts) + "。"
    unpriced = [(p, s) for p in mapped for s in p["stocks"] if s["return"] is None]
    if unpriced:
        text += (
            "另有"
            + "、".join(f"{s['name']}（{REASONS.get(s['reason'] or '', '缺少行情')}）" for _, s in unpriced)
            + "未计算区间涨跌幅。"
        )
    return text


def _wan(v: float) -> str:
    return f"{N.wan(abs(v))} 万次"


def exposure_summary(f: ExposureFacts) -> str:
    if not f.companies:
        return "暂无已登记的产品与上市公司映射关系，无法计算 AI 流量暴露指数。"
    month = N.month_cn(f.months[-1])
    up = [c for c in f.table if c["change"] > 0]
    down = [c for c in f.table if c["change"] < 0]
    text = f"AI 流量暴露指数按映射关系把各产品的月访问量（乘以权重）汇总到 {len(f.companies)} 家上市公司。{month}"
    parts = []
    if up:
        parts.append("指数增加最多的是" + N.join([_change(c) for c in up[:3]]))
    if down:
        parts.append("减少最多的是" + N.join([_change(c) for c in down[:3]]))
    if not parts:
        return text + "各公司指数与上月相比均无变化。"
    return text + "，".join(parts) + "。"


def _change(c: dict) -> str:
    sign = "+" if c["change"] > 0 else "−"
    mom = f"，{N.change(c['mom'], 1)}" if c["mom"] is not None else ""
    return f"{c['name']}（{sign}{_wan(c['change'])}{mom}）"


def scorecard_summary(f: ScorecardFacts, labels: dict[str, str]) -> str:
    if not f.subjects:
        return "本期尚无应用落地评分。"
    as_of = N.date_cn(f.as_of, with_year=True) if f.as_of else ""
    ranked = [s for s in f.subjects if s["rank"] is not None]
    lead = [s for s in ranked if s["rank"] <= 3]
    names = [labels[c] for c in f.criteria]
    text = (
        f"评分卡按{N.join(names, '与')}{N.cn_count(len(names))}个维度（1—5 分）为 {len(f.subjects)} 个标的打分，"
        f"最新评分日为 {as_of}，综合得分为已评维度的加权平均。"
    )
    if lead:
        text += "综合得分居前的是" + N.join([f"{s['name']}（{s['composite']:.2f} 分）" for s in lead]) + "。"
    moved = sorted((s for s in ranked if s["change"]), key=lambda s: (-abs(s["change"]), s["subject"]))[:3]
    if moved:
        text += (
            "较上期评分变化最大的是"
            + N.join(
                [f"{s['name']}（{'上调' if s['change'] > 0 else '下调'} {abs(s['change']):.2f} 分）" for s in moved]
            )
            + "。"
        )
    flagged = [s for s in f.subjects if s["missing"]]
    if flagged:
        text += (
            "、".join(f"{s['name']}的{N.join([labels[c] for c in s['missing']])}" for s in flagged[:MAX_NAMED])
            + ("等" if len(flagged) > MAX_NAMED else "")
            + "尚未评分，其综合得分仅基于已评维度（表中以 * 标注）。"
        )
    return text


def list_name(lst: str) -> str:
    return LIST_NAMES.get(lst, lst)
