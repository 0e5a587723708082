"""An inbox that learns (issue 26): vendor profiles made by `ingest --save-profile` and applied by the
inbox and by ingest; a file whose name and header disagree stays in the inbox and says why; a title line
is found whatever it holds; a batch records its vendor, and source lines name it. The new desk of
tests/new_desk.py runs end to end."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.config import load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.core.house import default_house
from aimonthly.cycle.config import inbox_config
from aimonthly.cycle.inbox import process, scan
from aimonthly.ingest.parse import parse_file
from aimonthly.ingest.profiles import month_in, pattern_for, profile_from_ingest, save_profile
from aimonthly.pipeline import analyse
from aimonthly.warehouse import Warehouse
from aimonthly.warehouse.history import batch_sources

import new_desk as desk

runner = CliRunner()


@pytest.mark.parametrize(
    "text, month",
    [
        ("AI产品榜-全球-2024年06月.csv", "2024-06"),
        ("export_2024-6.csv", "2024-06"),
        ("toolify_202406.xlsx", "2024-06"),
        ("AI Tools | June 2024", "2024-06"),
        ("report 2024.csv", None),
        ("v2.13.csv", None),
    ],
)
def test_a_month_is_read_where_vendors_write_it(text, month):
    assert month_in(text) == month


def test_a_pattern_fits_the_vendors_next_files():
    import re

    p = pattern_for("AI产品榜-全球-2024年05月.csv")
    assert re.search(p, "AI产品榜-全球-2024年06月.csv") and not re.search(p, "AI产品榜-国内-2024年06月.csv")


def test_save_profile_keeps_the_file_and_replaces_by_name(tmp_path):
    project = tmp_path / "aimonthly.toml"
    project.write_text(
        '# our desk\nwarehouse = "w.duckdb"  # the warehouse\n\n[house]\nfirm_name = "某证券"\n', "utf-8"
    )
    first = {"name": "v", "pattern": r"^a\d+\.csv$", "dataset": "traffic", "map": {"visits": "访问次数"}}
    save_profile(project, first)
    save_profile(project, first | {"list": "global"})  # the same name: replaced, not added
    text = project.read_text("utf-8")
    assert "# our desk" in text and "# the warehouse" in text
    profiles = tomllib.loads(text)["house"]["inbox"]["profiles"]
    assert profiles == [first | {"list": "global"}]
    assert load_settings({}, env={}, start=tmp_path).house.inbox.profiles[0].map == {"visits": "访问次数"}
    with pytest.raises(ConfigError, match="unknown dataset 'trafic'"):
        save_profile(project, first | {"name": "w", "dataset": "trafic"})
    assert project.read_text("utf-8") == text  # nothing half-written


def test_a_title_line_with_a_bar_is_skipped(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("AI 产品榜 | 全球 | 2024年6月\n产品,访问量\nA,100\nB,50\n", "utf-8")
    p = parse_file("traffic", f, fill={"month": "2024-05", "list": "global"})
    assert (p.table.num_rows, p.skipped) == (2, 1)
    f.write_text("AI 产品榜, 2024年6月\n排名,产品,访问量\n1,A,100\n2,B,50\n", "utf-8")  # a title with commas
    assert parse_file("traffic", f, fill={"month": "2024-05", "list": "global"}).skipped == 1


def _stock_file(folder):
    """The desk's stock file alone in ``folder``."""
    made = desk.write_others(_folder(folder.parent / "made"), "2024-06")["stock_prices"]
    return Path(shutil.move(made, _folder(folder) / made.name))


def test_a_name_and_header_that_disagree_leave_the_file_and_say_why(tmp_path):
    path = _stock_file(tmp_path / "inbox")
    (item,) = scan(tmp_path / "inbox", inbox_config(default_house()))
    assert item.recognition.dataset is None
    rule = item.recognition.rule
    assert "its name says stock_prices" in rule and "its header reads as index_prices" in rule
    assert "no header names industry; unused: 申万一级行业" in rule and "--save-profile" in rule
    assert process(tmp_path / "w.duckdb", tmp_path / "inbox", "2024-06", inbox_config(default_house()))[0].status == (
        "unrecognised"
    )
    assert path.exists()


