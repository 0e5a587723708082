"""The workbench's server times (BENCHMARKS.md): each page over the scale warehouse, warm, one client and
eight at once; and the preview's save-to-reloaded latency on the demo.

Server time is what the client waits for one request to 127.0.0.1 (connection, the server's work and
the response read). "Warm": after one request of the same URL (the server's caches filled, as when a
desk browses). Loops are bounded in count.

Run: .venv/bin/python benchmarks/bench_serve.py [--scale-dir DIR] [--demo-dir DIR] [--requests 40]
  --scale-dir: the folder of benchmarks/scale.py (its warehouse.duckdb and content/); the warehouse is
  copied (with a listed-company mapping added, so the product page draws a price chart) and never written.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}


def start(cwd: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "aimonthly", "serve", "--port", "0"],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = proc.stdout.readline()
    if "workbench on" not in line:
        raise SystemExit(f"the server did not start: {line}")
    return proc, line.split("workbench on ")[1].split("/ ")[0]


def timed(base: str, path: str) -> tuple[float, int]:
    u = urlparse(base)
    t = time.perf_counter()
    c = http.client.HTTPConnection(u.hostname, u.port, timeout=600)
    c.request("GET", path)
    r = c.getresponse()
    r.read()
    c.close()
    return time.perf_counter() - t, r.status


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def pages_of(base_month: str, product: str) -> dict[str, str]:
    return {
        "/": "/",
        "/months/MONTH": f"/months/{base_month}",
        "/rankings/LIST/MONTH": f"/rankings/global/{base_month}",
        "/rankings sorted by 环比, page 40": f"/rankings/global/{base_month}?sort=mom&order=desc&page=40",
        "/rankings filtered by text": f"/rankings/global/{base_month}?q=prod-12",
        "/products/NAME": f"/products/{product}",
        "/reports": "/reports",
    }


def bench_pages(base: str, pages: dict[str, str], n: int) -> dict:
    out = {}
    for label, path in pages.items():
        cold, status = timed(base, path)
        times = [timed(base, path)[0] for _ in range(n)]
        out[label] = {
            "status": status,
            "cold_s": round(cold, 3),
            "warm_p50_ms": round(statistics.median(times) * 1000, 1),
            "warm_p95_ms": round(p95(times) * 1000, 1),
        }
        print(
            f"  {label:<36} status {status}  cold {cold:6.2f} s  warm p50 {out[label]['warm_p50_ms']:7.1f} ms  "
            f"p95 {out[label]['warm_p95_ms']:7.1f} ms",
            flush=True,
        )
    return out


def bench_concurrent(base: str, pages: dict[str, str], n: int, clients: int = 8) -> dict:
    """``clients`` threads, each asking for every page ``n`` times (its own order): p95 per page."""
    times: dict[str, list[float]] = {k: [] for k in pages}
    lock = threading.Lock()
    items = list(pages.items())

    def client(k: int) -> None:
        for i in range(n):
            label, path = items[(i + k) % len(items)]
            t, _ = timed(base, path)
            with lock:
                times[label].append(t)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    out = {
        label: {"p95_ms": round(p95(ts) * 1000, 1), "p50_ms": round(statistics.median(ts) * 1000, 1)}
        for label, ts in times.items()
        if ts
    }
    total = sum(len(ts) for ts in times.values())
    print(f"  {clients} clients: {total} requests in {wall:.1f} s ({total / wall:.0f}/s)")
    for label, v in out.items():
        print(f"  {label:<36} p50 {v['p50_ms']:7.1f} ms  p95 {v['p95_ms']:7.1f} ms")
    return {"clients": clients, "requests": total, "wall_s": round(wall, 2), "pages": out}


def scale_desk(scale_dir: Path, work: Path) -> tuple[str, str]:
    """A copy of the scale warehouse with a mapping of one product to a listed company; (month, product)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    work.mkdir(parents=True, exist_ok=True)
    shutil.copy(scale_dir / "warehouse.duckdb", work / "warehouse.duckdb")
    if (scale_dir / "content").is_dir():
        shutil.copytree(scale_dir / "content", work / "content", dirs_exist_ok=True)
    if (scale_dir / "reports").is_dir():
        shutil.copytree(scale_dir / "reports", work / "reports", dirs_exist_ok=True)
    (work / "aimonthly.toml").write_text(
        'warehouse = "warehouse.duckdb"\ncontent_dir = "content"\noutput_dir = "reports"\n', encoding="utf-8"
    )
    with Warehouse.open(work / "warehouse.duckdb") as wh:
        month = wh.con.execute("SELECT max(month) FROM traffic").fetchone()[0]
        product, code = wh.con.execute(
            f"SELECT product, (SELECT min(code) FROM stock_prices) FROM traffic WHERE month = '{month}' "
            f"AND list = 'global' ORDER BY visits DESC LIMIT 1 OFFSET 10"
        ).fetchone()
        mapping = work / "product_stocks.parquet"
        pq.write_table(
            pa.table(
                {
                    "product": [product],
                    "code": [code],
                    "name": ["示例股份"],
                    "relation": ["母公司"],
                    "weight": [1.0],
                    "synthetic": [True],
                }
            ),
            mapping,
        )
        if not wh.con.execute("SELECT count(*) FROM product_stocks").fetchone()[0]:
            ingest_file(wh, "product_stocks", mapping)
    return month, product


