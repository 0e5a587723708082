"""``aimonthly run MONTH``: the month's whole cycle as one ordered list of steps.

inbox → fetch-news → fetch-announcements → fetch-prices → new → check → report. One run at a time
(lock.py); each step's status, time and lines appended to ``<log_dir>/MONTH.log`` as it ends. The
check runs after ``new`` so that it reads the month's file as the report will (its data date, its
exclusions, and authored text carried over from last month); the report is built from the check
step's facts and findings, so the check runs once.

A failing inbox or fetch step does not stop the run: the report is still built from what the
warehouse holds, and the exit code says something failed. Exit codes: 0 built (or nothing new),
1 a step failed, 2 built with check warnings under --strict. Check errors under --strict stop the
run before ``report`` (exit 1).
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import time
import traceback
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from aimonthly import __version__
from aimonthly.config import Settings
from aimonthly.core.errors import AimonthlyError, plural
from aimonthly.core.filenames import escaped
from aimonthly.core.months import check_month, month_end, next_month
from aimonthly.cycle.fetch import announcements_step, news_step, prices_step
from aimonthly.cycle.lock import WATCHER, RunLock, RunLocked
from aimonthly.cycle.steps import RunContext, StepResult, inbox_step, new_step, report_step

EXIT_BUILT, EXIT_FAILED, EXIT_CHECK_WARNINGS = 0, 1, 2


# -- check: what `aimonthly check` runs --------------------------------------------------------------


def _check_findings(settings: Settings, month: str, shared: dict | None = None) -> list:
    """The month's check findings (each with ``severity`` error/warning/info, ``str()`` one line),
    through the entry point of ``aimonthly check`` and ``report`` (pipeline.analyse). The facts and the
    check are kept in ``shared`` for the report step, which builds from them instead of computing them again."""
    from aimonthly.pipeline import analyse

    facts, report = analyse(settings, month)
    if shared is not None:
        shared["analysed"] = (facts, report)
    return list(report.findings) if report is not None else []


def _check_step(settings: Settings, month: str, strict: bool = False, shared: dict | None = None) -> StepResult:
    findings = _check_findings(settings, month, shared)
    by = {s: [f for f in findings if getattr(f, "severity", "error") == s] for s in ("error", "warning", "info")}
    summary = ", ".join(
        plural(len(by[s]), noun) for s, noun in (("error", "error"), ("warning", "warning"), ("info", "note"))
    )
    notes = tuple(f"{s}: {f}" for s in ("error", "warning") for f in by[s])
    details = tuple(f"info: {f}" for f in by["info"])
    if by["error"]:
        if strict:
            return StepResult("check", "failed", summary + "; --strict stops the run here", notes, details, stop=True)
        return StepResult(
            "check", "warning", summary + "; the report is built anyway (--strict would stop)", notes, details
        )
    return StepResult("check", "warning" if by["warning"] else "done", summary, notes, details)


def check_step(ctx: RunContext) -> StepResult:
    if ctx.dry_run:
        return StepResult("check", "planned", "would run aimonthly check")
    return _check_step(ctx.settings, ctx.month, ctx.strict, ctx.shared)


STEPS: tuple[tuple[str, Callable[[RunContext], StepResult]], ...] = (
    ("inbox", inbox_step),
    ("fetch-news", news_step),
    ("fetch-announcements", announcements_step),
    ("fetch-prices", prices_step),
    ("new", new_step),
    ("check", check_step),
    ("report", report_step),
)


@dataclass(frozen=True)
class RunResult:
    month: str
    steps: tuple[StepResult, ...]
    exit_code: int
    outcome: str
    seconds: float
    log: Path | None = None
    stale_lock: str | None = None

    @property
    def nothing_new(self) -> bool:
        return not any(s.changed or s.status == "failed" for s in self.steps)


def exit_code(steps: list[StepResult], strict: bool) -> int:
    if any(s.status == "failed" for s in steps):
        return EXIT_FAILED
    if strict and any(s.name == "check" and s.status == "warning" for s in steps):
        return EXIT_CHECK_WARNINGS
    return EXIT_BUILT


def _outcome(steps: list[StepResult], code: int, dry_run: bool) -> str:
    if dry_run:
        return "dry run: nothing was changed"
    report = next((s.status for s in steps if s.name == "report"), None)
    if code == EXIT_FAILED:
        failed = [s.name for s in steps if s.status == "failed"]
        after = {
            "done": "; the report was built from the data at hand",
            "warning": "; the report was built from the data at hand",
            "unchanged": "; the report is up to date with the data at hand",
        }.get(report or "", "")
        return f"failed: {', '.join(failed)}{after}"
    built = "built" if report in ("done", "warning") else "the report is up to date"
    if code == EXIT_CHECK_WARNINGS:
        return f"{built}, with check warnings (--strict)"
    warned = "; see the warnings above" if any(s.status == "warning" for s in steps) else ""
    if not any(s.changed for s in steps):
        return (
            "nothing new: no file, feed item or fetched row changed the warehouse, and the report is up to date"
            + warned
        )
    return built + warned


def fetch_window(settings: Settings, month: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The month's first day to its report's data date (front matter), else the day before the run
    (at most the next month's end: a monthly's data date falls in the month after)."""
    from aimonthly.pipeline import content_path
    from aimonthly.content.month import split_front_matter

    start = dt.date.fromisoformat(month + "-01")
    path = content_path(settings, month)
    if path.is_file():
        try:
            data_date = split_front_matter(path.read_text(encoding="utf-8"), path)[0].get("data_date")
            if isinstance(data_date, dt.date):
                return start, data_date
            if data_date:
                return start, dt.date.fromisoformat(str(data_date))
        except (AimonthlyError, ValueError, OSError):  # the report step names the problem
            pass
    return start, min(today - dt.timedelta(days=1), month_end(next_month(month)))


