"""The inbox: every data file dropped in one folder, recognised, ingested and moved.

An ingested file (added, replaced or unchanged) moves to ``done/MONTH/``; a rejected one to
``rejected/`` with ``FILE.error.txt`` beside it (file, row, column, reason, what to do); an
unrecognised one stays where it is. The ingest commits before the file moves, so a run killed in
between leaves the file in the inbox, and the next run finds it "unchanged" and moves it. No file
is ever overwritten: a name already taken gets a number (``traffic.2.csv``), unless the file there
is the same bytes.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aimonthly.cycle.config import InboxConfig
from aimonthly.core.errors import plural
from aimonthly.core.files import write_atomic
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.recognise import Recognition, recognise

SKIPPED_PREFIXES = (".", "~$")  # hidden files, and the lock files Office leaves beside an open workbook
DONE, REJECTED = "done", "rejected"


@dataclass(frozen=True)
class InboxItem:
    path: Path
    recognition: Recognition


@dataclass(frozen=True)
class InboxOutcome:
    file: str
    status: Literal["added", "replaced", "unchanged", "rejected", "unrecognised", "failed", "not processed"]
    dataset: str | None
    rule: str
    rows: int = 0
    batch_id: int | None = None
    moved_to: Path | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    def line(self, base: Path | None = None) -> str:
        where = f" → {_rel(self.moved_to, base)}" if self.moved_to else ""
        if self.status in ("added", "replaced", "unchanged"):
            batch = f" as batch {self.batch_id}" if self.batch_id else ""
            return f"{self.file}: {self.dataset} {self.rule}, {self.status} {plural(self.rows, 'row')}{batch}{where}"
        if self.status == "rejected":
            first = f": {self.problems[0]}" if self.problems else ""
            more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            return f"{self.file}: {self.dataset} {self.rule}, rejected{first}{more}{where}"
        if self.status == "unrecognised":
            return f"{self.file}: unrecognised, left in the inbox: {self.rule}"
        return f"{self.file}: {self.status}: {'; '.join(self.problems) or self.rule}"


def _rel(path: Path | None, base: Path | None) -> str:
    if path is None:
        return ""
    try:
        return str(path.relative_to(base)) if base else str(path)
    except ValueError:
        return str(path)


def scan(inbox: Path, config: InboxConfig) -> list[InboxItem]:
    """The inbox's files (not its folders, hidden or Office lock files), in name order, each recognised."""
    if not inbox.is_dir():
        return []
    files = sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith(SKIPPED_PREFIXES))
    return [InboxItem(p, recognise(p, config.patterns, config.profiles)) for p in files]


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem.N.suffix`` with the first N not taken."""
    target = folder / name
    stem, suffix = (name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1]) if "." in name else (name, "")
    n = 2
    while target.exists():
        target = folder / f"{stem}.{n}{suffix}"
        n += 1
    return target


def move_into(path: Path, folder: Path) -> Path:
    """Move ``path`` into ``folder`` without overwriting; a same-bytes twin already there absorbs it."""
    folder.mkdir(parents=True, exist_ok=True)
    same = folder / path.name
    if same.is_file() and filecmp.cmp(path, same, shallow=False):
        path.unlink()
        return same
    target = free_name(folder, path.name)
    os.rename(path, target)  # the same file system (inside the inbox): atomic
    return target


def by_row(problems: list) -> list:
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def error_text(e: IngestError, dataset: str, rule: str, month: str, when: dt.datetime) -> str:
    lines = [
        f"file: {e.file}",
        f"dataset: {dataset} (recognised {rule})",
        f"rejected: {when:%Y-%m-%d %H:%M:%S} by aimonthly run {month}; nothing from it was written to the warehouse",
        f"problems ({len(e.problems)}):",
    ]
    lines += [f"  {p}" for p in by_row(e.problems)]
    if e.hint:
        lines.append(f"what to do: {e.hint}")
    lines.append("then put the corrected file back in the inbox: the next run ingests it.")
    return "\n".join(lines) + "\n"


def reject(path: Path, inbox: Path, text: str) -> Path:
    """The reason first (so a run killed here leaves the file in the inbox, to be rejected again), then the file."""
    folder = inbox / REJECTED
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, path.name)
    write_atomic(folder / f"{target.name}.error.txt", text)
    os.rename(path, target)
    return target


def process(warehouse: Path, inbox: Path, month: str, config: InboxConfig) -> list[InboxOutcome]:
    """Ingest every recognised file in the inbox, then move it; see the module's docstring."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse, WarehouseError

    items = scan(inbox, config)
    out = [
        InboxOutcome(i.path.name, "unrecognised", None, i.recognition.rule) for i in items if not i.recognition.dataset
    ]
    todo = [i for i in items if i.recognition.dataset]
    if not todo:
        return out
    done = inbox / DONE / month
    with Warehouse.open(warehouse) as wh:
        for n, item in enumerate(todo):
            rec, path = item.recognition, item.path
            assert rec.dataset is not None  # todo holds the recognised files only
            try:
                r = ingest_file(wh, rec.dataset, path, fill=rec.fill, **rec.options)  # options: a vendor profile's
            except IngestError as e:
                text = error_text(e, rec.dataset, rec.rule, month, dt.datetime.now())
                moved = reject(path, inbox, text)
                out.append(
                    InboxOutcome(
                        path.name,
                        "rejected",
                        rec.dataset,
                        rec.rule,
                        moved_to=moved,
                        problems=tuple(str(p) for p in by_row(e.problems)),
                    )
                )
                continue
            except WarehouseError as e:  # not the file's fault: it stays, and so do the ones after it
                out.append(InboxOutcome(path.name, "failed", rec.dataset, rec.rule, problems=(str(e),)))
                out += [
                    InboxOutcome(
                        i.path.name,
                        "not processed",
                        i.recognition.dataset,
                        i.recognition.rule,
                        problems=("left in the inbox after the failure above",),
                    )
                    for i in todo[n + 1 :]
                ]
                break
            moved = move_into(path, done)
            out.append(InboxOutcome(path.name, r.status, rec.dataset, rec.rule, r.rows, r.batch_id, moved))
    return out
