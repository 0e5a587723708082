"""From a raw table to the canonical, typed rows of one dataset, or a list of every problem.

A file with any problem is rejected whole (IngestError); nothing reaches the warehouse.
Columns are parsed vectorised where the values are already clean, and value by value (over
distinct values) where they are not, so that messy exports and large clean files are both fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.ingest import values as V
from aimonthly.ingest.aliases import lookup, normalize_header
from aimonthly.ingest.errors import IngestError, Problem, ValueParseError
from aimonthly.ingest.formats import DATASETS, KIND_TYPES, Column, Dataset
from aimonthly.ingest.readers import RawTable, read_raw

PARSERS: dict[str, Callable[[object], object]] = {
    "text": V.parse_text, "count": V.parse_count, "number": V.parse_number, "fraction": V.parse_fraction,
    "duration": V.parse_duration, "month": V.parse_month, "date": V.parse_date, "quarter": V.parse_quarter,
    "list": V.parse_list, "region": V.parse_region, "bool": V.parse_bool,
}
PROBLEM_LIMIT = 1000  # stop collecting after this many; the count still says "more"


@dataclass(frozen=True)
class ParsedFile:
    dataset: Dataset
    path: Path
    table: pa.Table  # the dataset's canonical schema
    sha256: str  # of the file's bytes and the options that shaped its rows
    format: str
    encoding: str | None
    mapped: dict[str, str]  # canonical column -> the file's header (or "--option")
    ignored: list[str]  # headers outside the format
    absent: list[str]  # optional columns the file does not have
    options: dict = field(default_factory=dict)


def get_dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError:
        raise IngestError(name, [Problem(None, None, f"unknown dataset {name!r}; one of {', '.join(DATASETS)}")]) from None


def fingerprint(path: Path, options: Mapping[str, object]) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    h.update(json.dumps(options, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def _map_headers(ds: Dataset, raw: RawTable, mapping: Mapping[str, str], problems: list[Problem]) -> dict[str, int]:
    """Canonical column -> index of the file's column."""
    found: dict[str, int] = {}
    for canonical, header in mapping.items():
        if canonical not in ds.names:
            problems.append(Problem(None, None, f"--map {canonical}=…: {ds.name} has no column {canonical!r} "
                                                f"(its columns: {', '.join(ds.names)})"))
            continue
        matches = [i for i, h in enumerate(raw.headers) if h == header or normalize_header(h) == normalize_header(header)]
        if not matches:
            problems.append(Problem(1, header, f"--map {canonical}={header}: no such header; the file has: "
                                               f"{', '.join(raw.headers)}"))
        else:
            found[canonical] = matches[0]
    table = lookup(ds.names)
    for i, header in enumerate(raw.headers):
        if i in found.values():
            continue
        for canonical in table.get(normalize_header(header), []):
            if canonical in mapping:
                continue
            if canonical in found:
                problems.append(Problem(1, header, f"names the column {canonical!r} again "
                                                   f"(also {raw.headers[found[canonical]]!r}); keep one, or --map the one to use"))
            else:
                found[canonical] = i
            break
    return found


def _bad_indices(arr: pa.Array, bad: list) -> list[int]:
    mask = pc.is_in(arr, value_set=pa.array(bad, type=arr.type))
    return pc.indices_nonzero(mask).to_pylist()


def parse_column(arr: pa.Array | pa.ChunkedArray, col: Column) -> tuple[pa.Array, list[tuple[int, str]]]:
    """The column in its canonical type, and (row index, reason) for each value that failed."""
    target = KIND_TYPES[col.kind]
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if (arr.type == target and not pa.types.is_string(target)) or (col.kind in ("count", "number") and (pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type))):
        if col.kind == "count" and pa.types.is_floating(arr.type):
            arr = _floats_to_counts(arr)
        return arr.cast(target), []
    if pa.types.is_timestamp(arr.type) and col.kind in ("date", "month"):
        arr = arr.cast(pa.date32())
        return (arr, []) if col.kind == "date" else (pc.strftime(arr, "%Y-%m"), [])
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pa.array([None if v is None else str(v) for v in arr.to_pylist()], type=pa.string())
    fast = _fast_path(arr, col)
    if fast is not None:
        return fast, []
    # Value by value, over distinct values only.
    uniques = pc.unique(arr)
    parser = PARSERS[col.kind]
    parsed, bad, reasons = [], [], {}
    for v in uniques.to_pylist():
        try:
            parsed.append(parser(v))
        except ValueParseError as e:
            parsed.append(None)
            bad.append(v)
            reasons[v] = str(e)
    out = pc.take(pa.array(parsed, type=target), pc.index_in(arr, value_set=uniques))
    errors: list[tuple[int, str]] = []
    if bad:
        for i in _bad_indices(arr, bad)[:PROBLEM_LIMIT]:
            errors.append((i, reasons[arr[i].as_py()]))
        if len(errors) == PROBLEM_LIMIT:
            errors.append((-1, "…"))
    return out, errors


def _floats_to_counts(arr: pa.Array) -> pa.Array:
    return pc.round(arr).cast(pa.int64())


def _fast_path(arr: pa.Array, col: Column) -> pa.Array | None:
    """A vectorised parse of clean values, or None when any value needs the careful parser."""
    trimmed = pc.utf8_trim_whitespace(arr)
    empty = pc.equal(trimmed, "")
    trimmed = pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
    if col.kind == "text":
        return trimmed
    if col.kind in ("count", "number"):
        try:
            out = trimmed.cast(KIND_TYPES[col.kind])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        return out
    if col.kind == "date":
        if pc.all(pc.or_kleene(pc.is_null(trimmed), pc.match_substring_regex(trimmed, r"^\d{4}-\d{2}-\d{2}$"))).as_py():
            try:
                return trimmed.cast(pa.date32())
            except pa.ArrowInvalid:
                return None
        return None
    if col.kind == "month":
        ok = pc.match_substring_regex(trimmed, r"^\d{4}-(0[1-9]|1[0-2])$")
        return trimmed if pc.all(pc.or_kleene(pc.is_null(trimmed), ok)).as_py() else None
    return None


