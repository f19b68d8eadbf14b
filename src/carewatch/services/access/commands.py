"""Writing accounts: users, roles, passwords, sessions, API tokens and one-time links.

Every write appends its audit event in the same transaction. Managing users needs the
`manage_users` permission, and an administrator manages only their own organisation's users;
anyone may change their own password and create their own tokens.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    IncompatibleRole,
    LockoutPolicy,
    Organisation,
    Role,
    TokenPolicy,
    roles_for,
)
from carewatch.services import audit
from carewatch.services._db import log_event, write_transaction
from carewatch.services.access._rows import (
    actor_of,
    aware,
    digest,
    new_secret,
    normal_email,
    user_row,
    view,
)
from carewatch.services.access._rules import require_manage, require_self_or_manage
from carewatch.services.access.errors import (
    AccountExists,
    InvalidAccount,
    SignInFailed,
    SignInLocked,
)
from carewatch.services.access.models import NewSession, TokenView, UserView
from carewatch.services.access.passwords import check_strength, hash_password, verify_password
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.access import (
    API_TOKENS,
    SESSIONS,
    SIGN_IN_FAILURES,
    SIGN_IN_LINKS,
    USERS,
)

__all__ = [
    "TOKEN_PREFIX",
    "add_user",
    "create_sign_in_link",
    "create_token",
    "disable_user",
    "enable_user",
    "revoke_token",
    "set_password",
    "set_role",
    "sign_in",
    "sign_in_with_link",
    "sign_out",
]

TOKEN_PREFIX = "cw_"
LINK_LIFETIME = dt.timedelta(hours=24)
LOCKOUT = LockoutPolicy()
TOKENS = TokenPolicy()


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or dt.datetime.now(dt.UTC)


def _end_sessions(conn: Connection, user_id: int, now: dt.datetime) -> None:
    conn.execute(
        update(SESSIONS)
        .where(SESSIONS.c.user_id == user_id, SESSIONS.c.ended_at.is_(None))
        .values(ended_at=now)
    )


def add_user(
    db: Database,
    actor: Actor,
    *,
    email: str,
    name: str,
    role: Role | str,
    organisation: Organisation | str,
    password: str | None = None,
    now: dt.datetime | None = None,
) -> UserView:
    """Add a user who signs in with `password`, by single sign-on, or by a one-time link."""
    org = (
        organisation if isinstance(organisation, Organisation) else Organisation.parse(organisation)
    )
    wanted = Role.parse(role)
    address = normal_email(email)
    if not name.strip():
        raise InvalidAccount("name", "a user needs a name")
    check_fits(USERS, {"email": address, "name": name.strip()})
    if wanted not in roles_for(org):
        raise IncompatibleRole(wanted, org)
    require_manage(actor, org)
    if password is not None:
        check_strength(password, email=address, name=name)
    moment = _now(now)
    with write_transaction(db) as conn:
        taken = conn.execute(select(USERS.c.id).where(USERS.c.email == address)).first()
        if taken is not None:
            raise AccountExists(address)
        user_id = conn.execute(
            insert(USERS)
            .values(
                email=address,
                name=name.strip(),
                organisation=org.code,
                role=wanted.value,
                password_hash=hash_password(password) if password is not None else None,
                created_at=moment,
            )
            .returning(USERS.c.id)
        ).scalar_one()
        audit.append(
            conn,
            actor,
            "users.add",
            "user",
            user_id,
            {"email": address, "role": wanted.value, "organisation": org.code},
        )
        row = conn.execute(select(USERS).where(USERS.c.id == user_id)).one()
    log_event("users.add", user_id=user_id)
    return view(row)


def _set(
    db: Database, actor: Actor, email: str, action: str, now: dt.datetime | None, **values: object
) -> UserView:
    with write_transaction(db) as conn:
        row = user_row(conn, email)
        require_manage(actor, Organisation.parse(row.organisation))
        conn.execute(update(USERS).where(USERS.c.id == row.id).values(**values))
        if values.get("disabled") is True:
            _end_sessions(conn, row.id, _now(now))
        audit.append(conn, actor, action, "user", row.id, values)
        changed = conn.execute(select(USERS).where(USERS.c.id == row.id)).one()
    log_event(action, user_id=row.id)
    return view(changed)


def disable_user(
    db: Database, actor: Actor, email: str, *, now: dt.datetime | None = None
) -> UserView:
    """Stop a user signing in: their sessions end at once and their tokens stop working."""
    return _set(db, actor, email, "users.disable", now, disabled=True)


def enable_user(db: Database, actor: Actor, email: str) -> UserView:
    return _set(db, actor, email, "users.enable", None, disabled=False)


def set_role(db: Database, actor: Actor, email: str, role: Role | str) -> UserView:
    wanted = Role.parse(role)
    with db.engine.connect() as conn:
        row = user_row(conn, email)
    organisation = Organisation.parse(row.organisation)
    if wanted not in roles_for(organisation):
        raise IncompatibleRole(wanted, organisation)
    return _set(db, actor, email, "users.set_role", None, role=wanted.value)


def set_password(
    db: Database, actor: Actor, email: str, password: str, *, now: dt.datetime | None = None
) -> None:
    """Set a user's password (their own, or as their administrator); ends their sessions."""
    with write_transaction(db) as conn:
        row = user_row(conn, email)
        require_self_or_manage(actor, row)
        check_strength(password, email=row.email, name=row.name)
        conn.execute(
            update(USERS).where(USERS.c.id == row.id).values(password_hash=hash_password(password))
        )
        _end_sessions(conn, row.id, _now(now))
        audit.append(conn, actor, "users.set_password", "user", row.id)
    log_event("users.set_password", user_id=row.id)


