"""A real-shaped vendor case (issue 26), generated: a new desk's own exports, nine inbox files a month.

The desk's traffic vendor sends one file per list with its own headers; four of the nine files need an
option by hand every month (`--map`, and the list and month the file names carry):

1. ``AI产品榜-全球-2024年06月.csv``: a title line with "|" above a header in traditional Chinese
   (估算訪問量(萬), 所屬公司, 類別), tags in traditional Chinese (圖像生成, 視頻生成…) and the vendor's own
   "其他", companies in traditional Chinese (字節跳動, 雲鯨科技); needs --map visits=估算訪問量(萬);
2. ``AI产品榜-国内-2024年06月.csv``: needs --map product=应用名称 --map visits=月活访问(万), and has 12 rows of 0 (no estimate);
3. ``AI产品榜-出海-2024年06月.xlsx``: needs --map product=出海产品 --map visits=访问次数;
4. ``stock_prices_2024-06.csv``: the industry column is headed 申万一级行业, so by its header alone the
   file reads as index_prices; needs --map industry=申万一级行业;
5.–9. index closes, capex (companies spelt 微软, Alphabet, 亞馬遜, Meta Platforms), announcements,
   news and App Store ranks, which need nothing.

Planted for the check: ZERO_NOW (last month's domestic Top 50, 0 this month) and COLLAPSED (an overseas
Top-20 product down 74%). Everything else is right, so any other error or warning is a false alarm.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

MONTH, PREV = "2024-06", "2024-05"
LEADER = "ChatGPT"
ZERO_NOW, COLLAPSED = "灵答AI", "Pixel Muse Pro"
PLANTED = (ZERO_NOW, COLLAPSED)
SOURCE = "星图数据"  # the desk's traffic vendor
LIST_CN = {"global": "全球", "domestic": "国内", "overseas": "出海"}

# list -> (file-name suffix, header of product, company, visits, tags, the options the file needs)
LAYOUT = {
    "global": ("csv", ("產品名稱", "所屬公司", "估算訪問量(萬)", "類別"), {"visits": "估算訪問量(萬)"}),
    "domestic": (
        "csv",
        ("应用名称", "所属公司", "月活访问(万)", "赛道"),
        {"product": "应用名称", "visits": "月活访问(万)"},
    ),
    "overseas": ("xlsx", ("出海产品", "公司", "访问次数", "分类"), {"product": "出海产品", "visits": "访问次数"}),
}
TAGS = {
    "global": [
        "聊天機器人",
        "圖像生成, 設計",
        "視頻生成",
        "寫作, 辦公效率",
        "翻譯",
        "編程, 開發者",
        "其他",
        "辦公效率",
    ],
    "domestic": ["个人聊天与助手", "AI开发平台", "写作与文本", "图片图像", "视频", "其他", "教育", "编程"],
    "overseas": ["图片编辑", "图像生成", "视频生成", "聊天陪伴", "AI助手", "音频", "教育", "写作"],
}
COMPANIES = ["字節跳動", "雲鯨科技", "月之暗面", "百度", "阿里巴巴", "Example Labs", "深度求索"]
REGISTRY = ({"product": LEADER, "company": "OpenAI"}, {"product": "豆包", "company": "字节跳动"})

_EN = ["Nova", "Quill", "Pixel", "Echo", "Vector", "Lumen", "Atlas", "Orbit", "Prism", "Tidal", "Zen", "Mosaic"]
_EN2 = ["Write", "Chat", "Draw", "Voice", "Code", "Slides", "Tutor", "Clip", "Muse", "Lens"]
_ZH = ["智", "灵", "文", "星", "云", "图", "声", "码", "学", "画", "秒", "天"]
_ZH2 = ["言", "影", "写", "答", "绘", "音", "搜", "译", "伴", "课"]


def products(lst: str) -> list[str]:
    if lst == "domestic":
        names = ["豆包"] + [f"{a}{b}AI" for a in _ZH for b in _ZH2]
    elif lst == "global":
        names = [LEADER] + [f"{a} {b}" for a in _EN for b in _EN2]
    else:
        names = [f"{a} {b} Pro" for a in _EN for b in _EN2]
    return names[:110]


def visits(lst: str, seed: int = 62) -> dict[str, dict[str, int]]:
    """product -> {month: visits}; 0 is the vendor's "no estimate"."""
    rng = random.Random(f"{seed}-{lst}")
    out: dict[str, dict[str, int]] = {}
    for rank, name in enumerate(products(lst), 1):
        base = int(60_000_000 * rank**-1.1) if rank > 1 else 480_000_000
        prev = base * rng.uniform(0.97, 1.03)
        out[name] = {PREV: round(prev, -4), MONTH: round(prev * rng.uniform(0.96, 1.05), -4)}
    if lst == "domestic":
        for name in products(lst)[-12:]:
            out[name][MONTH] = 0
        out[ZERO_NOW] = {PREV: 9_120_000, MONTH: 0}
    if lst == "overseas":
        out[COLLAPSED][MONTH] = round(out[COLLAPSED][PREV] * 0.26, -4)
    return out


