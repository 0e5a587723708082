"""The steps of ``aimonthly run`` that handle local files: the inbox, ``new`` and ``report``.

Each step is a small function of the run's context returning a StepResult; with ``dry_run`` it
only says what it would do. The fetch steps are in fetch.py, the order and the check in run.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aimonthly.config import SETTINGS, Settings
from aimonthly.core.errors import plural
from aimonthly.core.files import write_atomic

StepStatus = Literal["done", "unchanged", "skipped", "warning", "failed", "planned"]
STAMP_FILE = ".aimonthly-build.json"


@dataclass(frozen=True)
class StepResult:
    name: str
    status: StepStatus
    summary: str  # one line, on screen and in the log
    notes: tuple[str, ...] = ()  # what needs attention: on screen and in the log
    details: tuple[str, ...] = ()  # everything else worth keeping: the log only
    duration: float = 0.0
    stop: bool = False  # the steps after this one do not run
    changed: bool = False  # it changed the warehouse or files (a second run with nothing new changes nothing)


@dataclass(frozen=True)
class RunContext:
    settings: Settings
    month: str
    today: dt.date
    start: dt.date  # the fetch window: the month's first day ..
    end: dt.date  # .. the data date (or the day before the run)
    strict: bool = False
    force: bool = False
    dry_run: bool = False
    formats: tuple[str, ...] = ()
    shared: dict = field(default_factory=dict, compare=False)  # what a step hands on: the check's facts and findings

    @property
    def warehouse(self) -> Path:
        return self.settings.path("warehouse")

    @property
    def inbox(self) -> Path:
        return self.settings.path("inbox_dir")

    @property
    def done_dir(self) -> Path:
        """Where this month's ingested inbox files and fetched files are kept."""
        from aimonthly.cycle.inbox import DONE

        return self.inbox / DONE / self.month

    @property
    def content_file(self) -> Path:
        from aimonthly.pipeline import content_path

        return content_path(self.settings, self.month)

    @property
    def out_dir(self) -> Path:
        return self.settings.path("output_dir") / self.month

    def rel(self, path: Path) -> str:
        """A path as the user's project names it."""
        try:
            return str(Path(path).relative_to(self.settings.base_dir))
        except ValueError:
            return str(path)


# -- inbox ----------------------------------------------------------------------------------------


def inbox_step(ctx: RunContext) -> StepResult:
    from aimonthly.core.filenames import shown_name
    from aimonthly.core.limits import Limits
    from aimonthly.cycle.config import inbox_config
    from aimonthly.cycle.inbox import process, scan
    from aimonthly.cycle.settle import survey

    config = inbox_config(ctx.settings.house, Limits.from_settings(ctx.settings))
    where = ctx.rel(ctx.inbox)
    if ctx.dry_run:
        items = scan(ctx.inbox, config, wait=False)
        looked = survey(ctx.inbox, config.settle_seconds, wait=False)
        others = [(p, f"would leave it: {why}") for p, why in looked.waiting]
        others += [(p, f"would reject it unread: {why}") for p, why in looked.refused]
        if not items and not others:
            return StepResult(
                "inbox", "unchanged", f"{where} is empty" if ctx.inbox.is_dir() else f"no folder {where} yet"
            )
        known = [i for i in items if i.recognition.dataset]
        plan = tuple(
            f"would ingest {shown_name(i.path.name)} as {i.recognition.dataset} ({i.recognition.rule}"
            + (f", filling {i.recognition.fill}" if i.recognition.fill else "")
            + ")"
            for i in known
        )
        plan += tuple(
            f"would leave {shown_name(i.path.name)} in the inbox: {i.recognition.rule}" for i in items if i not in known
        )
        plan += tuple(f"{shown_name(p.name)}: {why}" for p, why in others)
        return StepResult(
            "inbox",
            "planned",
            f"{plural(len(items) + len(others), 'file')}: {len(known)} to ingest, {len(items) - len(known)} "
            f"unrecognised" + (f", {len(others)} not taken" if others else ""),
            notes=plan,
        )
    ctx.inbox.mkdir(parents=True, exist_ok=True)
    outcomes = process(ctx.warehouse, ctx.inbox, ctx.month, config)
    if not outcomes:
        return StepResult("inbox", "unchanged", f"{where} is empty")
    kinds = ("added", "replaced", "unchanged", "rejected", "unrecognised", "waiting", "failed", "not processed")
    count = {s: sum(o.status == s for o in outcomes) for s in kinds}
    ingested = count["added"] + count["replaced"] + count["unchanged"]
    how = ", ".join(f"{count[s]} {s}" for s in ("added", "replaced", "unchanged") if count[s])
    parts = [f"{ingested} ingested" + (f" ({how})" if ingested else "")]
    parts += [f"{count[s]} {s}" for s in kinds[3:] if count[s]]
    bad = count["rejected"] + count["failed"] + count["not processed"]
    status: StepStatus = (
        "failed"
        if bad
        else "warning"
        if count["unrecognised"] or count["waiting"]
        else "done"
        if ingested
        else "unchanged"
    )
    lines = [o.line(ctx.settings.base_dir) for o in outcomes]
    notes = tuple(line for o, line in zip(outcomes, lines) if o.status not in ("added", "replaced", "unchanged"))
    details = tuple(line for o, line in zip(outcomes, lines) if o.status in ("added", "replaced", "unchanged"))
    details += tuple(f"{o.file}: {p}" for o in outcomes if o.status == "rejected" for p in o.problems[1:])
    return StepResult(
        "inbox",
        status,
        f"{plural(len(outcomes), 'file')}: {', '.join(parts)}",
        notes=notes,
        details=details,
        changed=any(o.moved_to for o in outcomes),
    )


