"""Same-event grouping of news items: normalised features, a similarity, and the groups.

Features of an item (the title counts twice, then the body):

- CJK character bigrams of every run of Chinese characters;
- Latin tokens, lower-cased, with the space or hyphen between a name and its number removed
  ("Llama 3", "Llama-3" and "Llama3" are all ``llama3``; "GPT-4V" is ``gpt4v``);
- amounts written with a unit in one notation: "80 亿", "8-billion" and "8B" are all ``8b``,
  "4000 亿" and "400 billion" are ``400b``, "38 万亿" is ``38t``;
- entities: every spelling in the alias table (house ``[news.aliases]``: 谷歌 = Google = Alphabet, …)
  becomes one ``@name`` feature, so that a Chinese and an English item about one company meet.

Two items dated at most ``days`` apart are compared by two measures, IDF-weighted over the items
being grouped (a feature found in many items says little):

- ``text``: the cosine of their TF-IDF vectors over all features (same-language rewrites);
- ``key``: the weighted Dice overlap of their *key* features (entities, amounts and Latin names,
  i.e. tokens written with a capital or a digit) — counted only when they share at least
  ``min_shared`` of them, so one shared company name never links two events on its own.

``similarity = max(text, key)``, except that two items which both name something (have key
features) but share no name are never one event: "谷歌上调资本开支" and "Meta 上调资本开支" on the
same day read alike but are two events, and so are two 1000 亿-parameter models. Pairs at or above ``threshold`` are linked and the
groups are the connected components. Standard library only; no network, no model.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from aimonthly.core.house import default_house
from aimonthly.core.house.news import NewsGrouping

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
# A name and its (short) version number: "Llama 3" / "Llama-3" -> "Llama3"; not "in 8b", not "Pro 2024"
_NAME_NUMBER = re.compile(r"\b([A-Za-z][A-Za-z0-9+.]*)[\s\-_]+(?=\d{1,3}(?:\.\d+)?(?![\d.]))")
_CN_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)")
_EN_AMOUNT = re.compile(r"\b(\d+(?:\.\d+)?)[\s\-]*(trillion|billion|million|bn|tn)\b", re.I)
_AMOUNT = re.compile(r"^\d+(?:\.\d+)?[tbm]$")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+.]*[A-Za-z0-9+]|[A-Za-z0-9]")
_UNITS = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12}
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or over said says than that the their "
    "this to was were will with new more also up after about which who what when could would can our we "
    "they he she his her them been not but".split()
)

# Capitalised, but common to unrelated items (acronyms, suffixes, days, months): never key features.
GENERIC_KEYS = frozenset(
    "ai aigc agi llm llms gpu gpus cpu api app apps ceo cto pc pcs moe sota "
    "pro max ultra mini plus turbo lite nano air "  # product-name suffixes: "GPT-4 Turbo" vs "ERNIE 4.0 Turbo"
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


@dataclass(frozen=True)
class Features:
    weights: dict[str, float]  # feature -> count (title counted twice)
    keys: frozenset[str]  # the key features: entities, amounts, Latin names


def _amount_token(value: float) -> str:
    for unit, size in (("t", 1e12), ("b", 1e9), ("m", 1e6)):
        if value >= size:
            return f"{value / size:g}{unit}"
    return f"{value:g}"


def normalise(text: str) -> str:
    """NFKC, then amounts in one notation; case is kept (it tells names from words)."""
    s = unicodedata.normalize("NFKC", text or "")
    s = _CN_AMOUNT.sub(lambda m: f" {_amount_token(float(m[1]) * _UNITS[m[2]])} ", s)
    s = _EN_AMOUNT.sub(lambda m: _amount_token(float(m[1]) * _UNITS[m[2].lower()]), s)
    return _join_versions(s)


def _join_versions(s: str) -> str:
    return _NAME_NUMBER.sub(lambda m: m[0] if m[1].lower() in STOPWORDS else m[1], s)


class AliasTable:
    """Spellings of one entity in any script -> ``@canonical``."""

    def __init__(self, aliases: Mapping[str, Sequence[str]] | None = None):
        self.latin: dict[str, str] = {}
        self.cjk: list[tuple[str, str]] = []
        for name, spellings in (aliases or {}).items():
            for sp in [name, *spellings]:
                sp = normalise(str(sp)).lower().strip()
                if not sp:
                    continue
                if _CJK_RUN.search(sp):
                    self.cjk.append((sp, "@" + name.lower()))
                else:
                    self.latin[_join_versions(sp)] = "@" + name.lower()
        self.cjk.sort(key=lambda p: -len(p[0]))

    def find(self, text_lower: str, tokens: Iterable[str]) -> set[str]:
        found = {self.latin[t] for t in tokens if t in self.latin}
        # multi-word Latin spellings ("the information") and CJK spellings match as substrings
        found |= {e for sp, e in self.cjk if sp in text_lower}
        found |= {
            e
            for sp, e in self.latin.items()
            if " " in sp and re.search(rf"(?<![a-z]){re.escape(sp)}(?![a-z])", text_lower)
        }
        return found


def features(title: str, body: str | None, aliases: AliasTable) -> Features:
    weights: defaultdict[str, float] = defaultdict(float)
    keys: set[str] = set()
    for text, w in ((title, 2.0), (body or "", 1.0)):
        s = normalise(text)
        low = s.lower()
        for run in _CJK_RUN.findall(s):
            for i in range(max(len(run) - 1, 1)):
                weights[run[i : i + 2]] += w
        tokens = []
        for tok in _LATIN.findall(s):
            t = tok.lower().rstrip(".")
            if not t or t in STOPWORDS:
                continue
            tokens.append(t)
            if t in aliases.latin:  # a company's name counts once, as its entity
                continue
            weights[t] += w
            if t not in GENERIC_KEYS and any(c.isalpha() for c in t) and any(c.isupper() or c.isdigit() for c in tok):
                keys.add(t)
        for e in aliases.find(low, tokens):
            weights[e] += w
            keys.add(e)
    return Features(dict(weights), frozenset(keys))


def _idf(docs: Sequence[Features]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.weights.keys())
    n = len(docs)
    return {f: math.log((1 + n) / (1 + c)) + 1 for f, c in df.items()}


def _vector(f: Features, idf: Mapping[str, float]) -> tuple[dict[str, float], float]:
    v = {k: (1 + math.log(c)) * idf[k] for k, c in f.weights.items()}
    return v, math.sqrt(sum(x * x for x in v.values())) or 1.0


def similarity_parts(
    a: Features, b: Features, idf: Mapping[str, float], min_shared: int = 2, vectors: tuple | None = None
) -> tuple[float, float]:
    """(text, key) similarity of two items; see the module's docstring. ``vectors``: both items'
    ``_vector``s when the caller has them already."""
    shared = a.keys & b.keys
    if a.keys and b.keys and all(_AMOUNT.match(k) for k in shared):
        return 0.0, 0.0  # each names its subject and they share no name (a size like "70b" is not one)
    (va, na), (vb, nb) = vectors or (_vector(a, idf), _vector(b, idf))
    small, large = (va, vb) if len(va) < len(vb) else (vb, va)
    text = sum(x * large[k] for k, x in small.items() if k in large) / (na * nb)
    key = 0.0
    if len(shared) >= min_shared:
        wa = sum(idf[k] for k in a.keys)
        wb = sum(idf[k] for k in b.keys)
        key = 2 * sum(idf[k] for k in shared) / (wa + wb)
    return text, key


def similarity(a: Features, b: Features, idf: Mapping[str, float], min_shared: int = 2) -> float:
    return max(similarity_parts(a, b, idf, min_shared))


def group(items: Sequence[tuple[int, Features]], params: NewsGrouping | None = None) -> list[int]:
    """Group index of every item; ``items`` are (day number, features). Items more than
    ``params.days`` apart are never compared, so the work grows with the items per few days."""
    params = params or default_house().news.grouping
    n = len(items)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    idf = _idf([f for _, f in items])
    vectors = [_vector(f, idf) for _, f in items]
    order = sorted(range(n), key=lambda i: items[i][0])
    for x, i in enumerate(order):
        for j in order[x + 1 :]:
            if items[j][0] - items[i][0] > params.days:
                break
            if (
                find(i) != find(j)
                and max(similarity_parts(items[i][1], items[j][1], idf, params.min_shared, (vectors[i], vectors[j])))
                >= params.threshold
            ):
                parent[find(j)] = find(i)
    roots: dict[int, int] = {}
    return [roots.setdefault(find(i), len(roots)) for i in range(n)]
