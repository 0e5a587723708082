"""The product registry: normalisation that cannot merge two products, resolution by name, alias
and domain, the registry's own rules at ingest (YAML too), the taxonomy, and near-match suggestions."""

from __future__ import annotations

import re
import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aimonthly.analytics.registry import Registry, fill_row
from aimonthly.analytics.suggest import Suggester
from aimonthly.analytics.taxonomy import Taxonomy
from aimonthly.analytics.errors import AnalyticsError
from aimonthly.ingest import IngestError, ingest_file, parse_file
from aimonthly.core.errors import ConfigError
from aimonthly.core.house import Layer, default_house, house_from_layers
from aimonthly.core.product_names import normalise_domain, normalise_name, normalise_names

SAME = [
    ("Kimi", "kimi"),
    ("Kimi", " Kimi "),
    ("Kimi", "ＫＩＭＩ"),
    ("Kimi Chat", "Kimi\u3000 Chat"),
    ("天工AI", "「天工AI」"),
    ("ChatGPT", "ChatGPT."),
    ("Kimi", "(Kimi)"),
    ("Character.AI", "character.ai"),
    ("文心一言", "文心一言 "),
]
APART = [
    ("Kimi", "Kimi 2"),
    ("AI Chat", "Chat"),
    ("GPT-4", "GPT-4o"),
    ("Kimi Chat", "KimiChat"),
    ("C#", "C"),
    ("Notion+", "Notion"),
    ("Claude 3", "Claude 3.5"),
    ("Llama 3 70B", "Llama 3 8B"),
    ("AI", "Al"),
    ("Character.AI", "Character AI"),
    ("天工AI", "天工"),
    ("Gemini", "Gemini Advanced"),
]


@pytest.mark.parametrize("a, b", SAME)
def test_spellings_of_one_name_normalise_alike(a, b):
    assert normalise_name(a) == normalise_name(b)


@pytest.mark.parametrize("a, b", APART)
def test_two_products_never_normalise_alike(a, b):
    assert normalise_name(a) != normalise_name(b)


TEXT = st.lists(st.sampled_from(list("Kimi Chat-.()「」 2ＡＢ天工AI#+\u3000\t") + ["GPT", "4o"]), max_size=12).map(
    "".join
)


@given(TEXT)
def test_normalisation_drops_no_letter_or_digit_and_is_stable(s):
    key = normalise_name(s)
    alnum = [c for c in unicodedata.normalize("NFKC", s).lower() if c.isalnum()]
    assert [c for c in (key or "") if c.isalnum()] == alnum
    assert normalise_name(key) == key if key else True
    assert normalise_names([s])[0].as_py() == key  # the one-name and vectorised forms agree


def test_domains_compare_as_hosts():
    assert normalise_domain("https://www.Kimi.moonshot.cn/chat?x=1") == "kimi.moonshot.cn"
    assert normalise_domain("KIMI.moonshot.cn:443") == "kimi.moonshot.cn"
    assert normalise_domain("  ") is None


def registry(rows: list[dict]) -> Registry:
    cols = ("product", "aliases", "domain", "company", "category", "region", "launched", "note", "override")
    return Registry(
        pa.table({c: pa.array([r.get(c) for r in rows], pa.bool_() if c == "override" else pa.string()) for c in cols})
    )


REG = registry(
    [
        {"product": "Kimi", "aliases": "Kimi Chat|Kimi智能助手", "domain": "kimi.moonshot.cn", "company": "月之暗面"},
        {"product": "Kimi 2", "company": "月之暗面", "category": "聊天机器人", "override": True},
        {"product": "AI Chat", "domain": "aichat.example"},
        {"product": "Chat", "company": "Chat Inc"},
    ]
)


