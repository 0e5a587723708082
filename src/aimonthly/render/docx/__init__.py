"""The Word edition: a file an analyst edits and publishes from.

Started from the house template (house-template.docx, or the firm's own: house [word] template),
laid out from the ``Document`` tree with real heading styles numbered by Word, contents and list of
figures written into their TOC fields, SEQ captions, tables in the house table style, a cover
without running header, and the compliance line in every footer.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from aimonthly.core.files import write_atomic
from aimonthly.core.house import WordSettings, default_house
from aimonthly.core.safe import printable_tree
from aimonthly.render.docx.settings import word_settings
from aimonthly.render.docx.writer import Writer
from aimonthly.render.errors import RenderError
from aimonthly.render.stable import report_datetime, stable_zip
from aimonthly.report.model import Document

__all__ = ["WordSettings", "word_settings", "render_docx", "write_docx"]


def render_docx(doc: Document, word: WordSettings | None = None) -> bytes:
    """The Word file's bytes (``word``: the house [word] settings, by default the packaged ones);
    equal documents give equal bytes."""
    w = Writer(printable_tree(doc), word or default_house().word)  # every text as aimonthly.core.safe allows
    w.build()
    buf = io.BytesIO()
    w.d.save(buf)
    return stable_zip(buf.getvalue(), report_datetime(doc.cover.date))


def write_docx(doc: Document, path: str | os.PathLike, word: WordSettings | None = None) -> Path:
    """Write the Word edition to ``path`` atomically and return the path."""
    path = Path(path)
    return write_atomic(path, render_docx(doc, word), error=RenderError)
