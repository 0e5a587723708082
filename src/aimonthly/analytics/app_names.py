"""App names and the product registry: each charted or tabled app's product, and the apps an
exclusion removes (by the app's name, or by the product the registry resolves it to)."""

from __future__ import annotations

import dataclasses

from aimonthly.analytics.errors import AnalyticsError
from aimonthly.analytics.exclusions import Exclusion
from aimonthly.analytics.registry import Registry
from aimonthly.core.names import suggestion
from aimonthly.core.product_names import normalise_name


def _apps_in(facts) -> dict[str, set[str]]:
    """exhibit -> the app names it shows."""
    out = {
        "top_apps": {r["app"] for r in facts.top_apps + facts.falling_apps},
        "new_apps": {r["app"] for r in facts.new_apps.table},
        "rising_apps": {r["app"] for r in facts.rising_apps.table},
    }
    return out


def excluded_apps(con, cfg, exclusions: list[Exclusion], registry: Registry | None) -> dict[Exclusion, list[str]]:
    """For each exclusion, the window's app names it matches; an exclusion matching none is an error."""
    registry = registry if registry is not None else Registry()
    t = con.table("app_ranks")
    names = sorted(
        r["app"]
        for r in t.filter((t.keyword == cfg.keyword) & (t.date <= cfg.end) & (t.date >= cfg.start))
        .select("app")
        .distinct()
        .to_pyarrow()
        .to_pylist()
    )
    canon = dict(zip(names, registry.resolve(names))) if names else {}
    out = {}
    for e in exclusions:
        target = registry.resolve_one(e.product)
        key = normalise_name(e.product)
        hits = [a for a in names if normalise_name(a) == key or (target is not None and canon.get(a) == target)]
        if not hits:
            raise AnalyticsError(
                f"{e.where}: exclude.app_ranks: no app {e.product!r} in the “{cfg.keyword}” results "
                f"of {cfg.start}..{cfg.end}{suggestion(e.product, names, quoted=True)}",
                hint="copy the app's name as the report's tables print it",
            )
        out[e] = hits
    return out


def with_products(facts, registry: Registry | None, *, before=None, dropped: dict | None = None):
    """Each app row gains ``product`` (its registry product, or None); exclusions are recorded with
    the exhibits the app would have appeared in (``before``: the facts computed without them)."""
    registry = registry if registry is not None else Registry()
    rows = facts.top_apps + facts.falling_apps + facts.new_apps.table + facts.rising_apps.table
    canon = dict(zip({r["app"] for r in rows}, registry.resolve(list({r["app"] for r in rows})))) if rows else {}
    for r in rows:
        r["product"] = canon.get(r["app"])
    if not dropped:
        return facts
    shown = _apps_in(before)
    excluded = [
        {
            "product": e.product,
            "apps": apps,
            "reason": e.reason,
            "exhibits": [x for x, names in shown.items() if names & set(apps)],
        }
        for e, apps in dropped.items()
    ]
    return dataclasses.replace(facts, excluded=excluded)
