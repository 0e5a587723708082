"""The claims of the traffic sections (1.1 and 1.2), one list at a time: the month, the products at or above
1 亿次 (like for like with the month before), the Top-N total, the leaders, the growers, the categories,
the visit durations."""

from __future__ import annotations

from aimonthly.analytics.traffic import ListFacts
from aimonthly.core.claims import Claim, Claims, claims, path_of

MAX_NAMED = 3
OVER = 100_000_000  # analytics.traffic_rows.OVER_100M: "1 亿次以上" counts visits >= this
FLOORS = (100_000_000, 10_000_000, 1_000_000, 100_000)  # "均在 … 以上": the largest under the smallest visits


def _at(f: ListFacts, *parts: object) -> str:
    return path_of("traffic", f.list, *parts)


def pool_size(f: ListFacts, role: str = "pool") -> Claim:
    """The pool's real size, as titles and text name it (Top30 when a list holds 30 products, not Top50)."""
    at = _at(f, "pool_size") if f.pool_size is not None else None
    return Claim.of(f.list, "list", "pool", f.pool_label, "count", path=at, role=role)


def month(f: ListFacts) -> Claim:
    return Claim.of(f.month, "month", "month", f.month, "month", 1, path=_at(f, "month"), role="month")


def _product(f: ListFacts, table: str, i: int, metric: str, unit: str = "", nd: int = 0, **kw) -> Claim:
    r = getattr(f, table)[i]
    return Claim.of(
        r["product"],
        "product",
        metric,
        r[metric],
        unit,
        nd,
        path=_at(f, table, i, metric),
        name_path=_at(f, table, i, "product"),
        **kw,
    )


def overview(f: ListFacts, source: str) -> Claims:
    """The count at or above 1 亿次 and its change, or the floor all the Top N clear; the Top-N total's 环比;
    the leaders (five when some pass 1 亿次, else three with their visits)."""
    top = Claim.of(f.list, "list", "top_n", f.top_label, "count", path=_at(f, "top_visits"), role="top_n")
    out = [month(f), top, Claim(source, "source", "source", source, role="source")]
    if f.n_visits_over_100m:
        out += [
            Claim.of(
                f.list,
                "list",
                "n_visits_over_100m",
                f.n_visits_over_100m,
                "count",
                path=_at(f, "over_100m"),
                relation="count",
                role="over",
            ),
            Claim("以上", "term", "threshold", OVER, relation="term", role="over_word"),
        ]
        if f.over_100m_prev is not None and f.n_visits_over_100m_prev is not None:
            out.append(
                Claim.of(
                    f.prev_month,
                    "month",
                    "month",
                    f.prev_month,
                    "month",
                    0,
                    path=_at(f, "prev_month"),
                    role="prev_month",
                )
            )
            out += _versus_last_month(f)
    elif f.min_visits_top is not None and f.top_visits:
        floor = next((x for x in FLOORS if f.min_visits_top >= x), None)
        if floor is not None:
            out.append(
                Claim.of(
                    f.list,
                    "list",
                    "min_visits_top",
                    f.min_visits_top,
                    "visits",
                    printed=False,
                    relation="all",
                    bound=floor,
                    path=_at(f, "min_visits_top"),
                    role="floor",
                )
            )
            out.append(Claim.of(f.list, "list", "floor", floor, "visits", role="floor_value"))
    if f.top20_total_mom is not None:
        out.append(
            Claim.change(
                f.list, "list", "top20_total_mom", f.top20_total_mom, path=_at(f, "top20_total_mom"), role="total_mom"
            )
        )
    k = 5 if f.n_visits_over_100m else 3
    lead = f.top_visits[:k]
    if lead:
        unit = "visits" if k == 3 else ""
        members = tuple(_product(f, "top_visits", i, "visits", unit) for i in range(len(lead)))
        out.append(
            Claim.of(
                f.list,
                "list",
                "leaders",
                len(lead),
                "count_cn",
                relation="top",
                base_path=_at(f, "top_visits"),
                members=members,
                role="leaders",
            )
        )
        for i, r in enumerate(lead):
            c = r.get("company")
            if c and not (c.lower() in r["product"].lower() or r["product"].lower() in c.lower()):
                out.append(
                    Claim(
                        c,
                        "company",
                        "company",
                        c,
                        name_path=_at(f, "top_visits", i, "company"),
                        period=(r["product"], r["product"]),
                        role="company",
                    )
                )
        if k == 5 and f.top5_same_order is not None:
            out.append(
                Claim(
                    f.list,
                    "list",
                    "top5_same_order",
                    f.top5_same_order,
                    path=_at(f, "top5_same_order"),
                    role="same_order",
                )
            )
    return claims(*out)


def _versus_last_month(f: ListFacts) -> list[Claim]:
    """The count against last month's, like for like: 持平 only when the same products are counted."""
    now, then = f.over_100m, f.over_100m_prev or []
    d = len(now) - len(then)
    change = Claim(
        f.list,
        "list",
        "over_100m",
        len(now),
        "count",
        relation="flat" if d == 0 else "up" if d > 0 else "down",
        path=_at(f, "over_100m"),
        base_path=_at(f, "over_100m_prev"),
        role="over_change",
    )
    if d == 0 and sorted(now) != sorted(then):  # as many as last month, but not the same products
        return [
            Claim(f.list, "list", "over_100m", len(now), path=_at(f, "over_100m"), role="over_same_count"),
            *[Claim(p, "product", "entered", True, role="over_in") for p in now if p not in then],
            *[Claim(p, "product", "left", True, role="over_out") for p in then if p not in now],
        ]
    if d == 0:
        return [change]
    return [change, Claim.of(f.list, "list", "over_100m_change", abs(d), "count", role="over_by")]


