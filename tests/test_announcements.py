"""Company announcements: the demo's table is the reference's six rows with codes normalised;
selection by window, score, pins and drops; the live fetch from cninfo on recorded answers only."""

from __future__ import annotations

import datetime as dt
import sys
import types
from pathlib import Path

import docx
import pandas as pd
import pytest
from typer.testing import CliRunner

from aimonthly.analytics import make_context
from aimonthly.analytics.announcements import announcements_facts, compute, normalise_code
from aimonthly.core.house import default_house
from aimonthly.demo import content_dir
from aimonthly.ingest import ingest_file
from aimonthly.ingest import cninfo
from aimonthly.report.announcements import blocks
from aimonthly.report.blocks import ExhibitSpec
from aimonthly.content.month import load_content
from aimonthly.report.model import DataSheet, Paragraph
from aimonthly.warehouse import Warehouse

D = dt.date
HOUSE = default_house()
RECORDED = Path(__file__).parent / "data" / "cninfo"


@pytest.mark.parametrize(
    "raw, code",
    [
        ("300781", "300781.SZ"),
        ("300781.SZ", "300781.SZ"),
        ("300781.sz", "300781.SZ"),
        ("SZ300781", "300781.SZ"),
        ("002558", "002558.SZ"),
        ("000681", "000681.SZ"),
        ("600519", "600519.SH"),
        ("sh600519", "600519.SH"),
        ("600519.SS", "600519.SH"),
        ("688111", "688111.SH"),
        ("830799", "830799.BJ"),
        ("430047", "430047.BJ"),
        ("920001", "920001.BJ"),
        ("0700.HK", "00700.HK"),
        ("700.hk", "00700.HK"),
        ("HK0020", "00020.HK"),
        ("00020", "00020.HK"),
        (" ３００７８１ ", "300781.SZ"),
        ("NVDA.O", "NVDA.O"),
        ("801750.SI", "801750.SI"),
    ],
)
def test_normalise_code(raw, code):
    assert normalise_code(raw) == code


# --- the demo ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_con):
    meta = load_content(content_dir() / "2024-04.md").meta
    return compute(demo_con, make_context("2024-04", D(2024, 5, 9), house=HOUSE, meta=meta))


def test_demo_table_is_the_references(demo, seed):
    expected = sorted((code, company, D.fromisoformat(str(d))) for code, company, d in seed["announcements"])
    assert sorted((a.code, a.company, a.date) for a in demo.rows) == expected
    assert [a.date for a in demo.rows] == sorted(a.date for a in demo.rows)
    assert demo.window == (D(2024, 4, 1), D(2024, 5, 9)) and demo.unknown_ids == []
    assert len(demo.items) == 10  # two of the twelve fall before the window
    assert {a.status for a in demo.items if a not in demo.rows} == {"dropped"}


def test_demo_block_wraps_the_content_column(demo):
    spec, sheet = blocks(demo, HOUSE, None)["announcements.table"]()
    assert isinstance(spec, ExhibitSpec) and isinstance(sheet, DataSheet)
    assert spec.body.header == ("股票代码", "公司名称", "公告日期", "公告内容")
    assert spec.body.wrap == (False, False, False, True)
    assert spec.source == "来源：iFind，各公司公告，示例证券研究所"
    row = next(r for r in spec.body.rows if r[0] == "300781.SZ")
    assert row[2] == "2024/5/7" and "InsightGPT" in row[3]
    assert len(sheet.data.rows) == 10


def test_demo_table_in_word_keeps_the_content_whole(demo_report, demo):
    d = docx.Document(demo_report.files["docx"])
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "股票代码")
    body = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[0] for r in body] == [a.code for a in demo.rows]
    assert [r[3] for r in body] == [a.content for a in demo.rows]  # whole, never cut


# --- selection -----------------------------------------------------------------------------

ROWS = [
    {"date": D(2024, 4, 2), "code": "300781", "company": "因赛集团", "content": "InsightGPT 商业化进展"},
    {"date": D(2024, 4, 10), "code": "600000", "company": "某银行", "content": "董事会决议公告"},
    {"date": D(2024, 4, 20), "code": "002230", "company": "科大讯飞", "content": "星火大模型 AI 学习机出货"},
    {"date": D(2024, 4, 28), "code": "300364.SZ", "company": "中文在线", "content": "AIGC 短剧与大模型语料合作"},
]
WIN = (D(2024, 4, 1), D(2024, 4, 30))


def test_selection_ranks_then_pins_and_drops():
    conf = HOUSE.announcements.replace(rows=2)
    f = announcements_facts(ROWS, WIN, conf)
    assert [a.company for a in f.rows] == ["科大讯飞", "中文在线"]  # covered, on theme, recent; printed by date
    bank = next(a for a in f.items if a.company == "某银行")
    f = announcements_facts(ROWS, WIN, conf, {"pin": [bank.id], "drop": [f.rows[0].id]})
    assert [a.company for a in f.rows] == ["某银行", "中文在线"]
    assert next(a for a in f.items if a.company == "科大讯飞").status == "dropped"
    f = announcements_facts(ROWS, WIN, conf, {"rows": 4, "drop": ["a-00000000"]})
    assert len(f.rows) == 4 and f.unknown_ids == ["a-00000000"]


