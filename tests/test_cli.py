"""The command line: thin commands over the library, one red line per error."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from aimonthly.cli import app

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(map(str, args)), env={"COLUMNS": "200", "NO_COLOR": "1", **(env or {})})


def test_ingest_prints_a_summary_and_is_idempotent(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("月份,榜单,产品,访问量,备注\n2024-06,全球,A,1.2亿,x\n", encoding="utf-8")
    wh = tmp_path / "w.duckdb"
    first = run("ingest", "traffic", f, "-w", wh)
    assert first.exit_code == 0, first.output
    assert "t.csv: added 1 traffic row as batch 1" in first.output and "ignored columns: 备注" in first.output
    again = run("ingest", "traffic", f, "-w", wh)
    assert "unchanged" in again.output
    status = run("status", "-w", wh)
    assert "traffic" in status.output and "2024-06" in status.output


def test_rejected_file_is_one_error_without_traceback(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("month,list,product,visits\n2024-06,global,A,lots\n", encoding="utf-8")
    r = run("ingest", "traffic", f, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1
    assert "Error: bad.csv: rejected (1 problem); nothing was written" in r.output
    assert "row 2, column visits: 'lots' is not a number" in r.output
    assert "Traceback" not in r.output


def test_debug_shows_the_traceback(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("month,list,product,visits\n2024-06,global,A,lots\n", encoding="utf-8")
    r = run("--debug", "ingest", "traffic", f, "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and r.exception is not None and type(r.exception).__name__ == "IngestError"


def test_map_and_fill_options(tmp_path):
    f = tmp_path / "v.csv"
    f.write_text("工具名稱,每月訪問量\nAlpha,5M\n", encoding="utf-8")
    r = run(
        "ingest",
        "traffic",
        f,
        "--month",
        "2024-06",
        "--list",
        "出海",
        "--map",
        "product=工具名稱",
        "--map",
        "visits=每月訪問量",
        "-w",
        tmp_path / "w.duckdb",
    )
    assert r.exit_code == 0, r.output
    facts = run("facts", "2024-06", "-w", tmp_path / "w.duckdb")
    data = json.loads(facts.output)
    assert data["traffic"]["overseas"]["top_visits"][0] == {
        "rank": 1,
        "product": "Alpha",
        "company": None,
        "category": None,
        "visits": 5_000_000,
        "mom": None,
    }


def test_bad_map_syntax(tmp_path):
    r = run("ingest", "traffic", tmp_path / "x.csv", "--map", "visits", "-w", tmp_path / "w.duckdb")
    assert r.exit_code == 1 and "write it as canonical=HEADER" in r.output


def test_missing_warehouse_is_clear(tmp_path):
    r = run("status", "-w", tmp_path / "none.duckdb")
    assert r.exit_code == 1 and "no warehouse at" in r.output


def test_settings_layering_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aimonthly.toml").write_text('warehouse = "from-file.duckdb"\ntop_n = 10\n', encoding="utf-8")
    r = run("config", env={"AIMONTHLY_TOP_N": "15"})
    assert "from-file.duckdb" in r.output and "aimonthly.toml" in r.output
    assert "15" in r.output and "$AIMONTHLY_TOP_N" in r.output


def test_report_and_new(demo_warehouse, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = run("new", "2024-04")  # no content yet: from the bundled default
    assert r.exit_code == 0, r.output
    assert (tmp_path / "content" / "2024-04.md").is_file()
    r = run("report", "2024-04", "--formats", "json,html", "--out", tmp_path / "out", "-w", demo_warehouse, "--timings")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "facts.json").is_file() and (tmp_path / "out" / "report.html").is_file()
    assert not (tmp_path / "out" / "report.pdf").exists()
    assert "facts" in r.output and "total" in r.output
    r = run("new", "2024-05")
    text = (tmp_path / "content" / "2024-05.md").read_text(encoding="utf-8")
    assert "date: 2024-06-10" in text and "data_date: 2024-06-09" in text
    assert "n-c7366b17" not in text and "  pin: []" in text and "  drop: []" in text  # last month's ids are gone
    assert run("new", "2024-05").exit_code == 1  # exists: no silent overwrite


def test_unknown_format_is_named(demo_warehouse, tmp_path):
    r = run("report", "2024-04", "--formats", "pdf,pptx", "-w", demo_warehouse, "--out", tmp_path)
    assert r.exit_code == 1 and "formats = 'pptx' must be one of 'pdf'" in r.output


@pytest.mark.parametrize("month", ["April", "2024-13", "24-04"])
def test_bad_month_is_named(demo_warehouse, month, tmp_path):
    r = run("facts", month, "-w", demo_warehouse)
    assert r.exit_code == 1 and "is not a month" in r.output


HEAVY = (
    "pydantic",
    "ibis",
    "duckdb",
    "matplotlib",
    "pyarrow",
    "pandas",
    "numpy",
    "typst",
    "openpyxl",
    "docx",
    "jinja2",
)


def imported_by(args: list[str]) -> list[str]:
    """The heavy libraries a CLI run imports (in a new interpreter: nothing imported before)."""
    import subprocess
    import sys

    code = (
        f"import sys; sys.argv = ['aimonthly', *{args!r}]; from aimonthly.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"print('MODULES', sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return eval(out.rsplit("MODULES", 1)[1])


def test_help_stays_light():
    """`aimonthly --help` imports no settings validation (pydantic), no engine and no renderer: it must stay fast."""
    assert imported_by(["--help"]) == []
    assert imported_by(["report", "--help"]) == ["pydantic"]  # typer reads a command's options through pydantic


def test_status_imports_only_the_engine_and_the_settings(demo_warehouse):
    """`aimonthly status` reads the warehouse (DuckDB) with the settings (pydantic): no Arrow, Ibis or charts."""
    assert imported_by(["status", "-w", str(demo_warehouse)]) == ["duckdb", "pydantic"]


@pytest.mark.slow
def test_demo_folder_is_a_project_and_its_check_finds_no_error(tmp_path, monkeypatch):
    """`aimonthly demo` leaves an aimonthly.toml naming its warehouse: `aimonthly check 2024-04` run in the
    folder reads the demo, and finds no error (issue 11: the demo's data passes its own check)."""
    r = runner.invoke(app, ["demo", "--dir", str(tmp_path / "demo")])
    assert r.exit_code == 0, r.output
    assert "check 2024-04: 0 errors" in r.output and "aimonthly check 2024-04" in r.output
    monkeypatch.chdir(tmp_path / "demo")
    r = runner.invoke(app, ["check", "2024-04", "--strict"])
    assert r.exit_code == 0, r.output
    assert "check 2024-04: 0 errors" in r.output
