"""The claims of the cloud capex tracker: the quarter, the total over exactly the companies it sums (and how
the group is named for them), the growth, each company, the fastest grower, guidance, the companies absent."""

from __future__ import annotations

from aimonthly.analytics.capex import CapexFacts
from aimonthly.core import numbers as N
from aimonthly.core.claims import Claim, Claims, claims, path_of, stated_size


def group_name(f: CapexFacts, group: str, configured: tuple[str, ...]) -> str:
    """How the text names the companies the total sums: the house's group name when they are all of the
    configured companies and as many as the name says; else the group's share that reported ("海外四大云
    厂商中已披露该季度数据的三家"), never the whole group for a part of it."""
    n, size = len(f.companies), stated_size(group)
    whole = not f.missing_companies and (not configured or len(configured) == n)
    if whole and size in (None, n):
        return group
    if size is None or size > n:
        return f"{group}中已披露该季度数据的{N.cn_count(n)}家"
    return f"已披露该季度数据的{N.cn_count(n)}家公司"


def _company(f: CapexFacts, i: int, metric: str, **kw) -> Claim:
    c = f.companies[i]
    at = ("capex", "companies", i)
    if metric == "capex":
        return Claim.of(
            c["name"],
            "company",
            "capex",
            c["capex"],
            "usd",
            path=path_of(*at, "capex"),
            name_path=path_of(*at, "name"),
            **kw,
        )
    return Claim.change(
        c["name"],
        "company",
        metric,
        c[metric],
        "pct_abs",
        path=path_of(*at, metric),
        name_path=path_of(*at, "name"),
        **kw,
    )


def total(f: CapexFacts, group: str, configured: tuple[str, ...]) -> Claims:
    """The quarter, the total (a sum over its members, named as ``group_name`` says) and its growth."""
    assert f.quarter is not None and f.total is not None, "the blocks give a note when there is no quarter"
    subject = group_name(f, group, configured)
    members = tuple(_company(f, i, "capex", printed=False) for i in range(len(f.companies)))
    out = [
        Claim.of(f.quarter, "quarter", "quarter", f.quarter, "quarter", path="capex.quarter", role="quarter"),
        Claim.of(
            subject,
            "group",
            "capex",
            f.total,
            "usd",
            relation="sum",
            path="capex.total",
            base_path="capex.companies",
            members=members,
            role="total",
        ),
    ]
    if f.expected_quarter and any(g.section == "capex" for g in f.coverage_gaps):
        out.append(
            Claim.of(
                f.expected_quarter,
                "quarter",
                "expected_quarter",
                f.expected_quarter,
                "quarter",
                path="capex.expected_quarter",
                role="expected",
            )
        )
    like = all(c["capex_year_ago"] is not None for c in f.companies)
    for metric, key in (("yoy", "total_yoy"), ("qoq", "total_qoq")):
        v = getattr(f, key)
        if v is not None:
            out.append(Claim.change(subject, "group", metric, v, "pct_abs", 2, path=f"capex.{key}", role=metric))
    if not like and f.total_yoy is not None:  # the growth is over the companies with the year-ago quarter only
        out.append(Claim("可比口径", "term", "like_for_like", True, relation="term", role="like_for_like"))
    return claims(*out)


def fastest(f: CapexFacts) -> Claim | None:
    """The company with the fastest year-on-year growth, when more than one has it."""
    grown = [i for i, c in enumerate(f.companies) if c["yoy"] is not None]
    if len(grown) < 2:
        return None
    i = max(grown, key=lambda k: f.companies[k]["yoy"])
    c = f.companies[i]
    member = Claim.of(
        c["name"],
        "company",
        "yoy",
        c["yoy"],
        "pct",
        1,
        path=path_of("capex", "companies", i, "yoy"),
        name_path=path_of("capex", "companies", i, "name"),
    )
    return Claim(
        c["name"],
        "company",
        "yoy",
        c["yoy"],
        relation="top",
        base_path="capex.companies",
        members=(member,),
        role="fastest",
    )


def companies(f: CapexFacts) -> Claims:
    """Each company's capex, with its year-on-year and quarter-on-quarter growth when it has them."""
    out: list[Claim] = []
    for i, c in enumerate(f.companies):
        out.append(_company(f, i, "capex", role="company"))
        out += [_company(f, i, m, role=f"company_{m}") for m in ("yoy", "qoq") if c[m] is not None]
    return claims(*out)


def guidance(f: CapexFacts) -> Claims:
    """Full-year guidance given with the quarter: new, kept, raised or lowered (the band before, the band now)."""
    out: list[Claim] = []
    for i, g in enumerate(f.guidance):
        at = ("capex", "guidance", i)
        out.append(
            Claim.of(
                g["name"],
                "company",
                "guidance",
                (g["low"], g["high"]),
                "usd_band",
                name_path=path_of(*at, "name"),
                period=(str(g["year"]), str(g["year"])),
                role="guidance",
            )
        )
        moved = None
        if g["change"] in ("raised", "lowered"):  # the move of the band's middle, which decided the verb
            moved = _middle(g["low"], g["high"]) - _middle(g["prev_low"], g["prev_high"])
            out.append(
                Claim.of(
                    g["name"],
                    "company",
                    "guidance_before",
                    (g["prev_low"], g["prev_high"]),
                    "usd_band",
                    role="guidance_before",
                )
            )
        rel = {"raised": "up", "lowered": "down"}.get(g["change"])
        out.append(Claim(g["change"], "term", "guidance_change", moved, relation=rel, role="guidance_change"))  # type: ignore[arg-type]
    return claims(*out)


def _middle(lo: float | None, hi: float | None) -> float:
    lo = lo if lo is not None else hi
    hi = hi if hi is not None else lo
    return ((lo or 0.0) + (hi or 0.0)) / 2


def absent(f: CapexFacts) -> Claims:
    """The companies without the quarter, each with the last quarter its data reaches."""
    out = []
    for i, c in enumerate(f.missing_companies):
        at = ("capex", "missing_companies", i)
        lq = c.get("last_quarter")
        out.append(
            Claim.of(
                c["name"],
                "company",
                "last_quarter",
                lq,
                "quarter" if lq else "",
                path=path_of(*at, "last_quarter"),
                name_path=path_of(*at, "name"),
                role="absent",
            )
        )
    return claims(*out)


def chart_title(names: list[str], group: str, configured: tuple[str, ...]) -> Claim:
    """The chart's subject: the group when the chart shows all its companies, else the companies by name."""
    size = stated_size(group)
    whole = (not configured or len(names) == len(configured)) and size in (None, len(names))
    return Claim(group if whole else N.join(names), "group", "companies", len(names), role="chart")