@pytest.mark.parametrize(
    "name, domain, want, how",
    [
        ("Kimi", None, "Kimi", "name"),
        ("kimi ", None, "Kimi", "name"),
        ("KIMI CHAT", None, "Kimi", "alias"),
        ("Kimi智能助手", None, "Kimi", "alias"),
        ("Kimi 2", None, "Kimi 2", "name"),
        ("Moonshot", "https://kimi.moonshot.cn/", "Kimi", "domain"),
        ("AI Chat", None, "AI Chat", "name"),
        ("Chat", None, "Chat", "name"),
        ("Chat AI", None, None, None),
        ("KimiChat", None, None, None),
        ("Kimi 3", None, None, None),
    ],
)
def test_resolution_by_name_alias_and_domain_only(name, domain, want, how):
    canon, via = REG.resolve_array([name], [domain])
    assert (canon[0].as_py(), via[0].as_py()) == (want, how)


def test_a_name_resolves_before_a_domain():
    # "Kimi 2" shares no domain; a row named "Chat" on aichat.example is Chat, not AI Chat
    assert REG.resolve(["Chat"], ["aichat.example"]) == ["Chat"]


def test_fill_export_wins_unless_override():
    row = {"company": None, "category": "Chatbot"}
    assert fill_row(row, REG, "Kimi") == {"company": "月之暗面", "category": "Chatbot"}
    assert fill_row({"company": "Moonshot", "category": "x"}, REG, "Kimi")["company"] == "Moonshot"
    assert fill_row({"company": "Moonshot", "category": "x"}, REG, "Kimi 2") == {
        "company": "月之暗面",
        "category": "聊天机器人",
    }


def test_registry_yaml_ingest_and_whole_file_replacement(warehouse, tmp_path):
    p = tmp_path / "products.yaml"
    p.write_text(
        "# registry\n- product: Kimi\n  aliases: [Kimi Chat, Kimi智能助手]\n  launched: 2023-10-09\n"
        "  override: yes\n- {product: Chat, region: 海外}\n",
        encoding="utf-8",
    )
    r = ingest_file(warehouse, "products", p)
    assert r.rows == 2 and r.format == "yaml"
    rows = warehouse.con.execute(
        "SELECT product, aliases, launched, override, region FROM products ORDER BY 1"
    ).fetchall()
    assert rows[1][:2] == ("Kimi", "Kimi Chat|Kimi智能助手") and str(rows[1][2]) == "2023-10-09" and rows[1][3] is True
    assert rows[0][4] == "overseas"
    p2 = tmp_path / "products2.csv"
    p2.write_text("product,company\nKimi,月之暗面\n", encoding="utf-8")
    r = ingest_file(warehouse, "products", p2)  # a registry file is the whole registry
    assert r.status == "replaced" and r.replaced_rows == 2
    assert warehouse.con.execute("SELECT product FROM products").fetchall() == [("Kimi",)]
    assert warehouse.con.execute("SELECT count(*) FROM products_rows").fetchone()[0] == 3  # history kept


