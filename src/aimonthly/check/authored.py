"""The authored-text rule: a paragraph of the month's Markdown that names a product absent from this
month's data, or states a figure that is none of this month's facts (text carried over by
``aimonthly new`` is the usual cause). Figures are read by narrative.figures and matched at the
precision the text gives them; numbers inside names, versions and dates are no figures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, TypeVar

from markdown_it import MarkdownIt

from aimonthly.analytics.traffic_rows import LISTS, TrafficSlice, identity
from aimonthly.check.findings import Finding
from aimonthly.core.folding import NameScanner, fold_name
from aimonthly.core.product_names import normalise_name
from aimonthly.narrative.figures import FactIndex, figures

_DIRECTIVE = re.compile(r"^\{\{.*\}\}$")
T = TypeVar("T")


def paragraphs(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each authored paragraph and list item of the month's file; blocks and headings aside."""
    from aimonthly.content.month import split_front_matter

    text = Path(path).read_text(encoding="utf-8-sig")
    _, body, offset = split_front_matter(text, Path(path))
    out = []
    for tok in MarkdownIt("commonmark").parse(body):
        if tok.type == "inline" and tok.map and not _DIRECTIVE.match(tok.content.strip()):
            content = re.sub(r"\*\*|__", "", tok.content).strip()
            if content and not content.startswith("#"):
                out.append((tok.map[0] + 1 + offset, content))
    return out


def find_names(text: str, names: Mapping[str, T]) -> list[tuple[str, T]]:
    """(name as folded, its value) for each name found in ``text`` (names folded by ``fold_name``): the
    longest at each place, Latin names as whole words."""
    return [(n, names[n]) for _, _, n in NameScanner(names).scan(fold_name(text))]


def names_in_rows(sl: TrafficSlice) -> dict[str, tuple]:
    """Folded name -> product, for every name seen or registered for the products ranked either month."""
    names: dict[str, tuple] = {}
    for rows in sl.ranked.values():
        for r in rows:
            for n in sl.spellings.get(identity(r), {r["raw"]}) | {r["product"]}:
                key = fold_name(n)
                if len(key) >= 2 and normalise_name(n):
                    names.setdefault(key, identity(r))
    return names


def authored_findings(
    path: Path | None, facts: dict, names: dict[str, tuple], sl: TrafficSlice | None, month_rows: list[dict]
) -> list[Finding]:
    """``month_rows``: this month's rows (any list) under the spellings of ``names``' products."""
    if path is None or not Path(path).is_file():
        return []
    index = FactIndex(facts)
    month = facts.get("month", "")
    present = {identity(r) for r in month_rows}
    if sl is not None:
        present |= {identity(r) for lst in LISTS for r in sl.ranked.get((sl.month, lst), [])}
    out = []
    for line, text in paragraphs(path):
        named: dict[tuple, str] = {}
        for key, ident in find_names(text, names):
            if ident not in present:
                named.setdefault(ident, key)
        for ident, key in named.items():
            shown = ident[1] if ident[0] == "p" else key
            out.append(
                Finding(
                    "authored_text",
                    "warning",
                    "content",
                    None,
                    shown,
                    f"line {line} names {shown}, which has no row in {month}'s data: is the paragraph "
                    f"last month's? Update it, or remove the name",
                    {"line": line, "file": str(path), "text": text[:60]},
                )
            )
        for fig in figures(text):
            if not index.matches(fig):
                out.append(
                    Finding(
                        "authored_text",
                        "warning",
                        "content",
                        None,
                        None,
                        f"line {line} states {fig.text.strip()}, which is none of {month}'s figures "
                        f"(as the report rounds them): update the number, or say where it comes from",
                        {"line": line, "file": str(path), "figure": fig.text.strip(), "value": fig.value},
                    )
                )
    return out
