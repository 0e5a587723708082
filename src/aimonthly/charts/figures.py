"""The matplotlib side of the charts: one drawing function per ChartSpec kind (``DRAW``), each laying
out one figure and saving it in the encodings asked for (SVG, PNG, or both from the same figure).

Imported only when a chart must really be drawn (charts/batch.py): a build whose charts are all in
the cache, or that writes no picture (``--formats json,xlsx``), never imports matplotlib.
"""

from __future__ import annotations

import functools
import io
from typing import Callable, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

from aimonthly.core.chart import Chart, ChartSpec
from aimonthly.core.fonts import cjk_font

CM = 1 / 2.54


@functools.cache
def setup() -> None:
    """Load the CJK font and the house rcParams once (before forking workers, so they inherit it)."""
    font = cjk_font()
    if font.path is not None:
        font_manager.fontManager.addfont(str(font.path))
    plt.rcParams.update(
        {
            "font.family": [font.family, "DejaVu Sans"],
            "font.size": 8,
            "axes.unicode_minus": False,
            "svg.fonttype": "path",  # glyphs as paths: the SVG shows right without the font installed
            "svg.hashsalt": "aimonthly",  # deterministic ids
            "text.parse_math": False,  # names from data are text: "$x$" is not typeset as math
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def _finish(fig, width_cm: float, height_cm: float, encodings: Sequence[str]) -> Chart:
    """The figure saved in each encoding asked for; the layout is done once, by the first save."""
    svg = png = None
    if "svg" in encodings:
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
        svg = out.getvalue()
    if "png" in encodings:
        data = io.BytesIO()
        fig.savefig(data, format="png", dpi=150, metadata={"Software": None})  # 945 px across a 16 cm Word column
        png = data.getvalue()
    plt.close(fig)
    return Chart(svg=svg, png=png, width_cm=width_cm, height_cm=height_cm)


def _label_width_cm(labels: Sequence[str], fontsize: float) -> float:
    """The printed width of the widest label, estimated (CJK 1 em, others ~0.6 em): measuring it
    would need the costly layout pass this avoids."""

    def em(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)

    return max((em(t) for t in labels), default=0) * fontsize / 72 * 2.54


def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str],
    color: str,
    xlabel: str,
    percent: bool,
    negative_color: str | None,
    width_cm: float,
    height_cm: float,
):
    n = len(labels)
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    # Fixed margins from the label widths: a constrained layout pass doubles the drawing time.
    left = (_label_width_cm(labels, plt.rcParams["font.size"]) + 0.5) / width_cm
    bottom = (1.1 if xlabel else 0.7) / height_cm
    fig.subplots_adjust(left=min(left, 0.45), right=0.97, top=1 - 0.3 / height_cm, bottom=bottom)
    y = list(range(n))[::-1]
    ax.barh(y, values, color=[negative_color if negative_color and v < 0 else color for v in values], height=0.65)
    ax.set_yticks(y, labels)
    ax.tick_params(axis="y", length=0)
    for yi, v, text in zip(y, values, value_labels):
        ax.text(max(v, 0), yi, " " + text, va="center", ha="left", fontsize=7)
    lo, hi = min(0, *values), max(0, *values)
    # room on the right for the longest label: the bars' own span when all are negative
    ax.set_xlim(lo * 1.05 if lo < 0 else 0, hi * 1.18 if hi > 0 else (abs(lo) * 0.3 if lo < 0 else 1))
    ax.axvline(0, color="#999999", linewidth=0.6)
    if xlabel:
        ax.set_xlabel(xlabel)
    if percent:
        ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
    return fig


def donut(
    labels: Sequence[str],
    shares: Sequence[float],
    *,
    colors: Sequence[str],
    legend: Sequence[str],
    width_cm: float,
    height_cm: float,
):
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    fig.subplots_adjust(left=0.05, right=0.55, top=0.97, bottom=0.03)  # the legend fills the right half
    wedges, _ = ax.pie(
        shares,
        colors=list(colors),
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 0.8},
    )
    ax.legend(
        wedges,
        list(legend),
        loc="center left",
        bbox_to_anchor=(1.0, 0.5),
        frameon=False,
        fontsize=7.5,
    )
    ax.set_aspect("equal")
    return fig


def lines(
    x: Sequence,
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    colors: Sequence[str],
    invert_y: bool,
    ylabel: str,
    percent: bool,
    width_cm: float,
    height_cm: float,
):
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout="constrained")
    for i, (name, ys) in enumerate(series):
        ax.plot(
            list(x),
            [float("nan") if v is None else v for v in ys],
            label=name,
            color=colors[i % len(colors)],
            linewidth=1.2,
        )
    if invert_y:  # ranks: the best (smallest) value at the top edge, no empty band above it
        ax.invert_yaxis()
        lo = min((v for _, ys in series for v in ys if v is not None), default=None)
        if lo is not None:
            ax.set_ylim(ax.get_ylim()[0], lo - 0.5)
    if percent:
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.legend(frameon=False, fontsize=7, loc="best")
    fig.autofmt_xdate()
    return fig


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    colors: Sequence[str],
    total_labels: Sequence[str],
    ylabel: str,
    width_cm: float,
    height_cm: float,
):
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout="constrained")
    x = list(range(len(categories)))
    bottom = [0.0] * len(categories)
    for i, (name, ys) in enumerate(series):
        ax.bar(x, ys, bottom=bottom, width=0.55, label=name, color=colors[i % len(colors)])
        bottom = [b + v for b, v in zip(bottom, ys)]
    for xi, top, text in zip(x, bottom, total_labels):
        ax.text(xi, top, text, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, list(categories))
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, max(bottom, default=1) * 1.12 or 1)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series))
    return fig


DRAW: dict[str, Callable] = {"hbar": hbar, "donut": donut, "lines": lines, "stacked_bars": stacked_bars}


def draw_figure(spec: ChartSpec, encodings: Sequence[str]) -> Chart:
    """The spec drawn by its kind's function, saved in ``encodings``."""
    setup()
    draw = DRAW.get(spec.kind)
    if draw is None:  # the research layer's kinds, in a module of their own
        from aimonthly.charts.research_figures import DRAW as RESEARCH

        draw = RESEARCH[spec.kind]
    fig = draw(**spec.kwargs(), width_cm=spec.width_cm, height_cm=spec.height_cm)
    return _finish(fig, spec.width_cm, spec.height_cm, encodings)
