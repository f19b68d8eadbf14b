"""Reuse a GET response while the data has not changed: the site is read far more than written.

Every service write raises the data version (`carewatch.services.versions`); a response is
kept under the version, the day (ratings turn stale with time), the host and the full path,
so a cached page is exactly what the routes would render now. Responses carry an ETag, and a
client that sends it back gets 304 Not Modified. Only successful responses are kept, and
never more than `max_entries` (least recently used go first).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carewatch.web.identity import SESSION_COOKIE

__all__ = ["ResponseCache"]

MAX_BODY = 2 * 1024 * 1024
_SKIP_PREFIXES = ("/static/",)


@dataclass(frozen=True)
class _Stored:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """ASGI middleware: answer a repeated GET from memory while the data version holds."""

    def __init__(
        self, app: ASGIApp, *, version: Callable[[], int], max_entries: int = 1024
    ) -> None:
        self.app = app
        self.version = version
        self.max_entries = max_entries
        self.entries: OrderedDict[tuple[object, ...], _Stored] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith(_SKIP_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"authorization" in headers or SESSION_COOKIE.encode() in headers.get(b"cookie", b""):
            # A signed-in page differs by who asks: only the public's pages are shared.
            await self.app(scope, receive, send)
            return
        key = (
            self.version(),
            dt.date.today(),
            headers.get(b"host", b""),
            scope.get("root_path", ""),
            scope["path"],
            scope["query_string"],
        )
        stored = self.entries.get(key)
        if stored is not None:
            self.entries.move_to_end(key)
            if headers.get(b"if-none-match") == stored.etag:
                await _send(send, 304, [(b"etag", stored.etag)], b"")
            else:
                await _send(send, stored.status, stored.headers, stored.body)
            return
        await self._fill(key, scope, receive, send)

    async def _fill(
        self, key: tuple[object, ...], scope: Scope, receive: Receive, send: Send
    ) -> None:
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    await self._finish(key, start, b"".join(chunks), send)
                return
            await send(message)

        await self.app(scope, receive, capture)

    async def _finish(
        self, key: tuple[object, ...], start: Message, body: bytes, send: Send
    ) -> None:
        status = int(start["status"])
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"etag"]
        if status != 200 or len(body) > MAX_BODY:
            await _send(send, status, list(start.get("headers", [])), body)
            return
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        headers.append((b"etag", etag))
        self.entries[key] = _Stored(status, headers, body, etag)
        if len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)
        await _send(send, status, headers, body)


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