def test_registry_rejects_a_name_or_domain_given_to_two_products(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(
        "- {product: Kimi, aliases: [Kimi Chat], domain: kimi.moonshot.cn}\n"
        "- {product: Kimi Chat, domain: 'https://www.kimi.moonshot.cn/'}\n- {product: Other, aliases: 'ＫＩＭＩ'}\n",
        encoding="utf-8",
    )
    with pytest.raises(IngestError) as e:
        parse_file("products", p)
    text = "\n".join(e.value.lines())
    assert "row 2, column product: the name 'kimi chat' also means 'Kimi' (row 1)" in text
    assert "row 2, column domain: the domain 'kimi.moonshot.cn' is also the domain of 'Kimi' (row 1)" in text
    assert "row 3, column aliases: the name 'kimi' also means 'Kimi' (row 1)" in text


def test_yaml_that_is_no_list_of_mappings_is_named(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("product: Kimi\n", encoding="utf-8")
    with pytest.raises(IngestError, match="must hold a list of mappings"):
        parse_file("products", p)
    p.write_text("- Kimi\n- Chat\n", encoding="utf-8")
    with pytest.raises(IngestError, match="row 1: each entry must be a mapping"):
        parse_file("products", p)


def test_product_stocks_name_header_is_the_stock_name(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("product,code,name,relation,weight\nKimi,300418.SZ,昆仑万维,investor,0.5\n", encoding="utf-8")
    t = parse_file("product_stocks", p).table.to_pylist()
    assert t == [
        {
            "product": "Kimi",
            "code": "300418.SZ",
            "name": "昆仑万维",
            "relation": "投资方",
            "weight": 0.5,
            "synthetic": None,
        }
    ]
    p.write_text("product,code,relation\nKimi,300418.SZ,朋友\n", encoding="utf-8")
    with pytest.raises(IngestError, match="not a relation"):
        parse_file("product_stocks", p)


TAX = Taxonomy.from_house(
    default_house().taxonomy.replace(
        categories={"global": ["聊天机器人", "视频", "写作与文本"], "domestic": ["个人聊天与助手"]},
        rules=[
            {"pattern": "(?i)chat ?bot", "category": "聊天机器人"},
            {"pattern": "(?i)chat ?bot", "category": "个人聊天与助手"},
            {"tag": "AI Video Editing", "category": "视频"},
            {"pattern": "(?i)writ", "category": "写作与文本"},
        ],
    )
)


@pytest.mark.parametrize(
    "lst, cell, want, mapped",
    [
        ("global", "AI Chatbot, Large Language Models (LLMs)", "聊天机器人", True),
        ("global", "AI Short Clips Generator，ai video editing", "视频", True),  # full-width comma, any case
        ("global", "AI Writing | AI Chatbot", "写作与文本", True),  # the vendor's first tag a rule maps decides
        ("global", "Quantum Horoscope | AI Chatbot", "聊天机器人", True),  # ... skipping tags no rule maps
        ("global", "视频", "视频", True),  # a house category is itself
        ("domestic", "AI Chatbot", "个人聊天与助手", True),  # rules apply on lists that have their category
        ("domestic", "AI Writing", "其他", False),
        ("global", "Quantum Horoscope；Astrology", "其他", False),
        ("global", None, None, True),
    ],
)
def test_taxonomy(lst, cell, want, mapped):
    m = TAX.map(lst, cell)
    assert (m.category, m.mapped) == (want, mapped)


@pytest.mark.parametrize(
    "table, message",
    [
        ({"rules": [{"tag": "x"}]}, r"taxonomy.rules\]\] item 1: category is missing"),
        (
            {"categories": {"global": ["A"]}, "rules": [{"tag": "x", "pattern": "y", "category": "A"}]},
            "one of words, tag or pattern",
        ),
        (
            {"categories": {"global": ["A"]}, "rules": [{"tag": "x", "category": "B"}]},
            "'B' is no list's house category",
        ),
        (
            {"categories": {"global": ["A"]}, "rules": [{"pattern": "(", "category": "A"}]},
            "is not a regular expression",
        ),
        ({"categories": {"globl": ["A"]}}, "globl.* must be one of .*global"),
        ({"colour": 1}, r"\[house.taxonomy\]: unknown key 'colour'"),
    ],
)
def test_taxonomy_settings_are_validated(table, message):
    """[taxonomy] is checked when the settings load, naming the file and the table."""
    with pytest.raises(ConfigError, match=message):
        house_from_layers([Layer("aimonthly.toml", "house", {"taxonomy": table})])


def test_suggestions_by_similarity_and_domain():
    s = Suggester(REG)
    assert s.suggest("Kimi Chatbot")[0].product == "Kimi"
    assert s.suggest("Moonshot Assistant", "https://kimi.moonshot.cn")[0].product == "Kimi"
    assert s.suggest("Moonshot Assistant", "www.moonshot.cn")[0].score == 0.9  # the same site
    assert s.suggest("Zzzz Qqqq") == []
    assert len(s.suggest("Chat", n=3)) <= 3


def test_alias_folding_is_what_the_demo_needs(demo_warehouse):
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(demo_warehouse, read_only=True) as wh:
        reg = Registry.load(wh.ibis())
    assert len(reg) == 156
    assert reg.resolve(["Kimi Chat", "Kimi.ai", "天工"]) == ["Kimi", "Kimi.ai", "天工AI"]
    assert re.fullmatch(r"\d+", str(len(reg.products())))