def begin_session(conn: Connection, row: Any, now: dt.datetime, how: str) -> NewSession:
    token = new_secret()
    csrf = new_secret()
    user_id = row.id
    conn.execute(
        insert(SESSIONS).values(
            token_sha256=digest(token),
            user_id=user_id,
            csrf_token=csrf,
            created_at=now,
            last_seen_at=now,
        )
    )
    actor = actor_of(row)
    audit.append(conn, actor, "auth.sign_in", "user", user_id, {"how": how}, now=now)
    return NewSession(token, csrf, actor)


def _locked_until(conn: Connection, email: str, now: dt.datetime) -> dt.datetime | None:
    since = now - LOCKOUT.window - LOCKOUT.lock
    times = conn.execute(
        select(SIGN_IN_FAILURES.c.failed_at)
        .where(SIGN_IN_FAILURES.c.email == email, SIGN_IN_FAILURES.c.failed_at >= since)
        .order_by(SIGN_IN_FAILURES.c.failed_at)
    ).scalars()
    until = LOCKOUT.locked_until([aware(t) for t in times])
    return until if until is not None and until > now else None


def sign_in(
    db: Database, email: str, password: str, *, now: dt.datetime | None = None
) -> NewSession:
    """Begin a session for a user's email and password.

    Refuses with `SignInLocked` after repeated failures for this email, and otherwise with the
    same `SignInFailed` whatever was wrong; each failure is recorded and audited.
    """
    moment = _now(now)
    try:
        address = normal_email(email)
    except InvalidAccount:
        raise SignInFailed() from None
    with write_transaction(db) as conn:
        until = _locked_until(conn, address, moment)
        row = conn.execute(select(USERS).where(USERS.c.email == address)).first()
        if until is None:
            ok, rehashed = verify_password(password, row.password_hash if row else None)
            if ok and row is not None and not row.disabled:
                if rehashed is not None:
                    conn.execute(
                        update(USERS).where(USERS.c.id == row.id).values(password_hash=rehashed)
                    )
                conn.execute(delete(SIGN_IN_FAILURES).where(SIGN_IN_FAILURES.c.email == address))
                session = begin_session(conn, row, moment, "password")
                log_event("auth.sign_in", user_id=row.id)
                return session
            conn.execute(insert(SIGN_IN_FAILURES).values(email=address, failed_at=moment))
        audit.append(
            conn,
            PUBLIC,
            "auth.sign_in_failed",
            "user",
            row.id if row is not None else "unknown",
            {"email": address},
            now=moment,
        )
        until = until or _locked_until(conn, address, moment)
    log_event("auth.sign_in_failed")
    if until is not None:
        raise SignInLocked(until)
    raise SignInFailed()


