"""Security headers on every response: a strict Content Security Policy and friends, and
HSTS when the site is served over HTTPS.

No inline scripts or styles are allowed; every script, stylesheet, font and image is served
from this site (see https://developer.mozilla.org/docs/Web/HTTP/CSP).

`Strict-Transport-Security` tells a browser to use only HTTPS for this host for a year
(https://developer.mozilla.org/docs/Web/HTTP/Headers/Strict-Transport-Security). It is sent
on a request that came over HTTPS, as uvicorn sees it: directly, or through a proxy it
trusts (`FORWARDED_ALLOW_IPS`) that says `X-Forwarded-Proto: https`; `CAREWATCH_HSTS=on`
sends it on every response, for a proxy that terminates TLS without saying so. A browser
ignores the header on plain HTTP, so it never locks out a site served without TLS.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "HSTS",
    "SECURITY_HEADERS",
    "SecurityHeaders",
    "download_type",
]

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}

HSTS = "max-age=31536000"
"""A year, without includeSubDomains: other hosts of a trust's domain may still serve HTTP."""


class SecurityHeaders:
    """ASGI middleware adding `SECURITY_HEADERS` to every HTTP response that lacks them, and
    `Strict-Transport-Security` over HTTPS (or always, with `hsts`)."""

    def __init__(self, app: ASGIApp, *, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        wanted = dict(SECURITY_HEADERS)
        if self.hsts or scope.get("scheme") == "https":
            wanted["strict-transport-security"] = HSTS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in wanted.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# Evidence files a browser would run or render as a page are sent as plain bytes.
_RISKY_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}


def download_type(declared: str) -> str:
    """The media type to serve an uploaded file with: what the uploader declared, unless a
    browser would run or render it as a page (then plain bytes).

    >>> download_type("text/html; charset=utf-8"), download_type("application/pdf")
    ('application/octet-stream', 'application/pdf')
    """
    media_type = declared.split(";")[0].strip().lower()
    if media_type in _RISKY_TYPES or "/" not in media_type:
        return "application/octet-stream"
    return media_type