class RunLogError(AimonthlyError):
    """The run's log cannot be written (a full disk, log_dir not a folder, no permission)."""


class RunLog:
    """Lines appended to the month's log as they happen, so a killed run leaves what it did. Each line is
    one line: a control character (a newline in a file name or a value) is written as an escape, so no
    text forges a line. The first write failing raises RunLogError before anything runs; a later one
    stops the log (``error`` says why) and the run goes on."""

    def __init__(self, path: Path, shown: str):
        self.path, self.shown = path, shown
        self.error: str | None = None
        self._lines = 0
        try:
            if path.parent.exists() and not path.parent.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path.parent))
            path.parent.mkdir(parents=True, exist_ok=True)
            self._f = open(path, "a", encoding="utf-8")
        except OSError as e:
            raise self._failed(e) from e

    def _failed(self, e: OSError) -> RunLogError:
        return RunLogError(
            f"cannot write the run's log {self.shown}: {e.strerror or e}",
            hint="free some space there, or make the folder writable, or set log_dir to another folder",
        )

    def write(self, text: str) -> None:
        if self.error:
            return
        stamp = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}"
        try:
            for line in text.splitlines() or [""]:
                self._f.write(f"{stamp} {escaped(line)}\n")
            self._f.flush()
        except OSError as e:
            if not self._lines:
                raise self._failed(e) from e
            self.error = str(self._failed(e))
        self._lines += 1

    def step(self, r: StepResult) -> None:
        self.write(escaped(f"[{r.name}] {r.status} in {r.duration:.2f} s: {r.summary}"))
        for line in (*r.notes, *r.details):
            self.write(escaped(f"[{r.name}]   {line}"))

    def close(self) -> None:
        try:
            self._f.close()
        except OSError:  # the last flush failed: said already, or the disk filled at the very end
            pass


