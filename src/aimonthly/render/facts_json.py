"""facts.json: every computed figure of the month, machine-readable (docs/facts.md)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError

SCHEMA_VERSION = 1


def _default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(o).__name__}")


# Characters JSON may hold raw but that a terminal, a JavaScript string or a reader's eye should not
# meet raw: DEL and the C1 controls, the bidi controls, the line and paragraph separators. They only
# occur inside strings, so writing them as \u escapes changes no value (json.loads gives them back).
_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def dumps(value: object) -> str:
    """JSON as every machine-readable output writes it (facts.json, ``check --json``): UTF-8 text,
    dates as ISO strings, the characters above escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=2, default=_default)
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def facts_json(facts: dict) -> str:
    return dumps({"schema_version": SCHEMA_VERSION, **facts})


def write_facts(facts: dict, path: Path) -> Path:
    return write_atomic(path, facts_json(facts), error=RenderError)
