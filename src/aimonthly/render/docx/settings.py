"""The house's [word] settings, read in one place (house.toml documents each key and its default)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from aimonthly.errors import ConfigError

KEYS = ("font", "fallbacks", "template")


@dataclass(frozen=True)
class WordSettings:
    font: str = "微软雅黑"  # every text of the Word file, Chinese and Latin
    fallbacks: tuple[str, ...] = field(default=("Microsoft YaHei", "Noto Sans CJK SC"))  # names Word looks for next
    template: Path | None = None  # a .docx to start from; None: the house template shipped in the package


def word_settings(house: Mapping[str, Any], base: Path | None = None) -> WordSettings:
    """``house["word"]`` as WordSettings; a relative template path is taken from ``base`` (the project folder)."""
    w = house.get("word", {}) or {}
    unknown = sorted(set(w) - set(KEYS))
    if unknown:
        raise ConfigError(f"unknown key(s) in the house's [word] settings: {', '.join(unknown)}; known: {', '.join(KEYS)}")
    d = WordSettings()
    font = w.get("font", d.font)
    fallbacks = w.get("fallbacks", list(d.fallbacks))
    if not isinstance(font, str) or not font.strip():
        raise ConfigError(f"house [word] font must be a font name, got {font!r}", hint="e.g. font = \"微软雅黑\"")
    if not isinstance(fallbacks, list) or not all(isinstance(f, str) and f.strip() for f in fallbacks):
        raise ConfigError(f"house [word] fallbacks must be a list of font names, got {fallbacks!r}")
    template = None
    if w.get("template"):
        p = Path(str(w["template"])).expanduser()
        p = p if p.is_absolute() or base is None else base / p
        if not p.is_file():
            raise ConfigError(f"house [word] template {p} does not exist",
                              hint="give the path of a .docx (relative to the project folder), or \"\" for the house template")
        template = p
    return WordSettings(font.strip(), tuple(f.strip() for f in fallbacks), template)
