"""A generated data set for the workbench's tests (not the demo), and the figures its pages must show,
computed here from the generated rows alone.

Fourteen months of a ``global`` list of 130 products (and a small ``domestic`` one); product 7 is
spelled ``OldSeven`` until 2023-12 and ``Prod-007`` after (the registry lists the old name as an
alias, so its history and 环比 run across the rename); two products tie on visits in the last month
(the name orders them); one name is not in the registry. Prod-001 maps to a listed company with
prices, has App Store ranks under a lower-cased spelling, and one news item names product 7 by its
old name. Categories are house categories of the global list as given (no taxonomy rule needed).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

MONTHS = [f"{2023 + (2 + k) // 12}-{(2 + k) % 12 + 1:02d}" for k in range(14)]  # 2023-03 … 2024-04
MONTH = MONTHS[-1]
N = 130
CATEGORIES = ("写作工具", "图片图像", "编程开发")
RENAMED_UNTIL = "2023-12"
LOOSE = "Loose Name"  # in the traffic, not in the registry
GLITCH = "Glitch-AI"  # plant(glitch=True): new on the global list in MONTH with 15x the next product's visits
GLITCH_VISITS = 200_000_000
AUTHORED = "本月 Prod-000 的访问量达到 99.99 亿次。"  # a figure that is none of the month's: the check quotes its line


def name(i: int, month: str) -> str:
    if i == 7 and month <= RENAMED_UNTIL:
        return "OldSeven"
    if i == N - 1:
        return LOOSE
    return f"Prod-{i:03d}"


def visits(i: int, k: int) -> int | None:
    """Product i's visits in month k (None: absent that month)."""
    if i % 17 == 5 and k % 4 == 1:
        return None
    v = (N + 5 - i) * 100_000 + ((i * 7919 + k * 104_729) % 90_000) + k * (i % 7) * 3_000
    if k == len(MONTHS) - 1 and i in (40, 41):
        return 5_000_000  # a tie: Prod-040 before Prod-041 by name
    return v


def category(i: int) -> str:
    return CATEGORIES[i % 3]


def company(i: int) -> str:
    return f"公司{i % 23:02d}"


def traffic_rows(glitch: bool = False) -> list[dict]:
    rows = []
    if glitch:  # a vendor glitch: the check's outlier rule calls it an error (no history, many times the next)
        rows.append(
            {
                "month": MONTH,
                "list": "global",
                "product": GLITCH,
                "visits": GLITCH_VISITS,
                "company": "故障公司",
                "category": CATEGORIES[0],
                "synthetic": True,
            }
        )
    for k, m in enumerate(MONTHS):
        for i in range(N):
            v = visits(i, k)
            if v is not None:
                rows.append(
                    {
                        "month": m,
                        "list": "global",
                        "product": name(i, m),
                        "visits": v,
                        "company": company(i),
                        "category": category(i),
                        "synthetic": True,
                    }
                )
        for i in range(12):
            rows.append(
                {
                    "month": m,
                    "list": "domestic",
                    "product": name(i, m),
                    "visits": 900_000 - i * 5_000 + k,
                    "company": company(i),
                    "category": category(i),
                    "synthetic": True,
                }
            )
    return rows


PRICE_DAYS = [
    dt.date(2024, 3, 1) + dt.timedelta(days=d)
    for d in range(40)
    if (dt.date(2024, 3, 1) + dt.timedelta(days=d)).weekday() < 5
]


def tables(glitch: bool = False) -> dict[str, pa.Table]:
    products = [
        {
            "product": f"Prod-{i:03d}",
            "aliases": "OldSeven" if i == 7 else None,
            "company": company(i),
            "category": category(i),
            "region": "overseas",
            "synthetic": True,
        }
        for i in range(N - 1)
    ]
    stocks_of = [
        {
            "product": "Prod-001",
            "code": "300001.SZ",
            "name": "示例股份",
            "relation": "母公司",
            "weight": 1.0,
            "synthetic": True,
        }
    ]
    prices = [
        {
            "date": d,
            "code": "300001.SZ",
            "name": "示例股份",
            "close": 20.0 + 0.5 * k,
            "industry": "计算机",
            "synthetic": True,
        }
        for k, d in enumerate(PRICE_DAYS)
    ]
    apps = [
        {
            "date": dt.date(2024, 4, 1) + dt.timedelta(days=d),
            "keyword": "ai应用",
            "app": "prod-001",
            "developer": "示例公司",
            "rank": 3 + d % 4,
            "synthetic": True,
        }
        for d in range(10)
    ]
    news = [
        {
            "date": dt.date(2024, 4, 3),
            "region": "overseas",
            "title": "新版本发布",
            "body": "OldSeven 改名后的首个版本",
            "source": "示例来源",
            "url": "https://news.example/7",
            "synthetic": True,
        },
        {
            "date": dt.date(2024, 4, 4),
            "region": "overseas",
            "title": "无关新闻",
            "body": "与产品无关",
            "source": "示例来源",
            "url": None,
            "synthetic": True,
        },
    ]
    return {
        "traffic": pa.Table.from_pylist(traffic_rows(glitch)),
        "products": pa.Table.from_pylist(products),
        "product_stocks": pa.Table.from_pylist(stocks_of),
        "stock_prices": pa.Table.from_pylist(prices),
        "app_ranks": pa.Table.from_pylist(apps),
        "news": pa.Table.from_pylist(news),
    }


