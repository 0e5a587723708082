"""A generated data set for the research layer (映射标的, the exposure index, the scorecard), with the
reference answers computed here in plain Python from the same rows (not through aimonthly).

Six months 2019-01 .. 2019-06 (the report's month; data date 2019-06-28), three lists, a pool of 5:
- Alpha (domestic) ranks 7th in 2019-01 and enters the pool in 2019-02; it maps to three companies with
  weights, one of them through its alias "Alpha Chat"; its rows are spelled "alpha" in 2019-04 and
  "Alpha Chat" in 2019-05 (found through the registry);
- Beta (domestic) and Gamma (overseas) map to one company (丙公司), so its index adds two products;
- Delta is on all three lists: its global row counts where it has one (from 2019-03), its domestic
  and overseas rows add up before;
- Eps maps to 戊公司, suspended from 2019-06-17 (no close on the period's end day);
- Zeta maps to 庚公司 and has no traffic.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from aimonthly.core.datasets import CRITERIA

D = dt.date
MONTHS = ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05", "2019-06"]
MONTH, DATA_DATE, POOL, TOP_N, HOT = "2019-06", D(2019, 6, 28), 5, 5, 2
BENCH = "000300.SH"
STOCKS = [  # product as product_stocks writes it, code, name, relation, weight
    ("Alpha", "600001.SH", "甲公司", "母公司", 0.6),
    ("Alpha", "600002.SH", "乙公司", "投资方", 0.4),
    ("Alpha Chat", "600006.SH", "己公司", "供应商", 0.2),
    ("Beta", "600003.SH", "丙公司", "合作方", None),
    ("Gamma", "600003.SH", "丙公司", "合作方", 0.5),
    ("Delta", "600004.SH", "丁公司", "母公司", 1.0),
    ("Eps", "600005.SH", "戊公司", "合作方", None),
    ("Zeta", "600007.SH", "庚公司", "其他", None),
]
SUSPENDED = ("600005.SH", D(2019, 6, 14))  # its last close


def traffic_rows() -> list[dict]:
    rng = random.Random(15)
    rows = []

    def add(month, lst, product, visits):
        rows.append({"month": month, "list": lst, "product": product, "visits": int(visits)})

    for i, m in enumerate(MONTHS):
        for lst, base in (("global", 400e6), ("domestic", 40e6), ("overseas", 9e6)):
            for k in range(1, 7):  # fillers: steady, within ±10% a month
                add(m, lst, f"{lst[0].upper()}filler{k}", base / k * (1 + rng.uniform(-0.1, 0.1)))
        alpha = {0: 2e6, 1: 12e6, 2: 10e6, 3: 12e6, 4: 20e6, 5: 30e6}[i]
        add(m, "domestic", {3: "alpha", 4: "Alpha Chat"}.get(i, "Alpha"), alpha)
        add(m, "domestic", "Beta", 16e6 + 2e6 * i)  # in the pool from the start
        add(m, "domestic", "Eps", 5e6 + 3e6 * i)
        add(m, "overseas", "Gamma", {5: 8e6}.get(i, 4e6 + 0.2e6 * i))
        add(m, "domestic", "Delta", 1e6 + 0.1e6 * i)
        add(m, "overseas", "Delta", 2e6 + 0.1e6 * i)
        if i >= 2:
            add(m, "global", "Delta", 50e6 * 1.9 ** (i - 2))
    return rows


def trading_days() -> list[dt.date]:
    d, out = D(2018, 12, 3), []
    while d <= D(2019, 7, 12):
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def price_rows() -> tuple[list[dict], list[dict]]:
    rng = random.Random(7)
    days = trading_days()
    index, stocks = [], []
    level = 3000.0
    for d in days:
        level *= 1 + rng.uniform(-0.01, 0.011)
        index.append({"date": d, "code": BENCH, "name": "沪深300", "close": round(level, 2)})
    for code, name in sorted({(s[1], s[2]) for s in STOCKS if s[1] != "600007.SH"}):
        p = rng.uniform(10, 50)
        for d in days:
            p *= 1 + rng.uniform(-0.03, 0.032)
            if code == SUSPENDED[0] and d > SUSPENDED[1]:
                break
            stocks.append({"date": d, "code": code, "name": name, "close": round(p, 3), "industry": "计算机"})
    return index, stocks


def scorecard_rows() -> list[dict]:
    """Four subjects at 2019-03-31 and 2019-06-15 (one only at the second; 600004.SH without competition
    at the second), and a scoring after the data date that must be ignored."""
    scores = {
        "600001.SH": ((4, 4, 4, 4, 4, 4), (5, 4, 4, 4, 4, 3)),
        "600003": ((3, 3, 3, 3, 3, 3), (3, 5, 5, 5, 5, 2)),  # a bare code: 600003.SH
        "600004.SH": ((2, 2, 2, 2, 2, 2), (4, 2, 3, None, 3, 3)),
        "Kappa": (None, (2, 4, 4, 4, 4, 4)),
    }
    out = []
    for subject, (before, now) in scores.items():
        for as_of, values in ((D(2019, 3, 31), before), (D(2019, 6, 15), now)):
            if values is None:
                continue
            for c, v in zip(CRITERIA, values):
                if v is not None:
                    out.append(
                        {
                            "subject": subject,
                            "criterion": c,
                            "score": v,
                            "as_of": as_of,
                            "name": "卡帕" if subject == "Kappa" else "",
                        }
                    )
    out += [{"subject": "600001.SH", "criterion": c, "score": 1, "as_of": D(2019, 7, 15), "name": ""} for c in CRITERIA]
    return out


PRODUCTS = [
    {"product": "Alpha", "aliases": "Alpha Chat"},
    {"product": "Beta", "aliases": ""},
    {"product": "Gamma", "aliases": ""},
    {"product": "Delta", "aliases": ""},
    {"product": "Eps", "aliases": ""},
    {"product": "Zeta", "aliases": ""},
]


def write(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def build(folder: Path) -> Path:
    """The data set in a fresh warehouse at ``folder/w.duckdb``."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    index, stocks = price_rows()
    files = [
        ("products", write(folder / "products.csv", PRODUCTS)),
        (
            "product_stocks",
            write(
                folder / "product_stocks.csv",
                [
                    {"product": p, "code": c, "name": n, "relation": r, "weight": "" if w is None else w}
                    for p, c, n, r, w in STOCKS
                ],
            ),
        ),
        ("traffic", write(folder / "traffic.csv", traffic_rows())),
        ("index_prices", write(folder / "index.csv", index)),
        ("stock_prices", write(folder / "stocks.csv", stocks)),
        ("scorecard", write(folder / "scorecard.csv", scorecard_rows())),
    ]
    with Warehouse.open(folder / "w.duckdb") as wh:
        for dataset, f in files:
            ingest_file(wh, dataset, f)
    return folder / "w.duckdb"


