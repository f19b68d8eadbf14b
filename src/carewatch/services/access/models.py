"""What the accounts service returns."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.access import Actor, Organisation, Role

__all__ = ["NewSession", "SessionActor", "TokenView", "UserView"]


@dataclass(frozen=True)
class UserView:
    id: int
    email: str
    name: str
    organisation: Organisation
    role: Role
    disabled: bool
    created_at: dt.datetime
    has_password: bool


@dataclass(frozen=True)
class TokenView:
    """An API token as it can be shown after creation: never the token itself."""

    id: int
    email: str
    prefix: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class NewSession:
    """A session just begun: `token` goes in the cookie and is never stored."""

    token: str
    csrf_token: str
    actor: Actor


@dataclass(frozen=True)
class SessionActor:
    """Who a session cookie belongs to, and the CSRF token its forms carry."""

    actor: Actor
    csrf_token: str
