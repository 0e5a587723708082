"""The names of a drafted sentence, and where each is allowed from (the guard's name rule, docs/draft.md).

Chinese text has no spaces between words, so a name is recognised in one of four ways:

1. **dictionary**: a name the month's data, the registry or the house settings know (products,
   aliases, companies, apps, developers, stock names; ``[news]`` companies, region names and alias
   groups), the longest at each place, Latin names as whole words;
2. **Latin**: every Latin word not inside a dictionary name (``Newton``, ``Grok``, ``H100``), unless
   it is one of ``[draft] common_terms`` (AI, GPU, token, …);
3. **quoted**: the text inside “”, 「」, 『』 or 《》;
4. **suffix**: a Chinese name ending in one of ``[draft] name_suffixes`` (公司, 集团, 科技, 大模型, …):
   the two characters before the suffix, unless they end in one of ``[draft] generic_words``.

A name is allowed when the registry or the month's data hold it whole, or when the sentence's own
sources (a news item's title and body; a product's registry row) hold it: a Latin word as a word,
anything else as a substring, a house name through any spelling of its alias group ("谷歌" for
"Google"). Limits: a Chinese name with no suffix, no quotes and no entry in any dictionary is not
recognised ("推出了灵犀" passes); a name is checked to be present, not to be the right subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from aimonthly.core.folding import CJK, IS_CJK, NameScanner, has_name, squeeze
from aimonthly.narrative.figures import latin_keys, latin_words

_QUOTED = re.compile(r"[“「『《]([^“”「」『』《》]{1,30})[”」』》]")
DATA_NAME_KEYS = ("product", "company", "app", "developer", "name")  # facts.json keys whose strings are names


@dataclass(frozen=True)
class NameFound:
    text: str  # as the sentence writes it
    how: str  # dictionary, latin, quoted or suffix
    matched: tuple[str, ...]  # where it is allowed from; empty: nowhere (the sentence is dropped)

    def to_dict(self) -> dict:
        return {"text": self.text, "how": self.how, "matched": list(self.matched)}


class NameBook:
    """The names a month's drafts may use without a source saying them, and the names the house knows."""

    def __init__(
        self,
        permitted: Mapping[str, str],
        *,
        house: Iterable[str] = (),
        aliases: Iterable[Iterable[str]] = (),
        common: Iterable[str] = (),
        suffixes: Iterable[str] = (),
        generic: Iterable[str] = (),
    ):
        self.common = {squeeze(c)[0] for c in common}
        self.permitted: dict[str, str] = {}
        for name, where in permitted.items():
            key = squeeze(name.strip())[0]
            if len(key) >= 2 and key not in self.common and not key.replace(".", "").isdigit():
                self.permitted.setdefault(key, where)
        self.groups: dict[str, set[str]] = {}
        for group in aliases:
            keys = {squeeze(n)[0] for n in group}
            for k in keys:
                self.groups.setdefault(k, set()).update(keys)
        self.known = dict.fromkeys(self.permitted, True)
        for n in [*house, *self.groups]:
            key = squeeze(n)[0]
            if len(key) >= 2 and key not in self.common:
                self.known.setdefault(key, False)
        self._scanner = NameScanner(self.known)
        self.suffixes = tuple(sorted((squeeze(s)[0] for s in suffixes), key=len, reverse=True))
        self.generic = tuple(squeeze(g)[0] for g in generic)

    @classmethod
    def for_month(cls, registry_rows: Iterable[Any], facts: Mapping[str, Any], house: Any) -> NameBook:
        """From the registry's products (``Product`` rows), ``facts.to_dict()`` and the house settings."""
        permitted: dict[str, str] = {}
        for p in registry_rows:
            for n in [p.product, *p.aliases]:
                permitted.setdefault(n, "registry")
            if p.company:
                for n in re.split(r"\s*[()（）]\s*", p.company):
                    if n:
                        permitted.setdefault(n, "registry (company)")
        for key, value in _named_strings(facts):
            permitted.setdefault(value, f"data ({key})")
        news = house.news
        return cls(
            permitted,
            house=[*news.companies, *news.region.overseas_names, *news.region.domestic_names],
            aliases=news.aliases.values(),
            common=house.draft.common_terms,
            suffixes=house.draft.name_suffixes,
            generic=house.draft.generic_words,
        )

    def check(self, sentence: str, sources: Mapping[str, str]) -> list[NameFound]:
        """Every name of ``sentence`` with where it is allowed from (``sources``: label -> text)."""
        s, index = squeeze(sentence)
        squeezed = {w: squeeze(t)[0] for w, t in sources.items()}
        keys: dict[str, str] = {}
        for w, t in sources.items():
            for k in latin_keys(t):
                keys.setdefault(k, w)
        out: list[NameFound] = []
        covered: set[int] = set()  # positions (in the sentence) inside a dictionary name or quotes
        for a, b, key in self._scanner.scan(s):
            covered.update(range(index[a], index[b - 1] + 1))
            text = sentence[index[a] : index[b - 1] + 1]
            if self.known[key]:
                out.append(NameFound(text, "dictionary", (self.permitted[key],)))
            else:
                spellings = sorted(self.groups.get(key, {key}), key=lambda x: (x != key, x))
                found = [f"{w} «{sp}»" for sp in spellings for w, t in squeezed.items() if has_name(t, sp)]
                out.append(NameFound(text, "dictionary", tuple(found[:1])))
        for m in _QUOTED.finditer(sentence):
            covered.update(range(m.start(), m.end()))
            inner = squeeze(m[1])[0]
            found = [w for w, t in squeezed.items() if inner in t]
            if not found and inner in self.permitted:
                found = [self.permitted[inner]]
            out.append(NameFound(m[0], "quoted", tuple(found[:1])))
        for a, b, word in latin_words(sentence):
            if a in covered or word[0].isdigit() or word in self.common:  # 650m, 70b, 4k: the number rule's
                continue
            parts = [word, *word.split(".")]
            where = next((keys[p] for p in parts if p in keys), None)
            out.append(NameFound(sentence[a:b], "latin", (where,) if where else ()))
        out += self._suffixed(s, index, sentence, covered, squeezed)
        return out

    def _suffixed(
        self, s: str, index: list[int], sentence: str, covered: set[int], squeezed: Mapping[str, str]
    ) -> list[NameFound]:
        out = []
        for suffix in self.suffixes:
            for m in re.finditer(re.escape(suffix), s):
                j = m.start()
                if j == 0 or not IS_CJK.match(s[j - 1]) or index[j - 1] in covered or index[j] in covered:
                    continue
                before = s[max(0, j - 4) : j]
                if any(before.endswith(g) for g in self.generic):
                    continue
                core = s[j - 2 : j] if j >= 2 and IS_CJK.match(s[j - 2]) else s[j - 1]
                found = [w for w, t in squeezed.items() if core in t]
                if not found:
                    found = [where for k, where in self.permitted.items() if core in k][:1]
                run = re.search(f"[{CJK}]{{1,4}}$", before)
                start = index[j - len(run[0])] if run else index[j - 1]
                out.append(NameFound(sentence[start : index[m.end() - 1] + 1], "suffix", tuple(found[:1])))
                covered.update(range(index[j], index[m.end() - 1] + 1))
        return out


def _named_strings(value: Any, key: str = "") -> Iterable[tuple[str, str]]:
    """(facts.json key, string) of every name the month's data holds (products, companies, apps, …)."""
    if isinstance(value, str):
        if key in DATA_NAME_KEYS:
            yield key, value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from _named_strings(v, str(k))
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _named_strings(v, key)
