"""The command line on the second month (issue 12, points 8–14), each through the CLI runner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.demo import DEMO_MONTH, content_dir
from aimonthly.warehouse import Warehouse

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1", **(env or {})})


def write(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8", title: str | None = None) -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        if title is not None:
            f.write(title + "\n")
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def traffic(month: str, visits: list[int], lst: str = "global") -> list[list]:
    return [[month, lst, f"P{i}", v] for i, v in enumerate(visits)]


# -- 8. --month gets the column's checks ---------------------------------------------------------


def test_a_future_month_in_the_flag_is_rejected_like_one_in_the_column(tmp_path):
    f = write(tmp_path / "t.csv", ["list", "product", "visits"], [["global", "A", 1]])
    r = run("ingest", "traffic", f, "--month", "2999-01", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "column --month: 2999-01 is in the future" in r.output
    assert "check the year" in r.output
    col = write(tmp_path / "c.csv", ["month", "list", "product", "visits"], [["2999-01", "global", "A", 1]])
    r2 = run("ingest", "traffic", col, "-w", tmp_path / "w.duckdb")
    assert r2.exit_code == 1 and "2999-01 is in the future" in r2.output
    assert run("ingest", "traffic", f, "--month", "2023-1", "-w", tmp_path / "w.duckdb").exit_code == 0


# -- 9. batches with their scope; undo ---------------------------------------------------------------


@pytest.fixture
def three_batches(tmp_path):
    wh = tmp_path / "w.duckdb"
    a = write(tmp_path / "a.csv", ["month", "list", "product", "visits"], traffic("2023-04", [100, 90]))
    b = write(tmp_path / "b.csv", ["month", "list", "product", "visits"], traffic("2023-05", [50, 40]))
    bad = write(tmp_path / "bad.csv", ["month", "list", "product", "visits"], traffic("2023-05", [5, 4, 3]))
    ranks = write(
        tmp_path / "r.csv",
        ["date", "keyword", "app", "rank"],
        [["2023-05-10", "ai", "X", 1], ["2023-06-07", "ai", "X", 2]],
    )
    for f in (a, b, bad):
        assert run("ingest", "traffic", f, "-w", wh).exit_code == 0
    assert run("ingest", "app_ranks", ranks, "-w", wh).exit_code == 0
    return wh


def table_rows(output: str) -> dict[str, list[str]]:
    """A rich table's rows by their first cell."""
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in output.splitlines() if line.startswith("│")]
    return {r[0]: r for r in rows}


def test_batches_show_month_dates_scope_and_status(three_batches):
    r = run("batches", "-w", three_batches)
    assert r.exit_code == 0, r.output
    rows = table_rows(r.output)
    assert rows["1"][1:4] == ["traffic", "2023-04", "global"] and "current" in rows["1"]
    assert rows["2"][2] == "2023-05" and "replaced by 3" in rows["2"]
    assert rows["4"][1:4] == ["app_ranks", "2023-05-10 … 2023-06-07", "ai"]


def facts_visits(wh: Path, month: str) -> list[int]:
    data = json.loads(run("facts", month, "-w", wh).output)
    return [r["visits"] for r in data["traffic"]["global"]["top_visits"]]


def test_undo_restores_what_the_batch_replaced(three_batches):
    assert facts_visits(three_batches, "2023-05") == [5, 4, 3]
    r = run("undo", "3", "-w", three_batches)
    assert r.exit_code == 0, r.output
    assert "undid batch 3 (traffic, bad.csv): removed 3 rows; 2 rows of batch 2 are current again" in r.output
    assert facts_visits(three_batches, "2023-05") == [50, 40]
    rows = table_rows(run("batches", "traffic", "-w", three_batches).output)
    assert any(c.startswith("undone ") for c in rows["3"]) and "current" in rows["2"]
    assert "ok" in run("doctor", "-w", three_batches).output  # counts, history and keys agree after the undo


def test_undo_refuses_a_replaced_batch_and_an_unknown_one_changing_nothing(three_batches):
    with Warehouse.open(three_batches, read_only=True) as wh:
        before = wh.content_digest()
    r = run("undo", "2", "-w", three_batches)
    assert r.exit_code == 1 and "batch 2 (b.csv) cannot be undone: batch 3 replaced 2 of its rows" in r.output
    assert "undo batch 3 first" in r.output
    r = run("undo", "42", "-w", three_batches)
    assert r.exit_code == 1 and "no batch 42" in r.output and "batches run from 1 to 4" in r.output
    with Warehouse.open(three_batches, read_only=True) as wh:
        assert wh.content_digest() == before


