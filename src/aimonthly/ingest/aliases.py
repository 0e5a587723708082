"""Header aliases: the names real exports give each canonical column.

Headers are compared after NFKC normalisation, lower-casing and removing spaces and punctuation,
so "Monthly Visits", "monthly_visits" and "月访问量(次)" need no entries of their own beyond
their letters.
"""

from __future__ import annotations

import re
import unicodedata

ALIASES: dict[str, list[str]] = {
    "month": ["month", "月份", "月", "统计月份", "統計月份", "date month", "period"],
    "list": ["list", "榜单", "榜單", "ranking list", "market"],
    "product": [
        "product",
        "产品",
        "產品",
        "产品名称",
        "產品名稱",
        "应用",
        "應用",
        "工具",
        "name",
        "tool",
        "ai product",
        "app name",
    ],
    "visits": [
        "visits",
        "visit",
        "monthly visits",
        "total visits",
        "访问量",
        "訪問量",
        "月访问量",
        "月訪問量",
        "网站访问量",
        "visits count",
    ],
    "company": ["company", "公司", "所属公司", "所屬公司", "公司名称", "公司名稱", "developer company"],
    "category": ["category", "类别", "類別", "分类", "分類", "细分类别", "細分類別", "细分类", "賽道", "赛道"],
    "avg_visit_duration": [
        "avg_visit_duration",
        "avg visit duration",
        "visit duration",
        "average visit duration",
        "单次访问时长",
        "單次訪問時長",
        "平均访问时长",
        "平均訪問時長",
        "访问时长",
        "訪問時長",
    ],
    "domain": ["domain", "域名", "网址", "網址", "website", "url"],
    "unique_visitors": ["unique_visitors", "unique visitors", "uv", "独立访客", "獨立訪客", "独立访客数"],
    "pages_per_visit": ["pages_per_visit", "pages per visit", "页面/访问", "每次访问页数", "每次訪問頁數"],
    "bounce_rate": ["bounce_rate", "bounce rate", "跳出率"],
    "date": ["date", "日期", "trade date", "交易日期", "时间", "時間", "公告日期", "发布日期", "發佈日期"],
    "keyword": ["keyword", "关键词", "關鍵詞", "搜索词", "搜尋詞"],
    "app": ["app", "应用名称", "應用名稱", "app name", "应用", "應用"],
    "developer": ["developer", "开发者", "開發者", "seller", "publisher", "开发商", "開發商"],
    "rank": ["rank", "search rank", "搜索排名", "搜尋排名", "排名"],
    "overall_rank": ["overall_rank", "overall rank", "总榜排名", "總榜排名", "应用游戏总榜", "應用遊戲總榜"],
    "code": [
        "code",
        "代码",
        "代碼",
        "股票代码",
        "股票代碼",
        "证券代码",
        "證券代碼",
        "指数代码",
        "指數代碼",
        "ticker",
        "symbol",
    ],
    "name": ["name", "名称", "名稱", "简称", "簡稱", "证券简称", "證券簡稱", "指数名称", "指數名稱"],
    "close": ["close", "收盘价", "收盤價", "收盘", "收盤", "close price", "adj close", "复权收盘价", "復權收盤價"],
    "industry": ["industry", "行业", "行業", "所属行业", "所屬行業", "sector"],
    "quarter": ["quarter", "季度", "报告期", "報告期", "fiscal quarter"],
    "capex": ["capex", "资本开支", "資本開支", "资本支出", "資本支出", "capital expenditure", "capital expenditures"],
    "guidance_low": ["guidance_low", "guidance low", "指引下限"],
    "guidance_high": ["guidance_high", "guidance high", "指引上限"],
    "content": ["content", "内容", "內容", "公告内容", "公告內容", "summary", "摘要"],
    "region": ["region", "地区", "地區", "区域", "區域"],
    "title": ["title", "标题", "標題", "headline"],
    "body": ["body", "正文", "内容摘要", "text", "description"],
    "source": ["source", "来源", "來源", "媒体", "媒體", "publisher name"],
    "url": ["url", "link", "链接", "鏈接", "網址链接"],
    "synthetic": ["synthetic", "合成", "合成数据"],
    # the product registry (products, product_stocks)
    "aliases": ["aliases", "alias", "别名", "別名", "其他名称", "其他名稱", "other names", "spellings"],
    "launched": ["launched", "launch date", "上线时间", "上線時間", "上线日期", "上線日期", "发布时间", "發佈時間"],
    "note": ["note", "notes", "备注", "備註", "说明", "說明"],
    "description": ["description", "描述", "简介", "簡介", "产品简介", "產品簡介", "产品介绍", "產品介紹"],
    "override": ["override", "以登记为准", "以登記為準", "覆盖", "覆蓋"],
    "relation": ["relation", "关系", "關係", "关联关系", "關聯關係", "relationship"],
    "weight": ["weight", "权重", "權重"],
    # the adoption scorecard
    "subject": ["subject", "标的", "標的", "公司", "评分对象", "評分對象", "company or product"],
    "criterion": ["criterion", "criteria", "维度", "維度", "评分维度", "評分維度", "指标", "指標"],
    "score": ["score", "评分", "評分", "得分", "分数", "分數"],
    "as_of": ["as_of", "as of", "评分日期", "評分日期", "日期", "date"],
}


def normalize_header(header: object) -> str:
    s = unicodedata.normalize("NFKC", str(header or "")).lower()
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
