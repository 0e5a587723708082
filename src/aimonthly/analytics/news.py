"""Industry news (sections 2.1 and 2.2.2): the window's items, their region, same-event groups,
a score, and the items printed per section. The score and the rules are in docs/news.md.

Configuration: house ``[news]`` (window, counts, weights, source priorities, keywords, companies,
region rules, aliases); per month, the Markdown front matter's ``news: {pin: [...], drop: [...]}``
(and ``summary: {id: text}``, the analyst's own summary of a printed item, report.news)
(ids as facts.json and the data pack list them), ``count: {overseas: n}`` and ``window: [from, to]``.

The window starts the day after the previous month's report's data date (when there is one), so
that two reports never cover the same days; an item an earlier report printed is not printed
again unless pinned (status ``printed_before``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Mapping

from aimonthly.analytics.coverage import CoverageGap, gap_if_early
from aimonthly.analytics.newsgroup import AliasTable, features, group
from aimonthly.core.house import AnnouncementsSettings, NewsSettings
from aimonthly.core.house.news import NewsRegion
from aimonthly.core.names import suggestion

REGIONS = ("overseas", "domestic")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TAGS = re.compile(r"<[^>]+>")


NewsStatus = Literal["printed", "same_event", "below_cut", "dropped", "printed_before"]


@dataclass(frozen=True)
class NewsItem:
    id: str
    date: dt.date
    region: str
    region_inferred: bool
    region_rule: str  # why: "given", or the inference's evidence ("names: OpenAI, 东京"; "source: Reuters"; "default")
    source: str
    title: str
    body: str
    url: str | None
    group: str
    group_size: int
    score: float  # the item's own score; its group ranks by the best member plus the coverage bonus
    status: NewsStatus
    pinned: bool = False

    def fact(self) -> dict:
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "title": self.title,
            "source": self.source,
            "group": self.group,
            "group_size": self.group_size,
            "region": self.region,
            "region_inferred": self.region_inferred,
            "score": self.score,
            "pinned": self.pinned,
        }


@dataclass(frozen=True)
class NewsFacts:
    window: tuple[dt.date, dt.date]
    printed: dict[str, list[NewsItem]]  # region -> the section's items, in print order
    items: dict[str, list[NewsItem]]  # region -> every item of the window, in data-pack order
    unknown_ids: list[str] = field(default_factory=list)  # pins or drops that name no item in the window
    summary_chars: int = 260
    basis: Mapping[str, Any] = field(default_factory=dict)  # why the window starts where it does (window_basis)
    printed_before: list[str] = field(default_factory=list)  # window items an earlier report printed, left out
    last_day: dt.date | None = None  # the latest item in the warehouse (to tell data that stops early)
    coverage_gaps: list[CoverageGap] = field(default_factory=list)
    excluded: list[dict] = field(
        default_factory=list
    )  # id, date, title, region, product, reason (front matter exclude:)

    @property
    def missing(self) -> list[str]:
        return [] if any(self.items.values()) else ["news"]

    def to_dict(self) -> dict:
        every = [i for items in self.items.values() for i in items]
        groups: dict[str, list[str]] = {}
        for i in every:
            groups.setdefault(i.group, []).append(i.id)
        return {
            "window": [self.window[0].isoformat(), self.window[1].isoformat()],
            **{r: [i.fact() for i in self.printed.get(r, [])] for r in REGIONS},
            "n_items": len(every),
            "n_groups": len(groups),
            "groups": [{"group": g, "ids": ids} for g, ids in groups.items() if len(ids) > 1],
            "inferred_regions": [
                {"id": i.id, "region": i.region, "rule": i.region_rule} for i in every if i.region_inferred
            ],
            "unknown_ids": list(self.unknown_ids),
            "window_basis": dict(self.basis),
            "printed_before": list(self.printed_before),
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "excluded": list(self.excluded),
        }


def item_id(date: dt.date, source: str, title: str) -> str:
    """Stable across builds and re-ingests: the item's key (date, source, title), hashed."""
    return "n-" + hashlib.sha1(f"{date.isoformat()}|{source}|{title}".encode()).hexdigest()[:8]


def window(ctx, conf: NewsSettings | AnnouncementsSettings, front: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    """The digest's first and last day (see ``window_basis``)."""
    lo, hi, _ = window_basis(ctx, conf, front)
    return lo, hi


def window_basis(
    ctx, conf: NewsSettings | AnnouncementsSettings, front: Mapping[str, Any]
) -> tuple[dt.date, dt.date, dict]:
    """The window and why it starts where it does. It ends on the data date (``window = "month"``:
    the month's last day). It starts the day after the previous month's report's data date when
    there is one (rule ``after_previous_report``), else on the month's first day (``month_start``).
    Front matter ``window: [from, to]`` sets both (``front_matter``)."""
    prior = getattr(ctx, "prior", None)
    previous = prior.to_dict() if prior is not None else None
    if front.get("window"):
        lo, hi = (d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in front["window"])
        return lo, hi, {"rule": "front_matter", "previous_report": previous}
    end = ctx.month_end if conf.window == "month" else ctx.data_date
    if prior is not None and prior.data_date is not None and prior.month == ctx.prev_month:
        return (
            prior.data_date + dt.timedelta(days=1),
            end,
            {"rule": "after_previous_report", "previous_report": previous},
        )
    return ctx.month_start, end, {"rule": "month_start", "previous_report": previous}


def _plain(text: str | None) -> str:
    """Feed summaries carry HTML: tags out, entities decoded, whitespace folded."""
    if not text:
        return ""
    return re.sub(r"\s+", " ", html.unescape(_TAGS.sub("", text))).strip()


def find_terms(names, text: str) -> list[str]:
    """Configured names found in text: Latin names as whole words (case-insensitive), CJK as substrings."""
    out = []
    for n in names:
        if _CJK.search(n):
            if n in text:
                out.append(n)
        elif re.search(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])", text, re.I):
            out.append(n)
    return out


