"""Reading a file into a raw table: columns as the file names them, values as the file holds them.

One function, ``read_raw``, for every format; it reports what it detected (format, encoding,
the row number of the first data row) so that errors can point at the file's own rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from aimonthly.ingest.errors import IngestError, Problem

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
           ".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".rss": "feed", ".atom": "feed", ".xml": "feed"}


@dataclass(frozen=True)
class RawTable:
    table: pa.Table  # columns named c0..cn; header names kept in ``headers``
    headers: list[str]
    format: str
    encoding: str | None
    first_row: int  # the row number (as a spreadsheet shows it) of the table's first row
    line_numbers: list[int] | None = None  # where rows are not consecutive lines (JSONL with blanks)

    def row_number(self, index: int) -> int:
        return self.line_numbers[index] if self.line_numbers else self.first_row + index


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError as e:
        raise IngestError("", [Problem(None, None, f"the file is neither UTF-8 nor GBK/GB18030 text (byte {e.start})")],
                          hint="save it as UTF-8 CSV") from None


def _fail(path: Path, reason: str, row: int | None = None, hint: str | None = None) -> IngestError:
    return IngestError(path.name, [Problem(row, None, reason)], hint=hint)


def read_raw(path: Path, *, sheet: str | None = None) -> RawTable:
    path = Path(path)
    if not path.is_file():
        raise _fail(path, "no such file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _fail(path, f"unknown file type {path.suffix!r}; use CSV, XLSX, Parquet or JSONL")
    if path.stat().st_size == 0:
        raise _fail(path, "the file is empty")
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "parquet": _read_parquet, "jsonl": _read_jsonl, "feed": _read_feed}[fmt]
    raw = reader(path, sheet) if fmt == "xlsx" else reader(path)
    if raw.table.num_rows == 0:
        raise _fail(path, "the file has a header but no data rows")
    return raw


def _named(columns: list[pa.Array], headers: list[str]) -> pa.Table:
    return pa.Table.from_arrays(columns, names=[f"c{i}" for i in range(len(columns))])


def _read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
    except IngestError as e:
        raise IngestError(path.name, e.problems, hint=e.hint) from None
    text_head = data[:65536].decode(encoding, errors="ignore")
    first_line = text_head.splitlines()[0] if text_head.strip() else ""
    if not first_line.strip():
        raise _fail(path, "the first line (the header) is empty", row=1)
    delimiter = max([",", "\t", ";", "|"], key=first_line.count)
    headers = next(csv.reader([first_line], delimiter=delimiter))
    names = [f"c{i}" for i in range(len(headers))]
    if encoding in ("utf-8", "utf-8-sig"):
        payload, arrow_encoding = (data[3:] if encoding == "utf-8-sig" else data), "utf8"
    else:
        payload, arrow_encoding = data, encoding
    try:
        table = pacsv.read_csv(
            io.BytesIO(payload),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=arrow_encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, null_values=[""]),
        )
    except pa.ArrowInvalid as e:
        msg = str(e)
        raise _fail(path, f"not a well-formed table: {msg.splitlines()[0]}",
                    hint="check that every row has as many fields as the header") from None
    return RawTable(table, headers, "csv", encoding, first_row=2)


def _cell(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _read_xlsx(path: Path, sheet: str | None) -> RawTable:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        raise _fail(path, f"not a readable XLSX workbook ({e.__class__.__name__})") from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise _fail(path, f"no sheet named {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows = [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    # The header is the first row with at least two filled cells (exports often start with a title).
    header_at = next((i for i, r in enumerate(rows) if sum(v is not None for v in r) >= 2), None)
    if header_at is None:
        raise _fail(path, "no header row found (a row with at least two filled cells)")
    headers = [("" if v is None else str(v)) for v in rows[header_at]]
    while headers and headers[-1] == "":
        headers.pop()
    body = [r[: len(headers)] + [None] * (len(headers) - len(r)) for r in rows[header_at + 1:]]
    while body and all(v is None for v in body[-1]):
        body.pop()
    columns = [pa.array([r[i] for r in body], type=pa.string()) for i in range(len(headers))]
    return RawTable(_named(columns, headers), headers, "xlsx", None, first_row=header_at + 2)


def _read_parquet(path: Path) -> RawTable:
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as e:
        raise _fail(path, f"not a readable Parquet file: {e}") from None
    headers = list(table.column_names)
    return RawTable(table.rename_columns([f"c{i}" for i in range(len(headers))]), headers, "parquet", None, first_row=1)


def _read_jsonl(path: Path) -> RawTable:
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
    except IngestError as e:
        raise IngestError(path.name, e.problems) from None
    records: list[dict] = []
    lines: list[int] = []
    for n, line in enumerate(data.decode(encoding).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise _fail(path, f"not valid JSON: {e.msg}", row=n) from None
        if not isinstance(obj, dict):
            raise _fail(path, "each line must be a JSON object", row=n)
        records.append(obj)
        lines.append(n)
    headers: list[str] = []
    for r in records:
        headers += [k for k in r if k not in headers]
    columns = [pa.array([_cell(r.get(h)) if not isinstance(r.get(h), bool) else str(r.get(h)).lower()
                         for r in records], type=pa.string()) for h in headers]
    return RawTable(_named(columns, headers), headers, "jsonl", encoding, first_row=1, line_numbers=lines)


def _read_feed(path: Path) -> RawTable:
    import feedparser

    feed = feedparser.parse(path.read_bytes())
    if feed.bozo and not feed.entries:
        raise _fail(path, f"not a readable RSS/Atom feed: {feed.bozo_exception}")
    source = feed.feed.get("title") or path.stem
    rows = []
    for e in feed.entries:
        when = e.get("published_parsed") or e.get("updated_parsed")
        rows.append({
            "date": dt.date(*when[:3]).isoformat() if when else None,
            "title": e.get("title"),
            "body": e.get("summary"),
            "source": e.get("source", {}).get("title") if isinstance(e.get("source"), dict) else source,
            "url": e.get("link"),
        })
    headers = ["date", "title", "body", "source", "url"]
    columns = [pa.array([r[h] for r in rows], type=pa.string()) for h in headers]
    return RawTable(_named(columns, headers), headers, "feed", None, first_row=1)
