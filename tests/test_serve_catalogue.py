"""The workbench's words come from one catalogue (aimonthly.serve.catalogue), Chinese first, English with
``ui_lang = "en"``: every key a template or page asks for is there in both languages with the same
placeholders, no template holds a word of its own, and a page in either language shows only its own
language's words. Numbers on the pages are the report's (aimonthly.core.numbers)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import html5lib
import pytest
from starlette.testclient import TestClient

import serve_kit as kit
from aimonthly.config import load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.serve import create_app
from aimonthly.serve.catalogue import WORDS

SERVE = Path(__file__).resolve().parents[1] / "src" / "aimonthly" / "serve"
KEY = re.compile(r"""\bt(?:\.plain|\.count)?\(\s*["'](\w[a-z_.]*[a-z_])["']\s*[,)]""")
PREFIXED = re.compile(r"""t\(\s*["']([a-z_.]+\.)["']\s*~""")  # t("col." ~ key): keys made from a prefix
NAMES = re.compile(r"""t\.name\(\s*["']([a-z_]+)["']""")


def sources() -> dict[Path, str]:
    files = [*SERVE.glob("templates/*.html"), *SERVE.glob("*.py"), *SERVE.glob("pages/*.py")]
    return {p: p.read_text(encoding="utf-8") for p in files}


def test_every_key_asked_for_is_in_the_catalogue():
    asked = {k for text in sources().values() for k in KEY.findall(text)}
    assert asked and asked - set(WORDS) == set()
    for prefix in {p for text in sources().values() for p in PREFIXED.findall(text)}:
        assert any(k.startswith(prefix) for k in WORDS), prefix
    for kind in {k for text in sources().values() for k in NAMES.findall(text)}:
        assert any(k.startswith(kind + ".") for k in WORDS), kind


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(WORDS))
def test_both_languages_have_the_same_placeholders(key):
    zh, en = WORDS[key]
    assert zh.strip() and en.strip() and placeholders(zh) == placeholders(en)


def test_no_template_holds_a_word_of_its_own():
    """Text and the attributes a person reads (title, placeholder, aria-label), Jinja's own syntax taken out,
    hold no letter or Chinese character: every word comes from the catalogue."""
    jinja = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
    for path in SERVE.glob("templates/*.html"):
        tree = html5lib.parse(jinja.sub(" ", path.read_text(encoding="utf-8")), namespaceHTMLElements=False)
        for el in tree.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style"):
                continue
            said = [el.text or "", el.tail or ""] + [el.get(a) or "" for a in ("title", "placeholder", "aria-label")]
            words = [w for w in said if re.search(r"[A-Za-z\u4e00-\u9fff]", w)]
            assert not words, (path.name, el.tag, words)


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return kit.plant(tmp_path_factory.mktemp("catalogue"), glitch=True, content=True)


PAGES = [
    "/",
    f"/months/{kit.MONTH}",
    f"/rankings/global/{kit.MONTH}",
    "/products/Prod-007",
    "/reports",
    "/search?q=seven",
    f"/months/{kit.MONTH}/text?line=3",
    "/months/1999-01",
]


def visible(html: str) -> str:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    for el in tree.iter():
        if el.tag in ("script", "style"):
            el.text = ""
    return " ".join("".join(tree.find("body").itertext()).split())


@pytest.mark.parametrize("path", PAGES)
def test_a_page_speaks_the_language_it_is_set_to(planted, path):
    zh = TestClient(create_app(planted.settings), base_url="http://127.0.0.1:8765").get(path)
    en_settings = planted.settings.model_copy(update={"ui_lang": "en"})
    en = TestClient(create_app(en_settings), base_url="http://127.0.0.1:8765").get(path)
    assert zh.status_code == en.status_code and zh.status_code in (200, 404)
    assert '<html lang="zh-CN">' in zh.text and '<html lang="en">' in en.text
    shown_zh, shown_en = visible(zh.text), visible(en.text)
    # the chrome of every page: Chinese in one, English in the other
    assert "AI 月报工作台" in shown_zh and "搜索" in shown_zh and "aimonthly workbench" in shown_en
    english_only = {en for zh_, en in WORDS.values() if en.count(" ") > 1 and not re.search(r"[\u4e00-\u9fff{]", en)}
    assert not [w for w in english_only if w in shown_zh]  # no English sentence of the catalogue on a Chinese page
    chinese_only = {zh_ for zh_, en in WORDS.values() if len(zh_) > 6 and "{" not in zh_ and zh_ != en}
    assert not [w for w in chinese_only if w in shown_en]


def test_ui_lang_is_a_typed_setting(tmp_path):
    (tmp_path / "aimonthly.toml").write_text('ui_lang = "en"\n', encoding="utf-8")
    assert load_settings(env={}, start=tmp_path).ui_lang == "en"
    assert load_settings(env={}, start=tmp_path.parent).ui_lang == "zh"  # the default
    (tmp_path / "aimonthly.toml").write_text('ui_lang = "fr"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ui_lang"):
        load_settings(env={}, start=tmp_path)
    assert load_settings(env={"AIMONTHLY_UI_LANG": "en"}, start=tmp_path.parent).ui_lang == "en"
