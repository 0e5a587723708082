"""aimonthly draft against a loopback chat-completions stub (tests/llm_stub.py): good drafts, planted
errors, protocol faults, retries, timeouts, the cache, and the key kept out of every output. The
month is a generated one (tests/guard_set.py's items and products in a warehouse of its own); the
CLI also runs on the demo, where every number it offers must trace to a fact or a source span."""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import guard_set as G
from aimonthly.cli import app
from aimonthly.config import load_settings
from aimonthly.core.house import default_house
from aimonthly.draft.errors import DraftError, EndpointUnreachable
from aimonthly.draft.llm import Endpoint, LLMClient, RequestFailed
from aimonthly.draft.output import draft_json, draft_markdown
from aimonthly.draft.run import draft_month, month_tasks
from aimonthly.ingest import ingest_file
from aimonthly.narrative import news as news_text
from aimonthly.warehouse import Warehouse
from llm_stub import Reply, StubLLM, writer

KEY = "sk-test-7f3a9c-DO-NOT-PRINT"
MESSAGES = [{"role": "user", "content": "写一句话"}]
HOUSE = default_house()


def client(base_url: str, tmp_path: Path, **kw) -> LLMClient:
    kw = {"timeout": 5.0, "max_retries": 2, **kw}
    return LLMClient(Endpoint(base_url, "stub-model", KEY, cache_dir=tmp_path / "cache", **kw))


def files_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file())


# --- the protocol ----------------------------------------------------------------------------


def test_an_answer_is_cached_and_a_second_ask_makes_no_request(tmp_path):
    with StubLLM(lambda body, n: Reply("草稿一句。")) as stub:
        c = client(stub.base_url, tmp_path)
        first, second = c.complete(MESSAGES, 100), c.complete(MESSAGES, 100)
        assert (first.text, first.cached, second.text, second.cached) == ("草稿一句。", False, "草稿一句。", True)
        assert len(stub.requests) == 1
        again = client(stub.base_url, tmp_path)  # a new process: the cache is on disk
        assert again.complete(MESSAGES, 100).cached and len(stub.requests) == 1
        assert not again.complete(MESSAGES, 200).cached  # another parameter is another request
    body = stub.requests[0]
    assert body["temperature"] == 0 and body["model"] == "stub-model" and body["messages"] == MESSAGES
    assert stub.headers[0]["authorization"] == f"Bearer {KEY}"  # the key goes to the endpoint, nowhere else
    assert KEY not in files_text(tmp_path / "cache") and len(list((tmp_path / "cache").rglob("*.json"))) == 2


def test_429_then_success_is_retried(tmp_path):
    script = lambda body, n: Reply(status=429, headers={"retry-after-ms": "5"}) if n == 0 else Reply("好。")  # noqa: E731
    with StubLLM(script) as stub:
        assert client(stub.base_url, tmp_path).complete(MESSAGES, 100).text == "好。"
        assert len(stub.requests) == 2


def test_500s_are_retried_a_bounded_number_of_times(tmp_path):
    with StubLLM(lambda body, n: Reply(status=500, headers={"retry-after-ms": "5"})) as stub:
        with pytest.raises(RequestFailed, match=r"answered HTTP 500 \(3 tries\)") as e:
            client(stub.base_url, tmp_path, max_retries=2).complete(MESSAGES, 100)
        assert len(stub.requests) == 3 and KEY not in str(e.value)
    assert not (tmp_path / "cache").exists() or not list(
        (tmp_path / "cache").rglob("*.json")
    )  # failures are not cached


def test_a_response_slower_than_the_timeout(tmp_path):
    with StubLLM(lambda body, n: Reply("迟到。", delay=1.5)) as stub:
        with pytest.raises(RequestFailed, match=r"did not answer within llm_timeout = 0.2 s \(2 tries\)"):
            client(stub.base_url, tmp_path, timeout=0.2, max_retries=1).complete(MESSAGES, 100)
        assert len(stub.requests) == 2