def _check_bounds(col: Column, arr: pa.Array, problems: list[tuple[int, str]]) -> None:
    if col.minimum is None and not col.positive:
        return
    if col.positive:
        bad = pc.indices_nonzero(pc.fill_null(pc.less_equal(arr, 0), False)).to_pylist()
        problems += [(i, f"{arr[i].as_py()} must be above zero") for i in bad[:PROBLEM_LIMIT]]
    else:
        bad = pc.indices_nonzero(pc.fill_null(pc.less(arr, col.minimum), False)).to_pylist()
        bound = int(col.minimum) if float(col.minimum).is_integer() else col.minimum
        problems += [(i, f"{arr[i].as_py()} is below the minimum of {bound}") for i in bad[:PROBLEM_LIMIT]]


def parse_file(
    dataset: str,
    path: Path | str,
    *,
    fill: Mapping[str, str] | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    today: dt.date | None = None,
) -> ParsedFile:
    """Read and validate one file; raise IngestError naming every problem (file, row, column)."""
    ds = get_dataset(dataset)
    path = Path(path)
    fill = {k: v for k, v in (fill or {}).items() if v is not None}
    mapping = dict(mapping or {})
    try:
        raw = read_raw(path, sheet=sheet)
    except IngestError as e:
        raise IngestError(path.name, e.problems, hint=e.hint) from None
    problems: list[Problem] = []
    found = _map_headers(ds, raw, mapping, problems)
    for name in fill:
        if name not in ds.fill:
            problems.append(Problem(None, None, f"--{name} does not apply to {ds.name}"))
    columns: dict[str, pa.Array] = {}
    n = raw.table.num_rows
    for col in ds.columns:
        header = raw.headers[found[col.name]] if col.name in found else None
        label = header if header is None or normalize_header(header) == col.name else f"{header} ({col.name})"
        if header is None and col.name in fill:
            try:
                value = PARSERS[col.kind](fill[col.name])
            except ValueParseError as e:
                problems.append(Problem(None, f"--{col.name}", str(e)))
                continue
            columns[col.name] = pa.array([value] * n, type=KIND_TYPES[col.kind])
            continue
        if header is None:
            if col.required:
                problems.append(Problem(None, col.name, f"required column is missing; the file's headers are: "
                                                        f"{', '.join(raw.headers)} (use --map {col.name}=HEADER)"))
            continue
        arr, errs = parse_column(raw.table.column(found[col.name]), col)
        if not errs:
            _check_bounds(col, arr, errs)
            if col.kind == "date":
                limit = today or dt.date.today()
                future = pc.indices_nonzero(pc.fill_null(pc.greater(arr, pa.scalar(limit, pa.date32())), False)).to_pylist()
                errs += [(i, f"{arr[i].as_py()} is in the future") for i in future[:PROBLEM_LIMIT]]
            if col.required:
                errs += [(i, "is empty; a value is required") for i in pc.indices_nonzero(pc.is_null(arr)).to_pylist()[:PROBLEM_LIMIT]]
            if col.name in fill:
                want = PARSERS[col.kind](fill[col.name])
                differ = pc.indices_nonzero(pc.fill_null(pc.not_equal(arr, pa.scalar(want, arr.type)), False)).to_pylist()
                errs += [(i, f"{arr[i].as_py()} disagrees with --{col.name} {want}") for i in differ[:PROBLEM_LIMIT]]
        problems += [Problem(raw.row_number(i), label, r) if i >= 0 else Problem(None, label, "more problems not shown")
                     for i, r in sorted(errs)]
        columns[col.name] = arr
    if not problems:
        table = pa.table({c.name: columns.get(c.name, pa.nulls(n, KIND_TYPES[c.kind])) for c in ds.columns},
                         schema=ds.schema())
        problems += _duplicates(ds, table, raw)
    if problems:
        raise IngestError(path.name, problems, hint="fix the rows named, or map the columns with --map; nothing was written")
    mapped = {c: raw.headers[i] for c, i in found.items()} | {c: f"--{c}" for c in fill if c not in found}
    ignored = [h for i, h in enumerate(raw.headers) if i not in found.values()]
    options = {"fill": fill, "map": mapping, "sheet": sheet}
    return ParsedFile(ds, path, table, fingerprint(path, options), raw.format, raw.encoding, mapped, ignored,
                      [c.name for c in ds.columns if c.name not in mapped], options)


def _duplicates(ds: Dataset, table: pa.Table, raw: RawTable) -> list[Problem]:
    keyed = table.select(list(ds.key)).append_column("__i", pa.array(range(table.num_rows), pa.int64()))
    groups = keyed.group_by(list(ds.key)).aggregate([("__i", "list"), ("__i", "count")])
    dupes = groups.filter(pc.greater(groups["__i_count"], 1))
    out = []
    for rec in dupes.to_pylist()[:PROBLEM_LIMIT]:
        rows = [raw.row_number(i) for i in rec["__i_list"]]
        key = ", ".join(f"{k}={rec[k]}" for k in ds.key)
        out.append(Problem(rows[1], None, f"duplicate row for {key} (first at row {rows[0]}); keep one"))
    return out
