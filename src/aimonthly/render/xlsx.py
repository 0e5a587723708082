"""The Excel data pack: a 目录 sheet, then one sheet per exhibit with the raw numbers behind it, under
Chinese headings with the facts.json keys in a hidden row below them (render/xlsx_columns.py)."""

from __future__ import annotations

import io
import os
import re
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from aimonthly.core import numbers as N
from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError
from aimonthly.core.safe import printable, write_cell, write_row
from aimonthly.render.stable import report_datetime, stable_zip
from aimonthly.render.xlsx_columns import heading
from aimonthly.report.model import DataSheet, Document, Exhibit

PERCENT_NAMES = {"mom", "share", "return", "yoy", "qoq"}
PERCENT_SUFFIXES = ("_mom", "_share", "_return")
PERCENT_FORMAT, DATE_FORMAT = N.excel_pct_format(), "yyyy-mm-dd"  # a percent as the tables print it
HEADER_ROW = 3  # A1 title, A2 source, then the columns' Chinese headings
KEY_ROW = 4  # on an exhibit's sheet: the columns' keys (as facts.json names them), hidden; data from row 5
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def write_xlsx(doc: Document, path: str | os.PathLike) -> Path:
    path = Path(path)
    when = report_datetime(doc.cover.date)
    wb = Workbook()
    toc = wb.active
    toc.title = "目录"
    primary = doc.house.primary_color.lstrip("#").upper()
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor=primary)
    # Every cell goes through write_cell: text from data stays text, never a formula (aimonthly.core.safe).
    write_cell(toc, 1, 1, doc.cover.title).font = Font(bold=True, size=13)
    write_cell(toc, 2, 1, f"{doc.house.institute}　{doc.cover.date}")
    write_row(toc, HEADER_ROW, ["图表", "标题", "来源", "工作表"])
    entries: list[tuple[str, Exhibit | DataSheet, str]] = [
        (f"图表{e.number}", e, sheet_name(e)) for e in doc.exhibits()
    ]
    for d in doc.data_sheets:  # data behind text (e.g. every news item): after the exhibits, no number
        entries.append(("数据", d, _data_sheet_name(d.title, [toc.title, *(n for *_, n in entries)])))
    for row, (label, e, name) in enumerate(entries, HEADER_ROW + 1):
        write_row(toc, row, [label, e.title, e.source, name])
        link = toc.cell(row, 4)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)
        link.style = "Hyperlink"
        _exhibit_sheet(wb.create_sheet(name), e, header_font, header_fill)
    _style_header(toc, header_font, header_fill)
    toc.freeze_panes = "A4"
    for col, width in zip("ABCD", (10, 48, 40, 12)):
        toc.column_dimensions[col].width = width
    wb.properties.creator = wb.properties.lastModifiedBy = printable(doc.house.firm_name)
    wb.properties.title = printable(doc.cover.title)
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    write_atomic(path, stable_zip(buf.getvalue(), when), error=RenderError)
    return path


def sheet_name(e: Exhibit) -> str:
    return f"图表{e.number}"


def _data_sheet_name(title: str, taken: list[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\']", "", title)[:28] or "数据"
    name, n = base, 2
    while name in taken:
        name, n = f"{base[:26]}{n}", n + 1
    return name


def is_percent(column: str) -> bool:
    c = column.lower()
    return c in PERCENT_NAMES or c.endswith(PERCENT_SUFFIXES)


def _exhibit_sheet(ws, e: Exhibit | DataSheet, header_font: Font, header_fill: PatternFill) -> None:
    cols = e.data.columns
    write_cell(ws, 1, 1, e.title).font = Font(bold=True, size=12)
    write_cell(ws, 2, 1, e.source).font = Font(color="7F7F7F", size=9)
    # column names may be data too (one per app in the rank chart's table): written as text like any cell
    write_row(ws, HEADER_ROW, [heading(c) for c in cols])
    write_row(ws, KEY_ROW, cols)
    for cell in ws[KEY_ROW]:
        cell.font = Font(color="7F7F7F", size=8)
    ws.row_dimensions[KEY_ROW].hidden = True
    _style_header(ws, header_font, header_fill)
    pct = [is_percent(c) for c in cols]
    dated = [is_date(c) for c in cols]
    widths = [_width(heading(c)) for c in cols]
    for i, row in enumerate(e.data.rows, KEY_ROW + 1):
        if len(row) != len(cols):
            raise RenderError(f"{e.caption} 的数据列数不一致：{len(row)} ≠ {len(cols)}")
        for j, v in enumerate(row):
            v = _cell_value(v, dated[j])
            cell = write_cell(ws, i, j + 1, v)
            if isinstance(v, (datetime, date)):
                cell.number_format = DATE_FORMAT
            elif pct[j] and isinstance(v, (int, float)) and not isinstance(v, bool):
                cell.number_format = PERCENT_FORMAT
            widths[j] = max(widths[j], 11 if isinstance(v, (date, float)) else _width(v))
    ws.freeze_panes = ws.cell(KEY_ROW + 1, 1)
    for j, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, 8), 60)


def is_date(column: str) -> bool:
    c = column.lower()
    return c == "date" or c.endswith(("_date", "_day"))


def _cell_value(v: object, dated: bool = False) -> object:
    if dated and isinstance(v, str) and _ISO_DATE.fullmatch(v):  # a product named "2024-04-01" stays text
        return date.fromisoformat(v)
    if v is None or isinstance(v, (str, int, float, bool, date)):
        return v
    if hasattr(v, "item"):  # numpy / pandas scalars
        return v.item()
    return str(v)


def _width(v: object) -> int:
    """Display width in Excel character units: CJK characters count double."""
    s = "" if v is None else str(v)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _style_header(ws, font: Font, fill: PatternFill) -> None:
    for cell in ws[HEADER_ROW]:
        if cell.value is not None:
            cell.font, cell.fill = font, fill
            cell.alignment = Alignment(horizontal="center", vertical="center")
