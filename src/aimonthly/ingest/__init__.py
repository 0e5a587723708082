"""The ingest stage: read any export, map its headers, parse its values, validate every row."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Iterable, Iterator

from aimonthly.core.datasets import DATASETS, Column, Dataset, ParsedFile
from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError, Problem, ValueParseError
from aimonthly.ingest.parse import parse_file

__all__ = [
    "DATASETS",
    "Column",
    "Dataset",
    "IngestError",
    "Limits",
    "ParsedFile",
    "Problem",
    "ValueParseError",
    "parse_file",
    "ingest_file",
    "ingest_files",
]


def ingest_file(warehouse, dataset: str, path, **options):
    """Parse and validate ``path`` as ``dataset``, then add it to ``warehouse`` as one batch."""
    return warehouse.ingest(parse_file(dataset, path, **options))


def ingest_files(warehouse, files: Iterable[tuple], **options) -> Iterator:
    """Ingest files in order, each as its own batch (all or nothing per file), yielding each result.
    Each item is (dataset, path), or (dataset, path, options) whose options (a vendor profile's) are
    laid over ``options`` for that file.

    The next file is parsed in a thread while the current one is written: Arrow's parsing and
    DuckDB's insert both release the GIL, so on two cores the two overlap (1.7 M -> 2.x M rows/s
    at vendor scale, BENCHMARKS.md). A file that fails is raised when its turn comes, after the
    files before it have landed, exactly as one-by-one ingest would.
    """
    files = list(files)
    if not files:
        return

    def parse(item: tuple):
        return parse_file(item[0], item[1], **(options | (item[2] if len(item) > 2 else {})))

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="aimonthly-parse") as pool:
        pending = pool.submit(parse, files[0])
        for i in range(len(files)):
            parsed = pending.result()
            if i + 1 < len(files):
                pending = pool.submit(parse, files[i + 1])
            yield warehouse.ingest(parsed)
