"""Sentences for the cloud capex tracker (the electronics view), from CapexFacts only."""

from __future__ import annotations

from aimonthly.analytics.capex import CapexFacts
from aimonthly.core import numbers as N
from aimonthly.core.quarters import quarter_parts

_CN_QUARTER = "一二三四"


def quarter_cn(q: str) -> str:
    """'2024Q1' -> '2024 年一季度'."""
    year, n = quarter_parts(q)
    return f"{year} 年{_CN_QUARTER[n - 1]}季度"


def yi_usd(v: float) -> str:
    """US dollars in 亿美元, at most two decimals: 44,289,000,000 -> '442.89 亿美元', 12e9 -> '120 亿美元'."""
    s = N.yi(v, 2)
    return (s.rstrip("0").rstrip(".") if "." in s else s) + " 亿美元"


def _band(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None and lo != hi:
        return f"{yi_usd(lo).removesuffix(' 亿美元')}–{yi_usd(hi)}"
    one = lo if lo is not None else hi
    return yi_usd(one) if one is not None else "-"


def _growth(yoy: float | None, qoq: float | None, nd: int) -> str:
    parts = [N.change(yoy, nd, word="同比")] if yoy is not None else []
    parts += [N.change(qoq, nd, word="环比")] if qoq is not None else []
    return "，".join(parts)


def guidance(f: CapexFacts) -> str:
    out = []
    for g in f.guidance:
        now = _band(g["low"], g["high"])
        if g["change"] == "new":
            out.append(f"{g['name']}给出 {g['year']} 年资本开支指引 {now}")
        elif g["change"] == "kept":
            out.append(f"{g['name']}维持 {g['year']} 年资本开支指引 {now}")
        else:
            verb = "上调" if g["change"] == "raised" else "下调"
            out.append(
                f"{g['name']}将 {g['year']} 年资本开支指引由 {_band(g['prev_low'], g['prev_high'])}{verb}至 {now}"
            )
    return "；".join(out)


def _lead(f: CapexFacts, group: str) -> str:
    names = N.join([c["name"] for c in f.companies])
    growth = _growth(f.total_yoy, f.total_qoq, 2)
    assert f.quarter is not None and f.total is not None, "the blocks give a note when there is no quarter"
    behind = (
        f"（{quarter_cn(f.expected_quarter)}数据尚未入库，此为最新一季）"
        if f.expected_quarter and any(g.section == "capex" for g in f.coverage_gaps)
        else ""
    )
    text = f"{quarter_cn(f.quarter)}{behind}，{group}（{names}）资本开支合计 {yi_usd(f.total)}"
    return text + (f"，{growth}" if growth else "")


def summary(f: CapexFacts, group: str) -> str:
    """The short version, for the cover: the total, the fastest grower, guidance changes."""
    text = _lead(f, group)
    grown = [c for c in f.companies if c["yoy"] is not None]
    if len(grown) > 1:
        top = max(grown, key=lambda c: c["yoy"])
        text += f"，其中{top['name']}同比增速最高（{N.pct(top['yoy'], 1)}）"
    g = guidance(f)
    return text + (f"；{g}" if g else "") + "。" + _absent(f)


def detail(f: CapexFacts, group: str) -> str:
    """The full version: the total, then each company, then guidance changes."""
    text = _lead(f, group) + "。分公司看，"
    text += (
        "；".join(
            f"{c['name']} {yi_usd(c['capex'])}" + (f"，{g}" if (g := _growth(c["yoy"], c["qoq"], 1)) else "")
            for c in f.companies
        )
        + "。"
    )
    g = guidance(f)
    return text + (f"指引方面，{g}。" if g else "") + _absent(f)


def _absent(f: CapexFacts) -> str:
    """The companies without the quarter, each with the last quarter its data reaches."""
    if not f.missing_companies:
        return ""
    said = [
        c["name"] + (f"（数据截至 {quarter_cn(c['last_quarter'])}）" if c.get("last_quarter") else "（尚无数据）")
        for c in f.missing_companies
    ]
    return f"{N.join(said)}尚无该季度数据，未计入合计。"
