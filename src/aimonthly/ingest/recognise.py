"""Which dataset a file holds: a vendor profile, then its header, then its name (the inbox's rule).

0. **Vendor profile.** The first house ``[[inbox.profiles]]`` entry whose pattern is found in the file's
   name gives the dataset and the options the file needs (ingest/profiles.py).
1. **Header signature.** The file's headers are matched against each dataset's canonical columns
   and their aliases (``aliases.py``, the same matching as ingest). A dataset is a candidate when
   the headers name every one of its required columns; among candidates the one naming most of
   its columns wins, then the one leaving fewer headers unused (a stock file also names every
   required index column, but names ``industry`` too). A tie decides nothing. A dataset whose file
   replaces all its rows (the product registry: no scope) is never taken from a header: a stray
   file naming a product column must not replace the registry. When the file's name points at another
   dataset (a stock file whose industry column the header does not name reads as index closes), nothing
   is decided and the reason says both and what to do.
2. **File name.** Otherwise the dataset with a pattern found in the file's name (``[inbox]
   patterns``, any case). Named groups that are the dataset's fillable columns (traffic: month,
   list; app_ranks: keyword) fill those columns. Patterns of two datasets matching decide nothing.

RSS/Atom files are news whatever their name. Only the head of a file is read here, through the
limits ingest applies (a workbook's zip directory first, a JSONL's first line capped: limits.py).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from aimonthly.core.datasets import DATASETS
from aimonthly.core.limits import Limits
from aimonthly.ingest.aliases import lookup, normalize_header
from aimonthly.ingest.errors import IngestError
from aimonthly.ingest.layout import header_index
from aimonthly.ingest.limits import check_first_line, check_xlsx
from aimonthly.ingest.profiles import apply as apply_profile
from aimonthly.ingest.profiles import find as find_profile
from aimonthly.ingest.readers import FORMATS, detect_encoding

HEAD_BYTES = 1 << 16
XLSX_HEAD_ROWS = 30


@dataclass(frozen=True)
class Recognition:
    dataset: str | None
    rule: str  # how it was decided, or why nothing was: for the run's report and log
    fill: dict[str, str] = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # a profile's ingest options: mapping, skip_rows, source


def sniff_headers(path: Path, limits: Limits | None = None) -> list[str]:
    """The file's column names, reading only its head; IngestError when even that cannot be read, or
    when the file is over one of ``limits`` (default: the defaults) that apply before any parser."""
    fmt, limits = FORMATS.get(path.suffix.lower()), limits or Limits()
    if fmt == "csv":
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES + 1)
        if len(head) > HEAD_BYTES:  # cut at a line end, not inside a character
            head = head[: head.rfind(b"\n", 0, HEAD_BYTES) + 1] or head[:HEAD_BYTES]
        text = head.decode(detect_encoding(head), errors="replace").lstrip("\ufeff")
        lines = text.splitlines()
        first = lines[header_index(lines)] if text.strip() else ""  # below a title line, as the reader finds it
        delimiter = max([",", "\t", ";", "|"], key=first.count)
        return next(csv.reader([first], delimiter=delimiter), [])
    if fmt == "xlsx":
        import openpyxl

        check_xlsx(path, limits)  # a zip bomb is refused from its directory, before openpyxl reads a byte
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for i, row in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
                if sum(v is not None for v in row) >= 2:  # the reader's rule: exports often start with a title
                    return ["" if v is None else str(v) for v in row]
                if i >= XLSX_HEAD_ROWS:
                    break
        finally:
            wb.close()
        return []
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    if fmt == "jsonl":
        headers: list[str] = []
        records = [check_first_line(path, limits)]
        budget = HEAD_BYTES * 16  # after the first record: 1 MB and 50 lines at most
        with open(path, "rb") as f:
            f.seek(len(records[0]))
            while len(records) < 50 and budget > 0 and (line := f.readline(budget)).endswith(b"\n"):
                records.append(line)
                budget -= len(line)
        for line in records:
            if line.strip():
                obj = json.loads(line.decode(detect_encoding(line)))
                headers += [k for k in obj if k not in headers] if isinstance(obj, dict) else []
        return headers
    return []


def by_header(headers: list[str]) -> tuple[str | None, str]:
    """The dataset the headers name, and how it was decided (or why not)."""
    norm = [normalize_header(h) for h in headers]
    candidates = []
    for ds in DATASETS.values():
        if not ds.scope:  # the registry: by its name only
            continue
        table = lookup(ds.names)
        named: set[str] = set()
        for h in norm:
            named.update(c for c in table.get(h, [])[:1] if c not in named)
        if {c.name for c in ds.columns if c.required} <= named:
            candidates.append((-len(named), len(headers) - len(named), ds.name))  # most named, fewest unused
    if not candidates:
        return None, "its header names no dataset's required columns"
    candidates.sort(key=lambda c: c[:2])  # stable: ties stay in the datasets' order
    if len(candidates) > 1 and candidates[0][:2] == candidates[1][:2]:
        return None, f"its header fits {candidates[0][2]} and {candidates[1][2]} equally"
    return candidates[0][2], "by its header"


def compile_patterns(patterns: Mapping[str, list[str]], where: str = "[inbox] patterns") -> dict[str, list[re.Pattern]]:
    """Validate ``{dataset: [regex, …]}``; raises ConfigError naming the bad entry."""
    from aimonthly.core.errors import ConfigError
    from aimonthly.core.names import suggestion

    out: dict[str, list[re.Pattern]] = {}
    for name, items in patterns.items():
        if name not in DATASETS:
            raise ConfigError(
                f"{where}: unknown dataset {name!r}{suggestion(name, DATASETS, n=1, quoted=True)}"
                f" (datasets: {', '.join(DATASETS)})"
            )
        items = [items] if isinstance(items, str) else items
        try:
            out[name] = [re.compile(str(p), re.IGNORECASE) for p in items]
        except re.error as e:
            raise ConfigError(f"{where}: {name} has an invalid regular expression {e.pattern!r}: {e}") from None
    return out


def by_name(name: str, patterns: Mapping[str, list[re.Pattern]]) -> Recognition:
    hits = {}
    for dataset, pats in patterns.items():
        m = next((m for p in pats if (m := p.search(name))), None)
        if m:
            hits[dataset] = m
    if len(hits) != 1:
        why = (
            "its name matches no [inbox] pattern"
            if not hits
            else f"its name matches the patterns of {' and '.join(hits)}"
        )
        return Recognition(None, why)
    ((dataset, m),) = hits.items()
    fill = {k: v for k, v in m.groupdict().items() if v and k in DATASETS[dataset].fill}
    return Recognition(dataset, f"by its name (pattern {m.re.pattern!r})", fill)


def _disagree(path: Path, headers: list[str], header_ds: str, named: Recognition) -> Recognition:
    """The name says one dataset, the header another: decide nothing, say both and what to do."""
    ds = DATASETS[named.dataset]  # type: ignore[index]
    table = lookup(ds.names)
    found = {c for h in headers for c in table.get(normalize_header(h), [])[:1]}
    lacking = [c.name for c in ds.columns if c.required and c.name not in found and c.name not in named.fill]
    unused = [h for h in headers if not table.get(normalize_header(h))]
    maps = " ".join(f"--map {c}=HEADER" for c in lacking) or "--map COLUMN=HEADER"
    return Recognition(
        None,
        f"its name says {named.dataset} ({named.rule}) but its header reads as {header_ds}"
        + (
            f" (no header names {', '.join(lacking)}" + (f"; unused: {', '.join(unused)})" if unused else ")")
            if lacking
            else ""
        )
        + f": ingest it once by hand (aimonthly ingest {named.dataset} {path.name} {maps} --save-profile NAME) "
        f"and the inbox will know it",
    )


def recognise(
    path: Path, patterns: Mapping[str, list[re.Pattern]], limits: Limits | None = None, profiles: Sequence[Any] = ()
) -> Recognition:
    """The documented rule: a vendor profile, then the header signature and the file-name patterns (the file's
    head read within ``limits``)."""
    if profiles and (profile := find_profile(path.name, profiles)) is not None:
        try:
            applied = apply_profile(profile, path)
        except IngestError as e:
            return Recognition(None, f"profile {profile.name!r}: {e.problems[0].reason}")
        return Recognition(applied.dataset, f"by {applied.describe()}", applied.fill, applied.options)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        return Recognition(
            None, f"{path.suffix or 'no extension'} is not a data file type (CSV, XLSX, Parquet, JSONL, RSS/Atom)"
        )
    if fmt == "feed":
        return Recognition("news", "an RSS/Atom feed")
    headers: list[str] = []
    try:
        headers = sniff_headers(path, limits)
        dataset, why = by_header(headers)
    except Exception as e:  # an unreadable head (openpyxl and pyarrow raise many kinds): the name may still say
        reason = e.problems[0].reason if isinstance(e, IngestError) and e.problems else type(e).__name__
        dataset, why = None, f"its header cannot be read ({reason})"
    named = by_name(path.name, patterns)
    if dataset and named.dataset and named.dataset != dataset:
        return _disagree(path, headers, dataset, named)
    if dataset:
        return Recognition(dataset, why)
    return named if named.dataset else Recognition(None, f"{why}, and {named.rule}")
