"""App Store keyword search ranks (图表11–13): the leading apps, new apps, risers and fallers.

One keyword over a window of daily snapshots that ends on the report's data date. The
*baseline* is the last snapshot on or before the window's start; an app is *new* when it is in
the window but not in the baseline, and *rises* when its best rank in the window beats its
baseline rank. Apps are told apart by (app, developer), the warehouse key. Definitions in
docs/app_store.md. Every per-app figure comes from one cached Ibis table; the tables are small
queries over it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import ibis

from aimonthly.analytics.coverage import CoverageGap, gap_if_early
from aimonthly.analytics.errors import AnalyticsError
from aimonthly.core.house import AppStoreSettings
from aimonthly.core.months import month_before


@dataclass(frozen=True)
class AppStoreConfig:
    keyword: str
    start: dt.date
    end: dt.date
    top_apps: int  # chart the apps holding ranks 1..top_apps on the most days
    top_rank: int  # "reached the Top 10": best rank in the window <= top_rank
    table_rows: int
    falling_top: int  # a faller ranked <= falling_top at the baseline ...
    falling_below: int  # ... and ranks worse than falling_below (or is unlisted) on the last snapshot

    @classmethod
    def resolve(cls, s: AppStoreSettings, data_date: dt.date) -> AppStoreConfig:
        """The settings' window made concrete: it ends on ``end`` or the data date and starts on
        ``start``, ``window_days`` before the end, or one calendar month before it."""
        end = s.end or data_date
        start = s.start or (end - dt.timedelta(days=s.window_days) if s.window_days else month_before(end))
        if start > end:
            raise AnalyticsError(
                f"house [app_store]: the window starts ({start}) after it ends ({end})",
                hint="set [house.app_store] start or end (or window_days) so that start <= end",
            )
        return cls(
            keyword=s.keyword,
            start=start,
            end=end,
            top_apps=s.top_apps,
            top_rank=s.top_rank,
            table_rows=s.table_rows,
            falling_top=s.falling_top,
            falling_below=s.falling_below,
        )


@dataclass(frozen=True)
class Moves:
    count: int
    reached_top10: int  # reached the Top N in the window and listed on the last snapshot
    reached_top10_any: int  # reached the Top N in the window (the table's population)
    table: list[dict]


@dataclass(frozen=True)
class AppStoreFacts:
    keyword: str
    window: tuple[dt.date, dt.date]
    baseline_date: dt.date | None = None
    last_date: dt.date | None = None  # the window's last snapshot: "current rank" is read here
    snapshots: list[dt.date] = field(default_factory=list)
    n_apps: int = 0  # distinct apps listed in the window
    top_rank: int = 10
    top_apps: list[dict] = field(default_factory=list)  # app, developer, days_top, best_rank, current_rank, ranks
    falling_apps: list[dict] = field(default_factory=list)
    new_apps: Moves = Moves(0, 0, 0, [])
    rising_apps: Moves = Moves(0, 0, 0, [])
    top_apps_n: int = 3  # the "Top 3" of the chart
    falling_top: int = 5
    latest: dt.date | None = None  # the keyword's latest snapshot in the warehouse
    coverage_gaps: list[CoverageGap] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)  # product, apps, reason, exhibits (front matter exclude:)

    @property
    def missing(self) -> list[str]:
        return [] if self.snapshots else ["app_ranks"]

    def to_dict(self) -> dict:
        def iso(v):
            if isinstance(v, dt.date):
                return v.isoformat()
            if isinstance(v, dict):
                return {k: iso(x) for k, x in v.items()}
            if isinstance(v, (list, tuple)):
                return [iso(x) for x in v]
            return v

        moves = lambda m: {  # noqa: E731
            "count": m.count,
            "reached_top10": m.reached_top10,
            "reached_top10_any": m.reached_top10_any,
            "table": m.table,
        }
        return iso(
            {
                "keyword": self.keyword,
                "window": list(self.window),
                "baseline_date": self.baseline_date,
                "last_date": self.last_date,
                "snapshots": self.snapshots,
                "n_apps": self.n_apps,
                "top_rank": self.top_rank,
                "top_apps": self.top_apps,
                "falling_apps": self.falling_apps,
                "new_apps": moves(self.new_apps),
                "rising_apps": moves(self.rising_apps),
                "latest": self.latest,
                "excluded": self.excluded,
            }
        )


def compute(con, ctx) -> AppStoreFacts:
    from aimonthly.analytics.app_names import excluded_apps, with_products
    from aimonthly.analytics.exclusions import for_dataset

    cfg = AppStoreConfig.resolve(ctx.house.app_store, ctx.data_date)
    t = con.table("app_ranks")
    kw = t.filter(t.keyword == cfg.keyword)
    latest = kw.aggregate(last=kw.date.max()).to_pyarrow().to_pylist()[0]["last"]
    gaps = gap_if_early("app_store", (cfg.start, cfg.end), latest, ctx.house.coverage.app_ranks_days)
    exclusions = [e for e in for_dataset(ctx.exclusions, "app_ranks") if e.list in (None, cfg.keyword)]
    if not exclusions:
        facts = with_products(app_store_facts(con, cfg), ctx.registry)
    else:
        drop = excluded_apps(con, cfg, exclusions, ctx.registry)  # exclusion -> the app names it removes
        facts = app_store_facts(con, cfg, drop=sorted({a for apps in drop.values() for a in apps}))
        facts = with_products(facts, ctx.registry, before=app_store_facts(con, cfg), dropped=drop)
    return replace(facts, latest=latest, coverage_gaps=gaps)


def app_store_facts(con, cfg: AppStoreConfig, *, drop: list[str] | None = None) -> AppStoreFacts:
    t = con.table("app_ranks")
    kw = t.filter(t.keyword == cfg.keyword, t.date <= cfg.end)
    if drop:  # excluded by the analyst: gone before anything is ranked
        kw = kw.filter(~kw.app.isin(drop))
    dates = sorted(r["date"] for r in kw.select("date").distinct().to_pyarrow().to_pylist())
    snapshots = [d for d in dates if d >= cfg.start]
    empty = AppStoreFacts(
        cfg.keyword, (cfg.start, cfg.end), top_rank=cfg.top_rank, top_apps_n=cfg.top_apps, falling_top=cfg.falling_top
    )
    if not snapshots:
        return empty
    before = [d for d in dates if d <= cfg.start]
    # Without a snapshot on or before the start, the window's first snapshot is the baseline.
    base_date, last_date = (before[-1] if before else snapshots[0]), snapshots[-1]

    rows = kw.filter(kw.date >= base_date).mutate(dev=kw.developer.fill_null(""))
    win = rows.filter(rows.date >= cfg.start)
    win = win.mutate(best=win["rank"].min().over(ibis.window(group_by=[win.app, win.dev])))
    stats = win.group_by(["app", "dev"]).aggregate(
        developer=win.developer.max(),
        best_rank=win["rank"].min(),
        best_date=win.date.min(where=win["rank"] == win.best),
        first_seen=win.date.min(),
        days_top=(win["rank"] <= cfg.top_apps).sum(),
        mean_rank=win["rank"].mean(),
        last_top_date=win.date.max(where=win["rank"] <= cfg.falling_top),
    )
    base = rows.filter(rows.date == base_date).select("app", "dev", baseline_rank=rows["rank"])
    cur = rows.filter(rows.date == last_date).select(
        "app", "dev", current_rank=rows["rank"], overall_rank=rows.overall_rank
    )
    j = stats.left_join(base, ["app", "dev"]).left_join(cur, ["app", "dev"])
    j = j.select(stats, j.baseline_rank, j.current_rank, j.overall_rank)
    apps = j.mutate(
        is_new=j.baseline_rank.isnull(),
        rise=j.baseline_rank - j.best_rank,  # NULL for new apps
        top=j.best_rank <= cfg.top_rank,
        listed=j.current_rank.notnull(),
    ).cache()
    try:
        rising = apps.rise > 0
        c = (
            apps.aggregate(
                n_apps=apps.count(),
                new=apps.is_new.sum(),
                new_top=(apps.is_new & apps.top & apps.listed).sum(),
                new_top_any=(apps.is_new & apps.top).sum(),
                rising=rising.sum(),
                rising_top=(rising & apps.top & apps.listed).sum(),
                rising_top_any=(rising & apps.top).sum(),
            )
            .to_pyarrow()
            .to_pylist()[0]
        )
        new_rows = _rows(
            apps.filter(apps.is_new & apps.top)
            .order_by(["best_rank", "first_seen", "app", "dev"])
            .limit(cfg.table_rows)
        )
        rise_rows = _rows(
            apps.filter(rising & apps.top)
            .order_by([ibis.desc("rise"), "best_rank", "best_date", "app", "dev"])
            .limit(cfg.table_rows)
        )
        lead = _rows(
            apps.filter(apps.days_top > 0)
            .order_by([ibis.desc("days_top"), "mean_rank", "app", "dev"])
            .limit(cfg.top_apps)
        )
        falling = _rows(
            apps.filter(
                (apps.baseline_rank <= cfg.falling_top)
                & (apps.current_rank.isnull() | (apps.current_rank > cfg.falling_below))
            ).order_by(["baseline_rank", "app", "dev"])
        )
    finally:
        apps.release()
    charted = {(r["app"], r["dev"]) for r in lead + falling}
    series: dict[tuple, dict] = {k: {} for k in charted}
    if charted:
        s = win.filter(win.app.isin(sorted({a for a, _ in charted}))).select("app", "dev", "date", "rank")
        for r in s.to_pyarrow().to_pylist():
            if (r["app"], r["dev"]) in series:
                series[(r["app"], r["dev"])][r["date"]] = r["rank"]
    ranks = lambda r: [series[(r["app"], r["dev"])].get(d) for d in snapshots]  # noqa: E731

    return AppStoreFacts(
        keyword=cfg.keyword,
        window=(cfg.start, cfg.end),
        baseline_date=base_date,
        last_date=last_date,
        snapshots=snapshots,
        n_apps=int(c["n_apps"]),
        top_rank=cfg.top_rank,
        top_apps_n=cfg.top_apps,
        falling_top=cfg.falling_top,
        top_apps=[
            {
                "app": r["app"],
                "developer": r["developer"],
                "days_top": int(r["days_top"]),
                "best_rank": r["best_rank"],
                "current_rank": r["current_rank"],
                "ranks": ranks(r),
            }
            for r in lead
        ],
        falling_apps=[
            {
                "app": r["app"],
                "developer": r["developer"],
                "baseline_rank": r["baseline_rank"],
                "current_rank": r["current_rank"],
                "best_rank": r["best_rank"],
                "left_top_date": _next(snapshots, r["last_top_date"]),
                "ranks": ranks(r),
            }
            for r in falling
        ],
        new_apps=Moves(
            int(c["new"]),
            int(c["new_top"]),
            int(c["new_top_any"]),
            [
                {
                    "rank": i,
                    "app": r["app"],
                    "developer": r["developer"],
                    "best_rank": r["best_rank"],
                    "current_rank": r["current_rank"],
                    "first_seen": r["first_seen"],
                    "overall_rank": r["overall_rank"],
                }
                for i, r in enumerate(new_rows, 1)
            ],
        ),
        rising_apps=Moves(
            int(c["rising"]),
            int(c["rising_top"]),
            int(c["rising_top_any"]),
            [
                {
                    "rank": i,
                    "app": r["app"],
                    "developer": r["developer"],
                    "rise": r["rise"],
                    "baseline_rank": r["baseline_rank"],
                    "current_rank": r["current_rank"],
                    "best_rank": r["best_rank"],
                    "best_date": r["best_date"],
                }
                for i, r in enumerate(rise_rows, 1)
            ],
        ),
    )


def _rows(expr) -> list[dict]:
    return expr.to_pyarrow().to_pylist()


def _next(snapshots: list[dt.date], d: dt.date | None) -> dt.date | None:
    """The first snapshot after ``d``: the day an app was first seen outside the top ranks."""
    if d is None:
        return snapshots[0]
    return next((s for s in snapshots if s > d), None)
