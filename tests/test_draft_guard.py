"""The drafting guard: its rules one by one, and its figures on the labelled set of tests/guard_set.py
(every planted error dropped; at least 95% of the true sentences kept)."""

from __future__ import annotations

import collections
import datetime as dt

import pytest

import guard_set as G
from aimonthly.core.house import default_house
from aimonthly.draft.guard import Source, check_sentence
from aimonthly.draft.names import NameBook
from aimonthly.narrative.figures import FactIndex, TextIndex, extract

HOUSE = default_house()


@pytest.fixture(scope="module")
def labelled():
    sources, book = G.sources()
    return [(c, check_sentence(c.text, sources[c.key], book)) for c in G.cases()]


def test_the_labelled_set_is_large_and_covers_every_error_type(labelled):
    counts = collections.Counter(c.label for c, _ in labelled)
    assert len(labelled) >= 150 and counts["true"] >= 75
    assert set(counts) == {"true", *G.ERROR_TYPES} and min(counts[t] for t in G.ERROR_TYPES) >= 12
    assert {c.kind for c, _ in labelled if c.label != "true"} == {"news", "product", "cover"}


def test_every_planted_error_is_dropped(labelled):
    missed = [(c.label, c.text) for c, v in labelled if c.label != "true" and v.kept]
    assert missed == []


def test_true_sentences_are_kept(labelled):
    true = [(c, v) for c, v in labelled if c.label == "true"]
    dropped = [(c.text, v.reasons) for c, v in true if not v.kept]
    assert 1 - len(dropped) / len(true) >= 0.95, dropped


def test_a_dropped_sentence_says_why(labelled):
    for c, v in labelled:
        assert v.kept == (not v.reasons), c.text


# --- numbers against a source text -----------------------------------------------------------

SOURCE = {
    "title": "Meta 发布 Llama 3，开源 80 亿与 700 亿参数两个版本",
    "body": "4 月 18 日，Meta 推出 Llama 3 的 8B 和 70B 版本，训练数据超过 15 万亿 token，是 Llama 2 的 7 倍；MMLU 得分"
    "提升 5 个百分点，达到 68.4%。公司计划投入 1000 亿美元，预计 300–350 万次下载。天工 3.0 版本上线，"
    "2024 年一季度收入增长 30%，毛利率 53%。",
}


@pytest.mark.parametrize(
    "sentence, ok",
    [
        ("参数规模分别为 80 亿和 700 亿", True),
        ("参数规模分别为 8B 和 70B", True),  # model sizes, as the source writes them
        ("训练数据超过 15 万亿 token", True),
        ("训练数据超过 15 亿 token", False),  # 亿 for 万亿
        ("约为 Llama 2 的七倍", True),  # a Chinese numeral
        ("约为 Llama 2 的八倍", False),
        ("MMLU 得分提升 5 个百分点", True),
        ("MMLU 得分提升 5%", False),  # a percentage for percentage points
        ("达到 68%", True),  # rounded half up from 68.4%
        ("达到 68.5%", False),  # more precise than the source, and wrong
        ("计划投入 100B 美元", True),  # K/M/B against 亿
        ("计划投入 1,000 亿美元", True),
        ("计划投入 1000 亿元", False),  # another currency
        ("预计 300 至 350 万次下载", True),  # a range
        ("预计 300 至 360 万次下载", False),
        ("一季度收入增长三成", True),  # 三成 = 30%
        ("二季度收入增长 30%", False),  # the wrong quarter
        ("天工 3.0 上线", True),  # a version without 版本
        ("天工 3.5 上线", False),
        ("Llama 4 发布", False),  # the number of a model name
        ("推出 Llama-3", True),
        ("4 月 18 日推出", True),
        ("4 月 19 日推出", False),
        ("2024 年", True),
        ("2023 年", False),
        ("这是一款开源模型", True),  # 一款: an article
    ],
)
def test_a_number_matches_the_source_only_as_the_source_states_it(sentence, ok):
    index = TextIndex(SOURCE, {"item date": "2024-04-18"})
    found = [bool(index.matches(f, sentence)) for f in extract(sentence) if not (f.chinese and f.value == 1)]
    assert all(found) is ok, [(f.text, index.matches(f, sentence)) for f in extract(sentence)]


