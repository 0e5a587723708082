"""Data the analyst excludes, visibly: the month's front matter ``exclude:`` (docs/registry.md#exclude).

    exclude:
      traffic:
        - {product: "AI Clips - New Gen", list: global, reason: 访问量数据异常}
      app_ranks: [{product: 某应用, reason: 榜单抓取错误}]
      news: [{id: n-1a2b3c4d, reason: 重复报道}]          # or {product: X, reason: …}: items naming X
      stock_prices: [{product: 300418.SZ, reason: 停牌}]  # a code or a name

An excluded product is removed before anything is ranked, shared or summed, in the month and the
month before (so that 环比 compares like with like); each exhibit it would have appeared in says so,
and facts.json lists every exclusion at its top level.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import yaml

from aimonthly.analytics.errors import AnalyticsError
from aimonthly.core.names import suggestion

DATASETS = ("traffic", "app_ranks", "news", "stock_prices")
LISTS = {
    "global": "global",
    "全球": "global",
    "domestic": "domestic",
    "国内": "domestic",
    "overseas": "overseas",
    "出海": "overseas",
}
KEYS = {"product", "reason", "list", "id", "code", "keyword"}


@dataclass(frozen=True)
class Exclusion:
    dataset: str
    product: str  # a product or app name; a news item's id; a stock's code or name
    reason: str
    list: str | None = None  # traffic: the list (None: every list); app_ranks: the keyword
    where: str = ""  # "content/2024-05.md:14", for errors

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "list": self.list, "product": self.product, "reason": self.reason}

    @property
    def note(self) -> str:
        return f"{self.product}（{self.reason}）"


def exclusion_lines(front_matter: str) -> dict[tuple[str, int], int]:
    """(dataset, index) -> the entry's line in the month's file, from the file's text up to the front
    matter's closing '---' (the opening '---' is YAML's own document marker)."""
    try:
        root = yaml.compose(front_matter)
    except yaml.YAMLError:
        return {}
    out: dict[tuple[str, int], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if key.value == "exclude" and isinstance(value, yaml.MappingNode):
            for ds, entries in value.value:
                out[(ds.value, -1)] = ds.start_mark.line + 1
                if isinstance(entries, yaml.SequenceNode):
                    for i, node in enumerate(entries.value):
                        out[(ds.value, i)] = node.start_mark.line + 1
    return out


def parse_exclusions(
    value: Any, *, source: str = "", lines: Mapping[tuple[str, int], int] | None = None
) -> tuple[Exclusion, ...]:
    """The front matter's ``exclude:`` checked: known datasets and keys, a product and a reason each."""
    if not value:
        return ()
    lines = lines or {}

    def where(ds: str, i: int = -1) -> str:
        line = lines.get((ds, i)) or lines.get((ds, -1))
        return f"{source}:{line}" if source and line else source or "front matter"

    if not isinstance(value, Mapping):
        raise AnalyticsError(
            f"{source or 'front matter'}: exclude must map datasets to lists, e.g. "
            "exclude: {traffic: [{product: X, list: global, reason: 数据异常}]}"
        )
    out = []
    for ds, entries in value.items():
        ds = str(ds)
        if ds not in DATASETS:
            raise AnalyticsError(
                f"{where(ds)}: exclude: unknown dataset {ds!r}{suggestion(ds, DATASETS, quoted=True)} "
                f"(one of {', '.join(DATASETS)})"
            )
        if isinstance(entries, Mapping):
            entries = [entries]
        if not isinstance(entries, list):
            raise AnalyticsError(f"{where(ds)}: exclude.{ds} must be a list of {{product, reason}} entries")
        for i, e in enumerate(entries):
            at = f"{where(ds, i)}: exclude.{ds}[{i}]"
            if not isinstance(e, Mapping):
                raise AnalyticsError(f"{at}: write each entry as {{product: X, reason: why}}")
            unknown = set(map(str, e)) - KEYS
            if unknown:
                key = sorted(unknown)[0]
                raise AnalyticsError(f"{at}: unknown key {key!r}{suggestion(key, KEYS, quoted=True)}")
            product = e.get("product") or e.get("id") or e.get("code")
            if not product or not str(product).strip():
                raise AnalyticsError(f"{at}: name the {'item (id)' if ds == 'news' else 'product'} to exclude")
            reason = str(e.get("reason") or "").strip()
            if not reason:
                raise AnalyticsError(f"{at}: give the reason ({product}): the report prints it beside the exhibit")
            lst = e.get("list") if ds == "traffic" else e.get("keyword") or e.get("list") if ds == "app_ranks" else None
            if ds == "traffic" and lst is not None:
                if str(lst) not in LISTS:
                    raise AnalyticsError(
                        f"{at}: list {lst!r} is not a list{suggestion(str(lst), LISTS, quoted=True)} "
                        "(global, domestic or overseas)"
                    )
                lst = LISTS[str(lst)]
            out.append(Exclusion(ds, str(product).strip(), reason, None if lst is None else str(lst), where(ds, i)))
    return tuple(out)


def for_dataset(exclusions, dataset: str) -> list[Exclusion]:
    return [e for e in exclusions or () if e.dataset == dataset]
