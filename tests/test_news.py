"""News digest: the demo prints the reference's selection for 2024-04 (one item per event); a
generated set checks same-event grouping (Chinese and English, pairs that must and must not
group), region inference, selection with pins and drops, and cutting at sentence boundaries."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import re

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from aimonthly.analytics import make_context
from aimonthly.analytics.news import compute, infer_region, item_id, news_facts
from aimonthly.analytics.newsgroup import AliasTable, features, group, normalise
from aimonthly.core.house import default_house
from aimonthly.demo import content_dir, data_dir
from aimonthly.ingest import ingest_file
from aimonthly.narrative import news as text
from aimonthly.core import numbers as N
from aimonthly.content.month import load_content
from aimonthly.report.model import DataSheet, Paragraph
from aimonthly.report.news import blocks

D = dt.date
HOUSE = default_house()
CONF = HOUSE.news
ALIASES = AliasTable(CONF.aliases)
WINDOW = (D(2024, 4, 1), D(2024, 5, 9))


def demo_rows() -> list[dict]:
    rows = [json.loads(line) for line in (data_dir() / "news.jsonl").read_text(encoding="utf-8").splitlines()]
    for r in rows:
        r["date"], r["region"] = D.fromisoformat(r["date"]), r["region"] or None
        r.setdefault("url", None)
    return rows


REFERENCE = [r for r in demo_rows() if not r["synthetic"]]
LLAMA_1, LLAMA_2 = (
    next(r for r in REFERENCE if r["date"] == d and "Llama" in r["title"]) for d in (D(2024, 4, 18), D(2024, 4, 19))
)


# --- the demo: the reference's selection ----------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_con):
    meta = load_content(content_dir() / "2024-04.md").meta
    return compute(demo_con, make_context("2024-04", D(2024, 5, 9), house=HOUSE, meta=meta))


def test_demo_prints_the_references_items_one_per_event(demo):
    assert demo.window == WINDOW and demo.unknown_ids == []
    for region, n in (("overseas", 12), ("domestic", 11)):
        expected = {r["title"] for r in REFERENCE if r["region"] == region} - {LLAMA_2["title"]}
        assert {i.title for i in demo.printed[region]} == expected
        assert len(demo.printed[region]) == n
        assert [i.date for i in demo.printed[region]] == sorted(i.date for i in demo.printed[region])


def test_demo_the_two_llama_3_reports_are_one_event(demo):
    items = {i.title: i for i in demo.items["overseas"]}
    first, second = items[LLAMA_1["title"]], items[LLAMA_2["title"]]
    assert first.group == second.group and (first.status, second.status) == ("printed", "same_event")
    llama = [i for i in demo.items["overseas"] if i.group == first.group]
    assert {i.source for i in llama} == {"量子位", "新浪科技", "IT之家", "The Verge"}  # Chinese and English reports


def test_demo_groups_are_exactly_the_near_duplicates(demo):
    every = [i for items in demo.items.values() for i in items]
    groups = {}
    for i in every:
        groups.setdefault(i.group, set()).add(i.source)
    multi = sorted(sorted(s) for s in groups.values() if len(s) > 1)
    assert multi == sorted(
        [
            sorted(["量子位", "新浪科技", "IT之家", "The Verge"]),
            ["IT之家", "Reuters"],
            ["证券时报", "财联社"],
            ["澎湃新闻", "量子位"],
        ]
    )
    assert len(every) == 37  # 40 items, 3 outside the window


def test_demo_regions_inferred_and_visible(demo):
    inferred = [i for items in demo.items.values() for i in items if i.region_inferred]
    assert sorted(i.title[:7] for i in inferred) == ["Mistral", "OpenAI "]
    assert all(i.region == "overseas" and i.region_rule.startswith("names:") for i in inferred)
    facts = demo.to_dict()
    assert {x["region"] for x in facts["inferred_regions"]} == {"overseas"} and len(facts["inferred_regions"]) == 2


def test_region_rules_agree_with_the_given_regions():
    given_ = [r for r in demo_rows() if r["region"]]
    right = sum(infer_region(r["title"], r["body"], r["source"], CONF.region)[0] == r["region"] for r in given_)
    assert right >= len(given_) - 1  # 37 of 38: the Open-Sora project names no company or place


def test_demo_facts_json_contract(demo):
    f = demo.to_dict()
    assert set(f) >= {"overseas", "domestic", "window", "groups"}
    for item in f["overseas"] + f["domestic"]:
        assert set(item) >= {"id", "date", "title", "source", "group"}
        assert re.fullmatch(r"n-[0-9a-f]{8}", item["id"]) and re.fullmatch(r"g-[0-9a-f]{8}", item["group"])
    json.dumps(f, ensure_ascii=False)


def test_ids_are_stable_and_follow_the_key():
    a = item_id(D(2024, 4, 18), "量子位", "Llama 3")
    assert a == item_id(D(2024, 4, 18), "量子位", "Llama 3") != item_id(D(2024, 4, 19), "量子位", "Llama 3")


def test_demo_report_sections(demo_report):
    """In Word: 2.1 and 2.2.2 hold bold titles, each followed by a dated summary; the table has the
    reference's six announcements."""
    d = docx.Document(demo_report.files["docx"])
    paras = d.paragraphs
    heads = [i for i, p in enumerate(paras) if p.style.name.startswith("Heading")]
    order = [
        "相关公司公告及行业新闻",
        "海外大模型及 AI 应用进展",
        "国内 AI 行业动态及重点公司新闻",
        "国内二级市场行情回顾",
        "国内 AI 相关公司新闻与公告",
        "投资建议",
    ]
    found = [next(i for i in heads if paras[i].text.endswith(name)) for name in order]
    assert found == sorted(found)

    def section(name):
        start = next(i for i in heads if paras[i].text.endswith(name))
        end = next((i for i in heads if i > start), len(paras))
        return paras[start + 1 : end]

    for name, n in (("海外大模型及 AI 应用进展", 12), ("国内 AI 相关公司新闻与公告", 11)):
        body = [p for p in section(name) if p.text.strip()]
        bold = [i for i, p in enumerate(body) if p.runs and all(r.bold for r in p.runs)]
        assert len(bold) == n and all(body[i].paragraph_format.keep_with_next for i in bold)
        for i in bold:
            assert re.match(r"\d{1,2} 月 \d{1,2} 日消息，", body[i + 1].text)
    overseas = " ".join(p.text for p in section("海外大模型及 AI 应用进展"))
    assert overseas.count("Llama") >= 2 and "Meta 发布 Llama3" not in overseas  # one Llama 3 item


