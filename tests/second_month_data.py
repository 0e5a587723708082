"""Two generated months of every dataset (not the demo's values), for the second-month tests.

The first report covers 2023-02 with data to 2023-03-09; the second covers 2023-03 with data to
2023-04-09 (a Sunday: the last close is Friday 04-07). The second month's vendor files come in the
shapes real exports do: an XLSX with a title row, traditional-Chinese headers and 億/萬 values, a GBK
CSV whose visits are in 万 under the header 访问量(万), and a UTF-8-BOM CSV with "Mar 2023" and 出海.
``truncate`` cuts one dataset short in the second month, to test what a section says when its data
stops before its period's end.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl

FIRST, SECOND = "2023-02", "2023-03"
FIRST_DATA_DATE, SECOND_DATA_DATE = dt.date(2023, 3, 9), dt.date(2023, 4, 9)
LAST_CLOSE = dt.date(2023, 4, 7)  # Friday before the second data date

# The second month's global pool by category: (category, share of the pool in per mille, products)
GLOBAL_MIX = [
    ("聊天机器人", 361, 6),
    ("智慧搜索", 220, 4),
    ("设计工具", 80, 3),
    ("翻译", 54, 3),
    ("写作与文本", 52, 3),
    ("金融", 43, 3),
    ("教育", 39, 3),
    ("图片图像", 34, 3),
    ("视频", 28, 4),
    ("音乐", 25, 4),
    ("语音", 20, 4),
    ("编程", 15, 4),
    ("娱乐", 29, 6),
]
DOMESTIC_GROWERS = 9  # of 30: fewer than the Top 20 grew


def D(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def weekdays(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1) if (lo + dt.timedelta(days=i)).weekday() < 5]


def _csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def global_rows(month: str) -> list[dict]:
    """50 products whose second-month visits give exactly GLOBAL_MIX's shares (of 1,000,000,000 in all)."""
    out, k = [], 0
    for cat, per_mille, n in GLOBAL_MIX:
        total = per_mille * 1_000_000
        for j in range(n):
            k += 1
            each = total // n // 10_000 * 10_000  # whole 万, so that the XLSX's 萬 and 億 values are exact
            share = each + (total - each * n if j == 0 else 0)
            visits = share if month == SECOND else int(share / (1 + (0.1 if k % 3 else -0.05)))
            out.append(
                {
                    "product": f"Glob{k:02d}",
                    "company": f"Co{k:02d}",
                    "category": cat,
                    "visits": visits,
                    "minutes": 3 + k % 11,
                }
            )
    return out


def domestic_rows(month: str) -> list[dict]:
    """30 products; in the second month the first DOMESTIC_GROWERS grew, the rest fell."""
    out = []
    for k in range(30):
        base = (30 - k) * 1_000_000
        visits = base if month == FIRST else int(base * (1.2 if k < DOMESTIC_GROWERS else 0.9))
        out.append(
            {
                "product": f"国内{k:02d}",
                "company": f"公司{k:02d}",
                "category": ["助手", "翻译", "搜索"][k % 3],
                "visits": visits - visits % 10_000,
                "minutes": 4 + k % 5,
            }
        )
    return out


