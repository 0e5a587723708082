"""The month's report rebuilt on every save of its Markdown: the workbench's preview (``/preview/MONTH``,
aimonthly.serve) and ``aimonthly report MONTH --watch``.

A rebuild reuses what the save did not change: the facts and the check while the warehouse's batches
and the front matter stay the same, and every block already drawn for those facts (charts are most of
a build). Saving the body's text therefore rebuilds in a fraction of a second; a new batch or an
edited front matter computes the facts and draws the charts again.

What is watched: the Markdown file (its modification time and size) and the warehouse's batches (read
only when the warehouse's files changed, so that a build's own record of itself triggers nothing).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path
from typing import Callable

from aimonthly.check import CheckReport
from aimonthly.config import Settings
from aimonthly.core.errors import AimonthlyError
from aimonthly.core.months import check_month
from aimonthly.analytics import MonthFacts
from aimonthly.pipeline import ReportResult, all_blocks, analyse, build_report, content_path, make_document
from aimonthly.report.blocks import BlockResult, Blocks
from aimonthly.report.build import resolve_blocks
from aimonthly.report.content import Directive, MonthContent, load_content
from aimonthly.warehouse.access import data_version, file_stamp, reading
from aimonthly.warehouse.errors import WarehouseBusy, WarehouseError

POLL = 0.25  # seconds between looks at the files


def file_state(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


class Rebuilder:
    """One month's report, rebuilt from its current Markdown and warehouse, keeping what did not change.
    Thread-safe: builds run one at a time (charts are drawn with matplotlib, which is not)."""

    def __init__(self, settings: Settings, month: str, *, content_file: Path | None = None, workers: int | None = 1):
        self.settings = settings
        self.month = check_month(month)
        self.content_file = Path(content_file) if content_file else content_path(settings, self.month)
        self.workers = workers  # 1 in a server (no fork from a threaded process); None: the pipeline's choice
        self.warehouse = settings.path("warehouse")
        self.lock = threading.Lock()
        self._stamp: tuple | None = None
        self._version: tuple | None = None
        self._key: tuple | None = None
        self._analysed: tuple[MonthFacts, CheckReport] | None = None
        self._values: dict[str, BlockResult] = {}

    # -- what changed --------------------------------------------------------------------------------
    def version(self) -> tuple | None:
        """The warehouse's batches, read again only when its files changed; the last one while it is being written."""
        stamp = file_stamp(self.warehouse)
        if stamp != self._stamp or self._version is None:
            try:
                with reading(self.warehouse, wait=0) as wh:
                    self._version = data_version(wh)
                self._stamp = stamp
            except WarehouseBusy:
                pass
        return self._version

    def state(self) -> tuple:
        """Changes when a rebuild would give another report: the Markdown was saved or a batch came or went."""
        return file_state(self.content_file), self.version()

    def token(self) -> str:
        return hashlib.sha256(repr(self.state()).encode()).hexdigest()[:16]

    # -- building ------------------------------------------------------------------------------------
    def analysed(self, content: MonthContent) -> tuple[MonthFacts, CheckReport]:
        """The facts and the check, computed again only for another front matter or other batches."""
        front = json.dumps(content.meta, sort_keys=True, default=str, ensure_ascii=False)
        key = (self.version(), front)
        if key != self._key or self._analysed is None:
            facts, check = analyse(self.settings, self.month, content)
            assert check is not None
            self._key, self._analysed, self._values = key, (facts, check), {}
        return self._analysed

    def blocks(self, facts: MonthFacts, content: MonthContent) -> Blocks:
        """The facts' blocks, each placed one computed once (kept while the facts are the same)."""
        blocks = all_blocks(facts, self.settings)
        placed = dict.fromkeys(i.name for i in content.items if isinstance(i, Directive) and i.name in blocks)
        missing = [n for n in placed if n not in self._values]
        if missing:
            self._values.update(resolve_blocks(missing, blocks, self.workers))
        return {n: _const(self._values[n]) if n in self._values else fn for n, fn in blocks.items()}

    def html(self) -> tuple[str, CheckReport]:
        """The report's HTML edition as the files are now, and the month's check."""
        from aimonthly.render.html import render_html

        with self.lock:
            content = load_content(self.content_file)
            facts, check = self.analysed(content)
            doc = make_document(self.settings, self.month, facts, content, blocks=self.blocks(facts, content), workers=1)
            return render_html(doc), check

    def build(self, **options) -> ReportResult:
        """The whole report (``build_report`` with ``options``), reusing the facts and the blocks drawn."""
        with self.lock:
            content = load_content(self.content_file)
            return build_report(self.settings, self.month, content_file=self.content_file, analysed=self.analysed(content),
                                blocks=self.blocks, **options)


def _const(value: BlockResult) -> Callable[[], BlockResult]:
    return lambda: value


def watch(rebuilder: Rebuilder, *, on_build: Callable[[ReportResult, float], None],
          on_error: Callable[[AimonthlyError], None], poll: float = POLL, stop: Callable[[], bool] = lambda: False,
          max_builds: int | None = None, **options) -> int:
    """Build now, then again whenever the state changes, until ``stop()`` or ``max_builds``; the builds made.
    A failed build (a typo in the Markdown) is reported and the watch goes on: the next save retries."""
    built_state: tuple | None = None
    builds = 0
    while not stop() and (max_builds is None or builds < max_builds):
        try:
            state: tuple | None = rebuilder.state()
        except WarehouseError as e:  # the warehouse went away: say so, keep watching
            on_error(e)
            state = built_state
        if state != built_state:
            built_state = state  # taken before the build: a save during the build rebuilds again
            builds += 1
            t = time.perf_counter()
            try:
                on_build(rebuilder.build(**options), time.perf_counter() - t)
            except AimonthlyError as e:
                on_error(e)
            continue
        time.sleep(poll)
    return builds
