"""The inbox: every data file dropped in one folder, recognised, ingested and moved.

Only a settled file is taken (settle.py): whole, unchanged for house [inbox] settle_seconds and open
for writing by no process; one still being written waits for the next run. Links and anything but
a regular file are refused unread. The limits that cost nothing (a workbook's zip directory, a first
line's length) are checked before the header is looked at, so that recognising a file is bounded
as ingesting it is. An ingested file (added, replaced or unchanged) moves to ``done/MONTH/``; a
rejected one to ``rejected/`` with ``FILE.error.txt`` beside it (file, row, column, reason, what to
do); an unrecognised one stays where it is. The file moved is the one read: a file that changed
while it was read has its batch undone and waits for the next run. The ingest commits before the
file moves, so a run killed in between leaves the file in the inbox, and the next run finds it
"unchanged" and moves it. No file is ever overwritten: a name already taken gets a number
(``traffic.2.csv``), unless the file there is the same bytes. Every name is shown, logged and stored
as ``shown_name`` gives it, and shortened where the inbox writes files of its own beside it.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from aimonthly.core.errors import plural
from aimonthly.core.filenames import NAME_MAX, not_utf8, shown_name, short_name
from aimonthly.core.files import write_atomic
from aimonthly.cycle.config import InboxConfig
from aimonthly.cycle.settle import CUT_HINT, Signature, cut_off, signature, survey, waiting_line
from aimonthly.ingest.errors import IngestError, Problem
from aimonthly.ingest.limits import check_unread
from aimonthly.ingest.readers import FORMATS
from aimonthly.ingest.recognise import Recognition, recognise

DONE, REJECTED = "done", "rejected"
REJECTED_NAME_BYTES = 200  # room beside it for ".error.txt", a number and the atomic writer's temporary name


@dataclass(frozen=True)
class InboxItem:
    path: Path
    recognition: Recognition
    signature: Signature | None = None  # as it settled: the file taken must still be this one


@dataclass(frozen=True)
class InboxOutcome:
    file: str  # shown_name of the file's name
    status: Literal["added", "replaced", "unchanged", "rejected", "unrecognised", "waiting", "failed", "not processed"]
    dataset: str | None
    rule: str
    rows: int = 0
    batch_id: int | None = None
    moved_to: Path | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)
    note: str | None = None  # about the name itself (not UTF-8)

    def line(self, base: Path | None = None) -> str:
        where = f" → {_rel(self.moved_to, base)}" if self.moved_to else ""
        name = f"{self.file} ({self.note})" if self.note else self.file
        if self.status in ("added", "replaced", "unchanged"):
            batch = f" as batch {self.batch_id}" if self.batch_id else ""
            return f"{name}: {self.dataset} {self.rule}, {self.status} {plural(self.rows, 'row')}{batch}{where}"
        if self.status == "rejected":
            first = f": {self.problems[0]}" if self.problems else ""
            more = f" (+{len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
            if self.dataset is None:  # refused before any reader looked at it
                return f"{name}: rejected unread{first}{more}{where}"
            return f"{name}: {self.dataset} {self.rule}, rejected{first}{more}{where}"
        if self.status == "unrecognised":
            return f"{name}: unrecognised, left in the inbox: {self.rule}"
        if self.status == "waiting":
            return f"{name}: {waiting_line(self.rule)}"
        return f"{name}: {self.status}: {'; '.join(self.problems) or self.rule}"


def _rel(path: Path | None, base: Path | None) -> str:
    if path is None:
        return ""
    try:
        return shown_name(str(path.relative_to(base) if base else path))
    except ValueError:
        return shown_name(str(path))


def _note(path: Path) -> str | None:
    guess = not_utf8(path.name)
    return f"its name is not UTF-8; read as GBK it is {guess}" if guess else None


def scan(inbox: Path, config: InboxConfig, *, wait: bool = True) -> list[InboxItem]:
    """The inbox's settled files (not its folders, links, hidden or Office lock files), in name order, each
    recognised; ``wait``: watch the young ones for the settle time (see ``settle.survey``)."""
    return [
        InboxItem(p, recognise(p, config.patterns, config.limits, config.profiles), sig)
        for p, sig in survey(inbox, config.settle_seconds, wait=wait).ready
    ]


def free_name(folder: Path, name: str, max_bytes: int = NAME_MAX - 6) -> Path:
    """``folder/name``, or ``folder/stem.N.suffix`` with the first N not taken (a dangling link takes a
    name too); a name longer than ``max_bytes`` is shortened first (``short_name``)."""
    name = short_name(name, max_bytes)
    target = folder / name
    stem, suffix = (name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1]) if "." in name else (name, "")
    n = 2
    while os.path.lexists(target):
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


def error_text(e: IngestError, dataset: str | None, rule: str, month: str, when: dt.datetime, name: str) -> str:
    """``name``: the file's own name (``e.file`` may be the name of a copy)."""
    lines = [
        f"file: {shown_name(name)}",
        f"dataset: {dataset} (recognised {rule})" if dataset else f"dataset: none ({rule})",
        f"rejected: {when:%Y-%m-%d %H:%M:%S} by aimonthly run {month}; nothing from it was written to the warehouse",
        f"problems ({len(e.problems)}):",
    ]
    lines += [f"  {p}" for p in by_row(e.problems)]
    if e.hint:
        lines.append(f"what to do: {e.hint}")
    lines.append("then put the corrected file back in the inbox: the next run ingests it.")
    return "\n".join(shown_name(line) for line in lines) + "\n"  # one line each: no value forges another