def bench_preview(demo_dir: Path, rounds: int = 5) -> dict:
    """Save the Markdown, then time until the preview page (reloading itself) shows the new text: the
    page's own polling is what a browser runs, so the same loop is run here against the server."""
    from aimonthly.demo import DEMO_MONTH

    proc, base = start(demo_dir)
    content = demo_dir / "content" / f"{DEMO_MONTH}.md"
    original = content.read_text(encoding="utf-8")
    out = []
    try:
        first, _ = timed(base, f"/preview/{DEMO_MONTH}")  # the first build: facts and every chart
        u = urlparse(base)
        for k in range(rounds):

            def state() -> str:
                c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
                c.request("GET", f"/preview/{DEMO_MONTH}/state")
                token = json.loads(c.getresponse().read())["token"]
                c.close()
                return token

            token = state()
            marker = f"保存测试第{k}次"
            heading = "## 全球市场 AI 应用情况"
            content.write_text(original.replace(heading, f"{heading}\n\n{marker}。", 1), encoding="utf-8")
            saved = time.perf_counter()
            while state() == token:  # the page asks every 0.25 s; bounded by the loop below
                time.sleep(0.25)
                if time.perf_counter() - saved > 30:
                    raise SystemExit("the preview never saw the save")
            c = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
            c.request("GET", f"/preview/{DEMO_MONTH}")
            body = c.getresponse().read().decode("utf-8")
            c.close()
            assert marker in body
            out.append(time.perf_counter() - saved)
    finally:
        content.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    print(f"  preview: first build {first:.2f} s; save to reloaded: " + ", ".join(f"{x:.2f}" for x in out) + " s")
    return {
        "first_build_s": round(first, 2),
        "save_to_reload_s": [round(x, 2) for x in out],
        "max_s": round(max(out), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale-dir", type=Path, default=Path(tempfile.gettempdir()) / "aimonthly-scale")
    ap.add_argument("--demo-dir", type=Path, default=None, help="a folder `aimonthly demo` made (default: make one)")
    ap.add_argument("--requests", type=int, default=40, help="warm requests per page (one client)")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "aimonthly-serve-bench")
    args = ap.parse_args()
    results: dict = {"cores": os.cpu_count()}
    if (args.scale_dir / "warehouse.duckdb").is_file():
        print(f"scale warehouse: {args.scale_dir}", flush=True)
        month, product = scale_desk(args.scale_dir, args.work / "scale")
        proc, base = start(args.work / "scale")
        try:
            pages = pages_of(month, product)
            results["scale_one_client"] = bench_pages(base, pages, args.requests)
            results["scale_eight_clients"] = bench_concurrent(base, pages, args.requests // 2)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    else:
        print(f"no scale warehouse in {args.scale_dir}: run benchmarks/scale.py generate and ingest first")
    demo = args.demo_dir
    if demo is None:
        demo_root = args.work / "demo"
        shutil.rmtree(demo_root, ignore_errors=True)
        demo_root.mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-m", "aimonthly", "demo"], cwd=demo_root, env=ENV, check=True, capture_output=True
        )
        demo = demo_root / "aimonthly-demo"
    results["preview"] = bench_preview(demo)
    (args.work / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"results: {args.work / 'results.json'}")


if __name__ == "__main__":
    main()
