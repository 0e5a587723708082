"""The chart values: what a report block asks for (a ``ChartSpec``: the figure kind and its data) and
what the drawing gives the renderers (a ``Chart``: the figure as SVG and/or PNG)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

Encoding = Literal["svg", "png"]


@dataclass(frozen=True)
class Chart:
    """A drawn chart. Only the encodings its renderers need are drawn: None where one was not."""

    svg: str | None = None  # for HTML (inline) and Typst
    png: bytes | None = None  # for Word
    width_cm: float = 16.0
    height_cm: float = 7.5


def _plain(value: Any) -> Any:
    """Lists and mappings as tuples, so that a spec is hashable and compares by value."""
    if isinstance(value, dict):
        return tuple((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def _json(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    raise TypeError(f"a chart argument of type {type(value).__name__} has no stable key")


@dataclass(frozen=True)
class ChartSpec:
    """A chart not yet drawn: ``kind`` names a drawing function of ``aimonthly.charts``, ``args`` its
    keyword arguments (lists and mappings held as tuples). Cheap to build, so a report names every chart
    it places, and the renderers that need pictures have them drawn (``aimonthly.charts.draw``)."""

    kind: str
    args: tuple[tuple[str, Any], ...]
    width_cm: float = 16.0
    height_cm: float = 7.5

    @classmethod
    def of(cls, kind: str, *, width_cm: float, height_cm: float, **args: Any) -> ChartSpec:
        return cls(kind, tuple((k, _plain(v)) for k, v in sorted(args.items())), float(width_cm), float(height_cm))

    def kwargs(self) -> dict[str, Any]:
        return dict(self.args)

    def digest(self) -> str:
        """A hash of everything that shapes the picture from the data's side: kind, arguments, size."""
        text = json.dumps(
            [self.kind, self.args, self.width_cm, self.height_cm],
            default=_json,
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=True,
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
