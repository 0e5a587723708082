"""``aimonthly run``: the whole month from a generated inbox, loopback feeds and a cninfo stub, then
a second run that changes nothing; the dry run; the run lock; the log; the exit codes."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import types

import pandas as pd
import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.cycle import run as run_module
from aimonthly.cycle.lock import RunLock, RunLocked
from aimonthly.cycle.run import fetch_window, run_month
from aimonthly.cycle.steps import StepResult
from aimonthly.warehouse import Warehouse
from cycle_kit import MONTH, FeedServer, feeds_toml, make_inbox, project, stub_akshare
from faultkit import Child, copy_warehouse

TODAY = "2024-06-10"
# cninfo's answers: 300418 on 05-13 is a day the inbox's announcements file already covers
CNINFO = {
    "300418": [
        ("2024-05-13", "昆仑万维", "投资者关系活动记录表（业绩说明会）"),
        ("2024-05-24", "昆仑万维", "投资者关系活动记录表（机构调研）"),
    ],
    "002558": [("2024-05-20", "巨人网络", "投资者关系活动记录表（电话会议）")],
}
TOML = (
    'warehouse = "warehouse.duckdb"\nformats = "json,html"\n[house.fetch]\nannouncement_codes = ["300418", "002558.SZ"]\n'
    "[house.inbox]\nsettle_seconds = 0.1\n"  # the generated files are whole: no need to watch them 5 s
)


NEWS = [f"news-{feed}-20240501-20240609.jsonl" for feed in ("dup", "overseas", "tech")]  # a file per feed


def cli(*args):
    return CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1"})


def flat(text: str) -> str:
    return " ".join(text.split())


def step_line(output: str, name: str) -> str:
    return next(flat(line) for line in output.splitlines() if line.strip().startswith(name + " "))


def digest(path) -> str:
    with Warehouse.open(path, read_only=True) as wh:
        return wh.content_digest()


@pytest.fixture
def desk(tmp_path, demo_warehouse, monkeypatch):
    root = tmp_path / "desk"
    root.mkdir()
    copy_warehouse(demo_warehouse, root / "warehouse.duckdb")
    box = make_inbox(root / "inbox", demo_warehouse)
    ak = stub_akshare(CNINFO)
    monkeypatch.setitem(sys.modules, "akshare", ak)
    monkeypatch.chdir(root)
    with FeedServer() as server:
        (root / "aimonthly.toml").write_text(TOML + feeds_toml(server), encoding="utf-8")
        yield types.SimpleNamespace(root=root, box=box, server=server, ak=ak, wh=root / "warehouse.duckdb")


@pytest.mark.slow
def test_the_whole_month_then_a_second_run_that_changes_nothing(desk, monkeypatch):
    import aimonthly.pipeline as pipeline

    root, box = desk.root, desk.box
    checks = []
    real_check = pipeline.run_check
    monkeypatch.setattr(pipeline, "run_check", lambda *a, **k: checks.append(1) or real_check(*a, **k))
    first = cli("run", MONTH, "--today", TODAY)
    out = first.output
    assert first.exit_code == 1, out  # a rejected file and two failing feeds: the scheduler must hear of it
    assert step_line(out, "inbox").startswith("inbox failed")
    assert "11 files: 8 ingested (7 added, 1 replaced), 1 rejected, 2 unrecognised" in step_line(out, "inbox")
    assert "stock_closes_late.csv: stock_prices by its header, rejected: row 2, column 收盘价 (close)" in flat(out)
    assert "notes.csv: unrecognised, left in the inbox" in out and "README.md: unrecognised" in out
    news = re.search(
        r"3 of 5 feeds read for 2024-05-01\.\.2024-06-09: 5 new items ingested as batch \d+, \d+, (\d+)",
        step_line(out, "fetch-news"),
    )
    assert news, step_line(out, "fetch-news")  # a batch per feed, after the demo's and the inbox's
    assert "slow: failed: timed out after 0.5 s" in out and "broken: failed: not a readable RSS/Atom feed" in out
    batch = int(news.group(1)) + 1
    assert f"3 fetched: 2 new, added as batch {batch}; 1 skipped" in step_line(out, "fetch-announcements")
    assert step_line(out, "fetch-prices").endswith("[fetch] prices is off")
    assert "wrote content/2024-05.md from the bundled 2024-04.md" in step_line(out, "new")
    assert re.fullmatch(r"check (done|warning) \S+ s \d+ errors?, \d+ warnings?, \d+ notes?.*", step_line(out, "check"))
    assert "built reports/2024-05: facts.json, report.html" in step_line(out, "report")
    assert len(checks) == 1  # the report was built from the check step's facts and findings
    assert "failed: inbox, fetch-news; the report was built from the data at hand (exit 1," in flat(out)

    # every file where the rule says
    done = root / "inbox" / "done" / MONTH
    for name, what in box.expected.items():
        if what == "unrecognised":
            assert (root / "inbox" / name).is_file()
        elif what.startswith("rejected"):
            assert (root / "inbox" / "rejected" / name).is_file() and not (root / "inbox" / name).exists()
            text = (root / "inbox" / "rejected" / f"{name}.error.txt").read_text(encoding="utf-8")
            assert "row 2, column 收盘价 (close): is empty; a value is required" in text
            assert "row 3, column 日期 (date): '2024-06-31' is not a date" in text
        else:
            assert (done / name).is_file() and not (root / "inbox" / name).exists()
    assert sorted(p.name for p in done.glob("*-20240501-*")) == ["announcements-cninfo-20240501-20240609.csv", *NEWS]
    # each file's rows as its batch, by the generator's own count
    with Warehouse.open(desk.wh, read_only=True) as wh:
        batches = {b["file_name"]: b for b in wh.batches().to_pylist()}
        ann = wh.ibis().table("announcements").to_pandas()
    for name, what in box.expected.items():
        if what in ("unrecognised",) or what.startswith("rejected"):
            assert name not in batches
        else:
            assert (batches[name]["dataset"], batches[name]["rows"]) == (what, box.rows[name])
    assert [batches[n]["rows"] for n in NEWS] == [1, 2, 3]  # dup 1, overseas 2, tech 2 new and 1 carried
    assert set(ann[pd.to_datetime(ann.date) >= "2024-05-01"].content) >= {
        "投资者关系活动记录表（机构调研）",
        "投资者关系活动记录表（电话会议）",
    }
    assert "投资者关系活动记录表（业绩说明会）" not in set(ann.content)  # the inbox's row of that day stays
    assert [c[1:] for c in desk.ak.calls] == [("300418", "20240501", "20240609"), ("002558", "20240501", "20240609")]

    # the report: built from this month's generated data
    facts = json.loads((root / "reports" / MONTH / "facts.json").read_text(encoding="utf-8"))
    raw = pd.read_csv(done / "similarweb_202405.csv", encoding="gbk")
    top = raw[raw["榜单"] == "全球"].sort_values("访问量", ascending=False).iloc[0]
    assert facts["traffic"]["global"]["top_visits"][0]["product"] == top["产品"]
    assert facts["traffic"]["global"]["top_visits"][0]["visits"] == int(top["访问量"])

    # the log: every step with its time, and the outcome
    log = (root / "logs" / f"{MONTH}.log").read_text(encoding="utf-8")
    for name in ("inbox", "fetch-news", "fetch-announcements", "fetch-prices", "check", "new", "report"):
        assert re.search(rf"^\S+ \S+ \[{name}\] \w+ in \d+\.\d\d s: ", log, re.M), name
    assert re.search(r"\[inbox\]   stock_closes_late.csv: row 3, column 日期 \(date\)", log)
    assert re.search(r"run 2024-05 ended in \d+\.\d\d s, exit 1: failed: inbox, fetch-news", log)

    # the second run: nothing new anywhere; the failing feeds still fail
    before = digest(desk.wh)
    report_files = {p: p.stat().st_mtime_ns for p in (root / "reports" / MONTH).iterdir()}
    second = cli("run", MONTH, "--today", TODAY)
    assert second.exit_code == 1, second.output
    assert "2 files: 0 ingested, 2 unrecognised" in step_line(second.output, "inbox")
    assert "no new items; 2 failed" in step_line(second.output, "fetch-news")
    assert "overseas: not modified" in (root / "logs" / f"{MONTH}.log").read_text(encoding="utf-8")
    assert "3 fetched, none new" in step_line(second.output, "fetch-announcements")
    assert step_line(second.output, "new").startswith("new unchanged")
    assert "is up to date: nothing it depends on changed since" in step_line(second.output, "report")
    assert digest(desk.wh) == before
    assert {p: p.stat().st_mtime_ns for p in (root / "reports" / MONTH).iterdir()} == report_files
    assert sorted(p.name for p in done.iterdir()) == sorted(
        [
            n
            for n, w in box.expected.items()
            if w in {"traffic", "app_ranks", "index_prices", "stock_prices", "capex", "announcements", "news"}
        ]
        + ["announcements-cninfo-20240501-20240609.csv", *NEWS]
    )

    # the desk tidies up: no failing feeds, no stray files; now the run has nothing to do and says so
    (root / "aimonthly.toml").write_text(TOML + feeds_toml(desk.server, failing=False), encoding="utf-8")
    (root / "inbox" / "notes.csv").unlink()
    (root / "inbox" / "README.md").unlink()
    third = cli("run", MONTH, "--today", TODAY)
    assert third.exit_code == 0, third.output
    assert "nothing new: no file, feed item or fetched row changed the warehouse, and the report is up to date" in flat(
        third.output
    )
    assert digest(desk.wh) == before


def test_dry_run_says_what_it_would_do_and_touches_nothing(desk):
    before = digest(desk.wh)
    r = cli("run", MONTH, "--dry-run", "--today", TODAY)
    assert r.exit_code == 0, r.output
    out = flat(r.output)
    assert "would ingest similarweb_202405.csv as traffic (by its header)" in out
    assert "would ingest traffic-2024-05-domestic.xlsx as traffic (by its name" in out and "'list': 'domestic'" in out
    assert "would ingest stock_closes_late.csv as stock_prices" in out  # rejection needs the full read
    assert "would leave notes.csv in the inbox: its header names no dataset's required columns" in out
    assert "would read 5 feeds for 2024-05-01..2024-06-09: tech, overseas, dup, slow, broken" in out
    assert "would fetch cninfo relation announcements of 2 codes for 2024-05-01..2024-06-09" in out
    assert "would write content/2024-05.md" in out and "would build reports/2024-05 (json, html)" in out
    assert step_line(r.output, "check").endswith("would run aimonthly check")
    assert "dry run: nothing was changed" in out
    assert digest(desk.wh) == before and desk.server.requests == [] and desk.ak.calls == []
    assert sorted(p.name for p in (desk.root / "inbox").iterdir()) == sorted(desk.box.expected)
    assert not (desk.root / "logs").exists() and not (desk.root / "content").exists()


# -- the machinery, on quick steps ---------------------------------------------------------------------


@pytest.fixture
def quick(tmp_path, monkeypatch):
    """A project whose steps are quick stand-ins around the real check step."""
    ran = []

    def step(name, status="done"):
        def fn(ctx):
            ran.append(name)
            return StepResult(name, status, f"{name} {status}")

        return fn

    check = next(s for s in run_module.STEPS if s[0] == "check")
    monkeypatch.setattr(run_module, "STEPS", (("inbox", step("inbox")), check, ("report", step("report"))))
    monkeypatch.setattr(run_module, "_check_findings", lambda settings, month, shared=None: [])  # a clean month
    monkeypatch.chdir(tmp_path)
    with project(tmp_path, 'warehouse = "w.duckdb"\n') as settings:
        yield types.SimpleNamespace(settings=settings, ran=ran, root=tmp_path, lock=tmp_path / "w.duckdb.run.lock")


@pytest.mark.parametrize(
    "findings, strict, code, check_status, report_ran",
    [
        ([], True, 0, "done", True),
        ([("info", "a note")], True, 0, "done", True),
        ([("warning", "traffic: 3 products lost 90% of visits")], False, 0, "warning", True),
        ([("warning", "traffic: 3 products lost 90% of visits")], True, 2, "warning", True),
        ([("error", "capex: Meta 2024Q1 missing"), ("warning", "w")], False, 0, "warning", True),
        ([("error", "capex: Meta 2024Q1 missing")], True, 1, "failed", False),
    ],
)
def test_exit_codes_follow_the_check_and_strict(quick, monkeypatch, findings, strict, code, check_status, report_ran):
    found = [_Finding(s, t) for s, t in findings]
    monkeypatch.setattr(run_module, "_check_findings", lambda settings, month, shared=None: found)
    result = run_month(quick.settings, MONTH, strict=strict, today=dt.date(2024, 6, 10))
    assert result.exit_code == code
    check = next(s for s in result.steps if s.name == "check")
    assert check.status == check_status and ("report" in quick.ran) == report_ran
    if not report_ran:
        assert result.steps[-1].summary == "not run: check stopped the run"
    if findings:
        assert all(f"{s}: {t}" in check.notes for s, t in findings if s != "info")
    if code == 0:  # the stand-in steps change nothing
        assert result.outcome.startswith("nothing new: ") and result.nothing_new
        assert result.outcome.endswith("; see the warnings above") == (check_status == "warning")


class _Finding:
    def __init__(self, severity, text):
        self.severity, self.text = severity, text

    def __str__(self):
        return self.text


def test_cli_exit_code_2_reaches_the_shell(quick, monkeypatch):
    monkeypatch.setattr(run_module, "_check_findings", lambda s, m, shared=None: [_Finding("warning", "a gap")])
    r = cli("run", MONTH, "--strict", "--today", TODAY)
    assert r.exit_code == 2 and "built, with check warnings (--strict) (exit 2," in flat(r.output)


def test_a_second_run_is_refused_while_one_holds_the_lock(quick):
    with RunLock(quick.lock):
        with pytest.raises(RunLocked, match=r"another aimonthly run is in progress \(pid \d+ on "):
            run_month(quick.settings, MONTH)
        r = cli("run", MONTH)
        assert (
            r.exit_code == 1
            and "another aimonthly run is in progress" in flat(r.output)
            and "wait for it" in flat(r.output)
        )
    assert quick.ran == []
    assert "refused" in (quick.root / "logs" / f"{MONTH}.log").read_text(encoding="utf-8")
    assert run_month(quick.settings, MONTH).exit_code == 0 and quick.ran == ["inbox", "report"]


def test_a_killed_run_leaves_no_lock_behind_only_a_note(quick, tmp_path):
    child = Child(
        tmp_path / "killed",
        "from aimonthly.cycle.lock import RunLock\nRunLock(sys.argv[1]).acquire()\npause()\n",
        quick.lock,
    )
    child.wait_for(child.paused)
    with pytest.raises(RunLocked, match=f"pid {child.pid} "):
        run_month(quick.settings, MONTH)
    child.kill()
    result = run_month(quick.settings, MONTH)
    assert result.exit_code == 0
    assert f"the previous run (pid {child.pid} on" in result.stale_lock and "no longer running" in result.stale_lock
    assert "note: the previous run" in (quick.root / "logs" / f"{MONTH}.log").read_text(encoding="utf-8")
    assert quick.lock.read_text() == ""  # released cleanly this time
    assert run_month(quick.settings, MONTH).stale_lock is None


def test_an_unexpected_error_fails_its_step_logs_the_traceback_and_the_run_goes_on(quick, monkeypatch):
    def broken(ctx):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(run_module, "STEPS", (("inbox", broken), *run_module.STEPS[1:]))
    result = run_month(quick.settings, MONTH)
    assert result.exit_code == 1 and result.steps[0].summary == "unexpected error: ZeroDivisionError: division by zero"
    assert quick.ran == ["report"]
    log = (quick.root / "logs" / f"{MONTH}.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "[inbox] failed in" in log


def test_the_fetch_window(tmp_path):
    with project(tmp_path, "") as s:
        assert fetch_window(s, "2024-05", dt.date(2024, 6, 10)) == (dt.date(2024, 5, 1), dt.date(2024, 6, 9))
        assert fetch_window(s, "2024-05", dt.date(2024, 9, 1)) == (dt.date(2024, 5, 1), dt.date(2024, 6, 30))
        (tmp_path / "content").mkdir()
        (tmp_path / "content" / "2024-05.md").write_text("---\ndata_date: 2024-06-07\n---\n# x\n", encoding="utf-8")
        assert fetch_window(s, "2024-05", dt.date(2024, 9, 1)) == (dt.date(2024, 5, 1), dt.date(2024, 6, 7))


def test_a_bad_month_is_one_red_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("run", "2024-13")
    assert r.exit_code == 1 and "is not a month" in r.output and not (tmp_path / "logs").exists()
    assert "aimonthly run 2024-05 (dry run)" in cli("run", "2024-5", "--dry-run").output  # read as 2024-05 (issue 12)
