"""facts.json: every computed figure of the month, machine-readable (docs/facts.md)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError

SCHEMA_VERSION = 1


def _default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(o).__name__}")


def facts_json(facts: dict) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, **facts}, ensure_ascii=False, indent=2, default=_default) + "\n"


def write_facts(facts: dict, path: Path) -> Path:
    return write_atomic(path, facts_json(facts), error=RenderError)
