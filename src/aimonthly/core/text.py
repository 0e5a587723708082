"""Display widths of text, in columns (CJK and other wide characters count 2), and cutting text to
a width: table cells and chart labels are measured this way."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns a string takes in a table cell: CJK and other wide characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, width: int, ellipsis: str = "…") -> str:
    """Cut text to ``width`` display columns (CJK = 2), ending with ``ellipsis`` (counted as 2) when cut.

    For table cells and chart labels only: names stay whole in the data, the facts and the Excel pack.
    """
    if display_width(text) <= width:
        return text
    out, used = [], 2
    for ch in text:
        w = display_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip(" -–—(（") + ellipsis
