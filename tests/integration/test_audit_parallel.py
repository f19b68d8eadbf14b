"""Verifying a long audit chain on several processes finds what one walk finds: the same
count and the same first bad event, wherever the tampering falls (inside a run, at a run's
first or last event, a deleted event at a cut), on SQLite and PostgreSQL. Each test has a
database of its own, since the tampering is committed: the processes read it through their
own connections."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from carewatch.domain.access import Actor, Organisation, Role
from carewatch.domain.audit import Event, seal
from carewatch.services.audit import append, verify
from carewatch.services.audit._walk import boundaries
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate
from tests.integration.test_audit_trail import DROP

EDITOR = Actor.user(1, "amira@rmy.example", "Amira", Role.TRUST_EDITOR, Organisation.parse("RMY"))
EVENTS = 40
# Three processes cut 1..40 into (…, 14], (14, 28], (28, …).
WORKERS = 3


@pytest.fixture(params=["sqlite", "postgresql"])
def chain(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of this test's own holding a chain of EVENTS events numbered 1 to EVENTS."""
    if request.param == "sqlite":
        db = connect(f"sqlite:///{tmp_path / 'audit.db'}")
        name = None
    else:
        server = request.getfixturevalue("postgres_server")
        name = server.create("carewatch_audit")
        db = server.connect(name)
    migrate(db)
    with db.engine.begin() as conn:
        for i in range(EVENTS):
            append(conn, EDITOR, "plans.move", "action", i, {"to": "completed"})
    try:
        yield db
    finally:
        db.dispose()
        if name is not None:
            request.getfixturevalue("postgres_server").drop_soon(name)


def tamper(db: Database, *statements: str) -> None:
    """Commit `statements` with the append-only triggers dropped, as an attacker could."""
    with db.engine.begin() as conn:
        for statement in [*DROP[db.dialect], *statements]:
            conn.execute(text(statement))


def in_parallel(db: Database) -> tuple[bool, int, int | None]:
    result = verify(db, workers=WORKERS, parallel_from=1)
    return result.ok, result.events, result.first_bad


def test_the_runs_cover_every_number_once() -> None:
    assert boundaries(1, EVENTS, WORKERS) == [(None, 14), (14, 28), (28, None)]
    runs = boundaries(1, 1000, 7)
    assert runs[0][0] is None
    assert runs[-1][1] is None
    assert all(a[1] == b[0] for a, b in itertools.pairwise(runs))


def test_an_intact_chain_verifies_in_parallel(chain: Database) -> None:
    assert in_parallel(chain) == (True, EVENTS, None)


ALTER = "UPDATE audit_events SET actor = 'x@y.example' WHERE seq = {}"
FORGE = "UPDATE audit_events SET hash = '" + "a" * 64 + "' WHERE seq = {}"


def reseal(db: Database, seq: int) -> list[str]:
    """Alter event `seq` and store its true new hash: found only at the event after it."""
    with db.engine.connect() as conn:
        row = conn.execute(text(f"SELECT * FROM audit_events WHERE seq = {seq}")).one()
    forged = Event(
        row.seq, row.at, "x@y.example", row.organisation, row.action, row.entity,
        row.entity_id, row.digest,
    )  # fmt: skip
    return [
        f"UPDATE audit_events SET actor = 'x@y.example', hash = '{seal(row.prev_hash, forged)}'"
        f" WHERE seq = {seq}"
    ]


DELETE = "DELETE FROM audit_events WHERE seq = {}"

CASES: dict[str, tuple[Callable[[Database], list[str]], int, int]] = {
    # what the attacker does, the first bad event, and the events read up to it
    "altered inside the second run": (lambda db: [ALTER.format(20)], 20, 20),
    "altered as a run's first event": (lambda db: [ALTER.format(15)], 15, 15),
    "altered as a run's last event": (lambda db: [ALTER.format(14)], 14, 14),
    "a forged hash at a run's last event": (lambda db: [FORGE.format(28)], 28, 28),
    "resealed at a run's last event": (lambda db: reseal(db, 28), 29, 29),
    "resealed at the first run's end": (lambda db: reseal(db, 14), 15, 15),
    "deleted at a cut": (lambda db: [DELETE.format(14)], 15, 14),
    "deleted as a run's first event": (lambda db: [DELETE.format(29)], 30, 29),
    "two runs altered: the earlier is named": (
        lambda db: [ALTER.format(33), ALTER.format(9)],
        9,
        9,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_tampering_is_found_where_one_walk_finds_it(chain: Database, case: str) -> None:
    statements, first_bad, events = CASES[case]
    tamper(chain, *statements(chain))
    one_walk = verify(chain)  # one process: the chain is far shorter than the threshold
    assert (one_walk.ok, one_walk.first_bad, one_walk.events) == (False, first_bad, events)
    assert in_parallel(chain) == (False, events, first_bad)


def test_an_event_added_past_the_head_is_found(chain: Database) -> None:
    tamper(
        chain,
        "INSERT INTO audit_events (seq, at, actor, organisation, action, entity, entity_id,"
        " digest, prev_hash, hash) SELECT seq + 1, at, actor, organisation, action, entity,"
        f" entity_id, digest, hash, hash FROM audit_events WHERE seq = {EVENTS}",
    )
    ok, _, first_bad = in_parallel(chain)
    assert (ok, first_bad) == (False, EVENTS + 1)
