"""`aimonthly demo` from a cold start to all five outputs: median wall time and stage breakdown.

Each run is a new process in a new folder (imports, font loading, ingest, facts, model, five
renderers). Prints a Markdown table for BENCHMARKS.md.

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


def one_run() -> tuple[float, dict[str, float]]:
    with tempfile.TemporaryDirectory() as d:
        t = time.perf_counter()
        out = subprocess.run([str(BIN), "demo", "--dir", d, "--timings"], capture_output=True, text=True,
                             env={**os.environ, "COLUMNS": "200"}, check=True).stdout
        wall = time.perf_counter() - t
        files = sorted(p.name for p in (Path(d) / "reports" / "2024-04").iterdir())
        assert files == ["data.xlsx", "facts.json", "report.docx", "report.html", "report.pdf"], files
    return wall, {k: float(v) for k, v in STAGE.findall(out)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    one_run()  # warm the OS file cache and matplotlib's font cache, as any second use would
    results = [one_run() for _ in range(runs)]
    walls = [w for w, _ in results]
    stages = {k: statistics.median(r[k] for _, r in results) for k in results[0][1]}
    print(f"cores: {os.cpu_count()}, runs: {runs}")
    print("| measure | median (s) | min | max |\n| --- | --- | --- | --- |")
    print(f"| `aimonthly demo`, process start to exit | {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} |")
    for k, v in stages.items():
        if k not in ("total", "wall"):
            print(f"| stage: {k} | {v:.2f} | | |")
    imports = statistics.median(w - r.get("wall", 0) for w, r in results)
    print(f"| interpreter start and imports (wall − in-process wall) | {imports:.2f} | | |")


if __name__ == "__main__":
    main()
