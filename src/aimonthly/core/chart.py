"""The chart value: what the chart functions draw and the report model holds (one figure, two encodings)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chart:
    svg: str  # for HTML (inline) and Typst
    png: bytes  # for Word
    width_cm: float = 16.0
    height_cm: float = 7.5
