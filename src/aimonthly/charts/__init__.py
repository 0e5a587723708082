"""Charts: one function per figure kind, each returning a ``ChartSpec`` (the kind and its data).

Nothing is drawn here, and matplotlib is not imported: ``draw`` / ``draw_all`` (charts/batch.py) draw a
spec in the encodings its renderers need (SVG for HTML and the PDF, PNG for Word), reusing the chart
cache (charts/cache.py) when the same chart was drawn before. The source line is not part of the
picture: the renderers print it under the exhibit, as text.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from aimonthly.core import numbers as N
from aimonthly.core.chart import Chart, ChartSpec
from aimonthly.core.safe import printable
from aimonthly.core.text import clip

__all__ = [
    "Chart",
    "ChartSpec",
    "DONUT_SLICES",
    "LABEL_WIDTH",
    "label",
    "hbar",
    "donut",
    "donut_slices",
    "lines",
    "stacked_bars",
    "draw",
    "draw_all",
]

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


DONUT_SLICES = 10  # a donut's slices at most, 其他 included
OTHER_COLOR = "#BBBBBB"  # 其他's own colour, never a category's


def donut_slices(
    labels: Sequence[str], shares: Sequence[float], other_label: str = "其他", max_slices: int = DONUT_SLICES
) -> list[tuple[str, float, bool]]:
    """The slices a donut draws, as (label, share, gathered): the largest categories, then one
    ``other_label`` slice last, holding the data's own 其他 (a category of that name) and the categories past
    ``max_slices`` together (``gathered``: it sums more than the data's own 其他)."""
    pairs = [(str(n), float(p)) for n, p in zip(labels, shares)]
    named = [(n, p) for n, p in pairs if n != other_label]
    own = [p for n, p in pairs if n == other_label]
    room = max_slices - 1 if own or len(named) > max_slices else max_slices
    out = [(n, p, False) for n, p in named[:room]]
    rest = named[room:]
    if own or rest:
        out.append((other_label, sum(own) + sum(p for _, p in rest), bool(rest) or len(own) > 1))
    return out


def slice_colors(colors: Sequence[str], n: int) -> list[str]:
    """``n`` distinct colours for a donut's named slices: the palette without its greys (OTHER_COLOR is
    其他's), then lighter tints of it when there are more slices than colours."""
    base = [c for c in colors if not _grey(c)] or [OTHER_COLOR]
    out: list[str] = []
    for k in range(n):
        c, round_ = base[k % len(base)], k // len(base)
        out.append(c if round_ == 0 else _tint(c, 1 - 0.55**round_))
    return out


def _grey(color: str) -> bool:
    h = color.lstrip("#")
    return len(h) == 6 and h[0:2] == h[2:4] == h[4:6]


def _tint(color: str, amount: float) -> str:
    h = color.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02X}" for c in rgb)


def donut(
    labels: Sequence[str],
    shares: Sequence[float],
    *,
    colors: Sequence[str],
    other_label: str = "其他",
    max_slices: int = DONUT_SLICES,
    width_cm: float = 16,
    height_cm: float = 8,
) -> ChartSpec:
    """Shares of a whole (``donut_slices``): one 其他, last, in its own colour; each slice's legend says its
    share as the text does (core.numbers)."""
    slices = donut_slices([label(x) for x in labels], shares, other_label, max_slices)
    named = sum(1 for n, _, _ in slices if n != other_label)
    palette = slice_colors(colors, named) + ([OTHER_COLOR] if len(slices) > named else [])
    return ChartSpec.of(
        "donut",
        width_cm=width_cm,
        height_cm=height_cm,
        labels=[n for n, _, _ in slices],
        shares=[p for _, p, _ in slices],
        colors=palette,
        legend=[f"{n}  {N.pct(p, 1)}" for n, p, _ in slices],
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
