"""The ratings a report gives: the front matter's ``ratings:`` list, checked against the house's rating
scale and industries (the report's build records them; aimonthly ratings backtest evaluates them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from aimonthly.content.errors import ContentError
from aimonthly.core.house import HouseSettings
from aimonthly.core.names import suggestion
from aimonthly.core.ratings import KINDS, Rating


def ratings_from_meta(
    meta: Mapping[str, Any], month: str, house: HouseSettings, path: Path | str = ""
) -> list[Rating] | None:
    """The front matter's ``ratings:`` list, checked against the scale; None when the key is absent."""
    entries = meta.get("ratings")
    if entries is None:
        return None
    where = f"{path}: front matter ratings"
    if not isinstance(entries, list):
        raise ContentError(f"{where} must be a list of {{subject, rating, action}}")
    names = house.rating_scale.names
    industries = {i.name: i.index for i in house.market.industries}
    out, seen = [], set()
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not e.get("subject") or not e.get("rating"):
            raise ContentError(
                f"{where}, item {n}: give at least subject and rating, e.g. {{subject: 计算机, rating: 买入}}"
            )
        kind, subject, rating = str(e.get("kind", "industry")), str(e["subject"]), str(e["rating"])
        if kind not in KINDS:
            raise ContentError(
                f"{where}, item {n}: kind {kind!r} is not one of {', '.join(KINDS)}{suggestion(kind, KINDS)}"
            )
        if rating not in names:
            raise ContentError(
                f"{where}, item {n}: rating {rating!r} is not on the rating scale"
                f"{suggestion(rating, names)} ({', '.join(names)})",
                hint="the scale is house.toml [rating_scale]",
            )
        if (kind, subject) in seen:
            raise ContentError(f"{where}, item {n}: {subject} is rated twice")
        seen.add((kind, subject))
        code = e.get("code") or (industries.get(subject) if kind == "industry" else subject)
        out.append(
            Rating(
                month,
                meta["date"],
                kind,
                subject,
                str(code) if code else None,
                rating,
                str(e["action"]) if e.get("action") else None,
            )
        )
    return out
