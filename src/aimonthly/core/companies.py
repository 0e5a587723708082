"""One company under its spellings: 微软, Microsoft, Microsoft Corp., MSFT are one company.

Data names a company as its vendor writes it; the house configures each company once (its key, the name
the text prints, and aliases). A spelling is compared by its key: NFKC, simplified Chinese (OpenCC),
any case, without spaces, punctuation or a legal form's suffix (Inc., Corp., Platforms, 股份有限公司, 集团).
Used by the capex tracker ([capex] companies, names and aliases) and the announcements' coverage list
([announcements.companies], whose spellings are those of [news.aliases]).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping

from aimonthly.core.chinese import to_simplified

_SUFFIX = re.compile(
    r"(?:\s*[,.]?\s*(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|plc|ag|sa|se|nv|"
    r"platforms|holdings|group)\.?)+$|(?:股份有限公司|有限责任公司|有限公司|控股集团|集团|控股|公司)$",
    re.IGNORECASE,
)
_PUNCT = re.compile(r"[\s\-_.,，。·・'’&()（）]+")


def company_key(name: str | None) -> str:
    """The comparison key of a company's spelling ('' for none)."""
    if not name:
        return ""
    s = to_simplified(unicodedata.normalize("NFKC", str(name))).strip()
    stripped = _SUFFIX.sub("", s).strip()
    return _PUNCT.sub("", (stripped or s).casefold())


class CompanyNames:
    """Spellings -> the company they name (its configured key)."""

    def __init__(self, groups: Mapping[str, Iterable[str]]):
        self._by: dict[str, str] = {}
        for company, spellings in groups.items():
            for s in (company, *spellings):
                self._by.setdefault(company_key(s), company)

    def resolve(self, name: str | None) -> str | None:
        """The company ``name`` spells, or None when no configured company has that spelling."""
        return self._by.get(company_key(name)) if name else None

    def spellings(self, company: str) -> list[str]:
        return [k for k, v in self._by.items() if v == company]
