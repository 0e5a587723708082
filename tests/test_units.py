"""Units in headers (访问量(万), 跳出率(%), 时长(分钟), Visits (M), Capex (USD m)): applied to every plain
number of the column, checked against values computed here; an unknown unit names the column."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aimonthly.ingest import IngestError, parse_file

FACTORS = {
    "万": 10**4,
    "（万）": 10**4,
    "万次": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "亿次": 10**8,
    "千次": 10**3,
    "次": 1,
    "M": 10**6,
    "mn": 10**6,
    "in thousands": 10**3,
    "Thousands": 10**3,
    "K": 10**3,
    "百万": 10**6,
    "单位：万": 10**4,
    "B": 10**9,
}
RAW = ["1957", "1,957.5", "0.25", "12"]


def write(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def visits_with(tmp_path: Path, unit: str, values: list[str]) -> list[int]:
    header = f"访问量{unit}" if unit.startswith("（") else f"访问量({unit})"
    f = write(
        tmp_path / "t.csv",
        ["month", "list", "product", header],
        [["2023-04", "global", f"P{i}", v] for i, v in enumerate(values)],
    )
    p = parse_file("traffic", f)
    return p.table.column("visits").to_pylist()


@pytest.mark.parametrize("unit", list(FACTORS))
def test_count_units_scale_every_plain_number(tmp_path, unit):
    want = [int((Decimal(v.replace(",", "")) * FACTORS[unit]).to_integral_value()) for v in RAW]
    assert visits_with(tmp_path, unit, RAW) == want


def test_a_value_with_its_own_unit_is_read_as_written(tmp_path):
    assert visits_with(tmp_path, "万", ["1957", "1.2亿", "30万", "4.5M"]) == [
        19_570_000,
        120_000_000,
        300_000,
        4_500_000,
    ]
    f = write(
        tmp_path / "u.csv",
        ["month", "list", "product", "visits", "独立访客(万)"],
        [["2023-04", "global", "A", 1, "-"], ["2023-04", "global", "B", 1, "3"]],
    )
    assert parse_file("traffic", f).table.column("unique_visitors").to_pylist() == [None, 30_000]  # "-" stays missing


def test_percent_and_duration_units(tmp_path):
    f = write(
        tmp_path / "t.csv",
        ["month", "list", "product", "visits", "跳出率(%)", "单次访问时长（分钟）"],
        [["2023-04", "global", "A", 1, "45.5", "20.66"], ["2023-04", "global", "B", 2, "12%", "20:30"]],
    )
    p = parse_file("traffic", f)
    assert p.table.column("bounce_rate").to_pylist() == pytest.approx([0.455, 0.12])
    assert p.table.column("avg_visit_duration").to_pylist() == pytest.approx([20.66 * 60, 20 * 60 + 30])
    assert p.units == {"bounce_rate": "%", "avg_visit_duration": "分钟"}
    g = write(
        tmp_path / "s.csv",
        ["month", "list", "product", "visits", "Avg Visit Duration (sec)"],
        [["2023-04", "global", "A", 1, "95"]],
    )
    assert parse_file("traffic", g).table.column("avg_visit_duration").to_pylist() == [95.0]


def test_capex_units_in_us_dollars_and_a_currency_it_cannot_convert(tmp_path):
    for header, value, want in (
        ("资本开支(亿美元)", "442.89", 44_289_000_000),
        ("Capex (USD m)", "14,000", 14e9),
        ("Capex (in millions of USD)", "12", 12e6),
    ):
        f = write(tmp_path / "c.csv", ["company", "quarter", header], [["Google", "2024Q1", value]])
        assert parse_file("capex", f).table.column("capex").to_pylist() == [pytest.approx(want)]
    f = write(tmp_path / "c.csv", ["company", "quarter", "资本开支(亿元)"], [["Google", "2024Q1", "3"]])
    with pytest.raises(IngestError) as e:
        parse_file("capex", f)
    assert "column 资本开支(亿元) (capex): capex is recorded in US dollars" in str(e.value)


def test_price_currency_is_no_scale(tmp_path):
    f = write(
        tmp_path / "q.csv",
        ["date", "code", "name", "收盘价(元)", "industry"],
        [["2023-04-03", "300001.SZ", "甲", "12.5", "计算机"]],
    )
    assert parse_file("stock_prices", f).table.column("close").to_pylist() == [12.5]


@pytest.mark.parametrize(
    "header, kind",
    [
        ("访问量(百人)", "visits"),
        ("访问量(%)", "visits"),
        ("跳出率(次)", "bounce_rate"),
        ("单次访问时长(天)", "avg_visit_duration"),
    ],
)
def test_an_unknown_unit_is_an_error_naming_the_column(tmp_path, header, kind):
    cols = ["month", "list", "product"] + ([header] if kind == "visits" else ["visits", header])
    row = ["2023-04", "global", "A"] + (["12"] if kind == "visits" else ["1", "12"])
    f = write(tmp_path / "t.csv", cols, [row])
    with pytest.raises(IngestError) as e:
        parse_file("traffic", f)
    (problem,) = e.value.problems
    assert problem.row == 1 and problem.column == f"{header} ({kind})"
    assert f"in the header is not one ingest can apply to {kind}" in problem.reason
    assert "take the unit out of the header" in e.value.hint


def test_brackets_in_a_text_or_date_header_are_not_units(tmp_path):
    f = write(
        tmp_path / "t.csv",
        ["月份(YYYY-MM)", "榜单(全球/国内)", "产品(名称)", "visits"],
        [["2023-04", "global", "A", "5"]],
    )
    p = parse_file("traffic", f)
    assert p.table.column("product").to_pylist() == ["A"] and p.units == {}


def test_typed_cells_get_the_unit_too(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["month", "list", "product", "访问量(万)"])
    wb.active.append(["2023-04", "global", "A", 1957])  # a number cell, not text
    wb.active.append(["2023-04", "global", "B", 12.5])
    wb.save(tmp_path / "t.xlsx")
    assert parse_file("traffic", tmp_path / "t.xlsx").table.column("visits").to_pylist() == [19_570_000, 125_000]
    pq.write_table(
        pa.table({"month": ["2023-04"], "list": ["global"], "product": ["A"], "visits (M)": [1.5]}),
        tmp_path / "t.parquet",
    )
    assert parse_file("traffic", tmp_path / "t.parquet").table.column("visits").to_pylist() == [1_500_000]


def test_the_header_unit_changes_the_fingerprint_with_the_file(tmp_path):
    a = parse_file(
        "traffic",
        write(tmp_path / "a.csv", ["month", "list", "product", "访问量(万)"], [["2023-04", "global", "A", "2"]]),
    )
    b = parse_file(
        "traffic", write(tmp_path / "b.csv", ["month", "list", "product", "访问量"], [["2023-04", "global", "A", "2"]])
    )
    assert a.sha256 != b.sha256 and a.table.column("visits").to_pylist() == [20_000]
