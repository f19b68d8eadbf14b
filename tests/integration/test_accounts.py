"""Accounts on SQLite and PostgreSQL: who may add whom, sign-in with lock-out and one answer
for every failure, sessions that sign-out and disabling end, tokens and one-time links, and
one audit event for each write."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    Forbidden,
    IncompatibleRole,
    Role,
    SignInRequired,
)
from carewatch.services import access
from carewatch.services.audit import verify
from carewatch.store.database import Database
from carewatch.store.tables.access import API_TOKENS, SESSIONS, USERS
from carewatch.store.tables.audit import AUDIT_EVENTS

OPERATOR = Actor.operator("deploy")
PASSWORD = "heron lantern orchard seventeen"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def events(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AUDIT_EVENTS)).scalar_one())


def admin_of_rmy(db: Database) -> Actor:
    access.add_user(
        db, OPERATOR, email="Admin@RMY.example", name="Ada Admin", role="admin", organisation="RMY"
    )
    return access.actor_for_email(db, "admin@rmy.example")


def editor(db: Database, password: str | None = PASSWORD) -> access.UserView:
    return access.add_user(
        db,
        OPERATOR,
        email="amira@rmy.example",
        name="Amira Khan",
        role=Role.TRUST_EDITOR,
        organisation="RMY",
        password=password,
    )


def test_an_administrator_adds_users_to_their_own_organisation_only(db: Database) -> None:
    admin = admin_of_rmy(db)
    added = access.add_user(
        db, admin, email="bo@rmy.example", name="Bo", role="trust_viewer", organisation="rmy"
    )
    assert (added.email, added.role, added.organisation.code) == (
        "bo@rmy.example",
        Role.TRUST_VIEWER,
        "RMY",
    )
    with pytest.raises(Forbidden, match="may not manage users for RAA"):
        access.add_user(
            db, admin, email="cy@raa.example", name="Cy", role="trust_viewer", organisation="RAA"
        )
    assert [u.email for u in access.list_users(db, admin)] == [
        "admin@rmy.example",
        "bo@rmy.example",
    ]


def test_others_may_not_manage_users(db: Database) -> None:
    editor(db)
    amira = access.actor_for_email(db, "amira@rmy.example")
    with pytest.raises(Forbidden):
        access.add_user(
            db, amira, email="x@rmy.example", name="X", role="trust_viewer", organisation="RMY"
        )
    with pytest.raises(SignInRequired):
        access.list_users(db, PUBLIC)


def test_a_role_must_suit_the_organisation(db: Database) -> None:
    with pytest.raises(IncompatibleRole, match="a user of RMY cannot be regulator"):
        access.add_user(
            db, OPERATOR, email="r@rmy.example", name="R", role="regulator", organisation="RMY"
        )


def test_an_email_is_one_user(db: Database) -> None:
    editor(db)
    with pytest.raises(access.AccountExists, match=r"amira@rmy\.example already exists"):
        access.add_user(
            db,
            OPERATOR,
            email=" AMIRA@rmy.example ",
            name="A",
            role="trust_viewer",
            organisation="RMY",
        )


@pytest.mark.parametrize(
    ("password", "words"),
    [
        ("short pass", "at least 12 characters"),
        ("password1234", "less common password"),
        ("qwertyuiop12", "less common password"),
        ("amira khan 2026!", "must not contain your email"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    db: Database, password: str, words: str
) -> None:
    with pytest.raises(access.WeakPassword, match=words):
        editor(db, password)


def test_a_password_is_stored_only_as_an_argon2id_hash(db: Database) -> None:
    editor(db)
    with db.engine.connect() as conn:
        stored = conn.execute(select(USERS.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_sign_in_begins_a_session_that_sign_out_ends(db: Database) -> None:
    editor(db)
    session = access.sign_in(db, "Amira@rmy.example", PASSWORD, now=T0)
    found = access.actor_for_session(db, session.token, now=T0 + dt.timedelta(minutes=5))
    assert found is not None
    assert found.actor.email == "amira@rmy.example"
    assert found.actor.role is Role.TRUST_EDITOR
    assert found.csrf_token == session.csrf_token
    with db.engine.connect() as conn:
        assert session.token not in str(conn.execute(select(SESSIONS)).all())
    access.sign_out(db, session.token, now=T0 + dt.timedelta(minutes=6))
    assert access.actor_for_session(db, session.token, now=T0 + dt.timedelta(minutes=7)) is None


def test_a_session_ends_after_thirty_idle_minutes(db: Database) -> None:
    editor(db)
    session = access.sign_in(db, "amira@rmy.example", PASSWORD, now=T0)
    assert access.actor_for_session(db, session.token, now=T0 + dt.timedelta(minutes=29))
    assert access.actor_for_session(db, session.token, now=T0 + dt.timedelta(minutes=60)) is None


def test_every_failure_gets_the_same_answer(db: Database) -> None:
    editor(db)
    answers = set()
    for email, password in [
        ("amira@rmy.example", "wrong password here"),
        ("nobody@rmy.example", PASSWORD),
        ("not an email", PASSWORD),
    ]:
        with pytest.raises(access.SignInFailed) as failure:
            access.sign_in(db, email, password, now=T0)
        answers.add(str(failure.value))
    assert answers == {"that email and password were not recognised"}


@pytest.mark.parametrize("email", ["amira@rmy.example", "nobody@rmy.example"])
def test_five_failures_lock_the_email_for_fifteen_minutes(db: Database, email: str) -> None:
    editor(db)
    for minute in range(4):
        with pytest.raises(access.SignInFailed):
            access.sign_in(db, email, "wrong password here", now=T0 + dt.timedelta(minutes=minute))
    with pytest.raises(access.SignInLocked, match="try again after 09:19 UTC"):
        access.sign_in(db, email, "wrong password here", now=T0 + dt.timedelta(minutes=4))
    with pytest.raises(access.SignInLocked):
        access.sign_in(db, email, PASSWORD, now=T0 + dt.timedelta(minutes=10))
    if email == "amira@rmy.example":
        assert access.sign_in(db, email, PASSWORD, now=T0 + dt.timedelta(minutes=20))


def test_disabling_a_user_ends_their_sessions_and_tokens(db: Database) -> None:
    editor(db)
    session = access.sign_in(db, "amira@rmy.example", PASSWORD, now=T0)
    token, _ = access.create_token(db, OPERATOR, "amira@rmy.example", now=T0)
    assert access.actor_for_token(db, token, now=T0) is not None
    access.disable_user(db, OPERATOR, "amira@rmy.example", now=T0)
    assert access.actor_for_session(db, session.token, now=T0) is None
    assert access.actor_for_token(db, token, now=T0) is None
    with pytest.raises(access.SignInFailed):
        access.sign_in(db, "amira@rmy.example", PASSWORD, now=T0)
    access.enable_user(db, OPERATOR, "amira@rmy.example")
    assert access.actor_for_token(db, token, now=T0) is not None


def test_tokens_are_shown_once_stored_hashed_expire_and_revoke(db: Database) -> None:
    editor(db)
    amira = access.actor_for_email(db, "amira@rmy.example")
    token, shown = access.create_token(db, amira, "amira@rmy.example", days=30, now=T0)
    assert token.startswith("cw_")
    assert len(token) > 40
    with db.engine.connect() as conn:
        assert token not in str(conn.execute(select(API_TOKENS)).all())
    assert access.actor_for_token(db, token, now=T0 + dt.timedelta(days=29)) is not None
    assert access.actor_for_token(db, token, now=T0 + dt.timedelta(days=30)) is None
    assert access.actor_for_token(db, token + "x", now=T0) is None
    listed = access.list_tokens(db, amira, "amira@rmy.example")
    assert [t.id for t in listed] == [shown.id]
    access.revoke_token(db, amira, shown.id, now=T0)
    assert access.actor_for_token(db, token, now=T0) is None


def test_a_sign_in_link_works_once_and_for_a_day(db: Database) -> None:
    editor(db, password=None)
    link = access.create_sign_in_link(db, OPERATOR, "amira@rmy.example", now=T0)
    session = access.sign_in_with_link(db, link, now=T0 + dt.timedelta(hours=1))
    assert session.actor.email == "amira@rmy.example"
    with pytest.raises(access.SignInFailed):
        access.sign_in_with_link(db, link, now=T0 + dt.timedelta(hours=2))
    late = access.create_sign_in_link(db, OPERATOR, "amira@rmy.example", now=T0)
    with pytest.raises(access.SignInFailed):
        access.sign_in_with_link(db, late, now=T0 + dt.timedelta(hours=25))


def test_changing_a_password_ends_sessions_and_needs_the_right(db: Database) -> None:
    editor(db)
    access.add_user(
        db, OPERATOR, email="bo@rmy.example", name="Bo", role="trust_viewer", organisation="RMY"
    )
    session = access.sign_in(db, "amira@rmy.example", PASSWORD, now=T0)
    bo = access.actor_for_email(db, "bo@rmy.example")
    with pytest.raises(Forbidden):
        access.set_password(db, bo, "amira@rmy.example", "a brand new long passphrase")
    amira = access.actor_for_email(db, "amira@rmy.example")
    access.set_password(db, amira, "amira@rmy.example", "a brand new long passphrase", now=T0)
    assert access.actor_for_session(db, session.token, now=T0) is None
    assert access.sign_in(db, "amira@rmy.example", "a brand new long passphrase", now=T0)


def test_each_account_write_appends_one_audit_event(db: Database) -> None:
    before = events(db)
    editor(db)
    assert events(db) == before + 1
    session = access.sign_in(db, "amira@rmy.example", PASSWORD, now=T0)
    assert events(db) == before + 2
    with pytest.raises(access.SignInFailed):
        access.sign_in(db, "amira@rmy.example", "wrong password here", now=T0)
    assert events(db) == before + 3
    access.sign_out(db, session.token, now=T0)
    assert events(db) == before + 4
    access.create_token(db, OPERATOR, "amira@rmy.example", now=T0)
    assert events(db) == before + 5
    access.set_role(db, OPERATOR, "amira@rmy.example", "trust_viewer")
    assert events(db) == before + 6
    assert verify(db).ok