def sign_out(db: Database, token: str, *, now: dt.datetime | None = None) -> None:
    """End the session whose cookie is `token` (nothing happens for an unknown one)."""
    moment = _now(now)
    with write_transaction(db) as conn:
        row = conn.execute(
            select(SESSIONS.c.user_id, USERS)
            .join(USERS, USERS.c.id == SESSIONS.c.user_id)
            .where(SESSIONS.c.token_sha256 == digest(token), SESSIONS.c.ended_at.is_(None))
        ).first()
        if row is None:
            return
        conn.execute(
            update(SESSIONS).where(SESSIONS.c.token_sha256 == digest(token)).values(ended_at=moment)
        )
        audit.append(conn, actor_of(row), "auth.sign_out", "user", row.id, now=moment)
    log_event("auth.sign_out", user_id=row.id)


def create_sign_in_link(
    db: Database, actor: Actor, email: str, *, now: dt.datetime | None = None
) -> str:
    """A one-time sign-in link's secret for a user, valid for a day; shown once."""
    moment = _now(now)
    secret = new_secret()
    with write_transaction(db) as conn:
        row = user_row(conn, email)
        require_manage(actor, Organisation.parse(row.organisation))
        conn.execute(
            insert(SIGN_IN_LINKS).values(
                token_sha256=digest(secret),
                user_id=row.id,
                created_at=moment,
                expires_at=moment + LINK_LIFETIME,
            )
        )
        audit.append(conn, actor, "auth.link_created", "user", row.id, now=moment)
    log_event("auth.link_created", user_id=row.id)
    return secret


def sign_in_with_link(db: Database, secret: str, *, now: dt.datetime | None = None) -> NewSession:
    """Spend a one-time link and begin a session; `SignInFailed` when it is unknown, spent,
    expired or its user disabled."""
    moment = _now(now)
    with write_transaction(db) as conn:
        link = conn.execute(
            select(SIGN_IN_LINKS).where(SIGN_IN_LINKS.c.token_sha256 == digest(secret))
        ).first()
        if link is None or link.used_at is not None or aware(link.expires_at) <= moment:
            raise SignInFailed()
        row = conn.execute(select(USERS).where(USERS.c.id == link.user_id)).one()
        if row.disabled:
            raise SignInFailed()
        spent = conn.execute(
            update(SIGN_IN_LINKS)
            .where(
                SIGN_IN_LINKS.c.token_sha256 == link.token_sha256, SIGN_IN_LINKS.c.used_at.is_(None)
            )
            .values(used_at=moment)
        )
        if spent.rowcount != 1:
            raise SignInFailed()
        session = begin_session(conn, row, moment, "link")
    log_event("auth.sign_in", user_id=row.id)
    return session


def create_token(
    db: Database,
    actor: Actor,
    email: str,
    *,
    days: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[str, TokenView]:
    """A new API token for a user (their own, or as their administrator): the token, shown
    once and stored only as its SHA-256, and what can be shown of it later."""
    moment = _now(now)
    expires = TOKENS.expires(moment, days)
    secret = new_secret(TOKEN_PREFIX)
    with write_transaction(db) as conn:
        row = user_row(conn, email)
        require_self_or_manage(actor, row)
        if row.disabled:
            raise InvalidAccount("email", f"{row.email} is disabled")
        token_id = conn.execute(
            insert(API_TOKENS)
            .values(
                user_id=row.id,
                token_sha256=digest(secret),
                prefix=secret[:10],
                created_at=moment,
                expires_at=expires,
            )
            .returning(API_TOKENS.c.id)
        ).scalar_one()
        audit.append(conn, actor, "tokens.create", "api_token", token_id, {"user": row.id})
    log_event("tokens.create", token_id=token_id, user_id=row.id)
    return secret, TokenView(token_id, row.email, secret[:10], moment, expires, None, None)


def revoke_token(
    db: Database, actor: Actor, token_id: int, *, now: dt.datetime | None = None
) -> None:
    """Revoke a token at once (its owner, their administrator, or the operator)."""
    moment = _now(now)
    with write_transaction(db) as conn:
        found = conn.execute(
            select(API_TOKENS.c.id, USERS)
            .join(USERS, USERS.c.id == API_TOKENS.c.user_id)
            .where(API_TOKENS.c.id == token_id)
        ).first()
        if found is None:
            raise NotFound("token", str(token_id))
        require_self_or_manage(actor, found)
        conn.execute(
            update(API_TOKENS)
            .where(API_TOKENS.c.id == token_id, API_TOKENS.c.revoked_at.is_(None))
            .values(revoked_at=moment)
        )
        audit.append(conn, actor, "tokens.revoke", "api_token", token_id)
    log_event("tokens.revoke", token_id=token_id)
