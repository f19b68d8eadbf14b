"""Signing in by single sign-on (OpenID Connect): the web layer's client (Authlib) has
checked the provider's ID token; this decides which carewatch user it is.

A user is found by the provider's stable subject; the first time, by their verified email,
which then links the subject to them. When the deployment maps the provider's claims to an
organisation and role (NHS CIS2 returns a user's national role-based access control
permissions), someone with no account yet is added with them. Otherwise an unknown person
is refused with the same answer as any failed sign-in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    IncompatibleRole,
    Organisation,
    Role,
    UnknownAccessWord,
    roles_for,
)
from carewatch.services import audit
from carewatch.services._db import log_event, write_transaction
from carewatch.services.access._rows import normal_email
from carewatch.services.access.commands import begin_session
from carewatch.services.access.errors import InvalidAccount, SignInFailed
from carewatch.services.access.models import NewSession
from carewatch.store.database import Database
from carewatch.store.tables.access import USERS

__all__ = ["SINGLE_SIGN_ON", "ProviderIdentity", "sign_in_with_provider"]

SINGLE_SIGN_ON = Actor.operator("single sign-on")
"""Who adds a user the provider's claims describe, in the audit trail."""


@dataclass(frozen=True)
class ProviderIdentity:
    """What the provider's verified ID token says about the person."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None = None
    organisation: str | None = None  # from the configured claim, when mapped
    role: str | None = None  # from the configured claim, when mapped


def _mapped(identity: ProviderIdentity) -> tuple[Organisation, Role] | None:
    if not identity.organisation or not identity.role:
        return None
    try:
        organisation = Organisation.parse(identity.organisation)
        role = Role.parse(identity.role)
    except UnknownAccessWord:
        return None
    if role not in roles_for(organisation):
        raise IncompatibleRole(role, organisation)
    return organisation, role


def sign_in_with_provider(
    db: Database, identity: ProviderIdentity, *, now: dt.datetime | None = None
) -> NewSession:
    """Begin a session for the person the provider vouches for, or refuse (`SignInFailed`)."""
    moment = now or dt.datetime.now(dt.UTC)
    email = None
    if identity.email and identity.email_verified:
        try:
            email = normal_email(identity.email)
        except InvalidAccount:
            email = None
    with write_transaction(db) as conn:
        u = USERS.c
        row = conn.execute(
            select(USERS).where(
                u.oidc_issuer == identity.issuer, u.oidc_subject == identity.subject
            )
        ).first()
        if row is None and email is not None:
            row = conn.execute(
                select(USERS).where(u.email == email, u.oidc_subject.is_(None))
            ).first()
            if row is not None:
                conn.execute(
                    update(USERS)
                    .where(u.id == row.id)
                    .values(oidc_issuer=identity.issuer, oidc_subject=identity.subject)
                )
                audit.append(conn, SINGLE_SIGN_ON, "users.link_provider", "user", row.id)
        mapped = _mapped(identity) if row is None else None
        if row is None and mapped is not None and email is not None:
            organisation, role = mapped
            user_id = conn.execute(
                insert(USERS)
                .values(
                    email=email,
                    name=(identity.name or email).strip()[:200],
                    organisation=organisation.code,
                    role=role.value,
                    oidc_issuer=identity.issuer,
                    oidc_subject=identity.subject,
                    created_at=moment,
                )
                .returning(u.id)
            ).scalar_one()
            audit.append(
                conn, SINGLE_SIGN_ON, "users.add", "user", user_id,
                {"email": email, "role": role.value, "organisation": organisation.code},
            )  # fmt: skip
            row = conn.execute(select(USERS).where(u.id == user_id)).one()
        if row is None or row.disabled:
            audit.append(conn, PUBLIC, "auth.sign_in_failed", "user", "unknown", {"how": "oidc"})
            failed = True
        else:
            failed = False
            session = begin_session(conn, row, moment, "oidc")
    if failed:
        log_event("auth.sign_in_failed")
        raise SignInFailed()
    log_event("auth.sign_in", user_id=session.actor.user_id)
    return session
