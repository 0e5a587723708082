"""The research layer's figures drawn (charts/research.py holds their specs): a labelled scatter (映射标的),
small multiples of an index beside a price (the exposure index) and a heatmap (the adoption scorecard).
Labels arrive printable and clipped (aimonthly.charts.label); no source line in the image."""

from __future__ import annotations

import math
from typing import Callable, Sequence

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.colors import LinearSegmentedColormap

from aimonthly.charts.figures import CM
from aimonthly.core import numbers as N


def scatter(
    points: Sequence[tuple[float, float, str]],
    *,
    color: str,
    xlabel: str,
    ylabel: str,
    width_cm: float,
    height_cm: float,
):
    """One point per (x, y, label), both axes in percent, zero lines drawn; labels are moved apart
    (adjustText) until none overlaps another or a point, with a thin line back to its point."""
    from adjustText import adjust_text

    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    fig.subplots_adjust(left=0.11, right=0.97, top=0.96, bottom=0.19)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    ax.axhline(0, color="#999999", linewidth=0.6, zorder=1)
    ax.axvline(0, color="#999999", linewidth=0.6, zorder=1)
    ax.scatter(xs, ys, s=18, color=color, zorder=3)
    for axis, values in ((ax.set_xlim, xs), (ax.set_ylim, ys)):  # room around the points for their labels
        lo, hi = min([0.0, *values]), max([0.0, *values])
        pad = (hi - lo) * 0.15 or 0.05
        axis(lo - pad, hi + pad)
    texts = [ax.text(x, y, name, fontsize=7, zorder=4) for x, y, name in points]
    if texts:
        adjust_text(
            texts,
            x=xs,
            y=ys,
            ax=ax,
            expand=(1.15, 1.4),
            ensure_inside_axes=True,
            arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.5},
        )
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(color="#eeeeee", linewidth=0.5)
    ax.set_axisbelow(True)
    return fig


def index_and_price(
    panels: Sequence[tuple[str, Sequence[str], Sequence[float | None], Sequence[float | None]]],
    *,
    bar_color: str,
    line_color: str,
    bar_label: str,
    line_label: str,
    width_cm: float,
    height_cm: float,
):
    """Small multiples, two a row: per panel (``title``, ``months``, ``bars``, ``line``) the bars on the left
    axis and the line on the right axis (two scales: the exhibit's title says which is which)."""
    cols = 2 if len(panels) > 1 else 1
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(width_cm * CM, height_cm * CM), squeeze=False)
    fig.subplots_adjust(
        left=0.08, right=0.92, top=1 - 1.0 / height_cm, bottom=1.3 / height_cm, hspace=0.55, wspace=0.42
    )
    handles: list = []
    for ax, (title, months, bar_values, line_values) in zip(axes.ravel(), panels):
        x = list(range(len(months)))
        bars = ax.bar(x, [0 if v is None else v for v in bar_values], color=bar_color, width=0.65, label=bar_label)
        right = ax.twinx()
        right.spines["right"].set_visible(True)
        ys = [float("nan") if v is None else v for v in line_values]
        (line,) = right.plot(x, ys, color=line_color, linewidth=1.2, marker="o", markersize=2, label=line_label)
        ax.set_title(title, fontsize=8)
        step = max(1, -(-len(x) // 6))
        ticks = x[::-1][::step][::-1]  # counted back from the latest month, which is always labelled
        ax.set_xticks(ticks, [months[i][2:].replace("-", "/") for i in ticks], fontsize=6.5)
        ax.tick_params(axis="y", labelsize=6.5)
        right.tick_params(axis="y", labelsize=6.5)
        ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: N.count(v)))
        ax.grid(axis="y", color="#eeeeee", linewidth=0.5)
        ax.set_axisbelow(True)
        handles = [bars, line]
    for ax in axes.ravel()[len(panels) :]:
        ax.set_visible(False)
    if handles:
        fig.legend(
            handles,
            [bar_label, line_label],
            loc="upper center",
            ncols=2,
            frameon=False,
            fontsize=7,
            bbox_to_anchor=(0.5, 1.0),
        )
    return fig


def heatmap(
    rows: Sequence[str],
    cols: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    color: str,
    low: float,
    high: float,
    missing_label: str,
    width_cm: float,
    height_cm: float,
):
    """Rows x columns of scores, each cell coloured from white (``low``) to ``color`` (``high``) and labelled;
    a cell without a value is hatched grey and says ``missing_label``."""
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    left = min(0.4, (max((len(r) for r in rows), default=4) * 0.32 + 0.6) / width_cm)
    fig.subplots_adjust(left=max(left, 0.14), right=0.98, top=1 - 0.9 / height_cm, bottom=1.0 / height_cm)
    cmap = LinearSegmentedColormap.from_list("house", ["#FFFFFF", color])
    grid = [[float("nan") if v is None else v for v in row] for row in values]
    ax.imshow(grid, cmap=cmap, vmin=low - (high - low) * 0.15, vmax=high, aspect="auto")
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is None:
                ax.add_patch(
                    matplotlib.patches.Rectangle(
                        (j - 0.5, i - 0.5), 1, 1, facecolor="#EEEEEE", hatch="////", edgecolor="#BBBBBB", linewidth=0
                    )
                )
                ax.text(j, i, missing_label, ha="center", va="center", fontsize=6.5, color="#666666")
            else:
                dark = v >= low + (high - low) * 0.6
                ax.text(j, i, N.plain(v), ha="center", va="center", fontsize=7, color="white" if dark else "#222222")
    ax.set_xticks(range(len(cols)), list(cols))
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(rows)), list(rows))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks([x - 0.5 for x in range(1, len(cols))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(rows))], minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    return fig


DRAW: dict[str, Callable] = {"scatter": scatter, "index_and_price": index_and_price, "heatmap": heatmap}
