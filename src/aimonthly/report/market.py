"""The market blocks (国内二级市场行情回顾): per industry a paragraph, a cumulative-return chart
beside the benchmark, a gainers/losers table and a note on the universe; per theme a chart."""

from __future__ import annotations

from aimonthly import charts
from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.market import MarketFacts
from aimonthly.core.house import HouseSettings
from aimonthly.core import numbers as N
from aimonthly.narrative import market as text
from aimonthly.narrative.claims import market as claims
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
    since = claims.since(f, code, label, house.coverage.market_weekdays)
    bench = f.cumulative.get(f.benchmark["code"]) if code != f.benchmark["code"] else None
    lines = {label: dict(series)}
    if bench:
        lines[f.benchmark.get("name") or f.benchmark["code"]] = dict(bench)
    dates = sorted(set().union(*(s.keys() for s in lines.values())))
    values = {name: [s.get(d) for d in dates] for name, s in lines.items()}
    codes = [code] + ([f.benchmark["code"]] if bench else [])
    return ExhibitSpec(
        key=f"market.{key}.cumulative",
        title=N.spaced(text.cumulative_title(since, label), keep=[label]),
        source=source,
        body=charts.lines(dates, values, colors=house.colors.series, percent=True, ylabel="累计涨跌幅"),
        data=DataTable(("date", *codes), tuple((d, *(values[n][i] for n in values)) for i, d in enumerate(dates))),
        claims=(since,),
    )


def movers_table(f: MarketFacts, name: str, source: str) -> ExhibitSpec | Paragraph:
    m = f.movers[name]
    if not m["n_ranked"]:
        return _note(f"{name}股票池缺少区间首尾收盘价，本期无涨跌幅排名")
    if not m["gainers"] and not m["losers"]:
        return _note(f"{name}股票池区间内个股均收平，本期无涨跌幅排名")
    g, lo = m["gainers"], m["losers"]
    said = claims.movers_table(f, name)
    # a side with no stock (none rose, or none fell) has no columns: the table never heads an empty ranking
    sides = [(head, rs) for head, rs in (("涨幅居前", g), ("跌幅居前", lo)) if rs]
    rows = []
    for i in range(max(len(g), len(lo))):
        cells: tuple[str, ...] = (str(i + 1),)
        for _, rs in sides:
            cells += (rs[i]["name"], rs[i]["code"], N.pct(rs[i]["return"])) if i < len(rs) else ("", "", "")
        rows.append(cells)
    return ExhibitSpec(
        key=f"market.{m['key']}.movers",
        title=text.movers_title(said, name),
        source=source,
        body=TableBody(
            header=("排名", *(c for head, _ in sides for c in (head, "代码", "涨跌幅"))),
            rows=tuple(rows),
            align=("c", *("l", "l", "r") * len(sides)),
            widths=(0.8, *(2.2, 1.6, 1.4) * len(sides)),
        ),
        data=DataTable(
            ("side", "rank", "code", "name", "return"),
            tuple(
                (side, i, r["code"], r["name"], r["return"])
                for side, rs in (("gainer", g), ("loser", lo))
                for i, r in enumerate(rs, 1)
            ),
        ),
        claims=said.items,
    )


def blocks(facts: MarketFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    """market.<key>.text / .cumulative / .movers / .note per industry; market.<key>.cumulative per theme."""
    cfg = house.market
    source = source_line(house, "market", ctx)
    out: Blocks = {}
    if facts.end_day is None:
        for i in cfg.industries:
            for part in ("text", "cumulative", "movers", "note"):
                out[f"market.{i.key}.{part}"] = lambda: Paragraph.said(text.no_prices(facts), kind="note")
        for t in cfg.themes:
            out[f"market.{t.key}.cumulative"] = lambda: Paragraph.said(text.no_prices(facts, stocks=False), kind="note")
        return out
    for i in cfg.industries:
        key, name = i.key, i.name
        themes = [t.key for t in cfg.themes_of(key)]
        ind = facts.index(key)
        out[f"market.{key}.text"] = lambda key=key, name=name, themes=themes: Paragraph.said(
            text.industry_paragraph(facts, key, name, themes)
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
        out[f"market.{key}.note"] = lambda key=key, name=name: Paragraph.said(
            text.excluded_note(facts, key, name), kind="note"
        )
    for t in cfg.themes:
        idx = facts.index(t.key)
        out[f"market.{t.key}.cumulative"] = lambda idx=idx: cumulative(
            facts, idx["key"], idx["code"], idx["label"], source, house
        )
    return out
