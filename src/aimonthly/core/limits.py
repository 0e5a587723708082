"""The ingest limits: top-level settings (``max_row_mb``, …) declared here, with their defaults
and help, so that ingest (which may not import config) has them; config's ``SettingValues`` takes
these same fields. ``aimonthly.ingest.limits`` applies them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from aimonthly.core.house.base import Positive, Section


class Limits(Section):
    """The readers' limits; ``Limits()`` holds the defaults, ``from_settings`` the resolved settings."""

    max_row_mb: Positive = Field(
        16, description="Ingest limit: the longest line (or CSV row) of a CSV or JSONL file, in MB."
    )
    max_json_depth: Positive = Field(
        64, description="Ingest limit: how deep lists and objects may nest in one JSONL record."
    )
    max_xlsx_unzipped_mb: Positive = Field(
        2048, description="Ingest limit: the size of an XLSX workbook's contents once unzipped, in MB."
    )
    max_xlsx_ratio: Positive = Field(
        200,
        description="Ingest limit: an XLSX workbook's unzipped size over its file size "
        "(a zip bomb's mark; checked above 16 MB unzipped).",
    )
    max_feed_mb: Positive = Field(64, description="Ingest limit: the size of an RSS/Atom file, in MB.")

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(**{name: getattr(settings, name) for name in cls.model_fields})


def setting(name: str) -> Any:
    """The field ``name`` (type, default and help) for config's ``SettingValues``, declared once here."""
    return Limits.model_fields[name]
