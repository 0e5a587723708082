"""The adoption-scorecard blocks (投资建议): scorecard.summary (a paragraph), scorecard.table (the ranked
subjects with their six scores, composite and change) and scorecard.heatmap (subjects x criteria)."""

from __future__ import annotations

from aimonthly.analytics.context import FactsContext
from aimonthly.analytics.scorecard import ScorecardFacts
from aimonthly.charts import research as charts
from aimonthly.core.house import HouseSettings
from aimonthly.core import numbers as N
from aimonthly.narrative import research as text
from aimonthly.report.blocks import Blocks, ExhibitSpec, source_line
from aimonthly.report.model import Align, DataTable, Paragraph, TableBody

CENTRED: tuple[Align, ...] = ("c",) * 6
FLAG = "*"  # after the name of a subject with a criterion not scored


def _score(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


def _change(s: dict) -> str:
    if s["previous_as_of"] is None:
        return "新增"
    if s["change"] is None:
        return "-"
    return "持平" if round(s["change"], 2) == 0 else f"{s['change']:+.2f}"


def _name(s: dict) -> str:
    return s["name"] + (FLAG if s["missing"] else "")


def _weights(f: ScorecardFacts, labels: dict[str, str]) -> str:
    w = f.weights
    if len(set(w.values())) == 1:
        return "各维度权重相同"
    return "权重：" + "、".join(f"{labels[c]} {w[c]:g}" for c in f.criteria)


def table(f: ScorecardFacts, labels: dict[str, str], source: str, limit: int) -> tuple:
    rows = f.subjects[:limit]
    as_of = N.date_cn(f.as_of, with_year=True) if f.as_of else ""
    exhibit = ExhibitSpec(
        key="scorecard.table",
        title=N.spaced(f"AI 应用落地评分卡（截至 {as_of}）"),
        source=source,
        body=TableBody(
            header=("排名", "标的", *[labels[c] for c in f.criteria], "综合得分", "较上期"),
            rows=tuple(
                (
                    str(s["rank"]) if s["rank"] is not None else "-",
                    _name(s),
                    *[_score(s["scores"][c]) for c in f.criteria],
                    "-" if s["composite"] is None else f"{s['composite']:.2f}",
                    _change(s),
                )
                for s in rows
            ),
            align=("c", "l", *CENTRED[: len(f.criteria)], "r", "r"),
            widths=(0.8, 2.0, *[1.4] * len(f.criteria), 1.3, 1.1),
        ),
        data=DataTable(
            (
                "rank",
                "subject",
                "name",
                *f.criteria,
                "composite",
                "previous",
                "change",
                "as_of",
                "previous_as_of",
                "missing",
            ),
            tuple(
                (
                    s["rank"],
                    s["subject"],
                    s["name"],
                    *[s["scores"][c] for c in f.criteria],
                    s["composite"],
                    s["previous"],
                    s["change"],
                    s["as_of"],
                    s["previous_as_of"],
                    "、".join(s["missing"]),
                )
                for s in f.subjects
            ),
        ),
    )
    note = (
        f"注：评分 1—5 分，综合得分为已评维度的加权平均（{_weights(f, labels)}）；{FLAG} 表示有维度尚未评分（—），"
        "其综合得分仅基于已评维度；较上期为综合得分与该标的上一次评分之差（按当前权重计算）"
    )
    if len(f.subjects) > limit:
        note += f"；共 {len(f.subjects)} 个标的，表中列示综合得分前 {limit} 位，完整评分见数据包"
    note += "。"
    return exhibit, Paragraph.of(N.spaced(note), kind="note")


def heatmap(f: ScorecardFacts, labels: dict[str, str], source: str, house: HouseSettings) -> ExhibitSpec:
    rows = f.subjects[: house.scorecard.rows]
    top = f"，前 {len(rows)} 位" if len(rows) < len(f.subjects) else ""
    return ExhibitSpec(
        key="scorecard.heatmap",
        title=N.spaced(f"AI 应用落地评分热力图（按综合得分排序{top}）"),
        source=source,
        body=charts.heatmap(
            [_name(s) for s in rows],
            [labels[c] for c in f.criteria],
            [[s["scores"][c] for c in f.criteria] for s in rows],
            color=house.colors.primary,
        ),
        data=DataTable(
            ("subject", "name", *f.criteria),
            tuple((s["subject"], s["name"], *[s["scores"][c] for c in f.criteria]) for s in rows),
        ),
    )


def blocks(facts: ScorecardFacts, house: HouseSettings, ctx: FactsContext | None) -> Blocks:
    source = source_line(house, "scorecard", ctx)
    labels = house.scorecard.labels.model_dump()
    out: Blocks = {"scorecard.summary": lambda: Paragraph.of(N.spaced(text.scorecard_summary(facts, labels)))}
    if not facts.subjects:
        note = lambda: Paragraph.of("（尚无应用落地评分数据，本节从略）", kind="note")  # noqa: E731
        return {**out, "scorecard.table": note, "scorecard.heatmap": note}
    out["scorecard.table"] = lambda: table(facts, labels, source, house.scorecard.rows)
    out["scorecard.heatmap"] = lambda: heatmap(facts, labels, source, house)
    return out
