"""Small inline SVG charts for the workbench's pages: a sparkline per ranking row, line charts on the
product page. Drawn from numbers (labels escaped), no script, no external reference; each point
carries its x label and value (``data-x``, ``data-y``) and a ``<title>`` tooltip. A chart's text names
the pages' font stack (the platform's CJK fonts, then the face the workbench carries); numbers are the
report's (aimonthly.core.numbers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup, escape

from aimonthly.core import numbers
from aimonthly.core.fonts import font_stack
from aimonthly.core.safe import printable


def compact(v: float | None) -> str:
    """A count as a desk reads it (the report's formatter): 1.23亿, 45.6万, 789."""
    return "–" if v is None else numbers.compact(v)


def plain(v: float | None, nd: int = 0) -> str:
    """A rank (nd 0) or a price (nd 2), half up as the report rounds."""
    return "–" if v is None else numbers.fixed(v, nd)


def _path(points: Sequence[tuple[float, float] | None]) -> str:
    """An SVG path through the points, broken where one is missing."""
    out, pen = [], "M"
    for p in points:
        if p is None:
            pen = "M"
            continue
        out.append(f"{pen}{p[0]:.1f},{p[1]:.1f}")
        pen = "L"
    return " ".join(out)


def sparkline(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    width: int = 120,
    height: int = 24,
    empty: str = "no data",
) -> Markup:
    """A line of ``values`` (None: no data that month), its last point marked; the title lists each value
    (``empty`` when there is none)."""
    have = [v for v in values if v is not None]
    said = "; ".join(f"{m} {compact(v)}" for m, v in zip(labels, values) if v is not None)
    title = f"<title>{escape(printable(said) or empty)}</title>"
    if not have:
        return Markup(
            f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="{escape(empty)}">{title}</svg>'
        )
    lo, hi = min(have), max(have)
    span = (hi - lo) or 1
    step = (width - 4) / max(len(values) - 1, 1)
    pts = [
        None if v is None else (2 + i * step, height - 3 - (v - lo) / span * (height - 6)) for i, v in enumerate(values)
    ]
    last = next(p for p in reversed(pts) if p is not None)
    return Markup(
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(printable(said))}">{title}<path d="{_path(pts)}"/>'
        f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2"/></svg>'
    )


@dataclass(frozen=True)
class Series:
    name: str  # as the legend shows it
    values: Sequence[float | None]  # one per x label
    key: str | None = None  # for machines (data-series); default the name


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    invert: bool = False,
    fmt: Callable[[float | None], str] = compact,
    width: int = 720,
    height: int = 240,
    chart_id: str = "chart",
    integer: bool = False,
) -> Markup:
    """Lines over shared x labels (months or days), a legend above when there are several;
    ``invert``: small values at the top (ranks); ``integer``: whole-number ticks only."""
    left, right, top, bottom = 64, 16, 12 if len(series) < 2 else 26, 28
    have = [float(v) for s in series for v in s.values if v is not None]
    lo, hi = (min(have), max(have)) if have else (0.0, 1.0)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    w, h = width - left - right, height - top - bottom
    step = w / max(len(labels) - 1, 1)

    def y(v: float) -> float:
        frac = (v - lo) / (hi - lo)
        return top + (frac if invert else 1 - frac) * h

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" width="100%" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="{escape(font_stack())}" '
        f'aria-label="{escape(printable(title))}"><title>{escape(printable(title))}</title>'
    ]
    ticks = [lo + (hi - lo) * k / 4 for k in range(5)]  # four bands of the value axis, labelled
    if integer:
        ticks = sorted({float(round(t)) for t in ticks if lo <= round(t) <= hi})
    for tick in ticks:
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>'
        )
    every = max(1, len(labels) // 8)
    for i, lab in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            anchor = "start" if i == 0 and len(labels) > 1 else "end" if i == len(labels) - 1 else "middle"
            parts.append(
                f'<text class="tick" x="{left + i * step:.1f}" y="{height - 8}" text-anchor="{anchor}">'
                f"{escape(printable(lab))}</text>"
            )
    if len(series) > 1:
        for n, s in enumerate(series):
            parts.append(
                f'<text class="legend s{n % 6}" x="{left + n * 110}" y="14">— {escape(printable(s.name))}</text>'
            )
    for n, s in enumerate(series):
        pts = [None if v is None else (left + i * step, y(v)) for i, v in enumerate(s.values)]
        parts.append(
            f'<g class="series s{n % 6}" data-series="{escape(printable(s.key or s.name))}"><path d="{_path(pts)}"/>'
        )
        for lab, v, p in zip(labels, s.values, pts):
            if p is not None:
                parts.append(
                    f'<circle cx="{p[0]:.1f}" cy="{p[1]:.1f}" r="2.5" data-x="{escape(lab)}" data-y="{v}">'
                    f"<title>{escape(printable(s.name))} {escape(lab)}: {escape(fmt(v))}</title></circle>"
                )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))
