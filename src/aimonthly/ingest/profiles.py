"""Vendor profiles: what a vendor's file needs, remembered (house ``[[inbox.profiles]]``, docs/cycle.md).

A desk whose vendor heads its columns its own way types ``--map`` by hand every month; a profile keeps
those options under a file-name pattern. ``aimonthly ingest DATASET FILE [options] --save-profile NAME``
writes one into the project's aimonthly.toml (comments kept, the result validated before it is written,
the file replaced atomically); the inbox and ``aimonthly ingest`` apply the first profile whose pattern
is found in a file's name. The month a file lacks is read from its name or its title line
(``month_from``), the list from the profile.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from aimonthly.core.errors import ConfigError
from aimonthly.ingest.errors import IngestError, Problem

_EN_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = re.compile(
    r"(?<!\d)(?P<y>20\d\d)\s*(?:[-_./年]\s*(?P<m>\d{1,2})(?!\d)\s*月?|(?P<m2>0[1-9]|1[0-2])(?!\d))"
    r"|(?P<en>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s,_-]*(?P<ey>20\d\d)",
    re.IGNORECASE,
)
HEAD_BYTES = 1 << 14


def month_in(text: str) -> str | None:
    """The first month written in ``text`` as YYYY-MM: 2024-06, 2024_06, 202406, 2024年6月, June 2024."""
    for m in _MONTH.finditer(text):
        if m["en"]:
            return f"{m['ey']}-{_EN_MONTHS.index(m['en'].lower()[:3]) + 1:02d}"
        month = int(m["m"] or m["m2"])
        if 1 <= month <= 12:
            return f"{m['y']}-{month:02d}"
    return None


@dataclass(frozen=True)
class Applied:
    """A profile's options for one file, as ingest takes them."""

    profile: str
    dataset: str
    fill: dict[str, str] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)  # mapping, skip_rows, source

    def describe(self) -> str:
        parts = [f"{k} {v}" for k, v in self.fill.items()]
        parts += [f"--map {k}={v}" for k, v in self.options.get("mapping", {}).items()]
        if self.options.get("skip_rows") is not None:
            parts.append(f"--skip-rows {self.options['skip_rows']}")
        if self.options.get("source"):
            parts.append(f"source {self.options['source']}")
        return f"profile {self.profile!r}" + (f" ({', '.join(parts)})" if parts else "")


def find(name: str, profiles: Iterable) -> Any | None:
    """The first profile whose pattern is found in the file name ``name`` (any case), or None."""
    return next((p for p in profiles if re.search(p.pattern, name, re.IGNORECASE)), None)


def _title_lines(path: Path) -> str:
    """The text above a CSV's header (an XLSX's title rows), where vendors write the month."""
    from aimonthly.ingest.layout import header_index
    from aimonthly.ingest.readers import FORMATS, detect_encoding

    fmt = FORMATS.get(path.suffix.lower())
    if fmt == "csv":
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
        lines = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff").splitlines()
        return "\n".join(lines[: header_index(lines)])
    if fmt == "xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            out = []
            for row in wb.worksheets[0].iter_rows(values_only=True, max_row=10):
                if sum(v is not None for v in row) >= 2:
                    break
                out += [str(v) for v in row if v is not None]
            return "\n".join(out)
        finally:
            wb.close()
    return ""


def apply(profile, path: Path) -> Applied:
    """The options ``profile`` gives the file at ``path``; IngestError when its month cannot be read."""
    fill: dict[str, str] = {}
    if profile.list:
        fill["list"] = profile.list
    if profile.month_from:
        where = path.name if profile.month_from == "name" else _title_lines(path)
        month = month_in(where)
        if month is None:
            raise IngestError(
                path.name,
                [
                    Problem(
                        None,
                        "month",
                        f"the file's {profile.month_from} holds no month ({where[:80]!r}): the month_from of "
                        f"profile {profile.name!r}",
                    )
                ],
                hint="give the month with --month, or correct the profile's month_from",
            )
        fill["month"] = month
    options: dict[str, Any] = {}
    if profile.map:
        options["mapping"] = dict(profile.map)
    if profile.skip_rows is not None:
        options["skip_rows"] = profile.skip_rows
    if profile.source:
        options["source"] = profile.source
    return Applied(profile.name, profile.dataset, fill, options)


