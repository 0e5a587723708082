"""One month's report, end to end: warehouse -> facts -> document -> files.

``build_report`` is what ``aimonthly report`` and ``aimonthly demo`` call. Every output is
rendered into a temporary folder first and moved into place only when all succeeded, so a
failure never leaves a half-written or mixed set of files.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from aimonthly.analytics import MonthFacts, compute_facts, make_context
from aimonthly.analytics.errors import MissingData
from aimonthly.config import Settings
from aimonthly.errors import ConfigError
from aimonthly.ratings import ratings_from_meta
from aimonthly.ratings import record as record_ratings
from aimonthly.render.errors import RenderError
from aimonthly.report import BLOCK_MODULES
from aimonthly.report.blocks import Blocks
from aimonthly.report.build import build_document
from aimonthly.report.content import MonthContent, load_content
from aimonthly.report.model import Document
from aimonthly.warehouse.backends import analytics_connection

FORMATS = ("pdf", "docx", "html", "xlsx", "json")
FILE_NAMES = {"pdf": "report.pdf", "docx": "report.docx", "html": "report.html", "xlsx": "data.xlsx", "json": "facts.json"}


@dataclass
class ReportResult:
    month: str
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    exhibits: int = 0


def parse_formats(text: str | list[str]) -> list[str]:
    items = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    unknown = [f for f in items if f not in FORMATS]
    if unknown or not items:
        raise ConfigError(f"unknown format(s) {', '.join(unknown) or '(none given)'}; choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(items))


def content_path(settings: Settings, month: str) -> Path:
    return settings.path("content_dir") / f"{month}.md"


def month_facts(settings: Settings, month: str, content: MonthContent | None = None) -> MonthFacts:
    """The month's facts; the data date comes from the content's front matter when there is one."""
    if content is None:
        path = content_path(settings, month)
        content = load_content(path) if path.is_file() else None
    data_date = content.meta.get("data_date") if content else None
    ctx = make_context(month, data_date, top_n=settings.top_n, pool=settings.top_pool, house=settings.house,
                       meta=content.meta if content else {})
    with analytics_connection(settings.path("warehouse"), settings.backend, spark_master=settings.spark_master,
                              spark_data=settings.path("spark_data") if settings.spark_data else None) as con:
        return compute_facts(con, ctx)


def all_blocks(facts: MonthFacts, settings: Settings) -> Blocks:
    blocks: Blocks = {}
    for name, module in BLOCK_MODULES.items():
        if name in facts.sections:
            blocks.update(importlib.import_module(module).blocks(facts.sections[name], settings.house, facts.context))
    return blocks


def make_document(settings: Settings, month: str, facts: MonthFacts, content: MonthContent) -> Document:
    notes = tuple(f"no data for {m} in {month}; its section says so" for m in facts.missing)
    return build_document(content, all_blocks(facts, settings), settings.house, month, notes=notes)


def _render(fmt: str, doc: Document, facts: MonthFacts, path: Path, word=None) -> None:
    if fmt == "pdf":
        from aimonthly.render.typst import write_pdf
        write_pdf(doc, path)
    elif fmt == "docx":
        from aimonthly.render.docx import write_docx
        write_docx(doc, path, word)
    elif fmt == "html":
        from aimonthly.render.html import write_html
        write_html(doc, path)
    elif fmt == "xlsx":
        from aimonthly.render.xlsx import write_xlsx
        write_xlsx(doc, path)
    elif fmt == "json":
        from aimonthly.render.facts_json import write_facts
        write_facts(facts.to_dict(), path)


def build_report(
    settings: Settings,
    month: str,
    *,
    formats: list[str] | None = None,
    out_dir: Path | None = None,
    content_file: Path | None = None,
    strict: bool = False,
    on_stage: Callable[[str], None] | None = None,
) -> ReportResult:
    formats = parse_formats(formats or settings.formats)
    out_dir = Path(out_dir) if out_dir else settings.path("output_dir") / month
    result = ReportResult(month, out_dir)

    def stage(name: str, fn: Callable):
        if on_stage:
            on_stage(name)
        t = time.perf_counter()
        value = fn()
        result.timings.append((name, time.perf_counter() - t))
        return value

    content = load_content(content_file or content_path(settings, month))
    ratings = ratings_from_meta(content.meta, month, settings.house, content.path)  # checked before any work
    word = None
    if "docx" in formats:  # the Word settings (a template path) too
        from aimonthly.render.docx import word_settings
        word = word_settings(settings.house, settings.base_dir)
    try:  # the output folder first: an unwritable one should fail before seconds of work
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as e:
        raise ConfigError(f"cannot write to {out_dir}: {e.strerror}", hint="choose another folder with --out") from None
    try:
        facts = stage("facts", lambda: month_facts(settings, month, content))
        if strict and facts.missing:
            raise MissingData(f"{month}: no data for {', '.join(facts.missing)}", hint="ingest it, or build without --strict")
        doc = stage("model", lambda: make_document(settings, month, facts, content))
        result.notes, result.exhibits = doc.notes, len(doc.exhibits())
        for fmt in formats:
            target = staging / FILE_NAMES[fmt]
            stage(fmt, lambda fmt=fmt, target=target: _render(fmt, doc, facts, target, word))
        for fmt in formats:
            final = out_dir / FILE_NAMES[fmt]
            os.replace(staging / FILE_NAMES[fmt], final)
            result.files[fmt] = final
    except (OSError, RenderError) as e:  # disk full, folder turned read-only: each file is whole, old or new
        cause = e if isinstance(e, OSError) else e.__cause__
        if not isinstance(cause, OSError):
            raise
        raise RenderError(f"cannot write the report into {out_dir}: {cause.strerror or cause}",
                          hint="free some disk space or choose another folder with --out; "
                               "no report file was left half-written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if ratings is not None:  # every built report records its ratings (aimonthly ratings backtest)
        record_ratings(settings.path("warehouse"), month, ratings)
    return result