def traffic_name(lst: str, month: str) -> str:
    y, m = month.split("-")
    return f"AI产品榜-{LIST_CN[lst]}-{y}年{m}月.{LAYOUT[lst][0]}"


def write_traffic(folder: Path, lst: str, month: str) -> Path:
    suffix, header, _ = LAYOUT[lst]
    rng = random.Random(f"tags-{lst}")
    data = visits(lst)
    rows = sorted(data.items(), key=lambda kv: (-kv[1][month], kv[0]))
    body = [
        [
            i,
            name,
            rng.choice(COMPANIES),
            round(v[month] / 10_000, 1) if suffix == "csv" else v[month],
            rng.choice(TAGS[lst]),
        ]
        for i, (name, v) in enumerate(rows, 1)
    ]
    path = folder / traffic_name(lst, month)
    if suffix == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["排名", *header])
        for r in body:
            ws.append(r)
        wb.save(path)
        return path
    with open(path, "w", encoding="utf-8", newline="") as f:
        if lst == "global":
            f.write(f"AI产品榜 | {LIST_CN[lst]}总榜 | {month.replace('-', '年')}月\n")
        w = csv.writer(f)
        w.writerow(["排名", *header])
        w.writerows(body)
    return path


def _days(month: str) -> list[dt.date]:
    first = dt.date.fromisoformat(month + "-01")
    days = [first + dt.timedelta(d) for d in range(31) if (first + dt.timedelta(d)).month == first.month]
    return [d for d in days if d.weekday() < 5]


def _csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_others(folder: Path, month: str) -> dict[str, Path]:
    days = _days(month)
    every_day = [days[0] + dt.timedelta(d) for d in range((days[-1] - days[0]).days + 3)]
    every_day = [d for d in every_day if d.month == days[0].month]
    indices = [
        ("000300.SH", "沪深300", 3500),
        ("801750.SI", "计算机", 4000),
        ("801760.SI", "传媒", 600),
        ("931441.CSI", "AI 50", 1200),
    ]
    stocks = [
        ("300781.SZ", "因赛集团", "传媒"),
        ("002230.SZ", "科大讯飞", "计算机"),
        ("688111.SH", "金山办公", "计算机"),
    ]
    out = {
        "index_prices": _csv(
            folder / f"index_prices_{month}.csv",
            ["日期", "指数代码", "指数名称", "收盘价"],
            [[d, c, n, round(b * (1 + 0.002 * i), 2)] for i, d in enumerate(days) for c, n, b in indices],
        ),
        "stock_prices": _csv(
            folder / f"stock_prices_{month}.csv",
            ["日期", "证券代码", "证券简称", "收盘价", "申万一级行业"],
            [[d, c, n, round(20 + i * 0.1, 2), ind] for i, d in enumerate(days) for c, n, ind in stocks],
        ),
        "capex": _csv(
            folder / "capex_2024Q1.csv",
            ["公司", "季度", "资本开支"],
            [
                [c, "2024Q1", v]
                for c, v in (("微软", 14.0e9), ("Alphabet", 12.0e9), ("亞馬遜", 14.9e9), ("Meta Platforms", 6.7e9))
            ],
        ),
        "announcements": _csv(
            folder / f"announcements_{month}.csv",
            ["公告日期", "证券代码", "公司", "公告内容"],
            [[d, "002230.SZ", "科大訊飛", f"投资者关系活动记录表（{d:%m-%d}）：大模型进展"] for d in days[::4]],
        ),
        "news": _csv(
            folder / f"news_{month}.csv",
            ["发布日期", "标题", "来源", "正文"],
            [[d, f"示例新闻 {i}", "示例网", "示例正文。"] for i, d in enumerate(every_day)],
        ),
        "app_ranks": _csv(
            folder / f"qimai_ai应用_{month}.csv",
            ["日期", "关键词", "应用名称", "开发者", "搜索排名"],
            [[d, "ai应用", a, "示例开发者", r] for d in every_day for r, a in enumerate(("豆包", "Kimi"), 1)],
        ),
    }
    return out


