"""The claims of the research layer: 映射标的 (the hot products, their listed companies and how the stocks moved
beside the traffic), the exposure index (the companies whose index rose and fell most), the adoption scorecard."""

from __future__ import annotations

from dataclasses import replace

from aimonthly.analytics.exposure import ExposureFacts
from aimonthly.analytics.mapping import MappingFacts
from aimonthly.analytics.scorecard import ScorecardFacts
from aimonthly.core.claims import Claim, Claims, claims, excess, path_of


def moved_with(product: dict, stock: dict) -> bool:
    """A stock moved with its product when its excess return has the sign of the product's 环比."""
    return (product["mom"] or 0) * (stock["excess"] or 0) > 0


def hot(f: MappingFacts) -> Claims:
    """The hot products counted, or why there are none; the pins; how many have listed companies."""
    out: list[Claim] = [Claim("增速居前", "term", "hot", True, relation="term", role="hot_word")]
    if f.n_hot:
        out.append(
            Claim.of(
                "mapping",
                "dataset",
                "n_hot",
                f.n_hot,
                "count",
                relation="count",
                path="mapping_hot.n_hot",
                role="n_hot",
            )
        )
    else:
        out.append(Claim("mapping", "dataset", "why_none", f.why_none, path="mapping_hot.why_none", role="why_none"))
    out += [
        Claim(p, "product", "pinned", p, path=path_of("mapping_hot", "pinned_extra", k), role="pinned")
        for k, p in enumerate(f.pinned_extra)
    ]
    if f.mapped:
        out += [
            Claim.of(
                "mapping",
                "dataset",
                "n_mapped",
                len(f.mapped),
                "count",
                relation="count",
                path="mapping_hot.n_mapped",
                role="n_mapped",
            ),
            Claim.of(
                "mapping",
                "dataset",
                "n_stocks",
                len({s["code"] for p in f.mapped for s in p["stocks"]}),
                "count",
                relation="count",
                path="mapping_hot.n_stocks",
                role="n_stocks",
            ),
        ]
    return claims(*out)


def _pair(f: MappingFacts, i: int, j: int) -> list[Claim]:
    """One (product, stock) pair: the product's 环比, the stock's return and its excess over the benchmark."""
    p, s = f.products[i], f.products[i]["stocks"][j]
    at, st = ("mapping", i), ("mapping", i, "stocks", j)
    product = Claim(p["product"], "product", "product", p["product"], name_path=path_of(*at, "product"))
    mom = (
        Claim.change(
            p["product"], "product", "mom", p["mom"], path=path_of(*at, "mom"), name_path=path_of(*at, "product")
        )
        if p["mom"] is not None
        else product
    )
    ret = Claim.change(
        s["name"], "stock", "return", s["return"], path=path_of(*st, "return"), name_path=path_of(*st, "name")
    )
    ex = Claim.change(s["name"], "stock", "excess", s["excess"], "points", path=path_of(*st, "excess"))
    ex = excess(ex)
    return [replace(mom, role="pair_mom"), replace(ret, role="pair_return"), replace(ex, role="pair_excess")]


def pairs(f: MappingFacts) -> tuple[list[list[Claim]], list[list[Claim]]]:
    """The priced pairs that moved with their product and those that did not, each by the size of its excess."""
    at = {(id(p), id(s)): (i, j) for i, p in enumerate(f.products) for j, s in enumerate(p["stocks"])}
    priced = [(p, s) for p, s in f.pairs if s["excess"] is not None]
    with_ = sorted((ps for ps in priced if moved_with(*ps)), key=lambda ps: -abs(ps[1]["excess"]))
    against = sorted((ps for ps in priced if not moved_with(*ps)), key=lambda ps: -abs(ps[1]["excess"]))
    return [_pair(f, *at[(id(p), id(s))]) for p, s in with_], [_pair(f, *at[(id(p), id(s))]) for p, s in against]


def period(f: MappingFacts) -> Claims:
    """The market review's period and benchmark, which the returns are over."""
    if f.period is None:
        return Claims()
    name = str(f.benchmark.get("name") or f.benchmark.get("code") or "")
    return claims(
        Claim.of(
            "mapping",
            "dataset",
            "period",
            tuple(d.isoformat() for d in f.period),
            "span",
            relation="period",
            path="market.trading_days.base",
            base_path="market.trading_days.end",
            role="period",
        ),
        Claim(
            name,
            "index",
            "benchmark",
            name,
            name_path="market.benchmark.name" if f.benchmark.get("name") else "market.benchmark.code",
            role="bench",
        ),
    )


def unpriced(f: MappingFacts) -> Claims:
    """The mapped stocks without a period return, each with why."""
    out = []
    for i, p in enumerate(f.products):
        for j, s in enumerate(p["stocks"]):
            if s["return"] is None:
                st = ("mapping", i, "stocks", j)
                out.append(
                    Claim(
                        s["name"],
                        "stock",
                        "reason",
                        s["reason"],
                        path=path_of(*st, "reason"),
                        name_path=path_of(*st, "name"),
                        role="unpriced",
                    )
                )
    return claims(*out)


