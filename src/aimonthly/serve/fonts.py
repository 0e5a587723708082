"""The CJK font for pages shown on a machine without one: the Simplified Chinese face of the project's
own font (aimonthly.core.fonts), as one OpenType file. A browser fetches it only when no local font of
the family is installed (static/fonts.css names the local ones first)."""

from __future__ import annotations

import functools
import io

from aimonthly.core.fonts import cjk_font


@functools.cache
def cjk_font_bytes() -> bytes | None:
    font = cjk_font()
    if font.path is None:
        return None
    if font.path.suffix.lower() not in (".ttc", ".otc"):
        return font.path.read_bytes()
    from fontTools.ttLib import TTCollection, TTFont

    faces = [f["name"].getDebugName(1) for f in TTCollection(str(font.path), lazy=True).fonts]
    index = faces.index(font.family) if font.family in faces else 0
    out = io.BytesIO()
    TTFont(str(font.path), fontNumber=index, lazy=True).save(out)  # the tables copied as they are: fast
    return out.getvalue()
