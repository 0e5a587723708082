"""Files made to attack the readers (tests/attack_inputs.py): each is refused with a message that
names the limit and its setting, before the expensive read, and the warehouse is unchanged.
The small ones are also in the bad-input corpus (tests/bad_inputs/manifest.yaml); the big ones are
made here, in a temporary folder. Times and memory on these inputs are in BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import re
import time

import feedparser
import pytest
from typer.testing import CliRunner

import attack_inputs as A
from aimonthly.cli import app
from aimonthly.ingest import IngestError, Limits, ingest_file, parse_file
from aimonthly.warehouse import Warehouse

NEWS_OK = "date,title,source\n2024-04-18,Llama 3 发布,量子位\n"


@pytest.fixture
def baseline(tmp_path):
    """A warehouse holding one news batch, and a way to say it is unchanged."""
    path = tmp_path / "w.duckdb"
    (tmp_path / "ok.csv").write_text(NEWS_OK, encoding="utf-8")
    with Warehouse.open(path) as wh:
        ingest_file(wh, "news", tmp_path / "ok.csv")
        before = wh.content_digest()

    def unchanged() -> bool:
        with Warehouse.open(path, read_only=True) as w:
            return w.content_digest() == before

    return path, unchanged


def refused(path, dataset: str, warehouse, limits: Limits | None = None) -> IngestError:
    with Warehouse.open(warehouse) as wh, pytest.raises(IngestError) as caught:
        ingest_file(wh, dataset, path, limits=limits)
    return caught.value


def cli_ingest(*args) -> str:
    r = CliRunner().invoke(app, ["ingest", *map(str, args)], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert r.exit_code == 1 and "Traceback" not in r.output, r.output
    return " ".join(r.output.split())


# -- XLSX ----------------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_unread(tmp_path, baseline, monkeypatch):
    warehouse, unchanged = baseline
    bomb = A.zip_bomb(tmp_path / "bomb.xlsx", unzipped_mb=200)
    assert bomb.stat().st_size * 900 < 200 * 2**20  # about 1,000 times its size unzipped
    import openpyxl

    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    e = refused(bomb, "index_prices", warehouse)
    assert e.problems[0].reason.startswith("the workbook unzips to 200 MB from 0.2 MB, 1,0")
    assert "(setting max_xlsx_ratio) is the mark of a zip bomb: refused unread" in str(e)
    assert "raise the setting max_xlsx_ratio" in e.hint
    e = refused(bomb, "index_prices", warehouse, Limits(max_xlsx_unzipped_mb=100, max_xlsx_ratio=10_000))
    assert "unzips to 200 MB, over the limit of 100 MB (setting max_xlsx_unzipped_mb)" in str(e)
    assert unchanged()
    out = cli_ingest("index_prices", bomb, "-w", warehouse)
    assert "Error: bomb.xlsx: rejected" in out and "zip bomb" in out and "max_xlsx_ratio" in out
    monkeypatch.undo()  # the setting raised, the command reads the workbook (its blanks are harmless)
    r = CliRunner().invoke(
        app,
        ["ingest", "index_prices", str(bomb), "-w", str(warehouse)],
        env={"AIMONTHLY_MAX_XLSX_RATIO": "5000", "NO_COLOR": "1"},
    )
    assert r.exit_code == 0 and "added 1 index_prices row as batch" in r.output, r.output


def test_a_workbook_within_the_limits_is_read(tmp_path, baseline):
    warehouse, _ = baseline
    small = A.zip_bomb(tmp_path / "small.xlsx", unzipped_mb=8)  # 8 MB of blanks: under the 16 MB floor of the ratio
    assert parse_file("index_prices", small).table.num_rows == 1


# -- feeds ---------------------------------------------------------------------------------------


def test_feedparser_alone_neither_expands_nor_reads_entities(tmp_path):
    """What feedparser does without our check: it drops the declarations (no expansion, no file read),
    so the titles arrive as junk such as "&lol9;". The check refuses such feeds outright instead."""
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret a feed must not read", encoding="utf-8")
    laughs = feedparser.parse(A.BILLION_LAUGHS.encode())
    assert len(laughs.entries[0].title) < 100
    xxe = feedparser.parse(A.xxe_feed(secret.as_uri()).encode())
    assert "secret" not in json.dumps(xxe, default=str)


@pytest.mark.parametrize("name", ["laughs.rss", "xxe.atom"])
def test_feeds_with_entities_are_refused(tmp_path, baseline, name):
    warehouse, unchanged = baseline
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret a feed must not read", encoding="utf-8")
    feed = tmp_path / name
    feed.write_text(A.BILLION_LAUGHS if name.startswith("laughs") else A.xxe_feed(secret.as_uri()), encoding="utf-8")
    e = refused(feed, "news", warehouse)
    assert "the feed declares XML entities" in str(e) and "secret" not in str(e)
    assert unchanged()
    assert "the feed declares XML entities" in cli_ingest("news", feed, "-w", warehouse)


def test_a_feed_over_the_size_limit_is_refused_unread(tmp_path, baseline):
    warehouse, unchanged = baseline
    item = "<item><title>t</title><description>" + "x" * 1000 + "</description></item>"
    feed = tmp_path / "big.rss"
    feed.write_text(f"<rss><channel><title>c</title>{item * 2200}</channel></rss>", encoding="utf-8")
    e = refused(feed, "news", warehouse, Limits(max_feed_mb=2))
    assert re.search(r"the feed is 2\.\d MB, over the limit of 2 MB \(setting max_feed_mb\): refused unread", str(e))
    assert unchanged()


# -- long lines ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_csv_with_a_200_mb_line_is_refused_before_it_is_decoded(tmp_path, baseline):
    warehouse, unchanged = baseline
    path = A.long_line_csv(tmp_path / "long.csv", mb=200)
    e = refused(path, "news", warehouse)
    assert str(e) == (
        "long.csv: rejected, 1 problem: row 3: a line of 200 MB, over the limit of 16 MB for one line "
        "(setting max_row_mb): refused unread"
    )
    assert unchanged()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_line_over_the_limit_is_refused_naming_its_row(tmp_path, baseline, suffix):
    warehouse, unchanged = baseline
    path = tmp_path / f"long{suffix}"
    if suffix == ".csv":
        path.write_text(NEWS_OK + "2024-04-19," + "长" * 700_000 + ",量子位\n", encoding="utf-8")
    else:
        path.write_text(
            '{"date": "2024-04-18", "title": "a", "source": "s"}\n\n'
            '{"date": "2024-04-19", "title": "' + "x" * 2_200_000 + '", "source": "s"}\n',
            encoding="utf-8",
        )
    e = refused(path, "news", warehouse, Limits(max_row_mb=2))
    assert e.problems[0].row == 3
    assert re.search(r"a line of 2\.\d MB, over the limit of 2 MB for one line \(setting max_row_mb\)", str(e))
    assert unchanged()


def test_a_quoted_value_longer_than_a_block_is_refused(tmp_path, baseline):
    warehouse, unchanged = baseline
    path = tmp_path / "quoted.csv"
    value = "短行\n" * 6_000_000  # 42 MB of short lines in one quoted value
    path.write_text(NEWS_OK + '2024-04-19,"' + value + '",量子位\n', encoding="utf-8")
    e = refused(path, "news", warehouse)
    assert "a row longer than 16 MB (a quoted value over many lines; setting max_row_mb)" in str(e)
    assert unchanged()


# -- JSON ----------------------------------------------------------------------------------------


def test_deep_json_is_refused_by_the_limit_and_beyond_what_python_can_read(tmp_path, baseline):
    warehouse, unchanged = baseline
    path = tmp_path / "deep.jsonl"
    path.write_text(A.deep_jsonl(10_000), encoding="utf-8")
    e = refused(path, "news", warehouse)
    assert "row 2: nests lists or objects more than 64 deep (setting max_json_depth)" in str(e)
    e = refused(path, "news", warehouse, Limits(max_json_depth=100_000))  # past the limit: Python's own recursion guard
    assert "nests lists or objects more than 100000 deep" in str(e)
    assert unchanged()
    path.write_text(A.deep_jsonl(20), encoding="utf-8")  # a little nesting is read (the list kept as its text)
    assert parse_file("news", path).table.num_rows == 2


def test_a_json_string_holding_line_separators_stays_one_record(tmp_path, warehouse):
    path = tmp_path / "seps.jsonl"
    title = "O\u2028P\u2029Q\x85R\x1cS"
    path.write_text(
        json.dumps({"date": "2024-04-18", "title": title, "source": "s"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    assert parse_file("news", path).table.column("title").to_pylist() == [title]


# -- YAML (the product registry) -------------------------------------------------------------------

YAML_LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi"))
    + "products:\n  - {product: *i}\n"
)


@pytest.mark.parametrize(
    "text, reason",
    [
        (YAML_LAUGHS, "row 2: uses an alias (*a): anchors and aliases are not accepted"),
        ("- {product: " + "[" * 200 + "]" * 200 + "}\n", "row 1: nests lists or mappings more than 64 deep"),
        (
            "- {product: !!python/object/apply:os.system [echo pwned]}\n",
            "not valid YAML: could not determine a constructor",
        ),
        ("- {product: Kimi, aliases: [[Kimi Chat, [x]]]}\n", "a nested list is not a cell value"),
    ],
)
def test_a_hostile_registry_yaml_is_refused_before_it_is_built(tmp_path, baseline, text, reason):
    """YAML's own bombs: aliases that expand ("billion laughs"), deep nesting, tags naming a type."""
    warehouse, unchanged = baseline
    path = tmp_path / "products.yaml"
    path.write_text(text, encoding="utf-8")
    assert reason in str(refused(path, "products", warehouse))
    assert unchanged()


