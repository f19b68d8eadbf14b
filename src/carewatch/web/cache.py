"""Reuse a GET response while the data has not changed: the site is read far more than written.

Every service write raises the data version (`carewatch.services.versions`); a response is
kept under the version, the day (ratings turn stale with time), the host, the path and the
query parameters the page reads, so a cached page is what the routes would render now. The
rules, and why each was chosen, are in docs/adr/0010-response-cache-off-the-event-loop.md:

- The version is read in a worker thread, never on the event loop, and at most once every
  `staleness` seconds per process (`STALENESS_S`, one second): a write made by another process
  shows within that window. A write made through this process (any POST, PUT, PATCH or
  DELETE it answers) shows on the very next request.
- Identical misses arriving together are computed once; the others wait for that response.
- A write makes every older entry unreachable (its version is in the key); they are not
  swept but age out, least recently used first, under a bound on entries and on bytes.
- Only the query parameters the matched route declares are in the key, sorted by name, so
  `?utm_source=x` or a reordered query is the same page: a route must read its parameters
  as declared FastAPI parameters, never from `request.query_params`. Pages with parameters
  are kept in a pool of their own, so a flood of distinct queries cannot evict plain pages.
- When the client goes before its miss is ready and no one else waits for that response,
  the computation is cancelled; a step already running in a worker thread finishes, nothing
  after it runs. With others waiting it goes on, fills the cache, and they are answered.

Responses carry an ETag (a hash of the body), and a client that sends it back gets 304 Not
Modified, also after a write that left the page unchanged. Only a 200 response without a
cookie, without `Cache-Control: private` or `no-store` and no larger than `MAX_BODY` is kept
or shared with other clients. Requests that carry a session cookie or an Authorization header
are never answered from here: a signed-in page differs by who asks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import get_args
from urllib.parse import parse_qsl

from fastapi.routing import APIRoute
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from carewatch.web.identity import SESSION_COOKIE

__all__ = ["MAX_BODY", "STALENESS_S", "ResponseCache", "VersionClock"]

MAX_BODY = 2 * 1024 * 1024
STALENESS_S = 1.0
"""How long a process trusts the data version it last read before reading it again."""

PAGES_MAX_ENTRIES = 1024
PAGES_MAX_BYTES = 64 * 1024 * 1024
VARIANTS_MAX_ENTRIES = 256
VARIANTS_MAX_BYTES = 16 * 1024 * 1024
_ROUTE_MEMO = 4096

# Static files are served from disk; the sign-in pages carry a form token issued when they
# are drawn, and the single sign-on callback reads parameters it does not declare.
_SKIP_PREFIXES = ("/static/", "/sign-in")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SESSION = SESSION_COOKIE.encode()

Key = tuple[object, ...]
Params = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Response:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes | None  # set only on a response that may be kept and shared


class VersionClock:
    """The data version as this process last read it, read again in a worker thread once
    `staleness` seconds have passed (or at once after `expire`). Concurrent callers share one
    read.

    `read` is the blocking query (`carewatch.services.versions.data_version`); `now` a
    monotonic clock in seconds.
    """

    def __init__(
        self,
        read: Callable[[], int],
        *,
        staleness: float = STALENESS_S,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if staleness < 0:
            raise ValueError(f"staleness must be zero or more seconds, not {staleness}")
        self._read = read
        self.staleness = staleness
        self._now = now
        self._version: int | None = None
        self._fresh_until = -math.inf
        self._generation = 0
        self._reading: asyncio.Future[int] | None = None
        self.reads = 0
        """How many times the version has been read from the database."""

    async def current(self) -> int:
        """The data version, at most `staleness` seconds old."""
        if self._version is not None and self._now() < self._fresh_until:
            return self._version
        if self._reading is None:
            self._reading = asyncio.ensure_future(self._read_now(self._generation))
        # Shielded: one caller giving up does not cancel the read the others wait for.
        return await asyncio.shield(self._reading)

    def expire(self) -> None:
        """Read the version again on the next call: this process has just written."""
        self._generation += 1
        self._fresh_until = -math.inf
        self._reading = None  # a read already under way may predate the write

    async def _read_now(self, generation: int) -> int:
        asked = self._now()
        try:
            self.reads += 1
            version = await run_in_threadpool(self._read)
        finally:
            if self._generation == generation:
                self._reading = None
        if self._generation == generation:
            self._version = version
            self._fresh_until = asked + self.staleness
        return version


class _Pool:
    """Responses, least recently used first, under a bound on entries and on body bytes."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.entries: OrderedDict[Key, _Response] = OrderedDict()
        self.bytes = 0

    def get(self, key: Key) -> _Response | None:
        found = self.entries.get(key)
        if found is not None:
            self.entries.move_to_end(key)
        return found

    def put(self, key: Key, response: _Response) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self.entries[key] = response
        self.bytes += len(response.body)
        while len(self.entries) > self.max_entries or self.bytes > self.max_bytes:
            _, gone = self.entries.popitem(last=False)
            self.bytes -= len(gone.body)

    def __len__(self) -> int:
        return len(self.entries)