def test_undo_is_one_transaction(three_batches, monkeypatch):
    """A failure half-way (after the rows were restored and deleted) leaves the warehouse as it was."""
    import aimonthly.warehouse.history as history

    with Warehouse.open(three_batches, read_only=True) as wh:
        before = wh.content_digest()
    monkeypatch.setattr(history, "UNDONE_DDL", "CREATE TABLE IF NOT EXISTS undone_batches (x INTEGER)")  # insert fails
    r = run("undo", "3", "-w", three_batches)
    assert r.exit_code == 1 and "nothing was changed" in r.output
    with Warehouse.open(three_batches, read_only=True) as wh:
        assert wh.content_digest() == before


def test_the_parquet_copy_follows_an_undo(three_batches, tmp_path):
    import pyarrow.parquet as pq

    from aimonthly.warehouse.backends import refresh_parquet

    folder = tmp_path / "pq"
    refresh_parquet(three_batches, folder)
    assert pq.read_table(folder / "traffic.parquet").num_rows == 5
    assert run("undo", "3", "-w", three_batches).exit_code == 0
    assert refresh_parquet(three_batches, folder) is True
    assert pq.read_table(folder / "traffic.parquet").num_rows == 4


# -- 10. 2024-5 is 2024-05 -------------------------------------------------------------------------