# -- the inbox (issue 28): names the file system gives, links, bombs before any parser -----------------

GBK_NAME = os.fsdecode("流量".encode("gbk") + b".csv")  # what unzip makes of a Windows zip's 流量.csv
BAD_GBK_NAME = os.fsdecode("坏".encode("gbk") + b".csv")
TRAFFIC = "month,list,product,visits\n2024-05,global,Alpha,120\n"


def _inbox(tmp_path):
    from cycle_kit import inbox_conf

    (tmp_path / "inbox").mkdir()
    return tmp_path / "inbox", tmp_path / "w.duckdb", inbox_conf()


def _settled(path):
    """A file dropped a minute ago (the settle time, house [inbox] settle_seconds, has passed)."""
    t = time.time() - 60
    os.utime(path, (t, t), follow_symlinks=False)
    return path


def test_a_name_that_is_not_utf8_is_shown_escaped_and_stored_so(tmp_path):
    from aimonthly.cycle.inbox import process

    inbox, wh, conf = _inbox(tmp_path)
    (inbox / GBK_NAME).write_text(TRAFFIC, encoding="utf-8")
    (inbox / BAD_GBK_NAME).write_text(TRAFFIC.replace("120", "lots"), encoding="utf-8")
    out = {o.file: o for o in process(wh, inbox, "2024-05", conf)}
    good, bad = out["\\xc1\\xf7\\xc1\\xbf.csv"], out["\\xbb\\xb5.csv"]
    assert good.status == "added" and bad.status == "rejected"
    assert "\\xc1\\xf7\\xc1\\xbf.csv" in good.line() and "not UTF-8" in good.line() and "流量.csv" in good.line()
    with Warehouse.open(wh, read_only=True) as w:
        assert [b["file_name"] for b in w.batches().to_pylist()] == ["\\xc1\\xf7\\xc1\\xbf.csv"]
    error = (inbox / "rejected" / (BAD_GBK_NAME + ".error.txt")).read_text(encoding="utf-8")
    assert error.startswith("file: \\xbb\\xb5.csv\n")
    plain = tmp_path / GBK_NAME  # `aimonthly ingest` of such a file, by hand
    plain.write_text(TRAFFIC, encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", "traffic", str(plain), "-w", str(tmp_path / "other.duckdb")])
    assert r.exit_code == 0 and "\\xc1\\xf7\\xc1\\xbf.csv" in r.output, r.output


def test_names_with_control_characters_forge_no_log_line_and_no_terminal_escape(tmp_path, monkeypatch):
    from aimonthly.cycle import run as run_module

    monkeypatch.setattr(run_module, "STEPS", run_module.STEPS[:1])  # the inbox step alone
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aimonthly.toml").write_text('warehouse = "w.duckdb"\n', encoding="utf-8")
    (tmp_path / "inbox").mkdir()
    forged = "traffic\n2024-06-10 09:00:00 [check] done in 0.10 s: 0 errors\x1b[2J\u202e.csv"
    (tmp_path / "inbox" / forged).write_text(TRAFFIC.replace("120", "lots"), encoding="utf-8")
    _settled(tmp_path / "inbox" / forged)
    r = CliRunner().invoke(app, ["run", "2024-05"], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert r.exit_code == 1 and "rejected" in r.output, r.output  # the step failed: the file was rejected
    log = (tmp_path / "logs" / "2024-05.log").read_text(encoding="utf-8")
    for text in (log, r.output):
        assert "\x1b" not in text and "\u202e" not in text
    assert not [line for line in log.splitlines() if line.split(" ")[2:3] == ["[check]"]]  # no forged step line
    assert "traffic\\n2024-06-10 09:00:00 [check] done" in log and "\\x1b[2J\\u202e.csv" in log


def test_a_symlink_in_the_inbox_is_refused_not_followed(tmp_path):
    from aimonthly.cycle.inbox import process

    inbox, wh, conf = _inbox(tmp_path)
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secrethash:19000:0:99999:7:::\n", encoding="utf-8")
    link = inbox / "traffic_2024-04_overseas.csv"
    link.symlink_to(secret)
    (out,) = process(wh, inbox, "2024-05", conf)
    assert out.status == "rejected" and "symbolic link" in out.problems[0] and "not followed" in out.problems[0]
    error = (inbox / "rejected" / "traffic_2024-04_overseas.csv.error.txt").read_text(encoding="utf-8")
    assert "secrethash" not in error + out.line() and str(secret) not in error
    assert (inbox / "rejected" / link.name).is_symlink() and secret.read_text(encoding="utf-8").startswith("root:")
    assert not wh.exists() or Warehouse.open(wh, read_only=True).last_batch_id() == 0


def test_an_xlsx_bomb_in_the_inbox_is_refused_from_its_directory_before_any_parser(tmp_path, monkeypatch):
    import openpyxl

    from aimonthly.cycle.inbox import process

    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a) or openpyxl.Workbook())
    inbox, wh, conf = _inbox(tmp_path)
    A.strings_bomb(inbox / "export.xlsx", unzipped_mb=40)  # 1 MB in 40: 3 s and 0.3 GB to open; 300 MB: minutes
    A.zip_bomb(inbox / "index_prices_may.xlsx", unzipped_mb=40)
    out = process(wh, inbox, "2024-05", conf)
    assert [o.status for o in out] == ["rejected", "rejected"] and opened == []
    assert all("zip bomb: refused unread" in o.problems[0] and "max_xlsx_ratio" in o.problems[0] for o in out)
