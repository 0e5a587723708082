"""The 映射标的 blocks: mapping.summary (a paragraph), mapping.table (hot products and their listed companies'
returns) and mapping.chart (traffic 环比 against the stocks' excess return, one labelled point per pair)."""

from __future__ import annotations

from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.mapping import MappingFacts
from aimonthly.charts import research as charts
from aimonthly.core.house import HouseSettings
from aimonthly.core import numbers as N
from aimonthly.narrative import research as text
from aimonthly.narrative.market import period_label
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody


def _pct(x: float | None) -> str:
    return "-" if x is None else N.pct(x)


def _note(what: str) -> Paragraph:
    return Paragraph.of(N.spaced(f"（{what}）"), kind="note")


def _label(f: MappingFacts) -> str:
    return period_label(*f.period) if f.period else ""


def table(f: MappingFacts, source: str, pool: int) -> tuple:
    rows, data = [], []
    for p in f.mapped:
        first = True
        for s in p["stocks"]:
            if s["return"] is None:
                continue
            head = (p["product"], text.list_name(p["list"]), N.wan(p["visits"]), _pct(p["mom"])) if first else ("",) * 4
            rows.append(
                (
                    *head,
                    s["code"],
                    s["name"],
                    s["relation"] or "-",
                    _pct(s["return"]),
                    _pct(s["excess"]),
                    _pct(s["return_since_entry"]),
                )
            )
            first = False
        for s in p["stocks"]:
            data.append(
                (
                    p["product"],
                    p["list"],
                    p["visits"],
                    p["mom"],
                    p["entry_month"],
                    s["code"],
                    s["name"],
                    s["relation"],
                    s["weight"],
                    s["return"],
                    s["excess"],
                    s["return_since_entry"],
                    s["reason"],
                )
            )
    bench = f.benchmark.get("name") or f.benchmark.get("code")
    exhibit = ExhibitSpec(
        key="mapping.table",
        title=N.spaced(f"{_label(f)} 热门 AI 产品映射标的股价表现"),
        source=source,
        body=TableBody(
            header=(
                "产品",
                "榜单",
                "访问量（万次）",
                "环比",
                "代码",
                "映射标的",
                "关系",
                "区间涨跌幅",
                "超额收益",
                "入池以来",
            ),
            rows=tuple(rows),
            align=("l", "c", "r", "r", "l", "l", "c", "r", "r", "r"),
            widths=(2.0, 0.9, 1.5, 1.3, 1.8, 1.8, 1.2, 1.6, 1.4, 1.4),
        ),
        data=DataTable(
            (
                "product",
                "list",
                "visits",
                "mom",
                "entry_month",
                "code",
                "name",
                "relation",
                "weight",
                "return",
                "excess",
                "return_since_entry",
                "reason",
            ),
            tuple(data),
        ),
    )
    notes = [
        f"注：超额收益相对{bench}；入池以来为产品首次进入任一榜单访问量 Top{pool} 当月最后一个交易日至区间末的涨跌幅"
    ]
    left = [
        f"{s['name']}（{s['code']}，{p['product']}，{text.REASONS.get(s['reason'] or '', '缺少行情')}）"
        for p in f.mapped
        for s in p["stocks"]
        if s["return"] is None
    ]
    if left:
        notes.append("、".join(left) + "未纳入表中")
    return exhibit, Paragraph.of(N.spaced("；".join(notes) + "。"), kind="note")


def chart(f: MappingFacts, source: str, house: HouseSettings) -> ExhibitSpec:
    pairs = [(p, s) for p, s in f.pairs if p["mom"] is not None and s["excess"] is not None]
    return ExhibitSpec(
        key="mapping.chart",
        title=N.spaced(f"{_label(f)} 热门 AI 产品访问量环比与映射标的超额收益"),
        source=source,
        body=charts.scatter(
            [(p["mom"], s["excess"], f"{p['product']}/{s['name']}") for p, s in pairs],
            color=house.colors.primary,
            xlabel="产品访问量环比",
            ylabel="映射标的超额收益",
        ),
        data=DataTable(
            ("product", "code", "name", "mom", "excess"),
            tuple((p["product"], s["code"], s["name"], p["mom"], s["excess"]) for p, s in pairs),
        ),
    )


def blocks(facts: MappingFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    source = source_line(house, "mapping", ctx)
    pool = ctx.pool if ctx is not None else 50
    removed = [{"product": f"{r['name'] or r['code']}（{r['code']}）", "reason": r["reason"]} for r in facts.removed]
    out: Blocks = {"mapping.summary": lambda: Paragraph.of(N.spaced(text.mapping_summary(facts)))}
    if not any(s["return"] is not None for p in facts.mapped for s in p["stocks"]):
        why = "本月热门产品暂无已登记的映射标的" if not facts.mapped else "映射标的在区间内缺少行情数据"
        out["mapping.table"] = lambda: with_note(_note(f"{why}，本表从略"), "mapping", removed)
        out["mapping.chart"] = lambda: _note(f"{why}，本图从略")
        return out
    out["mapping.table"] = lambda: with_note(table(facts, source, pool), "mapping", removed)
    out["mapping.chart"] = lambda: chart(facts, source, house)
    return out
