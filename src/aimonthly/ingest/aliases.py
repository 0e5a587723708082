"""Header aliases: the names real exports give each canonical column.

Headers are compared after NFKC normalisation, lower-casing and removing spaces and punctuation,
so "Monthly Visits", "monthly_visits" and "月访问量(次)" need no entries of their own beyond
their letters; and read as simplified Chinese (OpenCC, core/chinese.py), so "每月訪問量" is "每月访问量"
and the aliases are written in simplified Chinese only.
"""

from __future__ import annotations

import re
import unicodedata

from aimonthly.core.chinese import to_simplified

ALIASES: dict[str, list[str]] = {
    "month": ["month", "月份", "月", "统计月份", "date month", "period"],
    "list": ["list", "榜单", "ranking list", "market"],
    "product": ["product", "产品", "产品名称", "应用", "工具", "name", "tool", "ai product", "app name"],
    "visits": ["visits", "visit", "monthly visits", "total visits", "访问量", "月访问量", "网站访问量", "visits count"],
    "company": ["company", "公司", "所属公司", "公司名称", "developer company"],
    "category": ["category", "类别", "分类", "细分类别", "细分类", "赛道"],
    "avg_visit_duration": [
        "avg_visit_duration",
        "avg visit duration",
        "visit duration",
        "average visit duration",
        "单次访问时长",
        "平均访问时长",
        "访问时长",
    ],
    "domain": ["domain", "域名", "网址", "website", "url"],
    "unique_visitors": ["unique_visitors", "unique visitors", "uv", "独立访客", "独立访客数"],
    "pages_per_visit": ["pages_per_visit", "pages per visit", "页面/访问", "每次访问页数"],
    "bounce_rate": ["bounce_rate", "bounce rate", "跳出率"],
    "date": ["date", "日期", "trade date", "交易日期", "时间", "公告日期", "发布日期"],
    "keyword": ["keyword", "关键词", "搜索词", "搜寻词"],
    "app": ["app", "应用名称", "app name", "应用"],
    "developer": ["developer", "开发者", "seller", "publisher", "开发商"],
    "rank": ["rank", "search rank", "搜索排名", "搜寻排名", "排名"],
    "overall_rank": ["overall_rank", "overall rank", "总榜排名", "应用游戏总榜"],
    "code": ["code", "代码", "股票代码", "证券代码", "指数代码", "ticker", "symbol"],
    "name": ["name", "名称", "简称", "证券简称", "指数名称"],
    "close": ["close", "收盘价", "收盘", "close price", "adj close", "复权收盘价"],
    "industry": ["industry", "行业", "所属行业", "sector"],
    "quarter": ["quarter", "季度", "报告期", "fiscal quarter"],
    "capex": ["capex", "资本开支", "资本支出", "capital expenditure", "capital expenditures"],
    "guidance_low": ["guidance_low", "guidance low", "指引下限"],
    "guidance_high": ["guidance_high", "guidance high", "指引上限"],
    "content": ["content", "内容", "公告内容", "summary", "摘要"],
    "region": ["region", "地区", "区域"],
    "title": ["title", "标题", "headline"],
    "body": ["body", "正文", "内容摘要", "text", "description"],
    "source": ["source", "来源", "媒体", "publisher name"],
    "url": ["url", "link", "链接", "网址链接"],
    "synthetic": ["synthetic", "合成", "合成数据"],
    # the product registry (products, product_stocks)
    "aliases": ["aliases", "alias", "别名", "其他名称", "other names", "spellings"],
    "launched": ["launched", "launch date", "上线时间", "上线日期", "发布时间"],
    "note": ["note", "notes", "备注", "说明"],
    "description": ["description", "描述", "简介", "产品简介", "产品介绍"],
    "override": ["override", "以登记为准", "覆盖"],
    "relation": ["relation", "关系", "关联关系", "relationship"],
    "weight": ["weight", "权重"],
    # the adoption scorecard
    "subject": ["subject", "标的", "公司", "评分对象", "company or product"],
    "criterion": ["criterion", "criteria", "维度", "评分维度", "指标"],
    "score": ["score", "评分", "得分", "分数"],
    "as_of": ["as_of", "as of", "评分日期", "日期", "date"],
}


def normalize_header(header: object) -> str:
    s = to_simplified(unicodedata.normalize("NFKC", str(header or ""))).lower()
    s = re.sub(r"[（(][^)）]*[)）]", "", s)  # units in brackets: "访问量(次)"
    return re.sub(r"[\s_\-./:：·、]+", "", s)


def lookup(columns: list[str]) -> dict[str, list[str]]:
    """For each normalised alias, the canonical names it may mean (among ``columns``).

    A header that is a column's own name means that column first ("name" in product_stocks is the
    stock's name, not the alias of ``product`` it is in other formats)."""
    table: dict[str, list[str]] = {}
    for canonical in columns:
        for alias in [canonical, *ALIASES.get(canonical, [])]:
            names = table.setdefault(normalize_header(alias), [])
            if canonical in names:
                continue
            if alias == canonical:
                names.insert(0, canonical)
            else:
                names.append(canonical)
    return table