def growth(f: ListFacts) -> Claims:
    """How many of the pool rose, and the leaders by 环比 (worded by their signs as printed)."""
    if not f.top_growth:
        return claims(month(f), Claim(f.list, "list", "top_growth", 0, path=_at(f, "top_growth"), role="no_growth"))
    pool = pool_size(f)
    out = [month(f), pool]
    if f.n_rising_top50 is not None:
        rising = Claim.of(
            f.list,
            "list",
            "n_rising_top50",
            f.n_rising_top50,
            "count",
            printed=bool(f.n_rising_top50),
            relation="count" if f.n_rising_top50 else None,
            path=_at(f, "n_rising_top50"),
            role="rising",
        )
        out += [rising, Claim("上升", "term", "rising", True, relation="term", role="rising_word")]
    lead = f.top_growth[:MAX_NAMED]
    members = tuple(_growth_member(f, i) for i in range(len(lead)))
    if all(m.relation == "down" for m in members):  # the leaders all fell: the smallest falls lead
        out.append(Claim("降幅最小", "term", "growers", True, relation="term", role="growers_word"))
    out.append(
        Claim.of(
            f.list,
            "list",
            "growers",
            len(lead),
            relation="top",
            base_path=_at(f, "top_growth"),
            members=members,
            role="growers",
        )
    )
    return claims(*out)


def _growth_member(f: ListFacts, i: int) -> Claim:
    r = f.top_growth[i]
    return Claim.change(
        r["product"],
        "product",
        "mom",
        r["mom"],
        "pct_abs",
        2,
        path=_at(f, "top_growth", i, "mom"),
        name_path=_at(f, "top_growth", i, "product"),
    )


def categories(f: ListFacts, *, named: int = 3, band: tuple[float, float] = (0.03, 0.05), max_named: int = 6) -> Claims:
    """The largest categories with their shares; two or more in ``band`` as a range. Every category larger than
    the range is named (up to ``max_named``; any beyond joins the range), so the range follows the last one
    named and none is skipped."""
    if not f.has_category or not f.category_share:
        return claims(
            month(f), Claim(f.list, "list", "category_share", 0, path=_at(f, "category_share"), role="no_categories")
        )
    shares, k = f.category_share, named
    rest: list[int] = []
    if sum(1 for r in shares[named:] if band[0] <= r["share"] < band[1]) >= 2:
        k = named + min(max_named - named, sum(1 for r in shares[named:] if r["share"] >= band[1]))
        for i in range(k, len(shares)):  # contiguous: stop at the first category below the band
            if shares[i]["share"] < band[0]:
                break
            rest.append(i)
    pool = pool_size(f)
    out = [month(f), pool]

    def share(i: int, shown: bool = True, **kw) -> Claim:
        r = shares[i]
        at = ("category_share", i)
        return Claim.of(
            r["category"],
            "category",
            "share",
            r["share"],
            "pct",
            1,
            printed=shown,
            path=_at(f, *at, "share"),
            name_path=_at(f, *at, "category"),
            **kw,
        )

    out += [share(i, role="category") for i in range(min(k, len(shares)))]
    if rest:
        out.append(
            Claim(f.list, "list", "range", len(rest), members=tuple(share(i, False) for i in rest), role="range")
        )
        out += [share(rest[-1], role="range_low"), share(rest[0], role="range_high")]
    return claims(*out)


def duration(f: ListFacts) -> Claims:
    if not f.has_duration or not f.top_duration:
        return claims(
            month(f), Claim(f.list, "list", "top_duration", 0, path=_at(f, "top_duration"), role="no_duration")
        )
    lead = f.top_duration[:MAX_NAMED]
    members = tuple(_product(f, "top_duration", i, "minutes", "minutes", 2) for i in range(len(lead)))
    pool = pool_size(f)
    leaders = Claim.of(
        f.list,
        "list",
        "duration_leaders",
        len(lead),
        "count_cn",
        relation="top",
        base_path=_at(f, "top_duration"),
        members=members,
        role="leaders",
    )
    return claims(month(f), pool, leaders)


def no_list(lst: str, reach: str | None) -> Claims:
    """A list without the month's rows: the month its data reaches."""
    out = [Claim(lst, "list", "list", lst, role="list")]
    if reach:
        out.append(Claim.of(reach, "month", "latest", reach, "month", 1, role="reach"))
    return claims(*out)


def no_estimates(f: ListFacts) -> Claims:
    """A list whose rows all say 0 visits: the month and how many rows."""
    return claims(
        month(f),
        Claim.of(
            f.list,
            "list",
            "n_zero_visits",
            f.n_zero_visits,
            "count",
            relation="count",
            path=_at(f, "n_zero_visits"),
            role="zeros",
        ),
    )
