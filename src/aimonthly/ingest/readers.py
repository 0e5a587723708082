"""Reading a file into a raw table: columns as the file names them, values as the file holds them.

One function, ``read_raw``, for every format; it reports what it detected (format, encoding,
the row number of the first data row) so that errors can point at the file's own rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from aimonthly.core.errors import plural
from aimonthly.core.limits import Limits
from aimonthly.ingest import layout
from aimonthly.ingest.errors import IngestError, Problem
from aimonthly.ingest.limits import (
    LONE_SURROGATE,
    check_lines,
    check_xlsx,
    json_too_deep,
    lone_surrogate,
    unreadable_xlsx,
)

FORMATS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".yaml": "yaml",
    ".yml": "yaml",
}


@dataclass(frozen=True)
class RawTable:
    table: pa.Table  # columns named c0..cn; header names kept in ``headers``
    headers: list[str]
    format: str
    encoding: str | None
    first_row: int  # the row number (as a spreadsheet shows it) of the table's first row
    line_numbers: list[int] | None = None  # where rows are not consecutive lines (JSONL with blanks)
    skipped: int = 0  # title lines above the header, left out
    rows_below: list[list] | None = None  # the first rows under the header, every cell (XLSX: wider than the header)

    def row_number(self, index: int) -> int:
        return self.line_numbers[index] if self.line_numbers else self.first_row + index


# A whole line that is valid UTF-8 and holds at least one non-ASCII character: in a file that is
# otherwise GBK this is proof of mixed encodings (a GBK line passes this by chance almost never).
_UTF8_LINE = re.compile(
    rb"^(?=[\x00-\x09\x0b-\x7f]*+[\x80-\xff])(?:[\x00-\x09\x0b-\x7f]++|[\xc2-\xdf][\x80-\xbf]"
    rb"|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3})++$",
    re.M,
)  # possessive: no backtracking
_MAGIC = [  # binary files that arrive with a text file's name
    (b"PK\x03\x04", "a ZIP archive (an XLSX workbook?)", "if it is a workbook, rename it to .xlsx"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old binary Excel (.xls) or Office file",
        "open it in Excel and save it as .xlsx or as CSV UTF-8",
    ),
    (b"%PDF", "a PDF document", "export the data itself as CSV or XLSX"),
    (b"PAR1", "a Parquet file", "rename it to .parquet"),
]
_REEXPORT = "export or download the file again and check that it is complete"


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312).

    A file that is cut in the middle of a character, or that mixes UTF-8 and GBK lines (two
    exports joined), is rejected: decoding it either way would silently garble some rows.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    bom = data.startswith(b"\xef\xbb\xbf")
    for magic, what, hint in _MAGIC:
        if data.startswith(magic):
            raise IngestError("", [Problem(None, None, f"this is {what}, not a text file")], hint=hint)
    if (nul := data.find(b"\x00")) >= 0:
        raise IngestError(
            "",
            [
                Problem(
                    _line_of(data, nul),
                    None,
                    "holds a NUL byte: this is not a text file, or it is UTF-16 without a byte-order mark",
                )
            ],
            hint="save it as CSV UTF-8",
        )
    try:
        data.decode("utf-8")
        return "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as e:
        bad = e
    line = _line_of(data, bad.start)
    if bad.reason == "unexpected end of data":
        raise IngestError(
            "", [Problem(line, None, "the file ends in the middle of a character: it was cut short")], hint=_REEXPORT
        )
    line_start = data.rfind(b"\n", 0, bad.start) + 1
    if bom or re.search(rb"[\x80-\xff]", data[:line_start]):
        raise IngestError(
            "",
            [
                Problem(
                    line,
                    None,
                    "is not UTF-8 although the file begins as UTF-8: the file mixes "
                    "encodings (were two exports joined?)",
                )
            ],
            hint="save the whole file again as CSV UTF-8, or re-export it in one piece",
        )
    utf8_line = _UTF8_LINE.search(data, line_start)
    if utf8_line:
        raise IngestError(
            "",
            [
                Problem(
                    _line_of(data, utf8_line.start()),
                    None,
                    f"is UTF-8 while line {line} is not: the file mixes encodings (were two exports joined?)",
                )
            ],
            hint="save the whole file again as CSV UTF-8, or re-export it in one piece",
        )
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as e:
        where = _line_of(data, e.start)
        if e.reason == "incomplete multibyte sequence" and e.end == len(data):
            raise IngestError(
                "",
                [Problem(where, None, "the file ends in the middle of a character: it was cut short")],
                hint=_REEXPORT,
            ) from e
        raise IngestError(
            "",
            [Problem(where, None, "is neither UTF-8 nor GBK/GB18030 text (a wrong or mixed encoding)")],
            hint="save it as CSV UTF-8",
        ) from e
    return "gb18030"


def _fail(path: Path, reason: str, row: int | None = None, hint: str | None = None) -> IngestError:
    return IngestError(path.name, [Problem(row, None, reason)], hint=hint)


def read_raw(
    path: Path, *, sheet: str | None = None, skip_rows: int | None = None, limits: Limits | None = None
) -> RawTable:
    """The file's raw table; ``limits`` (default ``Limits()``) bound what a reader accepts."""
    path, limits = Path(path), limits or Limits()
    if not path.is_file():
        raise _fail(path, "no such file", hint="check the file's path and name")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _fail(
            path,
            f"unknown file type {path.suffix!r}; use CSV, XLSX, Parquet, JSONL or YAML",
            hint="save it as .xlsx or as CSV UTF-8",
        )
    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty", hint=_REEXPORT)
    if skip_rows is not None and fmt not in ("csv", "xlsx"):
        raise _fail(path, f"--skip-rows applies to CSV and XLSX files, not {fmt}", hint="leave out --skip-rows")
    if fmt == "xlsx":
        raw = _read_xlsx(path, sheet, limits, skip_rows)
    elif fmt == "csv":
        raw = _read_csv(path, limits, skip_rows)
    elif fmt == "feed":
        from aimonthly.ingest.feeds import read_feed

        raw = read_feed(path, limits)
    elif fmt == "yaml":
        from aimonthly.ingest.yaml_table import read_yaml

        raw = read_yaml(path, limits)
    else:
        raw = {"parquet": _read_parquet, "jsonl": _read_jsonl}[fmt](path, limits)
    if raw.table.num_rows == 0:
        raise _fail(path, "the file has a header but no data rows", hint=_REEXPORT)
    return raw


