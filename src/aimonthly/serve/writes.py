"""What a write must show before the workbench does it (SECURITY.md): it is a POST, from a page of this
workbench, in this browser's session.

Each browser gets a session: a random id in a cookie that scripts cannot read and other sites' requests do
not carry (HttpOnly, SameSite=Strict). Every form holds the session's token (an HMAC of the id under a key
that lives as long as the server), and a write is refused (403) unless the token matches and the request's
Origin (or, without one, its Referer) is this server's own address. ``serve --read-only`` registers no
write route at all.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "aimonthly_session"
SESSION = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
MAX_FORM = 1024 * 1024  # a review form: a product's name (up to 20,000 characters), a reason, two hashes


class Refused(Exception):
    """A write the workbench will not do: 403 (not from its own page) or 409 (the file changed)."""

    def __init__(self, status: int, key: str, **values: str):
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


class Sessions:
    """Gives each browser a session id (a cookie, set on its first response) and puts it in the scope."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = SimpleCookie()
        for k, v in scope["headers"]:
            if k == b"cookie":
                try:
                    cookie.load(v.decode("latin-1"))
                except Exception:  # a malformed Cookie header: as if there were none
                    cookie = SimpleCookie()
        held = cookie.get(COOKIE)
        fresh = held is None or not SESSION.match(held.value)
        sid = secrets.token_urlsafe(32) if fresh else held.value  # type: ignore[union-attr]
        scope.setdefault("state", {})["session"] = sid

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                value = f"{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Strict"
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode())]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def form_token(request: Request) -> str:
    """The token the session's forms carry."""
    sid = request.scope.get("state", {}).get("session", "")
    return hmac.new(request.app.state.secret, sid.encode(), hashlib.sha256).hexdigest()


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.headers.get('host', '')}".lower()


def same_origin(request: Request) -> bool:
    """The request says it comes from a page of this server: its Origin, else its Referer."""
    own = _own_origin(request)
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() == own
    referer = request.headers.get("referer")
    return referer is not None and (referer.lower() + "/").startswith(own + "/")


async def write_form(request: Request) -> dict[str, str]:
    """The fields of a write's form, once the request has shown it may write; else ``Refused`` (403)."""
    if not same_origin(request):
        raise Refused(403, "error.forbidden")
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        raise Refused(403, "error.forbidden")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise Refused(403, "error.forbidden")
    try:
        fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        raise Refused(403, "error.forbidden") from None
    if not hmac.compare_digest(fields.get("csrf", ""), form_token(request)):
        raise Refused(403, "error.forbidden")
    return fields
