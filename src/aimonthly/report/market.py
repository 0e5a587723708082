"""The market blocks (国内二级市场行情回顾): per industry a paragraph, a cumulative-return chart
beside the benchmark, a gainers/losers table and a note on the universe; per theme a chart."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.market import MarketFacts
from aimonthly.core.house import HouseSettings
from aimonthly.narrative import coverage
from aimonthly.narrative import market as text
from aimonthly.core import numbers as N
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.exclusion_notes import with_note
from aimonthly.report.model import DataTable, Paragraph, TableBody


def _note(what: str) -> Paragraph:
    return Paragraph.of(f"（{what}）", kind="note")


def cumulative(
    f: MarketFacts, key: str, code: str, label: str, source: str, house: HouseSettings
) -> ExhibitSpec | Paragraph:
    series = f.cumulative.get(code) or []
    if not series:
        return _note(f"{label}缺少 {f.chart_base.isoformat()} 以来的收盘价，无法绘制累计涨跌幅")
    bench = f.cumulative.get(f.benchmark["code"]) if code != f.benchmark["code"] else None
    lines = {label: dict(series)}
    if bench:
        lines[f.benchmark.get("name") or f.benchmark["code"]] = dict(bench)
    dates = sorted(set().union(*(s.keys() for s in lines.values())))
    values = {name: [s.get(d) for d in dates] for name, s in lines.items()}
    codes = [code] + ([f.benchmark["code"]] if bench else [])
    return ExhibitSpec(
        key=f"market.{key}.cumulative",
        title=N.spaced(f"{text.since_cn(f.chart_base)}{label}累计涨跌幅"),
        source=source,
        body=charts.lines(dates, values, colors=house.colors.series, percent=True, ylabel="累计涨跌幅"),
        data=DataTable(("date", *codes), tuple((d, *(values[n][i] for n in values)) for i, d in enumerate(dates))),
    )


def movers_table(f: MarketFacts, name: str, source: str) -> ExhibitSpec | Paragraph:
    m = f.movers[name]
    if not m["gainers"]:
        return _note(f"{name}股票池缺少区间首尾收盘价，本期无涨跌幅排名")
    g, lo = m["gainers"], m["losers"]
    rows = []
    for i in range(max(len(g), len(lo))):
        a = (g[i]["name"], g[i]["code"], N.pct(g[i]["return"])) if i < len(g) else ("", "", "")
        b = (lo[i]["name"], lo[i]["code"], N.pct(lo[i]["return"])) if i < len(lo) else ("", "", "")
        rows.append((str(i + 1), *a, *b))
    n = max(len(g), len(lo))
    return ExhibitSpec(
        key=f"market.{m['key']}.movers",
        title=f"{text.period_label(*f.shown_period)} {name}行业涨跌幅 Top{n} 公司",
        source=source,
        body=TableBody(
            header=("排名", "涨幅居前", "代码", "涨跌幅", "跌幅居前", "代码", "涨跌幅"),
            rows=tuple(rows),
            align=("c", "l", "l", "r", "l", "l", "r"),
            widths=(0.8, 2.2, 1.6, 1.4, 2.2, 1.6, 1.4),
        ),
        data=DataTable(
            ("side", "rank", "code", "name", "return"),
            tuple(
                (side, i, r["code"], r["name"], r["return"])
                for side, rs in (("gainer", g), ("loser", lo))
                for i, r in enumerate(rs, 1)
            ),
        ),
    )


def blocks(facts: MarketFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """market.<key>.text / .cumulative / .movers / .note per industry; market.<key>.cumulative per theme."""
    cfg = house.market
    source = source_line(house, "market", ctx)
    out: Blocks = {}
    if facts.end_day is None:
        latest = f"，{coverage.data_until('行情', facts.last_day, facts.period[1])}" if facts.last_day else ""
        for i in cfg.industries:
            for part in ("text", "cumulative", "movers", "note"):
                out[f"market.{i.key}.{part}"] = lambda: _note(N.spaced(f"本月缺少指数与个股行情数据{latest}，本节从略"))
        for t in cfg.themes:
            out[f"market.{t.key}.cumulative"] = lambda: _note(N.spaced(f"本月缺少指数行情数据{latest}，本节从略"))
        return out
    for i in cfg.industries:
        key, name = i.key, i.name
        themes = [facts.index(t.key) for t in cfg.themes_of(key)]
        ind = facts.index(key)
        out[f"market.{key}.text"] = lambda key=key, name=name, themes=themes: Paragraph.of(
            N.spaced(text.industry_paragraph(facts, key, name, themes))
        )
        out[f"market.{key}.cumulative"] = lambda key=key, ind=ind: cumulative(
            facts, key, ind["code"], ind["label"], source, house
        )
        out[f"market.{key}.movers"] = lambda name=name, i=i: with_note(
            movers_table(facts, name, source),
            "movers",
            [
                {"product": f"{r['name']}（{r['code']}）", "reason": r["reason"]}
                for r in facts.removed
                if r["industry"] == i.stocks
            ],
        )
        out[f"market.{key}.note"] = lambda name=name: Paragraph.of(
            N.spaced(text.excluded_note(name, facts.movers[name])), kind="note"
        )
    for t in cfg.themes:
        idx = facts.index(t.key)
        out[f"market.{t.key}.cumulative"] = lambda idx=idx: cumulative(
            facts, idx["key"], idx["code"], idx["label"], source, house
        )
    return out
