"""The edit-to-report loop (issue 16): an analyst changes one paragraph of the month's Markdown and
rebuilds, dozens of times a month.

Sets up the demo in a new temporary folder (`aimonthly demo`, which also fills the chart cache:
any second build has it), then measures, each over --runs edits of one authored paragraph:
  rebuild  `aimonthly report 2024-04` in a new process, all five outputs: process start to exit;
  watch    `report --watch`'s loop (aimonthly.watch.watch_report, run here in a thread as the CLI runs
           it): from the moment the saved Markdown is on disk to the end of the build that rewrote
           the outputs (the file polling's delay included).
Prints the Markdown rows for BENCHMARKS.md, with the load average before and after.

Run: .venv/bin/python benchmarks/bench_edit.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "aimonthly"
PARAGRAPH = "Kimi.ai 为月之暗面推出的智能助手"  # an authored paragraph of the demo's Markdown (no block)
EDITS = [
    "另据官方介绍，其产品仍在快速迭代。",
    "多家媒体对此进行了报道。",
    "其后续表现值得跟踪。",
    "相关功能已向全部用户开放。",
]


_ORIGINAL: dict[Path, str] = {}


def edit(md: Path, k: int) -> None:
    """Change the paragraph: a different closing sentence each time (no figures, so the check stays quiet)."""
    lines = md.read_text(encoding="utf-8").splitlines()
    i = next(i for i, line in enumerate(lines) if line.startswith(PARAGRAPH))
    original = _ORIGINAL.setdefault(md, lines[i])
    lines[i] = original + EDITS[k % len(EDITS)]
    md.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_rebuild(folder: Path, runs: int) -> list[float]:
    md = folder / "content" / "2024-04.md"
    walls = []
    for k in range(runs + 1):
        edit(md, k)
        t = time.perf_counter()
        subprocess.run([str(BIN), "report", "2024-04"], cwd=folder, check=True, capture_output=True)
        if k:  # the first one warms the OS file cache
            walls.append(time.perf_counter() - t)
    return walls


def bench_watch(folder: Path, runs: int) -> tuple[list[float], list[dict]]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from aimonthly.config import load_settings
    from aimonthly.watch import watch_report

    os.chdir(folder)
    settings = load_settings()
    md = folder / "content" / "2024-04.md"
    built = threading.Event()
    done: list = []
    stop = threading.Event()

    def on_built(b) -> None:
        done.append((time.time(), b))
        built.set()

    th = threading.Thread(target=watch_report, args=(settings, "2024-04"), kwargs={"on_built": on_built, "stop": stop})
    th.start()
    built.wait(60)
    latencies, stages = [], []
    for k in range(runs + 1):
        time.sleep(0.3)
        built.clear()
        edit(md, k + 1)
        saved = md.stat().st_mtime_ns / 1e9
        built.wait(60)
        at, b = done[-1]
        assert b.error is None and b.facts_reused, b
        if k:
            latencies.append(at - saved)
            stages.append(dict(b.result.timings))
    stop.set()
    th.join()
    return latencies, stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "demo"
        subprocess.run([str(BIN), "demo", "--dir", str(folder)], check=True, capture_output=True)
        walls = bench_rebuild(folder, runs)
        latencies, stages = bench_watch(folder, runs)
    print(f"cores: {os.cpu_count()}, runs: {runs}, load average before: {load[0]:.2f}, after: {os.getloadavg()[0]:.2f}")
    print("| measure | median (s) | min | max |\n| --- | --- | --- | --- |")
    print(
        f"| `aimonthly report 2024-04` after one paragraph changed, new process, all five outputs "
        f"| {statistics.median(walls):.2f} | {min(walls):.2f} | {max(walls):.2f} |"
    )
    print(
        f"| `--watch`: from the saved Markdown to all outputs rewritten "
        f"| {statistics.median(latencies):.2f} | {min(latencies):.2f} | {max(latencies):.2f} |"
    )
    for k in stages[0]:
        print(f"| — watch stage: {k} | {statistics.median(s.get(k, 0) for s in stages):.3f} | | |")


if __name__ == "__main__":
    main()