def _escape(text: str) -> str:
    """``text`` as a literal in a pattern, escaping only what a regular expression reads (not "-")."""
    return re.sub(r"([.^$*+?{}\[\]\\|()])", r"\\\1", text)


def pattern_for(file_name: str) -> str:
    """A pattern for the vendor's next files: the name with every run of digits generalised, anchored."""
    return "^" + "".join(r"\d+" if part.isdigit() else _escape(part) for part in re.split(r"(\d+)", file_name)) + "$"


def profile_from_ingest(
    name: str,
    dataset: str,
    path: Path,
    *,
    fill: Mapping[str, str | None] | None = None,
    mapping: Mapping[str, str] | None = None,
    skip_rows: int | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """The profile of one ingest's options: the month, when it was given, is read next time from where
    the file writes it (its name, else its title line)."""
    fill = {k: v for k, v in (fill or {}).items() if v}
    out: dict[str, Any] = {"name": name, "pattern": pattern_for(Path(path).name), "dataset": dataset}
    if mapping:
        out["map"] = dict(mapping)
    if skip_rows is not None:
        out["skip_rows"] = skip_rows
    if source:
        out["source"] = source
    if fill.get("list"):
        out["list"] = fill["list"]
    if fill.get("month"):
        if month_in(Path(path).name) == fill["month"]:
            out["month_from"] = "name"
        elif month_in(_title_lines(Path(path))) == fill["month"]:
            out["month_from"] = "title"
    return out


def save_profile(project_file: Path, profile: Mapping[str, Any]) -> Path:
    """Write ``profile`` into ``project_file``'s [[house.inbox.profiles]] (replacing one of the same name),
    keeping the file's comments; the result is validated first, and replaces the file atomically."""
    import tomlkit

    from aimonthly.core.files import write_atomic
    from aimonthly.core.house import Layer, house_from_layers

    project_file = Path(project_file)
    text = project_file.read_text(encoding="utf-8") if project_file.is_file() else ""
    try:
        doc = tomlkit.parse(text)
    except Exception as e:  # tomlkit's parse errors have no common public base
        raise ConfigError(f"{project_file}: not valid TOML ({e}); the profile was not saved") from e
    house = doc.get("house")
    if house is None:
        doc["house"] = house = tomlkit.table(is_super_table=True)
    if "inbox" not in house:
        house["inbox"] = tomlkit.table(is_super_table=True)
    inbox = house["inbox"]
    if "profiles" not in inbox:
        inbox["profiles"] = tomlkit.aot()
    entry = tomlkit.table()
    for k, v in profile.items():
        if k == "map":
            t = tomlkit.inline_table()
            t.update(v)
            entry[k] = t
        elif k == "pattern" and "'" not in v:
            entry[k] = tomlkit.string(v, literal=True)
        else:
            entry[k] = v
    profiles = inbox["profiles"]
    same = [i for i, p in enumerate(profiles) if p.get("name") == profile["name"]]
    if same:
        profiles[same[0]] = entry
    else:
        profiles.append(entry)
    new = tomlkit.dumps(doc)
    house_from_layers([Layer(str(project_file), "house", tomllib.loads(new).get("house", {}))])  # ConfigError if bad
    write_atomic(project_file, new, error=ConfigError)
    return project_file


def with_profile(dataset: str, path: Path, profiles: Iterable, given: Mapping[str, Any]) -> tuple[dict, Applied | None]:
    """The options to ingest ``path`` with: the first profile of ``dataset`` whose pattern is in its name,
    under what the command line ``given`` (fill, mapping, skip_rows, source), which wins key by key."""
    profile = find(Path(path).name, [p for p in profiles if p.dataset == dataset])
    if profile is None:
        return {}, None
    applied = apply(profile, Path(path))
    fill = {k: v for k, v in given.get("fill", {}).items() if v}
    out: dict[str, Any] = {"fill": applied.fill | fill}
    out["mapping"] = applied.options.get("mapping", {}) | dict(given.get("mapping") or {})
    for key in ("skip_rows", "source"):
        if given.get(key) is None and applied.options.get(key) is not None:
            out[key] = applied.options[key]
    return out, applied
