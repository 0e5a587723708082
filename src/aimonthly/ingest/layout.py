"""Where a text table's header is: exports often put a title line (or a few) above it.

A line with fewer than two filled fields above the header is a title and is skipped, as the XLSX
reader skips title rows; so is a line whose fields (split at its own delimiter) do not agree with the
line below it, whatever it holds ("AI 产品榜 | 全球 | 2024年6月" above a comma-separated header). A
title that looks like a row (as many fields as the rows) cannot be told from a header by its shape;
it is found when the header it hides would name the required columns, and the error then says which
``--skip-rows N`` reads the file.
"""

from __future__ import annotations

import csv
import io

from aimonthly.core.errors import plural
from aimonthly.ingest.aliases import lookup, normalize_header
from aimonthly.ingest.errors import Problem

DELIMITERS = (",", "\t", ";", "|")
MAX_TITLE_LINES = 10  # look no further down for the header


def sniff_delimiter(line: str) -> str:
    return max(DELIMITERS, key=line.count)


def fields(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return [line]


def _filled(line: str) -> int:
    return max(sum(1 for f in fields(line, d) if f.strip()) for d in DELIMITERS)


def _agrees_below(lines: list[str], i: int) -> bool:
    """Whether line ``i`` has as many fields as the next non-blank line, both split at line i's delimiter."""
    below = next((line for line in lines[i + 1 : i + 1 + MAX_TITLE_LINES] if line.strip()), None)
    if below is None:
        return True
    delimiter = sniff_delimiter(lines[i])
    return len(fields(lines[i], delimiter)) == len(fields(below, delimiter))


def header_index(lines: list[str], skip_rows: int | None = None) -> int:
    """The index of the header line: ``skip_rows`` when given, else the first line with two filled
    fields or more that agrees with the line below it, within the first lines (else the first with two
    filled fields; 0 when the first line is blank: the reader's own error)."""
    if skip_rows is not None:
        return skip_rows
    wide = []
    for i, line in enumerate(lines[: MAX_TITLE_LINES + 1]):
        if not line.strip():
            if i == 0:
                return 0
            continue
        if _filled(line) >= 2:
            if _agrees_below(lines, i):
                return i
            wide.append(i)
    return wide[0] if wide else 0


def wider_rows_below(lines: list[str], start: int, delimiter: str) -> tuple[int, int] | None:
    """(index, width) of the first line below the header line that is wider than it and agrees with
    the line after it: a table whose real header is further down."""
    width = len(fields(lines[start], delimiter))
    below = [
        (j, len(fields(lines[j], delimiter)))
        for j in range(start + 1, min(len(lines), start + MAX_TITLE_LINES + 2))
        if lines[j].strip()
    ]
    for (j, w), (_, w_next) in zip(below, below[1:]):
        if w > width and w == w_next:
            return j, w
    return None


def skip_hint(n: int) -> str:
    return f"skip the {'line' if n == 1 else plural(n, 'line')} above the header with --skip-rows {n}"


def locate_problem(text: str, delimiter: str, width: int, skipped: int = 0) -> Problem | None:
    """The first row that breaks the table's shape, found by Python's csv module (error path only).
    ``text`` starts at the header, below ``skipped`` title lines: rows and lines are the file's own."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = skipped
    while True:
        start = reader.line_num + 1 + skipped
        try:
            cells = next(reader)
        except StopIteration:
            return None
        except csv.Error as e:
            row += 1
            if "unexpected end of data" in str(e):
                return Problem(
                    row,
                    None,
                    f"a quoted value opens on line {start} and is never closed, so the rest "
                    f"of the file would be read as one value (was the file cut short?)",
                )
            continue
        if not cells:  # a blank line; Arrow skips it too
            continue
        row += 1
        if row > skipped + 1 and len(cells) != width:
            line = f" (line {start})" if start != row else ""
            return Problem(row, None, f"has {plural(len(cells), 'field')} where the header has {width}{line}")


def header_below(ds, raw, found: dict[str, int], fill, mapping) -> int | None:
    """When the header lacks required columns: the row (as the file numbers it) within the first few
    that names them all, i.e. the real header under a title row; None if there is none."""
    wanted = [
        c.name
        for c in ds.columns
        if c.required and c.name not in found and c.name not in fill and c.name not in mapping
    ]
    if not wanted or raw.format not in ("csv", "xlsx"):
        return None
    table = lookup(ds.names)
    rows = (
        raw.rows_below
        if raw.rows_below is not None
        else [[raw.table.column(j)[i].as_py() for j in range(raw.table.num_columns)] for i in range(raw.table.num_rows)]
    )
    for i, row in enumerate(rows[:MAX_TITLE_LINES]):
        named = {c for cell in row for c in table.get(normalize_header(cell), [])}
        if set(wanted) <= named:
            return raw.row_number(i)
    return None
