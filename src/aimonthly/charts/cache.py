"""The chart cache: drawn charts kept in a folder (by default the user's cache folder), so that a
rebuild after an edit to the text, or a second demo, redraws nothing.

An entry is one encoding of one chart, under a key that hashes everything that shapes its bytes:
the spec (kind, data, size), the drawing code and house style (charts/figures.py), the font file,
and the versions of matplotlib, Pillow and aimonthly. Each entry file starts with a header line that
repeats its key and the SHA-256 of its payload: an entry whose key or digest does not match (a file
copied under another name, cut short, or damaged) is ignored and drawn again, never trusted.
Entries are written atomically (a temporary file, then a rename), so concurrent builds are safe.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from importlib import metadata
from pathlib import Path
from typing import Sequence

from aimonthly.core.chart import Chart, ChartSpec
from aimonthly.core.files import user_cache_folder

MAGIC = b"aimonthly-chart 1"
MAX_ENTRIES = 1000  # about 100 MB; the least recently used entries go first


def default_folder() -> Path:
    """aimonthly/charts in the user's cache folder."""
    return user_cache_folder("charts")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


@functools.cache
def environment() -> str:
    """What besides the spec shapes a drawn chart's bytes: the drawing code and style, the font,
    the libraries. Read without importing matplotlib (a cache hit must not pay for it)."""
    from aimonthly import __version__
    from aimonthly.core.fonts import cjk_font

    h = hashlib.sha256()
    h.update((Path(__file__).parent / "figures.py").read_bytes())
    font = cjk_font()
    stat = font.path.stat() if font.path is not None else None
    parts = [
        __version__,
        _version("matplotlib"),
        _version("pillow"),
        _version("numpy"),
        font.family,
        str(font.path),
        f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "-",
    ]
    h.update("\n".join(parts).encode("utf-8"))
    return h.hexdigest()


def entry_key(spec: ChartSpec, encoding: str) -> str:
    return hashlib.sha256(f"{spec.digest()}:{environment()}:{encoding}".encode()).hexdigest()


class ChartCache:
    """Drawn charts by key: in memory (for the life of this object, e.g. a ``--watch`` session) and,
    unless ``folder`` is None, on disk."""

    def __init__(self, folder: Path | None, *, max_entries: int = MAX_ENTRIES):
        self.folder = Path(folder) if folder is not None else None
        self.max_entries = max_entries
        self.memory: dict[str, bytes] = {}
        self.hits = self.misses = self.rejected = 0

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / key

    def _read(self, key: str) -> bytes | None:
        if key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        head, sep, payload = data.partition(b"\n")
        fields = head.split(b" ")
        if (
            not sep
            or fields[:2] != MAGIC.split(b" ")
            or len(fields) != 4
            or fields[2].decode(errors="replace") != key
            or fields[3].decode(errors="replace") != hashlib.sha256(payload).hexdigest()
        ):
            self.rejected += 1  # another chart's entry, cut short or damaged: drawn again and overwritten
            return None
        self.memory[key] = payload
        try:  # used: pruning removes the least recently used entries first
            os.utime(path)
        except OSError:
            pass
        return payload

    def get(self, spec: ChartSpec, encodings: Sequence[str]) -> dict[str, bytes]:
        """The encodings of ``spec`` found (missing ones are left out)."""
        found = {}
        for enc in encodings:
            payload = self._read(entry_key(spec, enc))
            if payload is None:
                self.misses += 1
            else:
                self.hits += 1
                found[enc] = payload
        return found

    def put(self, spec: ChartSpec, chart: Chart) -> None:
        for enc, payload in (("svg", chart.svg.encode("utf-8") if chart.svg is not None else None), ("png", chart.png)):
            if payload is None:
                continue
            key = entry_key(spec, enc)
            self.memory[key] = payload
            if self.folder is not None:
                self._write(key, payload)

    def _write(self, key: str, payload: bytes) -> None:
        """Atomically; a cache that cannot be written (read-only, full) only costs the next build time."""
        path = self._path(key)
        tmp = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{key}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(
                b"%s %s %s\n" % (MAGIC, key.encode(), hashlib.sha256(payload).hexdigest().encode()) + payload
            )
            os.replace(tmp, path)
        except OSError:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def prune(self) -> int:
        """Remove the least recently used entries past ``max_entries``; the number removed."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        entries = []
        for sub in self.folder.iterdir():
            if sub.is_dir():
                for p in sub.iterdir():
                    try:
                        entries.append((p.stat().st_mtime_ns, p))
                    except OSError:
                        continue
        removed = 0
        for _, p in sorted(entries)[: max(0, len(entries) - self.max_entries)]:
            p.unlink(missing_ok=True)
            removed += 1
        return removed


def chart_from(spec: ChartSpec, found: dict[str, bytes]) -> Chart:
    return Chart(
        svg=found["svg"].decode("utf-8") if "svg" in found else None,
        png=found.get("png"),
        width_cm=spec.width_cm,
        height_cm=spec.height_cm,
    )