@pytest.mark.parametrize(
    "reply, why",
    [
        (Reply(raw=b'{"choices": [ not json'), "something other than chat-completions JSON"),
        (Reply(choices=False), "no choices"),
        (Reply(content=None), "an empty message"),
        (Reply(content="  "), "an empty message"),
    ],
)
def test_a_broken_answer_fails_its_request(tmp_path, reply, why):
    with StubLLM(lambda body, n: reply) as stub:
        with pytest.raises(RequestFailed, match=why):
            client(stub.base_url, tmp_path).complete(MESSAGES, 100)


@pytest.mark.parametrize(
    "status, message",
    [(401, "refused the key \\(HTTP 401\\)"), (403, "refused the key"), (404, "answered 404 for model 'stub-model'")],
)
def test_a_refused_key_or_a_wrong_model_stops_drafting(tmp_path, status, message):
    with StubLLM(lambda body, n: Reply(status=status)) as stub:
        with pytest.raises(DraftError, match=message) as e:
            client(stub.base_url, tmp_path).complete(MESSAGES, 100)
        assert stub.base_url.removesuffix("/v1") in str(e.value) and KEY not in str(e.value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_endpoint_is_one_error_naming_it_never_the_key(tmp_path):
    url = f"http://user:{KEY}@127.0.0.1:{free_port()}/v1"  # a key hidden in the address too
    with pytest.raises(EndpointUnreachable) as e:
        client(url, tmp_path, max_retries=0).complete(MESSAGES, 100)
    message = str(e.value)
    assert message.startswith(f"cannot reach the LLM endpoint http://127.0.0.1:{url.rsplit(':', 1)[1]}")
    assert KEY not in message and "user" not in message


def test_the_key_is_blanked_in_answers_and_logs(tmp_path, caplog):
    echo = lambda body, n: Reply(f"收到密钥 {KEY}。")  # noqa: E731  (a model that repeats what it was given)
    caplog.set_level(logging.DEBUG)
    with StubLLM(echo) as stub:
        answer = client(stub.base_url, tmp_path).complete(MESSAGES, 100)
    assert KEY not in answer.text and "[redacted]" in answer.text
    assert KEY not in caplog.text and KEY not in files_text(tmp_path)


def test_drafting_is_off_without_an_endpoint_and_says_how_to_turn_it_on():
    s = load_settings({}, env={})
    with pytest.raises(DraftError, match="drafting is off") as e:
        Endpoint.from_settings(s)
    assert "AIMONTHLY_LLM_BASE_URL" in (e.value.hint or "")
    s = load_settings({}, env={"AIMONTHLY_LLM_BASE_URL": "http://127.0.0.1:1/v1", "AIMONTHLY_LLM_API_KEY": KEY})
    with pytest.raises(DraftError, match="no llm_model"):
        Endpoint.from_settings(s)
    assert KEY not in repr(s) and KEY not in repr(Endpoint("http://x", "m", KEY))


def test_the_core_runs_without_the_openai_package(tmp_path):
    code = (
        "import sys; sys.modules['openai'] = None\n"
        "from typer.testing import CliRunner\nfrom aimonthly.cli import app\n"
        "r = CliRunner().invoke(app, ['config']); assert r.exit_code == 0, r.output\n"
        "r = CliRunner().invoke(app, ['draft', '2024-04'], env={'AIMONTHLY_LLM_BASE_URL': 'http://127.0.0.1:1/v1',"
        " 'AIMONTHLY_LLM_MODEL': 'm'}); assert r.exit_code == 1, r.output\n"
        "print(r.output)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "drafting needs the openai package" in out.stdout and "aimonthly[llm]" in out.stdout


# --- a generated month -----------------------------------------------------------------------

OVERSEAS = {"t01", "t03", "t05", "t07", "t09", "t11", "t13", "t15", "t17", "t19"}
# visits (2025-08, 2025-09) on each list: Lumo, Pebble and 星语 grow most; Quill AI has a registry description
TRAFFIC = {
    "global": {
        "Lumo": (10_655_000, 18_450_000),
        "Pebble": (68_050_000, 96_100_000),
        "Quill AI": (381_200_000, 412_300_000),
        **{f"G{i:02d}": (50_000_000 - i, 49_000_000 - i) for i in range(8)},
    },
    "domestic": {"星语": (22_680_000, 35_200_000), **{f"D{i:02d}": (20_000_000 - i, 19_500_000 - i) for i in range(8)}},
}


@pytest.fixture(scope="module")
def month(tmp_path_factory):
    folder = tmp_path_factory.mktemp("draft-month")
    news = folder / "news.jsonl"
    news.write_text(
        "".join(
            json.dumps(
                {
                    "date": it.date.isoformat(),
                    "region": "overseas" if it.id in OVERSEAS else "domestic",
                    "title": it.title,
                    "body": it.body,
                    "source": "测试源",
                },
                ensure_ascii=False,
            )
            + "\n"
            for it in G.ITEMS
        ),
        encoding="utf-8",
    )
    traffic = folder / "traffic.csv"
    with traffic.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["month", "list", "product", "visits"])
        for lst, rows in TRAFFIC.items():
            for product, (aug, sep) in rows.items():
                w.writerow(["2025-08", lst, product, aug])
                w.writerow(["2025-09", lst, product, sep])
    registry = folder / "products.yaml"
    registry.write_text(
        yaml.safe_dump(
            [
                {
                    "product": p.product,
                    "aliases": list(p.aliases),
                    "company": p.company,
                    "category": p.category,
                    **({"description": "在线写作助手。"} if p.product == "Quill AI" else {}),
                }
                for p in G.REGISTRY
            ],
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    wh_path = folder / "warehouse.duckdb"
    with Warehouse.open(wh_path) as wh:
        for dataset, path in (("news", news), ("traffic", traffic), ("products", registry)):
            ingest_file(wh, dataset, path)
    settings = load_settings(
        {"warehouse": str(wh_path), "content_dir": str(folder / "content"), "top_n": 5, "top_pool": 12}, env={}
    )
    from aimonthly.analytics.registry import Registry
    from aimonthly.pipeline import connection, month_facts

    facts = month_facts(settings, "2025-09")
    with connection(settings) as con:
        reg = Registry.load(con, every_column=True)
    return facts, reg


def expected_products(lists=("global", "domestic"), top_n=5, pool=10) -> set[str]:
    """Independently: the Top-N by growth of each list's pool (its Top-pool by visits), less the products
    the registry describes."""
    out = set()
    for lst in lists:
        rows = TRAFFIC[lst]
        pooled = sorted(rows, key=lambda p: -rows[p][1])[:pool]
        growth = sorted(pooled, key=lambda p: -(rows[p][1] / rows[p][0] - 1))[:top_n]
        out |= {p for p in growth if p != "Quill AI"}
    return out


PLANTED = {
    "Veridian 推出 V-Chip X3": lambda t: t.replace("85 亿美元", "86 亿美元"),
    "青松科技上半年营收": lambda t: t.replace("8.6 亿元", "8.6 万元"),
    "说明 Pebble 是什么产品": lambda t: t.replace("Pebble Inc", "Zephyr Labs"),
}


def test_a_month_drafts_every_printed_item_and_every_undescribed_grower(month):
    facts, registry = month
    tasks = month_tasks(facts, registry, HOUSE, ("global", "domestic"))
    printed = {i.id for items in facts.news.printed.values() for i in items}
    assert {t.item.id for t in tasks if t.kind == "news"} == printed and len(printed) == len(G.ITEMS)
    assert {t.label for t in tasks if t.kind == "product"} == expected_products(pool=12) >= {"Lumo", "Pebble", "星语"}
    assert [t.kind for t in tasks].count("cover") == 1


def test_planted_errors_are_dropped_and_their_items_fall_back(month, tmp_path):
    facts, registry = month
    with StubLLM(writer(PLANTED)) as stub:
        result = draft_month(facts, registry, HOUSE, client(stub.base_url, tmp_path), ("global", "domestic"))
        n = len(stub.requests)
        assert n == len(result.outcomes) and result.requests == n
        again = draft_month(facts, registry, HOUSE, client(stub.base_url, tmp_path), ("global", "domestic"))
        assert len(stub.requests) == n and again.cached == n and again.requests == 0  # the second run asks nothing
    by_label = {o.task.label: o for o in result.outcomes}
    veridian = next(o for o in result.of("news") if "Veridian" in o.task.label)
    qingsong = next(o for o in result.of("news") if "青松科技" in o.task.label)
    for o, figure in ((veridian, "86 亿美元"), (qingsong, "8.6 万元")):
        assert not o.offered and any(figure in r for v in o.verdicts for r in v.reasons)
        item = o.task.item
        assert o.to_dict()["fallback"] == news_text.summary(item.date, item.title, item.body, facts.news.summary_chars)
    assert not by_label["Pebble"].offered and "Zephyr" in " ".join(by_label["Pebble"].verdicts[0].reasons)
    others = [o for o in result.outcomes if o not in (veridian, qingsong, by_label["Pebble"])]
    assert all(o.offered for o in others), [(o.task.label, o.problems) for o in others if not o.offered]
    for o in result.of("news"):
        if o.offered:
            assert o.kept[0].startswith(f"{o.task.item.date.month} 月 {o.task.item.date.day} 日消息")


def test_the_draft_file_offers_kept_drafts_and_shows_fallbacks(month, tmp_path):
    facts, registry = month
    with StubLLM(writer(PLANTED)) as stub:
        result = draft_month(facts, registry, HOUSE, client(stub.base_url, tmp_path), ("global", "domestic"))
    md = draft_markdown(result, "content/2025-09.md")
    front = yaml.safe_load(md.split("```yaml\n", 1)[1].split("```", 1)[0])
    kept = {o.task.item.id: o.kept[0] for o in result.of("news") if o.offered}
    assert front == {"news": {"summary": kept}} and len(kept) == len(G.ITEMS) - 2
    veridian = next(o for o in result.of("news") if "Veridian" in o.task.label)
    assert veridian.task.fallback in md.replace("\\", "") and "86 亿美元" in md  # the fallback, and why
    assert KEY not in md and KEY not in draft_json(result)
    record = json.loads(draft_json(result))
    sentence = next(
        s for it in record["items"] if it["key"] == veridian.task.key for s in it["sentences"] if not s["kept"]
    )
    assert any(n["text"] == "86 亿美元" and n["matched"] == [] for n in sentence["numbers"])
    names = [n for it in record["items"] if it["key"] == veridian.task.key for s in it["sentences"] for n in s["names"]]
    assert any(n["text"] == "Veridian" and n["matched"] == ["title"] for n in names)


def test_a_kept_summary_in_the_front_matter_replaces_the_extractive_one(month):
    from aimonthly.report.news import blocks

    facts, _ = month
    item = facts.news.printed["overseas"][0]
    own = f"{item.date.month} 月 {item.date.day} 日消息，分析师保留的摘要。"
    ctx = facts.context.__class__(**{**facts.context.__dict__, "meta": {"news": {"summary": {item.id: own}}}})
    paras = [b for b in blocks(facts.news, HOUSE, ctx)["news.overseas"]() if hasattr(b, "runs")]
    texts = ["".join(r.text for r in p.runs) for p in paras]
    assert own in texts and news_text.summary(item.date, item.title, item.body, facts.news.summary_chars) not in texts


# --- the command, on the demo ----------------------------------------------------------------


def test_draft_on_the_demo_traces_every_number_and_keeps_the_key_out(demo_warehouse, tmp_path):
    from aimonthly.demo import content_dir

    wh = tmp_path / "warehouse.duckdb"
    shutil.copy(demo_warehouse, wh)
    content = tmp_path / "content"
    shutil.copytree(content_dir(), content)
    with StubLLM(writer({"标题：Archetype AI": lambda t: t.replace("Newton", "Newton Pro")})) as stub:
        env = {
            "AIMONTHLY_WAREHOUSE": str(wh),
            "AIMONTHLY_CONTENT_DIR": str(content),
            "AIMONTHLY_LLM_BASE_URL": stub.base_url,
            "AIMONTHLY_LLM_MODEL": "stub-model",
            "AIMONTHLY_LLM_API_KEY": KEY,
            "AIMONTHLY_LLM_CACHE_DIR": str(tmp_path / "cache"),
            "COLUMNS": "200",
        }
        first = CliRunner().invoke(app, ["draft", "2024-04", "--json"], env=env)
        assert first.exit_code == 0, first.output
        n = len(stub.requests)
        second = CliRunner().invoke(app, ["draft", "2024-04"], env=env)
        assert second.exit_code == 0 and len(stub.requests) == n  # all from the cache
    record = json.loads(first.stdout)
    assert record["requests"] == n and "0 requests" in second.output and "from the cache" in second.output
    for item in record["items"]:
        for s in item["sentences"]:
            if s["kept"]:
                assert all(x["matched"] or x.get("note") for x in s["numbers"]), s
                assert all(x["matched"] for x in s["names"]), s
    pinned = next(it for it in record["items"] if it["id"] == "n-c7366b17")
    assert not pinned["offered"] and any("Pro" in r for s in pinned["sentences"] for r in s["dropped_because"])
    draft_file = content / "2024-04.draft.md"
    assert draft_file.is_file() and "## 产品说明" in draft_file.read_text(encoding="utf-8")
    everything = first.output + second.output + files_text(tmp_path)
    assert KEY not in everything and KEY not in os.environ.get("AIMONTHLY_LLM_API_KEY", "")


# --- hostile strings: from the data and from the model ---------------------------------------


def test_hostile_strings_stay_text_in_the_draft_file():
    """Every string of the hostile corpus as a news item's title and body, and as the model's answer
    (a model may repeat its input): a kept draft holds no markup, and the file shows data as text."""
    import datetime as dt

    from markdown_it import MarkdownIt

    from aimonthly.analytics.news import NewsItem
    from aimonthly.draft.guard import Source
    from aimonthly.draft.names import NameBook
    from aimonthly.draft.run import DraftResult, judge
    from aimonthly.draft.tasks import Task
    from hostile import CORPUS

    day = dt.date(2023, 6, 5)
    outcomes = []
    for i, (_, s) in enumerate(CORPUS):
        item = NewsItem(f"n-{i:08x}", day, "overseas", False, "given", "源", s, s, None, f"g-{i}", 1, 0.0, "printed")
        task = Task(
            "news",
            f"news/{item.id}",
            s,
            [],
            Source({"title": s, "body": s}, {"item date": day.isoformat()}, opening=day),
            "overseas",
            item,
            "6 月 5 日消息，" + s,
        )
        answer = "6 月 5 日消息，" + s + "。" + "该消息发布后引起了行业的广泛关注，多家机构随后发表了评论。" * 3
        o = judge(task, answer, NameBook({}), HOUSE.draft)
        for text in o.kept:
            assert not any(ch in text for ch in "<>{}[]`|\\*"), text
        outcomes.append(o)
    md = draft_markdown(DraftResult("2023-06", "http://127.0.0.1:1/v1", "m", outcomes), "content/2023-06.md")
    tokens = MarkdownIt("commonmark").parse(md)
    every = tokens + [c for t in tokens for c in (t.children or [])]
    html = [t.content for t in every if t.type in ("html_block", "html_inline")]
    assert len(html) == 1 and html[0].startswith("<!-- Drafted by")  # the file's own header, nothing from data
    assert not [t for t in every if t.type in ("link_open", "image")]
    code = [t.content for t in every if t.type == "code_inline"]
    assert set(code) <= {o.task.item.id for o in outcomes} | {"description", "news:"}  # the file's own, none from data
    assert "{{" not in md.replace("\\{", "") and "\x1b" not in md and "\u202e" not in md


def test_doctor_needs_the_llm_extra_only_when_an_endpoint_is_set(monkeypatch):
    from aimonthly.doctor import install_checks

    monkeypatch.setitem(sys.modules, "openai", None)  # as if not installed
    off = {c.name: c for c in install_checks()}["openai"]
    on = {c.name: c for c in install_checks(llm=True)}["openai"]
    assert (off.status, on.status) == ("off", "fail") and "aimonthly[llm]" in on.detail
