"""A workbook of plain tables (``aimonthly ratings backtest --xlsx``): one sheet per table, a bold frozen
header, each column's number format by its kind. Every cell goes through core.safe.write_row: text stays
text, never a formula."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError

FORMATS: dict[str, str] = {"percent": "0.00%", "date": "yyyy-mm-dd"}
# (sheet title, column names, rows, column name -> its kind, "percent" or "date", where it has one)
Table = tuple[str, Sequence[str], Sequence[Sequence[Any]], Mapping[str, str]]


def write_tables(tables: Sequence[Table], path: str | os.PathLike) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from aimonthly.core.safe import write_row

    wb = Workbook()
    wb.remove(wb.active)
    for title, columns, rows, kinds in tables:
        ws = wb.create_sheet(title)
        write_row(ws, 1, columns)
        for i, values in enumerate(rows, 2):
            write_row(ws, i, values)
        for c in ws[1]:
            c.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for j, name in enumerate(columns, 1):
            ws.column_dimensions[ws.cell(1, j).column_letter].width = max(10, len(name) + 2)
            if fmt := FORMATS.get(kinds.get(name, "")):
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # a path the user named: make its folder
    return write_atomic(path, buf.getvalue(), error=RenderError)
