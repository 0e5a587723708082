"""WOFF2 subsets of the project's CJK face (aimonthly.core.fonts): just the glyphs a text needs, so that a
page names a font it carries and renders the same on a machine without any CJK font.

fontTools' subsetter cuts the face; WOFF2 is its Brotli-compressed web format. A subset is costly to
make (about 0.6 s to cut and 2 s to compress a thousand characters; a few seconds more for the common
set of ``COMMON``), so each is kept: in memory, and as a file in the user's cache folder named by the
hash of everything that shapes its bytes (the face file, its size and time, the characters, the
versions of fontTools and Brotli). A file whose header does not repeat that key is ignored and made again.
"""

from __future__ import annotations

import functools
import hashlib
import io
import threading
from importlib import metadata
from pathlib import Path
from typing import Iterable

from aimonthly.core.errors import AimonthlyError
from aimonthly.core.files import user_cache_folder, write_atomic
from aimonthly.core.fonts import CARRIED_FAMILY, cjk_font

MAGIC = b"aimonthly-font-subset 1\n"
FAMILY = CARRIED_FAMILY  # the name every page gives the face it carries
# The workbench's common set: printable ASCII and Latin-1, general punctuation, CJK symbols and punctuation,
# full-width forms, geometric shapes and arrows, and the 3,755 characters of GB 2312's first level (the
# common ones); anything else comes from the whole face, which a browser fetches only when a page needs it.
_RANGES: tuple[tuple[int, int], ...] = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2190, 0x21FF),
    (0x25A0, 0x25FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


def _gb2312_level_one() -> set[int]:
    out = set()
    for row in range(0xB0, 0xD8):  # rows 16-55: level one, in pinyin order
        for cell in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return out


@functools.cache
def common_characters() -> frozenset[int]:
    return frozenset({c for lo, hi in _RANGES for c in range(lo, hi + 1)} | _gb2312_level_one())


def characters(texts: Iterable[str]) -> frozenset[int]:
    """The code points of ``texts`` worth a glyph (no control characters)."""
    return frozenset(ord(ch) for t in texts for ch in t if ch >= " ")


class FontUnavailable(Exception):
    """No CJK face in this installation (the pip package noto-cjk-sans-otc is missing)."""


_memory: dict[frozenset[int], bytes] = {}
_lock = threading.Lock()


def _key(chars: frozenset[int]) -> str:
    font = cjk_font()
    assert font.path is not None
    st = font.path.stat()
    versions = []
    for dist in ("fonttools", "brotli"):
        try:
            versions.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            versions.append("-")
    h = hashlib.sha256(repr((str(font.path), st.st_size, st.st_mtime_ns, font.family, versions)).encode())
    h.update(",".join(map(str, sorted(chars))).encode())
    return h.hexdigest()


def _cut(chars: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTCollection, TTFont

    font = cjk_font()
    assert font.path is not None
    index = 0
    if font.path.suffix.lower() in (".ttc", ".otc"):
        faces = [f["name"].getDebugName(1) for f in TTCollection(str(font.path), lazy=True).fonts]
        index = faces.index(font.family) if font.family in faces else 0
    face = TTFont(str(font.path), fontNumber=index)
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # outlines only: a CFF face's hints add size and nothing on a screen
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(face)
    face.flavor = "woff2"
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def _kept(wanted: frozenset[int], folder: Path | None) -> tuple[Path | None, bytes, bytes | None]:
    """Where the cut of ``wanted`` is kept, the header it starts with, and its bytes when it is there
    (from memory first: then no path or header is needed)."""
    if cjk_font().path is None:
        raise FontUnavailable("no CJK font in this installation: pip install noto-cjk-sans-otc")
    with _lock:
        if wanted in _memory:
            return None, b"", _memory[wanted]
    key = _key(wanted)
    path = (folder or user_cache_folder("fonts")) / f"{key[:32]}.woff2"
    header = MAGIC + key.encode() + b"\n"
    try:
        raw = path.read_bytes()
    except OSError:
        return path, header, None
    return path, header, _remember(wanted, raw[len(header) :]) if raw.startswith(header) else None


def _remember(wanted: frozenset[int], data: bytes) -> bytes:
    with _lock:
        if len(_memory) > 16:
            _memory.clear()
        _memory[wanted] = data
    return data


def kept_subset(chars: Iterable[int], *, folder: Path | None = None) -> bytes | None:
    """The cut of ``chars`` when one is kept (in memory or on disk), else None: nothing is cut."""
    return _kept(frozenset(chars), folder)[2]


def woff2_subset(chars: Iterable[int], *, folder: Path | None = None) -> bytes:
    """The CJK face cut to ``chars`` (code points the face lacks are left out), as WOFF2 bytes; kept in
    memory and in ``folder`` (default: aimonthly/fonts in the user's cache folder)."""
    wanted = frozenset(chars)
    path, header, data = _kept(wanted, folder)
    if data is not None:
        return data
    data = _cut(wanted)
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, header + data)
    except (OSError, AimonthlyError):  # a cache that cannot be written costs time, not correctness
        pass
    return _remember(wanted, data)


def covered(data: bytes) -> frozenset[int]:
    """The code points a WOFF2 (or any) font file has glyphs for: what a test compares a page's text with."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(io.BytesIO(data)).getBestCmap())
