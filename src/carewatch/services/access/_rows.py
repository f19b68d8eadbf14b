"""Rows of the accounts tables read into views and actors, and the secrets' digests."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, Organisation, Role
from carewatch.services.access.errors import InvalidAccount
from carewatch.services.access.models import UserView
from carewatch.services.errors import NotFound
from carewatch.store.tables.access import USERS

# No control character either: PostgreSQL cannot even compare text holding NUL.
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


def normal_email(email: str) -> str:
    found = email.strip().lower()
    if not _EMAIL.match(found) or len(found) > 320:
        raise InvalidAccount("email", f"{email!r} is not an email address")
    return found


def digest(secret: str) -> str:
    """How a secret (session cookie, token, link) is stored: its SHA-256."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret(prefix: str = "") -> str:
    return prefix + secrets.token_urlsafe(32)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def view(row: Any) -> UserView:
    return UserView(
        id=row.id,
        email=row.email,
        name=row.name,
        organisation=Organisation.parse(row.organisation),
        role=Role(row.role),
        disabled=bool(row.disabled),
        created_at=aware(row.created_at),
        has_password=row.password_hash is not None,
    )


def actor_of(row: Any) -> Actor:
    return Actor.user(
        row.id, row.email, row.name, Role(row.role), Organisation.parse(row.organisation)
    )


def user_row(conn: Connection, email: str) -> Any:
    row = conn.execute(select(USERS).where(USERS.c.email == normal_email(email))).first()
    if row is None:
        raise NotFound("user", email)
    return row