def reject(path: Path, inbox: Path, text: str) -> Path:
    """The reason first (so a run killed here leaves the file in the inbox, to be rejected again), then the file.
    A long name is shortened (with its hash) so that the reason's file fits beside it."""
    folder = inbox / REJECTED
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, path.name, REJECTED_NAME_BYTES)
    write_atomic(folder / f"{target.name}.error.txt", text)
    os.rename(path, target)
    return target


def _rejected(path: Path, inbox: Path, month: str, e: IngestError, dataset: str | None, rule: str) -> InboxOutcome:
    moved = reject(path, inbox, error_text(e, dataset, rule, month, dt.datetime.now(), path.name))
    problems = tuple(shown_name(str(p)) for p in by_row(e.problems))
    return InboxOutcome(
        shown_name(path.name), "rejected", dataset, rule, moved_to=moved, problems=problems, note=_note(path)
    )


def _refuse(path: Path, reason: str, hint: str) -> IngestError:
    return IngestError(path.name, [Problem(None, None, reason)], hint=hint)


def process(warehouse: Path, inbox: Path, month: str, config: InboxConfig) -> list[InboxOutcome]:
    """Ingest every settled, recognised file in the inbox, then move it; see the module's docstring."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse, WarehouseError

    looked = survey(inbox, config.settle_seconds)
    out = [InboxOutcome(shown_name(p.name), "waiting", None, why, note=_note(p)) for p, why in looked.waiting]
    for path, why in looked.refused:
        hint = "put the file itself in the inbox (a copy), not a link or a special file"
        out.append(_rejected(path, inbox, month, _refuse(path, why, hint), None, "not read"))
    todo = []
    for path, sig in looked.ready:
        try:
            check_unread(path, FORMATS.get(path.suffix.lower()), config.limits)
        except IngestError as e:  # a bomb, or a line no reader takes: rejected now, not looked at every run
            out.append(_rejected(path, inbox, month, e, None, "not read: over an ingest limit"))
            continue
        item = InboxItem(path, recognise(path, config.patterns, config.limits, config.profiles), sig)
        if item.recognition.dataset:
            todo.append(item)
        else:
            out.append(
                InboxOutcome(shown_name(path.name), "unrecognised", None, item.recognition.rule, note=_note(path))
            )
    if not todo:
        return out
    done = inbox / DONE / month
    with Warehouse.open(warehouse) as wh:
        for n, item in enumerate(todo):
            try:
                out.append(_take(wh, item, inbox, done, month, config, ingest_file))
            except WarehouseError as e:  # not the file's fault: it stays, and so do the ones after it
                rec = item.recognition
                out.append(
                    InboxOutcome(shown_name(item.path.name), "failed", rec.dataset, rec.rule, problems=(str(e),))
                )
                out += [
                    InboxOutcome(
                        shown_name(i.path.name),
                        "not processed",
                        i.recognition.dataset,
                        i.recognition.rule,
                        problems=("left in the inbox after the failure above",),
                    )
                    for i in todo[n + 1 :]
                ]
                break
    return out


def _take(wh, item: InboxItem, inbox: Path, done: Path, month: str, config: InboxConfig, ingest_file) -> InboxOutcome:
    """One settled, recognised file: checked whole, ingested, and moved only if it did not change meanwhile."""
    from aimonthly.warehouse.history import undo_batch

    rec, path, name = item.recognition, item.path, shown_name(item.path.name)
    assert rec.dataset is not None  # only recognised files are taken
    if signature(path) != item.signature:
        return InboxOutcome(name, "waiting", rec.dataset, "still being written: it changed after it settled")
    try:
        if why := cut_off(path, FORMATS.get(path.suffix.lower()), config.limits.max_row_mb << 20):
            raise _refuse(path, why, CUT_HINT)
        r = ingest_file(
            wh, rec.dataset, path, fill=rec.fill, limits=config.limits, **rec.options
        )  # a vendor profile's options
    except IngestError as e:
        return _rejected(path, inbox, month, e, rec.dataset, rec.rule)
    if signature(path) != item.signature:  # a writer the system does not show (another machine) added to it
        undone = ""
        if r.status != "unchanged" and r.batch_id is not None:
            undo_batch(wh, r.batch_id)
            undone = f"; its batch {r.batch_id} was undone"
        return InboxOutcome(name, "waiting", rec.dataset, f"still being written: it changed while it was read{undone}")
    moved = move_into(path, done)
    return InboxOutcome(name, r.status, rec.dataset, rec.rule, r.rows, r.batch_id, moved, note=_note(path))