def test_no_announcements_is_a_note(warehouse, connect):
    ctx = make_context("2024-04", D(2024, 5, 9), house=HOUSE)
    f = compute(connect(warehouse), ctx)
    assert f.missing == ["announcements"]
    note = blocks(f, HOUSE, ctx)["announcements.table"]()
    assert isinstance(note, Paragraph) and note.kind == "note"


# --- live fetch: a stub akshare serving recorded answers ------------------------------------


def stub_akshare(calls: list | None = None, fail: Exception | None = None, drop_column: str | None = None):
    def serve(function):
        def call(symbol, market, start_date, end_date, **kw):
            if calls is not None:
                calls.append((function, symbol, market, start_date, end_date, kw))
            if fail:
                raise fail
            path = RECORDED / f"{function}_{symbol}.csv"
            frame = (
                pd.read_csv(path, dtype=str)
                if path.exists()
                else pd.DataFrame(columns=["代码", "简称", "公告标题", "公告时间", "公告链接"])
            )
            if kw.get("keyword"):
                frame = frame[frame["公告标题"].str.contains(kw["keyword"])]
            return frame.drop(columns=[drop_column]) if drop_column else frame

        return call

    ak = types.ModuleType("akshare")
    for function in cninfo.KINDS.values():
        setattr(ak, function, serve(function))
    return ak


def test_fetch_relation_records(tmp_path):
    calls: list = []
    rows = cninfo.fetch_announcements(["300781", "002558.SZ"], D(2024, 4, 1), D(2024, 5, 9), ak=stub_akshare(calls))
    assert [(c[1], c[2], c[3], c[4]) for c in calls] == [
        ("300781", "沪深京", "20240401", "20240509"),
        ("002558", "沪深京", "20240401", "20240509"),
    ]
    assert [(r["date"], r["code"], r["content"]) for r in rows] == [
        ("2024-04-23", "300781.SZ", "2024年4月23日投资者关系活动记录表"),
        ("2024-05-07", "002558.SZ", "2024年5月7日投资者关系活动记录表"),  # "2558" in the answer
        ("2024-05-07", "300781.SZ", "2024年5月7日投资者关系活动记录表"),  # listed twice, kept once
    ]
    # the CSV is an announcements file like any other
    path = cninfo.write_csv(rows, tmp_path / "cninfo.csv")
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        result = ingest_file(wh, "announcements", path)
        assert result.rows == 3 and result.ignored == ["url"]


def test_fetch_report_kind_passes_the_keyword():
    calls: list = []
    rows = cninfo.fetch_announcements(
        ["300781"], D(2024, 4, 1), D(2024, 4, 30), kind="report", keyword="业绩说明会", ak=stub_akshare(calls)
    )
    assert calls[0][5] == {"keyword": "业绩说明会", "category": ""}
    assert [r["content"] for r in rows] == ["关于举行2023年度网上业绩说明会的公告"]


def test_fetch_hong_kong_codes_ask_the_hk_market():
    calls: list = []
    cninfo.fetch_announcements(["0020.HK"], D(2024, 4, 1), D(2024, 4, 30), ak=stub_akshare(calls))
    assert calls[0][1:3] == ("00020", "港股")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(fail=ConnectionError("Max retries exceeded")), "failed for 300781.SZ: ConnectionError"),
        (dict(drop_column="公告时间"), "without the columns 公告时间"),
    ],
)
def test_fetch_failures_are_named(kwargs, message):
    with pytest.raises(cninfo.LiveFetchError, match=message):
        cninfo.fetch_announcements(["300781"], D(2024, 4, 1), D(2024, 4, 30), ak=stub_akshare(**kwargs))


def test_fetch_without_akshare_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "akshare", None)  # import fails
    with pytest.raises(cninfo.LiveFetchError, match="needs akshare"):
        cninfo.fetch_announcements(["300781"], D(2024, 4, 1), D(2024, 4, 30))


@pytest.mark.parametrize(
    "value",
    [D(2024, 5, 7), dt.datetime(2024, 5, 7, 9, 30), pd.Timestamp("2024-05-07"), "2024-05-07 00:00:00", 1715045400000],
)
def test_announcement_times_in_every_shape(value):
    assert cninfo._date(value) == D(2024, 5, 7)


def test_cli_fetch_and_ingest(monkeypatch, tmp_path):
    from aimonthly.cli import app

    monkeypatch.setitem(sys.modules, "akshare", stub_akshare())
    out, wh = tmp_path / "a.csv", tmp_path / "w.duckdb"
    result = CliRunner().invoke(
        app,
        [
            "fetch-announcements",
            "300781",
            "--from",
            "2024-04-01",
            "--to",
            "2024-05-09",
            "--out",
            str(out),
            "--ingest",
            "-w",
            str(wh),
        ],
        env={"AIMONTHLY_CONFIG": ""},
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 announcements" in result.output and "2 announcements rows" in result.output
    with Warehouse.open(wh, read_only=True) as w:
        assert w.summary()[[d["dataset"] for d in w.summary()].index("announcements")]["rows"] == 2
