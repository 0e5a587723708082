"""What a month's draft asks for, each with the sources its sentences may draw on:

- each printed news item (both digests): a summary from its own title and body, and nothing else
  (its numbers are matched against that item alone, not the month's facts);
- each product of the growth exhibits that the registry does not describe: one line, from its
  registry row, its rows of the month (facts under its own rows only) and the news items naming it;
- the cover: title suggestions from a digest of the month's facts (any fact of the month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from aimonthly.analytics.news import REGIONS, NewsFacts, NewsItem, find_terms
from aimonthly.core.house import HouseSettings
from aimonthly.draft import prompts
from aimonthly.draft.guard import Source
from aimonthly.narrative import news as news_text
from aimonthly.core import numbers as N
from aimonthly.narrative.figures import FactIndex

LIST_NAMES = {"global": "全球榜", "domestic": "国内榜", "overseas": "出海榜"}
MENTIONS = 2  # news items given with a product, at most


@dataclass
class Task:
    kind: Literal["news", "product", "cover"]
    key: str  # "news/n-c7366b17", "product/Suno", "cover"
    label: str  # the item's title, the product's name
    messages: list[dict]
    source: Source
    region: str | None = None
    item: NewsItem | None = None
    fallback: str | None = None  # news: the extractive summary the digest prints without a draft
    lists: tuple[str, ...] = ()  # product: the growth exhibits it is in


def news_tasks(news: NewsFacts | None, house: HouseSettings) -> list[Task]:
    out: list[Task] = []
    if news is None:
        return out
    for region in REGIONS:
        for i in news.printed.get(region, []):
            src = Source({"title": i.title, "body": i.body}, {"item date": i.date.isoformat()}, opening=i.date)
            out.append(
                Task(
                    "news",
                    f"news/{i.id}",
                    i.title,
                    prompts.news_summary(i.date, i.title, i.body, house.draft),
                    src,
                    region,
                    i,
                    news_text.summary(i.date, i.title, i.body, news.summary_chars),
                )
            )
    return out


def rows_of(facts: Any, product: str, path: str = "") -> list[str]:
    """The paths of every row of ``facts.to_dict()`` that is ``product``'s ("traffic.global.top_growth[2]")."""
    out = []
    if isinstance(facts, dict):
        if facts.get("product") == product:
            out.append(path)
        for k, v in facts.items():
            out += rows_of(v, product, f"{path}.{k}" if path else str(k))
    elif isinstance(facts, list):
        for i, v in enumerate(facts):
            out += rows_of(v, product, f"{path}[{i}]")
    return out


def _registry_text(row: Any) -> str:
    parts = [row.product]
    for label, value in (
        ("别名", "、".join(row.aliases)),
        ("公司", row.company),
        ("类别", row.category),
        ("域名", row.domain),
        ("上线", row.launched),
        ("备注", row.note),
    ):
        if value:
            parts.append(f"{label}：{value}")
    return "；".join(str(p) for p in parts)


def product_tasks(
    traffic: Any,
    facts: dict,
    registry: Any,
    news: NewsFacts | None,
    house: HouseSettings,
    lists: tuple[str, ...],
    index: FactIndex,
) -> list[Task]:
    """One task per product of the growth exhibits of ``lists`` without a registry description."""
    seen: dict[str, Task] = {}
    for lst in lists:
        lf = traffic.lists.get(lst) if traffic is not None else None
        if lf is None:
            continue
        for r in lf.top_growth:
            product = r["product"]
            if product in seen:
                seen[product].lists += (lst,)
                continue
            row = registry.get(product) if registry is not None else None
            if row is not None and row.description:
                continue
            texts: dict[str, str] = {}
            if row is not None:
                texts["registry"] = _registry_text(row)
            growth = N.change(r.get("mom"), 2)
            texts["data"] = (
                f"{product}，{LIST_NAMES.get(lst, lst)} {N.month_cn(lf.month)} 访问量 {N.visits(r['visits'])}，"
                f"{growth}，增速第 {r['rank']} 位" + (f"，类别：{r['category']}" if r.get("category") else "")
            )
            spellings = sorted(registry.spellings([product])[product]) if registry is not None else [product]
            every = [i for region in REGIONS for i in (news.items.get(region, []) if news else [])]
            named = [i for i in every if find_terms(spellings, f"{i.title} {i.body}")][:MENTIONS]
            for i in named:
                texts[f"news {i.id}"] = f"{i.date.isoformat()} {i.title}。{i.body}"
            dates = {f"news {i.id} date": i.date.isoformat() for i in named}
            src = Source(texts, dates, index, tuple(rows_of(facts, product)))
            seen[product] = Task(
                "product",
                f"product/{product}",
                product,
                prompts.product_line(product, texts, house.draft),
                src,
                lists=(lst,),
            )
    return list(seen.values())


def cover_digest(facts: dict, news: NewsFacts | None) -> str:
    """The month's headline facts in a few Chinese lines: what the cover titles may draw on."""
    lines = [f"数据月份：{N.month_cn(facts['month'])}"]
    for lst, lf in (facts.get("traffic") or {}).items():
        name = LIST_NAMES.get(lst, lst)
        if lf.get("top_visits"):
            top = lf["top_visits"][0]
            lines.append(f"{name}访问量第一：{top['product']}，{N.visits(top['visits'])}")
        if lf.get("top_growth"):
            g = lf["top_growth"][0]
            lines.append(f"{name}增速第一：{g['product']}，{N.change(g.get('mom'), 2)}")
        if lf.get("top20_total_mom") is not None:
            lines.append(f"{name} Top{lf.get('top_n', 20)} 访问量合计{N.change(lf['top20_total_mom'])}")
        if lf.get("n_visits_over_100m") is not None:
            lines.append(f"{name}月访问量过亿的产品 {lf['n_visits_over_100m']} 款")
    capex = facts.get("capex") or {}
    if capex.get("total") is not None:
        lines.append(
            f"海外云厂商 {capex.get('quarter')} 资本开支合计 {N.yi(capex['total'])} 亿美元，"
            f"{N.change(capex.get('total_yoy'), word='同比')}"
        )
    for ix in (facts.get("market") or {}).get("indices", []):
        if ix.get("return") is not None:
            lines.append(f"{ix['label']}区间{'上涨' if ix['return'] >= 0 else '下跌'} {N.pct_abs(ix['return'])}")
    if news is not None:
        titles = [i.title for region in REGIONS for i in news.printed.get(region, [])][:8]
        lines += [f"新闻：{t}" for t in titles]
    return "\n".join(N.spaced(line) for line in lines)


def cover_task(facts: dict, news: NewsFacts | None, house: HouseSettings, index: FactIndex) -> Task:
    digest = cover_digest(facts, news)
    month_start = dt.date.fromisoformat(facts["month"] + "-01")
    return Task(
        "cover",
        "cover",
        "封面标题",
        prompts.cover_titles(digest, house.draft),
        Source({"digest": digest}, {"month": month_start.isoformat()[:7]}, index),
    )
