"""From a raw table to the canonical, typed rows of one dataset, or a list of every problem.

A file with any problem is rejected whole (IngestError); nothing reaches the warehouse.
Columns are parsed vectorised where the values are already clean, and value by value (over
distinct values) where they are not, so that messy exports and large clean files are both fast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Callable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.core.datasets import DATASETS, DEMO_ONLY_COLUMNS, KIND_TYPES, Column, Dataset, ParsedFile
from aimonthly.core.limits import Limits
from aimonthly.core.names import suggestion, unknown
from aimonthly.ingest import values as V
from aimonthly.ingest.aliases import lookup, normalize_header
from aimonthly.ingest.errors import MAX_SHOWN, IngestError, Problem, ValueParseError
from aimonthly.ingest.layout import header_below, skip_hint
from aimonthly.ingest.readers import RawTable, read_raw
from aimonthly.ingest.units import KNOWN as UNIT_SPELLINGS
from aimonthly.ingest.units import UnitError, apply_unit, header_unit, unit_suffix

PARSERS: dict[str, Callable[[object], object]] = {
    "text": V.parse_text,
    "count": V.parse_count,
    "number": V.parse_number,
    "fraction": V.parse_fraction,
    "duration": V.parse_duration,
    "month": V.parse_month,
    "date": V.parse_date,
    "quarter": V.parse_quarter,
    "list": V.parse_list,
    "region": V.parse_region,
    "bool": V.parse_bool,
    "relation": V.parse_relation,
    "criterion": V.parse_criterion,
    "score": V.parse_score,
}
PROBLEM_LIMIT = 1000  # stop collecting after this many; the count still says "more"
# What to do about a value of each kind that does not parse (gathered into IngestError's hint).
KIND_HINTS: dict[str, str | None] = {
    "text": None,
    "count": "write whole numbers, with at most one unit (1957万, 1.2亿, 16.84M)",
    "number": "write plain numbers, with at most one unit (120亿, 1.2B)",
    "fraction": "write percentages (12.5%) or fractions (0.125)",
    "duration": "write durations as seconds, mm:ss, hh:mm:ss or 20.66 min",
    "month": "write months as YYYY-MM (2024-04)",
    "date": "write dates as YYYY-MM-DD (2024-04-30)",
    "quarter": "write quarters as 2024Q1",
    "list": "use global, domestic or overseas (全球, 国内, 出海)",
    "region": "use overseas or domestic (海外, 国内)",
    "bool": "use true or false",
    "relation": "use 母公司, 投资方, 合作方, 供应商 or 其他",
    "criterion": "use tech_route, customer, productisation, competition, revenue_mix or tolerance (技术路线, 客户类型, "
    "产品化程度, 竞争格局, 收入结构, 容错度)",
    "score": "write scores from 1 to 5",
}
SIGN_HINT = "check the sign and the unit of the values named"
# Spellings a plain Arrow cast reads exactly as the value parser would (no units, separators or signs).
PLAIN = {
    "count": r"^\d{1,18}$",
    "number": r"^-?\d{1,15}(\.\d{1,15})?$",
    "duration": r"^\d{1,15}(\.\d{1,15})?$",
    "month": r"^(19|2\d)\d\d-(0[1-9]|1[0-2])$",
}


def get_dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except KeyError as e:
        raise unknown("dataset", name, DATASETS) from e


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
            problems.append(
                Problem(
                    None,
                    None,
                    f"--map {canonical}=…: {ds.name} has no column {canonical!r}"
                    f"{suggestion(canonical, ds.names)} (its columns: {', '.join(ds.names)})",
                    "map one of these columns",
                )
            )
            continue
        matches = [
            i for i, h in enumerate(raw.headers) if h == header or normalize_header(h) == normalize_header(header)
        ]
        if not matches:
            problems.append(
                Problem(
                    1,
                    header,
                    f"--map {canonical}={header}: no such header; the file has: {', '.join(raw.headers)}",
                    "copy the header exactly as the file has it",
                )
            )
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
                problems.append(
                    Problem(
                        1,
                        header,
                        f"names the column {canonical!r} again "
                        f"(also {raw.headers[found[canonical]]!r}); keep one, or --map the one to use",
                        "delete or rename one of the two columns, or choose one with --map",
                    )
                )
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
    if pa.types.is_dictionary(arr.type):  # Parquet's strings arrive dictionary-encoded (readers.py)
        if pa.types.is_string(arr.dictionary.type) and (fast := _fast_path(arr.dictionary, col)) is not None:
            return pc.take(fast, arr.indices), []  # each distinct value parsed once, then spread to the rows
        arr = arr.dictionary_decode()
    if (arr.type == target and not pa.types.is_string(target)) or (
        col.kind in ("count", "number") and (pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type))
    ):
        try:
            return (
                _floats_to_counts(arr) if col.kind == "count" and pa.types.is_floating(arr.type) else arr.cast(target)
            ), []
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # NaN, infinity or out of range: the value-by-value path below names each one
    if pa.types.is_timestamp(arr.type) and col.kind in ("date", "month"):
        arr = arr.cast(pa.date32())
        return (arr, []) if col.kind == "date" else (pc.strftime(arr, "%Y-%m"), [])
    if not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type):
        arr = pa.array([None if v is None else str(v) for v in arr.to_pylist()], type=pa.string())
    fast = _fast_path(arr, col)
    if fast is not None:
        return fast, []
    # Value by value, over distinct values only; values already in plain form are cast in one go,
    # so that one odd cell in a large file does not send a million clean ones through Python.
    plain = None
    if col.kind in PLAIN:
        plain = pc.fill_null(pc.match_substring_regex(pc.utf8_trim_whitespace(arr), PLAIN[col.kind]), False)
        plain_values = pc.if_else(plain, pc.utf8_trim_whitespace(arr), pa.scalar(None, pa.string())).cast(target)
        arr_rest = pc.if_else(plain, pa.scalar(None, pa.string()), arr)
    uniques = pc.unique(arr if plain is None else arr_rest)
    parser = PARSERS[col.kind]
    parsed, bad, reasons = [], [], {}
    for v in uniques.to_pylist():
        try:
            parsed.append(parser(v))
        except ValueParseError as e:
            parsed.append(None)
            bad.append(v)
            reasons[v] = str(e)
    out = pc.take(pa.array(parsed, type=target), pc.index_in(arr if plain is None else arr_rest, value_set=uniques))
    if plain is not None:
        out = pc.if_else(plain, plain_values, out)
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
        if pc.all(
            pc.or_kleene(pc.is_null(trimmed), pc.match_substring_regex(trimmed, r"^[1-9]\d{3}-\d{2}-\d{2}$"))
        ).as_py():
            try:
                return trimmed.cast(pa.date32())
            except pa.ArrowInvalid:
                return None
        return None
    if col.kind == "month":
        ok = pc.match_substring_regex(trimmed, r"^\d{4}-(0[1-9]|1[0-2])$")
        return trimmed if pc.all(pc.or_kleene(pc.is_null(trimmed), ok)).as_py() else None
    return None


def _check_bounds(col: Column, arr: pa.Array, problems: list[tuple[int, str, str | None]]) -> None:
    # Typed inputs (Parquet, numeric cells) skip the value parsers, so their checks are repeated here.
    if pa.types.is_floating(arr.type):
        bad = pc.indices_nonzero(pc.fill_null(pc.invert(pc.is_finite(arr)), False)).to_pylist()
        problems += [(i, f"{arr[i].as_py()} is not a number", KIND_HINTS[col.kind]) for i in bad[:PROBLEM_LIMIT]]
    minimum = col.minimum if col.minimum is not None else (0 if col.kind in ("count", "duration") else None)
    if minimum is None and not col.positive:
        return
    if col.positive:
        bad = pc.indices_nonzero(pc.fill_null(pc.less_equal(arr, 0), False)).to_pylist()
        problems += [(i, f"{arr[i].as_py()} must be above zero", SIGN_HINT) for i in bad[:PROBLEM_LIMIT]]
    elif minimum is not None:
        bad = pc.indices_nonzero(pc.fill_null(pc.less(arr, minimum), False)).to_pylist()
        bound = int(minimum) if float(minimum).is_integer() else minimum
        what = (
            f"is negative; a {'count' if col.kind == 'count' else col.kind} cannot be"
            if col.minimum is None
            else f"is below the minimum of {bound}"
        )
        hint = f"{col.name} starts at {bound}" if bound else SIGN_HINT
        problems += [(i, f"{arr[i].as_py()} {what}", hint) for i in bad[:PROBLEM_LIMIT]]


FUTURE_HINT = "check the year: data cannot come from after today"


def _limit(today: dt.date | None, kind: str) -> str:
    """The latest date (YYYY-MM-DD) or month (YYYY-MM) data can have: today's."""
    today = today or dt.date.today()
    return today.isoformat() if kind == "date" else f"{today:%Y-%m}"


