"""The adoption scorecard (投资建议): the analysts' scores of companies (or products) on the six
criteria that order AI applications' adoption (docs/research.md#scorecard).

- A subject's current scoring: its scores at its latest ``as_of`` on or before the report's data
  date; its previous scoring: its scores at the latest ``as_of`` before that.
- composite = Σ weight × score / Σ weight over the criteria scored (house ``[scorecard] weights``,
  equal by default): a weighted mean of what was scored. A criterion not scored is left out of the
  mean and named in ``missing`` (the report flags the subject), never counted as 0.
- rank: by composite, highest first; equal composites share a rank (1, 2, 2, 4); subjects without a
  composite (only zero-weight criteria scored) are unranked. The bottom half: rank > ⌈n / 2⌉ of the
  n ranked.
- change = composite − the previous scoring's composite under today's weights (so that a change of
  weights is not read as a change of view); null without a previous scoring.
- name: the file's ``name`` column, else the stock's name (product_stocks, then stock_prices) for a
  code, else the subject as written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from aimonthly.analytics.registry import _table_or_none
from aimonthly.core.codes import normalise_code
from aimonthly.core.datasets import CRITERIA

_CODE = re.compile(r"^\d{5,6}\.(SH|SZ|BJ|HK)$")


def subject_key(subject: str) -> str:
    """A code in one form (688111 -> 688111.SH); any other subject as written."""
    code = normalise_code(subject)
    return code if _CODE.match(code) else subject.strip()


@dataclass(frozen=True)
class ScorecardFacts:
    weights: dict[str, float]
    subjects: list[
        dict
    ]  # subject, name, scores, notes, composite, rank, change, previous, as_of, previous_as_of, missing
    as_of: dt.date | None = None  # the latest scoring date used
    n_ranked: int = 0
    criteria: tuple[str, ...] = field(default=CRITERIA)

    @property
    def missing(self) -> list[str]:
        return []  # the analysts' data, not the month's: the blocks say when there is none

    def bottom_half(self, rank: int | None) -> bool:
        return rank is not None and rank > math.ceil(self.n_ranked / 2)

    def find(self, name: str) -> dict | None:
        """The subject a pick names: by its name or its code (any form)."""
        key = subject_key(name)
        return next((s for s in self.subjects if s["subject"] == key or s["name"] == name.strip()), None)

    def to_dict(self) -> dict:
        return {
            "weights": self.weights,
            "subjects": self.subjects,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "n_ranked": self.n_ranked,
        }


def composite(scores: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """Σ weight × score / Σ weight over the criteria scored (None: nothing scored with a weight)."""
    total = sum(weights[c] for c, s in scores.items() if s is not None)
    if not total:
        return None
    return sum(weights[c] * s for c, s in scores.items() if s is not None) / total


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def compute(con, ctx) -> ScorecardFacts:
    weights = ctx.house.scorecard.weights.model_dump()
    t = _table_or_none(con, "scorecard")
    rows = [] if t is None else t.filter(t.as_of <= ctx.data_date).to_pyarrow().to_pylist()
    if not rows:
        return ScorecardFacts(weights, [])
    by_subject: dict[str, dict[dt.date, dict]] = {}
    names: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r["as_of"]):
        key = subject_key(r["subject"])
        by_subject.setdefault(key, {}).setdefault(r["as_of"], {})[r["criterion"]] = r
        if r.get("name"):
            names[key] = r["name"]
    names = {**_stock_names(con, [k for k in by_subject if k not in names and _CODE.match(k)]), **names}
    subjects: list[dict[str, Any]] = []
    for key, scorings in by_subject.items():
        dates = sorted(scorings)
        cur = scorings[dates[-1]]
        prev = scorings[dates[-2]] if len(dates) > 1 else None
        scores = {c: (cur[c]["score"] if c in cur else None) for c in CRITERIA}
        comp = composite(scores, weights)
        before = composite({c: (prev[c]["score"] if c in prev else None) for c in CRITERIA}, weights) if prev else None
        subjects.append(
            {
                "subject": key,
                "name": names.get(key, key),
                "scores": scores,
                "notes": {c: cur[c].get("note") for c in CRITERIA if c in cur and cur[c].get("note")},
                "composite": _r(comp),
                "rank": None,
                "change": _r(comp - before) if comp is not None and before is not None else None,
                "previous": _r(before),
                "as_of": dates[-1].isoformat(),
                "previous_as_of": dates[-2].isoformat() if prev else None,
                "missing": [c for c in CRITERIA if scores[c] is None],
            }
        )
    ranked = sorted((s for s in subjects if s["composite"] is not None), key=lambda s: (-s["composite"], s["subject"]))
    for i, s in enumerate(ranked):
        s["rank"] = ranked[i - 1]["rank"] if i and s["composite"] == ranked[i - 1]["composite"] else i + 1
    subjects = ranked + sorted((s for s in subjects if s["composite"] is None), key=lambda s: s["subject"])
    latest = max(dt.date.fromisoformat(s["as_of"]) for s in subjects)
    return ScorecardFacts(weights, subjects, latest, len(ranked))


def _stock_names(con, codes: list[str]) -> dict[str, str]:
    """The names of listed subjects: product_stocks' where it has one, else stock_prices' latest."""
    import ibis

    if not codes:
        return {}
    wanted = set(codes)
    out: dict[str, str] = {}
    ps = _table_or_none(con, "product_stocks")
    if ps is not None:  # the whole table (thousands of rows at most): cheaper than a long list in the query
        t = ps.filter(ps.name.notnull()).select("code", "name").to_pyarrow()
        for r in t.filter(pc.is_in(t["code"], value_set=pa.array(sorted(wanted), pa.string()))).to_pylist():
            out.setdefault(r["code"], r["name"])
    rest = sorted(wanted - set(out))
    if rest:
        sp = con.table("stock_prices")
        q = sp.join(ibis.memtable({"code": rest}), "code")
        for r in q.group_by("code").aggregate(name=q.name.argmax(q.date)).to_pyarrow().to_pylist():
            out[r["code"]] = r["name"]
    return out
