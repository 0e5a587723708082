"""What makes the zipped formats (Word, Excel) byte-stable: the report's date as their timestamp,
and the container re-packed with it, so equal documents give equal bytes."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from aimonthly.render.errors import RenderError


def report_datetime(date: str) -> datetime:
    """The cover's publication date (YYYY-MM-DD) as the files' timestamp."""
    try:
        return datetime.strptime(date, "%Y-%m-%d")
    except ValueError as e:
        raise RenderError(f"封面日期格式不对：{date!r}", hint="应为 YYYY-MM-DD") from e


def stable_zip(data: bytes, when: datetime) -> bytes:
    """Re-pack the zip with one fixed timestamp, and the modified date the writers stamp with "now"
    (docProps/core.xml) put back to ``when``."""
    out, stamp = io.BytesIO(), when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, blob)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6]), blob, zipfile.ZIP_DEFLATED)
    return out.getvalue()