def test_the_dry_run_says_so_too(tmp_path, monkeypatch):
    _stock_file(tmp_path / "inbox")
    (tmp_path / "aimonthly.toml").write_text('inbox_dir = "inbox"\nwarehouse = "w.duckdb"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(app, ["run", "2024-06", "--dry-run"], env={"COLUMNS": "300"})
    assert "would leave stock_prices_2024-06.csv in the inbox: its name says stock_prices" in r.output


def test_save_profile_from_the_command_line_then_the_inbox_and_ingest_apply_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aimonthly.toml").write_text('warehouse = "w.duckdb"\ninbox_dir = "inbox"\n', "utf-8")
    may = desk.write_traffic(_folder(tmp_path / "may"), "domestic", "2024-05")
    args = ["ingest", "traffic", str(may), "--month", "2024-05", "--list", "domestic"]
    args += [
        "--map",
        "product=应用名称",
        "--map",
        "visits=月活访问(万)",
        "--source",
        "星图数据",
        "--save-profile",
        "xt",
    ]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    (profile,) = load_settings({}, env={}).house.inbox.profiles
    assert (profile.dataset, profile.list, profile.month_from, profile.source) == (
        "traffic",
        "domestic",
        "name",
        "星图数据",
    )
    june = desk.write_traffic(_folder(tmp_path / "inbox"), "domestic", "2024-06")
    (item,) = scan(tmp_path / "inbox", inbox_config(load_settings({}, env={}).house))
    assert item.recognition.fill == {"list": "domestic", "month": "2024-06"} and "profile 'xt'" in item.recognition.rule
    july = desk.write_traffic(_folder(tmp_path / "july"), "domestic", "2024-06")
    july = july.rename(july.with_name(july.name.replace("06月", "07月")))
    r = runner.invoke(app, ["ingest", "traffic", str(july)])  # no option typed: the profile gives them
    assert r.exit_code == 0 and "profile 'xt'" in r.output, r.output
    outcomes = process(tmp_path / "w.duckdb", tmp_path / "inbox", "2024-06", item_config(tmp_path))
    assert [o.status for o in outcomes] == ["added"] and not june.exists()
    with Warehouse.open(tmp_path / "w.duckdb", read_only=True) as wh:
        sources = wh.batches().to_pydict()["source"]
    assert sources == ["星图数据"] * 3


def test_a_profile_without_its_month_leaves_the_file_and_says_why(tmp_path):
    project = tmp_path / "aimonthly.toml"
    save_profile(project, {"name": "m", "pattern": "^export", "dataset": "traffic", "month_from": "name"})
    (_folder(tmp_path / "inbox") / "export.csv").write_text("product,visits\nA,1\n", "utf-8")
    (item,) = scan(tmp_path / "inbox", item_config(tmp_path))
    assert item.recognition.dataset is None
    assert (
        item.recognition.rule
        == "profile 'm': the file's name holds no month ('export.csv'): the month_from of profile 'm'"
    )


def item_config(root):
    return inbox_config(load_settings({}, env={}, start=root).house)


def _folder(p):
    p.mkdir(parents=True, exist_ok=True)
    return p


def test_profile_from_ingest_reads_the_month_from_the_title_when_the_name_has_none(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text("AI Tools | June 2024\nTool,Monthly Visits\nA,1\n", "utf-8")
    p = profile_from_ingest("t", "traffic", f, fill={"month": "2024-06", "list": "global"})
    assert p["month_from"] == "title" and p["pattern"] == r"^export\.csv$"


# -- the new desk, end to end ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_desk(tmp_path_factory):
    root = tmp_path_factory.mktemp("desk")
    desk.ingest_as_a_desk(root)  # raises when the inbox leaves a file
    s = load_settings({"content_dir": str(root / "content")}, env={}, start=root)
    facts, report = analyse(s, desk.MONTH)
    return SimpleNamespace(root=root, settings=s, facts=facts, report=report)


def test_the_desks_nine_files_are_ingested_by_its_profiles(new_desk):
    done = sorted(p.name for p in (new_desk.root / "inbox" / "done" / desk.MONTH).iterdir())
    assert len(done) == 9 and not [p for p in (new_desk.root / "inbox").iterdir() if p.is_file()]
    assert len(new_desk.settings.house.inbox.profiles) == 4
    with Warehouse.open(new_desk.root / "w.duckdb", read_only=True) as wh:
        industries = {r[0] for r in wh.con.execute("SELECT DISTINCT industry FROM stock_prices").fetchall()}
    assert industries == {"传媒", "计算机"}


def test_the_desks_report_reads_its_vendor_and_simplified_names(new_desk):
    f = new_desk.facts
    assert f.context.vendors["traffic.global"] == (desk.SOURCE,)
    assert "app_ranks" not in f.context.vendors  # no vendor recorded: the house's
    companies = {r["company"] for r in f.traffic.lists["global"].top_visits}
    assert companies and not companies & {"字節跳動", "雲鯨科技"} and companies & {"字节跳动", "云鲸科技"}
    assert [c["company"] for c in f.capex.companies] == ["Microsoft", "Amazon", "Meta", "Google"]
    from aimonthly.pipeline import all_blocks

    blocks = all_blocks(f, new_desk.settings)
    assert blocks["traffic.global.top_visits"]().source.startswith(f"来源：{desk.SOURCE}，")  # type: ignore[union-attr]
    assert blocks["app_store.top_apps"]().source == default_house().source_line("app_ranks")  # type: ignore[union-attr]


def test_the_desks_check_names_its_glitches_only(new_desk):
    by = {(f.rule, f.list): f for f in new_desk.report.findings}
    assert by[("collapse", "overseas")].product == desk.COLLAPSED
    assert [r["product"] for r in by[("zero", "domestic")].values["removed"]] == [desk.ZERO_NOW]
    assert not [f for f in new_desk.report.findings if f.rule in ("unmapped", "outlier", "copied")]
    assert {f.list for f in new_desk.report.findings if f.rule == "unresolved"} == {"global", "domestic", "overseas"}
    assert new_desk.report.count("error") == 0


def test_an_old_warehouse_gains_the_source_column(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with Warehouse.open(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE batches DROP COLUMN source")
    con.execute("DELETE FROM meta WHERE key = 'schema_digest'")
    con.close()
    f = desk.write_traffic(_folder(tmp_path / "x"), "domestic", "2024-05")
    with Warehouse.open(path) as wh:
        wh.ingest(
            parse_file(
                "traffic",
                f,
                fill={"month": "2024-05", "list": "domestic"},
                mapping=desk.LAYOUT["domestic"][2],
                source="某数据",
            )
        )
        assert batch_sources(wh) == {1: "某数据"}
    shutil.rmtree(tmp_path / "x")