def test_a_one_digit_month_is_read_as_two_digits(demo_warehouse, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("report", "2024-5", "-w", demo_warehouse, "--formats", "json")
    assert r.exit_code == 1 and "aimonthly new 2024-05" in r.output and "2024-5.md" not in r.output
    assert run("new", "2024-4").exit_code == 0 and (tmp_path / "content" / "2024-04.md").is_file()
    r = run("report", "2024-4", "-w", demo_warehouse, "--formats", "json", "--out", tmp_path / "o")
    assert r.exit_code == 0, r.output
    assert json.loads((tmp_path / "o" / "facts.json").read_text(encoding="utf-8"))["month"] == "2024-04"
    assert json.loads(run("facts", "2024-4", "-w", demo_warehouse).output)["month"] == "2024-04"
    assert run("ratings", "list", "--month", "2024-4", "-w", demo_warehouse).exit_code == 0


# -- 11. did you mean ---------------------------------------------------------------------------------


def test_unknown_names_get_the_closest_first(tmp_path):
    f = write(tmp_path / "t.csv", ["month", "list", "product", "visits"], traffic("2023-04", [1]))
    r = run("ingest", "trafic", f, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "unknown dataset 'trafic'; did you mean traffic?" in r.output
    assert not (tmp_path / "w.duckdb").exists()  # failed before anything was opened
    assert run("ingest", "traffic", f, "-w", tmp_path / "w.duckdb").exit_code == 0
    r = run("batches", "trafic", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "did you mean traffic?" in r.output
    r = run("ingest", "traffic", f, "--map", "visit=访问量", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "has no column 'visit'; did you mean visits" in r.output
    r = run("report", "2023-04", "--formats", "pdf,htm", "-w", tmp_path / "w.duckdb", "--content", tmp_path / "none.md")
    assert r.exit_code == 1 and "did you mean 'html'?" in r.output


def test_an_unknown_block_names_the_three_closest_first(tmp_path, demo_settings):
    from aimonthly.pipeline import build_report
    from aimonthly.content.errors import ContentError

    text = (content_dir() / f"{DEMO_MONTH}.md").read_text(encoding="utf-8")
    bad = tmp_path / f"{DEMO_MONTH}.md"
    bad.write_text(text.replace("{{ traffic.global.top_growth }}", "{{ traffic.globl.top_growth }}"), encoding="utf-8")
    with pytest.raises(ContentError) as e:
        build_report(demo_settings, DEMO_MONTH, formats=["json"], content_file=bad, out_dir=tmp_path / "o")
    message = str(e.value)
    assert "unknown block {{ traffic.globl.top_growth }}; did you mean traffic.global.top_growth, " in message
    assert message.count("traffic.") == 4  # the name and three suggestions; the full list is in the hint
    assert "known blocks (" in e.value.hint and "news.overseas" in e.value.hint


# -- 12. absent columns: not the demo's, once -----------------------------------------------------------


def test_absent_optional_columns_leave_out_synthetic_and_are_said_once(tmp_path):
    a = write(tmp_path / "a.csv", ["month", "list", "product", "visits"], traffic("2023-04", [1]))
    b = write(tmp_path / "b.csv", ["month", "list", "product", "visits"], traffic("2023-05", [2]))
    r = run("ingest", "traffic", a, b, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 0, r.output
    assert "synthetic" not in r.output
    assert r.output.count("absent optional columns: company, category, avg_visit_duration") == 1


# -- 13. nothing left by a failed report; unpriced ratings ------------------------------------------------


def test_a_failed_report_in_an_empty_folder_creates_nothing(tmp_path, monkeypatch, demo_warehouse):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    text = (content_dir() / f"{DEMO_MONTH}.md").read_text(encoding="utf-8")
    (tmp_path / "content" / f"{DEMO_MONTH}.md").write_text(
        text.replace("{{ capex.text }}", "{{ capex.txt }}"), encoding="utf-8"
    )
    r = run("report", DEMO_MONTH, "-w", demo_warehouse, "--formats", "json")
    assert r.exit_code == 1 and "unknown block" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # no reports/ left behind


def test_backtest_says_when_a_code_has_no_prices(demo_report, demo_settings):
    r = run("ratings", "backtest", "-w", demo_settings.path("warehouse"))
    assert r.exit_code == 0, r.output
    row = next(line for line in r.output.splitlines() if "电子" in line and "买入" in line)
    assert "pending (no prices for 801080.SI)" in row
    assert "no prices at all for 801080.SI (电子)" in r.output
    assert "no prices" not in next(line for line in r.output.splitlines() if "计算机" in line)


# -- 14. title rows above the header ----------------------------------------------------------------------


def test_a_one_cell_title_line_is_skipped_and_said(tmp_path):
    f = write(
        tmp_path / "t.csv",
        ["month", "list", "product", "visits"],
        traffic("2023-04", [7, 6]),
        title="AI 产品访问量榜（2023 年 4 月）",
    )
    r = run("ingest", "traffic", f, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 0, r.output
    assert "skipped 1 title line above the header" in r.output
    assert facts_visits(tmp_path / "w.duckdb", "2023-04") == [7, 6]


def test_a_title_row_with_cells_is_named_with_skip_rows(tmp_path):
    f = write(
        tmp_path / "t.csv",
        ["month", "list", "product", "visits"],
        traffic("2023-04", [7, 6]),
        title="数据来源：示例,2023 年 4 月,,",
    )
    r = run("ingest", "traffic", f, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "row 2 names them" in r.output and "--skip-rows 1" in r.output
    assert "--map" not in r.output
    wide = write(
        tmp_path / "w.csv",
        ["month", "list", "product", "visits"],
        traffic("2023-04", [7, 6]),
        title="来源：示例,2023 年 4 月",
    )
    r = run("ingest", "traffic", wide, "-w", tmp_path / "w.duckdb")  # narrower than the rows: found and skipped
    assert r.exit_code == 0 and "skipped 1 title line" in r.output, r.output
    for path in (f, wide):
        ok = run("ingest", "traffic", path, "--skip-rows", "1", "-w", tmp_path / "w.duckdb")
        assert ok.exit_code == 0, ok.output
    assert facts_visits(tmp_path / "w.duckdb", "2023-04") == [7, 6]


def test_skip_rows_in_a_workbook_and_row_numbers_in_errors(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["来源", "示例"])  # two cells: read as the header without --skip-rows
    ws.append(["month", "list", "product", "visits"])
    ws.append(["2023-04", "global", "A", "many"])
    wb.save(tmp_path / "t.xlsx")
    r = run("ingest", "traffic", tmp_path / "t.xlsx", "--skip-rows", "1", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "row 3, column visits: 'many' is not a number" in r.output
    r = run("ingest", "traffic", tmp_path / "t.xlsx", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "--skip-rows 1" in r.output
