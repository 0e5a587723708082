"""One GET of a feed, bounded: one deadline for the whole request, redirects included, and a policy
for where redirects may lead.

urllib's ``timeout`` bounds each wait on the socket, not the request: a server sending one byte of
its headers a second, or a chain of slow redirects, each restarting the clock, holds the caller
for as long as it likes. So each request gets a ``Deadline``: every connection it opens (the first
and each redirect's) is given what is left of it as its timeout, and when it passes, a timer shuts
the open sockets down, which ends any read in progress at once. Redirects are followed at most
``max_redirects`` times, only to http or https, and only to the feed's own host (``http`` to
``https`` on the default ports included) or to one the feed allows.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from aimonthly import __version__
from aimonthly.core.errors import plural
from aimonthly.core.limits import Limits

USER_AGENT = f"aimonthly/{__version__} (feed reader)"
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
DEFAULT_PORTS = {"http": 80, "https": 443}


class FeedFetchError(Exception):
    """One feed could not be fetched or read; the message is the reason (the others go on)."""


class Deadline:
    """The time a request has in all; on expiry the sockets it watches are shut down (what is reading ends)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def error(self) -> FeedFetchError:
        return FeedFetchError(f"timed out after {self.seconds:g} s (the whole request, redirects included)")

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's: an SSL socket's own would touch its state
    except OSError:  # already closed
        pass


def _watched(connection: Any, deadline: Deadline) -> Any:
    class Watched(connection):
        def connect(self) -> None:
            self.timeout = deadline.remaining()  # each hop's connection: what is left, not a fresh timeout
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _Watching:
    """A handler whose connections the request's deadline watches."""

    deadline: Deadline

    def do_open(self, http_class, req, **kwargs):
        return super().do_open(_watched(http_class, self.deadline), req, **kwargs)  # type: ignore[misc]


class _HTTP(_Watching, urllib.request.HTTPHandler):
    pass


class _HTTPS(_Watching, urllib.request.HTTPSHandler):
    pass


def _watching(handler: type[_HTTP] | type[_HTTPS], deadline: Deadline) -> urllib.request.BaseHandler:
    h = handler()
    h.deadline = deadline
    return h


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, int | None]:
    return (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(parts.scheme)


def _host(parts: urllib.parse.SplitResult) -> str:
    return (parts.hostname or "") + (f":{parts.port}" if parts.port else "")


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most ``limit`` redirects, to http or https, on the first URL's host or an allowed one."""

    def __init__(self, url: str, limit: int, allowed: tuple[str, ...]):
        super().__init__()
        self.first = urllib.parse.urlsplit(url)
        self.limit, self.allowed = limit, {a.lower() for a in allowed}
        self.max_redirections = limit + 1  # type: ignore[misc]  # urllib's own count never comes first
        self.followed = 0

    def _same_host(self, parts: urllib.parse.SplitResult) -> bool:
        (host, port), (first_host, first_port) = _origin(parts), _origin(self.first)
        upgrade = self.first.scheme == "http" and parts.scheme == "https" and (first_port, port) == (80, 443)
        return host == first_host and (port == first_port or upgrade)

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urllib.parse.urlsplit(newurl)
        if parts.scheme not in ("http", "https"):
            raise FeedFetchError(f"redirected to {newurl[:80]!r}, which is not http or https")
        self.followed += 1
        if self.followed > self.limit:
            raise FeedFetchError(f"more than {plural(self.limit, 'redirect')} (setting [fetch] max_redirects)")
        allowed = {(parts.hostname or "").lower(), _host(parts).lower()} & self.allowed
        if not self._same_host(parts) and not allowed:
            raise FeedFetchError(
                f"redirected to another host, {_host(parts)}: add it to the feed's redirect_hosts to follow "
                f"it there, or give the feed's new address as its url"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http or https URL")
    return url


def http_get(
    url: str,
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    max_bytes: int | None = None,
    max_redirects: int = 5,
    redirect_hosts: tuple[str, ...] = (),
) -> tuple[int, bytes, dict[str, str]]:
    """(status, body, headers) of a GET; 304 comes back as a status, not an error. ``timeout`` bounds the
    whole request, every redirect included; the answer is cut at ``max_bytes`` (default: max_feed_mb)."""
    check_url(url)
    max_bytes = max_bytes or Limits().max_feed_mb << 20
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT, **(headers or {})})
    with Deadline(timeout) as deadline:
        opener = urllib.request.build_opener(
            _watching(_HTTP, deadline), _watching(_HTTPS, deadline), _Redirects(url, max_redirects, redirect_hosts)
        )
        try:
            with opener.open(req, timeout=deadline.remaining()) as resp:
                chunks, size = [], 0
                while chunk := resp.read1(1 << 16):  # what has arrived, not "wait for 64 KiB"
                    size += len(chunk)
                    if size > max_bytes:
                        raise FeedFetchError(f"the answer is larger than {max_bytes >> 20} MB")
                    chunks.append(chunk)
                if deadline.expired:  # the sockets were shut: what arrived is a part
                    raise deadline.error()
                return resp.status, b"".join(chunks), dict(resp.headers.items())
        except FeedFetchError:
            raise
        except urllib.error.HTTPError as e:
            if e.code == 304:
                return 304, b"", dict(e.headers.items())
            raise FeedFetchError(f"HTTP {e.code} {e.reason}") from e
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
            if deadline.expired or isinstance(e, TimeoutError) or isinstance(getattr(e, "reason", None), TimeoutError):
                raise deadline.error() from e
            if isinstance(e, urllib.error.URLError):
                raise FeedFetchError(f"cannot connect: {getattr(e.reason, 'strerror', None) or e.reason}") from e
            raise FeedFetchError(f"the request failed: {type(e).__name__}: {e}") from e  # a reset, a bad answer
