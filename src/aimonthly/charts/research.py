"""The research layer's chart specs: a labelled scatter (映射标的), small multiples of an index beside a
price (the exposure index) and a heatmap (the adoption scorecard). Drawn by charts/research_figures.py
only when a renderer needs the picture, like every chart (aimonthly.charts)."""

from __future__ import annotations

import math
from typing import Sequence

from aimonthly.charts import label
from aimonthly.core.chart import ChartSpec


def scatter(
    points: Sequence[tuple[float, float, str]],
    *,
    color: str,
    xlabel: str,
    ylabel: str,
    width_cm: float = 16,
    height_cm: float = 9,
) -> ChartSpec:
    """One point per (x, y, label), both axes in percent, zero lines drawn; labels are moved apart
    (adjustText) until none overlaps another or a point, with a thin line back to its point."""
    return ChartSpec.of(
        "scatter",
        width_cm=width_cm,
        height_cm=height_cm,
        points=[(float(x), float(y), label(name)) for x, y, name in points],
        color=color,
        xlabel=xlabel,
        ylabel=ylabel,
    )


def index_and_price(
    panels: Sequence[dict], *, bar_color: str, line_color: str, bar_label: str, line_label: str, width_cm: float = 16
) -> ChartSpec:
    """Small multiples, two a row: per panel (``title``, ``months``, ``bars``, ``line``) the bars on the left
    axis and the line on the right axis (two scales: the exhibit's title says which is which)."""
    rows = math.ceil(len(panels) / (2 if len(panels) > 1 else 1))
    return ChartSpec.of(
        "index_and_price",
        width_cm=width_cm,
        height_cm=1.6 + 5.2 * rows,
        panels=[
            (
                label(p["title"]),
                list(p["months"]),
                [None if v is None else float(v) for v in p["bars"]],
                [None if v is None else float(v) for v in p["line"]],
            )
            for p in panels
        ],
        bar_color=bar_color,
        line_color=line_color,
        bar_label=bar_label,
        line_label=line_label,
    )


def heatmap(
    rows: Sequence[str],
    cols: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    color: str,
    low: float = 1,
    high: float = 5,
    missing_label: str = "未评",
    width_cm: float = 16,
) -> ChartSpec:
    """Rows x columns of scores, each cell coloured from white (``low``) to ``color`` (``high``) and labelled;
    a cell without a value is hatched grey and says ``missing_label``."""
    return ChartSpec.of(
        "heatmap",
        width_cm=width_cm,
        height_cm=max(5.0, 0.5 * len(rows) + 2.2),
        rows=[label(r) for r in rows],
        cols=[label(c) for c in cols],
        values=[[None if v is None else float(v) for v in row] for row in values],
        color=color,
        low=float(low),
        high=float(high),
        missing_label=missing_label,
    )
