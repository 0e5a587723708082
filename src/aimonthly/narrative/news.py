"""News digest text: a dated lead and an extractive summary cut at a sentence boundary.

Nothing is generated: the summary is the item's own body, its leading date taken out (the lead
says the date), cut after the last whole sentence that fits the configured length.
"""

from __future__ import annotations

import datetime as dt
import re

from aimonthly.core import numbers as N

# A sentence ends at 。！？ (with any closing quote or bracket), or at . ! ? followed by a space.
_SENTENCE = re.compile(r"[^。！？!?]*?(?:[。！？]+[”’」』）)]*|[.!?]+[\"')\]]*(?=\s|$)|$)", re.S)
_CLAUSE = "，；：、,;:"


def lead(d: dt.date) -> str:
    """'4 月 15 日消息，'"""
    return f"{d.month} 月 {d.day} 日消息，"


def strip_date(text: str, d: dt.date) -> str:
    """Take the item's own date out of its first sentence: "4 月 15 日，xAI 公布…" -> "xAI 公布…",
    "AMD 于 4 月 30 日发布…" -> "AMD 发布…", "据外媒 4 月 19 日报道" -> "据外媒报道"."""
    date = rf"(?:{d.year}\s*年\s*)?0?{d.month}\s*月\s*0?{d.day}\s*[日号]"
    pattern = re.compile(rf"\s*(?:[于在]\s*)?(?:(?:北京|当地)时间\s*)?{date}(?:\s*消息)?\s*[，,]?\s*")
    first, _, rest = text.partition("。")
    first = re.sub(rf"^\s*{date}\s*的", "在", first)  # "4 月 18 日的大会上，…" -> "在大会上，…"
    first = pattern.sub("", first, count=1)
    return (first + ("。" + rest if _ else "")).strip()


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def cut(text: str, limit: int) -> str:
    """Whole sentences up to ``limit`` characters; a first sentence longer than that is cut at its
    last clause mark within the limit and ends with '……'."""
    out = ""
    for s in sentences(text):
        if len(out) + len(s) > limit:
            break
        out += s + (" " if s[-1] in ".!?\"')" else "")
    out = out.strip()
    if out:
        return out
    head = text[:limit]
    at = max(head.rfind(c) for c in _CLAUSE)
    return (head[:at] if at > limit // 3 else head).rstrip(_CLAUSE + " ") + "……"


def summary(d: dt.date, title: str, body: str, limit: int) -> str:
    """'4 月 15 日消息，' and the cut body (the title, when the item has no body)."""
    text = strip_date(body, d) if body else ""
    text = cut(text, limit) if text else title.rstrip("。") + "。"
    return N.spaced(lead(d) + text)