class _QueryKey:
    """The part of a query string a page reads: the parameters its route declares, sorted by
    name (a repeated name keeps its values' order), everything else dropped."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app
        self._by_path: dict[tuple[object, str], frozenset[str] | None] = {}

    def params(self, scope: Scope) -> Params:
        raw: bytes = scope["query_string"]
        if not raw:
            return ()
        names = self._names(scope)
        # Decoded as Starlette decodes it for the route, so equal keys mean equal arguments.
        pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if names is None or k in names]
        return tuple(sorted(kept, key=lambda pair: pair[0]))

    def _names(self, scope: Scope) -> frozenset[str] | None:
        """The query parameters the route for this path reads; None when that cannot be
        known (a route FastAPI did not build), so every parameter counts."""
        memo = (scope.get("root_path", ""), scope["path"])
        if memo in self._by_path:
            return self._by_path[memo]
        # The application's router: FastAPI puts itself in the scope before its middleware.
        router = getattr(scope.get("app"), "router", None) or getattr(self._app, "router", None)
        if router is None:
            return None
        names: frozenset[str] | None = frozenset()  # no route: a 404, never kept
        for route in router.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                names = _declared(route) if isinstance(route, APIRoute) else None
                break
        if len(self._by_path) >= _ROUTE_MEMO:
            self._by_path.clear()
        self._by_path[memo] = names
        return names


def _declared(route: APIRoute) -> frozenset[str] | None:
    """The names of the query parameters the route and its dependencies declare; None when
    one is a model (its fields are its parameters, read here as unknown)."""
    names: set[str] = set()
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        for field in dependant.query_params:
            annotation = field.field_info.annotation
            if any(_is_model(t) for t in (annotation, *get_args(annotation))):
                return None
            names.add(field.alias)
        dependants.extend(dependant.dependencies)
    return frozenset(names)


def _is_model(annotation: object) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@dataclass
class _Flight:
    """One computation of a missing response, and how many clients wait for it."""

    task: asyncio.Task[_Response]
    waiters: int = 0


class ResponseCache:
    """ASGI middleware: answer a repeated GET from memory while the data version holds."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], int],
        staleness: float = STALENESS_S,
        max_entries: int = PAGES_MAX_ENTRIES,
        max_bytes: int = PAGES_MAX_BYTES,
        max_variants: int = VARIANTS_MAX_ENTRIES,
        max_variant_bytes: int = VARIANTS_MAX_BYTES,
    ) -> None:
        self.app = app
        self.clock = VersionClock(version, staleness=staleness)
        self.pages = _Pool(max_entries=max_entries, max_bytes=max_bytes)
        self.variants = _Pool(max_entries=max_variants, max_bytes=max_variant_bytes)
        self.flights: dict[Key, _Flight] = {}
        self._query = _QueryKey(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in _WRITES:
            try:
                await self.app(scope, receive, send)
            finally:
                # After the response: the write, if any, has committed.
                self.clock.expire()
            return
        if scope["method"] != "GET" or scope["path"].startswith(_SKIP_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if b"authorization" in headers or _SESSION in headers.get(b"cookie", b""):
            # A signed-in page differs by who asks: only the public's pages are shared.
            await self.app(scope, receive, send)
            return
        params = self._query.params(scope)
        key = (
            await self.clock.current(),
            dt.date.today(),
            headers.get(b"host", b""),
            scope.get("root_path", ""),
            scope["path"],
            params,
        )
        pool = self.variants if params else self.pages
        response = pool.get(key)
        if response is None:
            response = await self._join(key, pool, scope, receive, send)
            if response is None:
                return
        if response.etag is not None and headers.get(b"if-none-match") == response.etag:
            await _send(send, 304, [(b"etag", response.etag)], b"")
        else:
            await _send(send, response.status, response.headers, response.body)

    async def _join(
        self, key: Key, pool: _Pool, scope: Scope, receive: Receive, send: Send
    ) -> _Response | None:
        """The response for a miss: computed by the first client to ask, waited for by those
        who ask while it is computed. None when this client has gone (nothing to send), or
        when it has already been answered on its own."""
        flight = self.flights.get(key)
        leader = flight is None
        if flight is None:
            task = asyncio.ensure_future(self._compute(key, pool, dict(scope)))
            flight = self.flights[key] = _Flight(task)
        flight.waiters += 1
        client = _Client(receive)
        gone = asyncio.ensure_future(client.gone())
        try:
            await asyncio.wait((flight.task, gone), return_when=asyncio.FIRST_COMPLETED)
        finally:
            gone.cancel()
            flight.waiters -= 1
            if flight.waiters == 0 and not flight.task.done():
                # No one is left to answer: stop, and let the next request start afresh.
                flight.task.cancel()
                if self.flights.get(key) is flight:
                    del self.flights[key]
        if not flight.task.done():
            return None
        response = flight.task.result()
        if leader or response.etag is not None:
            return response
        # Not a response to share (an error, a redirect, a cookie): this client gets its own.
        await self.app(scope, client.receive, send)
        return None

    async def _compute(self, key: Key, pool: _Pool, scope: Scope) -> _Response:
        start: Message = {}
        chunks: list[bytes] = []
        asked = False

        async def receive() -> Message:
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "http.request", "body": b"", "more_body": False}
            # The computation answers whoever waits; it ends by cancellation, not disconnect.
            return await asyncio.get_running_loop().create_future()

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, capture)
            if not start:
                raise RuntimeError(f"no response was sent for {scope['path']}")
            response = _response(start, b"".join(chunks))
            if response.etag is not None:
                pool.put(key, response)
            return response
        finally:
            flight = self.flights.get(key)
            if flight is not None and flight.task is asyncio.current_task():
                del self.flights[key]


def _response(start: Message, body: bytes) -> _Response:
    """The response as sent, with an ETag when it may be kept and shared."""
    status = int(start["status"])
    headers = list(start.get("headers", []))
    names = {k.lower() for k, _ in headers}
    cache_control = b",".join(v.lower() for k, v in headers if k.lower() == b"cache-control")
    if (
        status != 200
        or len(body) > MAX_BODY
        or b"set-cookie" in names
        or b"no-store" in cache_control
        or b"private" in cache_control
    ):
        return _Response(status, headers, body, None)
    etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
    kept = [(k, v) for k, v in headers if k.lower() != b"etag"]
    kept.append((b"etag", etag))
    return _Response(status, kept, body, etag)


class _Client:
    """A client's messages, watched for its going while keeping what arrives for the app."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._kept: list[Message] = []

    async def gone(self) -> None:
        """Return when the client has gone."""
        while (message := await self._receive())["type"] != "http.disconnect":
            self._kept.append(message)

    async def receive(self) -> Message:
        return self._kept.pop(0) if self._kept else await self._receive()


async def _send(send: Send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