def parse_file(
    dataset: str,
    path: Path | str,
    *,
    fill: Mapping[str, str] | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    skip_rows: int | None = None,
    today: dt.date | None = None,
    limits: Limits | None = None,
    source: str | None = None,
) -> ParsedFile:
    """Read and validate one file; raise IngestError naming every problem (file, row, column).
    ``limits`` bound what the reader accepts (default: ``Limits()``; the CLI passes the settings').
    ``source`` names the vendor the batch came from (its exhibits' source lines name it)."""
    ds = get_dataset(dataset)
    path = Path(path)
    source = " ".join(source.split()) if source else None  # one line, whatever was typed
    fill = {k: v for k, v in (fill or {}).items() if v is not None}
    mapping = dict(mapping or {})
    try:
        raw = read_raw(path, sheet=sheet, skip_rows=skip_rows, limits=limits)
    except IngestError as e:
        raise IngestError(path.name, e.problems, hint=e.hint) from e
    problems: list[Problem] = []
    found = _map_headers(ds, raw, mapping, problems)
    if (below := header_below(ds, raw, found, fill, mapping)) is not None:  # a title row that looks like a header
        raise IngestError(
            path.name,
            [
                Problem(
                    raw.first_row - 1,
                    None,
                    f"the header lacks required columns, and row {below} "
                    f"names them: the rows above row {below} look like a title",
                )
            ],
            hint=skip_hint(below - 1),
        )
    repeated = _repeated_headers(raw, found)
    if repeated:  # structural: one problem per repeated header row, not one per cell
        raise IngestError(
            path.name,
            [
                Problem(
                    raw.row_number(i),
                    None,
                    "repeats the header row (were two exports joined into one file?)",
                    "delete the repeated header rows, and check that the rows below them belong in this file",
                )
                for i in repeated
            ],
        )
    wanted: dict[str, object] = {}  # each --option's value, parsed once
    for name in fill:
        if name not in ds.fill:
            problems.append(
                Problem(
                    None,
                    None,
                    f"--{name} does not apply to {ds.name}",
                    f"leave out --{name}" + (f"; {ds.name} takes --{', --'.join(ds.fill)}" if ds.fill else ""),
                )
            )
            continue
        kind = ds.column(name).kind
        try:
            wanted[name] = PARSERS[kind](fill[name])
        except ValueParseError as e:
            problems.append(Problem(None, f"--{name}", str(e), KIND_HINTS[kind]))
            continue
        if wanted[name] is None:
            problems.append(Problem(None, f"--{name}", f"{fill[name]!r} is no value", KIND_HINTS[kind]))
        elif kind in ("date", "month") and str(wanted[name]) > _limit(today, kind):  # the checks a column gets
            problems.append(Problem(None, f"--{name}", f"{wanted[name]} is in the future", FUTURE_HINT))
    columns: dict[str, pa.Array] = {}
    units: dict[str, str] = {}
    n = raw.table.num_rows
    for col in ds.columns:
        header = raw.headers[found[col.name]] if col.name in found else None
        label = (
            header
            if header is None or normalize_header(header) == normalize_header(col.name)
            else f"{header} ({col.name})"
        )
        if header is None and col.name in wanted:
            columns[col.name] = pa.array([wanted[col.name]] * n, type=KIND_TYPES[col.kind])
            continue
        if header is None:
            if col.required and col.name not in fill and col.name not in mapping:  # those already have a problem
                problems.append(
                    Problem(
                        None,
                        col.name,
                        f"required column is missing; the file's headers are: "
                        f"{', '.join(raw.headers)} (use --map {col.name}=HEADER)",
                        f"rename that column's header to {col.name}, or --map {col.name}=HEADER",
                    )
                )
            continue
        values = raw.table.column(found[col.name])
        if (unit := header_unit(header)) is not None:  # "访问量(万)": the unit applies to the column's numbers
            try:
                suffix = unit_suffix(unit, col.kind, col.name)
            except UnitError as e:
                known = UNIT_SPELLINGS.get(col.kind, UNIT_SPELLINGS["number"])
                problems.append(
                    Problem(
                        raw.first_row - 1,
                        label,
                        str(e),
                        f"write the unit as one of: {known}; or convert the values and take the unit out of the header",
                    )
                )
                continue
            if suffix is not None:
                values, units[col.name] = apply_unit(values, suffix), unit
        arr, parse_errs = parse_column(values, col)
        errs = [(i, r, KIND_HINTS[col.kind]) for i, r in parse_errs]
        if not errs:
            _check_bounds(col, arr, errs)
            if col.kind in ("date", "month"):
                limit = _limit(today, col.kind)
                limit = pa.scalar(dt.date.fromisoformat(limit), pa.date32()) if col.kind == "date" else limit
                future = pc.indices_nonzero(pc.fill_null(pc.greater(arr, limit), False)).to_pylist()
                errs += [(i, f"{arr[i].as_py()} is in the future", FUTURE_HINT) for i in future[:PROBLEM_LIMIT]]
            if col.required:
                errs += [
                    (i, "is empty; a value is required", "fill the empty cells, or delete those rows")
                    for i in pc.indices_nonzero(pc.is_null(arr)).to_pylist()[:PROBLEM_LIMIT]
                ]
            if col.name in wanted and wanted[col.name] is not None:
                want = wanted[col.name]
                differ = pc.indices_nonzero(
                    pc.fill_null(pc.not_equal(arr, pa.scalar(want, arr.type)), False)
                ).to_pylist()
                errs += [
                    (
                        i,
                        f"{arr[i].as_py()} disagrees with --{col.name} {want}",
                        f"correct the file's {col.name} column, or leave out --{col.name}",
                    )
                    for i in differ[:PROBLEM_LIMIT]
                ]
        problems += [
            Problem(raw.row_number(i), label, r, h) if i >= 0 else Problem(None, label, "more problems not shown")
            for i, r, h in sorted(errs, key=lambda e: e[:2])
        ]
        columns[col.name] = arr
    if not problems:
        table = pa.table(
            {c.name: columns.get(c.name, pa.nulls(n, KIND_TYPES[c.kind])) for c in ds.columns}, schema=ds.schema()
        )
        problems += _duplicates(ds, table, raw)
        if not problems and ds.name == "products":
            from aimonthly.ingest.registry_rows import registry_problems

            problems += registry_problems(table, raw)
    if problems:
        hints = "; ".join(dict.fromkeys(p.hint for p in problems[:MAX_SHOWN] if p.hint))
        raise IngestError(path.name, problems, hint=hints or "fix the rows named; nothing was written")
    mapped = {c: raw.headers[i] for c, i in found.items()} | {c: f"--{c}" for c in fill if c not in found}
    ignored = [h for i, h in enumerate(raw.headers) if i not in found.values()]
    options = (
        {"fill": fill, "map": mapping, "sheet": sheet}
        | ({"skip_rows": skip_rows} if skip_rows is not None else {})
        | ({"source": source} if source else {})  # a batch from another vendor is another batch
    )
    absent = [c.name for c in ds.columns if c.name not in mapped and c.name not in DEMO_ONLY_COLUMNS]
    return ParsedFile(
        ds,
        path,
        table,
        fingerprint(path, options),
        raw.format,
        raw.encoding,
        mapped,
        ignored,
        absent,
        options,
        units,
        raw.skipped,
        source,
    )


