"""The audit trail on SQLite and PostgreSQL: appends chain, the database refuses changes to
events, and an attacker who drops the triggers and alters, deletes or reorders one event is
found at that event."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, func, select, text

from carewatch.domain.access import Actor, Organisation, Role
from carewatch.services.audit import append, checkpoint, verify
from carewatch.services.audit.queries import verify_on
from carewatch.store.database import Database
from carewatch.store.tables.audit import AUDIT_EVENTS

EDITOR = Actor.user(1, "amira@rmy.example", "Amira", Role.TRUST_EDITOR, Organisation.parse("RMY"))


def count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AUDIT_EVENTS)).scalar_one())


def append_some(db: Database, n: int) -> list[int]:
    seqs = []
    for i in range(n):
        with db.engine.begin() as conn:
            seqs.append(append(conn, EDITOR, "plans.move", "action", i, {"to": "completed"}))
    return seqs


def test_each_append_takes_the_next_number_and_the_chain_verifies(db: Database) -> None:
    before = count(db)
    seqs = append_some(db, 3)
    assert seqs == [seqs[0], seqs[0] + 1, seqs[0] + 2]
    assert count(db) == before + 3
    result = verify(db)
    assert result.ok
    assert result.events == before + 3
    assert checkpoint(db).seq == seqs[-1]


def test_an_event_rolled_back_with_its_write_leaves_no_trace(db: Database) -> None:
    before = checkpoint(db)
    conn = db.engine.connect()
    transaction = conn.begin()
    append(conn, EDITOR, "plans.move", "action", 1)
    transaction.rollback()
    conn.close()
    assert checkpoint(db) == before


def test_the_event_holds_a_digest_not_the_change(db: Database) -> None:
    with db.engine.begin() as conn:
        seq = append(conn, EDITOR, "plans.note", "action", 9, {"note": "Jane Doe 943 476 5919"})
    with db.engine.connect() as conn:
        row = conn.execute(select(AUDIT_EVENTS).where(AUDIT_EVENTS.c.seq == seq)).one()
    assert "Jane" not in str(tuple(row))
    assert row.actor == "amira@rmy.example"
    assert row.organisation == "RMY"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'someone-else'",
        "DELETE FROM audit_events",
    ],
)
def test_the_database_refuses_changing_or_deleting_events(db: Database, statement: str) -> None:
    append_some(db, 1)
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert verify(db).ok


def test_postgresql_refuses_truncate(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    append_some(db, 1)
    with pytest.raises(Exception, match="append-only"), db.engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_events"))


DROP = {
    "sqlite": [
        "DROP TRIGGER audit_events_no_update",
        "DROP TRIGGER audit_events_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER audit_events_no_change ON audit_events",
        "DROP TRIGGER audit_events_no_truncate ON audit_events",
    ],
}


@pytest.fixture
def attacker(db: Database) -> Iterator[tuple[Connection, list[int]]]:
    """A transaction with the triggers dropped, as someone holding the database could; rolled
    back afterwards, so the triggers and the chain are restored."""
    seqs = append_some(db, 5)
    with db.engine.connect() as conn:
        transaction = conn.begin()
        for statement in DROP[db.dialect]:
            conn.execute(text(statement))
        try:
            yield conn, seqs
        finally:
            transaction.rollback()
    assert verify(db).ok


def test_altering_one_event_is_found_there(attacker: tuple[Connection, list[int]]) -> None:
    conn, seqs = attacker
    conn.execute(text(f"UPDATE audit_events SET actor = 'x@y.example' WHERE seq = {seqs[2]}"))
    result = verify_on(conn)
    assert (result.ok, result.first_bad) == (False, seqs[2])


def test_altering_and_resealing_one_event_is_found_at_the_next(
    attacker: tuple[Connection, list[int]],
) -> None:
    conn, seqs = attacker
    conn.execute(text(f"UPDATE audit_events SET hash = '{'a' * 64}' WHERE seq = {seqs[2]}"))
    assert verify_on(conn).first_bad == seqs[2]


def test_deleting_one_event_is_found_at_the_gap(attacker: tuple[Connection, list[int]]) -> None:
    conn, seqs = attacker
    conn.execute(text(f"DELETE FROM audit_events WHERE seq = {seqs[1]}"))
    assert verify_on(conn).first_bad == seqs[2]


def test_deleting_the_last_event_is_found_by_the_head(
    attacker: tuple[Connection, list[int]],
) -> None:
    conn, seqs = attacker
    conn.execute(text(f"DELETE FROM audit_events WHERE seq = {seqs[-1]}"))
    result = verify_on(conn)
    assert (result.ok, result.first_bad) == (False, seqs[-1])


def test_reordering_two_events_is_found(attacker: tuple[Connection, list[int]]) -> None:
    conn, seqs = attacker
    a, b = seqs[1], seqs[2]
    conn.execute(text(f"UPDATE audit_events SET seq = -1 WHERE seq = {a}"))
    conn.execute(text(f"UPDATE audit_events SET seq = {a} WHERE seq = {b}"))
    conn.execute(text(f"UPDATE audit_events SET seq = {b} WHERE seq = -1"))
    assert verify_on(conn).first_bad == a
