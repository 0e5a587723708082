"""The exposure-index blocks: exposure.summary (a paragraph), exposure.table (the companies whose index changed
most this month) and exposure.chart (each of the first companies' index beside its stock's monthly close)."""

from __future__ import annotations

from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.exposure import ExposureFacts
from aimonthly.charts import research as charts
from aimonthly.core.house import HouseSettings
from aimonthly.core.text import clip
from aimonthly.core import numbers as N
from aimonthly.narrative import research as text
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody

PRODUCTS_SHOWN = 3  # products named in a table cell; the data pack has them all


def _wan(v: float | None) -> str:
    return "-" if v is None else N.wan(v)


def _products(c: dict) -> str:
    names = [p["product"] for p in c["products"]]
    return clip("、".join(names[:PRODUCTS_SHOWN]), 40) + (f" 等 {len(names)} 款" if len(names) > PRODUCTS_SHOWN else "")


def table(f: ExposureFacts, source: str) -> ExhibitSpec:
    rows = f.table
    sign = lambda v: ("+" if v > 0 else "") + N.wan(v) if v else "0"  # noqa: E731
    return ExhibitSpec(
        key="exposure.table",
        title=N.spaced(f"{N.month_cn(f.months[-1])} AI 流量暴露指数变动居前的上市公司"),
        source=source,
        body=TableBody(
            header=("排名", "代码", "公司", "映射产品", "本月指数（万次）", "上月（万次）", "变动（万次）", "环比"),
            rows=tuple(
                (
                    str(c["rank"]),
                    c["code"],
                    c["name"],
                    _products(c),
                    _wan(c["visits"]),
                    _wan(c["prev"]),
                    sign(c["change"]),
                    "-" if c["mom"] is None else N.pct(c["mom"]),
                )
                for c in rows
            ),
            align=("c", "l", "l", "l", "r", "r", "r", "r"),
            widths=(0.8, 1.7, 1.8, 2.8, 2.2, 1.8, 1.8, 1.3),
            wrap=(False, False, False, True, False, False, False, False),
        ),
        data=DataTable(
            ("rank", "code", "name", "products", "visits", "prev", "change", "mom"),
            tuple(
                (
                    c["rank"],
                    c["code"],
                    c["name"],
                    "、".join(p["product"] for p in c["products"]),
                    c["visits"],
                    c["prev"],
                    c["change"],
                    c["mom"],
                )
                for c in rows
            ),
        ),
    )


def chart(f: ExposureFacts, source: str, house: HouseSettings) -> ExhibitSpec | Paragraph:
    shown = [c for c in f.table if any(m["close"] is not None for m in c["months"])][: house.exposure.chart_companies]
    if not shown:
        return Paragraph.of(N.spaced("（暴露指数变动居前的公司缺少行情数据，本图从略）"), kind="note")
    panels = [
        {
            "title": f"{c['name']}（{c['code']}）",
            "months": f.months,
            "bars": [None if m["visits"] is None else m["visits"] / 1e4 for m in c["months"]],
            "line": [m["close"] for m in c["months"]],
        }
        for c in shown
    ]
    colors = house.colors
    return ExhibitSpec(
        key="exposure.chart",
        title=N.spaced(f"近 {len(f.months)} 个月 AI 流量暴露指数（柱，左轴，万次）与月末收盘价（线，右轴）"),
        source=source,
        body=charts.index_and_price(
            panels,
            bar_color=colors.series[2 % len(colors.series)],
            line_color=colors.primary,
            bar_label="AI 流量暴露指数（万次，左轴）",
            line_label="月末收盘价（右轴）",
        ),
        data=DataTable(
            ("code", "name", "month", "visits", "mom", "close"),
            tuple(
                (c["code"], c["name"], m["month"], m["visits"], m["mom"], m["close"])
                for c in shown
                for m in c["months"]
            ),
        ),
    )


def blocks(facts: ExposureFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    source = source_line(house, "exposure", ctx)
    excluded = [
        {"product": e["product"] + (f"（{text.list_name(e['list'])}榜）" if e["list"] else ""), "reason": e["reason"]}
        for e in facts.excluded
    ]
    excluded += [{"product": f"{r['name']}（{r['code']}）", "reason": r["reason"]} for r in facts.removed]
    out: Blocks = {"exposure.summary": lambda: Paragraph.of(N.spaced(text.exposure_summary(facts)))}
    if not facts.table:
        note = lambda: Paragraph.of(N.spaced("（暂无映射关系或映射产品本月无流量数据，本节从略）"), kind="note")  # noqa: E731
        return {**out, "exposure.table": note, "exposure.chart": note}
    out["exposure.table"] = lambda: with_note(table(facts, source), "exposure", excluded)
    out["exposure.chart"] = lambda: chart(facts, source, house)
    return out
