"""`aimonthly demo` from a cold start to all five outputs: median wall time and stage breakdown.

Each run is a new process in a new folder (imports, font loading, ingest, facts, model, charts,
five renderers), in two cases: with the chart cache as any second demo finds it (warm: the charts
drawn by an earlier run, in a cache folder of this benchmark's own), and with an empty chart cache
each run (cold: every chart drawn). Then the light commands, each a new process: `aimonthly --help`
and `aimonthly status` in the demo's folder. Prints Markdown tables for BENCHMARKS.md, with the load
average.

Run: .venv/bin/python benchmarks/bench_demo.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "aimonthly"
STAGE = re.compile(r"^\s+(\w+)\s+([\d.]+) s", re.M)


def one_run(cache: str | None = None) -> tuple[float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as d:
        env = {**os.environ, "COLUMNS": "200", "AIMONTHLY_CHART_CACHE": cache or str(Path(d) / "empty-cache")}
        t = time.perf_counter()
        out = subprocess.run(
            [str(BIN), "demo", "--dir", d, "--timings"], capture_output=True, text=True, env=env, check=True
        ).stdout
        wall = time.perf_counter() - t
        files = sorted(p.name for p in (Path(d) / "reports" / "2024-04").iterdir())
        assert files == ["data.xlsx", "facts.json", "report.docx", "report.html", "report.pdf"], files
    return wall, {k: float(v) for k, v in STAGE.findall(out)}


def table(results: list[tuple[float, dict[str, float]]], what: str) -> None:
    walls = [w for w, _ in results]
    stages = {k: statistics.median(r.get(k, 0.0) for _, r in results) for k in results[0][1]}
    print(
        f"| `aimonthly demo`, {what}, process start to exit | **{statistics.median(walls):.2f}** | {min(walls):.2f} "
        f"| {max(walls):.2f} |"
    )
    for k, v in stages.items():
        if k not in ("total", "wall"):
            print(f"| — stage: {k} | {v:.2f} | | |")
    imports = statistics.median(w - r.get("wall", 0) for w, r in results)
    print(f"| — interpreter start and imports (wall − in-process wall) | {imports:.2f} | | |")


def light_commands(runs: int) -> None:
    """`aimonthly --help` and `aimonthly status` (in a demo folder), process start to exit, median of ``runs``."""
    with tempfile.TemporaryDirectory() as d:
        env = {**os.environ, "COLUMNS": "200"}
        subprocess.run([str(BIN), "demo", "--dir", d], capture_output=True, env=env, check=True)
        for args in (["--help"], ["status"]):
            times = []
            for _ in range(runs + 1):  # the first run warms the OS file cache
                t = time.perf_counter()
                subprocess.run([str(BIN), *args], capture_output=True, env=env, cwd=d, check=True)
                times.append(time.perf_counter() - t)
            times = times[1:]
            print(
                f"| `aimonthly {' '.join(args)}`, process start to exit | **{statistics.median(times):.2f}** "
                f"| {min(times):.2f} | {max(times):.2f} |"
            )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as cache:
        one_run(cache)  # warm the OS file cache and matplotlib's font cache, and fill the chart cache
        warm = [one_run(cache) for _ in range(runs)]
    cold = [one_run() for _ in range(runs)]
    print(
        f"cores: {os.cpu_count()}, runs: {runs} each, load average before: {load:.2f}, after: {os.getloadavg()[0]:.2f}"
    )
    print("| measure | median (s) | min | max |\n| --- | --- | --- | --- |")
    table(warm, "charts from the cache (any second demo)")
    table(cold, "empty chart cache (every chart drawn)")
    light_commands(runs)


if __name__ == "__main__":
    main()
