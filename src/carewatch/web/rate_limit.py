"""Rate limits per client address, counted by the `limits` library's sliding window counter
in this process's memory (docs/adr/0009-rate-limits-with-limits.md): two counters per
address and limit, whatever the traffic, weighing the previous window by how much of it
still overlaps the last minute (or hour), so a burst across a window's edge is not let
through twice.

Three limits, each from `carewatch.web.settings.RateLimits`: a ceiling on every request but
the static files, a tighter one on sign-in posts (beside the per-email lock-out, which stops
guessing one account's password; this stops one address trying many accounts), and one on
the API's writes. A request over any of them is answered 429 with `Retry-After` (seconds),
as JSON under /api and as a page elsewhere, before anything else reads it.

The client address is the connection's, which uvicorn replaces with the first
`X-Forwarded-For` address only when the connection comes from a proxy it trusts
(`FORWARDED_ALLOW_IPS`, by default 127.0.0.1). Counts live in one process: several workers
or servers each count on their own.
"""

from __future__ import annotations

import math
import time

from fastapi.templating import Jinja2Templates
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from carewatch.web.settings import RateLimits

__all__ = ["RateLimit", "limits_for"]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def limits_for(method: str, path: str) -> tuple[str, ...]:
    """The names of the limits a request counts against, broadest first.

    >>> limits_for("POST", "/sign-in"), limits_for("GET", "/static/css/carewatch.css")
    (('general', 'sign_in'), ())
    >>> limits_for("POST", "/api/v1/actions/1/moves"), limits_for("GET", "/api/v1/trusts")
    (('general', 'api_writes'), ('general',))
    """
    names: list[str] = []
    if not path.startswith("/static/"):
        names.append("general")
    if method == "POST" and (path == "/sign-in" or path.startswith("/sign-in/")):
        names.append("sign_in")
    if path.startswith("/api/") and method not in _SAFE_METHODS:
        names.append("api_writes")
    return tuple(names)


class RateLimit:
    """ASGI middleware answering 429 to a client address over one of its limits."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits) -> None:
        self.app = app
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._items: dict[str, RateLimitItem] = {
            "general": parse(limits.general),
            "sign_in": parse(limits.sign_in),
            "api_writes": parse(limits.api_writes),
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = str(client[0]) if client else "unknown"
        for name in limits_for(scope["method"], scope["path"]):
            item = self._items[name]
            if not self._limiter.hit(item, name, address):
                # When the weighted count next falls by one: the earliest a retry can pass.
                reset = self._limiter.get_window_stats(item, name, address).reset_time
                wait = max(1, math.ceil(reset - time.time()))
                await _too_many(scope, wait)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _too_many(scope: Scope, wait: int) -> Response:
    headers = {"Retry-After": str(wait)}
    message = f"Too many requests from your address. Wait {wait} seconds and try again."
    if scope["path"].startswith("/api/"):
        return JSONResponse({"message": message, "field": None}, status_code=429, headers=headers)
    templates: Jinja2Templates = scope["app"].state.templates
    return templates.TemplateResponse(
        Request(scope),
        "pages/error.html",
        {"status": 429, "title": "Too many requests", "message": message},
        status_code=429,
        headers=headers,
    )
