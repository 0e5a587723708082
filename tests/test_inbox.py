"""The inbox: which dataset a file holds (header signature, then name patterns), and that every file
ends where the rule says (done/MONTH, rejected/ with its reasons, or left in place) without a file
ever being lost or overwritten, even when a run dies between the ingest and the move."""

from __future__ import annotations

import re
import shutil

import pytest

from aimonthly.config import load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.cycle.inbox import move_into, process, scan
from aimonthly.ingest import ingest_file
from aimonthly.ingest.recognise import by_header, by_name, compile_patterns, recognise
from aimonthly.warehouse import Warehouse
from cycle_kit import SLOW_WRITER, inbox_conf
from faultkit import Child, write_traffic

CONFIG = inbox_conf()  # no settle time: these files are whole when the test hands them over


@pytest.mark.parametrize(
    "headers, dataset",
    [
        (["月份", "榜单", "产品", "访问量"], "traffic"),
        (["Month", "List", "Product", "Monthly Visits", "Company"], "traffic"),
        (["日期", "关键词", "应用名称", "搜索排名"], "app_ranks"),
        (["date", "code", "name", "close"], "index_prices"),
        (["交易日期", "证券代码", "证券简称", "收盘价", "所属行业"], "stock_prices"),  # also names every index column
        (["公司", "季度", "资本开支"], "capex"),
        (["公告日期", "证券代码", "公司名称", "公告内容"], "announcements"),
        (["date", "title", "source", "body", "url"], "news"),
        (["产品", "访问量"], None),  # no month or list: the header decides nothing
        (["负责人", "备注"], None),
        (["产品", "公司", "类别"], None),  # names the registry's columns: never the registry by its header
        (["product", "code", "name", "relation"], None),
    ],
)
def test_header_signature(headers, dataset):
    assert by_header(headers)[0] == dataset


def test_a_tie_decides_nothing(monkeypatch):
    from aimonthly.ingest import recognise as rec
    from aimonthly.core.datasets import DATASETS

    twin = DATASETS["index_prices"].__class__(
        "index_twin", "x", DATASETS["index_prices"].columns, ("date", "code"), ("date", "code")
    )
    monkeypatch.setitem(rec.DATASETS, "index_twin", twin)
    dataset, why = by_header(["date", "code", "name", "close"])
    assert dataset is None and "index_prices and index_twin equally" in why


def test_the_registry_is_recognised_by_its_name_only():
    """A registry file replaces the whole registry: only its name (house [inbox] patterns) makes it one."""
    patterns = CONFIG.patterns
    assert by_name("products.yaml", patterns).dataset == "products"
    assert by_name("product_stocks-2024.csv", patterns).dataset == "product_stocks"
    assert by_name("products_old.csv", patterns).dataset is None


def test_name_patterns_fill_columns_and_two_claims_decide_nothing():
    r = by_name("traffic-2024-05-domestic.xlsx", CONFIG.patterns)
    assert (r.dataset, r.fill) == ("traffic", {"month": "2024-05", "list": "domestic"})
    assert by_name("Traffic_export.csv", CONFIG.patterns).dataset == "traffic"  # any case
    assert by_name("七麦导出.xlsx", CONFIG.patterns).dataset == "app_ranks"
    assert by_name("trafficking.csv", CONFIG.patterns).dataset is None  # a name, not a prefix of a word
    both = by_name("news-similarweb.csv", CONFIG.patterns)
    assert both.dataset is None and "traffic and news" in both.rule


def test_pattern_settings_are_checked(tmp_path):
    with pytest.raises(ConfigError, match="unknown dataset 'trafic'; did you mean 'traffic'"):
        compile_patterns({"trafic": ["x"]})
    with pytest.raises(ConfigError, match="news has an invalid regular expression"):
        compile_patterns({"news": ["(unclosed"]})
    for table, message in (
        ("[house.inbox]\nrules = []", r"\[house.inbox\]: unknown key 'rules'"),
        ("[house.inbox.patterns]\ntrafic = []", r"unknown key 'trafic'; did you mean 'traffic'\?"),
        ("[house.inbox.patterns]\nnews = ['(unclosed']", r"invalid regular expression '\(unclosed'"),
    ):
        (tmp_path / "aimonthly.toml").write_text(table + "\n", encoding="utf-8")
        with pytest.raises(ConfigError, match=message):
            load_settings(env={}, start=tmp_path)


