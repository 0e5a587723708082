"""Text from data, in every output: which characters are removed, and how a spreadsheet keeps text text.

Every value from a data file, a feed or a fetched page is untrusted (SECURITY.md). The writers
never interpret it: Typst gets it as string literals, HTML through Jinja's autoescape, Word through
python-docx's XML text, and workbooks through ``write_cell`` below. What they share is here:

- ``printable`` removes the characters that no output can hold or should show (listed at
  ``REMOVED``); every writer applies it to every text it writes, and the charts to their labels.
- ``write_cell`` stores a string as a text cell, never a formula, whatever it begins with.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields, is_dataclass, replace
from typing import Any, Iterable

# C0 controls other than tab, newline and carriage return (XML 1.0 cannot hold them: Word and
# Excel files would be corrupt); DEL and the C1 controls (terminal escapes, invisible); the bidi
# embedding, override and isolate controls U+202A-U+202E and U+2066-U+2069 (one U+202E in a name
# prints the rest of the line backwards); the noncharacters U+FFFE and U+FFFF; lone surrogates.
# Zero-width joiners and spaces stay: emoji and some scripts need them.
REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")

# A cell whose text starts with one of these is read as a formula by Excel, LibreOffice or Sheets
# when typed, pasted or re-parsed (OWASP's CSV-injection list, and the newline).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_CHARS = 32_767  # Excel's limit: a longer cell makes it call the whole workbook damaged


def printable(text: str) -> str:
    """``text`` without the characters in ``REMOVED``."""
    return REMOVED.sub("", text)


def printable_tree(obj: Any) -> Any:
    """A copy of a frozen tree (dataclasses, tuples, lists, dicts) with ``printable`` applied to every
    string in it; bytes and numbers are kept as they are."""
    if isinstance(obj, str):
        return printable(obj)
    if is_dataclass(obj) and not isinstance(obj, type):
        return replace(obj, **{f.name: printable_tree(getattr(obj, f.name)) for f in fields(obj) if f.init})
    if isinstance(obj, (tuple, list)):
        return type(obj)(printable_tree(x) for x in obj)
    if isinstance(obj, dict):
        return {k: printable_tree(v) for k, v in obj.items()}
    return obj


def cell_text(value: str) -> str:
    """What a workbook cell holds of a string: printable, and cut (ending "…") at Excel's limit."""
    text = printable(value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def write_cell(ws: Any, row: int, column: int, value: object) -> Any:
    """Write one value into an openpyxl worksheet and return the cell.

    A string is always a text cell (data type "s"): openpyxl would store one that starts with "="
    as a live formula. One that starts like a formula also gets Excel's quote prefix, so that the
    cell still shows the text as written, and editing it keeps it text (the formula bar shows a
    leading apostrophe). Numbers stay numbers (NaN and infinities, which no spreadsheet holds,
    become empty cells); dates, booleans and None are written as they are.
    """
    cell = ws.cell(row, column)
    if isinstance(value, str):
        text = cell_text(value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(value, float) and not math.isfinite(value):
        cell.value = None
    else:
        cell.value = value
    return cell


def write_row(ws: Any, row: int, values: Iterable[object]) -> None:
    """``write_cell`` for each value, from column 1."""
    for j, v in enumerate(values, 1):
        write_cell(ws, row, j, v)
