"""Cloud capex tracker: each company's quarterly capex, the total, year-over-year and
quarter-over-quarter growth, and changes in full-year guidance.

The quarter is the latest one that ended on or before the report's data date and has data.
Growth of the total is like for like: over the companies that have both quarters. Guidance on a
quarter's row is the full-year figure stated with that quarter's results: for the quarter's own
year, or for the next year on a Q4 row (given with the year-end results).

Coverage: a quarter's results are expected house [coverage] ``capex_lag_days`` after it ends; data
that stops before the latest expected quarter (for the section, or for one company) is a gap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from aimonthly.analytics.coverage import CoverageGap
from aimonthly.core.companies import CompanyNames
from aimonthly.core.house import CapexSettings
from aimonthly.core.quarters import last_ended_quarter, quarter_end, quarter_index, quarter_name, quarter_start


def expected_quarter(d: dt.date, lag_days: int) -> int:
    """The latest quarter whose results are due by ``d`` (``lag_days`` after its end)."""
    i = last_ended_quarter(d)
    while quarter_end(i) + dt.timedelta(days=lag_days) > d:
        i -= 1
    return i


def _r(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(float(x), nd)


def _growth(cur: float | None, before: float | None) -> float | None:
    return _r(cur / before - 1) if cur is not None and before else None


@dataclass(frozen=True)
class CapexFacts:
    quarter: str | None  # e.g. 2024Q1; None without data
    total: float | None  # US dollars, the companies reporting the quarter
    total_yoy: float | None
    total_qoq: float | None
    companies: list[dict]  # company, name, capex, yoy, qoq, capex_year_ago, capex_prev_quarter
    guidance: list[dict]  # company, name, year, low, high, prev_low, prev_high, change
    history: list[dict]  # quarter, company, capex (the chart's quarters)
    missing_companies: list[dict] = field(default_factory=list)  # company, name, last_quarter: without the quarter
    unit: str = "USD"
    expected_quarter: str | None = None  # the latest quarter whose results are due by the data date
    coverage_gaps: list[CoverageGap] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return ["capex"] if self.quarter is None else []

    def to_dict(self) -> dict:
        return {
            "quarter": self.quarter,
            "unit": self.unit,
            "total": self.total,
            "total_yoy": self.total_yoy,
            "total_qoq": self.total_qoq,
            "companies": self.companies,
            "guidance": self.guidance,
            "history": self.history,
            "missing_companies": self.missing_companies,
            "expected_quarter": self.expected_quarter,
        }


def compute(con, ctx) -> CapexFacts:
    return capex_facts(con, ctx.data_date, ctx.house.capex, lag_days=ctx.house.coverage.capex_lag_days)


def _gaps(expected: int, cur: int | None, last_q: dict[str, int], order: list[str]) -> list[CoverageGap]:
    period = (quarter_start(expected), quarter_end(expected))
    if cur is None or cur < expected:  # the whole section is behind: one gap, not one per company
        return [CoverageGap("capex", period, quarter_end(cur) if cur is not None else None)]
    return [
        CoverageGap(f"capex.{c}", period, quarter_end(last_q[c]) if c in last_q else None)
        for c in order
        if last_q.get(c, -1) < expected
    ]


def capex_facts(con, data_date: dt.date, cfg: CapexSettings, *, lag_days: int) -> CapexFacts:
    """``lag_days``: house [coverage] capex_lag_days, how long after its end a quarter's results are due."""
    names: dict[str, str] = dict(cfg.names)
    wanted: list[str] = list(cfg.companies)
    n_chart = cfg.chart_quarters
    t = con.table("capex")
    last = last_ended_quarter(data_date)
    # Every quarter up to the last ended one (a few rows per company): the latest with data, its
    # year-ago and previous quarters, the chart's quarters, and the guidance history.
    rows = (
        t.filter(t.quarter <= quarter_name(last))
        .select("company", "quarter", "capex", "guidance_low", "guidance_high")
        .to_pyarrow()
        .to_pylist()
    )
    if wanted:  # the data's spellings (微软, Alphabet Inc.) resolved to the configured companies
        companies_ = CompanyNames(cfg.spellings())
        rows = [dict(r, company=c, spelt=r["company"]) for r in rows if (c := companies_.resolve(r["company"]))]
        rows.sort(key=lambda r: r["spelt"] != r["company"])  # stable: a row spelt as configured is read first
    expected = expected_quarter(data_date, lag_days)
    if not rows:
        return CapexFacts(
            None,
            None,
            None,
            None,
            [],
            [],
            [],
            [{"company": c, "name": names.get(c, c), "last_quarter": None} for c in wanted],
            expected_quarter=quarter_name(expected),
            coverage_gaps=_gaps(expected, None, {}, wanted),
        )
    cur = max(quarter_index(r["quarter"]) for r in rows)
    last_q: dict[str, int] = {}
    for r in rows:
        last_q[r["company"]] = max(last_q.get(r["company"], -1), quarter_index(r["quarter"]))
    by: dict[tuple[str, int], dict] = {}
    for r in rows:  # one row a company and quarter; two spellings of one: the first read counts
        by.setdefault((r["company"], quarter_index(r["quarter"])), r)
    order = wanted or sorted({r["company"] for r in rows})
    present = [c for c in order if (c, cur) in by]

    def capex(c: str, i: int) -> float | None:
        return by[(c, i)]["capex"] if (c, i) in by else None

    def known(c: str, i: int) -> float:  # a capex the caller has seen present
        return by[(c, i)]["capex"]

    companies = [
        {
            "company": c,
            "name": names.get(c, c),
            "capex": capex(c, cur),
            "yoy": _growth(capex(c, cur), capex(c, cur - 4)),
            "qoq": _growth(capex(c, cur), capex(c, cur - 1)),
            "capex_year_ago": capex(c, cur - 4),
            "capex_prev_quarter": capex(c, cur - 1),
        }
        for c in present
    ]

    def like_for_like(lag: int) -> float | None:
        both = [c for c in present if capex(c, cur - lag) is not None]
        return _growth(sum(known(c, cur) for c in both), sum(known(c, cur - lag) for c in both)) if both else None

    history = [
        {"quarter": quarter_name(i), "company": c, "capex": capex(c, i)}
        for i in range(cur - n_chart + 1, cur + 1)
        for c in order
        if (c, i) in by
    ]
    return CapexFacts(
        quarter=quarter_name(cur),
        total=_r(sum(known(c, cur) for c in present), 2),
        total_yoy=like_for_like(4),
        total_qoq=like_for_like(1),
        companies=companies,
        guidance=[g for c in present if (g := _guidance(c, names.get(c, c), cur, by)) is not None],
        history=history,
        missing_companies=[
            {"company": c, "name": names.get(c, c), "last_quarter": quarter_name(last_q[c]) if c in last_q else None}
            for c in order
            if c not in present
        ],
        expected_quarter=quarter_name(expected),
        coverage_gaps=_gaps(expected, cur, last_q, order),
    )


