"""YAML files as tables: a list of mappings, one row each (how a desk keeps its product registry).

A mapping holding one list is accepted too (``products: [...]``). A list value becomes one
``|``-separated cell (``aliases: [Kimi Chat, Kimi智能助手]``); dates and booleans become text for
the value parsers. Row numbers are the file's own lines, so errors point at the entry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import yaml

from aimonthly.ingest.errors import IngestError, Problem
from aimonthly.ingest.readers import RawTable, _bytes_and_encoding, _named

_HINT = "write the file as a YAML list of mappings, one per row: - {product: Kimi, company: 月之暗面}"


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "|".join(s for s in (_cell(v) for v in value) if s)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        raise ValueError("a nested mapping")
    return str(value)


def read_yaml_rows(path: Path, text: str) -> tuple[list[str], list[list[str | None]], list[int]]:
    """Headers, rows of cells (text) and each row's line in the file."""
    def fail(reason: str, line: int | None = None) -> IngestError:
        return IngestError(path.name, [Problem(line, None, reason)], hint=_HINT)

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise fail(f"not valid YAML: {getattr(e, 'problem', e)}", mark.line + 1 if mark else None) from None
    if isinstance(root, yaml.MappingNode) and len(root.value) == 1 and isinstance(root.value[0][1], yaml.SequenceNode):
        root = root.value[0][1]
    if not isinstance(root, yaml.SequenceNode):
        raise fail("the file must hold a list of mappings", root.start_mark.line + 1 if root is not None else None)
    data = yaml.safe_load(yaml.serialize(root)) or []
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


def read_yaml(path: Path) -> RawTable:
    data, encoding = _bytes_and_encoding(path)
    headers, rows, lines = read_yaml_rows(path, data.decode(encoding))
    columns = [pa.array([r[i] for r in rows], type=pa.string()) for i in range(len(headers))]
    return RawTable(_named(columns, headers), headers, "yaml", encoding, first_row=1, line_numbers=lines)