def write(folder: Path, truncate: str | None = None) -> dict[str, list[tuple[str, Path]]]:
    """Every file, as {"first": [(dataset, path), …], "second": […]}."""
    folder.mkdir(parents=True, exist_ok=True)
    first, second = [], []
    # -- traffic: the first month plainly; the second in three vendor shapes
    rows = []
    for lst in ("global", "domestic", "overseas"):
        make = global_rows if lst == "global" else domestic_rows
        rows += [
            [FIRST, lst, r["product"], r["company"], r["category"], r["visits"], f"{r['minutes']}:00"]
            for r in make(FIRST)
        ]
    first.append(
        (
            "traffic",
            _csv(
                folder / "traffic-first.csv",
                ["month", "list", "product", "company", "category", "visits", "avg_visit_duration"],
                rows,
            ),
        )
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["AI 產品全球訪問量榜（2023 年 3 月）"])
    ws.append(["月份", "榜單", "產品名稱", "所屬公司", "類別", "月訪問量", "單次訪問時長"])
    for r in global_rows(SECOND):
        v = r["visits"]
        ws.append(
            [
                "2023年3月",
                "全球",
                r["product"],
                r["company"],
                r["category"],
                f"{v / 1e8:.4f}億" if v >= 1e8 else f"{v // 10_000}萬",
                f"{r['minutes']} min",
            ]
        )
    wb.save(folder / "global-second.xlsx")
    second.append(("traffic", folder / "global-second.xlsx"))
    if truncate != "traffic":  # the domestic list: absent when traffic is cut short
        second.append(
            (
                "traffic",
                _csv(
                    folder / "domestic-second.csv",
                    ["月份", "榜单", "产品", "公司", "类别", "访问量(万)"],
                    [
                        [SECOND, "国内", r["product"], r["company"], r["category"], r["visits"] // 10_000]
                        for r in domestic_rows(SECOND)
                    ],
                    encoding="gbk",
                ),
            )
        )
    second.append(
        (
            "traffic",
            _csv(
                folder / "overseas-second.csv",
                ["Month", "List", "Product", "Monthly Visits"],
                [["Mar 2023", "出海", r["product"], f"{r['visits']:,}"] for r in domestic_rows(SECOND)],
                encoding="utf-8-sig",
            ),
        )
    )

    # -- App Store ranks: daily to each data date
    def ranks(lo: dt.date, hi: dt.date, shift: int) -> list[list]:
        days = [lo + dt.timedelta(days=i) for i in range((hi - lo).days + 1)]
        return [
            [
                d.isoformat(),
                "ai应用",
                f"App{(k + shift + i // 7) % 40:02d}",
                f"Dev{(k + shift + i // 7) % 40:02d}",
                k + 1,
            ]
            for i, d in enumerate(days)
            for k in range(30)
        ]

    first.append(
        (
            "app_ranks",
            _csv(
                folder / "ranks-first.csv",
                ["date", "keyword", "app", "developer", "rank"],
                ranks(D("2023-02-01"), FIRST_DATA_DATE, 0),
            ),
        )
    )
    last_rank_day = D("2023-04-04") if truncate == "app_store" else SECOND_DATA_DATE
    second.append(
        (
            "app_ranks",
            _csv(
                folder / "ranks-second.csv",
                ["日期", "关键词", "应用名称", "开发者", "搜索排名"],
                ranks(FIRST_DATA_DATE + dt.timedelta(days=1), last_rank_day, 5),
            ),
        )
    )
    # -- index and stock closes
    codes = {"000300.SH": 4000, "801750.SI": 5000, "801760.SI": 800, "931441.CSI": 1200}
    stocks = [(f"30{k:04d}.SZ", f"计算{k}", "计算机") for k in range(6)] + [
        (f"60{k:04d}.SH", f"传媒{k}", "传媒") for k in range(6)
    ]

    def prices(lo: dt.date, hi: dt.date) -> tuple[list[list], list[list]]:
        days = weekdays(lo, hi)
        ip = [
            [d.isoformat(), c, c, round(base * (1 + 0.001 * i * (j + 1)), 2)]
            for j, (c, base) in enumerate(codes.items())
            for i, d in enumerate(days, (days[0] - D("2022-12-01")).days)
        ]
        sp = [
            [d.isoformat(), c, n, round(10 + j + 0.01 * i * (j - 5), 2), ind]
            for j, (c, n, ind) in enumerate(stocks)
            for i, d in enumerate(days, (days[0] - D("2022-12-01")).days)
        ]
        return ip, sp

    for part, lo, hi in (
        ("first", D("2022-12-01"), FIRST_DATA_DATE),
        ("second", FIRST_DATA_DATE + dt.timedelta(days=1), D("2023-03-24") if truncate == "market" else LAST_CLOSE),
    ):
        ip, sp = prices(lo, hi)
        (first if part == "first" else second).extend(
            [
                ("index_prices", _csv(folder / f"index-{part}.csv", ["date", "code", "name", "close"], ip)),
                (
                    "stock_prices",
                    _csv(folder / f"stocks-{part}.csv", ["date", "code", "name", "close", "industry"], sp),
                ),
            ]
        )
    # -- capex: to 2022Q4 (due by 2023-02-14) for all four; cut short, none has 2022Q4
    quarters = ["2021Q4", "2022Q1", "2022Q2", "2022Q3", "2022Q4"]
    capex = [
        [c, q, f"{(10 + i + j) * 1e9:.0f}", "", ""]
        for j, c in enumerate(["Microsoft", "Amazon", "Meta", "Google"])
        for i, q in enumerate(quarters)
        if not (truncate == "capex" and q == "2022Q4")
    ]
    first.append(
        ("capex", _csv(folder / "capex.csv", ["company", "quarter", "capex", "guidance_low", "guidance_high"], capex))
    )
    # -- news and announcements: items every few days over both months, each naming a company of its own
    names = [
        "Zentrix",
        "Quorba",
        "Velmont",
        "Arkadia",
        "Brisco",
        "Calvera",
        "Dunmore",
        "Elbrook",
        "Farrow",
        "Galvin",
        "Holt",
        "Ivers",
        "Jasper",
        "Kellan",
        "Lorne",
        "Marlow",
        "Norvik",
        "Orla",
        "Pembry",
        "Quill",
        "Rowan",
        "Sable",
        "Tarn",
        "Ulric",
        "Varga",
        "Wren",
        "Yarrow",
        "Zeller",
    ]
    last_news = D("2023-03-28") if truncate == "news" else SECOND_DATA_DATE
    news, k = [], 0
    for d in [D("2023-02-02") + dt.timedelta(days=3 * i) for i in range(23)]:
        if d > last_news:
            break
        name = names[k % len(names)]
        news.append(
            {
                "date": d.isoformat(),
                "region": "overseas" if k % 2 else "domestic",
                "source": "示例来源",
                "title": f"{name} 发布 {name}-{k} 产品",
                "body": f"{name} 公司于当日发布了新产品 {name}-{k}。",
            }
        )
        k += 1
    with open(folder / "news.jsonl", "w", encoding="utf-8") as f:
        for item in news:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    last_ann = D("2023-03-23") if truncate == "announcements" else SECOND_DATA_DATE
    ann = [
        [d.isoformat(), f"30{i:04d}", f"公司{i}", f"公司{i}在投资者交流中介绍了 AI 业务进展（第 {i} 号）。"]
        for i, d in enumerate([D("2023-02-03") + dt.timedelta(days=4 * i) for i in range(17)])
        if d <= last_ann
    ]
    ann_file = _csv(folder / "announcements.csv", ["date", "code", "company", "content"], ann)
    # the first month's files hold only the first month's items; the second brings the rest
    for name, rows_path, key in (("news", folder / "news.jsonl", None), ("announcements", ann_file, None)):
        lines = rows_path.read_text(encoding="utf-8").splitlines()
        head, body = (lines[0:1], lines[1:]) if name == "announcements" else ([], lines)
        date_of = (lambda line: line[:10]) if name == "announcements" else (lambda line: json.loads(line)["date"])
        early = [x for x in body if date_of(x) <= FIRST_DATA_DATE.isoformat()]
        late = [x for x in body if date_of(x) > FIRST_DATA_DATE.isoformat()]
        ext = rows_path.suffix
        a, b = folder / f"{name}-first{ext}", folder / f"{name}-second{ext}"
        a.write_text("\n".join(head + early) + "\n", encoding="utf-8")
        b.write_text("\n".join(head + late) + "\n", encoding="utf-8")
        first.append((name, a))
        second.append((name, b))
    return {"first": first, "second": second}


CONTENT = """---
title: 第二个月的测试报告
sector: 信息技术
rating: 买入
rating_action: 维持评级
report_type: 行业月报
date: 2023-03-10
data_date: 2023-03-09
analysts:
  - {name: 测试员}
news:
  pin: []
  drop: []
announcements:
  pin: []
  drop: []
---

# 一、数据

## 全球

{{ traffic.global.overview }}

{{ traffic.global.growth }}

{{ traffic.global.top_growth }}

{{ traffic.global.categories }}

{{ traffic.global.category_share }}

## 国内

{{ traffic.domestic.overview }}

{{ traffic.domestic.top_visits }}

{{ traffic.domestic.growth }}

{{ traffic.domestic.top_growth }}

{{ traffic.domestic.categories }}

{{ traffic.domestic.category_share }}

{{ traffic.domestic.duration }}

## 应用商店

{{ app_store.overview }}

{{ app_store.movers }}

# 二、市场

{{ market.computer.text }}

{{ market.computer.movers }}

{{ market.computer.note }}

{{ capex.text }}

# 三、新闻

## 海外

{{ news.overseas }}

## 国内

{{ news.domestic }}

{{ announcements.table }}
"""
