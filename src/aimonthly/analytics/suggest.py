"""Near matches for a name the registry does not know, to be suggested, never applied
(``aimonthly products unresolved``). Scores are normalised-name similarity (difflib's ratio over
the names as the registry compares them), raised to 1 for the same domain and to 0.9 for the same
site (kimi.moonshot.cn and www.moonshot.cn share moonshot.cn)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from aimonthly.analytics.registry import Registry
from aimonthly.core.product_names import normalise_domain, normalise_name

MIN_SCORE = 0.6


@dataclass(frozen=True)
class Suggestion:
    product: str  # the registry's product
    via: str  # the registered name or alias (or domain) that is close
    score: float


def site(domain: str | None) -> str | None:
    """The registered domain's last two labels (three for .com.cn-style names)."""
    if not domain:
        return None
    parts = domain.split(".")
    n = 3 if len(parts) >= 3 and parts[-2] in ("com", "net", "org", "co", "ac", "gov") else 2
    return ".".join(parts[-n:])


class Suggester:
    def __init__(self, registry: Registry):
        keys, canon = registry.key_table()
        self._pairs = list(zip(keys.to_pylist(), canon.to_pylist()))
        self._domains: dict[str, str] = {}
        for p in registry.products():
            d = normalise_domain(p.domain)
            if d:
                self._domains.setdefault(d, p.product)
        self._sites: dict[str, str] = {}
        for dom, product in self._domains.items():
            if (where := site(dom)) is not None:
                self._sites.setdefault(where, product)

    def suggest(self, name: str, domain: str | None = None, n: int = 3) -> list[Suggestion]:
        key = normalise_name(name) or ""
        best: dict[str, Suggestion] = {}

        def offer(s: Suggestion) -> None:
            if s.score >= MIN_SCORE and (s.product not in best or best[s.product].score < s.score):
                best[s.product] = s

        d = normalise_domain(domain)
        if d and d in self._domains:
            offer(Suggestion(self._domains[d], d, 1.0))
        elif d and (where := site(d)) is not None and where in self._sites:
            offer(Suggestion(self._sites[where], where, 0.9))
        m = difflib.SequenceMatcher(autojunk=False)
        m.set_seq2(key)
        for k, product in self._pairs:
            m.set_seq1(k)
            if m.real_quick_ratio() >= MIN_SCORE and m.quick_ratio() >= MIN_SCORE:
                score = m.ratio()
                if key and (k in key or key in k):  # "kimi" in "kimi chat": a likely rename
                    score = max(score, 0.8)
                offer(Suggestion(product, k, round(score, 3)))
        return sorted(best.values(), key=lambda s: (-s.score, s.product))[:n]
