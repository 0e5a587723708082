"""The coverage rule: a section whose data stops before the end of the period it reports on (issue 12:
prices to 05-09 in a period to 06-09). The section's text says so and ``report --strict`` fails, so
the finding is an error. A section without any rows this month is in facts.json ``missing`` instead,
which ``report`` warns about; the check does not list it twice."""

from __future__ import annotations

from aimonthly.analytics.coverage import CoverageGap
from aimonthly.check.findings import Finding

# the section a gap names -> the dataset whose rows stop early
DATASETS = {
    "traffic": "traffic",
    "app_store": "app_ranks",
    "market": "index_prices",
    "news": "news",
    "announcements": "announcements",
    "capex": "capex",
}
DAILY = {"app_store", "market", "news", "announcements"}  # periods that end on the data date


def coverage_findings(gaps: list[CoverageGap]) -> list[Finding]:
    out = []
    for g in gaps:
        section, _, part = g.section.partition(".")  # "traffic.overseas", "capex.Google"
        ends = f"ends {g.last_day.isoformat()}" if g.last_day else "has no rows"
        out.append(
            Finding(
                "coverage",
                "error",
                DATASETS.get(section, section),
                part if section == "traffic" else None,
                part if section == "capex" and part else None,
                f"the {section} data {ends}, before the period's end {g.period[1].isoformat()}: the section says so in its "
                f"text and report --strict fails; ingest the rest of the period"
                + (", or set the month's data_date to the last day covered" if section in DAILY else ""),
                {
                    "section": g.section,
                    "period": [d.isoformat() for d in g.period],
                    "last_day": g.last_day.isoformat() if g.last_day else None,
                },
            )
        )
    return out
