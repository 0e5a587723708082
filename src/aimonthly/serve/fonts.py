"""The CJK face the workbench's pages carry, for a machine without one (static/fonts.css names the
platform's own CJK fonts first: aimonthly.core.fonts.font_stack).

Two faces of one family: the *common* cut (WOFF2, about 1 MB: ASCII, punctuation, the 3,755 common
characters of GB 2312 and every character of the UI catalogue), preloaded by every page; and the whole
face (one OpenType file, 16 MB) for every other code point (its unicode-range), which a browser fetches
only for a page with such a character (a rare one in a product's name). The common cut takes a few seconds to make, once per machine and font
version: ``aimonthly serve`` makes it in a child process (``python -m aimonthly.serve.fonts``) when the
user's cache has none, and until it is there the pages name the whole face alone."""

from __future__ import annotations

import functools
import io
import subprocess
import sys
import time

from aimonthly.core.font_subset import FAMILY, common_characters, kept_subset, woff2_subset
from aimonthly.core.fonts import cjk_font, font_stack
from aimonthly.serve.words import catalogue_characters

WHOLE = "/static/cjk.otf"
COMMON = "/static/cjk-common.woff2"


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


@functools.cache
def common_set() -> frozenset[int]:
    return common_characters() | catalogue_characters()


_looked = [0.0]  # when the disk was last asked for the common cut (while it is not there)


def common_cut() -> bytes | None:
    """The common cut when it has been made (never made here: a request must not wait for it). Once found
    it is kept in memory; while it is missing, the disk is asked at most every 5 s (pages ask on each view)."""
    if cjk_font().path is None:
        return None
    now = time.monotonic()
    found = kept_subset(common_set()) if now - _looked[0] > 5 else None
    if found is None:
        _looked[0] = now
    return found


@functools.cache
def beyond_common() -> str:
    """A CSS unicode-range of every code point outside the common set (about 2,600 ranges, 30 KB)."""
    ranges, start = [], 0
    for c in sorted(common_set()):
        if c > start:
            ranges.append((start, c - 1))
        start = c + 1
    ranges.append((start, 0x10FFFF))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)


def fonts_css() -> str:
    """The faces and the stack (as the variable --fonts). Once the common cut is made, the whole face covers
    only what the cut does not (its unicode-range): a browser fetches it for a rare character only, and
    ``document.fonts.check`` of a page's text asks for the face that text needs."""
    rules = []
    if cjk_font().path is not None:
        face = f'@font-face {{ font-family: "{FAMILY}"; font-display: block; '
        if common_cut() is not None:
            rules.append(face + f'src: url("{COMMON}") format("woff2"); }}')
            rules.append(face + f'src: url("{WHOLE}") format("opentype"); unicode-range: {beyond_common()}; }}')
        else:
            rules.append(face + f'src: url("{WHOLE}") format("opentype"); }}')
    rules.append(f":root {{ --fonts: {font_stack()}; }}")
    head = "/* The CJK face this server carries; the platform's own CJK fonts come first (--fonts). */\n"
    return head + "\n".join(rules) + "\n"


def preload() -> tuple[str, str] | None:
    """(address, type) of the face every page preloads: the common cut once made, else the whole face."""
    if cjk_font().path is None:
        return None
    return (COMMON, "font/woff2") if common_cut() is not None else (WHOLE, "font/otf")


def start_common_cut() -> subprocess.Popen | None:
    """Make the common cut in a child process when none is kept (the caller stops it when it stops)."""
    if cjk_font().path is None or common_cut() is not None:
        return None
    return subprocess.Popen(
        [sys.executable, "-m", "aimonthly.serve.fonts"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


if __name__ == "__main__":
    woff2_subset(common_set())
