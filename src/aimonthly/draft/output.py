"""The draft file (content/MONTH.draft.md) and the ``--json`` record.

The file is for the analyst to read and copy from; the report never reads it. Kept drafts are
printed as drafted; an item whose draft was not kept shows the extractive summary the report prints,
and why. Text from data (news titles, product names) is escaped so that it stays text in Markdown.
"""

from __future__ import annotations

import json
import re

import yaml

from aimonthly.core.safe import printable
from aimonthly.draft.run import DraftResult, Outcome
from aimonthly.draft.tasks import LIST_NAMES

SECTION_TITLES = {"overseas": "海外大模型及 AI 应用进展", "domestic": "国内 AI 相关公司新闻与公告"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md_text(text: str) -> str:
    """Text from data, as Markdown that shows it and does nothing else (one line, specials escaped)."""
    return _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", printable(str(text))).strip())


def _why(o: Outcome) -> str:
    reasons = list(o.problems)
    for v in o.verdicts:
        reasons += [r for r in v.reasons if r not in reasons]
    return "; ".join(reasons[:4]) + ("; …" if len(reasons) > 4 else "")


def draft_markdown(result: DraftResult, content_file: str) -> str:
    month = result.month
    out = [
        f"<!-- Drafted by `aimonthly draft {month}` with {md_text(result.model)} at {md_text(result.endpoint)}.",
        "     Every number and name below traces to a fact of the month, the registry or the item's own text",
        "     (docs/draft.md); the words are the model's: read them before use. The report never reads this file:",
        f"     move what you keep into {content_file}. -->",
        "",
        f"# {month} 草稿",
        "",
    ]
    cover = result.of("cover")
    out += ["## 封面标题（建议）", ""]
    if cover and cover[0].kept:
        out += [f"- {t}" for t in cover[0].kept]
    else:
        out.append(f"（无：{md_text(_why(cover[0])) if cover else 'not asked'}）")
    out += [
        "",
        "## 新闻摘要",
        "",
        "Each kept summary can replace the extractive one in the report: paste the YAML at the end of this file "
        f"into the front matter of {content_file}. An item without a kept draft shows the extractive summary "
        "the report prints, and why the draft was not kept.",
        "",
    ]
    for region, title in SECTION_TITLES.items():
        items = [o for o in result.of("news") if o.task.region == region]
        if not items:
            continue
        out += [f"### {title}", ""]
        for o in items:
            item = o.task.item
            assert item is not None
            status = "draft, kept" if o.kept else f"extractive (draft not kept: {md_text(_why(o))})"
            out += [
                f"#### {md_text(item.title)}",
                "",
                f"`{item.id}` · {status}",
                "",
                o.kept[0] if o.kept else md_text(o.task.fallback or ""),
                "",
            ]
    products = result.of("product")
    out += [
        "## 产品说明",
        "",
        "One line on each product of the growth exhibits that the registry does not describe: put the ones you keep "
        "in the registry's `description` column (docs/registry.md), or in the month's text.",
        "",
    ]
    for o in products:
        where = "、".join(LIST_NAMES.get(lst, lst) for lst in o.task.lists)
        line = o.kept[0] if o.kept else f"（draft not kept: {md_text(_why(o))}）"
        out.append(f"- **{md_text(o.task.label)}**（{where}）：{line}")
    if not products:
        out.append("（every product of the growth exhibits has a registry description）")
    kept = {o.task.item.id: o.kept[0] for o in result.of("news") if o.kept and o.task.item}
    if kept:
        snippet = yaml.safe_dump({"news": {"summary": kept}}, allow_unicode=True, sort_keys=False, width=4096)
        out += [
            "",
            "## Front matter",
            "",
            f"Under `news:` in {content_file} (merge with its pin/drop keys):",
            "",
            "```yaml",
            snippet.rstrip(),
            "```",
        ]
    return "\n".join(out).rstrip() + "\n"


def draft_json(result: DraftResult) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
