"""A synthetic warehouse at vendor scale, and the timed runs behind BENCHMARKS.md (issue 7).

Default scale (--scale 1): 200,000 products x 36 months x 3 lists (~21 M traffic rows, 3% of
product-months missing); 50 keywords x 3,000 apps x 365 days (54.75 M app-rank rows); 5,000
stocks x 1,000 trading days (5 M rows); a few hundred news items and announcements a month; a
product registry of one row per product (200,000), each with an alias and a domain, and one in
ten of the month's traffic names spelled as its alias (so that names resolve by alias, not only by
exact name); 20,000 product -> stock mappings (映射标的: 17,000 products, 3,000 of them on two stocks)
and an adoption scorecard (500 companies x 6 criteria, scored twice, 3% of scores missing).
Files are split as vendors export them: traffic one file per month, app ranks one per keyword.

Phases run in separate processes so that each one's peak memory is its own:
  generate   write the Parquet files (and one CSV month for the CSV ingest figure)
  ingest     load every file into a fresh warehouse: rows/s from Parquet; the CSV month: rows/s
  analytics  one month's complete analytics (every section's facts), warm: median of 5
  check      aimonthly check: the rules alone, and facts + rules as the command runs them, warm
  research   the research sections (mapping, exposure, scorecard), warm, given the traffic and market facts
  report     the full report build (all five outputs) at that scale
  pandas     the same analytics as plain pandas, the baseline a notebook user would write
  polars     the traffic section in Polars, notebook style (eager, whole dataset) and tuned (a lazy scan
             with pushed-down filters and top-k), beside aimonthly's traffic facts in the same process
Run: .venv/bin/python benchmarks/scale.py all [--scale 1] [--dir DIR] (default: aimonthly-scale in the temp folder)
The polars phase needs the bench extra: .venv/bin/pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
N_MONTHS = 36
FIRST_MONTH = (2021, 5)
KEYWORD = "ai应用"  # the keyword the house settings track (house.toml [app_store])


def months(n: int = N_MONTHS) -> list[str]:
    y, m = FIRST_MONTH
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


REPORT_MONTH = months()[-2]  # the last month with a full following month of daily data


def data_date() -> dt.date:
    y, m = map(int, REPORT_MONTH.split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return dt.date(y, m, 9)  # as in the demo: the report goes out on the 10th of the next month


def trading_days(n: int) -> list[dt.date]:
    end = data_date() + dt.timedelta(days=20)
    days, d = [], end
    while len(days) < n:
        if d.weekday() < 5:
            days.append(d)
        d -= dt.timedelta(days=1)
    return days[::-1]


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


# --- generate -------------------------------------------------------------------------------


def gen_traffic(d: Path, n_products: int, rng) -> int:
    base = np.exp(rng.normal(11, 2.2, n_products))  # median ~60k visits, a tail past 1e9
    cats = np.array(
        ["聊天机器人", "智慧搜索", "设计工具", "写作与文本", "翻译", "图片图像", "视频", "音频", "编程", "教育"]
    )
    cat = cats[rng.integers(0, len(cats), n_products)]
    product = np.char.add("prod-", np.arange(n_products).astype(str))
    company = np.char.add("co-", (np.arange(n_products) // 7).astype(str))
    levels = {lst: base * rng.uniform(0.3, 1.5, n_products) for lst in ("global", "domestic", "overseas")}
    rows = 0
    for month in months():
        parts = []
        for lst, level in levels.items():
            level *= np.exp(rng.normal(0, 0.15, n_products))
            idx = np.nonzero(rng.random(n_products) > 0.03)[0]
            parts.append(
                pa.table(
                    {
                        "month": pa.array(np.full(len(idx), month)),
                        "list": pa.array(np.full(len(idx), lst)),
                        "product": product[idx],
                        "visits": level[idx].astype(np.int64),
                        "company": company[idx],
                        "category": cat[idx],
                        "avg_visit_duration": rng.gamma(2.0, 120.0, len(idx)),
                    }
                )
            )
        t = pa.concat_tables(parts)
        if month == REPORT_MONTH:  # a tenth of the month's names as the vendor spells them: the registry's alias
            aliased = np.asarray(pa.array(rng.random(t.num_rows) < 0.1))
            t = t.set_column(
                2,
                "product",
                pc.if_else(pa.array(aliased), pc.replace_substring(t["product"], "prod-", "Prod "), t["product"]),
            )
        pq.write_table(t, d / "traffic" / f"{month}.parquet")
        if month == REPORT_MONTH:
            pacsv.write_csv(t, d / "traffic-csv" / f"{month}.csv")
        rows += t.num_rows
    return rows


def gen_registry(d: Path, n_products: int, rng) -> int:
    """One registry row per product: its alias ("Prod 17" for prod-17), a domain, company and category."""
    i = np.arange(n_products)
    cats = np.array(
        ["聊天机器人", "智慧搜索", "设计工具", "写作与文本", "翻译", "图片图像", "视频", "音乐", "教育", "办公效率"]
    )
    t = pa.table(
        {
            "product": np.char.add("prod-", i.astype(str)),
            "aliases": np.char.add("Prod ", i.astype(str)),
            "domain": np.char.add(np.char.add("prod", i.astype(str)), ".example.com"),
            "company": np.char.add("co-", (i // 7).astype(str)),
            "category": cats[rng.integers(0, len(cats), n_products)],
        }
    )
    pq.write_table(t, d / "products.parquet")
    return t.num_rows


def gen_research(d: Path, n_products: int, n_stocks: int) -> int:
    """映射标的 and the scorecard, from their own random stream (so the other files stay as they were):
    17,000 products on one stock each, 3,000 of them on a second; 500 companies scored on the six
    criteria at two dates, 3% of the scores missing."""
    rng = np.random.default_rng(15)
    n_map = min(n_products, int(17_000 * n_products / 200_000) or 1)
    prods = rng.choice(n_products, n_map, replace=False)
    second = prods[: n_map * 3 // 17]
    p_idx = np.concatenate([prods, second])
    s_idx = np.concatenate([rng.integers(0, n_stocks, n_map), rng.integers(0, n_stocks, len(second))])
    keep = np.ones(len(p_idx), dtype=bool)
    keep[n_map:] = s_idx[n_map:] != s_idx[: len(second)]  # a product's second stock is another one
    p_idx, s_idx = p_idx[keep], s_idx[keep]
    relations = np.array(["母公司", "投资方", "合作方", "供应商"])
    weights = np.array([1.0, 0.5, 0.3, np.nan])
    t = pa.table(
        {
            "product": np.char.add("prod-", p_idx.astype(str)),
            "code": np.char.add(np.char.zfill((s_idx + 1).astype(str), 6), ".SZ"),
            "name": np.char.add("股票", s_idx.astype(str)),
            "relation": relations[rng.integers(0, 4, len(p_idx))],
            "weight": pa.array(weights[rng.integers(0, 4, len(p_idx))], from_pandas=True),
        }
    )
    pq.write_table(t, d / "product_stocks.parquet")
    n_sub = min(500, n_stocks)
    subjects = np.char.add(np.char.zfill((rng.choice(n_stocks, n_sub, replace=False) + 1).astype(str), 6), ".SZ")
    criteria = np.array(["tech_route", "customer", "productisation", "competition", "revenue_mix", "tolerance"])
    y, m = map(int, REPORT_MONTH.split("-"))
    dates = [dt.date(y, m, 1) - dt.timedelta(days=91), dt.date(y, m, 1)]
    si, ci, di = (a.ravel() for a in np.meshgrid(np.arange(n_sub), np.arange(6), np.arange(2), indexing="ij"))
    kept = rng.random(len(si)) > 0.03
    sc = pa.table(
        {
            "subject": subjects[si[kept]],
            "criterion": criteria[ci[kept]],
            "score": rng.integers(1, 6, kept.sum()).astype(float),
            "as_of": pa.array([dates[i] for i in di[kept]]),
        }
    )
    pq.write_table(sc, d / "scorecard.parquet")
    return t.num_rows + sc.num_rows


def gen_app_ranks(d: Path, n_keywords: int, n_apps: int, n_days: int, rng) -> int:
    days = np.array([data_date() - dt.timedelta(days=n_days - 1 - i) for i in range(n_days)], dtype="datetime64[D]")
    app = np.char.add("app-", np.arange(n_apps).astype(str))
    dev = np.char.add("dev-", (np.arange(n_apps) // 3).astype(str))
    rows = 0
    for k in range(n_keywords):
        keyword = KEYWORD if k == 0 else f"keyword-{k}"
        score = rng.normal(0, 1, n_apps)
        ranks = np.empty((n_days, n_apps), dtype=np.int64)
        for i in range(n_days):
            score += rng.normal(0, 0.08, n_apps)
            ranks[i, np.argsort(-score)] = np.arange(1, n_apps + 1)
        listed = rng.random((n_days, n_apps)) > 0.1  # apps drop in and out of the results
        di, ai = np.nonzero(listed)
        t = pa.table(
            {
                "date": pa.array(days[di]),
                "keyword": pa.array(np.full(len(di), keyword)),
                "app": app[ai],
                "developer": dev[ai],
                "rank": ranks[di, ai],
            }
        )
        pq.write_table(t, d / "app_ranks" / f"{k:02d}.parquet")
        rows += t.num_rows
    return rows


def gen_prices(d: Path, n_stocks: int, n_days: int, rng) -> int:
    days = np.array(trading_days(n_days), dtype="datetime64[D]")
    market = np.cumsum(rng.normal(0.0002, 0.011, n_days))
    industries = np.array(["计算机", "传媒", "电子", "医药", "银行", "机械", "化工", "汽车"])
    ind = industries[rng.integers(0, len(industries), n_stocks)]
    beta = rng.uniform(0.6, 1.6, n_stocks)
    logp = (
        np.log(rng.uniform(5, 80, n_stocks))[None, :]
        + beta[None, :] * market[:, None]
        + np.cumsum(rng.normal(0, 0.02, (n_days, n_stocks)), axis=0)
    )
    code = np.char.add(np.char.zfill(np.arange(1, n_stocks + 1).astype(str), 6), ".SZ")
    di, si = np.nonzero(np.ones((n_days, n_stocks), dtype=bool))
    stocks = pa.table(
        {
            "date": pa.array(days[di]),
            "code": code[si],
            "name": np.char.add("股票", si.astype(str)),
            "close": np.exp(logp[di, si]),
            "industry": ind[si],
        }
    )
    pq.write_table(stocks, d / "stock_prices.parquet")
    idx = []
    for code_, name, drift in [
        ("000300.SH", "沪深300", 1.0),
        ("801750.SI", "计算机行业指数", 1.3),
        ("801760.SI", "传媒行业指数", 1.2),
        ("931441.CSI", "AI50指数", 1.5),
    ]:
        level = 4000 * np.exp(drift * market + np.cumsum(rng.normal(0, 0.004, n_days)))
        idx.append(
            pa.table(
                {"date": pa.array(days), "code": np.full(n_days, code_), "name": np.full(n_days, name), "close": level}
            )
        )
    pq.write_table(pa.concat_tables(idx), d / "index_prices.parquet")
    return stocks.num_rows + n_days * 4


def gen_small(d: Path, rng) -> int:
    """Capex, announcements and news: small in any real deployment (hundreds a month)."""
    quarters = [f"{y}Q{q}" for y in range(2021, 2025) for q in range(1, 5)]
    capex = pa.table(
        {
            "company": np.repeat(["Microsoft", "Amazon", "Meta", "Google"], len(quarters)),
            "quarter": quarters * 4,
            "capex": rng.uniform(5e9, 2e10, 4 * len(quarters)),
        }
    )
    pq.write_table(capex, d / "capex.parquet")
    days = [data_date() - dt.timedelta(days=i) for i in range(60)]
    n = 600
    topics = ["大模型", "算力", "AI 芯片", "开源模型", "智能体", "多模态", "AI 手机", "数据中心"]
    companies = ["微软", "谷歌", "Meta", "英伟达", "阿里巴巴", "腾讯", "百度", "字节跳动", "华为", "月之暗面"]
    ti, ci = rng.integers(0, len(topics), n), rng.integers(0, len(companies), n)
    news = pa.table(
        {
            "date": [days[i] for i in rng.integers(0, len(days), n)],
            "region": rng.choice(["overseas", "domestic"], n),
            "title": [f"{companies[c]}发布{topics[t]}新进展（第 {i} 号）" for i, (t, c) in enumerate(zip(ti, ci))],
            "body": [
                f"{companies[c]}宣布在{topics[t]}方向取得进展。相关产品将于近期上线。编号 {i}。"
                for i, (t, c) in enumerate(zip(ti, ci))
            ],
            "source": rng.choice(["36氪", "财联社", "量子位", "Reuters", "IT之家"], n),
        }
    )
    pq.write_table(news, d / "news.parquet")
    m = 300
    ann = pa.table(
        {
            "date": [days[i] for i in rng.integers(0, len(days), m)],
            "code": [f"{300000 + i:06d}.SZ" for i in rng.integers(0, 900, m)],
            "company": [f"公司{i}" for i in range(m)],
            "content": [f"公司披露其 AI 业务进展，编号 {i}。" for i in range(m)],
        }
    )
    pq.write_table(ann, d / "announcements.parquet")
    return capex.num_rows + n + m


def generate(d: Path, scale: float) -> dict:
    rng = np.random.default_rng(7)
    for sub in ("traffic", "traffic-csv", "app_ranks"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    out = {
        "traffic_rows": gen_traffic(d, int(200_000 * scale), rng),
        "app_rank_rows": gen_app_ranks(d, max(1, int(50 * scale)), 3000, 365, rng),
        "price_rows": gen_prices(d, int(5000 * scale), 1000, rng),
        "small_rows": gen_small(d, rng),
        "registry_rows": gen_registry(d, int(200_000 * scale), rng),
        "research_rows": gen_research(d, int(200_000 * scale), int(5000 * scale)),
    }
    out["generate_s"] = time.perf_counter() - t
    return out


# --- measured phases ------------------------------------------------------------------------


def _files(d: Path) -> list[tuple[str, Path]]:
    return (
        [("traffic", p) for p in sorted((d / "traffic").glob("*.parquet"))]
        + [("app_ranks", p) for p in sorted((d / "app_ranks").glob("*.parquet"))]
        + [
            (name, d / f"{name}.parquet")
            for name in (
                "index_prices",
                "stock_prices",
                "capex",
                "announcements",
                "news",
                "products",
                "product_stocks",
                "scorecard",
            )
        ]
    )


def phase_ingest(d: Path) -> dict:
    from aimonthly.ingest import ingest_files, parse_file
    from aimonthly.warehouse import Warehouse

    wh_path = d / "warehouse.duckdb"
    for p in (wh_path, Path(str(wh_path) + ".wal")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    with Warehouse.open(wh_path) as wh:
        rows = sum(r.rows for r in ingest_files(wh, _files(d)))
    total = time.perf_counter() - t
    csv = next((d / "traffic-csv").glob("*.csv"))
    t = time.perf_counter()
    n = parse_file("traffic", csv).table.num_rows
    parse_s = time.perf_counter() - t
    return {
        "ingest_rows": rows,
        "ingest_parquet_s": total,
        "ingest_parquet_rows_per_s": rows / total,
        "csv_rows": n,
        "csv_parse_s": parse_s,
        "csv_parse_rows_per_s": n / parse_s,
        "warehouse_gb": wh_path.stat().st_size / 1024**3,
        "peak_gb": peak_gb(),
    }


def _ctx():
    from aimonthly.analytics import make_context
    from aimonthly.core.house import default_house

    return make_context(REPORT_MONTH, data_date(), house=default_house())


def phase_analytics(d: Path) -> dict:
    from aimonthly.analytics import SECTION_NAMES, compute_facts
    from aimonthly.warehouse import Warehouse

    out = {}
    ctx = _ctx()
    with Warehouse.open(d / "warehouse.duckdb", read_only=True) as wh:
        con = wh.ibis()
        compute_facts(con, ctx)  # warm: the OS cache and DuckDB's buffer pool
        times = []
        for _ in range(5):
            t = time.perf_counter()
            facts = compute_facts(con, ctx)
            times.append(time.perf_counter() - t)
        out["analytics_warm_s"] = statistics.median(times)
        for name in SECTION_NAMES:
            ts = []
            for _ in range(3):
                t = time.perf_counter()
                compute_facts(con, ctx, only=[name])
                ts.append(time.perf_counter() - t)
            out[f"analytics_{name}_s"] = statistics.median(ts)
    out["peak_gb"] = peak_gb()
    (d / "facts.json").write_text(json.dumps(facts.to_dict(), ensure_ascii=False, default=str))
    return out


def phase_research(d: Path) -> dict:
    """The research sections (映射标的, exposure index, scorecard) as a build computes them: after the
    traffic and market sections, whose facts they read, with the registry loaded once (warm, median of 5)."""
    import dataclasses

    from aimonthly.analytics import compute_facts
    from aimonthly.analytics import exposure, mapping, scorecard
    from aimonthly.analytics.registry import Registry
    from aimonthly.warehouse import Warehouse

    out: dict = {}
    with Warehouse.open(d / "warehouse.duckdb", read_only=True) as wh:
        con = wh.ibis()
        ctx = _ctx()
        ctx = dataclasses.replace(ctx, registry=Registry.load(con))
        base = compute_facts(con, ctx, only=["traffic", "market"])
        parts = {
            "mapping": lambda: mapping.compute(con, ctx, traffic=base.traffic, market=base.market),
            "exposure": lambda: exposure.compute(con, ctx),
            "scorecard": lambda: scorecard.compute(con, ctx),
        }

        def all_three():
            return {k: f().to_dict() for k, f in parts.items()}  # facts.json's part included

        got = all_three()  # warm
        times = []
        for _ in range(5):
            t = time.perf_counter()
            all_three()
            times.append(time.perf_counter() - t)
        out["research_warm_s"] = statistics.median(times)
        for name, f in parts.items():
            ts = []
            for _ in range(5):
                t = time.perf_counter()
                f()
                ts.append(time.perf_counter() - t)
            out[f"research_{name}_s"] = statistics.median(ts)
        out["mappings"] = con.table("product_stocks").count().to_pyarrow().as_py()
        out["scorecard_rows"] = con.table("scorecard").count().to_pyarrow().as_py()
        out["hot_products"] = len(got["mapping"])
        out["hot_products_mapped"] = sum(1 for p in got["mapping"] if p["stocks"])
        out["companies"] = len(got["exposure"])
        out["subjects"] = len(got["scorecard"]["subjects"])
    out["peak_gb"] = peak_gb()
    return out


def _content(d: Path) -> Path:
    from aimonthly.demo import DEMO_MONTH, content_dir
    from aimonthly.content.scaffold import scaffold_month

    content = d / "content"
    if not (
        content / f"{REPORT_MONTH}.md"
    ).exists():  # the demo's authored paragraphs: the authored-text rule reads them
        scaffold_month(content, REPORT_MONTH, fallback=content_dir() / f"{DEMO_MONTH}.md")
    return content / f"{REPORT_MONTH}.md"


def phase_check(d: Path) -> dict:
    from aimonthly.analytics import compute_facts
    from aimonthly.check import run_check
    from aimonthly.config import load_settings
    from aimonthly.pipeline import analyse

    content = _content(d)
    out = {}
    with Warehouse_open(d) as wh:
        con = wh.ibis()
        facts = compute_facts(con, _ctx())
        report = run_check(con, facts, content)
        times = []
        for _ in range(5):
            t = time.perf_counter()
            report = run_check(con, facts, content)
            times.append(time.perf_counter() - t)
    out["check_rules_warm_s"] = statistics.median(times)
    out["check_summary"] = report.summary()
    s = load_settings({"warehouse": str(d / "warehouse.duckdb"), "content_dir": str(content.parent)}, env={})
    analyse(s, REPORT_MONTH)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        analyse(s, REPORT_MONTH)
        times.append(time.perf_counter() - t)
    out["check_command_warm_s"] = statistics.median(times)  # open, facts, rules, close: what `aimonthly check` does
    out["peak_gb"] = peak_gb()
    return out


def Warehouse_open(d: Path):
    from aimonthly.warehouse import Warehouse

    return Warehouse.open(d / "warehouse.duckdb", read_only=True)


def phase_report(d: Path) -> dict:
    """The full build, all five outputs, in this process: first with an empty chart cache (every chart
    drawn), then the same build again (the charts from the cache, as any rebuild of the month has them)."""
    from aimonthly.config import load_settings
    from aimonthly.demo import DEMO_MONTH, content_dir
    from aimonthly.pipeline import build_report
    from aimonthly.content.scaffold import scaffold_month

    content = d / "content"
    if not (content / f"{REPORT_MONTH}.md").exists():
        scaffold_month(content, REPORT_MONTH, fallback=content_dir() / f"{DEMO_MONTH}.md")
    out: dict = {}
    with tempfile.TemporaryDirectory() as cache:
        s = load_settings(
            {
                "warehouse": str(d / "warehouse.duckdb"),
                "content_dir": str(content),
                "output_dir": str(d / "reports"),
                "chart_cache": cache,
            },
            env={},
        )
        for run in ("cold", "warm"):
            t = time.perf_counter()
            r = build_report(s, REPORT_MONTH)
            out[f"report_{run}_s"] = time.perf_counter() - t
            out[f"report_{run}_stages"] = {k: round(v, 3) for k, v in r.timings}
    out.update(report_s=out["report_cold_s"], report_exhibits=r.exhibits, peak_gb=peak_gb())
    return out


def pandas_analytics(d: Path, data: dict) -> dict:
    """Plain pandas: the traffic, app-store and market definitions the way a notebook would do them."""
    import pandas as pd

    month = REPORT_MONTH
    y, m = map(int, month.split("-"))
    prev = f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"
    out: dict = {}
    tr = data["traffic"]
    for lst in ("global", "domestic", "overseas"):
        cur = tr[(tr.month == month) & (tr.list == lst)].copy()
        cur["product"] = cur["product"].str.replace("^Prod ", "prod-", regex=True)  # the registry's aliases
        cur = cur.sort_values(["visits", "product"], ascending=[False, True])
        old = tr[(tr.month == prev) & (tr.list == lst)].sort_values(["visits", "product"], ascending=[False, True])
        cur = cur.merge(old[["product", "visits"]].rename(columns={"visits": "prev"}), on="product", how="left")
        cur["mom"] = cur.visits / cur.prev - 1
        top = cur.head(50)
        out[lst] = {
            "top_visits": list(cur.head(20)["product"]),
            "top_growth": list(
                top.dropna(subset=["mom"]).sort_values(["mom", "product"], ascending=[False, True]).head(20)["product"]
            ),
            "share": (top.groupby("category").visits.sum() / top.visits.sum()).to_dict(),
            "n_over": int((cur.visits >= 1e8).sum()),
            "top_mom": float(cur.head(20).visits.sum() / old.head(20).visits.sum() - 1),
        }
    ar = data["app_ranks"]
    end = pd.Timestamp(data_date())
    start = end - pd.DateOffset(months=1)
    k = ar[ar.keyword == KEYWORD]
    base_day = k[k.date <= start].date.max()
    base = k[k.date == base_day].set_index(["app", "developer"])["rank"]
    win = k[(k.date >= start) & (k.date <= end)]
    best = win.groupby(["app", "developer"])["rank"].min()
    new = best.index.difference(base.index)
    rise = (base - best).dropna()
    out["app_store"] = {
        "new": len(new),
        "rising": int((rise > 0).sum()),
        "top3_days": win[win["rank"] <= 3].groupby("app").size().nlargest(3).to_dict(),
    }
    sp = data["stock_prices"]
    p_start, p_end = pd.Timestamp(data_date().replace(day=1)) - pd.DateOffset(months=1), end
    b0 = sp[sp.date < p_start].groupby("code").close.last()
    b1 = sp[sp.date <= p_end].groupby("code").close.last()
    ret = (b1 / b0 - 1).dropna()
    ind = sp.groupby("code").industry.first()
    out["market"] = {i: {"gainers": list(ret[ind[ret.index] == i].nlargest(5).index)} for i in ("计算机", "传媒")}
    return out


def phase_pandas(d: Path) -> dict:
    import pandas as pd

    t = time.perf_counter()
    data = {
        "traffic": pd.read_parquet(d / "traffic"),
        "app_ranks": pd.read_parquet(d / "app_ranks"),
        "stock_prices": pd.read_parquet(d / "stock_prices.parquet"),
    }
    for frame in data.values():
        if "date" in frame:
            frame["date"] = pd.to_datetime(frame["date"])
    load = time.perf_counter() - t
    times = []
    for _ in range(3):
        t = time.perf_counter()
        result = pandas_analytics(d, data)
        times.append(time.perf_counter() - t)
    facts = json.loads((d / "facts.json").read_text())
    # The baseline must compute the same answers, or the ratio means nothing.
    assert result["global"]["top_visits"] == [r["product"] for r in facts["traffic"]["global"]["top_visits"]]
    assert result["app_store"]["new"] == facts["app_store"]["new_apps"]["count"]
    assert result["app_store"]["rising"] == facts["app_store"]["rising_apps"]["count"]
    return {"pandas_load_s": load, "pandas_compute_s": statistics.median(times), "peak_gb": peak_gb()}


def _prev_month(month: str) -> str:
    y, m = map(int, month.split("-"))
    return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"


def polars_notebook(frame) -> dict:
    """Polars as a notebook writes it: the whole dataset read eagerly (timed apart), filtered, sorted."""
    import polars as pl

    month, prev = REPORT_MONTH, _prev_month(REPORT_MONTH)
    out = {}
    for lst in ("global", "domestic", "overseas"):
        cur = (
            frame.filter((pl.col("month") == month) & (pl.col("list") == lst))
            .with_columns(pl.col("product").str.replace("^Prod ", "prod-"))
            .sort(["visits", "product"], descending=[True, False])
        )
        old = frame.filter((pl.col("month") == prev) & (pl.col("list") == lst)).select("product", prev="visits")
        top = cur.head(50).join(old, on="product", how="left").with_columns(mom=pl.col("visits") / pl.col("prev") - 1)
        out[lst] = _polars_list(cur, top)
    return out


def _polars_list(cur, top) -> dict:
    import polars as pl

    share = top.group_by("category").agg(pl.col("visits").sum()).with_columns(pl.col("visits") / top["visits"].sum())
    return {
        "top_visits": cur.head(20)["product"].to_list(),
        "top_growth": top.drop_nulls("mom")
        .sort(["mom", "product"], descending=[True, False])
        .head(20)["product"]
        .to_list(),
        "share": dict(zip(share["category"], share["visits"])),
        "n_over": cur.filter(pl.col("visits") >= 1e8).height,
    }


def polars_tuned(d: Path) -> dict:
    """Polars as an expert writes it: one lazy scan of the Parquet files (month and list pushed down to the
    reader), a top-k instead of a sort, the previous month's visits for the pool only, every list in one
    collect_all."""
    import polars as pl

    month, prev = REPORT_MONTH, _prev_month(REPORT_MONTH)
    scan = pl.scan_parquet(d / "traffic" / "*.parquet")
    plans = []
    for lst in ("global", "domestic", "overseas"):
        cur = scan.filter((pl.col("month") == month) & (pl.col("list") == lst)).with_columns(
            pl.col("product").str.replace("^Prod ", "prod-")
        )
        pool = cur.top_k(50, by=["visits", "product"], reverse=[False, True])  # a heap, not a sort (top_k_by)
        old = scan.filter((pl.col("month") == prev) & (pl.col("list") == lst)).select("product", prev="visits")
        pool = pool.join(
            old.join(pool.select("product"), on="product", how="semi"), on="product", how="left"
        ).with_columns(mom=pl.col("visits") / pl.col("prev") - 1)
        plans += [pool, cur.filter(pl.col("visits") >= 1e8).select(pl.len())]
    got = pl.collect_all(plans)
    out = {}
    for i, lst in enumerate(("global", "domestic", "overseas")):
        pool, over = got[2 * i], got[2 * i + 1]
        d_ = _polars_list(pool.sort(["visits", "product"], descending=[True, False]), pool)
        d_["n_over"] = over.item()
        out[lst] = d_
    return out


def phase_polars(d: Path) -> dict:
    """The traffic section's definitions in Polars (dev/bench dependency: pip install -e '.[bench]'),
    beside aimonthly's own traffic facts measured in the same process, warm, median of 7."""
    import polars as pl

    from aimonthly.analytics import compute_facts

    facts = json.loads((d / "facts.json").read_text())
    want = [r["product"] for r in facts["traffic"]["global"]["top_visits"]]
    t = time.perf_counter()
    frame = pl.read_parquet(d / "traffic" / "*.parquet")
    load = time.perf_counter() - t
    out = {"polars_version": pl.__version__, "polars_notebook_load_s": load}
    for name, fn in (("notebook", lambda: polars_notebook(frame)), ("tuned", lambda: polars_tuned(d))):
        fn()
        times = []
        for _ in range(7):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        assert result["global"]["top_visits"] == want, (name, result["global"]["top_visits"][:5], want[:5])
        out[f"polars_{name}_traffic_s"] = statistics.median(times)
    del frame
    ctx = _ctx()
    with Warehouse_open(d) as wh:
        con = wh.ibis()
        compute_facts(con, ctx, only=["traffic"])
        times = []
        for _ in range(7):
            t = time.perf_counter()
            compute_facts(con, ctx, only=["traffic"])
            times.append(time.perf_counter() - t)
    out["aimonthly_traffic_s"] = statistics.median(times)
    out["peak_gb"] = peak_gb()
    return out


