"""The data pack's column headings: the Chinese a reader sees above the facts.json key a machine reads.

Each exhibit sheet has two heading rows: row 3 in Chinese (this table), row 4 the key as facts.json
and the document's data name it (hidden: a program finds its columns there, e.g. by
``[c.value for c in ws[KEY_ROW]]``). A column that is data (an app's name in the rank chart's table, a
stock code) has no entry and shows as it is.
"""

from __future__ import annotations

HEADINGS: dict[str, str] = {
    "rank": "排名",
    "product": "产品",
    "products": "产品",
    "company": "公司",
    "category": "分类",
    "visits": "访问量（次）",
    "prev": "上月访问量（次）",
    "mom": "环比",
    "share": "占比",
    "minutes": "平均访问时长（分钟）",
    "date": "日期",
    "month": "月份",
    "quarter": "季度",
    "list": "榜单",
    "app": "应用",
    "developer": "开发者",
    "best_rank": "最高排名",
    "current_rank": "当前排名",
    "overall_rank": "总榜排名",
    "baseline_rank": "基期排名",
    "first_seen": "首次上榜",
    "rise": "排名上升",
    "best_date": "最高排名日期",
    "entry_month": "入选月份",
    "code": "代码",
    "name": "名称",
    "relation": "关系",
    "weight": "权重",
    "return": "涨跌幅",
    "excess": "超额收益",
    "return_since_entry": "入选以来涨跌幅",
    "reason": "原因",
    "change": "变化",
    "close": "收盘价",
    "side": "方向",
    "id": "编号",
    "content": "内容",
    "subject": "标的",
    "tech_route": "技术路线",
    "customer": "客户类型",
    "productisation": "产品化程度",
    "competition": "竞争格局",
    "revenue_mix": "收入结构",
    "tolerance": "场景容错度",
    "composite": "综合得分",
    "previous": "上期得分",
    "as_of": "评分日期",
    "previous_as_of": "上期评分日期",
    "missing": "缺项",
    "capex_usd": "资本开支（美元）",
    "status": "状态",
    "group": "分组",
    "source": "来源",
    "title": "标题",
    "region": "地区",
    "region_inferred": "推断地区",
    "region_rule": "地区规则",
    "score": "得分",
    "pinned": "置顶",
    "url": "链接",
    "body": "正文",
}


def heading(key: str) -> str:
    """The Chinese heading of a data column (the key itself when it is data, e.g. an app's name)."""
    return HEADINGS.get(key, key)
