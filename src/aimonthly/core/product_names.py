"""Product names and domains as the registry compares them (docs/registry.md#normalisation).

A name is compared after NFKC (full-width letters and digits become half-width), lower-casing,
folding runs of whitespace to one space and trimming spaces and punctuation at both ends. Nothing
inside a name is dropped: "Kimi" and "Kimi 2", "AI Chat" and "Chat", "GPT-4" and "GPT-4o" stay
apart. The vectorised form (Arrow) is the definition; the one-string form calls it, so the two can
never disagree. Used by ingest (the registry's own checks) and by analytics (resolution).
"""

from __future__ import annotations

import functools
import re
from typing import Iterable

import pyarrow as pa
import pyarrow.compute as pc

# Trimmed at either end only. Not "+", "#", "&", "@", "%", "/": they are part of names (C#, Notion+).
TRIM = " \t\n\r\f\v.,;:!?'\"`~()[]{}<>-_*·•、，。；：！？「」『』《》〈〉【】（）“”‘’…—–・"
ALIAS_SEPARATOR = "|"
_SPACES = r"[\t\n\r\f\v ]+"


def normalise_names(values: pa.Array | pa.ChunkedArray | list) -> pa.Array:
    """The comparison key of each name; null for a null or a name that is only punctuation."""
    arr = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if len(arr) == 0:
        return pa.array([], type=pa.string())
    arr = pc.utf8_normalize(arr, "NFKC")
    ascii_only = pc.all(pc.string_is_ascii(arr)).as_py()
    arr = pc.ascii_lower(arr) if ascii_only else pc.utf8_lower(arr)
    spaced = pc.fill_null(pc.match_substring_regex(arr, r"[\t\n\r\f\v]|  "), False)
    if pc.any(spaced).as_py():
        arr = pc.if_else(spaced, pc.replace_substring_regex(arr, _SPACES, " "), arr)
    arr = pc.utf8_trim(arr, characters=TRIM)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


@functools.lru_cache(maxsize=65536)
def _normalise_one(name: str) -> str | None:
    return normalise_names(pa.array([name], type=pa.string()))[0].as_py()


def normalise_name(name: str | None) -> str | None:
    """One name's key (through the vectorised form, so both agree; remembered, as names repeat)."""
    return None if name is None else _normalise_one(str(name))


def normalise_domains(values: pa.Array | pa.ChunkedArray | list) -> pa.Array:
    """A domain's host: "https://www.Kimi.moonshot.cn/chat" -> "kimi.moonshot.cn"."""
    arr = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if len(arr) == 0:
        return pa.array([], type=pa.string())
    arr = pc.utf8_lower(pc.utf8_trim_whitespace(pc.utf8_normalize(arr, "NFKC")))
    arr = pc.replace_substring_regex(arr, r"^[a-z][a-z0-9+.-]*://", "")
    arr = pc.replace_substring_regex(arr, r"^www\d*\.", "")
    arr = pc.replace_substring_regex(arr, r"[/?#:].*$", "")
    arr = pc.utf8_trim(arr, characters=". ")
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def normalise_domain(domain: str | None) -> str | None:
    if domain is None:
        return None
    return normalise_domains(pa.array([str(domain)], type=pa.string()))[0].as_py()


def split_aliases(aliases: str | None) -> list[str]:
    """'Kimi Chat | Kimi智能助手' -> ['Kimi Chat', 'Kimi智能助手'] (empty parts dropped)."""
    return [a.strip() for a in (aliases or "").split(ALIAS_SEPARATOR) if a.strip()]


def registry_keys(products: pa.Array, aliases: pa.Array) -> tuple[pa.Array, pa.Array]:
    """(normalised key, row index) for every product name and alias of the registry's rows."""
    n = len(products)
    rows = pa.array(range(n), type=pa.int64())
    parts = pc.split_pattern(pc.fill_null(aliases, ""), ALIAS_SEPARATOR)
    alias_rows = pc.list_parent_indices(parts)
    keys = pa.concat_arrays([normalise_names(products), normalise_names(pc.list_flatten(parts))])
    idx = pa.concat_arrays([rows, alias_rows.cast(pa.int64())])
    keep = pc.is_valid(keys)
    return keys.filter(keep), idx.filter(keep)


def name_words(text: str) -> Iterable[str]:
    """The name's words after normalisation (for near-match suggestions)."""
    return re.findall(r"[0-9a-z]+|[^\x00-\x7f]", normalise_name(text) or "")
