"""YAML files as tables: a list of mappings, one row each (how a desk keeps its product registry).

A mapping holding one list is accepted too (``products: [...]``). A list value becomes one
``|``-separated cell (``aliases: [Kimi Chat, Kimi智能助手]``); dates and booleans become text for
the value parsers. Row numbers are the file's own lines, so errors point at the entry.

Hostile files are refused before anything is built: anchors and aliases (``&x`` / ``*x``: a few
lines that expand into gigabytes, YAML's "billion laughs"), nesting deeper than ``max_json_depth``,
tags that name a type (``!!python/object``), and lines longer than ``max_row_mb``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import yaml

from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError, Problem
from aimonthly.ingest.readers import RawTable, _bytes_and_encoding, _named

_HINT = "write the file as a YAML list of mappings, one per row: - {product: Kimi, company: 月之暗面}"


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (list, tuple, dict)) for v in value):
            raise ValueError("a nested list")
        return "|".join(s for s in (_cell(v) for v in value) if s)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        raise ValueError("a nested mapping")
    return str(value)


# libyaml's parser when PyYAML has it (10x faster); errors are reported by the pure-Python parser, whose
# messages the bad-input corpus expects.
FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_hostile(text: str, limits: Limits, fail, loader=yaml.SafeLoader) -> None:
    """One pass over the parser's events: no alias, no nesting beyond the limit (before anything is built)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise fail(
                f"uses an alias (*{event.anchor}): anchors and aliases are not accepted; write each value out", line
            )
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > limits.max_json_depth:
                raise fail(
                    f"nests lists or mappings more than {limits.max_json_depth} deep (setting max_json_depth): refused",
                    line,
                )
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _load(text: str, limits: Limits, fail, loader) -> tuple:
    """The document's node tree (for line numbers) and its data, aliases and deep nesting refused first."""
    _refuse_hostile(text, limits, fail, loader)
    ld = loader(text)
    try:
        root = ld.get_single_node()
        return root, (ld.construct_document(root) if root is not None else None)
    finally:
        ld.dispose()


def read_yaml_rows(
    path: Path, text: str, limits: Limits | None = None
) -> tuple[list[str], list[list[str | None]], list[int]]:
    """Headers, rows of cells (text) and each row's line in the file."""

    def fail(reason: str, line: int | None = None) -> IngestError:
        return IngestError(path.name, [Problem(line, None, reason)], hint=_HINT)

    try:
        root, data = _load(text, limits or Limits(), fail, FAST)
    except yaml.YAMLError:
        try:  # the same file through the pure-Python parser: its message
            root, data = _load(text, limits or Limits(), fail, yaml.SafeLoader)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise fail(f"not valid YAML: {getattr(e, 'problem', None) or e}", mark.line + 1 if mark else None) from None
    if isinstance(root, yaml.MappingNode) and len(root.value) == 1 and isinstance(root.value[0][1], yaml.SequenceNode):
        root = root.value[0][1]
    if not isinstance(root, yaml.SequenceNode):
        raise fail("the file must hold a list of mappings", root.start_mark.line + 1 if root is not None else None)
    if isinstance(data, dict):  # the one list under its key
        data = next(iter(data.values()))
    data = data or []
    headers: list[str] = []
    records, lines = [], []
    for node, rec in zip(root.value, data):
        line = node.start_mark.line + 1
        if not isinstance(rec, dict):
            raise fail("each entry must be a mapping (key: value pairs)", line)
        for k in rec:
            if str(k) not in headers:
                headers.append(str(k))
        records.append({str(k): v for k, v in rec.items()})
        lines.append(line)
    rows = []
    for rec, line in zip(records, lines):
        try:
            rows.append([_cell(rec.get(h)) for h in headers])
        except ValueError as e:
            raise fail(f"{e} is not a cell value; give a text, a number or a list", line) from None
    return headers, rows, lines


def read_yaml(path: Path, limits: Limits) -> RawTable:
    data, encoding = _bytes_and_encoding(path, limits)
    headers, rows, lines = read_yaml_rows(path, data.decode(encoding), limits)
    columns = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(headers))]
    return RawTable(_named(columns, headers), headers, "yaml", encoding, first_row=1, line_numbers=lines)