def test_demo_data_pack_lists_every_item_of_each_group(demo_report, demo):
    wb = load_workbook(demo_report.files["xlsx"], read_only=True)
    assert {"海外新闻清单", "国内新闻清单"} <= set(wb.sheetnames)
    for region, sheet in (("overseas", "海外新闻清单"), ("domestic", "国内新闻清单")):
        rows = list(wb[sheet].iter_rows(min_row=4, values_only=True))  # row 4: the keys, for programs
        header, body = rows[0], rows[1:]
        ids = [r[header.index("id")] for r in body]
        assert sorted(ids) == sorted(i.id for i in demo.items[region])
        status = dict(zip(ids, (r[header.index("status")] for r in body)))
        assert sum(s == "printed" for s in status.values()) == len(demo.printed[region])
    toc = [r for r in wb["目录"].iter_rows(values_only=True) if r and r[0] == "数据"]
    assert {r[1] for r in toc} >= {"海外新闻清单", "国内新闻清单"}


def test_demo_facts_json_in_the_report(demo_report):
    f = json.loads(demo_report.files["json"].read_text(encoding="utf-8"))
    assert len(f["news"]["overseas"]) == 12 and len(f["news"]["domestic"]) == 11
    assert "announcements" in f and len(f["announcements"]["rows"]) == 6


# --- normalisation and the grouping ---------------------------------------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("Llama 3", "Llama3"),
        ("Llama-3", "Llama3"),
        ("GPT-4V", "GPT4V"),
        ("80 亿", "8b"),
        ("700亿", "70-billion"),
        ("4000 亿", "400 billion"),
        ("38 万亿次", "38 trillion"),
        ("Qwen 2.5", "Qwen2.5"),
    ],
)
def test_spellings_meet(a, b):
    fa, fb = features(a, "", ALIASES), features(b, "", ALIASES)
    assert set(fa.weights) & set(fb.weights), (a, b, fa.weights, fb.weights)


