"""`aimonthly report MONTH --watch` (issue 16): rebuilt on every save of the Markdown or change of the
warehouse, facts and charts kept in memory while only the text changes. Every loop here is bounded."""

from __future__ import annotations

import json

import queue
import shutil
import threading
import time
from pathlib import Path

import pytest

from aimonthly.charts import batch
from aimonthly.config import load_settings
from aimonthly.demo import DEMO_MONTH, content_dir
from aimonthly.watch import Built, Rebuilder, stamp, watch_report

pytestmark = pytest.mark.slow
PARAGRAPH = "Kimi.ai 为月之暗面推出的智能助手"


@pytest.fixture()
def project(demo_warehouse, tmp_path):
    """A project of its own: a copy of the demo warehouse (builds record themselves in it) and its Markdown."""
    shutil.copy(demo_warehouse, tmp_path / "warehouse.duckdb")
    (tmp_path / "content").mkdir()
    shutil.copy(content_dir() / f"{DEMO_MONTH}.md", tmp_path / "content" / f"{DEMO_MONTH}.md")
    settings = load_settings(
        {
            "warehouse": str(tmp_path / "warehouse.duckdb"),
            "content_dir": str(tmp_path / "content"),
            "output_dir": str(tmp_path / "reports"),
            "chart_cache": "off",
        },
        env={},
    )
    return settings, tmp_path / "content" / f"{DEMO_MONTH}.md"


def rewrite(md: Path, old: str, new: str) -> None:
    text = md.read_text(encoding="utf-8")
    assert old in text
    time.sleep(0.01)  # a new modification time even on coarse clocks
    md.write_text(text.replace(old, new, 1), encoding="utf-8")


class Watching:
    """watch_report in a thread; ``next()`` waits (bounded) for its next build."""

    def __init__(self, settings, **options):
        self.builds: queue.Queue[Built] = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(
            target=watch_report,
            args=(settings, DEMO_MONTH),
            kwargs={"on_built": self.builds.put, "stop": self.stop, "poll": 0.05, **options},
        )

    def __enter__(self):
        self.thread.start()
        return self

    def next(self, timeout: float = 120) -> Built:
        return self.builds.get(timeout=timeout)

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=120)
        assert not self.thread.is_alive()


def test_a_text_edit_rebuilds_with_the_facts_and_charts_kept(project, monkeypatch):
    settings, md = project
    drawn = []
    real = batch._draw
    monkeypatch.setattr(batch, "_draw", lambda jobs, workers: drawn.append(len(jobs)) or real(jobs, workers))
    with Watching(settings) as w:
        first = w.next()
        assert first.reason == "start" and first.error is None and not first.facts_reused and drawn == [14]
        out = first.result.out_dir
        facts_json = (out / "facts.json").stat().st_mtime_ns
        pack = (out / "data.xlsx").stat().st_mtime_ns
        rewrite(md, PARAGRAPH, "月之暗面旗下的 Kimi.ai 智能助手")
        second = w.next()
        assert second.reason == "content" and second.error is None and second.facts_reused
        assert drawn == [14]  # no chart drawn again: the memory of the session had them all
        assert "月之暗面旗下的 Kimi.ai 智能助手" in (out / "report.html").read_text(encoding="utf-8")
        assert (out / "facts.json").stat().st_mtime_ns == facts_json  # the same facts: facts.json left as it was
        assert (out / "data.xlsx").stat().st_mtime_ns == pack  # the same exhibits' data: the data pack too
        assert sorted(second.result.files) == ["docx", "html", "json", "pdf", "xlsx"]
        assert "charts" in dict(second.result.timings) and "facts" not in dict(second.result.timings)
        assert "xlsx" not in dict(second.result.timings)
        rewrite(md, "{{ traffic.global.top_visits }}\n", "")  # an exhibit leaves: the numbering and the pack change
        third = w.next()
        assert third.error is None and third.facts_reused and "xlsx" in dict(third.result.timings)
        assert (out / "data.xlsx").stat().st_mtime_ns != pack
        # facts.json says what each placed sentence and exhibit claims: the exhibit's claims left with it
        assert "traffic.global.top_visits" not in json.loads((out / "facts.json").read_text(encoding="utf-8"))["claims"]


def test_a_failed_build_is_reported_and_the_next_save_builds_again(project):
    settings, md = project
    with Watching(settings, formats=["html"]) as w:
        assert w.next().error is None
        rewrite(md, "{{ traffic.global.top_visits }}", "{{ traffic.global.top_vists }}")
        failed = w.next()
        assert failed.error is not None and "top_vists" in str(failed.error) and failed.result is None
        rewrite(md, "{{ traffic.global.top_vists }}", "{{ traffic.global.top_visits }}")
        again = w.next()
        assert again.error is None and again.reason == "content"


def test_a_front_matter_or_warehouse_change_recomputes_the_facts(project):
    settings, md = project
    with Watching(settings, formats=["json"]) as w:
        assert not w.next().facts_reused
        rewrite(md, "data_date: 2024-05-09", "data_date: 2024-05-08")  # the facts depend on the front matter
        b = w.next()
        assert b.reason == "content" and not b.facts_reused and b.error is None
        from aimonthly.warehouse import Warehouse

        with Warehouse.open(settings.path("warehouse")) as wh:  # another command writes the warehouse
            wh.con.execute("CREATE TABLE touched AS SELECT 1 AS x")
        b = w.next()
        assert b.reason == "warehouse" and not b.facts_reused and b.error is None


def test_watch_stops_after_max_builds_and_stamps_missing_files(project, tmp_path):
    settings, _ = project
    assert watch_report(settings, DEMO_MONTH, formats=["json"], max_builds=1) == 1
    assert stamp([tmp_path / "none"]) == ((str(tmp_path / "none"), -1, -1),)
    rb = Rebuilder(settings, DEMO_MONTH, formats=["json"])
    assert rb.build()[1] is False and rb.build()[1] is True  # the building block the workbench can drive


def test_the_cli_flag_runs_the_watch_and_prints_one_line_a_build(project, monkeypatch):
    from typer.testing import CliRunner

    from aimonthly import watch
    from aimonthly.cli import app

    settings, _ = project
    seen = {}

    def fake(settings_, month, *, on_built, **options):
        seen.update(options, month=month)
        rb = Rebuilder(settings_, month, formats=["json"])
        t = time.perf_counter()
        result, reused = rb.build()
        on_built(Built(1, "start", time.perf_counter() - t, result=result, facts_reused=reused))
        return 1

    monkeypatch.setattr(watch, "watch_report", fake)
    r = CliRunner().invoke(
        app,
        ["report", DEMO_MONTH, "--watch", "--formats", "json", "-w", str(settings.path("warehouse"))],
        env={
            "AIMONTHLY_CONTENT_DIR": str(settings.path("content_dir")),
            "AIMONTHLY_OUTPUT_DIR": str(settings.path("output_dir")),
        },
    )
    assert r.exit_code == 0, r.output
    assert seen["month"] == DEMO_MONTH and seen["formats"] == ["json"]
    assert "watching 2024-04" in r.output and "built in" in r.output
