"""``t(key, **values)``: the catalogue's words (aimonthly.serve.catalogue) in the workbench's language.

A value given as text is made printable and escaped where it is placed; a value given as markup (a link,
a ``<code>`` the template built) is kept as it is.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from aimonthly.core.safe import printable
from aimonthly.serve.catalogue import LANGS, WORDS, UiLang


class Words:
    """``t(key, **values)``: the key's words in one language, placeholders filled (escaped unless markup)."""

    def __init__(self, lang: UiLang):
        self.lang = lang
        self._at = LANGS.index(lang)

    def __call__(self, key: str, **values: Any) -> Markup:
        text = WORDS[key][self._at]
        safe = {k: v if isinstance(v, Markup) else printable(str(v)) for k, v in values.items()}
        return Markup(escape(text)).format(**safe) if values else Markup(escape(text))

    def plain(self, key: str, **values: Any) -> str:
        """The words as text (for a page's title, an SVG's label): escaped where they are placed."""
        return str(Markup(self(key, **values)).unescape())

    def count(self, key: str, n: int) -> str:
        """'3 个错误' / '3 errors', '1 error'."""
        text = WORDS[key][self._at]
        if self.lang == "zh":
            return f"{n:,} {text}"
        one, many = text.split("|")
        return f"{n:,} {one if n == 1 else many}"

    def name(self, kind: str, value: str | None) -> str:
        """A data set's, list's, rule's, severity's or status's name; the value itself when it has none."""
        if value is None:
            return ""
        key = f"{kind}.{value}"
        return WORDS[key][self._at] if key in WORDS else value


def catalogue_characters() -> frozenset[int]:
    """Every character of the catalogue (the workbench's common font cut carries them all)."""
    return frozenset(ord(ch) for pair in WORDS.values() for text in pair for ch in text)
