"""A ceiling on the size of a request body, checked before any of it is read into memory or
onto disk: a declared Content-Length over the limit is answered 413 at once, and a body sent
without one is counted as it arrives and cut off when it passes the limit.

Evidence uploads may be as large as `carewatch.web.pages.plan_forms.MAX_UPLOAD` plus the
form around it; every other request carries a small form or JSON document.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["DEFAULT_LIMIT", "UPLOAD_LIMIT", "BodyLimit", "limit_for"]

DEFAULT_LIMIT = 1024 * 1024  # 1 MiB: every form and JSON document
UPLOAD_LIMIT = 11 * 1024 * 1024  # a 10 MiB evidence file and the form around it


def limit_for(path: str) -> int:
    """The ceiling for a request to `path`: evidence uploads get room for their file."""
    return UPLOAD_LIMIT if path.endswith("/evidence") else DEFAULT_LIMIT


class BodyLimit:
    """ASGI middleware refusing request bodies over their path's limit with 413."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0
        started = False
        refused = False

        async def counted() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit and not started:
                    # Answer now and tell the application the client has gone, so it stops
                    # reading; whatever it sends after is dropped.
                    refused = True
                    await _too_large(limit)(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not refused:
                raise


def _too_large(limit: int) -> PlainTextResponse:
    return PlainTextResponse(
        f"The request is larger than this site accepts ({limit // (1024 * 1024)} MB).",
        status_code=413,
    )
