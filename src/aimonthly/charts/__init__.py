"""Charts: one function per figure kind, each returning a model Chart (SVG for HTML/PDF, PNG for Word).

Every chart carries its source line in the image itself, so it keeps it when copied alone.
"""

from __future__ import annotations

import functools
import io
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

from aimonthly.core.chart import Chart
from aimonthly.core.fonts import cjk_font
from aimonthly.core.safe import printable
from aimonthly.core.text import clip

CM = 1 / 2.54
LABEL_WIDTH = 40  # display columns (CJK = 2) of a name on a chart; longer names end "…" (tables keep them)


@functools.cache
def setup() -> None:
    """Load the CJK font and the house rcParams once (before forking workers, so they inherit it)."""
    font = cjk_font()
    if font.path is not None:
        font_manager.fontManager.addfont(str(font.path))
    plt.rcParams.update({
        "font.family": [font.family, "DejaVu Sans"],
        "font.size": 8,
        "axes.unicode_minus": False,
        "svg.fonttype": "path",  # glyphs as paths: the SVG shows right without the font installed
        "svg.hashsalt": "aimonthly",  # deterministic ids
        "text.parse_math": False,  # names from data are text: "$x$" is not typeset as math
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def label(text: object) -> str:
    """A name from data as a chart shows it: printable, and clipped to ``LABEL_WIDTH`` columns
    (a 10,000-character name would take seconds to lay out and fill the figure)."""
    return clip(printable(str(text)), LABEL_WIDTH)


def _finish(fig, source: str, width_cm: float, height_cm: float) -> Chart:
    fig.text(0.01, 0.01, printable(source), fontsize=6.5, color="#666666", ha="left", va="bottom")
    svg, png = io.StringIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(png, format="png", dpi=150)  # 945 px across a 16 cm Word column
    plt.close(fig)
    return Chart(svg=svg.getvalue(), png=png.getvalue(), width_cm=width_cm, height_cm=height_cm)


def _label_width_cm(labels: Sequence[str], fontsize: float) -> float:
    """The printed width of the widest label, estimated (CJK 1 em, others ~0.6 em): measuring it
    would need the costly layout pass this avoids."""
    def em(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.6 for ch in text)
    return max((em(t) for t in labels), default=0) * fontsize / 72 * 2.54


def hbar(labels: Sequence[str], values: Sequence[float], *, value_labels: Sequence[str], source: str,
         color: str, xlabel: str = "", percent: bool = False, width_cm: float = 16,
         height_cm: float | None = None, negative_color: str | None = None) -> Chart:
    """Horizontal bars, largest at the top, each labelled with its value. A negative bar's label sits
    just right of the zero line, where its row is empty, so it never runs into the names."""
    setup()
    labels = [label(x) for x in labels]
    n = len(labels)
    height_cm = height_cm or max(6.0, 0.42 * n + 2.0)
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    # Fixed margins from the label widths: a constrained layout pass doubles the drawing time.
    left = (_label_width_cm(labels, plt.rcParams["font.size"]) + 0.5) / width_cm
    bottom = (1.6 if xlabel else 1.1) / height_cm
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
    return _finish(fig, source, width_cm, height_cm)


def donut(labels: Sequence[str], shares: Sequence[float], *, source: str, colors: Sequence[str],
          other_label: str = "其他", max_slices: int = 10, width_cm: float = 16, height_cm: float = 8) -> Chart:
    """Shares of a whole; slices past ``max_slices`` are gathered as ``other_label``."""
    setup()
    labels, shares = [label(x) for x in labels], list(shares)
    if len(labels) > max_slices:
        labels = labels[: max_slices - 1] + [other_label]
        shares = shares[: max_slices - 1] + [sum(shares[max_slices - 1:])]
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM))
    fig.subplots_adjust(left=0.05, right=0.55, top=0.97, bottom=0.1)  # the legend fills the right half
    palette = [colors[i % len(colors)] for i in range(len(labels))]
    if labels and labels[-1] == other_label:
        palette[-1] = "#BBBBBB"
    wedges, _ = ax.pie(shares, colors=palette, startangle=90, counterclock=False,
                       wedgeprops={"width": 0.42, "edgecolor": "white", "linewidth": 0.8})
    ax.legend(wedges, [f"{lab}  {s * 100:.1f}%" for lab, s in zip(labels, shares)],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=7.5)
    ax.set_aspect("equal")
    return _finish(fig, source, width_cm, height_cm)


def lines(x: Sequence, series: Mapping[str, Sequence[float | None]], *, source: str, colors: Sequence[str],
          invert_y: bool = False, ylabel: str = "", percent: bool = False, width_cm: float = 16,
          height_cm: float = 7.5) -> Chart:
    """One line per series over a shared x axis (dates); gaps where a value is None."""
    setup()
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.25)  # type: ignore[union-attr, call-arg]  # room under the dates for the source line
    for i, (name, ys) in enumerate(series.items()):
        ax.plot(list(x), [float("nan") if v is None else v for v in ys], label=label(name),
                color=colors[i % len(colors)], linewidth=1.2)
    if invert_y:  # ranks: the best (smallest) value at the top edge, no empty band above it
        ax.invert_yaxis()
        lo = min((v for ys in series.values() for v in ys if v is not None), default=None)
        if lo is not None:
            ax.set_ylim(ax.get_ylim()[0], lo - 0.5)
    if percent:
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.legend(frameon=False, fontsize=7, loc="best")
    fig.autofmt_xdate()
    return _finish(fig, source, width_cm, height_cm)


def stacked_bars(categories: Sequence[str], series: Mapping[str, Sequence[float]], *, source: str, colors: Sequence[str],
                 total_labels: Sequence[str] | None = None, ylabel: str = "", width_cm: float = 16,
                 height_cm: float = 7.5) -> Chart:
    """Vertical bars, one per category (e.g. a quarter), stacked by series, the total printed on top."""
    setup()
    fig, ax = plt.subplots(figsize=(width_cm * CM, height_cm * CM), layout="constrained")
    fig.get_layout_engine().set(h_pad=0.25)  # type: ignore[union-attr, call-arg]  # room for the source line
    x = list(range(len(categories)))
    bottom = [0.0] * len(categories)
    for i, (name, ys) in enumerate(series.items()):
        ys = [v or 0.0 for v in ys]
        ax.bar(x, ys, bottom=bottom, width=0.55, label=label(name), color=colors[i % len(colors)])
        bottom = [b + v for b, v in zip(bottom, ys)]
    for xi, top, text in zip(x, bottom, total_labels or []):
        ax.text(xi, top, text, ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, [label(c) for c in categories])
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, max(bottom, default=1) * 1.12 or 1)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.legend(frameon=False, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=len(series))
    return _finish(fig, source, width_cm, height_cm)
