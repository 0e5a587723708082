"""The Chinese wording of the cloud capex tracker (the electronics view): claims in
(narrative/claims/capex.py), sentences out."""

from __future__ import annotations

from aimonthly.analytics.capex import CapexFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, Sentence, said
from aimonthly.narrative.claims import capex as claims


def quarter_cn(q: str) -> str:
    """'2024Q1' -> '2024 年一季度'."""
    return N.quarter_cn(q)


def yi_usd(v: float) -> str:
    """US dollars in 亿美元, at most two decimals: 44,289,000,000 -> '442.89 亿美元', 12e9 -> '120 亿美元'."""
    return N.usd_yi(v)


_VERB = {"up": "增长", "down": "下降"}


def _change(c: Claim, word: str) -> str:
    """'同比增长 30.47%' / '环比下降 3.0%' / '同比持平'."""
    return f"{word}持平" if c.relation == "flat" else f"{word}{_VERB[c.relation or 'up']} {c.shown}"


def _growth(yoy: Claim | None, qoq: Claim | None) -> str:
    return "，".join(_change(c, w) for c, w in ((yoy, "同比"), (qoq, "环比")) if c is not None)


def _lead(c: Claims) -> str:
    total = c.one("total")
    names = N.join([m.subject for m in total.members])
    expected = c.get("expected")
    behind = f"（{expected.shown}数据尚未入库，此为最新一季）" if expected else ""
    growth = _growth(c.get("yoy"), c.get("qoq"))
    if growth and c.get("like_for_like"):
        growth = "按可比口径" + growth
    if len(total.members) == 1:
        text = f"{c.one('quarter').shown}{behind}，{total.subject}（{names}）资本开支为 {total.shown}"
    else:
        text = f"{c.one('quarter').shown}{behind}，{total.subject}（{names}）资本开支合计 {total.shown}"
    return text + (f"，{growth}" if growth else "")


def _guidance(c: Claims) -> str:
    out = []
    for g, change in zip(c.all("guidance"), c.all("guidance_change")):
        year = g.period[0] if g.period else ""
        if change.subject == "new":
            out.append(f"{g.subject}给出 {year} 年资本开支指引 {g.shown}")
        elif change.subject == "kept":
            out.append(f"{g.subject}维持 {year} 年资本开支指引 {g.shown}")
        else:
            before = next(b for b in c.all("guidance_before") if b.subject == g.subject)
            verb = "上调" if change.subject == "raised" else "下调"
            out.append(f"{g.subject}将 {year} 年资本开支指引由 {before.shown}{verb}至 {g.shown}")
    return "；".join(out)


def _absent(c: Claims) -> str:
    """The companies without the quarter, each with the last quarter its data reaches."""
    gone = c.all("absent")
    if not gone:
        return ""
    reached = [a for a in gone if a.value]
    never = [a for a in gone if not a.value]
    parts = []
    if reached:
        parts.append(N.join([f"{a.subject}（数据截至 {a.shown}）" for a in reached]) + "尚无该季度数据")
    if never:
        parts.append(N.join([a.subject for a in never]) + "尚无资本开支数据")
    return "，".join(parts) + "，未计入合计。"


def summary_text(c: Claims) -> str:
    text = _lead(c)
    top = c.get("fastest")
    if top is not None:
        text += f"，其中{top.subject}同比增速最高（{top.members[0].shown}）"
    g = _guidance(c)
    return text + (f"；{g}" if g else "") + "。" + _absent(c)


def detail_text(c: Claims) -> str:
    text = _lead(c) + "。分公司看，"
    parts = []
    for co in c.all("company"):
        yoy = next((x for x in c.all("company_yoy") if x.subject == co.subject), None)
        qoq = next((x for x in c.all("company_qoq") if x.subject == co.subject), None)
        growth = _growth(yoy, qoq)
        parts.append(f"{co.subject} {co.shown}" + (f"，{growth}" if growth else ""))
    text += "；".join(parts) + "。"
    g = _guidance(c)
    return text + (f"指引方面，{g}。" if g else "") + _absent(c)


def summary(f: CapexFacts, group: str, configured: tuple[str, ...] = ()) -> Sentence:
    """The short version, for the cover: the total, the fastest grower, guidance changes."""
    c = claims.total(f, group, configured) + claims.guidance(f) + claims.absent(f)
    c = c + [x for x in [claims.fastest(f)] if x is not None]
    return said("capex.summary", summary_text(c), c)


def detail(f: CapexFacts, group: str, configured: tuple[str, ...] = ()) -> Sentence:
    """The full version: the total, then each company, then guidance changes."""
    c = claims.total(f, group, configured) + claims.companies(f) + claims.guidance(f) + claims.absent(f)
    return said("capex.text", detail_text(c), c)
