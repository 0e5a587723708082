"""One month's report, end to end: warehouse -> facts -> document -> files.

``build_report`` is what ``aimonthly report`` and ``aimonthly demo`` call. Every output is
rendered into a temporary folder first and moved into place only when all succeeded, so a
failure never leaves a half-written or mixed set of files.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import pickle
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from aimonthly.analytics import MonthFacts, compute_facts, make_context
from aimonthly.analytics.errors import MissingData
from aimonthly.analytics.exclusions import Exclusion, exclusion_lines, parse_exclusions
from aimonthly.check import CheckFailed, CheckReport, run_check
from aimonthly.config import Settings, SettingValues
from aimonthly.core.errors import AimonthlyError, ConfigError, StageFailed
from aimonthly.core.files import remove_stale
from aimonthly.core.house import Layer
from aimonthly.core.house.base import validate
from aimonthly.core.months import check_month
from aimonthly.prior import prior_reports, record_build
from aimonthly.render.errors import RenderError
from aimonthly.report import BLOCK_MODULES
from aimonthly.report.blocks import Blocks
from aimonthly.report.build import build_document
from aimonthly.content.month import MonthContent, load_content
from aimonthly.content.ratings import ratings_from_meta
from aimonthly.report.drawing import chart_specs, draw_document, encodings_for
from aimonthly.report.model import Document
from aimonthly.warehouse.backends import analytics_connection
from aimonthly.warehouse.errors import WarehouseError
from aimonthly.warehouse.history import warehouse_vendors
from aimonthly.warehouse.ratings import record_ratings

FILE_NAMES = {
    "pdf": "report.pdf",
    "docx": "report.docx",
    "html": "report.html",
    "xlsx": "data.xlsx",
    "json": "facts.json",
}


@dataclass
class ReportResult:
    month: str
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    exhibits: int = 0
    check: CheckReport | None = None  # the data-quality check run before the document was built


def parse_formats(formats: str | Sequence[str]) -> list[str]:
    """Formats given in code (the ``formats`` setting is checked when settings load), checked the same way."""
    return list(
        validate(
            SettingValues, [Layer("the formats asked for", "", {"formats": formats})], {"formats": formats}
        ).formats
    )


@contextlib.contextmanager
def stage_errors(name: str) -> Iterator[None]:
    """Unexpected failures inside a stage (an engine's error, a bug) become StageFailed, naming the
    stage and keeping the error as its cause; the project's own errors and OSError pass as they are."""
    try:
        yield
    except (AimonthlyError, OSError):
        raise
    except Exception as e:
        raise StageFailed(name, e) from e


def content_path(settings: Settings, month: str) -> Path:
    return settings.path("content_dir") / f"{month}.md"


def _exclusions(content: MonthContent | None) -> tuple[Exclusion, ...]:
    """The front matter's exclude: entries, checked, each knowing its line in the file."""
    if content is None or not content.meta.get("exclude"):
        return ()
    text = Path(content.path).read_text(encoding="utf-8-sig")
    front = text[: text.find("\n---", 3)] if text.startswith("---") else ""
    return parse_exclusions(content.meta["exclude"], source=str(content.path), lines=exclusion_lines(front))


def analyse(
    settings: Settings, month: str, content: MonthContent | None = None, *, check: bool = True
) -> tuple[MonthFacts, CheckReport | None]:
    """The month's facts and (``check``) the data-quality check, over one connection: what ``aimonthly
    check``, ``report`` and ``run`` call. The data date and the exclusions come from the content's front
    matter when there is one; what earlier reports covered from the previous month's content and the
    warehouse's build records."""
    month = check_month(month)
    if content is None:
        path = content_path(settings, month)
        content = load_content(path) if path.is_file() else None
    data_date = content.meta.get("data_date") if content else None
    prior = prior_reports(settings.path("content_dir"), settings.path("warehouse"), month)
    ctx = make_context(
        month,
        data_date,
        top_n=settings.top_n,
        pool=settings.top_pool,
        house=settings.house,
        meta=content.meta if content else {},
        prior=prior,
        exclusions=_exclusions(content),
        batch_vendors=warehouse_vendors(settings.path("warehouse")),  # batch -> vendor, for the source lines
    )
    with stage_errors("facts"), connection(settings) as con:
        facts = compute_facts(con, ctx)
        return facts, (run_check(con, facts, content.path if content else None) if check else None)


def month_facts(settings: Settings, month: str, content: MonthContent | None = None) -> MonthFacts:
    """The month's facts (without the check)."""
    return analyse(settings, month, content, check=False)[0]


def connection(settings: Settings) -> contextlib.AbstractContextManager:
    """An Ibis connection on the warehouse's current rows through the configured backend: every
    analytics entry point (report, facts, ratings backtest) opens its connection here."""
    return analytics_connection(
        settings.path("warehouse"),
        settings.backend,
        spark_master=settings.spark_master,
        spark_data=settings.location("spark_data") or None,
    )


def all_blocks(facts: MonthFacts, settings: Settings) -> Blocks:
    blocks: Blocks = {}
    for name, module in BLOCK_MODULES.items():
        if name in facts.sections:
            blocks.update(importlib.import_module(module).blocks(facts.sections[name], settings.house, facts.context))
    return blocks


def make_document(settings: Settings, month: str, facts: MonthFacts, content: MonthContent) -> Document:
    notes = tuple(f"no data for {m} in {month}; its section says so" for m in facts.missing) + tuple(
        f"{g.describe()}; its section says so" for g in facts.gaps_beyond_missing()
    )
    return build_document(content, all_blocks(facts, settings), settings.house, month, notes=notes)


def chart_cache(settings: Settings):
    """The chart cache the ``chart_cache`` setting names (a folder; default the user's cache folder; ``off``:
    none on disk, so that every build draws its charts afresh)."""
    from aimonthly.charts.cache import ChartCache, default_folder

    value = settings.chart_cache.strip()
    if value.lower() == "off":
        return ChartCache(None)
    return ChartCache(Path(settings.location("chart_cache")) if value else default_folder())


RENDERER_MODULES = {
    "pdf": "aimonthly.render.typst",
    "docx": "aimonthly.render.docx",
    "html": "aimonthly.render.html",
    "xlsx": "aimonthly.render.xlsx",
    "json": "aimonthly.render.facts_json",
}


def _preload_renderers(formats: Sequence[str]) -> threading.Thread | None:
    """Import the renderers (python-docx, openpyxl, Jinja, Typst: ~0.3 s) in a thread while the facts are
    computed: the engine's queries release the GIL, so most of the imports cost no wall time."""
    if os.environ.get("AIMONTHLY_PRELOAD") == "0":
        return None
    names = [RENDERER_MODULES[f] for f in formats if f in RENDERER_MODULES]
    th = threading.Thread(
        target=lambda: [importlib.import_module(n) for n in names], name="aimonthly-preload", daemon=True
    )
    th.start()
    return th


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


def data_pack_digest(doc: Document) -> str:
    """A hash of what the data pack (data.xlsx) is written from: an edit of the text alone leaves it as it is."""
    held = (
        doc.cover.title,
        doc.cover.date,
        doc.house,
        doc.data_sheets,
        [(e.number, e.key, e.title, e.source, e.data) for e in doc.exhibits()],
    )
    return hashlib.sha256(pickle.dumps(held, protocol=5)).hexdigest()


def build_report(
    settings: Settings,
    month: str,
    *,
    formats: list[str] | None = None,
    out_dir: Path | None = None,
    content_file: Path | None = None,
    strict: bool = False,
    on_stage: Callable[[str], None] | None = None,
    analysed: tuple[MonthFacts, CheckReport] | None = None,
    charts=None,
    record: bool = True,
    kept: dict[str, str] | None = None,
) -> ReportResult:
    """``analysed``: the month's facts and check, already computed from this content and warehouse
    (``aimonthly run``'s check step), so that the build does not compute them again. ``charts``: the
    chart cache to draw through (default: the ``chart_cache`` setting's); charts are drawn only in the
    encodings the formats need (none for xlsx and json). ``record``: record the build's ratings and printed
    items in the warehouse (``--watch`` records once per set of facts, not on every edit of the text).
    ``kept``: a memory between builds (``--watch``'s): the data pack is not written again while what it
    holds (the cover, the exhibits' data, the data sheets) is the same as at the last build and its file
    is still there, as after an edit of the text alone."""
    month = check_month(month)
    formats = parse_formats(formats or settings.formats)
    out_dir = Path(out_dir) if out_dir else settings.path("output_dir") / month
    result = ReportResult(month, out_dir)
    _preload_renderers(formats)

    def stage(name: str, fn: Callable):
        if on_stage:
            on_stage(name)
        t = time.perf_counter()
        with stage_errors(name):
            value = fn()
        result.timings.append((name, time.perf_counter() - t))
        return value

    content = load_content(content_file or content_path(settings, month))
    ratings = ratings_from_meta(content.meta, month, settings.house, content.path)  # checked before any work
    word = None
    if "docx" in formats:  # the Word settings (a template path) too
        from aimonthly.render.docx import word_settings

        word = word_settings(settings.house, settings.base_dir)
    created = [d for d in (out_dir, *out_dir.parents) if not d.exists()]  # removed again if the build fails
    try:  # the output folder first: an unwritable one should fail before seconds of work
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale(out_dir, ".building-")  # staging folders of builds killed more than a day ago
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=out_dir))
    except OSError as e:
        _remove_empty(created)
        raise ConfigError(f"cannot write to {out_dir}: {e.strerror}", hint="choose another folder with --out") from e
    built = False
    try:
        facts, check = analysed or stage("facts", lambda: analyse(settings, month, content))
        result.check = check
        if strict and (facts.missing or facts.coverage_gaps):  # the data first; the check's errors said with it
            also = f"; and {check.summary()}" if check.errors else ""
            raise MissingData(f"{month}: {_shortfall(facts)}{also}", hint="ingest it, or build without --strict")
        if strict and check.errors:
            first = check.errors[0]
            raise CheckFailed(
                f"{check.summary()}; first: {first.rule} {first.dataset}"
                f"{'/' + first.list if first.list else ''} {first.product or ''}: {first.message}",
                hint=f"see every finding with: aimonthly check {month}; fix or exclude the data, or "
                f"build without --strict",
            )
        doc = stage("model", lambda: make_document(settings, month, facts, content))
        result.notes, result.exhibits = doc.notes, len(doc.exhibits())
        if (encodings := encodings_for(formats)) and chart_specs(doc):
            cache = charts if charts is not None else chart_cache(settings)
            doc = stage("charts", lambda: draw_document(doc, encodings, cache))

        def render(fmt: str) -> None:
            target = staging / FILE_NAMES[fmt]
            stage(fmt, lambda: _render(fmt, doc, facts, target, word))

        writing = list(formats)
        if kept is not None and "xlsx" in formats:
            pack = data_pack_digest(doc)
            if kept.get("xlsx") == pack and (out_dir / FILE_NAMES["xlsx"]).is_file():
                writing.remove("xlsx")  # the file there holds this very data
                result.files["xlsx"] = out_dir / FILE_NAMES["xlsx"]
            kept["xlsx"] = pack
        # Typst compiles the PDF outside the GIL: it runs in a thread while the other formats render here.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="aimonthly-pdf") as pool:
            pdf = pool.submit(render, "pdf") if "pdf" in writing and len(writing) > 1 else None
            for fmt in writing:
                if not (fmt == "pdf" and pdf is not None):
                    render(fmt)
            if pdf is not None:
                pdf.result()
        for fmt in writing:
            final = out_dir / FILE_NAMES[fmt]
            os.replace(staging / FILE_NAMES[fmt], final)
            result.files[fmt] = final
        built = True
    except (OSError, RenderError) as e:  # disk full, folder turned read-only: each file is whole, old or new
        cause = e if isinstance(e, OSError) else e.__cause__
        if not isinstance(cause, OSError):
            raise
        raise RenderError(
            f"cannot write the report into {out_dir}: {cause.strerror or cause}",
            hint="free some disk space or choose another folder with --out; no report file was left half-written",
        ) from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not built:
            _remove_empty(created)
    if not record:
        return result
    if ratings is not None:  # every built report records its ratings (aimonthly ratings backtest)
        record_ratings(settings.path("warehouse"), month, ratings)
    try:  # its data date and printed items, for next month's build
        record_build(settings.path("warehouse"), facts)
    except WarehouseError as e:  # the report is written; next month can still read this month's content file
        result.notes += (
            f"this build was not recorded in the warehouse ({e}); next month's digests will take "
            f"this month's data date from {content.path.name}",
        )
    return result


def _shortfall(facts: MonthFacts) -> str:
    parts = [f"no data for {', '.join(facts.missing)}"] if facts.missing else []
    parts += [
        f"data ends early for {g.section} ({g.last_day or 'no rows'}, period to {g.period[1]})"
        for g in facts.gaps_beyond_missing()
    ]
    return "; ".join(parts)


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed build created (deepest first), if they are still empty."""
    for d in folders:
        try:
            d.rmdir()
        except OSError:
            return
