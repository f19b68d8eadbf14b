"""Who is asking: the signed-in user of a session cookie, the user of a bearer token, or the
public. Resolved once per request, before any route runs, and kept on `request.state`.

A session's cookie is HttpOnly (no script reads it), SameSite=Lax (no other site's form
posts it) and Secure when the site is served over HTTPS; the server keeps the session, so
sign-out and disabling a user end it at once. A bearer token that is unknown, revoked or
expired is answered 401 at once, rather than treated as the public, so a machine client
learns its token is bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from carewatch.domain.access import PUBLIC, Actor
from carewatch.services.access import actor_for_session, actor_for_token
from carewatch.store.database import Database

__all__ = [
    "SESSION_COOKIE",
    "SESSION_MAX_AGE",
    "Identity",
    "IdentityMiddleware",
    "Who",
    "identity_of",
]

SESSION_COOKIE = "carewatch_session"
SESSION_MAX_AGE = 12 * 60 * 60  # the session policy's absolute limit


@dataclass(frozen=True)
class Identity:
    """Who is asking, and the CSRF token their session's forms carry (none for the public
    and for bearer tokens, which no browser sends by itself)."""

    actor: Actor
    csrf_token: str | None = None
    via: str = "public"  # "public", "session" or "token"


PUBLIC_IDENTITY = Identity(PUBLIC)


def _resolve(db: Database, headers: Headers, cookies: dict[str, str]) -> Identity | None:
    """The identity the request's credentials name; None for a bad bearer token."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme:
        if scheme.lower() != "bearer":
            return None
        actor = actor_for_token(db, token.strip())
        return Identity(actor, None, "token") if actor is not None else None
    cookie = cookies.get(SESSION_COOKIE)
    if cookie:
        found = actor_for_session(db, cookie)
        if found is not None:
            return Identity(found.actor, found.csrf_token, "session")
    return PUBLIC_IDENTITY


class IdentityMiddleware:
    """ASGI middleware setting `request.state.identity` for every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        connection = HTTPConnection(scope)
        identity: Identity | None = PUBLIC_IDENTITY
        if "authorization" in connection.headers or SESSION_COOKIE in connection.cookies:
            db: Database = scope["app"].state.database
            identity = await run_in_threadpool(
                _resolve, db, connection.headers, dict(connection.cookies)
            )
        if identity is None:
            response = JSONResponse(
                {"message": "the bearer token is not valid: it is unknown, revoked or expired",
                 "field": None},
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="carewatch"'},
            )  # fmt: skip
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})["identity"] = identity
        await self.app(scope, receive, send)


def identity_of(request: Request) -> Identity:
    """The request's identity (the public's when the middleware did not run)."""
    found: Identity = getattr(request.state, "identity", PUBLIC_IDENTITY)
    return found


Who = Annotated[Identity, Depends(identity_of)]