def _named(columns: list[pa.Array], headers: list[str]) -> pa.Table:
    return pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])


def _bytes_and_encoding(path: Path, limits: Limits) -> tuple[bytes, str]:
    data = path.read_bytes()
    check_lines(path, data, limits)  # before decoding: a 200 MB line is refused, not decoded
    try:
        return data, detect_encoding(data)
    except IngestError as e:
        raise IngestError(path.name, e.problems, hint=e.hint) from e


def _read_csv(path: Path, limits: Limits, skip_rows: int | None = None) -> RawTable:
    data, encoding = _bytes_and_encoding(path, limits)
    head = data[:65536].decode(encoding, errors="ignore").lstrip("\ufeff").splitlines(keepends=True)
    lines = [line.rstrip("\r\n") for line in head] or [""]
    at = layout.header_index(lines, skip_rows) if encoding != "utf-16" else 0  # title lines above the header: skipped
    if at >= len(lines):
        raise _fail(
            path, f"--skip-rows {skip_rows} skips every line of the file's start", hint="give a smaller --skip-rows"
        )
    first_line = lines[at]
    if not first_line.strip():
        raise _fail(
            path,
            f"the {'first line' if at == 0 else f'line {at + 1}'} (the header) is empty",
            row=at + 1,
            hint="put the column names in the first line; " + _REEXPORT,
        )
    delimiter = layout.sniff_delimiter(first_line)
    headers = next(csv.reader([first_line], delimiter=delimiter))
    names = [f"c{i}" for i in range(len(headers))]
    # An unclosed quote makes Arrow (and Python's csv) read the rest of the file as one value,
    # silently; an odd number of quote characters is the cheap sign to look for one.
    start = (3 if encoding == "utf-8-sig" else 0) + (
        len("".join(head[:at]).encode(encoding.replace("-sig", ""))) if at else 0
    )
    payload, arrow_encoding = memoryview(data)[start:], ("utf8" if encoding in ("utf-8", "utf-8-sig") else encoding)
    if data.count(b'"') % 2:  # (a UTF-16 file may hit this by chance; the check below then finds nothing)
        problem = layout.locate_problem(bytes(payload).decode(encoding, errors="replace"), delimiter, len(headers), at)
        if problem is not None and "never closed" in problem.reason:
            raise IngestError(path.name, [problem], hint="close the quote, or " + _REEXPORT)
    try:
        table = pacsv.read_csv(
            pa.BufferReader(pa.py_buffer(payload)),  # zero-copy over the bytes already read
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=1,
                encoding=arrow_encoding,
                block_size=max(1 << 24, limits.max_row_mb << 20),
            ),  # a row fits a block
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=True, null_values=[""]
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        if "straddl" in str(e):  # one row (a quoted value over many lines) longer than a block
            raise _fail(
                path,
                f"a row longer than {max(16, limits.max_row_mb)} MB (a quoted value over many lines; "
                f"setting max_row_mb): refused",
                hint="check the file's quotes; " + _REEXPORT,
            ) from e
        if (wider := layout.wider_rows_below(lines, at, delimiter)) is not None:  # a title row with a delimiter
            j, width = wider
            raise _fail(
                path,
                f"line {at + 1} has {plural(len(headers), 'field')} and line {j + 1} has {width}: the lines above "
                f"line {j + 1} look like a title above the header",
                row=at + 1,
                hint=layout.skip_hint(j),
            ) from e
        problem = layout.locate_problem(bytes(payload).decode(encoding, errors="replace"), delimiter, len(headers), at)
        if problem is None:
            problem = Problem(None, None, f"not a well-formed table: {(str(e).splitlines() or [''])[0]}")
        raise IngestError(
            path.name,
            [problem],
            hint="give every row as many fields as the header (quote values that hold the delimiter), or " + _REEXPORT,
        ) from e
    return RawTable(table, headers, "csv", encoding, first_row=at + 2, skipped=at)


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _read_xlsx(path: Path, sheet: str | None, limits: Limits, skip_rows: int | None = None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    with open(path, "rb") as f:
        magic = f.read(4)
    if magic != b"PK\x03\x04":
        what, hint = next(
            ((w, h) for m, w, h in _MAGIC if magic.startswith(m) and m != b"PK\x03\x04"),
            ("not an XLSX workbook (an XLSX file is a ZIP archive)", "if it is CSV text, rename it to .csv"),
        )
        raise _fail(path, f"this is {what}", hint=hint)
    check_xlsx(path, limits)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise _fail(path, unreadable_xlsx(e), hint=_REEXPORT) from e
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise _fail(
                path,
                f"no sheet named {sheet!r}; sheets: {', '.join(wb.sheetnames)}",
                hint="name one of these with --sheet",
            )
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        sheet_xml = getattr(ws, "_worksheet_path", None)
    except IngestError:
        raise
    except Exception as e:  # openpyxl raises a zoo of parser errors on damaged workbooks
        raise _fail(path, unreadable_xlsx(e), hint=_REEXPORT) from e
    finally:
        wb.close()
    # The header is the first row with at least two filled cells (exports often start with a title).
    header_at = (
        skip_rows
        if skip_rows is not None and skip_rows < len(rows)
        else next((i for i, r in enumerate(rows) if sum(v is not None for v in r) >= 2), None)
    )
    if header_at is None:
        raise _fail(
            path,
            "no header row found (a row with at least two filled cells)",
            hint="put the column names in one row above the data",
        )
    _check_merged(path, sheet_xml, header_at + 1)
    headers = [("" if v is None else str(v)) for v in rows[header_at]]
    while headers and headers[-1] == "":
        headers.pop()
    body = [r[: len(headers)] + [None] * (len(headers) - len(r)) for r in rows[header_at + 1 :]]
    while body and all(v is None for v in body[-1]):
        body.pop()
    if any(v is None for r in body for v in r):
        _check_formulas(path, sheet, headers, header_at + 1, body)
    columns = [pa.array([r[i] for r in body], type=pa.string()) for i in range(len(headers))]
    return RawTable(
        _named(columns, headers),
        headers,
        "xlsx",
        None,
        first_row=header_at + 2,
        skipped=header_at,
        rows_below=rows[header_at + 1 : header_at + 11],
    )


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def _check_merged(path: Path, member: str | None, header_row: int) -> None:
    """Reject merged cells at or below the header: their other cells read as empty.

    Read-only openpyxl does not expose merged ranges, so the sheet's XML is streamed for them.
    A merged title above the header is fine.
    """
    from openpyxl.utils.cell import range_boundaries

    if member is None:
        return
    refs, tail = [], b""
    try:
        with zipfile.ZipFile(path) as z, z.open(member.lstrip("/")) as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                buf = tail + chunk
                refs += [m.group(1).decode() for m in _MERGE.finditer(buf)]
                tail = buf[-200:] if not buf.endswith(b">") else b""
    except (
        KeyError,
        OSError,
        zipfile.BadZipFile,
    ):  # openpyxl read it; a layout we cannot stream has no merges to report
        return
    problems, header = [], False
    for ref in dict.fromkeys(refs):
        _, top, _, bottom = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
        if bottom < header_row:
            continue
        if top <= header_row:
            header = True
            problems.append(
                Problem(
                    top,
                    None,
                    f"merged cells {ref} in the header: a header merged across cells or "
                    f"spread over two rows cannot be read column by column",
                )
            )
        else:
            problems.append(Problem(top, None, f"merged cells {ref}: only the first of them holds the value"))
    if problems:
        hint = (
            "unmerge the header and give each column one name in a single row (e.g. 访问量3月, 访问量4月)"
            if header
            else "unmerge the cells and fill every one of them"
        )
        raise IngestError(path.name, problems, hint=hint)


def _check_formulas(path: Path, sheet: str | None, headers: list[str], skip: int, body: list[list]) -> None:
    """Empty cells that hold a formula never calculated (a file written by a program, not saved by Excel)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        problems = []
        for k, r in enumerate(ws.iter_rows(values_only=True)):  # the same walk as the first read
            i = k - skip
            if i >= len(body):
                break
            for j, v in enumerate(r[: len(headers)] if i >= 0 else ()):
                if body[i][j] is None and isinstance(v, str) and v.startswith("="):
                    problems.append(
                        Problem(
                            k + 1,
                            headers[j],
                            f"holds the formula {v[:40]} but no saved result (it was never calculated)",
                        )
                    )
    finally:
        wb.close()
    if problems:
        raise IngestError(
            path.name,
            problems,
            hint="open the file in Excel or LibreOffice and save it, or copy the sheet and paste values",
        )


def _read_parquet(path: Path, limits: Limits) -> RawTable:
    try:  # strings dictionary-encoded, as Parquet stores them: parsing then touches each distinct value once
        strings = [
            f.name for f in pq.read_schema(path) if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
        ]
        table = pq.read_table(path, read_dictionary=strings)
    except (pa.ArrowException, OSError) as e:
        raise _fail(path, f"not a readable Parquet file: {(str(e).splitlines() or [''])[0]}", hint=_REEXPORT) from e
    headers = list(table.column_names)
    return RawTable(table.rename_columns([f"c{i}" for i in range(len(headers))]), headers, "parquet", None, first_row=1)


def _read_jsonl(path: Path, limits: Limits) -> RawTable:
    data, encoding = _bytes_and_encoding(path, limits)
    records: list[dict] = []
    lines: list[int] = []
    # Records end at a newline only: a JSON string may hold U+2028 and other breaks that splitlines() splits on.
    for n, line in enumerate(re.split("\r\n|\r|\n", data.decode(encoding)), start=1):
        if not line.strip():
            continue
        try:
            if json_too_deep(line, limits):
                raise RecursionError
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise _fail(
                path,
                f"not valid JSON: {e.msg} (character {e.colno})",
                row=n,
                hint="write one JSON object per line; " + _REEXPORT,
            ) from e
        except RecursionError as e:
            raise _fail(
                path,
                f"nests lists or objects more than {limits.max_json_depth} deep (setting max_json_depth): refused",
                row=n,
                hint="write one flat JSON object per line",
            ) from e
        if not isinstance(obj, dict):
            raise _fail(path, "each line must be a JSON object", row=n, hint="write one JSON object per line")
        if lone_surrogate(obj):
            raise _fail(path, LONE_SURROGATE, row=n, hint="correct the escape; " + _REEXPORT)
        records.append(obj)
        lines.append(n)
    headers: list[str] = []
    for r in records:
        headers += [k for k in r if k not in headers]
    columns = [
        pa.array(
            [_cell(r.get(h)) if not isinstance(r.get(h), bool) else str(r.get(h)).lower() for r in records],
            type=pa.string(),
        )
        for h in headers
    ]
    return RawTable(_named(columns, headers), headers, "jsonl", encoding, first_row=1, line_numbers=lines)