# -- new ------------------------------------------------------------------------------------------


def new_step(ctx: RunContext) -> StepResult:
    from aimonthly.content.scaffold import scaffold_month

    target = ctx.rel(ctx.content_file)
    if ctx.content_file.exists():
        return StepResult("new", "unchanged", f"{target} exists")
    if ctx.dry_run:
        return StepResult(
            "new", "planned", f"would write {target} from the latest earlier month's file (or the bundled default)"
        )
    path, origin = scaffold_month(ctx.settings.path("content_dir"), ctx.month)
    source = ctx.rel(Path(origin))
    if Path(source).is_absolute() and Path(origin).is_relative_to(Path(__file__).parents[1]):
        source = f"the bundled {Path(origin).name}"
    return StepResult(
        "new",
        "done",
        f"wrote {ctx.rel(path)} from {source}",
        changed=True,
        notes=("its authored text (investment logic, views, picks, risks) is last month's until edited",),
    )


# -- report ---------------------------------------------------------------------------------------


def build_stamp(ctx: RunContext) -> str:
    """Everything a report depends on: the warehouse's batches, the month's file, settings, code version."""
    from aimonthly import __version__
    from aimonthly.cycle.held import warehouse_token

    content = hashlib.sha256(ctx.content_file.read_bytes()).hexdigest() if ctx.content_file.is_file() else None
    house = ctx.settings.house.model_dump(
        mode="json",
        exclude={
            "inbox": True,
            "fetch": True,  # the cycle's own sections
            "news": {"feeds"},
        },
    )
    values = ctx.settings.model_dump(mode="json", include=set(SETTINGS))
    parts = {
        "version": __version__,
        "month": ctx.month,
        "warehouse": warehouse_token(ctx.warehouse),
        "content": content,
        "settings": {k: str(v) for k, v in values.items()},
        "house": house,
        "formats": sorted(ctx.formats),
        "strict": ctx.strict,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def up_to_date(out_dir: Path, stamp: str) -> str | None:
    """When the last run's build had this stamp and its files are still there untouched: when it was built."""
    try:
        last = json.loads((out_dir / STAMP_FILE).read_text(encoding="utf-8"))
        files = last["files"]
        if last["stamp"] == stamp and files and all(_sha(out_dir / name) == sha for name, sha in files.items()):
            return str(last["built_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def report_step(ctx: RunContext) -> StepResult:
    from aimonthly.pipeline import build_report

    out = ctx.rel(ctx.out_dir)
    stamp = build_stamp(ctx)
    built_at = None if ctx.force else up_to_date(ctx.out_dir, stamp)
    if built_at:
        return StepResult("report", "unchanged", f"{out} is up to date: nothing it depends on changed since {built_at}")
    if ctx.dry_run:
        return StepResult("report", "planned", f"would build {out} ({', '.join(ctx.formats)})")
    result = build_report(
        ctx.settings, ctx.month, formats=list(ctx.formats), strict=ctx.strict, analysed=ctx.shared.get("analysed")
    )  # the check step's: not computed twice
    record = {
        "stamp": stamp,
        "built_at": f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}",
        "files": {p.name: _sha(p) for p in result.files.values()},
    }
    write_atomic(ctx.out_dir / STAMP_FILE, json.dumps(record, indent=1) + "\n")
    names = ", ".join(p.name for p in result.files.values())
    return StepResult(
        "report",
        "warning" if result.notes else "done",
        f"built {out}: {names} ({plural(result.exhibits, 'exhibit')})",
        notes=tuple(result.notes),
        changed=True,
        details=tuple(f"{name}: {secs:.2f} s" for name, secs in result.timings),
    )