def infer_region(title: str, body: str, source: str, rules: NewsRegion) -> tuple[str, str]:
    """Region from the names in the text (title counts twice), else the source, else the default."""
    points: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    for region in REGIONS:
        names = rules.names(region)
        in_title, in_body = find_terms(names, title), find_terms(names, body)
        points[region] = 2 * len(in_title) + len(in_body)
        evidence[region] = list(dict.fromkeys(in_title + in_body))
    if points["overseas"] != points["domestic"]:
        r = max(REGIONS, key=lambda region: points[region])
        return r, "names: " + ", ".join(evidence[r][:4])
    for region in REGIONS:
        if source in rules.sources(region):
            return region, f"source: {source}"
    return rules.default, "default"


def weighted_hits(table: Mapping[str, float], title: str, body: str) -> float:
    """Σ weight of each configured term in the title, half that in the body only; capped at 1."""
    total = 0.0
    for term, w in table.items():
        if find_terms([term], title):
            total += float(w)
        elif find_terms([term], body):
            total += float(w) / 2
    return min(total, 1.0)


def front_ids(front: Mapping[str, Any], key: str) -> list[str]:
    v = front.get(key) or []
    return [str(x) for x in ([v] if isinstance(v, str) else v)]


def last_date(t) -> dt.date | None:
    """The latest date a dated table holds."""
    return t.aggregate(last=t.date.max()).to_pyarrow().to_pylist()[0]["last"]


def compute(con, ctx) -> NewsFacts:
    conf = ctx.house.news
    front = (getattr(ctx, "meta", None) or {}).get("news") or {}
    lo, hi, basis = window_basis(ctx, conf, front)
    t = con.table("news")
    rows = (
        t.filter((t.date >= lo) & (t.date <= hi))
        .select("date", "region", "title", "body", "source", "url")
        .order_by(["date", "source", "title"])
        .to_pyarrow()
        .to_pylist()
    )
    rows, excluded = _exclude(rows, ctx)
    prior = getattr(ctx, "prior", None)
    facts = news_facts(
        rows, (lo, hi), conf, front, printed_before=prior.printed.get("news", frozenset()) if prior else ()
    )
    last = last_date(t)
    gaps = gap_if_early("news", (lo, hi), last, ctx.house.coverage.news_days) if lo <= hi else []
    return replace(facts, basis=basis, last_day=last, coverage_gaps=gaps, excluded=excluded)


def _exclude(rows: list[dict], ctx) -> tuple[list[dict], list[dict]]:
    """Items the front matter excludes: by id, or every item whose title or body names the product
    (its registered names too); gone before grouping and scoring."""
    from aimonthly.analytics.errors import AnalyticsError
    from aimonthly.analytics.exclusions import for_dataset

    exclusions = for_dataset(getattr(ctx, "exclusions", ()), "news")
    if not exclusions:
        return rows, []
    registry = getattr(ctx, "registry", None)
    keep, gone = list(rows), []
    for e in exclusions:
        target = registry.resolve_one(e.product) if registry is not None else None
        names = registry.spellings([target])[target] if registry is not None and target else {e.product}
        hits = [
            r
            for r in keep
            if item_id(r["date"], r["source"], r["title"]) == e.product
            or find_terms(sorted(names), _plain(r["title"]) + " " + _plain(r["body"]))
        ]
        if not hits:
            ids = [item_id(r["date"], r["source"], r["title"]) for r in rows]
            raise AnalyticsError(
                f"{e.where}: exclude.news: no item in the window is {e.product!r} or names it"
                f"{suggestion(e.product, ids, quoted=True)}",
                hint="ids are in data.xlsx (新闻清单)",
            )
        rules = ctx.house.news.region
        for r in hits:
            keep.remove(r)
            region = r["region"] or infer_region(_plain(r["title"]), _plain(r["body"]), r["source"].strip(), rules)[0]
            gone.append(
                {
                    "id": item_id(r["date"], r["source"], r["title"]),
                    "date": r["date"].isoformat(),
                    "title": _plain(r["title"]),
                    "region": region,
                    "product": e.product,
                    "reason": e.reason,
                }
            )
    return keep, gone


