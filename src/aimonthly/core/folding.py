"""Folding text for comparison, and finding known names in it: one implementation for the authored-text
check, the draft guard's name rule and the text-figure reader.

- ``fold``: NFKC (full-width letters and digits as ASCII) and lower case, one character for one, so that
  positions in the folded text are positions in the original;
- ``squeeze``: ``fold`` without the spaces between CJK and Latin ("天工 AI" = "天工AI"), with the original
  position of each character kept;
- ``fold_name``: a name or a paragraph as they are compared: squeezed, runs of whitespace as one space;
- ``NameScanner`` / ``has_name``: known names in folded text, the longest at each place, a Latin name
  only as a whole word ("Kimi" is not found in "Kimix").

The registry's own key (core.product_names) is stricter about punctuation and is computed in Arrow over
whole columns; it keeps the space between CJK and Latin, as docs/registry.md states.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

CJK = "\u3400-\u9fff\uf900-\ufaff"  # the unified ideographs, extension A and the compatibility block
IS_CJK = re.compile(f"[{CJK}]")
_GAP = re.compile(rf"(?<=[{CJK}]) +(?=[a-z0-9])|(?<=[a-z0-9]) +(?=[{CJK}])")


def _fold_char(ch: str) -> str:
    n = unicodedata.normalize("NFKC", ch)
    return (n if len(n) == 1 else ch).lower()


def fold(text: str) -> str:
    """NFKC (full-width letters and digits as ASCII) and lower case, one character for one: positions hold."""
    return "".join(_fold_char(ch) for ch in text) if not text.isascii() else text.lower()


def squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` folded, without the spaces between CJK and Latin ("天工 AI" = "天工ai"), and the index in
    ``text`` of each character kept."""
    t = fold(text)
    drop = {i for m in _GAP.finditer(t) for i in range(m.start(), m.end())}
    kept = [i for i in range(len(t)) if i not in drop]
    return "".join(t[i] for i in kept), kept


def fold_name(text: str) -> str:
    """A name, or a text to find names in: squeezed, each run of whitespace one space, trimmed."""
    return squeeze(" ".join(text.split()))[0]


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def has_name(hay: str, needle: str) -> bool:
    """``needle`` in ``hay`` (both folded alike), a Latin end not running on into a Latin letter or digit."""
    start = hay.find(needle)
    while start >= 0:
        end = start + len(needle)
        if not (
            (is_latin(needle[0]) and start and is_latin(hay[start - 1]))
            or (is_latin(needle[-1]) and end < len(hay) and is_latin(hay[end]))
        ):
            return True
        start = hay.find(needle, start + 1)
    return False


class NameScanner:
    """Known names (folded alike with the text they are looked for in) found in a text, left to right."""

    def __init__(self, names: Iterable[str]):
        self._by_first: dict[str, list[str]] = {}
        for n in sorted(set(names), key=len, reverse=True):
            if n:
                self._by_first.setdefault(n[0], []).append(n)

    def scan(self, s: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of each name in ``s``: the longest at each place, no two overlapping, a Latin
        name neither starting nor ending inside a Latin word."""
        out, i = [], 0
        while i < len(s):
            hit = None
            if i == 0 or not (is_latin(s[i - 1]) and is_latin(s[i])):
                for n in self._by_first.get(s[i], ()):
                    end = i + len(n)
                    if s.startswith(n, i) and not (is_latin(n[-1]) and end < len(s) and is_latin(s[end])):
                        hit = n
                        break
            if hit:
                out.append((i, i + len(hit), hit))
                i += len(hit)
            else:
                i += 1
        return out