def write_month(folder: Path, month: str) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {f"traffic-{lst}": write_traffic(folder, lst, month) for lst in LAYOUT}
    return out | write_others(folder, month)


def write_registry(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "products.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["product", "company"])
        w.writeheader()
        w.writerows(REGISTRY)
    return path


# What the desk types by hand for each file that needs it (the options before issue 26).
BY_HAND = {
    "traffic-global": {"mapping": LAYOUT["global"][2], "skip_rows": 1},
    "traffic-domestic": {"mapping": LAYOUT["domestic"][2]},
    "traffic-overseas": {"mapping": LAYOUT["overseas"][2]},
    "stock_prices": {"mapping": {"industry": "申万一级行业"}},
}


def ingest_by_hand(root: Path) -> None:
    """Both months ingested the way the desk had to: every option typed for the files that need one."""
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    with Warehouse.open(root / "w.duckdb") as wh:
        ingest_file(wh, "products", write_registry(root / "exports"))
        for month in (PREV, MONTH):
            for key, path in write_month(root / "exports" / month, month).items():
                dataset = key.split("-")[0]
                fill = {"month": month, "list": key.split("-")[1]} if dataset == "traffic" else {}
                ingest_file(wh, dataset, path, fill=fill, **BY_HAND.get(key, {}))


def ingest_as_a_desk(root: Path) -> None:
    """Last month by hand, each file needing options saved as a profile (ingest --save-profile); this
    month's nine files dropped in the inbox and ingested by it, profiles applied."""
    from aimonthly.cycle.config import inbox_config
    from aimonthly.cycle.inbox import process
    from aimonthly.config import load_settings
    from aimonthly.ingest import ingest_file
    from aimonthly.ingest.profiles import profile_from_ingest, save_profile
    from aimonthly.warehouse import Warehouse

    project = root / "aimonthly.toml"
    project.write_text('warehouse = "w.duckdb"\n', encoding="utf-8")
    with Warehouse.open(root / "w.duckdb") as wh:
        ingest_file(wh, "products", write_registry(root / "exports"))
        for key, path in write_month(root / "exports" / PREV, PREV).items():
            dataset = key.split("-")[0]
            fill = {"month": PREV, "list": key.split("-")[1]} if dataset == "traffic" else {}
            options = dict(BY_HAND.get(key, {}))
            options.pop("skip_rows", None)  # the title line is found whatever it holds
            source = SOURCE if dataset == "traffic" else None
            ingest_file(wh, dataset, path, fill=fill, source=source, **options)
            if key in BY_HAND:
                profile = profile_from_ingest(
                    key.replace("traffic-", ""),
                    dataset,
                    path,
                    fill=fill,
                    mapping=options.get("mapping", {}),
                    source=source,
                )
                save_profile(project, profile)
    settings = load_settings({}, env={}, start=root)
    inbox = root / "inbox"
    write_month(inbox, MONTH)
    outcomes = process(root / "w.duckdb", inbox, MONTH, inbox_config(settings.house))
    bad = [o.line() for o in outcomes if o.status not in ("added", "replaced", "unchanged")]
    if bad:
        raise AssertionError("the inbox left files: " + "; ".join(bad))