def news_facts(
    rows: list[dict],
    win: tuple[dt.date, dt.date],
    conf: NewsSettings,
    front: Mapping[str, Any] | None = None,
    printed_before=(),
) -> NewsFacts:
    """Everything after the query: pure Python over the window's rows (dozens to a few hundred).
    ``printed_before``: ids an earlier report printed; their events are left out unless pinned."""
    front = front or {}
    printed_before = frozenset(printed_before)
    lo, hi = win
    weights = conf.weights
    keywords, companies = conf.keywords, conf.companies
    rules = conf.region
    summary_chars = conf.summary_chars
    counts = {**conf.count.model_dump(), **(front.get("count") or {})}
    pins, drops = front_ids(front, "pin"), front_ids(front, "drop")

    # 1. items: plain text, id, region (given or inferred), own score
    span = max((hi - lo).days, 1)
    items = []
    for r in rows:
        title, body, source = _plain(r["title"]), _plain(r["body"]), r["source"].strip()
        if r["region"]:
            region, rule, inferred = r["region"], "given", False
        else:
            (region, rule), inferred = infer_region(title, body, source, rules), True
        score = (
            weights.recency * (r["date"] - lo).days / span
            + weights.source * conf.priority(source)
            + weights.keywords * weighted_hits(keywords, title, body)
            + weights.companies * weighted_hits(companies, title, body)
        )
        items.append(
            dict(
                id=item_id(r["date"], r["source"], r["title"]),
                date=r["date"],
                region=region,
                rule=rule,
                inferred=inferred,
                source=source,
                title=title,
                body=body,
                url=r.get("url"),
                score=round(score, 4),
            )
        )

    # 2. same-event groups
    aliases = AliasTable(conf.aliases)
    labels = group([(i["date"].toordinal(), features(i["title"], i["body"], aliases)) for i in items], conf.grouping)
    groups: dict[int, list[dict]] = {}
    for i, label in zip(items, labels):
        groups.setdefault(label, []).append(i)

    known = {i["id"] for i in items}
    summaries = front.get("summary")
    own = [str(k) for k in summaries] if isinstance(summaries, Mapping) else []
    unknown = [x for x in dict.fromkeys(pins + drops + own) if x not in known]

    def rep_key(i: dict):
        # the report's language first, then a body that fills the summary, then the source's priority
        return (
            i["id"] in pins,
            bool(_CJK.search(i["title"])),
            min(len(i["body"]), summary_chars),
            conf.priority(i["source"]),
            -i["date"].toordinal(),
            i["id"],
        )

    ranked = []
    for members in groups.values():
        members.sort(key=lambda i: (i["date"], i["id"]))
        rep = max(members, key=rep_key)
        n_sources = len({m["source"] for m in members})
        ranked.append(
            {
                "id": "g-" + members[0]["id"][2:],
                "members": members,
                "rep": rep,
                "region": rep["region"],
                "score": round(max(m["score"] for m in members) + weights.coverage * min(1.0, (n_sources - 1) / 2), 4),
                "pinned": any(m["id"] in pins for m in members),
                "dropped": any(m["id"] in drops for m in members),
                "before": any(m["id"] in printed_before for m in members),
            }
        )

    # 3. selection per section: pins, then the best scores up to the section's count; printed by date
    printed: dict[str, list[NewsItem]] = {}
    listed: dict[str, list[NewsItem]] = {}
    for region in REGIONS:
        cands = sorted(
            (x for x in ranked if x["region"] == region), key=lambda x: (-x["score"], x["rep"]["date"], x["id"])
        )
        pinned = [x for x in cands if x["pinned"] and not x["dropped"]]
        rest = [x for x in cands if not x["pinned"] and not x["dropped"] and not x["before"]]
        chosen = pinned + rest[: max(int(counts.get(region, 0)) - len(pinned), 0)]
        chosen_ids = {x["id"] for x in chosen}
        chosen.sort(key=lambda x: (x["rep"]["date"], -x["score"], x["id"]))
        others = [x for x in cands if x["id"] not in chosen_ids]

        def make(x: dict, m: dict, status: NewsStatus) -> NewsItem:
            return NewsItem(
                m["id"],
                m["date"],
                m["region"],
                m["inferred"],
                m["rule"],
                m["source"],
                m["title"],
                m["body"],
                m["url"],
                x["id"],
                len(x["members"]),
                m["score"],
                status,
                m["id"] in pins,
            )

        printed[region] = [make(x, x["rep"], "printed") for x in chosen]
        listed[region] = []
        for x in chosen + others:
            for m in [x["rep"]] + [m for m in x["members"] if m is not x["rep"]]:
                status: NewsStatus = (
                    ("printed" if m is x["rep"] else "same_event")
                    if x["id"] in chosen_ids
                    else "dropped"
                    if x["dropped"]
                    else "printed_before"
                    if x["before"]
                    else "below_cut"
                )
                listed[region].append(make(x, m, status))
    before = [i.id for items in listed.values() for i in items if i.status == "printed_before"]
    return NewsFacts((lo, hi), printed, listed, unknown, summary_chars, printed_before=before)
