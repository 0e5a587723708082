"""The claims of the App Store search ranks: the window and its snapshots, the apps holding the top ranks,
the fallers, the new and rising apps (counts, those that reached the Top N, the leading one of each)."""

from __future__ import annotations

from aimonthly.analytics.app_store import AppStoreFacts, Moves
from aimonthly.core.claims import Claim, Claims, claims, path_of
from aimonthly.core.months import month_before


def _day(f: AppStoreFacts, d, path: str | None, role: str = "", **kw) -> Claim:
    return Claim.of(
        d.isoformat() if d else d,
        "date",
        "date",
        d.isoformat() if d else None,
        "date",
        int(f.window[0].year != f.window[1].year),
        path=path,
        role=role,
        **kw,
    )


def _app(f: AppStoreFacts, table: str, i: int, metric: str, unit: str = "", **kw) -> Claim:
    at = ("app_store", *table.split("."), i)
    r = _rows(f, table)[i]
    return Claim.of(
        r["app"], "app", metric, r[metric], unit, path=path_of(*at, metric), name_path=path_of(*at, "app"), **kw
    )


def _rows(f: AppStoreFacts, table: str) -> list[dict]:
    if table == "top_apps":
        return f.top_apps
    if table == "falling_apps":
        return f.falling_apps
    return (f.new_apps if table.startswith("new") else f.rising_apps).table


def window(f: AppStoreFacts) -> list[Claim]:
    """How the text names the window: the month to the last snapshot ("截至 5 月 9 日的近一个月"), its
    dates, or (snapshots that stop early) its first day to the last snapshot, the end asked for said apart."""
    start, end = f.window
    form = "gap" if f.coverage_gaps and f.last_date else "month" if start == month_before(end) else "dates"
    out = [Claim(form, "term", "window", form, role="window")]
    if form == "month":
        return out + [_day(f, f.last_date, "app_store.last_date", role="window_end")]
    out.append(_day(f, start, "app_store.window[0]", role="window_start"))
    if form == "gap":
        return out + [
            _day(f, f.last_date, "app_store.last_date", role="window_end"),
            _day(f, end, "app_store.window[1]", role="asked_end"),
        ]
    return out + [_day(f, end, "app_store.window[1]", role="window_end")]


def overview(f: AppStoreFacts, vendor: str) -> Claims:
    out = [
        Claim(vendor, "source", "source", vendor, role="source"),
        Claim(f.keyword, "keyword", "keyword", f.keyword, path="app_store.keyword", role="keyword"),
        Claim.of(
            "app_store",
            "dataset",
            "snapshots",
            len(f.snapshots),
            "count",
            relation="count",
            path="app_store.snapshots",
            role="snapshots",
        ),
        *window(f),
        Claim.of("app_store", "dataset", "top", f.top_apps_n, "count_cn", role="top_n"),
    ]
    if f.falling_apps:
        out.append(_day(f, f.last_date, "app_store.last_date", role="last_date"))
    if f.top_apps:
        members = tuple(_app(f, "top_apps", i, "days_top", "count") for i in range(len(f.top_apps)))
        out.append(
            Claim(f.keyword, "keyword", "top_apps", len(members), relation="top", members=members, role="leaders")
        )
    for i in range(min(len(f.falling_apps), MAX_FALLERS)):
        r = f.falling_apps[i]
        at = ("app_store", "falling_apps", i)
        out += [
            _app(f, "falling_apps", i, "baseline_rank", "rank", role="faller"),
            _day(f, r["left_top_date"], path_of(*at, "left_top_date"), role="faller_left"),
            Claim.of(
                r["app"],
                "app",
                "current_rank",
                r["current_rank"],
                "rank" if r["current_rank"] is not None else "",
                path=path_of(*at, "current_rank"),
                role="faller_now",
            ),
        ]
    if f.falling_apps:
        out += [
            _day(f, f.baseline_date, "app_store.baseline_date", role="baseline"),
            Claim.of("app_store", "dataset", "falling_top", f.falling_top, "count_cn", role="falling_top"),
        ]
    return claims(*out)


MAX_FALLERS = 2


