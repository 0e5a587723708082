"""Key company announcements (the table at the end of 2.2.2): the window's rows, codes in the
exchange-suffix form, ranked and cut like the news (docs/news.md).

Configuration: house ``[announcements]``; per month, the front matter's
``announcements: {pin: [...], drop: [...], rows: n, window: [from, to]}``. The window follows the
news' rule (after the previous report's data date); a row an earlier report printed is left out
unless pinned.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping

from aimonthly.analytics.coverage import CoverageGap, gap_if_early
from aimonthly.analytics.news import find_terms, front_ids, last_date, weighted_hits, window_basis
from aimonthly.core.chinese import to_simplified
from aimonthly.core.codes import normalise_code
from aimonthly.core.companies import company_key
from aimonthly.core.house import AnnouncementsSettings


AnnouncementStatus = Literal["printed", "below_cut", "dropped", "printed_before"]


@dataclass(frozen=True)
class Announcement:
    id: str
    date: dt.date
    code: str  # normalised
    company: str
    content: str
    score: float
    status: AnnouncementStatus
    pinned: bool = False

    def fact(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "code": self.code,
            "company": self.company,
            "content": self.content,
            "pinned": self.pinned,
        }


@dataclass(frozen=True)
class AnnouncementsFacts:
    window: tuple[dt.date, dt.date]
    rows: list[Announcement]  # printed, in table order
    items: list[Announcement]  # every row of the window: printed first, then by score
    unknown_ids: list[str] = field(default_factory=list)
    basis: Mapping[str, Any] = field(default_factory=dict)  # why the window starts where it does
    printed_before: list[str] = field(default_factory=list)  # window rows an earlier report printed, left out
    last_day: dt.date | None = None  # the latest announcement in the warehouse
    coverage_gaps: list[CoverageGap] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [] if self.items else ["announcements"]

    def to_dict(self) -> dict:
        return {
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            "rows": [a.fact() for a in self.rows],
            "n_items": len(self.items),
            "unknown_ids": list(self.unknown_ids),
            "window_basis": dict(self.basis),
            "printed_before": list(self.printed_before),
            "last_day": self.last_day.isoformat() if self.last_day else None,
        }


def _spellings(companies: Mapping[str, float], aliases: Mapping[str, Any] | None) -> dict[str, list[str]]:
    """Each watch-list name with the other spellings its [news.aliases] group gives it (keys compared as
    company names: any case, simplified Chinese, legal suffixes aside)."""
    groups = [list(g) for g in (aliases or {}).values()]
    out = {}
    for k in companies:
        same = [s for g in groups if any(company_key(x) == company_key(k) for x in g) for s in g]
        out[k] = list(dict.fromkeys([to_simplified(k), *(to_simplified(s) for s in same)]))
    return out


def announcement_id(date: dt.date, code: str, content: str) -> str:
    return "a-" + hashlib.sha1(f"{date.isoformat()}|{normalise_code(code)}|{content}".encode()).hexdigest()[:8]


def compute(con, ctx) -> AnnouncementsFacts:
    conf = ctx.house.announcements
    front = (getattr(ctx, "meta", None) or {}).get("announcements") or {}
    lo, hi, basis = window_basis(ctx, conf, front)
    t = con.table("announcements")
    rows = (
        t.filter((t.date >= lo) & (t.date <= hi))
        .select("date", "code", "company", "content")
        .order_by(["date", "code"])
        .to_pyarrow()
        .to_pylist()
    )
    prior = getattr(ctx, "prior", None)
    facts = announcements_facts(
        rows,
        (lo, hi),
        conf,
        front,
        printed_before=prior.printed.get("announcements", frozenset()) if prior else (),
        aliases=ctx.house.news.aliases,
    )
    last = last_date(t)
    gaps = gap_if_early("announcements", (lo, hi), last, ctx.house.coverage.announcements_days) if lo <= hi else []
    return replace(facts, basis=basis, last_day=last, coverage_gaps=gaps)


def announcements_facts(
    rows: list[dict],
    win: tuple[dt.date, dt.date],
    conf: AnnouncementsSettings,
    front: Mapping[str, Any] | None = None,
    printed_before=(),
    aliases: Mapping[str, Any] | None = None,
) -> AnnouncementsFacts:
    """``aliases``: one entity's spellings in any script (house [news.aliases]); a watch-list company
    is found in a row's company under any of them (iFlytek, 科大讯飞)."""
    front = front or {}
    before = frozenset(printed_before)
    lo, hi = win
    weights = conf.weights
    keywords, companies = conf.keywords, conf.companies
    n_rows = int(front.get("rows") or conf.rows)
    pins, drops = front_ids(front, "pin"), front_ids(front, "drop")
    span = max((hi - lo).days, 1)
    scored = []
    spelt = _spellings(companies, aliases)
    for r in rows:
        code, content = normalise_code(r["code"]), r["content"].strip()
        company = to_simplified(r["company"].strip())  # 科大訊飛 is 科大讯飞
        # a company on the watch list by name (any of its spellings) or by code
        on_list = max(
            [float(w) for k, w in companies.items() if find_terms(spelt[k], company) or normalise_code(k) == code],
            default=0.0,
        )
        score = (
            weights.recency * (r["date"] - lo).days / span
            + weights.keywords * weighted_hits(keywords, content, "")
            + weights.companies * min(on_list, 1.0)
        )
        scored.append(
            dict(
                id=announcement_id(r["date"], r["code"], content),
                date=r["date"],
                code=code,
                company=company,
                content=content,
                score=round(score, 4),
            )
        )
    known = {a["id"] for a in scored}
    unknown = [x for x in dict.fromkeys(pins + drops) if x not in known]
    ranked = sorted(scored, key=lambda a: (-a["score"], a["date"], a["id"]))
    pinned = [a for a in ranked if a["id"] in pins and a["id"] not in drops]
    rest = [a for a in ranked if a["id"] not in pins and a["id"] not in drops and a["id"] not in before]
    chosen = pinned + rest[: max(n_rows - len(pinned), 0)]
    chosen_ids = {a["id"] for a in chosen}
    chosen.sort(key=lambda a: (a["date"], a["code"]))

    def make(a: dict, status: AnnouncementStatus) -> Announcement:
        return Announcement(
            a["id"], a["date"], a["code"], a["company"], a["content"], a["score"], status, a["id"] in pins
        )

    printed = [make(a, "printed") for a in chosen]
    others = [
        make(a, "dropped" if a["id"] in drops else "printed_before" if a["id"] in before else "below_cut")
        for a in ranked
        if a["id"] not in chosen_ids
    ]
    return AnnouncementsFacts(
        (lo, hi),
        printed,
        printed + others,
        unknown,
        printed_before=[a.id for a in others if a.status == "printed_before"],
    )
