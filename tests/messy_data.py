"""A messy vendor data set, generated (not the demo), with known glitches planted (issue 11).

Two months, 2022-09 and 2022-10:
- global: an export as a real Top-N tool export looks: traditional-Chinese headers, visits with
  K/M/B units, no company column, multi-label English tags, no month or list column (given at
  ingest). In 2022-10 a listing "AI Clips - New Gen" sits at #1 with 8× the visits of #2 and no
  previous month (a vendor glitch); "Kimi Chat" is now "Kimi" (the registry has the alias);
  "Delta Write" is listed twice, once as "Delta Writer" (an alias); "Zeta Voice" (#6 last month) is
  gone; one product carries a tag no taxonomy rule maps ("Quantum Horoscope").
- domestic: 2022-10's export is 2022-09's sent again (every visit unchanged).
- the registry covers every name but the glitch; the authored paragraph of 2022-10 is 2022-09's,
  copied by `aimonthly new` (it names "Omega Slides", gone in 2022-10, and a 2022-09 figure).

Everything the tests assert is computed from these rows independently (pandas, plain dicts).
"""

from __future__ import annotations

import csv
from pathlib import Path

PREV, MONTH = "2022-09", "2022-10"
GLITCH = "AI Clips - New Gen"

# product -> (tags, company, category for the registry)
TAGS = {
    "Alpha Chat": "AI Chatbot, Large Language Models (LLMs)",
    "Beta Search": "AI Search Engine",
    "Kimi": "AI Chatbot；AI Assistant",
    "Delta Write": "AI Writing Assistant, Copywriting",
    "Epsilon Art": "AI Image Generator、AI Art",
    "Zeta Voice": "AI Voice, Text to Speech",
    "Eta Tune": "AI Music Generator",
    "Theta Clip": "AI Video Editing | AI Short Clips Generator",
    "Iota Star": "Quantum Horoscope",
    "Omega Slides": "AI Presentation, AI Design Tool",
    GLITCH: "AI Short Clips Generator, AI Video Editing",
}
COMPANY = {
    "Alpha Chat": "Alpha Labs",
    "Beta Search": "Beta Inc",
    "Kimi": "月之暗面",
    "Delta Write": "Delta Co",
    "Epsilon Art": "Epsilon AI",
    "Zeta Voice": "Zeta Audio",
    "Eta Tune": "Eta Music",
    "Theta Clip": "Theta Media",
    "Iota Star": "Iota Ltd",
    "Omega Slides": "Omega Office",
}
# The house category each product's tags map to under the default taxonomy, written out by hand.
HOUSE = {
    "Alpha Chat": "聊天机器人",
    "Beta Search": "智慧搜索",
    "Kimi": "聊天机器人",
    "Delta Write": "写作与文本",
    "Epsilon Art": "图片图像",
    "Zeta Voice": "语音",
    "Eta Tune": "音乐",
    "Theta Clip": "视频",
    "Iota Star": "其他",
    "Omega Slides": "设计工具",
    GLITCH: "视频",
}
FILLERS = [f"Filler {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]  # plain chatbots and search tools

# global visits: (prev, current); None = no row that month
GLOBAL = {
    "Alpha Chat": (3_500_000_000, 3_800_000_000),
    "Beta Search": (1_050_000_000, 1_000_000_000),
    "Kimi": (200_000_000, 260_000_000),  # 2022-09 listed as "Kimi Chat"
    "Delta Write": (90_000_000, 60_000_000),
    "Epsilon Art": (80_000_000, 84_000_000),
    "Zeta Voice": (70_000_000, None),  # gone in 2022-10
    "Eta Tune": (30_000_000, 27_000_000),
    "Theta Clip": (28_000_000, 33_600_000),
    "Iota Star": (25_000_000, 26_000_000),
    "Omega Slides": (9_000_000, None),  # 2022-09 only, below the Top 20
}
DUPLICATE = ("Delta Writer", 35_000_000)  # 2022-10: the same product listed again under an alias
RENAMED_FROM = "Kimi Chat"


def filler_visits(i: int, month: str) -> int:
    base = 60_000_000 - i * 1_900_000
    return base if month == PREV else int(base * (1.02 + (i % 5) * 0.01))


def global_rows(month: str) -> list[tuple[str, int, str]]:
    """(product as the export prints it, visits, tags)."""
    i = 0 if month == PREV else 1
    rows = [(RENAMED_FROM if p == "Kimi" and month == PREV else p, v[i], TAGS[p]) for p, v in GLOBAL.items() if v[i]]
    rows += [(f, filler_visits(k, month), "AI Chatbot" if k % 2 else "AI Search Engine") for k, f in enumerate(FILLERS)]
    if month == MONTH:
        rows.append((DUPLICATE[0], DUPLICATE[1], TAGS["Delta Write"]))
        rows.append((GLITCH, 8 * GLOBAL["Alpha Chat"][1], TAGS[GLITCH]))
    return rows


def kmb(n: int) -> str:
    """The vendor's units: 3.8B, 250M, 950K (exact: every figure here has few significant digits)."""
    for unit, size in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size and (n * 1000) % size == 0:
            return f"{n / size:g}{unit}"
    return str(n)


DOMESTIC = [
    (f"国产助手{i:02d}", 30_000_000 - i * 1_000_000, f"公司{i % 4}", "个人聊天与助手" if i % 2 else "智慧搜索")
    for i in range(20)
]


def write_exports(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for month in (PREV, MONTH):
        p = folder / f"global-{month}.csv"
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["排名", "產品名稱", "訪問量", "類別"])  # no company, no month, no list
            for rank, (name, visits, tags) in enumerate(sorted(global_rows(month), key=lambda r: -r[1]), 1):
                w.writerow([rank, name, kmb(visits), tags])
        out[f"global-{month}"] = p
        p = folder / f"domestic-{month}.csv"  # 2022-10: the same rows again (the re-sent export)
        with open(p, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["month", "list", "product", "company", "category", "visits"])
            for name, visits, company, cat in DOMESTIC:
                w.writerow([month, "domestic", name, company, cat, visits])
        out[f"domestic-{month}"] = p
    p = folder / "domestic-fixed.csv"  # the corrected 2022-10 export: every product up 5%
    with open(p, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["month", "list", "product", "company", "category", "visits"])
        for name, visits, company, cat in DOMESTIC:
            w.writerow([MONTH, "domestic", name, company, cat, int(visits * 1.05)])
    out["domestic-fixed"] = p
    reg = folder / "products.yaml"
    lines = []
    for product in [*GLOBAL, *FILLERS]:
        company = COMPANY.get(product, "Filler Group")
        aliases = {"Kimi": [RENAMED_FROM], "Delta Write": [DUPLICATE[0]]}.get(product)
        entry = f"- {{product: {product}, company: {company}"
        entry += f", aliases: [{', '.join(aliases)}]" if aliases else ""
        lines.append(entry + "}")
    lines += [f"- {{product: {name}, company: {company}, category: {cat}}}" for name, _, company, cat in DOMESTIC]
    reg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out["products"] = reg
    return out


FRONT = """---
title: 测试月报
sector: 信息技术产业行业研究
rating: 买入
report_type: 行业月报
date: {date}
data_date: {data_date}
analysts:
  - {{name: 测试, licence: S0000000000000, email: t@example.com}}
---

# 投资逻辑 {{.cover}}

应用侧维持增长。

# AI 应用月度数据跟踪

## 全球市场 AI 应用情况

{{{{ traffic.global.overview }}}}

{{{{ traffic.global.top_visits }}}}

{{{{ traffic.global.growth }}}}

Omega Slides 本月访问量环比增长 35.70%，在演示文稿类工具中增速居前。

{{{{ traffic.global.top_growth }}}}

{{{{ traffic.global.categories }}}}

{{{{ traffic.global.category_share }}}}

## 国内市场 AI 应用情况

{{{{ traffic.domestic.overview }}}}

{{{{ traffic.domestic.top_visits }}}}
"""
AUTHORED_LINE = 27  # the Omega Slides paragraph's line in the file


def write_prev_content(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"{PREV}.md"
    p.write_text(FRONT.format(date="2022-10-10", data_date="2022-09-30"), encoding="utf-8")
    return p
