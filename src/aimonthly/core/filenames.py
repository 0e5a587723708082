"""Names that come from the file system, for display and for storage: one function for each need.

A name on a POSIX file system is bytes. Python hands it over as text in which each byte that is not
UTF-8 is a lone surrogate (U+DC80..U+DCFF, "surrogateescape"): ``unzip`` of a Windows zip gives
``流量.csv`` as the GBK bytes ``\\xc1\\xf7\\xc1\\xbf.csv``. No UTF-8 text (a log, an ``.error.txt``, the
warehouse's batches) can hold such a name, and a control character in a name (a newline, ESC, a
bidi override) would forge log lines or drive the terminal. So every name read from a folder goes
through ``shown_name`` before it is shown, logged or stored: those characters become escapes, and the
stored name is the shown one. ``short_name`` makes a name that fits a byte budget, for the files the
inbox writes beside the ones it moves (a name may have 255 bytes, and 77 Chinese characters are 231).
"""

from __future__ import annotations

import hashlib
import os
import re

NAME_MAX = 255  # bytes in one name: ext4, XFS, btrfs, tmpfs, APFS and NTFS (in UTF-16 units) alike

# C0 and C1 controls and DEL, the line and paragraph separators, the bidi embeddings, overrides and
# isolates, the noncharacters U+FFFE/U+FFFF, and surrogates (the bytes that were not UTF-8).
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape keeps it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escaped(text: str) -> str:
    """``text`` with bytes that are not UTF-8 as ``\\xNN`` and control and bidi characters as ``\\n``,
    ``\\x1b``, ``\\u202e``: one printable line, whatever it held (the run's log writes every line so)."""
    return _ESCAPED.sub(_escape, text)


def shown_name(name: str) -> str:
    """A file's name as every message, log and table shows it and the warehouse stores it (``escaped``)."""
    return escaped(name)


def not_utf8(name: str) -> str | None:
    """For a name holding bytes that are not UTF-8: what they say read as GBK (GB 18030), the encoding a
    Chinese Windows zip uses, when they read as printable text that way; else None."""
    if not re.search("[\udc80-\udcff]", name):
        return None
    try:
        guess = os.fsencode(name).decode("gb18030")
    except UnicodeDecodeError:
        return None
    return guess if guess.isprintable() else None


def short_name(name: str, max_bytes: int = NAME_MAX) -> str:
    """``name`` when its bytes fit ``max_bytes``; else its start, ``~``, eight hex digits of its hash and
    its extension, ``max_bytes`` at most: two long names that start alike stay two names."""
    raw = os.fsencode(name)
    if len(raw) <= max_bytes:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(os.fsencode(ext)) > 16:
        stem, ext = name, ""
    tail = f"~{hashlib.sha256(raw).hexdigest()[:8]}" + (f".{ext}" if ext else "")
    room = max_bytes - len(os.fsencode(tail))
    while stem and len(os.fsencode(stem)) > room:  # whole characters: never half of a UTF-8 sequence
        stem = stem[:-1]
    return stem + tail