@dataclass(frozen=True)
class ServeSet:
    root: Path
    settings: object

    @property
    def warehouse(self) -> Path:
        return self.root / "w.duckdb"


def plant(root: Path, *, glitch: bool = False, content: bool = False) -> ServeSet:
    """The data set ingested into ``root``; ``glitch``: with GLITCH's row; ``content``: with MONTH's Markdown
    file (aimonthly new's scaffold of the bundled one, with a comment of the analyst's own in its front matter
    and the paragraph AUTHORED under the global section's heading)."""
    from aimonthly.config import load_settings
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    root.mkdir(parents=True, exist_ok=True)
    with Warehouse.open(root / "w.duckdb") as wh:
        for dataset, table in tables(glitch).items():
            pq.write_table(table, root / f"{dataset}.parquet")
            ingest_file(wh, dataset, root / f"{dataset}.parquet")
    (root / "content").mkdir(exist_ok=True)
    (root / "out").mkdir(exist_ok=True)
    (root / "aimonthly.toml").write_text(
        'warehouse = "w.duckdb"\ncontent_dir = "content"\noutput_dir = "out"\n'
        f"[house.taxonomy]\nrules = []\n[house.taxonomy.categories]\nglobal = {list(CATEGORIES)!r}\ndomestic = {list(CATEGORIES)!r}\n".replace(
            "'", '"'
        ),
        encoding="utf-8",
    )
    if content:
        from aimonthly.demo import DEMO_MONTH, content_dir
        from aimonthly.content.scaffold import scaffold_month

        path, _ = scaffold_month(root / "content", MONTH, fallback=content_dir() / f"{DEMO_MONTH}.md")
        text = path.read_text(encoding="utf-8")
        text = text.replace("\ntitle:", "\n# 分析师的注释：封面标题待定 'quoted' \"too\"\ntitle:", 1)
        text = text.replace("## 全球市场 AI 应用情况\n", f"## 全球市场 AI 应用情况\n\n{AUTHORED}\n", 1)
        path.write_text(text, encoding="utf-8")
    return ServeSet(root, load_settings(env={}, start=root))


# -- the reference: what the pages must show, from the rows above ------------------------------


def identity(product: str) -> str:
    return "Prod-007" if product == "OldSeven" else product


def ranking(lst: str, month: str) -> list[dict]:
    """Rank, product, visits, 环比 of every row of ``lst`` in ``month``, by visits then name."""
    rows = [r for r in traffic_rows() if r["list"] == lst]
    prev = MONTHS[MONTHS.index(month) - 1] if MONTHS.index(month) else None
    before = {identity(r["product"]): r["visits"] for r in rows if r["month"] == prev}
    now = sorted((r for r in rows if r["month"] == month), key=lambda r: (-r["visits"], r["product"]))
    out = []
    for k, r in enumerate(now, 1):
        p = before.get(identity(r["product"]))
        out.append(
            {
                "rank": k,
                "product": identity(r["product"]),
                "visits": r["visits"],
                "category": r["category"],
                "company": r["company"],
                "mom": r["visits"] / p - 1 if p else None,
            }
        )
    return out


def history(product: str, lst: str = "global") -> dict[str, tuple[int, int]]:
    """month -> (visits, rank) of ``product`` on ``lst``."""
    out = {}
    for m in MONTHS:
        for r in ranking(lst, m):
            if r["product"] == product:
                out[m] = (r["visits"], r["rank"])
    return out
