"""The review written into a month's Markdown file: an exclusion (front matter ``exclude:``,
aimonthly.analytics.exclusions) or an accepted finding (``accept: [{rule, subject, reason}]``, where the
subject is the finding's product, else its list, else its data set).

The front matter is edited as round-trip YAML (ruamel.yaml): the analyst's comments, key order, quoting,
flow or block style and indentation stay as they were, and the new entry is added at the end of its list.
The file is written atomically, and only when it is still the one the reviewer saw: the caller passes the
SHA-256 the page was built from, and a file changed since is refused (``FileChanged``). Before writing,
the new front matter is read back with the reader the report uses and compared with the old one plus the
entry: a name or a reason full of YAML, Markdown or HTML stays the literal string it was.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import threading
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from aimonthly.core.errors import plural
from aimonthly.core.files import write_atomic
from aimonthly.content.month import split_front_matter
from aimonthly.content.errors import ContentError

INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 0))  # (mapping, sequence, offset)
MAX_REASON = 500  # characters of a reason (the report prints it beside the exhibit)
MAX_NAME = 20_000  # a product's name as the data has it (a vendor's may be long)
_SPACES = re.compile(r"\s+")
_lock = threading.Lock()  # one write at a time in this process (the digest guards against the others)


class FileChanged(ContentError):
    """The month's file is not the one the review was made on."""


def file_digest(path: Path) -> str:
    """The SHA-256 of the file's bytes ('' when there is no file)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def clean(text: str, what: str, *, one_line: bool = True, limit: int = MAX_REASON) -> str:
    """Text not empty and bounded; ``one_line``: runs of white space (line breaks too) as one space (a
    reason); else only trimmed (a name, which must stay the data's own to match it)."""
    text = (_SPACES.sub(" ", str(text)) if one_line else str(text)).strip()
    if not text:
        raise ContentError(f"give the {what}")
    if len(text) > limit:
        raise ContentError(f"the {what} has {plural(len(text), 'character')}; keep it under {limit:,}")
    return text


def _entry(pairs: list[tuple[str, str]]) -> CommentedMap:
    entry = CommentedMap(pairs)
    entry.fa.set_flow_style()  # - {product: X, list: global, reason: 数据异常}, as the docs write them
    return entry


def _yaml(front: str) -> YAML:
    """A round-trip YAML that writes ``front`` back unchanged (its indentation found by trying: ruamel's
    guess first, then the usual ones)."""
    try:
        _, sequence, offset = load_yaml_guess_indent(front)
        guessed = [(m, sequence, offset or 0) for m in (2, 4, sequence)] if sequence else []
    except Exception:  # a guess only: the usual ones are tried anyway
        guessed = []
    for mapping, sequence, offset in [*guessed, *INDENTS]:
        y = YAML()
        y.preserve_quotes = True
        y.width = 4096  # no folding of long lines
        y.indent(mapping=mapping, sequence=sequence, offset=offset)
        out = io.StringIO()
        y.dump(y.load(front), out)
        if out.getvalue() == front:
            return y
    return y  # none gives the text back exactly: the last one still keeps comments and order


def _append(meta: Any, path: tuple[str, ...], entry: CommentedMap) -> bool:
    """Add ``entry`` to the list at ``path`` (made when missing); False when an equal entry is there."""
    node = meta
    for key in path[:-1]:
        if node.get(key) is None:
            node[key] = CommentedMap()
        node = node[key]
        if not isinstance(node, dict):
            raise ContentError(f"front matter {'.'.join(path[:-1])} must be a mapping")
    last = path[-1]
    items = node.get(last)
    if items is None:
        items = node[last] = CommentedSeq()
    elif isinstance(items, dict):  # a single entry written as a mapping: make it a list of two
        items = node[last] = CommentedSeq([items])
    elif not isinstance(items, list):
        raise ContentError(f"front matter {'.'.join(path)} must be a list")
    if any(isinstance(e, dict) and dict(e) == dict(entry) for e in items):
        return False
    items.append(entry)
    return True


def _edit(file: Path, seen: str, path: tuple[str, ...], entry: CommentedMap) -> str:
    """Append ``entry`` at ``path`` of the file's front matter; the file's new digest."""
    with _lock:
        raw = file.read_bytes() if file.is_file() else b""
        if hashlib.sha256(raw).hexdigest() != seen:
            raise FileChanged(f"{file} changed since the page was loaded; nothing was written")
        text = raw.decode("utf-8")
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom) :]
        newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        old_meta, _, _ = split_front_matter(text, file)  # the report's own reading: a broken file is refused
        end = text.find("\n---", 3)
        front, rest = text[text.index("\n") + 1 : end + 1], text[end + 1 :]
        y = _yaml(front)
        meta = y.load(front) if front.strip() else CommentedMap()
        if not isinstance(meta, dict):
            raise ContentError(f"{file}: front matter must be key: value pairs")
        if not _append(meta, path, entry):
            return seen
        out = io.StringIO()
        y.dump(meta, out)
        new = "---\n" + out.getvalue() + rest
        _verify(old_meta, new, file, path, dict(entry))
        write_atomic(file, (bom + new.replace("\n", newline)).encode("utf-8"), error=ContentError)
        return file_digest(file)


def _verify(old: dict, new_text: str, file: Path, path: tuple[str, ...], entry: dict) -> None:
    """The new front matter, read as the report reads it, is the old one plus the entry, and nothing else."""
    want = copy.deepcopy(old)
    node = want
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    items = node.get(path[-1])
    node[path[-1]] = ([items] if isinstance(items, dict) else list(items or [])) + [entry]
    try:
        got, _, _ = split_front_matter(new_text, file)
    except ContentError as e:
        raise ContentError(f"{file}: the review could not be written safely ({e}); nothing was written") from e
    if got != want:
        raise ContentError(f"{file}: the review could not be written exactly; nothing was written")


def add_exclusion(
    file: Path, seen: str, *, dataset: str, product: str, reason: str, scope: tuple[str, str] | None = None
) -> str:
    """Exclude ``product`` from ``dataset`` (``scope``: ("list", "global") or ("keyword", k); none: every
    list) for ``reason``; the file's new digest."""
    pairs = [("product", clean(product, "product", one_line=False, limit=MAX_NAME))]
    if scope is not None:
        pairs.append(scope)
    pairs.append(("reason", clean(reason, "reason")))
    return _edit(Path(file), seen, ("exclude", dataset), _entry(pairs))


def add_acceptance(file: Path, seen: str, *, rule: str, subject: str, reason: str) -> str:
    """Accept the finding of ``rule`` about ``subject`` for ``reason``; the file's new digest."""
    pairs = [
        ("rule", clean(rule, "rule")),
        ("subject", clean(subject, "subject", one_line=False, limit=MAX_NAME)),
        ("reason", clean(reason, "reason")),
    ]
    return _edit(Path(file), seen, ("accept",), _entry(pairs))


def accepted(meta: dict) -> list[dict]:
    """The front matter's ``accept:`` entries that have a rule and a subject (as the month page lists them)."""
    items = meta.get("accept") or []
    if isinstance(items, dict):
        items = [items]
    return (
        [
            {k: str(e.get(k) or "") for k in ("rule", "subject", "reason")}
            for e in items
            if isinstance(e, dict) and e.get("rule") and e.get("subject")
        ]
        if isinstance(items, list)
        else []
    )