def _moves(f: AppStoreFacts, key: str, m: Moves) -> list[Claim]:
    at = f"app_store.{key}_apps"
    out = [
        Claim.of(
            key,
            "dataset",
            f"{key}_count",
            m.count,
            "count",
            printed=bool(m.count),
            relation="count" if m.count else None,
            path=f"{at}.count",
            role=f"{key}_count",
        ),
        Claim.of(
            key,
            "dataset",
            "reached_top10",
            m.reached_top10,
            "count",
            printed=bool(m.reached_top10),
            path=f"{at}.reached_top10",
            role=f"{key}_top",
        ),
        Claim.of(
            key,
            "dataset",
            "reached_top10_any",
            m.reached_top10_any,
            "count",
            printed=False,
            path=f"{at}.reached_top10_any",
            role=f"{key}_any",
        ),
    ]
    gone = m.reached_top10_any - m.reached_top10
    if gone > 0:
        out.append(Claim.of(key, "dataset", "dropped", gone, "count", role=f"{key}_gone"))
    if m.count and not m.reached_top10_any:
        out.append(
            Claim(
                "均未进入过",
                "term",
                "reached_top10_any",
                0,
                relation="term",
                path=f"{at}.reached_top10_any",
                role=f"{key}_none",
            )
        )
    return out


def movers(f: AppStoreFacts) -> Claims:
    new, up = f.new_apps, f.rising_apps
    # the Top N is said of any app counted; the last day of those still listed or gone (the risers' only when gone)
    top_said = bool(new.count or up.count)
    last_said = bool(new.count and new.reached_top10_any) or bool(up.count and up.reached_top10_any > up.reached_top10)
    out = [
        _day(f, f.baseline_date, "app_store.baseline_date", role="baseline"),
        _day(f, f.last_date, "app_store.last_date", role="last_date") if last_said else None,
        Claim.of("app_store", "dataset", "top_rank", f.top_rank, "rank", path="app_store.top_rank", role="top_rank")
        if top_said
        else None,
        *_moves(f, "new", f.new_apps),
        *_moves(f, "rising", f.rising_apps),
        Claim("上升", "term", "rising", True, relation="term", role="rising_word"),
    ]
    if f.new_apps.table:
        r = f.new_apps.table[0]
        best = _app(f, "new_apps.table", 0, "best_rank", "rank")
        out += [
            Claim(
                r["app"],
                "app",
                "best_rank",
                r["best_rank"],
                relation="top",
                base_path="app_store.new_apps.table",
                members=(best,),
                role="new_best",
            ),
            Claim.of(
                r["app"],
                "app",
                "first_seen",
                r["first_seen"].isoformat(),
                "date",
                int(f.window[0].year != f.window[1].year),
                relation="first",
                path="app_store.new_apps.table[0].first_seen",
                base_path="app_store.baseline_date",
                role="new_first",
            ),
        ]
    if f.rising_apps.table:
        r = f.rising_apps.table[0]
        rise = _app(f, "rising_apps.table", 0, "rise", "count", relation="up")
        out += [
            Claim(
                r["app"],
                "app",
                "rise",
                r["rise"],
                relation="top",
                base_path="app_store.rising_apps.table",
                members=(rise,),
                role="rise_best",
            ),
            _app(f, "rising_apps.table", 0, "baseline_rank", "rank", role="rise_from"),
            _app(f, "rising_apps.table", 0, "best_rank", "rank", role="rise_to"),
            _day(f, r["best_date"], "app_store.rising_apps.table[0].best_date", role="rise_date"),
        ]
    return claims(*out)


def missing(f: AppStoreFacts) -> Claims:
    """A window without snapshots: the keyword, the window, the last snapshot in the warehouse."""
    start, end = f.window
    form = "month" if start == month_before(end) else "dates"
    out = [
        Claim(f.keyword, "keyword", "keyword", f.keyword, path="app_store.keyword", role="keyword"),
        Claim(form, "term", "window", form, role="window"),
    ]
    if form == "dates":
        out.append(_day(f, start, "app_store.window[0]", role="window_start"))
    if form == "dates" or f.latest:
        out.append(_day(f, end, "app_store.window[1]", role="end"))
    if f.latest:
        out.append(_day(f, f.latest, "app_store.latest", role="latest"))
    return claims(*out)