PHASES = {
    "ingest": phase_ingest,
    "analytics": phase_analytics,
    "research": phase_research,
    "check": phase_check,
    "report": phase_report,
    "pandas": phase_pandas,
    "polars": phase_polars,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("phase", choices=["generate", *PHASES, "all"])
    ap.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the default sizes (apps per keyword stay 3,000)"
    )
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "aimonthly-scale")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.phase == "all":
        results = {"scale": args.scale, "cores": os.cpu_count()}
        for phase in ["generate", *PHASES]:
            out = subprocess.run(
                [sys.executable, __file__, phase, "--scale", str(args.scale), "--dir", str(args.dir)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            results[phase] = json.loads(out.strip().splitlines()[-1])
            print(phase, json.dumps(results[phase]), file=sys.stderr, flush=True)
        a, p = results["analytics"], results["pandas"]
        same = sum(a[f"analytics_{k}_s"] for k in ("traffic", "app_store", "market"))  # what the baseline covers
        results["ratio_vs_pandas_compute_same_sections"] = p["pandas_compute_s"] / same
        results["ratio_vs_pandas_compute"] = p["pandas_compute_s"] / a["analytics_warm_s"]
        results["ratio_vs_pandas_load_and_compute"] = (p["pandas_load_s"] + p["pandas_compute_s"]) / a[
            "analytics_warm_s"
        ]
        pl_ = results["polars"]
        results["traffic_vs_polars_tuned"] = pl_["aimonthly_traffic_s"] / pl_["polars_tuned_traffic_s"]
        results["load_average"] = [round(x, 2) for x in os.getloadavg()]
        (args.dir / "results.json").write_text(json.dumps(results, indent=2))
        print(json.dumps(results, indent=2))
        return
    sys.path.insert(0, str(ROOT / "src"))
    out = generate(args.dir, args.scale) if args.phase == "generate" else PHASES[args.phase](args.dir)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
