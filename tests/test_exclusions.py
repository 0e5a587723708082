"""Front-matter exclusions beyond traffic, on generated data: an app removed before the app-store
facts, news items removed by id and by product (the registry's aliases too), a stock removed
from the movers; each exhibit says so. And the exclude: entries' validation."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json

import pytest

from aimonthly.analytics import compute_facts, make_context
from aimonthly.analytics.errors import AnalyticsError
from aimonthly.analytics.exclusions import exclusion_lines, parse_exclusions
from aimonthly.analytics.news import item_id
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.report import app_store as app_blocks
from aimonthly.report import market as market_blocks
from aimonthly.report import news as news_blocks
from aimonthly.warehouse import Warehouse
from aimonthly.warehouse.backends import analytics_connection

D = dt.date
DATA_DATE = D(2022, 11, 9)
BOGUS = "Bogus Rank Bot"


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    d = tmp_path_factory.mktemp("excl")
    days = [D(2022, 10, 1) + dt.timedelta(days=i) for i in range(40)]
    apps = [BOGUS] + [f"App {c}" for c in "ABCDEFGHIJ"]
    ranks = [
        (day, "ai应用", app, f"dev {i}", i + 1 if app != BOGUS or day >= D(2022, 10, 20) else None)
        for day in days
        for i, app in enumerate(apps)
    ]
    write(d / "apps.csv", ["date", "keyword", "app", "developer", "rank"], [r for r in ranks if r[4] is not None])
    news = [
        (D(2022, 11, 2), "overseas", "Kimi Chat 推出长文本新功能", "月之暗面宣布其产品上线。", "Reuters"),
        (D(2022, 11, 3), "domestic", "某公司发布大模型", "国内厂商发布新模型。", "36氪"),
        (D(2022, 11, 4), "domestic", "重复报道：某公司发布大模型", "与前文相同的事件。", "IT之家"),
        (D(2022, 11, 5), "overseas", "OpenAI 更新产品", "海外厂商更新。", "The Verge"),
    ]
    write(d / "news.csv", ["date", "region", "title", "body", "source"], news)
    trading = [d for d in (D(2022, 10, 28) + dt.timedelta(days=i) for i in range(13)) if d.weekday() < 5]
    idx = [
        (t, code, name, 100 + i)
        for i, t in enumerate(trading)
        for code, name in (
            ("000300.SH", "沪深300"),
            ("801750.SI", "计算机"),
            ("801760.SI", "传媒"),
            ("931441.CSI", "AI50"),
        )
    ]
    write(d / "index.csv", ["date", "code", "name", "close"], idx)
    stocks = [
        (t, f"30000{k}.SZ", f"股票{k}", 10 * (1 + 0.05 * k * i), "计算机")
        for i, t in enumerate(trading)
        for k in range(1, 8)
    ]
    write(d / "stocks.csv", ["date", "code", "name", "close", "industry"], stocks)
    write(d / "products.csv", ["product", "aliases"], [("Kimi", "Kimi Chat")])
    path = d / "w.duckdb"
    with Warehouse.open(path) as w:
        for ds, f in [
            ("app_ranks", "apps.csv"),
            ("news", "news.csv"),
            ("index_prices", "index.csv"),
            ("stock_prices", "stocks.csv"),
            ("products", "products.csv"),
        ]:
            ingest_file(w, ds, d / f, today=D(2026, 1, 1))
    return path, news


def facts(wh, exclude=None, only=("app_store", "news", "market"), backend="duckdb"):
    path, _ = wh
    ctx = make_context("2022-11", DATA_DATE, house=default_house(), exclusions=parse_exclusions(exclude, source="m.md"))
    with analytics_connection(path, backend, spark_data=path.parent / "parquet") as con:
        return compute_facts(con, ctx, only=list(only))


def test_an_excluded_app_is_gone_before_the_top_apps_are_found(wh, backend):
    before = facts(wh, only=["app_store"], backend=backend).app_store
    assert BOGUS in [r["app"] for r in before.top_apps] and BOGUS in [r["app"] for r in before.new_apps.table]
    after = facts(
        wh,
        {"app_ranks": [{"product": "bogus rank bot", "reason": "榜单抓取错误"}]},
        only=["app_store"],
        backend=backend,
    ).app_store
    shown = [r["app"] for r in after.top_apps + after.falling_apps + after.new_apps.table + after.rising_apps.table]
    assert BOGUS not in shown and [r["app"] for r in after.top_apps] == ["App A", "App B"]  # ranks stay as recorded
    assert after.excluded == [
        {"product": "bogus rank bot", "apps": [BOGUS], "reason": "榜单抓取错误", "exhibits": ["top_apps", "new_apps"]}
    ]
    blocks = app_blocks.blocks(after, default_house(), None)
    _, note = blocks["app_store.top_apps"]()
    assert note.text == "注：排名走势中已剔除 bogus rank bot（榜单抓取错误）"
    assert isinstance(blocks["app_store.rising_apps"](), object)
    assert json.loads(json.dumps(after.to_dict(), default=str))["excluded"][0]["apps"] == [BOGUS]


def test_news_excluded_by_id_and_by_product_alias(wh):
    _, news = wh
    dup = item_id(news[2][0], news[2][4], news[2][2])
    f = facts(
        wh,
        {"news": [{"id": dup, "reason": "重复报道"}, {"product": "Kimi", "reason": "非 AI 应用新闻"}]},
        only=["news"],
    ).news
    titles = [i.title for r in ("overseas", "domestic") for i in f.items[r]]
    assert news[2][2] not in titles and "重复报道：某公司发布大模型" not in titles
    assert "Kimi Chat 推出长文本新功能" not in titles  # names Kimi by its registered alias
    assert {(e["id"], e["region"], e["reason"]) for e in f.excluded} == {
        (dup, "domestic", "重复报道"),
        (item_id(news[0][0], news[0][4], news[0][2]), "overseas", "非 AI 应用新闻"),
    }
    values = news_blocks.blocks(f, default_house(), None)["news.domestic"]()
    assert values[-1].text == "注：新闻选取中已剔除 重复报道：某公司发布大模型（重复报道）"


def test_a_stock_excluded_by_bare_code_leaves_the_movers(wh, backend):
    before = facts(wh, only=["market"], backend=backend).market
    assert before.movers["计算机"]["gainers"][0]["code"] == "300007.SZ"
    after = facts(
        wh, {"stock_prices": [{"product": "300007", "reason": "停牌"}]}, only=["market"], backend=backend
    ).market
    assert "300007.SZ" not in [g["code"] for g in after.movers["计算机"]["gainers"] + after.movers["计算机"]["losers"]]
    assert after.movers["计算机"]["n_ranked"] == before.movers["计算机"]["n_ranked"] - 1
    assert after.removed == [{"code": "300007.SZ", "name": "股票7", "industry": "计算机", "reason": "停牌"}]
    blocks = market_blocks.blocks(after, default_house(), None)
    _, note = blocks["market.computer.movers"]()
    assert note.text == "注：涨跌幅排名中已剔除 股票7（300007.SZ）（停牌）"
    assert not isinstance(blocks["market.media.movers"](), tuple)  # the stock was never in 传媒


@pytest.mark.parametrize(
    "exclude, message",
    [
        (
            {"app_ranks": [{"product": "Bogus Bot", "reason": "x"}]},
            "no app 'Bogus Bot' in the “ai应用” results .* did you mean 'Bogus Rank Bot'",
        ),
        ({"news": [{"id": "n-00000000", "reason": "x"}]}, "exclude.news: no item in the window is 'n-00000000'"),
        (
            {"stock_prices": [{"product": "股票99", "reason": "x"}]},
            "no stock '股票99' .* did you mean '股票9'|no stock '股票99'",
        ),
    ],
)
def test_an_exclusion_matching_nothing_is_an_error(wh, exclude, message):
    with pytest.raises(AnalyticsError, match=message):
        facts(wh, exclude)


@pytest.mark.parametrize(
    "value, message",
    [
        (
            {"trafic": [{"product": "X", "reason": "y"}]},
            "m.md:4: exclude: unknown dataset 'trafic'; did you mean 'traffic'",
        ),
        (
            {"traffic": [{"product": "X", "reson": "y"}]},
            "m.md:5: exclude.traffic\\[0\\]: unknown key 'reson'; did you mean 'reason'",
        ),
        ({"traffic": [{"product": "X"}]}, "m.md:5: exclude.traffic\\[0\\]: give the reason"),
        ({"traffic": [{"reason": "y"}]}, "name the product to exclude"),
        (
            {"traffic": [{"product": "X", "reason": "y", "list": "globl"}]},
            "list 'globl' is not a list; did you mean 'global'",
        ),
        (["traffic"], "exclude must map datasets to lists"),
    ],
)
def test_exclusion_entries_are_validated_with_their_line(value, message):
    import yaml

    front = "---\ntitle: x\n" + yaml.safe_dump({"exclude": value}, allow_unicode=True, default_flow_style=False)
    with pytest.raises(AnalyticsError, match=message):
        parse_exclusions(value, source="m.md", lines=exclusion_lines(front))


def test_exclusion_entries_parse():
    e = parse_exclusions(
        {
            "traffic": [{"product": "X", "list": "全球", "reason": "y"}],
            "stock_prices": {"code": "300418", "reason": "z"},
        }
    )
    assert [dataclasses.astuple(x)[:4] for x in e] == [
        ("traffic", "X", "y", "global"),
        ("stock_prices", "300418", "z", None),
    ]
    assert e[0].to_dict() == {"dataset": "traffic", "list": "global", "product": "X", "reason": "y"}


def test_new_month_drops_last_months_exclusions_and_marks_copied_text(tmp_path):
    from aimonthly.content.scaffold import scaffold_month

    (tmp_path / "2022-10.md").write_text(
        "---\ntitle: x\ndate: 2022-11-10\nexclude:\n  traffic:\n    - {product: X, reason: y}\n"
        "analysts: []\n---\n\n# 正文\n\nX 的访问量为 3 万次。\n",
        encoding="utf-8",
    )
    path, _ = scaffold_month(tmp_path, "2022-11", fallback=tmp_path / "2022-10.md")
    text = path.read_text(encoding="utf-8")
    assert "exclude" not in text and "analysts: []" in text and "X 的访问量为 3 万次。" in text
    assert text.splitlines()[1].startswith("# COPIED FROM 2022-10.md by aimonthly new")
    assert "date: 2022-12-10" in text
