"""core.folding, the one folding of text and names (the authored-text check, the draft guard, the figure
reader): its position maps hold, and the name scanner agrees with a brute-force search."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from aimonthly.core.folding import NameScanner, fold, fold_name, has_name, squeeze

# Latin letters and digits (full- and half-width), CJK, spaces of several kinds, punctuation
ALPHABET = st.sampled_from(list("aBk9Ｋｉ１ 　\t天工智能模型-.·") + ["\u3000", "Ⅳ", "㎏"])
TEXT = st.text(ALPHABET, max_size=30)


@given(TEXT)
def test_fold_keeps_positions(text):
    folded = fold(text)
    assert len(folded) == len(text)
    for a, b in zip(text, folded):
        assert b == a.lower() or len(b) == 1


@given(TEXT)
def test_squeeze_maps_each_kept_character_back(text):
    s, index = squeeze(text)
    folded = fold(text)
    assert [folded[i] for i in index] == list(s)
    assert index == sorted(index)
    dropped = set(range(len(text))) - set(index)
    assert all(folded[i] == " " for i in dropped)  # only spaces are dropped


def test_the_gap_between_cjk_and_latin_goes_and_other_spaces_stay():
    assert fold_name("天工 AI") == fold_name("天工AI") == "天工ai"
    assert fold_name("  ＧＰＴ－4　  Turbo ") == "gpt-4 turbo"
    assert fold_name("通义 千问") == "通义 千问"


def brute_force(names: set[str], s: str) -> list[tuple[int, int, str]]:
    """The oracle: at each place the longest name that fits, Latin names as whole words, left to right."""
    latin = re.compile(r"[0-9a-z]")
    out, i = [], 0
    while i < len(s):
        fits = [
            n
            for n in names
            if n
            and s.startswith(n, i)
            and not (i and latin.match(s[i - 1]) and latin.match(n[0]))
            and not (i + len(n) < len(s) and latin.match(s[i + len(n)]) and latin.match(n[-1]))
        ]
        if fits:
            n = max(fits, key=len)
            out.append((i, i + len(n), n))
            i += len(n)
        else:
            i += 1
    return out


NAME = st.text(st.sampled_from(list("ak9天工智")), min_size=1, max_size=4)


@given(st.sets(NAME, max_size=6), st.text(st.sampled_from(list("ak9天工智 ")), max_size=30))
def test_the_scanner_finds_what_a_brute_force_search_finds(names, s):
    found = NameScanner(names).scan(s)
    assert [(a, b) for a, b, _ in found] == [(a, b) for a, b, _ in brute_force(names, s)]
    for _, _, n in found:
        assert has_name(s, n)


def test_a_latin_name_is_a_whole_word():
    scanner = NameScanner({"kimi", "天工"})
    assert scanner.scan(fold_name("Kimix 与天工")) == [(6, 8, "天工")]
    assert has_name("用kimi写", "kimi") and not has_name("kimix", "kimi")
