"""Reading accounts: who a session cookie or a bearer token belongs to, the actor an email
names (the command line's `--as`), and the lists an administrator sees."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from carewatch.domain.access import (
    Actor,
    Permission,
    Role,
    SessionPolicy,
    everywhere,
    require,
)
from carewatch.services.access._rows import actor_of, aware, digest, user_row, view
from carewatch.services.access._rules import require_self_or_manage
from carewatch.services.access.commands import TOKEN_PREFIX
from carewatch.services.access.errors import InvalidAccount
from carewatch.services.access.models import SessionActor, TokenView, UserView
from carewatch.store.database import Database
from carewatch.store.tables.access import API_TOKENS, SESSIONS, USERS

__all__ = [
    "SESSIONS_POLICY",
    "actor_for_email",
    "actor_for_session",
    "actor_for_token",
    "count_administrators",
    "list_tokens",
    "list_users",
]

SESSIONS_POLICY = SessionPolicy()
_TOUCH = dt.timedelta(minutes=1)  # record a session's last request at most once a minute


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def actor_for_session(
    db: Database, token: str, *, now: dt.datetime | None = None
) -> SessionActor | None:
    """The signed-in user of a session cookie, or None when it is unknown, ended, expired
    (idle or too old) or its user disabled."""
    if not token:
        return None
    moment = _now(now)
    key = digest(token)
    s = SESSIONS.c
    with db.engine.connect() as conn:
        row = conn.execute(
            select(s.csrf_token, s.created_at, s.last_seen_at, USERS)
            .join(USERS, USERS.c.id == s.user_id)
            .where(s.token_sha256 == key, s.ended_at.is_(None), USERS.c.disabled.is_(False))
        ).first()
        if row is None:
            return None
        last_seen = aware(row.last_seen_at)
        if SESSIONS_POLICY.expires(aware(row.created_at), last_seen) <= moment:
            return None
        if moment - last_seen >= _TOUCH:
            conn.execute(update(SESSIONS).where(s.token_sha256 == key).values(last_seen_at=moment))
            conn.commit()
    return SessionActor(actor_of(row), row.csrf_token)


def actor_for_token(db: Database, token: str, *, now: dt.datetime | None = None) -> Actor | None:
    """The user a bearer token belongs to, or None when it is unknown, revoked, expired or its
    user disabled."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    moment = _now(now)
    t = API_TOKENS.c
    with db.engine.connect() as conn:
        row = conn.execute(
            select(t.id.label("token_id"), t.expires_at, t.last_used_at, USERS)
            .join(USERS, USERS.c.id == t.user_id)
            .where(
                t.token_sha256 == digest(token),
                t.revoked_at.is_(None),
                USERS.c.disabled.is_(False),
            )
        ).first()
        if row is None or aware(row.expires_at) <= moment:
            return None
        if row.last_used_at is None or moment - aware(row.last_used_at) >= _TOUCH:
            conn.execute(update(API_TOKENS).where(t.id == row.token_id).values(last_used_at=moment))
            conn.commit()
    return actor_of(row)


def actor_for_email(db: Database, email: str) -> Actor:
    """The user an email names, for the command line's `--as`; `NotFound` when none does and
    `InvalidAccount` when that user is disabled."""
    with db.engine.connect() as conn:
        row = user_row(conn, email)
    if row.disabled:
        raise InvalidAccount("email", f"{row.email} is disabled")
    return actor_of(row)


def list_users(db: Database, actor: Actor) -> list[UserView]:
    """The users an administrator manages (their organisation's), or every user for the
    operator; by organisation, then email."""
    require(actor, Permission.MANAGE_USERS)
    query = select(USERS).order_by(USERS.c.organisation, USERS.c.email)
    if not everywhere(actor, Permission.MANAGE_USERS) and actor.organisation is not None:
        query = query.where(USERS.c.organisation == actor.organisation.code)
    with db.engine.connect() as conn:
        return [view(r) for r in conn.execute(query)]


def list_tokens(db: Database, actor: Actor, email: str) -> list[TokenView]:
    """A user's tokens (never the tokens themselves), newest first."""
    t = API_TOKENS.c
    with db.engine.connect() as conn:
        row = user_row(conn, email)
        require_self_or_manage(actor, row)
        rows = conn.execute(
            select(API_TOKENS).where(t.user_id == row.id).order_by(t.created_at.desc(), t.id.desc())
        )
        return [
            TokenView(
                r.id,
                row.email,
                r.prefix,
                aware(r.created_at),
                aware(r.expires_at),
                aware(r.revoked_at) if r.revoked_at else None,
                aware(r.last_used_at) if r.last_used_at else None,
            )
            for r in rows
        ]


def count_administrators(db: Database) -> int:
    """How many enabled users can administer users (for `serve`'s start-up check)."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count())
                .select_from(USERS)
                .where(USERS.c.role == Role.ADMIN.value, USERS.c.disabled.is_(False))
            ).scalar_one()
        )