def _run_step(fn: Callable[[RunContext], StepResult], name: str, ctx: RunContext) -> tuple[StepResult, str | None]:
    t = time.perf_counter()
    trace = None
    try:
        r = fn(ctx)
    except AimonthlyError as e:  # str(): one line, whatever the error's multi-line display
        r = StepResult(
            name,
            "failed",
            (str(e).splitlines() or [type(e).__name__])[0],
            notes=(f"what to do: {e.hint}",) if e.hint else (),
        )
    except Exception as e:  # a bug: the run goes on and exits 1; the log keeps the traceback
        r = StepResult(name, "failed", f"unexpected error: {type(e).__name__}: {e}")
        trace = traceback.format_exc()
    return replace(r, duration=time.perf_counter() - t), trace


def run_month(
    settings: Settings,
    month: str,
    *,
    strict: bool = False,
    force: bool = False,
    dry_run: bool = False,
    formats: list[str] | None = None,
    today: dt.date | None = None,
    on_step: Callable[[StepResult], None] | None = None,
    on_start: Callable[[str], None] | None = None,
) -> RunResult:
    """Run every step in order (see the module's docstring); ``dry_run`` changes nothing and fetches nothing."""
    from aimonthly.pipeline import parse_formats

    month = check_month(month)  # "2024-5" is 2024-05, as everywhere
    today = today or dt.date.today()
    start, end = fetch_window(settings, month, today)
    ctx = RunContext(
        settings,
        month,
        today,
        start,
        end,
        strict=strict,
        force=force,
        dry_run=dry_run,
        formats=tuple(parse_formats(formats or settings.formats)),
    )
    t0 = time.perf_counter()
    if dry_run:
        steps = []
        for name, fn in STEPS:
            steps.append(_run_step(fn, name, ctx)[0])
            if on_step:
                on_step(steps[-1])
        return RunResult(
            month, tuple(steps), exit_code(steps, strict), _outcome(steps, 0, True), time.perf_counter() - t0
        )
    log_file = settings.path("log_dir") / f"{month}.log"
    log = RunLog(log_file, _shown(settings, log_file))
    try:
        try:
            lock = RunLock(Path(str(settings.path("warehouse")) + ".run.lock")).acquire(
                on_wait=lambda holder: log.write(f"run {month} waiting for {WATCHER} to end its build ({holder})")
            )
        except RunLocked as e:
            log.write(f"run {month} refused (pid {os.getpid()}): {e}")
            raise
        try:
            log.write(
                f"run {month} started (pid {os.getpid()}, aimonthly {__version__}"
                f"{', --strict' if strict else ''}{', --force' if force else ''}); window {start}..{end}; "
                f"warehouse {settings.path('warehouse')}; inbox {settings.path('inbox_dir')}"
            )
            if lock.stale:
                log.write(f"note: {lock.stale}")
            steps = _run_steps(ctx, log, on_step, on_start)
        finally:
            lock.release()
        code = exit_code(steps, strict)
        outcome = _outcome(steps, code, False)
        if log.error:  # the work is done; an unattended run without its log is a failure all the same
            code, outcome = EXIT_FAILED, f"{outcome}; but the log stopped: {log.error}"
        seconds = time.perf_counter() - t0
        log.write(f"run {month} ended in {seconds:.2f} s, exit {code}: {outcome}")
        return RunResult(month, tuple(steps), code, outcome, seconds, log.path, lock.stale)
    finally:
        log.close()


def _shown(settings: Settings, path: Path) -> str:
    try:
        return str(path.relative_to(settings.base_dir))
    except ValueError:
        return str(path)


def _run_steps(ctx: RunContext, log: RunLog, on_step, on_start) -> list[StepResult]:
    steps: list[StepResult] = []
    stopped_by = None
    for name, fn in STEPS:
        if stopped_by:
            r = StepResult(name, "skipped", f"not run: {stopped_by} stopped the run")
        else:
            if on_start:
                on_start(name)
            r, trace = _run_step(fn, name, ctx)
            if trace:
                log.write(trace.rstrip())
            stopped_by = name if r.stop else None
        steps.append(r)
        log.step(r)
        if on_step:
            on_step(r)
    return steps
