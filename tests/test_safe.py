"""aimonthly.core.safe and its users, one piece at a time: which characters go, how every workbook the
project writes keeps text as text (reopened with openpyxl), and how charts take names from data."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl
import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.analytics.ratings import Backtest, BacktestRow, Outcome
from aimonthly.core.ratings import Rating
from aimonthly.render.tables_xlsx import write_tables
from aimonthly.core.safe import FORMULA_START, MAX_CELL_CHARS, REMOVED, printable, printable_tree, write_cell
from hostile import CORPUS, LONG_NAME

STRINGS = [s for _, s in CORPUS]


def test_the_corpus_covers_what_the_issue_lists():
    assert len(CORPUS) >= 40 and len({label for label, _ in CORPUS}) == len(CORPUS)
    starts = {s[0] for s in STRINGS}
    assert set(FORMULA_START) - {"\n"} <= starts  # =, +, -, @, tab and CR
    for needle in (
        "#read(",
        "#import",
        "]",
        "$",
        "@fig",
        "<evil-label>",
        "<script>",
        "onerror=",
        "onload=",
        "javascript:",
        "data:text/html",
        "{{",
        "{%",
        "](",
        "</w:t>",
        "\x00",
        "\u202e",
        "\u200d",
        "\x1b",
    ):
        assert any(needle in s for s in STRINGS), needle
    assert LONG_NAME in STRINGS and len(LONG_NAME) == 10_000
    assert any(unicodedata.category(ch) == "So" and ord(ch) > 0x1F000 for s in STRINGS for ch in s)  # emoji
    assert any(0x20000 <= ord(ch) <= 0x323AF for s in STRINGS for ch in s)  # CJK beyond the BMP


def test_printable_removes_exactly_the_listed_characters():
    every = "".join(map(chr, range(0x10000)))
    gone = set(every) - set(printable(every))
    assert gone == {ch for ch in every if REMOVED.fullmatch(ch)}
    assert {"\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u2066", "\ufffe"} <= gone
    assert not {"\t", "\n", "\r", "\u200b", "\u200d", "\ufeff", "\u2028", "中", "é"} & gone
    assert printable("invoice\u202egnp.exe") == "invoicegnp.exe" and printable("A\x00B") == "AB"


def test_printable_tree_reaches_every_string_and_keeps_the_rest():
    from aimonthly.report.model import Chart, DataTable, Paragraph, Run

    tree = (
        Paragraph((Run("a\x00b", bold=True),)),
        DataTable(("c\x01",), ((1, 2.5, None, "d\u202e"),)),
        Chart(svg="<svg>\x07</svg>", png=b"\x00\x01"),
        {"k": ["e\x1b"]},
    )
    p, t, c, d = printable_tree(tree)
    assert p.runs[0] == Run("ab", bold=True) and t == DataTable(("c",), ((1, 2.5, None, "d"),))
    assert c.svg == "<svg></svg>" and c.png == b"\x00\x01" and d == {"k": ["e"]}


# -- workbooks -----------------------------------------------------------------------------------


def reopen(wb: openpyxl.Workbook, tmp_path):
    wb.save(tmp_path / "w.xlsx")
    return openpyxl.load_workbook(tmp_path / "w.xlsx").active


def test_write_cell_keeps_every_string_text_and_numbers_numbers(tmp_path):
    prefixed = ["=1+2", "+1", "-1", "@A1", "\t=1", "\r=1", "\n=1", '=HYPERLINK("http://evil.example","x")']
    values = [
        *STRINGS,
        *prefixed,
        0,
        -3,
        2.5,
        10**15,
        float("nan"),
        float("inf"),
        True,
        None,
        dt.date(2024, 5, 7),
        dt.datetime(2024, 5, 7, 9, 30),
        "x" * (MAX_CELL_CHARS + 10),
        "2024-04-01",
        "1e5",
    ]
    wb = openpyxl.Workbook()
    for i, v in enumerate(values, 1):
        write_cell(wb.active, i, 1, v)
    ws = reopen(wb, tmp_path)
    got = [ws.cell(i, 1) for i in range(1, len(values) + 1)]
    assert not [c.coordinate for c in got if c.data_type == "f"]
    for v, c in zip(values, got):
        if isinstance(v, str):
            text = printable(v)
            want = text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"
            assert (c.data_type, c.value) == ("s", want or None), repr(v)[:40]
            assert c.quotePrefix == want.startswith(FORMULA_START), repr(v)[:40]
    assert [c.value for c in got[len(STRINGS) + len(prefixed) :][:8]] == [0, -3, 2.5, 10**15, None, None, True, None]
    assert all(got[i].data_type == "n" for i in range(len(STRINGS) + len(prefixed), len(STRINGS) + len(prefixed) + 4))
    assert isinstance(got[-5].value, dt.datetime) and got[-2].value == "2024-04-01" and got[-1].value == "1e5"


def test_the_ratings_backtest_workbook_keeps_text(tmp_path):
    outcome = Outcome(3, dt.date(2024, 8, 10), "hit", dt.date(2024, 5, 10), dt.date(2024, 8, 9), 0.2, 0.05, 0.15)
    rows = tuple(
        BacktestRow(
            Rating("2024-04", dt.date(2024, 5, 10), "stock", s, "=1+2", "买入", "@SUM(A1)"), (0.15, None), (outcome,)
        )
        for s in STRINGS
    )
    bt = Backtest("000300.SH", (3,), dt.date(2024, 9, 1), rows, ("买入",))
    path = write_tables(bt.tables(), tmp_path / "bt.xlsx")
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    ws = wb["backtest"]
    assert [ws.cell(i, 4).value for i in range(2, len(STRINGS) + 2)] == [printable(s) for s in STRINGS]
    assert ws.cell(2, 5).value == "=1+2" and ws.cell(2, 5).quotePrefix and ws.cell(2, 7).value == "@SUM(A1)"
    assert ws.cell(2, 15).value == 0.2 and ws.cell(2, 15).data_type == "n"


def test_the_data_pack_keeps_a_product_named_like_a_date_as_text(tmp_path):
    from dataclasses import replace

    from aimonthly.render.xlsx import write_xlsx
    from aimonthly.report.model import DataTable
    from sample_document import sample_document

    doc = sample_document()
    top = doc.body[0].blocks[0].blocks[1]
    top = replace(top, data=DataTable(("rank", "product", "date"), ((1, "2024-04-01", "2024-04-02"),)))
    section = replace(doc.body[0].blocks[0], blocks=(doc.body[0].blocks[0].blocks[0], top))
    doc = replace(doc, body=(replace(doc.body[0], blocks=(section,)), *doc.body[1:]))
    ws = openpyxl.load_workbook(write_xlsx(doc, tmp_path / "d.xlsx"))["图表1"]
    assert ws["B5"].value == "2024-04-01" and isinstance(ws["C5"].value, dt.datetime)  # row 4: the keys


# -- charts --------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:Glyph")
def test_chart_labels_are_text_and_clipped():
    from aimonthly import charts

    chart = charts.draw(
        charts.hbar(
            [LONG_NAME, "$\\frac{1}{0}$", "A\ufffeB\x00"], [3, 2, 1], value_labels=["3", "2", "1"], color="#8B1A1A"
        )
    )
    assert "\ufffe" not in chart.svg and "\x00" not in chart.svg  # an SVG any parser reads (Typst's refused U+FFFE)
    assert charts.label(LONG_NAME).endswith("…") and len(charts.label(LONG_NAME)) < 40
    assert charts.label("$x^2$") == "$x^2$"


# -- the command line ----------------------------------------------------------------------------


def test_the_command_line_prints_headers_from_a_file_as_plain_text(tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text(
        "month,list,product,visits,[bold red]x[/] [/],\x1b[2J\x1b]0;title\x07\n2024-04,global,A,100,1,2\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(
        app, ["ingest", "traffic", str(csv), "-w", str(tmp_path / "w.duckdb")], env={"COLUMNS": "200", "NO_COLOR": "1"}
    )
    assert r.exit_code == 0, r.output
    assert "ignored columns: [bold red]x[/] [/], [2J]0;title" in r.output and "\x1b" not in r.output
