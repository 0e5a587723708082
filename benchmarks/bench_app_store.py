"""App-store analytics for one keyword and one month over 2,000 apps x 31 daily snapshots.

Builds a random panel (each day lists ~1,700 of the 2,000 apps, with the odd tie), ingests it
into a temporary warehouse, then times ``app_store_facts`` (every query, from the open Ibis
connection to the finished facts) after one warm-up run. Prints a Markdown row for BENCHMARKS.md.

Run: .venv/bin/python benchmarks/bench_app_store.py [--runs 20] [--apps 2000] [--days 31]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from aimonthly.analytics.app_store import AppStoreConfig, app_store_facts
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse

END = dt.date(2024, 5, 9)


def panel(path: Path, apps: int, days: int) -> int:
    rng = random.Random(4)
    n = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "keyword", "app", "developer", "rank", "overall_rank"])
        for k in range(days + 1):  # + the baseline day before the window
            day = END - dt.timedelta(days=days - k)
            listed = [i for i in range(apps) if rng.random() < 0.85]
            rng.shuffle(listed)
            for r, i in enumerate(listed, 1):
                r = r - 1 if r > 1 and rng.random() < 0.002 else r
                w.writerow([day, "ai应用", f"应用{i:04d}", f"Developer {i % 300}", r, i + 1 if i < 50 else ""])
                n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--apps", type=int, default=2000)
    ap.add_argument("--days", type=int, default=31)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        rows = panel(Path(d) / "ranks.csv", a.apps, a.days)
        with Warehouse.open(Path(d) / "w.duckdb") as wh:
            ingest_file(wh, "app_ranks", Path(d) / "ranks.csv")
        cfg = AppStoreConfig.resolve(default_house().app_store.replace(window_days=a.days - 1), END)
        with Warehouse.open(Path(d) / "w.duckdb", read_only=True) as wh:
            con = wh.ibis()
            facts = app_store_facts(con, cfg)  # warm-up: Ibis compiles, DuckDB loads the pages
            times = []
            for _ in range(a.runs):
                t = time.perf_counter()
                app_store_facts(con, cfg)
                times.append(time.perf_counter() - t)
    assert len(facts.snapshots) == a.days and facts.new_apps.count + facts.rising_apps.count > 0
    print(f"cores: {os.cpu_count()}, runs: {a.runs}, rows in the warehouse: {rows:,}")
    print("| measure | median (s) | min | max |\n| --- | --- | --- | --- |")
    print(
        f"| app-store facts, {a.apps:,} apps × {a.days} days, one keyword | {statistics.median(times):.3f} "
        f"| {min(times):.3f} | {max(times):.3f} |"
    )


if __name__ == "__main__":
    main()