# -- the reference answers, in plain Python ------------------------------------------------------

CANON = {"alpha": "Alpha", "alpha chat": "Alpha"}


def canon(name: str) -> str:
    return CANON.get(name.lower(), name)


def ranked(month: str, lst: str) -> list[dict]:
    rows = [r for r in traffic_rows() if r["month"] == month and r["list"] == lst]
    return sorted(rows, key=lambda r: (-r["visits"], r["product"]))


def hot_products() -> list[tuple[str, str, float]]:
    """(product, list, 环比) of each list's Top HOT by 环比 among its Top POOL, lists in order."""
    prev = {(r["list"], canon(r["product"])): r["visits"] for r in traffic_rows() if r["month"] == "2019-05"}
    out, seen = [], set()
    for lst in ("global", "domestic", "overseas"):
        pool = ranked(MONTH, lst)[:POOL]
        grow = [
            (canon(r["product"]), r["visits"] / prev[(lst, canon(r["product"]))] - 1)
            for r in pool
            if (lst, canon(r["product"])) in prev
        ]
        for p, g in sorted(grow, key=lambda x: (-x[1], x[0]))[:HOT]:
            if p not in seen:
                seen.add(p)
                out.append((p, lst, g))
    return out


def entry_month(product: str) -> str | None:
    for m in MONTHS:
        if any(
            canon(r["product"]) == product for lst in ("global", "domestic", "overseas") for r in ranked(m, lst)[:POOL]
        ):
            return m
    return None


def closes() -> tuple[dict, dict]:
    index, stocks = price_rows()
    return {r["date"]: r["close"] for r in index}, {(r["code"], r["date"]): r["close"] for r in stocks}


def last_day(days, before: dt.date | None = None, upto: dt.date | None = None) -> dt.date:
    return max(d for d in days if (before is None or d < before) and (upto is None or d <= upto))


def stock_return(code: str, start: dt.date, end: dt.date) -> float | None:
    _, px = closes()
    a, b = px.get((code, start)), px.get((code, end))
    return None if a is None or b is None else b / a - 1


def index_visits(code: str, month: str, drop: tuple[str, str | None] | None = None) -> float | None:
    """Σ weight × visits of the company's products: the global row if any, else domestic + overseas.
    ``drop``: (product, list or None) left out."""
    weights: dict[str, float] = {}
    for p, c, _, _, w in STOCKS:
        if c == code:
            weights.setdefault(canon(p), 1.0 if w is None else w)
    total, any_row = 0.0, False
    for p, w in weights.items():
        rows = {
            r["list"]: r["visits"]
            for r in traffic_rows()
            if r["month"] == month
            and canon(r["product"]) == p
            and not (drop and drop[0] == p and drop[1] in (None, r["list"]))
        }
        if not rows:
            continue
        any_row = True
        total += w * (rows["global"] if "global" in rows else rows.get("domestic", 0) + rows.get("overseas", 0))
    return total if any_row else None


def composite(scores: dict[str, float | None], weights: dict[str, float]) -> float | None:
    num = sum(weights[c] * s for c, s in scores.items() if s is not None)
    den = sum(weights[c] for c, s in scores.items() if s is not None)
    return num / den if den else None
