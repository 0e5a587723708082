"""What the model is asked, in the house's words. Each prompt hands the model its sources and tells it
to use nothing else; the guard then checks that it did (the prompt is a request, the guard a proof)."""

from __future__ import annotations

import datetime as dt
import re

from aimonthly.core.house.draft import DraftSettings

SYSTEM = (
    "你是证券研究所的行业分析师助理，为中文 AI 行业月报起草文字。只使用用户给出的资料；不得写资料中没有的"
    "数字、日期、版本号、产品名或公司名；不评论、不预测、不加标题或引号；用简体中文书面语。"
)


def _messages(user: str) -> list[dict]:
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def news_summary(date: dt.date, title: str, body: str, conf: DraftSettings) -> list[dict]:
    lead = f"{date.month} 月 {date.day} 日消息，"
    return _messages(
        f"请为下面这条新闻写一段摘要，{conf.summary_min_chars}–{conf.summary_max_chars} 字，以“{lead}”开头，"
        f"只写标题和正文里的事实，只输出摘要本身。\n\n日期：{date.isoformat()}\n标题：{title}\n正文：{body or '（无正文）'}"
    )


def product_line(product: str, sources: dict[str, str], conf: DraftSettings) -> list[dict]:
    material = "\n".join(f"{k}：{v}" for k, v in sources.items())
    return _messages(
        f"请用一句话（不超过 {conf.line_max_chars} 字）说明 {product} 是什么产品：由谁推出、主要做什么。"
        f"只输出这一句。\n\n资料：\n{material}"
    )


def cover_titles(digest: str, conf: DraftSettings) -> list[dict]:
    return _messages(
        f"下面是本月 AI 行业月报的数据要点。请拟 {conf.titles} 个报告封面标题，每个不超过 {conf.title_max_chars} 字，"
        f"概括本月最重要的变化；每行一个，不加编号；数字和名称只能取自要点。\n\n要点：\n{digest}"
    )


_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}\s*[.、)）:：](?!\d)|[（(]\d{1,2}[)）])\s*")
_QUOTES = "“”\"'「」《》"


def title_lines(answer: str, n: int) -> list[str]:
    """The first ``n`` titles of an answer: one a line, list marks and enclosing quotes taken off
    (the answer's layout, not its words)."""
    out = []
    for line in answer.splitlines():
        line = _BULLET.sub("", line).strip().strip(_QUOTES).strip()
        if line:
            out.append(line)
    return out[:n]
