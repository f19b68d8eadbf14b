"""Signed form tokens against cross-site request forgery, with no session or cookie.

A form carries `<issued>.<signature>`: the time it was rendered and an HMAC-SHA256 of that
time and the form's purpose (the action it writes to) under the server's secret. A post is
accepted only with a token this server signed for that purpose within `max_age`, and, when
the browser names the page it came from (`Origin`, else `Referer`), only from this site. A
page on another site cannot read a token out of ours (the same-origin policy), so it cannot
make a visitor's browser post one. OWASP, "Cross-Site Request Forgery Prevention Cheat
Sheet" (signed tokens; verifying origin with standard headers):
https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html

The secret is `CAREWATCH_SECRET_KEY` when set (so tokens survive a restart and several
workers agree), else random for the life of the process. Tokens are the same for everyone
who loads a page at the same second, so a page served from the response cache still works;
there is no sign-in yet, so there is no user to bind them to (docs/adr/0006).

>>> tokens = FormTokens(b"k" * 32)
>>> now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
>>> token = tokens.issue("action:1", now=now)
>>> tokens.valid(token, "action:1", now=now + dt.timedelta(hours=1))
True
>>> tokens.valid(token, "action:2", now=now)
False
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
from urllib.parse import urlsplit

from starlette.requests import Request

from carewatch.web.identity import identity_of

__all__ = [
    "SECRET_ENV",
    "FormTokens",
    "form_token",
    "form_token_valid",
    "form_tokens",
    "same_site",
]

SECRET_ENV = "CAREWATCH_SECRET_KEY"
DEFAULT_MAX_AGE = dt.timedelta(days=2)


class FormTokens:
    """Issue and check signed form tokens under one secret."""

    def __init__(self, secret: bytes, *, max_age: dt.timedelta = DEFAULT_MAX_AGE) -> None:
        if len(secret) < 16:
            raise ValueError("the form-token secret needs at least 16 bytes")
        self._secret = secret
        self.max_age = max_age

    @classmethod
    def from_environment(cls) -> FormTokens:
        """Tokens under `CAREWATCH_SECRET_KEY`, or under a random secret when it is unset."""
        configured = os.environ.get(SECRET_ENV, "").strip()
        return cls(configured.encode() if configured else secrets.token_bytes(32))

    def _sign(self, purpose: str, issued: str) -> str:
        message = f"{purpose}|{issued}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def issue(self, purpose: str, *, now: dt.datetime | None = None) -> str:
        moment = now or dt.datetime.now(dt.UTC)
        issued = str(int(moment.timestamp()))
        return f"{issued}.{self._sign(purpose, issued)}"

    def valid(self, token: str, purpose: str, *, now: dt.datetime | None = None) -> bool:
        """Signed here for `purpose`, not from the future and younger than `max_age`."""
        issued, _, signature = token.partition(".")
        if not issued.isdigit() or len(issued) > 12 or not signature:
            return False
        if not hmac.compare_digest(signature, self._sign(purpose, issued)):
            return False
        moment = now or dt.datetime.now(dt.UTC)
        age = moment.timestamp() - int(issued)
        return -60 <= age <= self.max_age.total_seconds()


def same_site(origin: str | None, referer: str | None, host: str | None) -> bool:
    """Whether the request came from a page of this site, as far as the browser says.

    A request naming neither (some privacy settings strip both) is let through: the token
    is the check; these headers only stop a token being replayed from elsewhere.

    >>> same_site("http://localhost:8000", None, "localhost:8000")
    True
    >>> same_site("https://evil.example", None, "localhost:8000")
    False
    >>> same_site(None, None, "localhost:8000")
    True
    """
    source = origin if origin and origin != "null" else referer
    if not source:
        return origin != "null"
    return bool(host) and urlsplit(source).netloc.lower() == (host or "").lower()


def form_token(request: Request, purpose: str) -> str:
    """The token a form carries: a signed-in user's session token (so a token works only in
    the session it was issued to), else a signed token for the form's purpose."""
    who = identity_of(request)
    if who.csrf_token is not None:
        return who.csrf_token
    return form_tokens(request).issue(purpose)


def form_token_valid(request: Request, token: str, purpose: str) -> bool:
    """Whether a posted token is this session's, or (no session) signed here for `purpose`."""
    who = identity_of(request)
    if who.csrf_token is not None:
        return hmac.compare_digest(token, who.csrf_token)
    return form_tokens(request).valid(token, purpose)


def form_tokens(request: Request) -> FormTokens:
    """The app's form tokens (made on first use when the app was built without them)."""
    tokens: FormTokens | None = getattr(request.app.state, "form_tokens", None)
    if tokens is None:
        tokens = FormTokens.from_environment()
        request.app.state.form_tokens = tokens
    return tokens
