"""``aimonthly report MONTH --watch``: the month's report rebuilt whenever its Markdown or the
warehouse changes, for an analyst who rebuilds dozens of times while writing.

``watch_report`` polls the files' sizes and modification times (no extra dependency, and it works on
network folders). Between builds it keeps in memory what an edit to the text does not change: the
month's facts (recomputed only when the front matter, the previous month's Markdown or the warehouse
changes) and the drawn charts (a chart is drawn again only when its data changes). A text edit
therefore costs the check of the authored text, the document and the renderers; facts.json and
data.xlsx are rewritten only when what they hold changed. ``Rebuilder`` is the building block for callers with a loop
of their own: the workbench's preview (aimonthly.serve) asks it for ``html()`` and, to know when to
reload, for its ``token()``.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from aimonthly.analytics import MonthFacts
from aimonthly.check import CheckReport
from aimonthly.config import Settings
from aimonthly.core.errors import AimonthlyError
from aimonthly.core.months import check_month, previous_month
from aimonthly.pipeline import (
    ReportResult,
    analyse,
    build_report,
    chart_cache,
    connection,
    content_path,
    make_document,
    parse_formats,
)
from aimonthly.warehouse.access import data_version, file_stamp, reading
from aimonthly.warehouse.errors import WarehouseBusy

Stamp = tuple[tuple[str, int, int], ...]


def stamp(paths: Sequence[Path]) -> Stamp:
    """Size and modification time (ns) of each file; (-1, -1) for one that is missing."""
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append((str(p), -1, -1))
    return tuple(out)


@dataclass(frozen=True)
class Built:
    """One rebuild, as ``on_built`` receives it: the result or the error, why it ran, how long it took."""

    number: int  # 1 for the first build
    reason: str  # "start", "content" or "warehouse"
    seconds: float
    result: ReportResult | None = None
    error: AimonthlyError | None = None
    facts_reused: bool = False


class Rebuilder:
    """Builds the month's report again and again, keeping the facts and the drawn charts in memory."""

    def __init__(
        self,
        settings: Settings,
        month: str,
        *,
        formats: Sequence[str] | None = None,
        out_dir: Path | None = None,
        content_file: Path | None = None,
        strict: bool = False,
    ):
        self.settings, self.month = settings, check_month(month)
        self.formats = parse_formats(formats or settings.formats)
        self.out_dir, self.strict = out_dir, strict
        self.content = Path(content_file) if content_file else content_path(settings, self.month)
        self.charts = chart_cache(settings)  # disk and memory: an unchanged chart is never drawn twice
        self._facts: MonthFacts | None = None
        self._facts_key: tuple | None = None
        self._recorded = False  # these facts' build recorded in the warehouse (once is enough)
        self._kept: dict[str, str] = {}  # what the data pack was last written from (build_report's kept)
        self.lock = threading.Lock()  # one build at a time: the workbench asks from several threads
        self._stamp: tuple | None = None
        self._version: tuple | None = None

    def content_files(self) -> list[Path]:
        """The month's Markdown, and the previous month's (its data date starts this month's digests)."""
        return [self.content, self.content.parent / f"{previous_month(self.month)}.md"]

    def warehouse_files(self) -> list[Path]:
        wh = self.settings.path("warehouse")
        return [wh, Path(str(wh) + ".wal")]

    def _key(self, meta: dict) -> tuple:
        return (
            json.dumps(meta, sort_keys=True, default=str),
            stamp(self.content_files()[1:]),
            stamp(self.warehouse_files()),
        )

    def _analysed(self, content) -> tuple[tuple[MonthFacts, CheckReport], bool]:
        """The facts (kept while the front matter, the previous month's file and the warehouse stay the
        same) and the check, which runs each time (it reads the text); whether the facts were reused."""
        from aimonthly.check import run_check

        key = self._key(content.meta)
        reused = self._facts is not None and key == self._facts_key
        if self._facts is not None and reused:
            with connection(self.settings) as con:
                return (self._facts, run_check(con, self._facts, content.path)), True
        facts, check = analyse(self.settings, self.month, content)
        assert check is not None
        self._facts, self._facts_key, self._recorded = facts, key, False
        return (facts, check), False

    def build(self, on_wait: Callable[[str], None] | None = None) -> tuple[ReportResult, bool]:
        """One build; whether the facts were reused. It holds the run lock (aimonthly.cycle.lock) from
        before it reads to after it wrote, waiting for a run that holds it (``on_wait`` is told why)."""
        from aimonthly.content.month import load_content
        from aimonthly.cycle.lock import WATCHER, RunLock

        def told(holder: str) -> None:
            if on_wait:
                on_wait(f"an aimonthly run holds the warehouse ({holder}): this build waits for it to end")

        run_lock = RunLock(Path(str(self.settings.path("warehouse")) + ".run.lock"), WATCHER)
        with self.lock:
            run_lock.acquire(told)
            try:
                return self._build(load_content(self.content))
            finally:
                run_lock.release()

    def _build(self, content) -> tuple[ReportResult, bool]:
        analysed, reused = self._analysed(content)
        formats = self.formats  # facts.json and the data pack are written only when what they hold changed (kept)
        result = build_report(
            self.settings,
            self.month,
            formats=formats,
            out_dir=self.out_dir,
            content_file=self.content,
            strict=self.strict,
            analysed=analysed,
            charts=self.charts,
            record=not self._recorded,
            kept=self._kept,
        )
        if not self._recorded:  # the build recorded itself in the warehouse: compare with the stamp after it
            self._recorded, self._facts_key = True, self._key(content.meta)
        return result, reused

    # -- the workbench's preview -------------------------------------------------------------------
    def data_version(self) -> tuple | None:
        """The warehouse's batches, read again only when its files changed (so that a build's record of
        itself changes nothing); the last one seen while a writer holds the warehouse."""
        path = self.settings.path("warehouse")
        now = file_stamp(path)
        if now != self._stamp or self._version is None:
            try:
                with reading(path, wait=0) as wh:
                    self._version = data_version(wh)
                self._stamp = now
            except WarehouseBusy:
                pass
        return self._version

    def token(self) -> str:
        """Changes when a rebuild would give another report: a Markdown file saved, or a batch came or went."""
        state = (stamp(self.content_files()), self.data_version())
        return hashlib.sha256(repr(state).encode()).hexdigest()[:16]

    def html(self) -> tuple[str, CheckReport]:
        """The report's HTML edition from the files as they are now (nothing written), and the month's check.
        Charts are drawn in this process (a server's threads must not fork) through the chart cache."""
        from aimonthly.render.html import render_html
        from aimonthly.content.month import load_content
        from aimonthly.report.drawing import draw_document

        with self.lock:
            content = load_content(self.content)
            (facts, check), _ = self._analysed(content)
            doc = make_document(self.settings, self.month, facts, content)
            return render_html(draw_document(doc, ("svg",), self.charts, workers=1), embed_font=False), check


