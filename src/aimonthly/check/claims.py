"""Rule ``claims``: every computed sentence the month's report would print, verified against its facts
(aimonthly.verifier) before the build, so that ``aimonthly check``, ``run`` and the workbench show what
would stop ``report``."""

from __future__ import annotations

from pathlib import Path

from aimonthly.check.findings import Finding
from aimonthly.core.errors import AimonthlyError


def claim_findings(facts, content_path: Path | None) -> list[Finding]:
    """One error per claim that does not hold. With the month's Markdown, the sentences of the document it
    builds (named by their sections); without it, those of every block the month offers."""
    from aimonthly.report import document_sentences, month_blocks
    from aimonthly.verifier import problems

    house = facts.context.house
    blocks = month_blocks(facts, house)
    sentences = None
    if content_path is not None and Path(content_path).is_file():
        from aimonthly.report.build import build_document
        from aimonthly.content.month import load_content

        try:
            doc = build_document(load_content(Path(content_path)), blocks, house, facts.month)
            sentences = document_sentences(doc)
        except AimonthlyError:  # the Markdown's own errors are the report's to say; check every block instead
            sentences = None
    if sentences is None:
        sentences = [(name.split(".")[0], s) for name, s in _block_sentences(blocks)]
    found = problems(sentences, facts.to_dict(), allowance=house.coverage.market_weekdays)
    return [
        Finding(
            "claims",
            "error",
            p.sentence.split(".")[0],
            _list(p.sentence),
            p.subject or None,
            f"{p}; the report says what its data does not hold: fix the data if it is wrong, else report the "
            "template (report stops here)",
            {"sentence": p.sentence, "section": p.where, "claim": p.claim, "text": p.text},
        )
        for p in found
    ]


def _list(sentence: str) -> str | None:
    parts = sentence.split(".")
    return parts[1] if parts[0] == "traffic" and len(parts) > 2 else None


def _block_sentences(blocks):
    from aimonthly.report.blocks import ExhibitSpec
    from aimonthly.core.claims import Sentence
    from aimonthly.report.model import Paragraph, printed

    for name, make in blocks.items():
        value = make()
        for v in value if isinstance(value, tuple) else (value,):
            if isinstance(v, Paragraph):
                yield from ((name, s) for s in v.sentences)
            elif isinstance(v, ExhibitSpec) and v.claims:
                yield name, Sentence(v.key, printed(v.title, v.body), v.claims)
