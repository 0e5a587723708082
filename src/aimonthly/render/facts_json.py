"""facts.json: every computed figure of the month, machine-readable (docs/facts.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from aimonthly.render.errors import RenderError

SCHEMA_VERSION = 1


def _default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(o).__name__}")


def facts_json(facts: dict) -> str:
    return json.dumps({"schema_version": SCHEMA_VERSION, **facts}, ensure_ascii=False, indent=2, default=_default) + "\n"


def write_facts(facts: dict, path: Path) -> Path:
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".facts-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(facts_json(facts))
        os.replace(tmp, path)
    except OSError as e:
        raise RenderError(f"cannot write {path}: {e.strerror}") from None
    return path
