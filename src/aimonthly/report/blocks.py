"""Computed blocks, by name: what a ``{{ name }}`` line in the month's Markdown becomes.

Each section module (traffic, …) contributes a ``Blocks`` mapping of names to paragraphs and
unnumbered exhibits; the builder numbers exhibits in the order the Markdown places them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from aimonthly.core.house import HouseSettings
from aimonthly.report.model import BulletList, Chart, ChartSpec, DataSheet, DataTable, Paragraph, TableBody


@dataclass(frozen=True)
class ExhibitSpec:
    key: str
    title: str
    source: str
    body: Union[Chart, ChartSpec, TableBody]
    data: DataTable


BlockValue = Union[Paragraph, BulletList, ExhibitSpec, DataSheet]
# A block may also give several values in order, e.g. a news digest's paragraphs and its DataSheet.
# Values are built lazily, when the Markdown places them; a chart is a ChartSpec, drawn later for the
# renderers that need pictures (report/drawing.py).
BlockResult = Union[BlockValue, tuple[BlockValue, ...]]
Blocks = dict[str, Callable[[], BlockResult]]


def source_line(house: HouseSettings, kind: str, ctx=None) -> str:
    """'来源：SimilarWeb，非凡产研，示例证券研究所': the vendors the exhibit's batches recorded (``ctx.vendors``,
    analytics/vendors.py), else the house's default."""
    return house.source_line(kind, vendors_of(ctx, kind))


def vendors_of(ctx, kind: str) -> tuple[str, ...]:
    return tuple(getattr(ctx, "vendors", {}).get(kind, ())) if ctx is not None else ()