def test_the_header_decides_a_name_that_says_nothing_and_unreadable_heads_fall_back_to_the_name(tmp_path):
    f = tmp_path / "prices-may.csv"
    f.write_text("date,code,name,close\n2024-05-10,000300.SH,沪深300,3600\n", encoding="utf-8")
    r = recognise(f, CONFIG.patterns)
    assert (r.dataset, r.rule) == ("index_prices", "by its header")
    f = f.rename(tmp_path / "news-but-really-prices.csv")  # the name says news: nothing is decided (issue 26)
    r = recognise(f, CONFIG.patterns)
    assert r.dataset is None and r.rule.startswith("its name says news") and "reads as index_prices" in r.rule
    mixed = tmp_path / "capex-mixed.csv"  # a GBK line after a UTF-8 one: the head cannot be read
    mixed.write_bytes("公司,季度,资本开支\n".encode() + "微软,2024Q1,1\n".encode("gbk"))
    r = recognise(mixed, CONFIG.patterns)
    assert r.dataset == "capex" and r.rule.startswith("by its name")
    odd = tmp_path / "notes.docx"
    assert recognise(odd, CONFIG.patterns).dataset is None


def test_feeds_are_news_and_hidden_or_office_lock_files_are_not_looked_at(tmp_path):
    (tmp_path / "wire.atom").write_text("<feed/>", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / "~$traffic.xlsx").write_bytes(b"lock")
    (tmp_path / "done").mkdir()
    assert [(i.path.name, i.recognition.dataset) for i in scan(tmp_path, CONFIG)] == [("wire.atom", "news")]


def test_moves_never_overwrite_and_a_same_bytes_twin_absorbs_the_file(tmp_path):
    done = tmp_path / "done"
    a = tmp_path / "t.csv"
    a.write_text("one", encoding="utf-8")
    assert move_into(a, done) == done / "t.csv"
    a.write_text("two", encoding="utf-8")
    assert move_into(a, done) == done / "t.2.csv"
    a.write_text("one", encoding="utf-8")
    assert move_into(a, done) == done / "t.csv" and not a.exists()
    assert sorted(p.read_text() for p in done.iterdir()) == ["one", "two"]


def _traffic(path, visits="120"):
    path.write_text(
        f"month,list,product,visits\n2024-05,global,Alpha,{visits}\n2024-05,global,Beta,80\n", encoding="utf-8"
    )
    return path


