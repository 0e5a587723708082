"""``aimonthly check MONTH``: data-quality rules over the month's data before anything is published.

Rules (docs/check.md): outlier, copied, collapse, zero, list_jump, stale, duplicate, gaps (traffic);
unresolved, unmapped and mapped_by (the registry and the taxonomy); authored_text (the month's Markdown); picks (the Markdown's
建议关注 against the adoption scorecard); coverage (a
section's data stopping before its period ends); and notes on the month's exclusions and on a
missing registry. Thresholds are house settings ``[check]``. Every
``aimonthly report`` runs the check and prints its summary; ``--strict`` fails on an ``error``.
"""

from __future__ import annotations

from pathlib import Path

from aimonthly.check.findings import JSON_KEYS, SEVERITIES, CheckFailed, CheckReport, Finding, Severity

__all__ = [
    "JSON_KEYS",
    "SEVERITIES",
    "CheckFailed",
    "CheckReport",
    "Finding",
    "Severity",
    "run_check",
    "format_findings",
]

_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_check(con, facts, content_path: Path | None = None) -> CheckReport:
    """Every rule over the month of ``facts`` (a MonthFacts computed on ``con``, with its context)."""
    from aimonthly.analytics.exclusions import for_dataset
    from aimonthly.analytics.registry import Registry
    from aimonthly.analytics.taxonomy import Taxonomy
    from aimonthly.analytics.traffic_rows import traffic_slice
    from aimonthly.check import authored, names, picks, traffic
    from aimonthly.check.collapse import collapses
    from aimonthly.check.copied import copied
    from aimonthly.check.coverage import coverage_findings
    from aimonthly.check.zero import zero_rows

    ctx = facts.context
    cfg = ctx.house.check
    registry = ctx.registry if ctx.registry is not None else Registry.load(con)
    taxonomy = Taxonomy.from_house(ctx.house.taxonomy)
    pool = max(ctx.pool, ctx.top_n)
    found: list[Finding] = names.registry_note(registry) + names.exclusion_notes(ctx.exclusions)
    found += coverage_findings(facts.gaps_beyond_missing())
    sl = None
    if "traffic" in facts.sections and facts.sections["traffic"].lists:
        sl = facts.sections["traffic"].rows or traffic_slice(
            con,
            ctx.month,
            pool,
            registry=registry,
            taxonomy=taxonomy,
            exclusions=for_dataset(ctx.exclusions, "traffic"),
        )
        names_ = authored.names_in_rows(sl)
        found_rows = traffic.month_rows(
            con, sl, registry, traffic.concerned(sl, pool, ctx.top_n) | set(names_.values())
        )
        found += traffic.outliers(sl, cfg, pool)
        found += copied(con, sl, registry, cfg, pool)
        found += collapses(con, sl, registry, cfg, pool, ctx.top_n)
        found += zero_rows(con, sl, registry, pool)
        found += traffic.list_jumps(facts.sections["traffic"].lists, cfg)
        found += traffic.stale_lists(sl, cfg, pool)
        found += traffic.duplicates_and_gaps(found_rows, sl, pool, ctx.top_n)
        found += names.unmapped(sl, pool, taxonomy.other)
        found += names.mapped_by(sl, pool)
        found += names.unresolved(sl, registry, pool, cfg.unresolved_each)
        found += authored.authored_findings(content_path, facts.to_dict(), names_, sl, found_rows)
    else:
        found += authored.authored_findings(content_path, facts.to_dict(), {}, None, [])
    found += picks.pick_findings(con, content_path, facts)
    order = {
        r: i
        for i, r in enumerate(
            (
                "copied",
                "outlier",
                "collapse",
                "stale",
                "duplicate",
                "coverage",
                "zero",
                "list_jump",
                "gaps",
                "unresolved",
                "unmapped",
                "mapped_by",
                "authored_text",
                "picks",
                "exclusion",
                "registry",
            )
        )
    }
    found.sort(
        key=lambda f: (_ORDER[f.severity], order.get(f.rule, 99), f.dataset, f.list or "", f.values.get("line", 0))
    )
    return CheckReport(ctx.month, tuple(found))


def format_findings(report: CheckReport) -> list[str]:
    """Plain lines, one per finding, for the terminal: severity, rule, dataset/list, product: message."""
    return [f"{f.severity:<7} {f.rule:<13} {str(f).removeprefix(f.rule + ' ')}" for f in report.findings]
