"""Writing the review into a month file's front matter (aimonthly.content.review): the file keeps every
byte it had (comments, order, quoting, flow style, indentation, line ends, a BOM) and gains the entry at the
end of its list; any string reads back as itself; a file changed since it was seen is not written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimonthly.analytics.exclusions import parse_exclusions
from aimonthly.demo import DEMO_MONTH, content_dir
from aimonthly.content.month import load_content, split_front_matter
from aimonthly.content.errors import ContentError
from aimonthly.content.review import FileChanged, add_acceptance, add_exclusion, file_digest

BODY = "\n# 正文 {.cover}\n\n一段分析师的文字。\n"
STYLES = {
    "block, sequences indented": (
        "---\n# 封面\ntitle: 'AI 月报'   # quoted\nanalysts:\n  - name: 甲\n    licence: S1\n"
        'exclude:\n  traffic:\n    - product: Old\n      list: global\n      reason: "已知问题"\n---\n'
    ),
    "block, sequences flush": (
        '---\ntitle: "AI 月报"\nanalysts:\n- name: 甲\n  licence: S1\nexclude:\n  traffic:\n  - {product: Old, reason: x}\n---\n'
    ),
    "four spaces": "---\ntitle: AI 月报\nexclude:\n    traffic:\n        -   product: Old\n            reason: x\n---\n",
    "flow lists": "---\ntitle: AI 月报  # 标题\nexclude: {traffic: [{product: Old, reason: x}]}\nmapping:\n  pin: [Kimi]\n---\n",
    "a single entry as a mapping": "---\ntitle: AI 月报\nexclude:\n  traffic: {product: Old, reason: x}\n---\n",
    "no exclude yet": "---\ntitle: AI 月报\n# the last comment\n---\n",
}


def meta(path: Path) -> dict:
    return split_front_matter(path.read_text(encoding="utf-8-sig"), path)[0]


@pytest.mark.parametrize("style", list(STYLES))
def test_the_entry_is_added_and_nothing_else_changes(tmp_path, style):
    path = tmp_path / "2024-05.md"
    original = STYLES[style] + BODY
    path.write_text(original, encoding="utf-8")
    add_exclusion(
        path, file_digest(path), dataset="traffic", product="Glitch", reason="数据异常", scope=("list", "global")
    )
    text = path.read_text(encoding="utf-8")
    kept = [line for line in original.splitlines() if line not in text.splitlines()]
    # every line of the analyst's is there, but for the one flow collection the entry goes into
    grown = ("flow lists", "a single entry as a mapping")
    assert kept == [] or (style in grown and all("traffic" in line or "Old" in line for line in kept)), kept
    assert text.endswith("---\n" + BODY)
    old, _, _ = split_front_matter(original, path)
    new, _, _ = split_front_matter(text, path)
    before = old.get("exclude", {}).get("traffic", [])
    before = [before] if isinstance(before, dict) else before
    assert new["exclude"]["traffic"] == [*before, {"product": "Glitch", "list": "global", "reason": "数据异常"}]
    assert {k: v for k, v in new.items() if k != "exclude"} == {k: v for k, v in old.items() if k != "exclude"}
    assert parse_exclusions(new["exclude"])[-1].product == "Glitch"  # the report reads it as an exclusion


def test_the_demos_month_file_gains_only_its_lines(tmp_path):
    path = tmp_path / f"{DEMO_MONTH}.md"
    original = (content_dir() / f"{DEMO_MONTH}.md").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    digest = add_acceptance(path, file_digest(path), rule="outlier", subject="Kimi", reason="已与供应商核实")
    text = path.read_text(encoding="utf-8")
    lines, old = text.splitlines(), original.splitlines()
    assert [line for line in lines if line not in old] == [
        "accept:",
        "  - {rule: outlier, subject: Kimi, reason: 已与供应商核实}",
    ]
    assert [line for line in lines if line in old] == old  # every line kept, in its order
    assert digest == file_digest(path) and load_content(path).meta["accept"][0]["subject"] == "Kimi"


def test_line_ends_and_a_bom_are_kept(tmp_path):
    path = tmp_path / "m.md"
    path.write_bytes(("\ufeff" + STYLES["flow lists"] + BODY).replace("\n", "\r\n").encode("utf-8"))
    add_acceptance(path, file_digest(path), rule="stale", subject="global", reason="已核实")
    raw = path.read_bytes()
    assert raw.startswith("\ufeff---\r\n".encode()) and b"\n" not in raw.replace(b"\r\n", b"")
    assert meta(path)["accept"] == [{"rule": "stale", "subject": "global", "reason": "已核实"}]


def test_a_changed_file_is_refused_and_an_equal_entry_not_repeated(tmp_path):
    path = tmp_path / "m.md"
    path.write_text(STYLES["no exclude yet"] + BODY, encoding="utf-8")
    seen = file_digest(path)
    path.write_text(STYLES["no exclude yet"] + BODY + "\n又一段。\n", encoding="utf-8")
    with pytest.raises(FileChanged):
        add_exclusion(path, seen, dataset="traffic", product="X", reason="r")
    now = add_exclusion(path, file_digest(path), dataset="traffic", product="X", reason="r")
    assert add_exclusion(path, now, dataset="traffic", product="X", reason="r") == now  # already there
    assert len(meta(path)["exclude"]["traffic"]) == 1
    with pytest.raises(ContentError, match="reason"):
        add_exclusion(path, now, dataset="traffic", product="Y", reason="  \n ")


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(product=TEXT, reason=TEXT)
def test_any_string_reads_back_as_itself(tmp_path, product, reason):
    path = tmp_path / "m.md"
    path.write_text(STYLES["block, sequences indented"] + BODY, encoding="utf-8")
    try:
        add_exclusion(path, file_digest(path), dataset="traffic", product=product, reason=reason)
    except ContentError as e:  # only a string YAML cannot hold (a lone control character) may be refused
        assert "could not be written" in str(e)
        assert path.read_text(encoding="utf-8") == STYLES["block, sequences indented"] + BODY
        return
    entry = yaml.safe_load(path.read_text(encoding="utf-8").split("\n---")[0][3:])["exclude"]["traffic"][-1]
    assert entry == {"product": product.strip(), "reason": " ".join(reason.split())}
    assert path.read_text(encoding="utf-8").endswith("---\n" + BODY)
