"""aimonthly.Desk, the library's front door: the examples of docs/api.md and the README run as written,
settings are hermetic, and what a desk computes agrees with its raw rows and with the files it writes."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

import aimonthly
from aimonthly import ConfigError, Desk

ROOT = Path(__file__).resolve().parents[1]


def python_blocks(markdown: str) -> str:
    """The ```python blocks of a Markdown text, in order, as one script (a notebook run top to bottom)."""
    return "\n".join(re.findall(r"^```python\n(.*?)^```", markdown, re.S | re.M))


def run_script(code: str, cwd: Path) -> str:
    r = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


@pytest.mark.slow
def test_the_api_docs_run_as_written(tmp_path):
    """docs/api.md, cell after cell in an empty folder; the outputs its comments state are printed."""
    out = run_script(python_blocks((ROOT / "docs" / "api.md").read_text(encoding="utf-8")), tmp_path)
    lines = out.splitlines()
    assert lines[0] == f"Desk({str(tmp_path / 'demo-desk')!r})"
    for said in (
        "warehouse.duckdb",
        "check 2024-04: 0 errors, 0 warnings, 0 notes",
        "ChatGPT 1800000000",
        "['html', 'json']",
        "demo-report/facts.json",
        "added 2 rows as batch 1",
        "[('traffic', 2)]",
    ):
        assert said in lines, (said, out)
    assert any(line.startswith("month | required column is missing") for line in lines), out
    assert (tmp_path / "demo-report" / "report.html").is_file()
    assert (tmp_path / "my-desk" / "warehouse.duckdb").is_file()


@pytest.mark.slow
def test_the_readme_use_from_python_section_runs_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    code = python_blocks(section)
    assert "Desk" in code
    out = run_script(code, tmp_path).splitlines()
    assert out[:2] == ["check 2024-04: 0 errors, 0 warnings, 0 notes", "Kimi"]
    assert Path(out[2]) == tmp_path / "aimonthly-demo" / "reports" / "2024-04" / "report.html"
    assert Path(out[2]).is_file()


def test_import_aimonthly_is_cheap_and_desk_has_no_import_cycle():
    """`import aimonthly` loads no settings library or engine; `aimonthly.Desk` then imports without a cycle."""
    code = (
        "import sys, aimonthly\n"
        "light = sorted(m for m in ('pydantic', 'duckdb', 'pyarrow', 'ibis') if m in sys.modules)\n"
        "desk = aimonthly.Desk\n"
        "print(light, desk.__module__, aimonthly.IngestError.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "aimonthly.desk", "aimonthly.ingest.errors"]
    with pytest.raises(AttributeError, match="no attribute 'Dsek'"):
        aimonthly.Dsek  # noqa: B018


def test_a_folder_without_aimonthly_toml_is_not_a_desk(tmp_path):
    with pytest.raises(ConfigError, match="no desk at") as e:
        Desk(tmp_path)
    assert "Desk.init" in (e.value.hint or "")


def test_init_makes_a_desk_once(tmp_path):
    desk = Desk.init(tmp_path / "d")
    assert (tmp_path / "d" / "inbox").is_dir() and (tmp_path / "d" / "content").is_dir()
    assert desk.path == tmp_path / "d" and desk.settings.project_file == tmp_path / "d" / "aimonthly.toml"
    assert desk.settings.path("inbox_dir") == tmp_path / "d" / "inbox"
    with pytest.raises(ConfigError, match="is a desk already"):
        Desk.init(tmp_path / "d")


def test_settings_are_hermetic_unless_the_environment_is_asked_for(tmp_path, monkeypatch):
    """The environment's AIMONTHLY_* (and another project file named by AIMONTHLY_CONFIG) reach a desk only
    with env=True; a keyword beats both."""
    Desk.init(tmp_path / "d")
    (tmp_path / "d" / "aimonthly.toml").write_text('top_n = 7\nwarehouse = "w.duckdb"\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text("top_n = 3\n", encoding="utf-8")
    monkeypatch.setenv("AIMONTHLY_CONFIG", str(other))
    monkeypatch.setenv("AIMONTHLY_TOP_POOL", "31")
    monkeypatch.chdir(tmp_path)

    plain = Desk(tmp_path / "d")
    assert (plain.settings.top_n, plain.settings.top_pool) == (7, Desk.init(tmp_path / "e").settings.top_pool)
    assert plain.warehouse == tmp_path / "d" / "w.duckdb"
    with_env = Desk(tmp_path / "d", env=True)
    assert (with_env.settings.top_n, with_env.settings.top_pool) == (7, 31)  # the desk's file, not AIMONTHLY_CONFIG's
    assert with_env.settings.sources["top_pool"] == "$AIMONTHLY_TOP_POOL"
    given = Desk(tmp_path / "d", env={"AIMONTHLY_TOP_N": "9"}, top_pool=40)
    assert (given.settings.top_n, given.settings.top_pool) == (9, 40)


def test_a_read_never_creates_the_warehouse(tmp_path):
    desk = Desk.init(tmp_path / "d")
    with pytest.raises(aimonthly.WarehouseError, match="no warehouse at"):
        desk.facts("2024-05")
    assert not desk.warehouse.exists()


MONTH_FILE = """---
title: 生成的月报
sector: 测试行业
rating: 中性
report_type: 行业月报
date: 2024-06-10
analysts:
  - {name: 测试员, licence: S0000000000000}
---

# 流量

{{ traffic.global.top_visits }}
"""


def generated_traffic(rng: random.Random, month: str, products: list[str]) -> list[tuple[str, int]]:
    return [(p, rng.randrange(10_000, 500_000_000)) for p in products]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_and_report_agree_with_the_raw_rows(tmp_path, seed):
    """A generated desk (two months of one list): the facts' ranking and month-on-month change are those
    computed here from the rows, and the facts.json the report writes is what ``facts`` returns."""
    rng = random.Random(seed)
    products = [f"产品{chr(0x4E00 + rng.randrange(2000))}{i}" for i in range(rng.randrange(6, 14))]
    desk = Desk.init(tmp_path / "d")
    rows = {m: generated_traffic(rng, m, products) for m in ("2024-04", "2024-05")}
    for month, pairs in rows.items():
        f = tmp_path / "d" / "inbox" / f"traffic-{month}.csv"
        f.write_text("产品,访问量\n" + "".join(f"{p},{v}\n" for p, v in pairs), encoding="utf-8")
        batch = desk.ingest("traffic", f, month=month, list="global")
        assert (batch.status, batch.rows) == ("added", len(pairs))

    facts = desk.facts("2024-05")
    top = facts["traffic"]["global"]["top_visits"]
    expected = sorted(rows["2024-05"], key=lambda pv: -pv[1])[: len(top)]
    assert [(t["product"], t["visits"]) for t in top] == expected
    before = dict(rows["2024-04"])
    for t in top:
        assert t["mom"] == pytest.approx(t["visits"] / before[t["product"]] - 1, abs=1e-6)

    desk.content_file("2024-05").write_text(MONTH_FILE, encoding="utf-8")
    result = desk.report("2024-05", formats="json", out=tmp_path / "out")
    assert set(result.files) == {"json"}
    assert json.loads(result.files["json"].read_text(encoding="utf-8")) == facts
    assert result.check is not None and result.check.month == "2024-05"
    assert desk.check("2024-05").summary() == result.check.summary()


def test_every_public_name_is_exported():
    assert set(aimonthly.__all__) == {"AimonthlyError", "ConfigError", "StageFailed", "__version__", *aimonthly._LAZY}
    for name in aimonthly.__all__:
        assert getattr(aimonthly, name) is not None
