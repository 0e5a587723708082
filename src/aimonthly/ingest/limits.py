"""Limits on what the readers accept: a file made to exhaust memory or time is refused, unread,
with a message that names the limit and the setting that raises it.

Each check runs before the expensive read, and costs a small fraction of it: a zip's directory
(not its contents), a walk over a file's bytes that jumps from line to line a window at a time,
a count of brackets. The defaults are far above any genuine export (BENCHMARKS.md has the figures
on the attack inputs); the settings (declared in core/limits.py) are in docs/settings.md.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from aimonthly.core.limits import Limits
from aimonthly.ingest.errors import IngestError, Problem

MB = 1 << 20
RATIO_FLOOR = 16 * MB  # a workbook that unzips to less than this is never a bomb, whatever its ratio


def _mb(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n < 10 * MB else f"{n / MB:,.0f} MB"


def _refuse(path: Path, reason: str, setting: str, row: int | None = None, what: str = "the file") -> IngestError:
    return IngestError(
        path.name,
        [Problem(row, None, reason)],
        hint=f"nothing was read; if {what} is genuine, raise the setting {setting} "
        f"(aimonthly config shows it), or export the data again in smaller pieces",
    )


def check_lines(path: Path, data: bytes, limits: Limits) -> None:
    """Refuse a text file with a line longer than ``max_row_mb`` (before it is decoded or parsed).

    Jumps a window of ``max_row_mb`` at a time to the last newline in it: a few steps per window,
    so the check costs next to nothing on a file of short lines."""
    limit, pos, n = limits.max_row_mb * MB, 0, len(data)
    while n - pos > limit:
        nl = data.rfind(b"\n", pos, pos + limit + 1)
        if nl < 0:
            end = data.find(b"\n", pos)
            length = (n if end < 0 else end) - pos
            raise _refuse(
                path,
                f"a line of {_mb(length)}, over the limit of {limits.max_row_mb} MB for one "
                f"line (setting max_row_mb): refused unread",
                "max_row_mb",
                row=data.count(b"\n", 0, pos) + 1,
                what="a line this long",
            )
        pos = nl + 1


def check_xlsx(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose parts unzip to more than the limits allow (a zip bomb), from the
    sizes in its zip directory: Python's zipfile never inflates a part past its stated size."""
    try:
        with zipfile.ZipFile(path) as z:
            total = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a readable zip: the reader says so in its own words
    size = max(path.stat().st_size, 1)
    if total > limits.max_xlsx_unzipped_mb * MB:
        raise _refuse(
            path,
            f"the workbook unzips to {_mb(total)}, over the limit of "
            f"{limits.max_xlsx_unzipped_mb:,} MB (setting max_xlsx_unzipped_mb): refused unread",
            "max_xlsx_unzipped_mb",
            what="the workbook",
        )
    if total > RATIO_FLOOR and total / size > limits.max_xlsx_ratio:
        raise _refuse(
            path,
            f"the workbook unzips to {_mb(total)} from {_mb(size)}, {total / size:,.0f}× "
            f"its size; over {limits.max_xlsx_ratio}× (setting max_xlsx_ratio) is the mark "
            f"of a zip bomb: refused unread",
            "max_xlsx_ratio",
            what="the workbook",
        )


def check_first_line(path: Path, limits: Limits) -> bytes:
    """The file's first line (its header, or a JSONL's first record), refused unread when it is longer than
    ``max_row_mb``: at most that many bytes are read, whatever the file holds."""
    limit = limits.max_row_mb * MB
    with open(path, "rb") as f:
        line = f.readline(limit + 1)
    if len(line) > limit:
        raise _refuse(
            path,
            f"its first line is longer than the limit of {limits.max_row_mb} MB for one line (setting max_row_mb): "
            f"refused unread",
            "max_row_mb",
            row=1,
            what="a line this long",
        )
    return line


def check_feed_size(path: Path, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.max_feed_mb * MB:
        raise _refuse(
            path,
            f"the feed is {_mb(size)}, over the limit of {limits.max_feed_mb} MB (setting max_feed_mb): refused unread",
            "max_feed_mb",
            what="the feed",
        )


def check_unread(path: Path, fmt: str | None, limits: Limits) -> None:
    """The limits that are checked before any parser opens a file of type ``fmt``, at a cost next to
    nothing: a workbook's zip directory, the first line of a CSV or JSONL, a feed's size. The inbox
    runs them before it looks at a file's header, so that recognising a file is bounded as reading it is."""
    if fmt == "xlsx":
        check_xlsx(path, limits)
    elif fmt in ("csv", "jsonl"):
        check_first_line(path, limits)
    elif fmt == "feed":
        check_feed_size(path, limits)


def unreadable_xlsx(e: Exception) -> str:
    """Why openpyxl could not read a workbook, in words; XML entities (refused by defusedxml) named as such."""
    from defusedxml import DefusedXmlException

    cause: BaseException | None = e
    while cause is not None and not isinstance(cause, DefusedXmlException):  # openpyxl wraps it in a ValueError
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return (
            f"the workbook's XML declares entities or a DTD ({cause.__class__.__name__}): they can expand without "
            f"end or read local files, so such workbooks are refused"
        )
    return f"not a readable XLSX workbook ({e.__class__.__name__})"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
LONE_SURROGATE = (
    "holds an escaped lone surrogate (a \\uD800–\\uDFFF escape or &#xD800;-style reference without its "
    "pair), which is no character and no UTF-8 text can hold"
)


def lone_surrogate(record: dict) -> bool:
    """Whether a decoded record (JSON object, feed entry) holds a lone surrogate in a key or a text value:
    JSON's "\\ud800" and XML's "&#55296;" decode to one, and Arrow (and every output) refuses it."""
    return any(isinstance(x, str) and _LONE_SURROGATE.search(x) for kv in record.items() for x in kv)


_BRACKETS = re.compile(r"[\[\]{}]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def json_too_deep(line: str, limits: Limits) -> bool:
    """Whether one JSON text nests lists and objects deeper than ``max_json_depth``. Counting the
    brackets settles almost every line; only a line with more brackets than the limit is walked."""
    if line.count("[") + line.count("{") <= limits.max_json_depth:
        return False
    depth = 0
    for m in _BRACKETS.finditer(_JSON_STRING.sub("", line)):
        depth += 1 if m.group() in "[{" else -1
        if depth > limits.max_json_depth:
            return True
    return False


def read_feed_bytes(path: Path, limits: Limits) -> bytes:
    """A feed's bytes, once it is known to be no bigger than ``max_feed_mb`` and to declare no XML
    entities and refer to no external ones (entity expansion, "billion laughs"; external entities,
    which read local files or URLs).

    defusedxml parses it with those forbidden. A feed that is not well-formed XML is left to
    feedparser's lenient parser, which drops any entity declaration that is not a plain string."""
    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    check_feed_size(path, limits)
    data = path.read_bytes()
    try:
        fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except (EntitiesForbidden, ExternalReferenceForbidden) as e:
        kind = "refers to an external entity" if isinstance(e, ExternalReferenceForbidden) else "declares XML entities"
        raise IngestError(
            path.name,
            [
                Problem(
                    None,
                    None,
                    f"the feed {kind} (<!ENTITY …> in its DOCTYPE): entities can "
                    f"expand without end or read local files, so feeds with "
                    f"them are refused unread",
                )
            ],
            hint="ask the publisher for a feed without a DOCTYPE, or save its items as CSV",
        ) from e
    except Exception:  # not well-formed, or not XML at all: feedparser judges it (ParseError, DTDForbidden, …)
        pass
    return data
