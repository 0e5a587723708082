"""The picks rule: a company the month's authored text recommends ("建议关注 …") that ranks in the adoption
scorecard's bottom half, or that the scorecard does not score, is a warning (docs/check.md#picks).

A 建议关注 clause runs to the end of its sentence (。；！？). When it is a plain list of names (separated
by 、，, 与, 和, 及, 以及; none of them a phrase with 的), every name counts, known or not; otherwise
(建议关注新游戏储备充足的神州泰岳与吉比特) only the companies the data knows that it names: the
scorecard's subjects and the stocks of product_stocks and stock_prices.
"""

from __future__ import annotations

import re
from pathlib import Path

from aimonthly.check.authored import find_names, paragraphs
from aimonthly.check.findings import Finding
from aimonthly.core.folding import fold_name

PICK = re.compile(r"建议关注[：:\s]*(?P<names>[^。；;！!？?\n]+)")
SEPARATORS = re.compile(r"[、，,]|以及|及|和|与")
_TRIM = " \t　\"'“”‘’「」《》()（）"


def _name_like(item: str) -> bool:
    return 2 <= len(item) <= 12 and "的" not in item and " " not in item


def _items(clause: str) -> list[str]:
    items = [i.strip(_TRIM).removesuffix("等").strip(_TRIM) for i in SEPARATORS.split(clause.strip())]
    return [i for i in items if i]


def plain_lists(text: str) -> bool:
    """Whether every 建议关注 clause of ``text`` is a plain list of names."""
    return all((items := _items(m["names"])) and all(map(_name_like, items)) for m in PICK.finditer(text))


def pick_names(text: str, known: dict[str, str] | None = None) -> list[str]:
    """The names the 建议关注 clauses of ``text`` recommend, in order; ``known``: folded name -> name."""
    out: list[str] = []
    for m in PICK.finditer(text):
        items = _items(m["names"])
        if items and all(map(_name_like, items)):
            out += items
        elif known:
            out += [name for _, name in find_names(m["names"], known)]
    return list(dict.fromkeys(out))


def _known(con, scorecard) -> dict[str, str]:
    """Folded name -> name of every company the data knows (for clauses that are no plain list)."""
    names = {s["name"] for s in scorecard.subjects}
    for table in ("product_stocks", "stock_prices"):
        try:
            t = con.table(table)
        except Exception:  # a warehouse from before the registry; backends differ in the error
            continue
        names |= {r["name"] for r in t.select("name").distinct().to_pyarrow().to_pylist() if r["name"]}
    return {fold_name(n): n for n in names if len(fold_name(n)) >= 2}


def pick_findings(con, content_path: Path | None, facts) -> list[Finding]:
    scorecard = facts.sections.get("scorecard")
    if content_path is None or not Path(content_path).is_file() or scorecard is None:
        return []
    found: dict[str, int] = {}  # name -> the first line that recommends it
    plain = [(line, t) for line, t in paragraphs(Path(content_path)) if "建议关注" in t]
    known: dict[str, str] | None = None
    for line, t in plain:
        if not plain_lists(t) and known is None:  # names inside phrases: only those the data knows
            known = _known(con, scorecard)
        for n in pick_names(t, known):
            found.setdefault(n, line)
    if not found:
        return []
    if not scorecard.subjects:
        return [
            Finding(
                "picks",
                "info",
                "scorecard",
                None,
                None,
                f"no adoption scorecard: the month's picks ({'、'.join(found)}) are not checked against one; "
                f"ingest one (aimonthly ingest scorecard scorecard.csv)",
                {"picks": list(found)},
            )
        ]
    out = []
    half = -(-scorecard.n_ranked // 2)
    for name, line in found.items():
        s = scorecard.find(name)
        where = {"line": line, "file": str(content_path)}
        if s is None or s["rank"] is None:
            out.append(
                Finding(
                    "picks",
                    "warning",
                    "scorecard",
                    None,
                    name,
                    f"the text recommends {name} (line {line}), which the adoption scorecard does not score: score it, "
                    f"or say why it is picked",
                    {**where, "rank": None, "n_ranked": scorecard.n_ranked},
                )
            )
        elif scorecard.bottom_half(s["rank"]):
            out.append(
                Finding(
                    "picks",
                    "warning",
                    "scorecard",
                    None,
                    name,
                    f"the text recommends {name} (line {line}), which ranks {s['rank']} of {scorecard.n_ranked} in the "
                    f"adoption scorecard (composite {s['composite']:.2f}; the top half ends at rank {half})",
                    {**where, "rank": s["rank"], "n_ranked": scorecard.n_ranked, "composite": s["composite"]},
                )
            )
    return out
