"""Drawing a document's charts for the renderers that need pictures.

The document built from the blocks holds each chart as a ``ChartSpec``. Before rendering, the
pipeline asks for the encodings its formats need (``ENCODINGS``: SVG for the PDF and HTML, PNG for
Word; none for the data pack and facts.json) and gets back the same document with every spec
replaced by its drawn ``Chart``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from aimonthly import charts
from aimonthly.report.model import Block, ChartSpec, Document, Exhibit, Section

ENCODINGS: dict[str, tuple[str, ...]] = {"pdf": ("svg",), "html": ("svg",), "docx": ("png",), "xlsx": (), "json": ()}


def encodings_for(formats: Iterable[str]) -> tuple[str, ...]:
    """The chart encodings that the given formats need, in a fixed order (empty: draw nothing)."""
    wanted = {e for f in formats for e in ENCODINGS.get(f, ())}
    return tuple(e for e in ("svg", "png") if e in wanted)


def _walk(blocks: Sequence[Block]) -> Iterable[Exhibit]:
    for b in blocks:
        if isinstance(b, Exhibit):
            yield b
        elif isinstance(b, Section):
            yield from _walk(b.blocks)


def chart_specs(doc: Document) -> list[ChartSpec]:
    """Every chart the document places (cover first, then the body, in order)."""
    return [e.body for s in (*doc.cover.summary, *doc.body) for e in _walk((s,)) if isinstance(e.body, ChartSpec)]


def _swap(blocks: tuple[Block, ...], drawn: dict[ChartSpec, charts.Chart]) -> tuple[Block, ...]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Exhibit) and isinstance(b.body, ChartSpec):
            b = replace(b, body=drawn[b.body])
        elif isinstance(b, Section):
            b = replace(b, blocks=_swap(b.blocks, drawn))
        out.append(b)
    return tuple(out)


def draw_document(doc: Document, encodings: Sequence[str], cache=None, workers: int | None = None) -> Document:
    """``doc`` with each chart drawn in ``encodings`` (from ``cache``, a charts.cache.ChartCache, when it
    has them). Without encodings the document is returned as it is: nothing is drawn."""
    specs = chart_specs(doc)
    if not encodings or not specs:
        return doc
    drawn = dict(zip(specs, charts.draw_all(specs, encodings, cache, workers=workers)))
    return replace(
        doc,
        cover=replace(doc.cover, summary=_swap(doc.cover.summary, drawn)),  # type: ignore[arg-type]
        body=_swap(doc.body, drawn),  # type: ignore[arg-type]
    )
