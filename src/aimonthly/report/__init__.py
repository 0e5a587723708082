"""The report-model stage: the month's content and computed blocks into one immutable Document.

Each section module here offers ``blocks(facts, house, ctx) -> Blocks`` (named paragraphs and
exhibits that the month's Markdown places with ``{{ name }}``).
"""

from __future__ import annotations

from aimonthly.core.claims import Sentence
from aimonthly.report.blocks import Blocks
from aimonthly.report.model import Document

# Section name (as in aimonthly.analytics.SECTION_NAMES) -> module with blocks(facts, house, ctx).
BLOCK_MODULES: dict[str, str] = {
    "traffic": "aimonthly.report.traffic",
    "app_store": "aimonthly.report.app_store",
    "market": "aimonthly.report.market",
    "capex": "aimonthly.report.capex",
    "news": "aimonthly.report.news",
    "announcements": "aimonthly.report.announcements",
    "mapping": "aimonthly.report.mapping",
    "exposure": "aimonthly.report.exposure",
    "scorecard": "aimonthly.report.scorecard",
}


def month_blocks(facts, house) -> Blocks:
    """Every section's blocks for the month's facts (an analytics.MonthFacts): what its Markdown may place."""
    import importlib

    blocks: Blocks = {}
    for name, module in BLOCK_MODULES.items():
        if name in facts.sections:
            blocks.update(importlib.import_module(module).blocks(facts.sections[name], house, facts.context))
    return blocks


def document_sentences(doc: Document) -> list[tuple[str, Sentence]]:
    """Every computed sentence of ``doc`` with the heading it stands under ("cover" on the cover)."""
    return [(s.heading if s is not None else "cover", sentence) for s, sentence in doc.sentences()]
