"""Unknown names (datasets, blocks, formats, columns): an error that puts the closest known names first."""

from __future__ import annotations

import difflib
from typing import Iterable

from aimonthly.core.errors import AimonthlyError

SHOWN = 3  # the closest names offered first


class UnknownName(AimonthlyError):
    """A name that is not one of the known ones (a typo, most often)."""


def closest(name: str, known: Iterable[str], n: int = SHOWN) -> list[str]:
    """The ``n`` known names nearest to ``name``, nearest first; a case or separator slip counts as near."""
    known = list(dict.fromkeys(known))
    folded = {k.lower().replace("-", "_"): k for k in known}
    exact = folded.get(name.lower().replace("-", "_"))
    near = difflib.get_close_matches(name.lower(), [k.lower() for k in known], n=n, cutoff=0.5)
    by_lower = {k.lower(): k for k in known}
    out = ([exact] if exact else []) + [by_lower[k] for k in near]
    return list(dict.fromkeys(out))[:n]


def suggestion(name: str, known: Iterable[str], *, n: int = SHOWN, quoted: bool = False) -> str:
    """'; did you mean traffic?' (or '' when nothing is near); ``quoted`` writes names as a settings file does ('x')."""
    near = [repr(k) if quoted else k for k in closest(name, known, n)]
    return (
        f"; did you mean {' or '.join(near) if len(near) < 3 else ', '.join(near[:-1]) + ' or ' + near[-1]}?"
        if near
        else ""
    )


def unknown(
    what: str, name: str, known: Iterable[str], *, error: type[AimonthlyError] = UnknownName, where: str = ""
) -> AimonthlyError:
    """The error for an unknown ``what`` (dataset, block, …): the closest names first, then every known one."""
    known = list(known)
    listed = ", ".join(known)
    return error(
        f"{where}unknown {what} {name!r}{suggestion(name, known)}", hint=f"known {what}s ({len(known)}): {listed}"
    )
