"""The Excel data pack: a linked 目录, one sheet per exhibit under Chinese headings with the facts.json keys in a
hidden row, numbers as numbers, percent and date formats."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from aimonthly.render.xlsx import KEY_ROW, is_percent, write_xlsx
from aimonthly.render.xlsx_columns import HEADINGS, heading
from sample_document import SOURCE, sample_document


@pytest.fixture(scope="module")
def wb(tmp_path_factory):
    return openpyxl.load_workbook(write_xlsx(sample_document(), tmp_path_factory.mktemp("xlsx") / "data.xlsx"))


def test_sheets_and_contents(wb):
    assert wb.sheetnames == ["目录", "图表1", "图表2", "图表3"]
    toc = wb["目录"]
    assert [c.value for c in toc[3]] == ["图表", "标题", "来源", "工作表"]
    assert [c.value for c in toc[4]] == ["图表1", "全球访问量 Top20 AI 产品排名情况", SOURCE, "图表1"]
    assert [toc.cell(r, 4).hyperlink.location for r in (4, 5, 6)] == ["'图表1'!A1", "'图表2'!A1", "'图表3'!A1"]


def test_exhibit_sheet(wb):
    ws = wb["图表1"]
    assert ws["A1"].value == "全球访问量 Top20 AI 产品排名情况" and ws["A2"].value == SOURCE
    assert [c.value for c in ws[3]] == ["排名", "产品", "公司", "分类", "访问量（次）", "环比"]  # for a reader
    assert [c.value for c in ws[KEY_ROW]] == ["rank", "product", "company", "category", "visits", "mom"]  # a program
    assert ws.row_dimensions[KEY_ROW].hidden and not ws.row_dimensions[3].hidden
    assert all(c.font.b for c in ws[3]) and ws.freeze_panes == "A5"
    assert ws["A5"].value == 1 and ws["E5"].value == 1800000000 and isinstance(ws["F6"].value, float)
    assert ws["F5"].number_format == "0.00%" and ws["E5"].number_format == "General"
    assert wb["图表2"]["B5"].number_format == "0.00%" and wb["图表2"]["B5"].value == pytest.approx(0.353)
    assert ws.column_dimensions["B"].width >= 9


def test_a_column_that_is_data_keeps_its_name_as_heading(wb):
    keys = [c.value for c in wb["图表3"][KEY_ROW]]
    assert [c.value for c in wb["图表3"][3]] == [HEADINGS.get(k, k) for k in keys]
    assert heading("MJ中文极速版") == "MJ中文极速版" and heading("801750.SI") == "801750.SI"


def test_dates_are_dates(wb):
    cell = wb["图表3"]["C5"]
    assert isinstance(cell.value, dt.datetime) and cell.value.date() == dt.date(2024, 5, 7)
    assert cell.number_format == "yyyy-mm-dd"
    assert wb["图表3"]["D5"].value == "公司披露其营销大模型已完成多项商业化交付。" * 6


def test_percent_columns():
    assert all(map(is_percent, ["mom", "share", "return", "yoy", "qoq", "visits_mom", "top_share", "ytd_return"]))
    assert not any(map(is_percent, ["momentum", "visits", "shares", "rank"]))


def test_deterministic_and_atomic(tmp_path):
    a, b = write_xlsx(sample_document(), tmp_path / "a.xlsx"), write_xlsx(sample_document(), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]