def test_a_percentage_matches_a_rate_and_points_match_a_difference():
    index = FactIndex({"market": {"indices": [{"return": -0.072, "excess": -0.1079}]}, "traffic": {"mom": 0.606}})
    src = Source({}, facts=index)
    book = NameBook({})
    assert check_sentence("环比增长 60.6%", src, book).kept
    assert not check_sentence("环比增长 60.6 个百分点", src, book).kept
    assert check_sentence("跑输 10.79 个百分点", src, book).kept
    assert not check_sentence("跑输 10.79%", src, book).kept


def test_a_products_line_may_use_its_own_facts_only():
    facts = {
        "traffic": {
            "global": {"top_growth": [{"product": "Lumo", "mom": 0.7312}, {"product": "Pebble", "mom": 0.4123}]}
        }
    }
    index = FactIndex(facts)
    lumo = Source({}, facts=index, fact_rows=("traffic.global.top_growth[0]",))
    assert check_sentence("环比增长 73.12%", lumo, NameBook({})).kept
    v = check_sentence("环比增长 41.23%", lumo, NameBook({}))
    assert not v.kept and "41.23%" in v.reasons[0]


def test_the_opening_must_be_the_items_date():
    src = Source(
        {"body": "4 月 18 日，某公司发布新品；4 月 20 日开售。"},
        {"item date": "2024-04-18"},
        opening=dt.date(2024, 4, 18),
    )
    assert check_sentence("4 月 18 日消息，某公司发布新品。", src, NameBook({})).kept
    v = check_sentence("4 月 20 日消息，某公司发布新品。", src, NameBook({}))  # a date of the body, not the item's
    assert not v.kept and v.reasons == ("opens with 4 月 20 日消息, but the item is dated 4 月 18 日",)


@pytest.mark.parametrize(
    "text", ["<b>发布</b>", "见 [链接](http://x)", "{{ traffic.global.overview }}", "=1+1", "`代码`"]
)
def test_markup_drops_a_sentence(text):
    v = check_sentence(text, Source({"body": text}), NameBook({}))
    assert not v.kept and any("markup" in r for r in v.reasons)


# --- names -----------------------------------------------------------------------------------


def book() -> NameBook:
    return NameBook(
        {"Kimi": "registry", "月之暗面": "registry (company)", "Hugging Face": "data (product)"},
        house=["谷歌", "英伟达", "马斯克"],
        aliases=[("谷歌", "Google"), ("英伟达", "Nvidia")],
        common=HOUSE.draft.common_terms,
        suffixes=HOUSE.draft.name_suffixes,
        generic=HOUSE.draft.generic_words,
    )


NEWS = {"title": "Google 发布 Gemini 新版本", "body": "生数科技与清华大学推出“灵枢”模型，Nvidia 提供 GPU。"}


@pytest.mark.parametrize(
    "sentence, bad",
    [
        ("谷歌发布 Gemini 新版本", []),  # a house name through its alias group (Google in the source)
        ("英伟达提供 GPU 算力", []),
        ("马斯克评论了此事", ["马斯克"]),  # a house name the source does not hold
        ("Kimi 与 Hugging Face 同场竞争", []),  # registry and data names, whole
        ("Gemini Ultra 发布", ["Ultra"]),  # a Latin word in no source
        ("Hugging Chat 发布", ["Hugging", "Chat"]),  # a data name counts whole, not word by word
        ("生数科技推出“灵枢”模型", []),
        ("推出“玄鸟”模型", ["“玄鸟”"]),  # quoted, in no source
        ("星澜科技与清华合作", ["星澜科技"]),  # a company suffix with an unknown name
        ("该公司与多家上市公司合作，推出开源大模型", []),  # generic words before the suffixes
        ("AI 与 GPU 的 token 成本下降", []),  # common terms
    ],
)
def test_names_must_come_from_the_data_the_registry_or_the_source(sentence, bad):
    found = book().check(sentence, NEWS)
    assert [n.text for n in found if not n.matched] == bad


def test_a_bare_chinese_name_is_not_recognised():
    """The documented limit: a Chinese name with no suffix, no quotes and no dictionary entry passes."""
    assert [n for n in book().check("清华大学推出灵犀", NEWS) if not n.matched] == []
