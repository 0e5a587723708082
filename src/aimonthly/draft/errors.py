"""The drafting stage's errors. None of them ever holds the API key: messages name the endpoint by
its address without credentials (``endpoint_label``)."""

from __future__ import annotations

import urllib.parse

from aimonthly.core.errors import AimonthlyError


class DraftError(AimonthlyError):
    """Drafting cannot start or cannot go on (no endpoint set, the extra missing, the key refused)."""

    stage = "draft"


class EndpointUnreachable(DraftError):
    """The endpoint does not answer at all (refused, no such host, TLS failure)."""


def endpoint_label(base_url: str) -> str:
    """The endpoint as errors and the draft's header name it: scheme, host, port and path, never a
    user, password or query (a key can hide in any of them)."""
    parts = urllib.parse.urlsplit(base_url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path.rstrip("/"), "", "")) or "(no endpoint)"
