"""The month's names that match nothing in the registry (``aimonthly products unresolved MONTH``):
every traffic row of the month, largest first, and the apps of the tracked keyword's window; each
with near matches and a registry row to paste.

The rows to paste ingest as printed: a name is listed once (a site that is also an app, or two
spellings that are one name once normalised, are one row, the others its aliases), and a domain is
given to its first name only (the registry lets a domain mean one product). Companies print in
simplified Chinese."""

from __future__ import annotations

import csv
import dataclasses
import io
from dataclasses import dataclass, field

import pyarrow.compute as pc

from aimonthly.core.chinese import simplified_or_none
from aimonthly.core.months import check_month
from aimonthly.core.product_names import normalise_domain, normalise_name
from aimonthly.analytics.registry import COLUMNS as ROW_COLUMNS  # a pasted row has the registry file's columns
from aimonthly.analytics.registry import Registry
from aimonthly.analytics.suggest import Suggester, Suggestion
from aimonthly.analytics.taxonomy import Taxonomy


@dataclass(frozen=True)
class Unresolved:
    dataset: str  # traffic or app_ranks
    lists: tuple[str, ...]  # traffic lists (or the keyword) the name is on
    name: str
    domain: str | None
    visits: int | None  # the largest on any list (traffic)
    company: str | None
    category: str | None
    suggestions: list[Suggestion] = field(default_factory=list)
    aliases: tuple[str, ...] = ()  # other spellings of the name this month (one normalised name)

    def row(self) -> dict:
        return {
            "product": self.name,
            "aliases": " | ".join(self.aliases),
            "domain": self.domain or "",
            "company": self.company or "",
            "category": self.category or "",
            "region": "",
            "launched": "",
            "note": "",
            "override": "",
            "description": "",
        }

    def yaml_row(self) -> str:
        parts = [f"product: {_q(self.name)}"]
        if self.aliases:
            parts.append("aliases: [" + ", ".join(_q(a) for a in self.aliases) + "]")
        parts += [f"{k}: {_q(v)}" for k, v in self.row().items() if k in ("domain", "company", "category") and v]
        return "- {" + ", ".join(parts) + "}"

    def csv_row(self) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([self.row()[c] for c in ROW_COLUMNS])
        return buf.getvalue()


def _house(taxonomy: Taxonomy | None, lst: str, tag: str | None) -> str | None:
    if taxonomy is None or not tag:
        return tag
    m = taxonomy.map(lst, tag)
    return m.category if m.mapped else None


def _q(s: str) -> str:
    """A YAML flow scalar: quoted when it holds anything YAML would read otherwise."""
    if (
        s
        and all(ch.isalnum() or ch in " .-_()（）" or ord(ch) > 0x2E80 for ch in s)
        and not s[0].isdigit()
        and s.lower() not in ("yes", "no", "true", "false", "null", "on", "off")
    ):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class UnresolvedNames:
    names: list[Unresolved]  # the first ``limit``, largest first
    total: int  # every unresolved name of the month (after merging spellings)


def unresolved_names(con, month: str, registry: Registry | None = None, **options) -> list[Unresolved]:
    """Largest first; a row's category is the house category its tags map to (empty when none does)."""
    return find_unresolved(con, month, registry, **options).names


def find_unresolved(
    con,
    month: str,
    registry: Registry | None = None,
    *,
    keyword: str | None = None,
    window: tuple | None = None,
    limit: int | None = 50,
    suggest: bool = True,
    taxonomy: Taxonomy | None = None,
) -> UnresolvedNames:
    """The month's unresolved names (see the module's docstring) and how many there are in all."""
    check_month(month)
    registry = registry if registry is not None else Registry.load(con)
    t = con.table("traffic")
    cols = [c for c in ("list", "product", "domain", "visits", "company", "category") if c in t.columns]
    rows = t.filter(t.month == month).select(*cols).to_pyarrow()
    found: list[Unresolved] = []
    if rows.num_rows:
        canon, _ = registry.resolve_array(
            rows["product"].combine_chunks(), rows["domain"].combine_chunks() if "domain" in cols else None
        )
        rows = rows.filter(pc.is_null(canon))
        by: dict[str, dict] = {}
        for r in sorted(rows.to_pylist(), key=lambda r: (-(r["visits"] or 0), r["product"])):
            e = by.setdefault(r["product"], {"lists": [], **r})
            e["lists"].append(r["list"])
        found += [
            Unresolved(
                "traffic",
                tuple(e["lists"]),
                name,
                e.get("domain"),
                e["visits"],
                simplified_or_none(e.get("company")),
                _house(taxonomy, e["lists"][0], e.get("category")),
            )
            for name, e in by.items()
        ]
    if keyword and window:
        a = con.table("app_ranks")
        apps = (
            a.filter((a.keyword == keyword) & (a.date >= window[0]) & (a.date <= window[1]))
            .group_by("app")
            .aggregate(developer=a.developer.max(), best=a["rank"].min())
            .order_by(["best", "app"])
            .to_pyarrow()
        )
        if apps.num_rows:
            canon, _ = registry.resolve_array(apps["app"].combine_chunks())
            for r in apps.filter(pc.is_null(canon)).to_pylist():
                found.append(
                    Unresolved("app_ranks", (keyword,), r["app"], None, None, simplified_or_none(r["developer"]), None)
                )
    out = _merged(found)
    total = len(out)
    if limit is not None:
        out = out[:limit]
    if suggest and len(registry):
        s = Suggester(registry)
        out = [dataclasses.replace(u, suggestions=s.suggest(u.name, u.domain)) for u in out]
    return UnresolvedNames(out, total)


def _merged(found: list[Unresolved]) -> list[Unresolved]:
    """One entry a name once normalised (a site that is also an app: its lists and the keyword together,
    other spellings its aliases), a domain on its first name only: rows the registry accepts as printed."""
    by_key: dict[str | None, Unresolved] = {}
    for u in found:
        key = normalise_name(u.name)
        first = by_key.get(key)
        if first is None:
            by_key[key] = u
            continue
        spelt = first.aliases + ((u.name,) if u.name != first.name and u.name not in first.aliases else ())
        by_key[key] = dataclasses.replace(
            first,
            lists=first.lists + tuple(x for x in u.lists if x not in first.lists),
            aliases=spelt,
            domain=first.domain or u.domain,
            company=first.company or u.company,
            category=first.category or u.category,
        )
    out, domains = [], set()
    for u in by_key.values():
        d = normalise_domain(u.domain)
        if d in domains:
            u = dataclasses.replace(u, domain=None)
        elif d:
            domains.add(d)
        out.append(u)
    return out
