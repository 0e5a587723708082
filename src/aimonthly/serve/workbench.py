"""What every page reads through: the warehouse (one short read-only connection per request, so that
an ingest can run while the server is up: aimonthly.warehouse.access), the folders, and the caches.

Results are cached by the warehouse's *data version* (its batches), read again only when the
warehouse's files changed: a page computed once is served from memory until an ingest or an undo
changes the data. Each cache is bounded (least recently used out) and computes a key once even when
several requests ask for it at the same moment.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Hashable, Iterator

from aimonthly.analytics.registry import Registry
from aimonthly.analytics.taxonomy import Taxonomy
from aimonthly.config import Settings
from aimonthly.pipeline import FILE_NAMES
from aimonthly.watch import Rebuilder, stamp
from aimonthly.warehouse.access import data_version, file_stamp, reading
from aimonthly.warehouse.inventory import month_inventory

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def size_of(value: Any, depth: int = 3) -> int:
    """Roughly what a cached value holds, in bytes: Arrow's own count for arrays and tables, the length
    of text, the sum over containers (a few levels down); enough to bound a cache, not an audit."""
    if hasattr(value, "nbytes"):
        return int(value.nbytes)
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    if depth and isinstance(value, dict):
        return sys.getsizeof(value) + sum(size_of(k, depth - 1) + size_of(v, depth - 1) for k, v in value.items())
    if depth and isinstance(value, (list, tuple, set, frozenset)):
        return sys.getsizeof(value) + sum(size_of(v, depth - 1) for v in value)
    return sys.getsizeof(value)


class Cache:
    """A bounded map, least recently used out: at most ``size`` entries and ``max_bytes`` (``size_of``) in
    all; a key missing is computed once however many ask."""

    def __init__(self, size: int, max_bytes: int | None = None):
        self.size, self.max_bytes = size, max_bytes
        self.bytes = 0
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._sizes: dict[Hashable, int] = {}
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    @property
    def entries(self) -> int:
        return len(self._data)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            try:
                value = compute()
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            weight = size_of(value) if self.max_bytes else 0
            with self._lock:
                self._data[key], self._sizes[key] = value, weight
                self.bytes += weight
                while len(self._data) > 1 and (
                    len(self._data) > self.size or (self.max_bytes and self.bytes > self.max_bytes)
                ):
                    old, _ = self._data.popitem(last=False)
                    self.bytes -= self._sizes.pop(old)
            return value


class Workbench:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.warehouse = settings.path("warehouse")
        self.output_dir = settings.path("output_dir")
        self.content_dir = settings.path("content_dir")
        self.taxonomy = Taxonomy.from_house(settings.house.taxonomy)
        # pages' data (inventories, checks, product pages, sparklines, a filter's rows): a filtered view of a
        # big list is most of a MB, so entries alone do not bound it
        self.small = Cache(256, max_bytes=64 << 20)
        self.rankings = Cache(6)  # whole ranking tables (a 200,000-product list is tens of MB)
        self._stamp: tuple | None = None
        self._version: tuple | None = None
        self._version_lock = threading.Lock()
        self._previews: dict[str, Rebuilder] = {}

    @contextmanager
    def read(self) -> Iterator[Any]:
        """The warehouse, read-only, for one request (WarehouseBusy while a writer holds it too long)."""
        with reading(self.warehouse) as wh:
            yield wh

    def version(self) -> tuple:
        """The data version, looked up again only when the warehouse's files changed."""
        stamp = file_stamp(self.warehouse)
        with self._version_lock:
            if stamp == self._stamp and self._version is not None:
                return self._version
        with self.read() as wh:
            version = data_version(wh)
        with self._version_lock:
            self._stamp, self._version = stamp, version
        return version

    def cached(self, kind: str, key: tuple, compute: Callable[[], Any], *, cache: Cache | None = None) -> Any:
        return (cache or self.small).get((kind, self.version(), *key), compute)

    def registry(self, con) -> Registry:
        return self.cached("registry", (), lambda: Registry.load(con, every_column=True))

    def inventory(self) -> dict:
        def compute():
            with self.read() as wh:
                return month_inventory(wh), wh.summary()

        return self.cached("inventory", (), compute)

    # -- the folders ----------------------------------------------------------------------------
    def content_file(self, month: str) -> Path:
        return self.content_dir / f"{month}.md"

    def content_months(self) -> list[str]:
        if not self.content_dir.is_dir():
            return []
        return sorted((p.stem for p in self.content_dir.glob("*.md") if MONTH.match(p.stem)), reverse=True)

    def report_files(self, month: str) -> dict[str, Path]:
        """format -> file of the month's built report (only files that exist, in FILE_NAMES' order)."""
        folder = self.output_dir / month
        return {fmt: folder / name for fmt, name in FILE_NAMES.items() if (folder / name).is_file()}

    def report_months(self) -> list[str]:
        if not self.output_dir.is_dir():
            return []
        return sorted(
            (p.name for p in self.output_dir.iterdir() if MONTH.match(p.name) and self.report_files(p.name)),
            reverse=True,
        )

    def content_state(self, month: str) -> tuple | None:
        return stamp([self.content_file(month)])

    def preview(self, month: str) -> Rebuilder:
        with self._version_lock:
            if month not in self._previews:
                self._previews[month] = Rebuilder(self.settings, month, formats=["html"])
            return self._previews[month]
