"""The taxonomy reads tags as a human does (issue 26): in the vendor's order, the first tag a rule maps
deciding; rules matching whole words or whole tags; the desk's extra_rules added to the packaged rules;
the vendor's own 其他; traditional Chinese read through OpenCC."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimonthly.analytics.taxonomy import Taxonomy, words_pattern
from aimonthly.core.chinese import to_simplified
from aimonthly.core.errors import ConfigError
from aimonthly.core.house import Layer, default_house, house_from_layers

HOUSE = Taxonomy.from_house(default_house().taxonomy)

# Single vendor tags and the house category (global list) each maps to alone, written out by hand;
# None: no rule maps it.
VOCAB = {
    "AI search engine": "智慧搜索",
    "Research": None,
    "Natural language processing": None,
    "AI Chatbot": "聊天机器人",
    "Large language models": "聊天机器人",
    "Photo editing": "图片图像",
    "Video editing": "视频",
    "Transcription": "语音",
    "Text to speech": "语音",
    "Translation": "翻译",
    "Marketing": None,
    "AI Writing Assistant": "写作与文本",
    "AI Assistant": "聊天机器人",
    "Templates": None,
    "圖像生成": "图片图像",
    "視頻生成": "视频",
    "翻譯": "翻译",
    "Stock trading": "金融",
    "Researcher tools": None,
    "Searchlight": None,
}


@pytest.mark.parametrize("tag, want", VOCAB.items())
def test_each_tag_alone(tag, want):
    m = HOUSE.map("global", tag)
    assert (m.category, m.mapped) == ((want, True) if want else ("其他", False))


@given(st.lists(st.sampled_from(sorted(VOCAB)), min_size=1, max_size=5))
def test_the_first_tag_a_rule_maps_decides(tags):
    """Oracle: the hand table's category of the first tag that has one, at its position."""
    m = HOUSE.map("global", ", ".join(tags))
    first = next(((i, VOCAB[t]) for i, t in enumerate(tags) if VOCAB[t]), None)
    if first is None:
        assert (m.category, m.mapped) == ("其他", False)
    else:
        assert (m.category, m.mapped, m.position, m.tag) == (first[1], True, first[0], tags[first[0]])


def test_the_reported_cases():
    """Research is not search; the search engine whose first tag says so is search, whatever its 5th says."""
    assert HOUSE.map("global", "Research, AI models, API").category == "开发者工具"
    assert HOUSE.map("global", "Image generation, Art, Research").category == "图片图像"
    cell = "AI search engine, Natural language processing, Answer engine, Research, AI Chatbot"
    assert HOUSE.map("global", cell).category == "智慧搜索"
    assert HOUSE.map("global", "Photo editing, Video editing, Templates").category == "图片图像"
    assert HOUSE.map("global", "Transcription, Meeting notes, Video captions").category == "语音"


@pytest.mark.parametrize(
    "words, tag, hit",
    [
        (["search"], "AI Search Engine", True),
        (["search"], "Research", False),
        (["search"], "searches", True),  # a plural
        (["translat*"], "Translator", True),
        (["translat*"], "Untranslatable", False),
        (["role play"], "Role-play", True),
        (["搜索"], "AI搜索引擎", True),  # Chinese anywhere in the tag
        (["搜索"], "AI搜尋引擎", False),  # (the tag is converted before matching, the pattern as given)
    ],
)
def test_words_match_whole_words(words, tag, hit):
    assert bool(words_pattern(words).search(tag)) is hit


def test_traditional_chinese_is_read_as_simplified():
    assert to_simplified("雲鯨科技 字節跳動 圖像生成") == "云鲸科技 字节跳动 图像生成"
    assert to_simplified("ChatGPT") == "ChatGPT"
    assert HOUSE.map("domestic", "AI繪畫").category == "图片图像"
    m = HOUSE.map("global", "視頻生成, 其他")
    assert (m.category, m.tag) == ("视频", "視頻生成")  # the vendor's own spelling kept for the finding


def test_the_vendors_other_is_mapped_not_flagged():
    m = HOUSE.map("domestic", "其他")
    assert (m.category, m.mapped) == ("其他", True)


def _house(**taxonomy):
    return house_from_layers([Layer("aimonthly.toml", "house", {"taxonomy": taxonomy})])


def test_extra_rules_add_to_the_packaged_rules_and_come_first():
    house = _house(
        extra_rules=[{"words": ["horoscope"], "category": "娱乐"}, {"tag": "AI Video Editing", "category": "设计工具"}]
    )
    t = Taxonomy.from_house(house.taxonomy)
    assert t.map("global", "Quantum Horoscope").category == "娱乐"
    assert t.map("global", "AI Video Editing").category == "设计工具"  # before the packaged video rule
    assert t.map("global", "AI Chatbot").category == "聊天机器人"  # the packaged rules still apply
    assert len(house.taxonomy.rules) == len(default_house().taxonomy.rules)


def test_a_rule_may_map_to_other_and_a_list_may_list_other():
    house = _house(extra_rules=[{"tag": "Misc", "category": "其他"}])
    assert Taxonomy.from_house(house.taxonomy).map("global", "Misc, AI Chatbot").category == "其他"
    cats = {k: list(v) for k, v in default_house().taxonomy.categories.items()}
    cats["domestic"].append("其他")
    house = _house(categories=cats)
    assert Taxonomy.from_house(house.taxonomy).map("domestic", "其他").mapped is True


@pytest.mark.parametrize(
    "rule, message",
    [
        ({"words": ["x"], "tag": "y", "category": "视频"}, "one of words, tag or pattern"),
        ({"words": [" * "], "category": "视频"}, "empty word"),
        ({"words": ["x"], "category": "不存在"}, "extra_rules 1: '不存在' is no list's house category"),
    ],
)
def test_extra_rules_are_validated(rule, message):
    with pytest.raises(ConfigError, match=message):
        _house(extra_rules=[rule])