def test_numbers_after_words_and_years_stay_apart():
    assert normalise("released in 8-billion").split() == ["released", "in", "8b"]
    assert features("released in 8-billion and 70-billion versions", "", ALIASES).keys >= {"8b", "70b"}
    assert "pro2024" not in features("iPad Pro 2024", "", ALIASES).weights


def test_aliases_join_scripts():
    assert "@apple" in features("苹果发布新款 iPad", "", ALIASES).keys
    assert "@apple" in features("Apple unveils a new iPad", "", ALIASES).keys
    assert "apple" not in features("Apple unveils a new iPad", "", ALIASES).keys  # the name counts once, as @apple


EVENTS = [  # company (中文, English), product, version, size (中文, English), what else happened
    ("三星", "Samsung", "Gauss", "2", "1000 亿", "100-billion", "将整合进 Galaxy 手机"),
    ("谷歌", "Google", "Gemma", "2", "270 亿", "27-billion", "面向开发者开源"),
    ("华为", "Huawei", "Pangu", "5.0", "1000 亿", "100-billion", "面向政企客户提供行业版本"),
    ("阿里云", "Alibaba", "Qwen", "2.5", "1100 亿", "110-billion", "中文能力对标 GPT-4 Turbo"),
    ("英伟达", "Nvidia", "Blackwell B", "200", "2080 亿晶体管", "208-billion transistors", "面向万亿参数模型训练"),
    ("百度", "Baidu", "ERNIE", "4.0 Turbo", "1 亿用户", "100-million users", "推出智能体开发工具"),
    ("月之暗面", "Moonshot AI", "Kimi", "k1", "200 万字上下文", "2-million-character context", "开启内测"),
    ("亚马逊", "Amazon", "Titan", "2", "5000 亿", "500-billion", "接入 Bedrock 平台"),
]
CN_A = ("{co}发布 {p}{v}，{size}", "{co}正式推出 {p}{v}，规模为 {size}，{extra}，性能较上一代明显提升。")
CN_B = ("{p}{v} 来了：{co}新品亮相", "据悉，{co}本周带来 {p}{v}，{extra}；公司称 {size} 的版本已经可用。")
EN = ("{en} launches {p}{v}", "{en} on Thursday introduced {p}{v} with {size_en}, saying it leads its class.")
OTHER = ("{co}上调全年资本开支指引", "{co}在财报会上表示，将加大数据中心与算力投入，全年资本开支指引上调。")


def generated(seed: int):
    """Items for each event in three wordings (two Chinese, one English) on nearby days, plus an
    unrelated item about the same company; returns items and the (must, must not) index pairs."""
    rnd = random.Random(seed)
    items, events = [], []
    for k, (co, en, p, v, size, size_en, extra) in enumerate(EVENTS):
        day = D(2024, 4, 8) + dt.timedelta(days=rnd.randrange(0, 25))
        idx = []
        for t, b in (CN_A, CN_B, EN):
            sep = rnd.choice(["", " ", "-"]) if v[0].isdigit() else " "  # "Qwen2.5", "Qwen 2.5", "Qwen-2.5"
            fill = dict(co=co, en=en, p=p + sep, v=v, size=size, size_en=size_en, extra=extra)
            items.append((day + dt.timedelta(days=rnd.randrange(0, 2)), t.format(**fill), b.format(**fill)))
            idx.append(len(items) - 1)
        items.append((day, OTHER[0].format(co=co), OTHER[1].format(co=co)))
        events.append((idx, len(items) - 1))
    must = [pair for idx, _ in events for pair in itertools.combinations(idx, 2)]
    must_not = [(i, other) for idx, other in events for i in idx]
    must_not += [(a[0][0], b[0][0]) for a, b in itertools.combinations(events, 2)]
    return items, must, must_not


@pytest.mark.parametrize("seed", range(20))
def test_generated_pairs_group_and_stay_apart(seed):
    items, must, must_not = generated(seed)
    background = [(r["date"], r["title"], r["body"]) for r in demo_rows()]
    everything = background + items
    labels = group([(d.toordinal(), features(t, b, ALIASES)) for d, t, b in everything], CONF.grouping)
    off = len(background)
    for i, j in must:
        assert labels[off + i] == labels[off + j], ("should group", items[i][1], items[j][1])
    for i, j in must_not:
        assert labels[off + i] != labels[off + j], ("should not group", items[i][1], items[j][1])
    # and nothing generated joined a demo event
    assert not set(labels[:off]) & set(labels[off:])


