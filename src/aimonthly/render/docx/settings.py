"""The house's [word] settings as the writer needs them: typed in core/house/word.py (house.toml holds
the defaults), with the template made a path that exists before any work is done."""

from __future__ import annotations

from pathlib import Path

from aimonthly.core.errors import ConfigError
from aimonthly.core.house import HouseSettings, WordSettings


def word_settings(house: HouseSettings, base: Path | None = None) -> WordSettings:
    """``house.word`` with its template as an absolute path ("" stays: the shipped template); a relative
    path is taken from ``base`` (the project folder). A template that is not a file is a ConfigError."""
    word = house.word
    if not word.template:
        return word
    p = Path(word.template).expanduser()
    p = p if p.is_absolute() or base is None else base / p
    if not p.is_file():
        raise ConfigError(
            f"house [word] template {p} does not exist",
            hint='give the path of a .docx (relative to the project folder), or "" for the house template',
        )
    return word.replace(template=str(p))