def watch_report(
    settings: Settings,
    month: str,
    *,
    on_built: Callable[[Built], None] | None = None,
    stop: Callable[[], bool] | threading.Event | None = None,
    poll: float = 0.1,
    settle: float = 0.05,
    max_builds: int | None = None,
    formats: Sequence[str] | None = None,
    out_dir: Path | None = None,
    content_file: Path | None = None,
    strict: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> int:
    """Build the month's report now, then again whenever the month's Markdown or the warehouse changes,
    until ``stop`` (a callable or an Event) says so or ``max_builds`` builds are done; the number of builds.
    A build waits for an ``aimonthly run`` in progress (``on_wait`` is told) and a run for a build.

    A failed build (a typo in a block name, a locked warehouse) is passed to ``on_built`` as its error
    and the watch goes on: the next save builds again. The files are looked at every ``poll`` seconds; a
    change younger than ``settle`` seconds is built once it has held that long, so that an editor's save
    in several writes builds once."""
    rb = Rebuilder(settings, month, formats=formats, out_dir=out_dir, content_file=content_file, strict=strict)
    stopped = stop.is_set if isinstance(stop, threading.Event) else (stop or (lambda: False))

    def wait(seconds: float) -> None:
        if isinstance(stop, threading.Event):
            stop.wait(seconds)
        else:
            time.sleep(seconds)

    seen_content: Stamp | None = None
    seen_warehouse: Stamp | None = None
    builds = 0
    while not stopped():
        now_content, now_warehouse = stamp(rb.content_files()), stamp(rb.warehouse_files())
        if now_content != seen_content or now_warehouse != seen_warehouse:
            newest = max((m for _, _, m in now_content + now_warehouse), default=0) / 1e9
            if builds and time.time() - newest < settle:  # written a moment ago: wait for the save to end
                wait(settle)
                if (stamp(rb.content_files()), stamp(rb.warehouse_files())) != (now_content, now_warehouse):
                    continue  # still being written
            reason = "start" if not builds else ("content" if now_content != seen_content else "warehouse")
            seen_content = now_content
            t = time.perf_counter()
            builds += 1
            try:
                result, reused = rb.build(on_wait)
                done = Built(builds, reason, time.perf_counter() - t, result=result, facts_reused=reused)
            except AimonthlyError as e:
                done = Built(builds, reason, time.perf_counter() - t, error=e)
            seen_warehouse = stamp(rb.warehouse_files())  # after the build, which records itself there
            if on_built:
                on_built(done)
            if max_builds is not None and builds >= max_builds:
                break
            continue
        wait(poll)
    return builds