def test_chinese_only_reports_group_by_their_text():
    """No Latin name and no configured alias: the text measure alone decides."""
    items = [
        (
            D(2024, 4, 20),
            "工信部印发人形机器人创新发展指导意见",
            "工信部印发《人形机器人创新发展指导意见》，提出到 2025 年人形机器人创新体系初步建立，整机产品达到国际先进水平。",
        ),
        (
            D(2024, 4, 21),
            "人形机器人指导意见出炉：2025 年创新体系初步建立",
            "工业和信息化部近日发布人形机器人创新发展指导意见，目标是 2025 年初步建立创新体系，整机产品达到国际先进水平。",
        ),
        (
            D(2024, 4, 21),
            "工信部召开新能源汽车产业座谈会",
            "工信部召开座谈会，听取新能源汽车企业对产业发展的意见建议。",
        ),
        (
            D(2024, 4, 20),
            "上海发布人工智能产业发展行动方案",
            "上海市印发行动方案，提出到 2025 年人工智能产业规模突破 4500 亿元。",
        ),
    ]
    background = [(r["date"], r["title"], r["body"]) for r in demo_rows()]
    labels = group([(d.toordinal(), features(t, b, ALIASES)) for d, t, b in background + items])[len(background) :]
    assert labels[0] == labels[1] and len({labels[0], labels[2], labels[3]}) == 3


def test_items_far_apart_never_group():
    f = features("Meta 发布 Llama 3", "Meta 发布 Llama 3，参数 700 亿。", ALIASES)
    assert group([(0, f), (10, f)], CONF.grouping.replace(days=3)) == [0, 1]
    assert group([(0, f), (2, f)], CONF.grouping.replace(days=3)) == [0, 0]


# --- selection -----------------------------------------------------------------------------


def rows_of(*specs):
    """(day, region, source, title, body) -> warehouse-like rows."""
    return [
        {"date": D(2024, 4, day), "region": region, "source": source, "title": title, "body": body, "url": None}
        for day, region, source, title, body in specs
    ]


SPECS = rows_of(
    (3, "overseas", "财联社", "OpenAI 发布 GPT-4o", "OpenAI 发布新一代模型 GPT-4o，支持语音与视觉。"),
    (4, "overseas", "IT之家", "GPT-4o 来了：OpenAI 新模型亮相", "OpenAI 本周带来 GPT-4o，支持实时语音与视觉。"),
    (10, "overseas", "机器之心", "英伟达 B200 开始出货", "英伟达表示 Blackwell 架构 B200 开始向客户出货。"),
    (20, "overseas", "新智元", "谷歌推出 Gemma 2", "谷歌开源 Gemma 2 系列小模型。"),
    (12, "domestic", "证券时报", "科大讯飞发布星火 4.0", "科大讯飞发布讯飞星火 4.0 大模型，综合能力提升。"),
    (25, None, "Reuters", "Samsung starts HBM3E output", "Samsung said it began mass production of HBM3E chips."),
    (26, None, "某某网", "某地发布人工智能产业规划", "规划提出到 2026 年建成若干算力中心。"),
)


def test_selection_counts_pins_drops_and_representatives():
    win = (D(2024, 4, 1), D(2024, 4, 30))
    conf = CONF.replace(count={"overseas": 2, "domestic": 5})
    base = news_facts(SPECS, win, conf)
    over = base.items["overseas"]
    gpt = [i for i in over if "GPT-4o" in i.title]
    assert len({i.group for i in gpt}) == 1 and sum(i.status == "printed" for i in gpt) == 1
    assert len(base.printed["overseas"]) == 2
    samsung = next(i for i in over if "Samsung" in i.title)
    assert samsung.region_inferred and samsung.region_rule.startswith("names:")
    plan = next(i for i in base.items["domestic"] if i.source == "某某网")
    assert plan.region_inferred and plan.region == "domestic"

    # pin the other GPT-4o report: it becomes the printed one; pin the lowest-ranked event: it is printed
    cut = [i for i in over if i.status == "below_cut"]
    other_gpt = next(i for i in gpt if i.status == "same_event")
    f = news_facts(SPECS, win, conf, {"pin": [other_gpt.id, cut[-1].id]})
    printed = {i.id for i in f.printed["overseas"]}
    assert {other_gpt.id, cut[-1].id} <= printed and len(printed) == 2

    # dropping any report of an event drops the event
    f = news_facts(SPECS, win, conf, {"drop": [other_gpt.id], "count": {"overseas": 5}})
    assert not any("GPT-4o" in i.title for i in f.printed["overseas"])
    assert {i.status for i in f.items["overseas"] if "GPT-4o" in i.title} == {"dropped"}

    f = news_facts(SPECS, win, conf, {"pin": ["n-00000000"]})
    assert f.unknown_ids == ["n-00000000"]