def exposure(f: ExposureFacts) -> Claims:
    """How many companies the index covers; the month; the companies whose index rose and fell most."""
    if not f.companies:
        return Claims()
    index = {c["code"]: i for i, c in enumerate(f.companies)}

    def change(c: dict) -> list[Claim]:
        i = index[c["code"]]
        move = Claim.change(
            c["name"],
            "company",
            "change",
            c["change"],
            "wan_abs",
            0,
            path=path_of("exposure", i, "change"),
            name_path=path_of("exposure", i, "name"),
        )
        out = [move]
        if c["mom"] is not None:
            out.append(Claim.change(c["name"], "company", "mom", c["mom"], path=path_of("exposure", i, "mom")))
        return out

    companies = Claim.of(
        "exposure",
        "dataset",
        "companies",
        len(f.companies),
        "count",
        relation="count",
        path="exposure",
        role="n_companies",
    )
    if not any(c["prev"] is not None for c in f.companies):  # a first month: no index to compare with
        return claims(
            companies,
            Claim("exposure", "dataset", "no_prev", None, role="no_prev"),
        )
    moved = [change(c) for c in f.table]
    up = [m for m in moved if m[0].relation == "up"][:3]
    down = [m for m in moved if m[0].relation == "down"][:3]
    out = [
        companies,
        Claim.of(f.months[-1], "month", "month", f.months[-1], "month", 1, role="month"),
    ]
    if up:
        out.append(
            Claim(
                "exposure",
                "dataset",
                "up",
                len(up),
                relation="top",
                base_path="exposure",
                members=tuple(m[0] for m in up),
                role="up",
            )
        )
    if down:
        out.append(
            Claim(
                "exposure",
                "dataset",
                "down",
                len(down),
                relation="bottom",
                base_path="exposure",
                members=tuple(m[0] for m in down),
                role="down",
            )
        )
    out += [replace(x, role="mom") for m in up + down for x in m[1:]]
    return claims(*out)


def scorecard(f: ScorecardFacts, labels: dict[str, str]) -> Claims:
    """The criteria, the subjects scored and the latest date; the leaders; the largest changes; what is unscored."""
    if not f.subjects:
        return Claims()
    at = {id(s): i for i, s in enumerate(f.subjects)}

    def subject(s: dict, metric: str, unit: str = "", **kw) -> Claim:
        i = at[id(s)]
        return Claim.of(
            s["name"],
            "subject",
            metric,
            s[metric],
            unit,
            2,
            path=path_of("scorecard", "subjects", i, metric),
            name_path=path_of("scorecard", "subjects", i, "name"),
            **kw,
        )

    out = [
        *[Claim(labels[c], "term", "criterion", c, role="criterion") for c in f.criteria],
        Claim.of("scorecard", "dataset", "criteria", len(f.criteria), "count_cn", role="n_criteria"),
        Claim.of(
            "scorecard",
            "dataset",
            "subjects",
            len(f.subjects),
            "count",
            relation="count",
            path="scorecard.subjects",
            role="n_subjects",
        ),
    ]
    if f.as_of:
        out.append(
            Claim.of("scorecard", "date", "as_of", f.as_of.isoformat(), "date", 1, path="scorecard.as_of", role="as_of")
        )
    ranked = [s for s in f.subjects if s["rank"] is not None]
    lead = [s for s in ranked if s["rank"] <= 3]
    if lead:
        members = tuple(subject(s, "composite", "score") for s in lead)
        out.append(
            Claim(
                "scorecard",
                "dataset",
                "leaders",
                len(lead),
                relation="top",
                base_path="scorecard.subjects",
                members=members,
                role="leaders",
            )
        )
    changes = [
        replace(
            Claim.change(
                s["name"],
                "subject",
                "change",
                s["change"],
                "score_abs",
                2,
                path=path_of("scorecard", "subjects", at[id(s)], "change"),
                name_path=path_of("scorecard", "subjects", at[id(s)], "name"),
            ),
            role="moved",
        )
        for s in sorted((s for s in ranked if s["change"]), key=lambda s: (-abs(s["change"]), s["subject"]))
    ]
    moved = [m for m in changes if m.relation != "flat"][:3]  # a change that prints 0.00 is no change
    if moved:
        out += [Claim("变化最大", "term", "change", True, relation="term", role="moved_word"), *moved]
    for s in [s for s in f.subjects if s["missing"]][:4]:
        i = at[id(s)]
        out.append(
            Claim(
                s["name"],
                "subject",
                "missing",
                tuple(s["missing"]),
                name_path=path_of("scorecard", "subjects", i, "name"),
                role="unscored",
            )
        )
    if sum(1 for s in f.subjects if s["missing"]) > 4:
        out.append(Claim("scorecard", "dataset", "more_unscored", True, role="more_unscored"))
    return claims(*out)
