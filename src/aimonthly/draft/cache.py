"""The drafts' response cache: one JSON file per request, named by the SHA-256 of (endpoint, model,
messages, parameters), so that a rebuild asks nothing twice and drafts the same text. A file holds
the request and the answer, never the key (the key is no part of the request)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from aimonthly.draft.errors import DraftError


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/aimonthly/llm, or ~/.cache/aimonthly/llm."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aimonthly" / "llm"


def request_key(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


class ResponseCache:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> str | None:
        try:
            record = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # absent, or a half-written file from a crash: ask again
        text = record.get("answer") if isinstance(record, dict) else None
        return text if isinstance(text, str) else None

    def put(self, key: str, request: dict[str, Any], answer: str) -> None:
        path = self._path(key)
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"request": request, "answer": answer}, f, ensure_ascii=False, indent=1)
            os.replace(tmp, path)  # whole or absent: a reader never sees half a file
        except OSError as e:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise DraftError(
                f"cannot write the response cache in {self.folder}: {e.strerror}",
                hint="set llm_cache_dir to a folder you can write",
            ) from e