def _repeated_headers(raw: RawTable, found: dict[str, int]) -> list[int]:
    """Rows whose mapped cells repeat their own headers: a second export appended below the first."""
    cols = sorted(set(found.values()))
    if len(cols) < 2:
        return []
    mask = None
    for i in cols:
        arr = raw.table.column(i).combine_chunks()
        if pa.types.is_dictionary(arr.type) and pa.types.is_string(arr.dictionary.type):
            eq = pc.take(
                pc.equal(pc.utf8_trim(arr.dictionary, characters=" \ufeff"), raw.headers[i].strip(" \ufeff")),
                arr.indices,
            )
        elif pa.types.is_string(arr.type):
            eq = pc.equal(pc.utf8_trim(arr, characters=" \ufeff"), raw.headers[i].strip(" \ufeff"))
        else:
            return []
        mask = eq if mask is None else pc.and_(mask, eq)
    return pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()[:MAX_SHOWN]


def _duplicates(ds: Dataset, table: pa.Table, raw: RawTable) -> list[Problem]:
    """One problem per key held by more than one row; counted in SQL (aimonthly.warehouse.checks)."""
    from aimonthly.warehouse.checks import duplicate_keys

    out = []
    for indices in duplicate_keys(table, ds.key, PROBLEM_LIMIT):
        rows = [raw.row_number(i) for i in indices]
        key = ", ".join(f"{k}={table.column(k)[indices[0]].as_py()}" for k in ds.key)
        out.append(
            Problem(
                rows[1],
                None,
                f"duplicate row for {key} (first at row {rows[0]}); keep one",
                f"keep one row per {', '.join(ds.key)}",
            )
        )
    return out