def _guidance_year(i: int) -> int:
    return i // 4 + (1 if i % 4 == 3 else 0)


def _guidance(company: str, name: str, cur: int, by: dict) -> dict | None:
    """The guidance stated with the quarter's results, against the previous one for the same year."""
    row = by.get((company, cur))
    if row is None or (row["guidance_low"] is None and row["guidance_high"] is None):
        return None
    year = _guidance_year(cur)
    prev = next(
        (
            by[(company, i)]
            for i in range(cur - 1, cur - 5, -1)
            if (company, i) in by
            and _guidance_year(i) == year
            and (by[(company, i)]["guidance_low"] is not None or by[(company, i)]["guidance_high"] is not None)
        ),
        None,
    )
    low, high = row["guidance_low"], row["guidance_high"]
    change = "new"
    if prev is not None:
        mid = lambda lo, hi: ((lo if lo is not None else hi) + (hi if hi is not None else lo)) / 2  # noqa: E731
        before, now = mid(prev["guidance_low"], prev["guidance_high"]), mid(low, high)
        change = "raised" if now > before else "lowered" if now < before else "kept"
    return {
        "company": company,
        "name": name,
        "year": year,
        "low": low,
        "high": high,
        "prev_low": prev["guidance_low"] if prev else None,
        "prev_high": prev["guidance_high"] if prev else None,
        "change": change,
    }