def test_window_and_empty_data(warehouse, connect):
    ctx = make_context("2024-04", D(2024, 5, 9), house=HOUSE)
    f = compute(connect(warehouse), ctx)
    assert f.missing == ["news"] and f.printed == {"overseas": [], "domestic": []}
    note = blocks(f, HOUSE, ctx)["news.overseas"]()
    assert isinstance(note, Paragraph) and note.kind == "note"


def test_feed_items_get_an_inferred_region(warehouse, tmp_path, connect):
    rss = tmp_path / "feed.rss"
    rss.write_text(
        """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>外媒速递</title>
<item><title>OpenAI 在东京设立办公室</title><description>&lt;p&gt;OpenAI 宣布在日本东京开设办公室。&lt;/p&gt;</description>
<pubDate>Mon, 15 Apr 2024 08:00:00 GMT</pubDate><link>https://example.com/1</link></item>
<item><title>百度文心一言用户破亿</title><description>百度宣布文心一言用户数突破 1 亿。</description>
<pubDate>Tue, 16 Apr 2024 08:00:00 GMT</pubDate></item></channel></rss>""",
        encoding="utf-8",
    )
    ingest_file(warehouse, "news", rss)
    ctx = make_context("2024-04", D(2024, 5, 9), house=HOUSE)
    f = compute(connect(warehouse), ctx)
    (tokyo,), (baidu,) = f.items["overseas"], f.items["domestic"]
    assert tokyo.region_inferred and baidu.region_inferred
    assert tokyo.body == "OpenAI 宣布在日本东京开设办公室。"  # the feed's HTML is gone
    out = blocks(f, HOUSE, ctx)["news.overseas"]()
    assert isinstance(out[-1], DataSheet) and out[-1].data.rows[0][7] is True  # region_inferred column


# --- cutting and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("4 月 15 日，xAI 公布了新模型。", "xAI 公布了新模型。"),
        ("AMD 于 4 月 15 日发布一季度业绩。", "AMD 发布一季度业绩。"),
        ("据外媒 4 月 15 日报道，Meta 推出新模型。", "据外媒报道，Meta 推出新模型。"),
        ("北京时间 4 月 15 日，苹果发布新品。", "苹果发布新品。"),
        ("4 月 15 日的大会上，联想发布 AI PC。", "在大会上，联想发布 AI PC。"),
        ("公司 4 月 16 日表示，将加大投入。", "公司 4 月 16 日表示，将加大投入。"),  # another day stays
    ],
)
def test_strip_date(body, expected):
    assert N.spaced(text.strip_date(body, D(2024, 4, 15))) == expected


def test_summary_lead_and_fallback():
    assert text.summary(D(2024, 4, 15), "标题", "正文一句。", 100) == "4 月 15 日消息，正文一句。"
    assert text.summary(D(2024, 5, 7), "只有标题", "", 100) == "5 月 7 日消息，只有标题。"


SENTENCE = st.text(alphabet="模型发布公司表示算力增长开源用户", min_size=1, max_size=40).map(lambda s: s + "。")


@settings(max_examples=200, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=12), st.integers(min_value=10, max_value=200))
def test_cut_keeps_whole_sentences_within_the_limit(sentences, limit):
    body = "".join(sentences)
    out = text.cut(body, limit)
    if len(sentences[0]) <= limit:
        assert len(out) <= limit and body.startswith(out) and out.endswith("。")
        n = out.count("。")
        assert out == "".join(sentences[:n])  # whole sentences, as many as fit
        assert n == len(sentences) or len(out) + len(sentences[n]) > limit
    else:  # a first sentence longer than the limit is cut and marked
        assert out.endswith("……") and len(out) <= limit + 2 and body.startswith(out[:-2])


def test_cut_english_sentences():
    body = "Meta released Llama 3. It comes in two sizes. A bigger one is training."
    assert text.cut(body, 50) == "Meta released Llama 3. It comes in two sizes."
