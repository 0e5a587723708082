"""Drawing chart specs: from the cache when it has them, else with matplotlib, in forked workers
when there are enough charts to share out (fork lets the workers inherit the loaded font)."""

from __future__ import annotations

import multiprocessing
import os
from typing import Sequence

from aimonthly.charts.cache import ChartCache, chart_from
from aimonthly.core.chart import Chart, ChartSpec

MIN_FOR_WORKERS = 3  # fewer charts than this are drawn in this process: forking would cost more than it saves

_JOBS: list[tuple[ChartSpec, tuple[str, ...]]] = []


def _draw_job(i: int) -> Chart:
    from aimonthly.charts.figures import draw_figure

    spec, encodings = _JOBS[i]
    return draw_figure(spec, encodings)


def _draw(jobs: list[tuple[ChartSpec, tuple[str, ...]]], workers: int | None) -> list[Chart]:
    from aimonthly.charts.figures import draw_figure, setup

    workers = workers if workers is not None else min(4, os.cpu_count() or 1, len(jobs))
    if workers < 2 or len(jobs) < MIN_FOR_WORKERS or "fork" not in multiprocessing.get_all_start_methods():
        return [draw_figure(spec, encs) for spec, encs in jobs]
    setup()  # import matplotlib and load the font once, in the parent
    global _JOBS
    _JOBS = jobs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_draw_job, range(len(jobs)), chunksize=1)
    finally:
        _JOBS = []


def draw_all(
    specs: Sequence[ChartSpec], encodings: Sequence[str], cache: ChartCache | None = None, workers: int | None = None
) -> list[Chart]:
    """Each spec as a Chart holding ``encodings`` (and no other), in order. Entries found in ``cache``
    are used as they are; the rest are drawn (each figure once, saved in its missing encodings) and put
    in the cache. Equal specs are drawn once."""
    encodings = tuple(e for e in ("svg", "png") if e in encodings)
    found: dict[ChartSpec, dict[str, bytes]] = {}
    jobs: dict[ChartSpec, tuple[str, ...]] = {}
    for spec in specs:
        if spec in found:
            continue
        found[spec] = cache.get(spec, encodings) if cache is not None else {}
        missing = tuple(e for e in encodings if e not in found[spec])
        if missing:
            jobs[spec] = missing
    if jobs:
        drawn = _draw(list(jobs.items()), workers)
        for spec, chart in zip(jobs, drawn):
            if cache is not None:
                cache.put(spec, chart)
            if chart.svg is not None:
                found[spec]["svg"] = chart.svg.encode("utf-8")
            if chart.png is not None:
                found[spec]["png"] = chart.png
        if cache is not None:
            cache.prune()
    return [chart_from(spec, found[spec]) for spec in specs]