def test_a_run_killed_after_the_ingest_moves_the_file_next_time(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    f = _traffic(inbox / "traffic.csv")
    with Warehouse.open(wh) as w:  # the ingest committed; the process died before the move
        ingest_file(w, "traffic", f)
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert (out.status, out.rows, out.batch_id) == ("unchanged", 2, 1)
    assert out.moved_to == inbox / "done" / "2024-05" / "traffic.csv" and out.moved_to.is_file() and not f.exists()


def test_a_rejected_file_moves_with_its_reasons_and_a_run_killed_in_between_redoes_it(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    bad = _traffic(inbox / "traffic-bad.csv", visits="lots")
    (inbox / "rejected").mkdir()
    (inbox / "rejected" / "traffic-bad.csv.error.txt").write_text("stale", encoding="utf-8")  # died after writing it
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert out.status == "rejected" and out.moved_to == inbox / "rejected" / "traffic-bad.csv" and not bad.exists()
    text = (inbox / "rejected" / "traffic-bad.csv.error.txt").read_text(encoding="utf-8")
    assert text.startswith("file: traffic-bad.csv\ndataset: traffic (recognised by its header)\n")
    assert "nothing from it was written to the warehouse" in text
    assert "problems (1):\n  row 2, column visits: 'lots' is not a number\n" in text
    assert "what to do: write whole numbers" in text and "put the corrected file back in the inbox" in text
    assert Warehouse.open(wh, read_only=True).last_batch_id() == 0
    _traffic(inbox / "traffic-bad.csv", visits="still bad")  # the same name again: nothing overwritten
    (again,) = process(wh, inbox, "2024-05", CONFIG)
    assert again.moved_to == inbox / "rejected" / "traffic-bad.2.csv"
    assert (inbox / "rejected" / "traffic-bad.2.csv.error.txt").is_file() and (
        inbox / "rejected" / "traffic-bad.csv"
    ).is_file()


def test_name_fill_reaches_the_rows(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / "traffic_2024-05_overseas.csv").write_text("产品,访问量\nAlpha,1.5万\n", encoding="utf-8")
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert out.status == "added" and out.rule.startswith("by its name")
    with Warehouse.open(wh, read_only=True) as w:
        assert w.ibis().table("traffic").drop("batch_id").to_pyarrow().to_pylist()[0] | {"synthetic": None} == {
            "month": "2024-05",
            "list": "overseas",
            "product": "Alpha",
            "visits": 15000,
            "company": None,
            "category": None,
            "avg_visit_duration": None,
            "domain": None,
            "unique_visitors": None,
            "pages_per_visit": None,
            "bounce_rate": None,
            "synthetic": None,
        }


def test_a_locked_warehouse_fails_the_step_and_leaves_every_file(tmp_path, monkeypatch):
    monkeypatch.setattr("aimonthly.warehouse.access.WRITER_WAIT", 1.0)  # the wait is not what this tests
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    Warehouse.open(wh).close()
    files = [_traffic(inbox / f"traffic-{i}.csv", visits=str(100 + i)) for i in range(2)]
    child = Child(tmp_path / "holder", "import duckdb\ncon = duckdb.connect(sys.argv[1])\npause()\n", wh)
    child.wait_for(child.paused)
    try:
        with pytest.raises(Exception, match="is locked"):
            process(wh, inbox, "2024-05", CONFIG)
    finally:
        child.release()
    assert all(f.is_file() for f in files) and not (inbox / "done").exists()
    shutil.rmtree(tmp_path / "holder")
    assert [o.status for o in process(wh, inbox, "2024-05", CONFIG)] == ["added", "replaced"]  # one scope


def test_recognised_rule_text_is_the_documented_order():
    doc = re.sub(r"\s+", " ", (__import__("aimonthly.ingest.recognise", fromlist=["x"]).__doc__))
    assert doc.index("Header signature") < doc.index("File name")


# -- what real inboxes do (issue 28): files still being written, cut off, long names, long lines ------


def _products(wh) -> list[str]:
    with Warehouse.open(wh, read_only=True) as w:
        return sorted(w.ibis().table("traffic").to_pyarrow()["product"].to_pylist())


@pytest.mark.parametrize("writer", ["held open", "reopened for each row"])
def test_a_file_still_being_written_waits_for_the_next_run_and_loses_no_row(tmp_path, writer):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    with Warehouse.open(wh) as w:  # the list's 50 good rows, from last week's file
        ingest_file(w, "traffic", write_traffic(tmp_path / "good.csv", 50))
    target = inbox / "traffic.csv"
    child = Child(tmp_path / "writer", SLOW_WRITER, target, 400, "reopen" if "reopened" in writer else "open")
    child.wait_for(child.ready, timeout=30)
    (out,) = process(wh, inbox, "2024-05", inbox_conf(settle_seconds=0.3))
    assert out.status == "waiting" and "still being written" in out.line() and "next run" in out.line()
    assert target.is_file() and not (inbox / "done").exists()
    assert _products(wh) == sorted(f"p{i}" for i in range(50))  # nothing replaced by a part of the file
    assert child.proc.wait(timeout=60) == 0
    (out,) = process(wh, inbox, "2024-05", inbox_conf(settle_seconds=0.3))
    assert (out.status, out.rows) == ("replaced", 400)
    assert _products(wh) == sorted(f"p{i}" for i in range(400))  # every row the writer wrote


@pytest.mark.parametrize(
    "name, body, why",
    [
        ("traffic-cut.csv", "month,list,product,visits\n2024-05,global,A,120\n2024-05,global,CutProdB,98", "a value"),
        ("traffic-short.csv", "month,list,product,visits\n2024-05,global,A,120\n2024-05,global,Cut", "3 of 4 fields"),
        ("news-cut.jsonl", '{"date": "2024-05-10", "title": "a", "source": "s"}\n{"date": "2024-05-11", "ti', "JSON"),
    ],
)
def test_a_file_cut_off_without_a_final_newline_is_rejected_saying_so(tmp_path, name, body, why):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / name).write_text(body, encoding="utf-8")
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert out.status == "rejected", out.line()
    assert "ends without a final newline" in out.problems[0] and why in out.problems[0] and "line " in out.problems[0]
    text = (inbox / "rejected" / f"{name}.error.txt").read_text(encoding="utf-8")
    assert "if the file is complete, end it with a newline" in text
    assert not wh.exists() or Warehouse.open(wh, read_only=True).last_batch_id() == 0


def test_a_whole_last_record_without_a_final_newline_is_taken(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    (inbox / "news-a.jsonl").write_text('{"date": "2024-05-10", "title": "a", "source": "s"}', encoding="utf-8")
    (inbox / "news-b.csv").write_text('date,title,source\n2024-05-10,b,"量子位"', encoding="utf-8")
    assert [o.status for o in process(wh, inbox, "2024-05", CONFIG)] == ["added", "added"]


def test_partial_download_names_wait_and_lock_or_hidden_files_are_not_looked_at(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    waiting = ["traffic.csv.part", "traffic.csv.crdownload", "traffic.tmp"]
    for name in [*waiting, "~$traffic.xlsx", ".traffic.csv"]:
        _traffic(inbox / name)
    out = process(wh, inbox, "2024-05", CONFIG)
    assert [(o.file, o.status) for o in out] == [(n, "waiting") for n in sorted(waiting)]
    assert all("being downloaded or copied" in o.line() for o in out)
    assert len(list(inbox.iterdir())) == 5 and not wh.exists()


def test_the_file_kept_in_done_is_the_one_read_and_the_batch_holds_its_hash(tmp_path):
    from aimonthly.ingest.parse import fingerprint

    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    _traffic(inbox / "traffic.csv")
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    with Warehouse.open(wh, read_only=True) as w:
        (batch,) = w.batches().to_pylist()
    assert batch["sha256"] == fingerprint(out.moved_to, {"fill": {}, "map": {}, "sheet": None})


def test_a_file_that_changes_while_it_is_read_goes_back_and_its_batch_is_undone(tmp_path, monkeypatch):
    """A writer the platform cannot see (another machine, on a network share) appends while the file is read."""
    from aimonthly.ingest import parse as parse_module

    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    with Warehouse.open(wh) as w:
        ingest_file(w, "traffic", write_traffic(tmp_path / "good.csv", 5))
    f = _traffic(inbox / "traffic.csv")
    read_raw = parse_module.read_raw

    def read_then_grow(path, **options):
        raw = read_raw(path, **options)
        with open(path, "a", encoding="utf-8") as out:
            out.write("2024-05,global,Gamma,60\n")
        return raw

    monkeypatch.setattr(parse_module, "read_raw", read_then_grow)
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert out.status == "waiting" and "changed while it was read" in out.line() and f.is_file()
    assert _products(wh) == [f"p{i}" for i in range(5)]  # the batch was undone: last week's rows are current
    monkeypatch.undo()
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert (out.status, out.rows) == ("replaced", 3) and _products(wh) == ["Alpha", "Beta", "Gamma"]


def test_a_long_rejected_name_is_shortened_with_a_hash_and_blocks_no_file_after_it(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    long = "流" * 77  # 231 bytes in UTF-8: with ".error.txt" and a temporary suffix, past the 255 a name may have
    _traffic(inbox / f"{long}.csv", visits="lots")
    _traffic(inbox / f"{long}_ok.csv")
    bad, good = process(wh, inbox, "2024-05", CONFIG)
    assert bad.status == "rejected" and good.status == "added" and good.moved_to.is_file()
    assert re.fullmatch("流+~[0-9a-f]{8}\\.csv", bad.moved_to.name) and len(bad.moved_to.name.encode()) <= 200
    text = bad.moved_to.with_name(bad.moved_to.name + ".error.txt").read_text(encoding="utf-8")
    assert text.startswith(f"file: {long}.csv\n")  # the whole name inside
    assert sorted(p.name for p in inbox.iterdir()) == ["done", "rejected"]


def test_a_jsonl_whose_first_line_is_over_the_row_limit_is_rejected_not_read_every_run(tmp_path):
    inbox, wh = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    with open(inbox / "dump.jsonl", "wb") as f:  # no dataset's name: on its header alone it stayed "unrecognised"
        f.write(b'{"x": "' + b"a" * (17 << 20) + b'"}\n')
    (out,) = process(wh, inbox, "2024-05", CONFIG)
    assert out.status == "rejected" and "max_row_mb" in out.problems[0] and "refused unread" in out.problems[0]
    assert (inbox / "rejected" / "dump.jsonl.error.txt").is_file()


def test_a_run_during_a_sync_leaves_the_file_to_the_next_run(tmp_path, monkeypatch):
    """The same through ``aimonthly run`` (its inbox step), with the settle time from the project's settings."""
    from aimonthly.cycle import run as run_module
    from cycle_kit import project

    monkeypatch.setattr(run_module, "STEPS", run_module.STEPS[:1])
    (tmp_path / "inbox").mkdir()
    target = tmp_path / "inbox" / "traffic.csv"
    with project(tmp_path, 'warehouse = "w.duckdb"\n[house.inbox]\nsettle_seconds = 0.3\n') as settings:
        child = Child(tmp_path / "writer", SLOW_WRITER, target, 400, "open")
        child.wait_for(child.ready, timeout=30)
        first = run_module.run_month(settings, "2024-05")
        assert child.proc.wait(timeout=60) == 0
        second = run_module.run_month(settings, "2024-05")
    assert first.steps[0].status == "warning" and "1 waiting" in first.steps[0].summary
    assert "traffic.csv: waiting: still being written" in first.steps[0].notes[0] and first.exit_code == 0
    assert second.steps[0].summary == "1 file: 1 ingested (1 added)" and _products(tmp_path / "w.duckdb") == sorted(
        f"p{i}" for i in range(400)
    )
    log = (tmp_path / "logs" / "2024-05.log").read_text(encoding="utf-8")
    assert "[inbox]   traffic.csv: waiting: still being written" in log
