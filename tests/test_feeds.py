"""News feeds over HTTP, on a loopback server only: conditional requests, bounded timeouts, broken
XML, deduplication against the warehouse (with the rows a (date, source) replacement must carry),
and what is remembered between fetches."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.cycle import fetch_news
from aimonthly.cycle.config import feed_specs
from aimonthly.cycle.news import load_state, state_path
from aimonthly.config import load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.core.house import default_house
from aimonthly.ingest import IngestError, Limits, ingest_file
from aimonthly.ingest.feeds import FeedSpec, Validators, fetch_feed, http_get
from aimonthly.warehouse import Warehouse
from cycle_kit import END, FEEDS, START, FeedServer, feeds_toml

# The inbox's news items the warehouse holds before the feeds are read (as in the full run).
HELD = [
    {
        "date": "2024-05-14",
        "region": "overseas",
        "title": "OpenAI 发布 GPT-4o，实时语音交互延迟大幅降低",
        "body": "b1",
        "source": "财联社",
        "url": "https://example.com/n/1",
    },
    {
        "date": "2024-05-22",
        "region": "domestic",
        "title": "国产大模型厂商密集下调 API 价格",
        "body": "b2",
        "source": "科技日报",
        "url": "https://example.com/n/2",
    },
    {
        "date": "2024-05-28",
        "region": "domestic",
        "title": "工信部发布算力基础设施建设指引",
        "body": "b3",
        "source": "新华社",
        "url": "https://example.com/n/3",
    },
]
# What the recorded feeds add to it in the 2024-05 window, worked out by hand from tests/data/feeds/.
NEW = {
    ("2024-05-22", "科技日报", "智谱开放 GLM-4 微调接口"),  # shares its day and source with a held item
    ("2024-05-30", "科技日报", "百度文心大模型日均调用量突破 2 亿次"),
    ("2024-05-15", "Overseas AI Wire", "谷歌 I/O 大会发布 Gemini 1.5 Pro 更新"),  # no source set: the feed's title
    ("2024-05-21", "Overseas AI Wire", "微软 Build 大会推出 Copilot+ PC"),
    ("2024-05-16", "财联社", "英伟达一季度数据中心收入同比大增"),
}


@pytest.fixture
def server():
    with FeedServer(hold=3.0) as s:
        yield s


def spec(server, path, **kw) -> FeedSpec:
    return FeedSpec(kw.pop("name", path.strip("/").split(".")[0]), server.url(path), **kw)


def specs(server, failing=False) -> list[FeedSpec]:
    import tomllib

    feeds = tomllib.loads(feeds_toml(server, failing=failing))["house"]["news"]["feeds"]
    return feed_specs(default_house().model_copy(update={"news": default_house().news.replace(feeds=feeds)}))


def held_warehouse(tmp_path) -> Path:
    path = tmp_path / "w.duckdb"
    f = tmp_path / "news_may.jsonl"
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in HELD) + "\n", encoding="utf-8")
    with Warehouse.open(path) as wh:
        ingest_file(wh, "news", f)
    return path


def news_rows(path: Path) -> list[dict]:
    with Warehouse.open(path, read_only=True) as wh:
        return wh.ibis().table("news").drop("batch_id").to_pyarrow().to_pylist()


# -- one feed ---------------------------------------------------------------------------------------


def test_a_feed_with_an_etag_answers_304_to_the_conditional_request(server):
    first = fetch_feed(spec(server, "/overseas.atom"))
    assert first.status == "fetched" and first.validators == Validators(FeedServer.ETAG, None)
    assert [r["title"] for r in first.rows] == [
        "谷歌 I/O 大会发布 Gemini 1.5 Pro 更新",
        "微软 Build 大会推出 Copilot+ PC",
    ]
    assert {r["source"] for r in first.rows} == {"Overseas AI Wire"} and [r["date"] for r in first.rows] == [
        "2024-05-15",
        "2024-05-21",
    ]
    second = fetch_feed(spec(server, "/overseas.atom"), first.validators)
    assert second.status == "not_modified" and second.rows == ()
    assert "If-None-Match" not in server.requests[0][1] and server.requests[1][1]["If-None-Match"] == FeedServer.ETAG


def test_last_modified_is_sent_back_as_if_modified_since(server):
    first = fetch_feed(spec(server, "/dup.xml", source="财联社"))
    assert first.validators.last_modified == FeedServer.LAST_MODIFIED and {r["source"] for r in first.rows} == {
        "财联社"
    }
    assert fetch_feed(spec(server, "/dup.xml"), first.validators).status == "not_modified"


def test_a_slow_feed_times_out_within_its_own_timeout(server):
    t = time.monotonic()
    r = fetch_feed(spec(server, "/slow.xml", timeout=0.3))
    assert r.status == "failed" and r.error.startswith("timed out after 0.3 s")
    assert time.monotonic() - t < 2.5  # the server would have answered after 3 s


def test_a_feed_that_trickles_is_cut_at_the_deadline_not_at_each_wait(server):
    # every byte arrives within 50 ms, far inside the timeout; the whole would take ~75 s
    r = fetch_feed(spec(server, "/trickle.xml", timeout=0.5))
    assert r.status == "failed" and r.error.startswith("timed out after 0.5 s")


def test_broken_xml_fails_the_feed_instead_of_giving_part_of_it(server):
    r = fetch_feed(spec(server, "/broken.xml"))
    assert r.status == "failed" and r.rows == ()
    assert r.error.startswith("not a readable RSS/Atom feed") and "no element found" in r.error


def test_the_same_broken_feed_as_a_file_is_rejected_too(tmp_path, warehouse):
    f = tmp_path / "broken.rss"
    f.write_bytes((FEEDS / "broken.xml").read_bytes())  # feedparser salvages one item from it
    with pytest.raises(IngestError, match="not a readable RSS/Atom feed"):
        ingest_file(warehouse, "news", f)
    assert warehouse.last_batch_id() == 0


def test_http_errors_refused_connections_and_non_http_redirects_are_reasons(server):
    assert fetch_feed(spec(server, "/missing.xml")).error == "HTTP 404 Not Found"
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = fetch_feed(FeedSpec("gone", f"http://127.0.0.1:{port}/feed.xml", timeout=2))
    assert refused.status == "failed" and refused.error.startswith("cannot connect")
    to_file = fetch_feed(spec(server, "/to-file"))  # urllib refuses this one itself
    assert to_file.status == "failed" and "file:///etc/passwd" in to_file.error and "not allowed" in to_file.error
    to_ftp = fetch_feed(spec(server, "/to-ftp"))  # urllib would follow this one
    assert (
        to_ftp.status == "failed"
        and to_ftp.error == "redirected to 'ftp://127.0.0.1/feed.xml', which is not http or https"
    )


def test_a_server_trickling_its_headers_is_cut_at_the_deadline(server):
    t = time.monotonic()
    r = fetch_feed(spec(server, "/header-trickle.xml", timeout=0.5))  # the whole would take 22 s
    assert r.status == "failed" and r.error.startswith("timed out after 0.5 s")
    assert time.monotonic() - t < 2.5


def test_one_deadline_covers_every_redirect_hop(server):
    server.hop_delay = 0.5  # five hops of 0.5 s: each well inside 1 s, the whole not
    t = time.monotonic()
    r = fetch_feed(spec(server, "/hop/4", timeout=1.0))
    assert r.status == "failed" and r.error.startswith("timed out after 1 s") and "redirects included" in r.error
    assert time.monotonic() - t < 2.0


def test_at_most_max_redirects_are_followed(server):
    assert fetch_feed(spec(server, "/hop/4", name="five")).status == "fetched"  # five redirects: the default
    r = fetch_feed(spec(server, "/hop/5", name="six"))
    assert r.status == "failed" and r.error == "more than 5 redirects (setting [fetch] max_redirects)"
    assert fetch_feed(spec(server, "/hop/5", name="six", max_redirects=6)).status == "fetched"


def test_a_redirect_to_another_host_or_port_is_refused_unless_the_feed_allows_it(server):
    with FeedServer() as other:
        server.elsewhere = other.url("/tech.xml")
        where = other.url("").split("//")[1]  # 127.0.0.1:PORT
        r = fetch_feed(spec(server, "/to-elsewhere"))
        assert r.status == "failed" and f"redirected to another host, {where}" in r.error
        assert "redirect_hosts" in r.error and other.paths() == []  # never asked
        ok = fetch_feed(spec(server, "/to-elsewhere", redirect_hosts=(where,)))
        assert ok.status == "fetched" and other.paths() == ["/tech.xml"]


def test_an_answer_larger_than_the_cap_is_refused(server):
    with pytest.raises(Exception, match="larger than"):
        http_get(server.url("/tech.xml"), timeout=5, max_bytes=100)


# -- settings -----------------------------------------------------------------------------------------

URL = 'url = "https://e.com/f"\n'


@pytest.mark.parametrize(
    "feed, message",
    [
        (
            '[house.news.feeds.f]\nurl = "file:///etc/passwd"',
            r"\[house.news.feeds.f.url\]: 'file:///etc/passwd' is not an http",
        ),
        ('[house.news.feeds.f]\nurl = "ftp://example.com/f.xml"', "is not an http or https URL"),
        ('[house.news.feeds.f]\nsource = "x"', r"\[house.news.feeds.f\]: url is missing"),
        ("[house.news.feeds.f]\n" + URL + 'region = "asia"', "region = 'asia' must be one of 'overseas' or 'domestic'"),
        ("[house.news.feeds.f]\n" + URL + "timeout = 0", "timeout = 0 must be positive"),
        ("[house.news.feeds.f]\n" + URL + 'timeout = "soon"', "timeout = 'soon' must be a number"),
        ("[house.news.feeds.f]\n" + URL + 'lang = "zh"', r"\[house.news.feeds.f\]: unknown key 'lang'"),
        ('[house.news.feeds]\nf = "https://e.com/f"', r"\[house.news.feeds\]: f = 'https://e.com/f' must be a table"),
    ],
)
def test_feed_settings_are_checked(tmp_path, feed, message):
    (tmp_path / "aimonthly.toml").write_text(feed + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, start=tmp_path)


def test_default_house_has_no_feeds_and_a_project_adds_them(tmp_path):
    assert feed_specs(load_settings(env={}, start=tmp_path).house) == []
    (tmp_path / "aimonthly.toml").write_text(
        '[house.news.feeds.wire]\nurl = "https://e.com/rss"\nregion = "overseas"\n', encoding="utf-8"
    )
    (f,) = feed_specs(load_settings(env={}, start=tmp_path).house)
    assert (f.name, f.url, f.region, f.source, f.timeout) == ("wire", "https://e.com/rss", "overseas", None, 20.0)


# -- many feeds, against the warehouse ------------------------------------------------------------------


def test_new_items_only_and_the_held_rows_of_their_days_are_kept(server, tmp_path):
    wh = held_warehouse(tmp_path)
    res = fetch_news(wh, specs(server, failing=True), START, END, out=tmp_path / "f.jsonl", ingest=True)
    by = {f.name: f for f in res.feeds}
    assert (by["tech"].items, by["tech"].new, by["tech"].outside, by["tech"].held) == (4, 2, 2, 0)
    assert (by["overseas"].new, by["dup"].new, by["dup"].held) == (2, 1, 2)  # one by key, one by link
    assert by["slow"].status == by["broken"].status == "failed" and len(res.failed) == 2
    # a file per feed: the five new items, plus the held 科技日报 item of 2024-05-22 tech's would otherwise replace
    assert [p.name for p in res.files] == ["f-tech.jsonl", "f-overseas.jsonl", "f-dup.jsonl"]
    lines = [json.loads(x) for p in res.files for x in p.read_text(encoding="utf-8").splitlines()]
    assert {(r["date"], r["source"], r["title"]) for r in lines} == NEW | {("2024-05-22", "科技日报", HELD[1]["title"])}
    assert res.new_rows == 5 and res.carried_rows == 1 == by["tech"].carried and len(res.batches) == 3
    rows = news_rows(wh)
    assert {(r["date"].isoformat(), r["source"], r["title"]) for r in rows} == NEW | {
        (h["date"], h["source"], h["title"]) for h in HELD
    }
    assert next(r for r in rows if r["title"] == HELD[1]["title"])["body"] == "b2"  # carried whole
    assert {r["region"] for r in rows if r["source"] == "Overseas AI Wire"} == {"overseas"}
    assert {r["region"] for r in rows if r["title"] == "英伟达一季度数据中心收入同比大增"} == {
        None
    }  # inferred at build time


def test_a_second_fetch_adds_nothing_and_asks_conditionally(server, tmp_path):
    wh = held_warehouse(tmp_path)
    fetch_news(wh, specs(server), START, END, out=tmp_path / "1.jsonl", ingest=True)
    digest = Warehouse.open(wh, read_only=True).content_digest()
    n = len(server.requests)
    again = fetch_news(wh, specs(server), START, END, out=tmp_path / "2.jsonl", ingest=True)
    assert again.new_rows == 0 and again.files == () == again.batches and not list(tmp_path.glob("2*.jsonl"))
    assert {f.name: f.status for f in again.feeds} == {
        "tech": "nothing new",
        "overseas": "not modified",
        "dup": "not modified",
    }
    sent = {p: h for p, h in server.requests[n:]}
    assert sent["/overseas.atom"]["If-None-Match"] == FeedServer.ETAG
    assert sent["/dup.xml"]["If-Modified-Since"] == FeedServer.LAST_MODIFIED
    assert "If-None-Match" not in sent["/tech.xml"] and "If-Modified-Since" not in sent["/tech.xml"]
    assert Warehouse.open(wh, read_only=True).content_digest() == digest


def test_a_feed_with_items_after_the_window_is_not_remembered(server, tmp_path):
    wh = held_warehouse(tmp_path)
    # the window ends before the overseas feed's second item: a later 304 would hide it for good
    import datetime as dt

    fetch_news(wh, specs(server), START, dt.date(2024, 5, 18), out=tmp_path / "a.jsonl", ingest=True)
    assert load_state(state_path(wh)) == {}  # overseas has 05-21 and dup 05-28 after it; tech sends no validators
    n = len(server.requests)
    res = fetch_news(wh, specs(server), START, END, out=tmp_path / "b.jsonl", ingest=True)
    assert "If-None-Match" not in dict(server.requests[n:])["/overseas.atom"]
    assert ("2024-05-21", "Overseas AI Wire", "微软 Build 大会推出 Copilot+ PC") in {
        (r["date"].isoformat(), r["source"], r["title"]) for r in news_rows(wh)
    }
    assert res.batches


def test_a_rebuilt_warehouse_is_not_fooled_by_remembered_validators(server, tmp_path):
    wh = held_warehouse(tmp_path)
    fetch_news(wh, specs(server), START, END, out=tmp_path / "a.jsonl", ingest=True)
    state = state_path(wh).read_text(encoding="utf-8")
    wh.unlink()  # rebuilt from the inbox files only; the state file stays behind
    wh = held_warehouse(tmp_path)
    assert state_path(wh).read_text(encoding="utf-8") == state
    n = len(server.requests)
    res = fetch_news(wh, specs(server), START, END, out=tmp_path / "b.jsonl", ingest=True)
    assert all("If-None-Match" not in h and "If-Modified-Since" not in h for _, h in server.requests[n:])
    assert res.new_rows == 5


def test_without_ingest_the_file_is_written_and_nothing_is_remembered(server, tmp_path):
    wh = held_warehouse(tmp_path)
    res = fetch_news(wh, specs(server), START, END, out=tmp_path / "f.jsonl", ingest=False)
    assert res.new_rows == 5 and res.batches == () and len(res.files) == 3 and all(p.is_file() for p in res.files)
    assert not state_path(wh).exists() and len(news_rows(wh)) == 3


def test_cli_reports_each_feed_and_fails_when_one_failed(server, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "aimonthly.toml").write_text('warehouse = "w.duckdb"\n' + feeds_toml(server), encoding="utf-8")
    held_warehouse(tmp_path)
    r = CliRunner().invoke(
        app,
        ["fetch-news", "--from", "2024-05-01", "--to", "2024-06-09", "--ingest"],
        env={"COLUMNS": "250", "NO_COLOR": "1"},
    )
    assert r.exit_code == 1, r.output
    assert (
        "tech: 4 items, 2 new, 2 outside the window" in r.output and "dup: 3 items, 1 new, 2 already held" in r.output
    )
    assert (
        "slow: failed: timed out after 0.5 s" in r.output and "broken: failed: not a readable RSS/Atom feed" in r.output
    )
    assert "tech: wrote 2 new items to news-feeds-tech.jsonl (and 1 held item of the same days" in r.output
    assert "overseas: wrote 2 new items to news-feeds-overseas.jsonl, ingested as batch 3" in r.output
    assert "Error: 2 of 5 feeds failed: slow, broken" in r.output
    bad = CliRunner().invoke(app, ["fetch-news", "--from", "2024-06-09", "--to", "2024-05-01"], env={"NO_COLOR": "1"})
    assert bad.exit_code == 1 and "is before --from" in bad.output


def _rss(title: str, items: list[tuple[dt.date, str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><description>{body}</description><link>https://e.com/{title}/{i}</link>"
        f"<pubDate>{day:%a, %d %b %Y} 08:00:00 GMT</pubDate></item>"
        for i, (day, t, body) in enumerate(items)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'.encode()


def test_an_item_over_the_row_limit_is_dropped_and_a_bad_feed_fails_alone_named(server, tmp_path):
    """Each feed's items are a file of their own: an item too big for a row is dropped with a finding, and a
    feed whose file is rejected (here: items dated after today, inside a window that reaches past it) fails
    alone, named, while the others' items arrive."""
    today = dt.date.today()
    wh = held_warehouse(tmp_path)
    server.bodies["/big.xml"] = _rss("Big", [(today, "小条目", "short"), (today, "大条目", "x" * (1 << 20) + "y")])
    server.bodies["/ahead.xml"] = _rss("Ahead", [(today + dt.timedelta(days=2), "明天的新闻", "from the future")])
    server.bodies["/fine.xml"] = _rss("Fine", [(today, "甲", "a"), (today - dt.timedelta(days=1), "乙", "b")])
    feeds = [spec(server, f"/{n}.xml") for n in ("big", "ahead", "fine")]
    window = (today - dt.timedelta(days=5), today + dt.timedelta(days=5))
    res = fetch_news(wh, feeds, *window, out=tmp_path / "news.jsonl", ingest=True, limits=Limits(max_row_mb=1))
    by = {f.name: f for f in res.feeds}
    assert (by["big"].status, by["big"].new, by["fine"].new) == ("new", 1, 2)
    (dropped,) = by["big"].findings
    assert "大条目" in dropped and "over the limit of 1 MB" in dropped and "max_row_mb" in dropped
    assert "dropped" in by["big"].line() and "大条目" not in by["big"].line()
    assert by["ahead"].status == "failed" and "is in the future" in by["ahead"].error
    assert by["ahead"].line().startswith("ahead: failed: ")
    titles = {r["title"] for r in news_rows(wh)}
    assert titles == {h["title"] for h in HELD} | {"小条目", "甲", "乙"}
    assert [p.name for p in res.files] == ["news-big.jsonl", "news-ahead.jsonl", "news-fine.jsonl"]
