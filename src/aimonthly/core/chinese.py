"""Traditional Chinese read as simplified: vendor tags, headers and company names (字節跳動 -> 字节跳动).

The conversion is OpenCC's (the maintained converter of the field, its ``t2s`` dictionaries: characters
and the standard phrases), never a hand table. Simplified text and Latin text pass unchanged.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.lru_cache(maxsize=1)
def _converter() -> Any:  # opencc.OpenCC (the package ships no type hints)
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)  # names and tags repeat month after month
def to_simplified(text: str) -> str:
    """``text`` in simplified Chinese; text without a CJK character is returned as it is (no OpenCC call)."""
    if not text or not any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text):
        return text
    return _converter().convert(text)


def simplified_or_none(text: str | None) -> str | None:
    return None if text is None else to_simplified(text)
