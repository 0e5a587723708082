"""Charts: one function per figure kind, each returning a ``ChartSpec`` (the kind and its data).

Nothing is drawn here, and matplotlib is not imported: ``draw`` / ``draw_all`` (charts/batch.py) draw a
spec in the encodings its renderers need (SVG for HTML and the PDF, PNG for Word), reusing the chart
cache (charts/cache.py) when the same chart was drawn before. The source line is not part of the
picture: the renderers print it under the exhibit, as text.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from aimonthly.core.chart import Chart, ChartSpec
from aimonthly.core.safe import printable
from aimonthly.core.text import clip

__all__ = ["Chart", "ChartSpec", "LABEL_WIDTH", "label", "hbar", "donut", "lines", "stacked_bars", "draw", "draw_all"]

LABEL_WIDTH = 40  # display columns (CJK = 2) of a name on a chart; longer names end "…" (tables keep them)


def label(text: object) -> str:
    """A name from data as a chart shows it: printable, and clipped to ``LABEL_WIDTH`` columns
    (a 10,000-character name would take seconds to lay out and fill the figure)."""
    return clip(printable(str(text)), LABEL_WIDTH)


def hbar(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    value_labels: Sequence[str],
    color: str,
    xlabel: str = "",
    percent: bool = False,
    width_cm: float = 16,
    height_cm: float | None = None,
    negative_color: str | None = None,
) -> ChartSpec:
    """Horizontal bars, largest at the top, each labelled with its value. A negative bar's label sits
    just right of the zero line, where its row is empty, so it never runs into the names."""
    height = height_cm or max(6.0, 0.42 * len(labels) + 2.0)
    return ChartSpec.of(
        "hbar",
        width_cm=width_cm,
        height_cm=height,
        labels=[label(x) for x in labels],
        values=[float(v) for v in values],
        value_labels=list(value_labels),
        color=color,
        xlabel=xlabel,
        percent=percent,
        negative_color=negative_color,
    )


def donut(
    labels: Sequence[str],
    shares: Sequence[float],
    *,
    colors: Sequence[str],
    other_label: str = "其他",
    max_slices: int = 10,
    width_cm: float = 16,
    height_cm: float = 8,
) -> ChartSpec:
    """Shares of a whole; slices past ``max_slices`` are gathered as ``other_label``."""
    names, parts = [label(x) for x in labels], [float(s) for s in shares]
    if len(names) > max_slices:
        names = names[: max_slices - 1] + [other_label]
        parts = parts[: max_slices - 1] + [sum(parts[max_slices - 1 :])]
    return ChartSpec.of(
        "donut",
        width_cm=width_cm,
        height_cm=height_cm,
        labels=names,
        shares=parts,
        colors=list(colors),
        other_label=other_label,
    )


def lines(
    x: Sequence,
    series: Mapping[str, Sequence[float | None]],
    *,
    colors: Sequence[str],
    invert_y: bool = False,
    ylabel: str = "",
    percent: bool = False,
    width_cm: float = 16,
    height_cm: float = 7.5,
) -> ChartSpec:
    """One line per series over a shared x axis (dates); gaps where a value is None."""
    return ChartSpec.of(
        "lines",
        width_cm=width_cm,
        height_cm=height_cm,
        x=list(x),
        series=[(label(name), [None if v is None else float(v) for v in ys]) for name, ys in series.items()],
        colors=list(colors),
        invert_y=invert_y,
        ylabel=ylabel,
        percent=percent,
    )


def stacked_bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    *,
    colors: Sequence[str],
    total_labels: Sequence[str] | None = None,
    ylabel: str = "",
    width_cm: float = 16,
    height_cm: float = 7.5,
) -> ChartSpec:
    """Vertical bars, one per category (e.g. a quarter), stacked by series, the total printed on top."""
    return ChartSpec.of(
        "stacked_bars",
        width_cm=width_cm,
        height_cm=height_cm,
        categories=[label(c) for c in categories],
        series=[(label(name), [float(v or 0.0) for v in ys]) for name, ys in series.items()],
        colors=list(colors),
        total_labels=list(total_labels or []),
        ylabel=ylabel,
    )


def draw(spec: ChartSpec, encodings: Sequence[str] = ("svg", "png"), cache=None) -> Chart:
    """One chart drawn (or taken from ``cache``, a charts.cache.ChartCache) in ``encodings``."""
    from aimonthly.charts.batch import draw_all

    return draw_all([spec], encodings, cache, workers=1)[0]


def draw_all(
    specs: Sequence[ChartSpec], encodings: Sequence[str] = ("svg", "png"), cache=None, workers: int | None = None
) -> list[Chart]:
    """Every spec drawn in ``encodings``, in order; see charts/batch.py."""
    from aimonthly.charts.batch import draw_all as _draw_all

    return _draw_all(specs, encodings, cache, workers=workers)
