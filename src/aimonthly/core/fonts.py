"""The CJK font: the one the project's own install provides, else a system font.

Charts (matplotlib), the PDF (Typst) and the Word file all name the same family.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SYSTEM_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)


# The CSS font stack of every page (report.html, the workbench and its SVG charts): the platform's own CJK
# fonts first (macOS, Windows, Linux), then the face the page carries (core/font_subset.py), then any.
PLATFORM_FONTS = ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Hiragino Sans GB")
CARRIED_FAMILY = "aimonthly CJK"


def font_stack() -> str:
    """'"PingFang SC", "Microsoft YaHei", …, "aimonthly CJK", sans-serif' (a CSS font-family value)."""
    return ", ".join(f'"{f}"' for f in (*PLATFORM_FONTS, CARRIED_FAMILY)) + ", sans-serif"


@dataclass(frozen=True)
class CJKFont:
    path: Path | None  # None: no CJK font found; text will show boxes
    family: str  # the family name as Typst and matplotlib see it
    origin: Literal["package", "system", "missing"]


@functools.cache
def cjk_font() -> CJKFont:
    try:
        import noto_cjk_sans_otc

        p = Path(noto_cjk_sans_otc.FONT_PATH)
        if p.is_file():
            return CJKFont(p, "Noto Sans CJK SC", "package")
    except ImportError:
        pass
    for c in SYSTEM_CANDIDATES:
        p = Path(c)
        if p.is_file():
            family = "Noto Sans CJK SC" if "Noto" in p.name else ("WenQuanYi Micro Hei" if "wqy" in p.name else p.stem)
            return CJKFont(p, family, "system")
    return CJKFont(None, "sans-serif", "missing")
