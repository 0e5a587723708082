"""A 100 MB traffic export through ingest: time and peak memory, for a valid file (parsed and added
to a fresh warehouse), the same file with one bad cell in its last row (rejected), and the valid
file saved as GBK. Each case runs in a new process so that its peak RSS is its own. Prints a
Markdown table for BENCHMARKS.md.

Run: .venv/bin/python benchmarks/bench_large_ingest.py [--mb 100] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from aimonthly.ingest import IngestError, parse_file
    from aimonthly.warehouse import Warehouse
    out, t = {}, time.perf_counter()
    try:
        parsed = parse_file("traffic", sys.argv[1])
        out["parse"] = time.perf_counter() - t
        with Warehouse.open(sys.argv[2]) as wh:
            wh.ingest(parsed)
        out["rows"] = parsed.table.num_rows
    except IngestError as e:
        out["parse"], out["error"] = time.perf_counter() - t, str(e)[:120]
    out["total"] = time.perf_counter() - t
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out, ensure_ascii=False))
""")


def write(path: Path, size: int, bad: bool, encoding: str) -> int:
    n, written = 0, 0
    with open(path, "w", encoding=encoding, newline="") as f:
        written += f.write("month,list,product,company,category,visits,avg_visit_duration,domain\n")
        while written < size:
            chunk = "".join(
                f"2024-04,global,产品{i},公司{i % 997},类别{i % 23},{1_000_000 + 7 * i},{i % 60}:{i % 60:02d},"
                f"p{i}.example.com\n"
                for i in range(n, n + 50_000)
            )
            f.write(chunk)
            written += len(chunk.encode(encoding))
            n += 50_000
        if bad:
            f.write("2024-04,global,最后一行,公司,类别,约 2000 万,1:00,last.example.com\n")
    return n + bad


def run(path: Path, folder: Path) -> dict:
    wh = folder / "w.duckdb"
    for p in (wh, Path(str(wh) + ".wal")):
        p.unlink(missing_ok=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(wh)], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    cases = [
        ("valid, UTF-8: parsed and ingested", False, "utf-8"),
        ("one bad cell in the last row: rejected", True, "utf-8"),
        ("valid, GBK: parsed and ingested", False, "gbk"),
    ]
    print(f"cores: {os.cpu_count()}, runs: {args.runs}, file: {args.mb} MB")
    print("| case | rows | parse (s) | parse + ingest (s) | peak RSS (MB) |\n| --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        for label, bad, encoding in cases:
            path = folder / "big.csv"
            n = write(path, args.mb * 2**20, bad, encoding)
            results = [run(path, folder) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in results) for k in ("parse", "total", "rss_mb")}
            print(f"| {label} | {n:,} | {med['parse']:.2f} | {med['total']:.2f} | {med['rss_mb']:.0f} |")


if __name__ == "__main__":
    main()
