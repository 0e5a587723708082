"""The Word edition: a file an analyst edits and publishes from.

Started from the house template (house-template.docx, or the firm's own: house [word] template),
laid out from the ``Document`` tree with real heading styles numbered by Word, contents and list of
figures written into their TOC fields, SEQ captions, tables in the house table style, a cover
without running header, and the compliance line in every footer.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from aimonthly.files import write_atomic
from aimonthly.render.docx.settings import WordSettings, word_settings
from aimonthly.render.docx.writer import Writer, date_of
from aimonthly.render.errors import RenderError
from aimonthly.report.model import Document

__all__ = ["WordSettings", "word_settings", "render_docx", "write_docx"]


def render_docx(doc: Document, word: WordSettings | None = None) -> bytes:
    """The Word file's bytes; equal documents give equal bytes."""
    w = Writer(doc, word or WordSettings())
    w.build()
    buf = io.BytesIO()
    w.d.save(buf)
    return _stable_zip(buf.getvalue(), date_of(doc.cover.date).timetuple()[:6])


def write_docx(doc: Document, path: str | os.PathLike, word: WordSettings | None = None) -> Path:
    """Write the Word edition to ``path`` atomically and return the path."""
    path = Path(path)
    return write_atomic(path, render_docx(doc, word), error=RenderError)


def _stable_zip(data: bytes, when: tuple) -> bytes:
    """Re-pack the zip with one fixed timestamp so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=when), src.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()
