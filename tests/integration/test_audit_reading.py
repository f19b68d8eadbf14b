"""Reading the audit trail a page at a time on SQLite and PostgreSQL: the service refuses the
public and roles without the permission, keeps an administrator to their own organisation,
and pages newest first in both directions under a filter."""

from __future__ import annotations

import uuid

import pytest

from carewatch.domain.access import (
    PUBLIC,
    Actor,
    Forbidden,
    Organisation,
    Role,
    SignInRequired,
)
from carewatch.services.audit import append, audit_log, audit_page, checkpoint
from carewatch.store.database import Database

REGULATOR = Actor.user(2, "r@cqc.example", "R", Role.REGULATOR, Organisation.parse("CQC"))
RMY_ADMIN = Actor.user(3, "a@rmy.example", "A", Role.ADMIN, Organisation.parse("RMY"))


def _actor(organisation: str) -> Actor:
    email = f"{uuid.uuid4().hex[:10]}@{organisation.lower()}.example"
    return Actor.user(9, email, "W", Role.TRUST_EDITOR, Organisation.parse(organisation))


def _events(db: Database, actor: Actor, n: int) -> list[int]:
    seqs = []
    for i in range(n):
        with db.engine.begin() as conn:
            seqs.append(append(conn, actor, "plans.move", "action", i, {"to": "completed"}))
    return seqs


@pytest.mark.parametrize(
    ("reader", "refusal"),
    [
        (PUBLIC, SignInRequired),
        (_actor("RMY"), Forbidden),
        (
            Actor.user(4, "o@nhse.example", "O", Role.OVERSIGHT, Organisation.parse("NHSE")),
            Forbidden,
        ),
    ],
)
def test_who_may_not_read_is_refused(db: Database, reader: Actor, refusal: type[Exception]) -> None:
    with pytest.raises(refusal):
        audit_page(db, reader)
    with pytest.raises(refusal):
        audit_log(db, reader)


def test_an_administrator_reads_only_their_organisations_events(db: Database) -> None:
    rmy, raa = _actor("RMY"), _actor("RAA")
    mine = _events(db, rmy, 2)
    _events(db, raa, 2)
    page = audit_page(db, RMY_ADMIN, size=10)
    assert {e.organisation for e in page.entries} == {"RMY"}
    assert [e.seq for e in page.entries if e.actor == rmy.identity] == mine[::-1]
    assert audit_page(db, RMY_ADMIN, by=raa.identity).entries == ()
    assert len(audit_page(db, REGULATOR, by=raa.identity).entries) == 2


def test_pages_run_newest_first_in_both_directions(db: Database) -> None:
    writer = _actor("RMY")
    seqs = _events(db, writer, 7)
    _events(db, _actor("RMY"), 2)  # newer events of someone else, filtered out
    first = audit_page(db, REGULATOR, by=writer.identity, size=3)
    assert [e.seq for e in first.entries] == seqs[6:3:-1]
    assert (first.newer, first.older) == (None, seqs[4])
    second = audit_page(db, REGULATOR, by=writer.identity, size=3, before=first.older)
    assert [e.seq for e in second.entries] == seqs[3:0:-1]
    assert (second.newer, second.older) == (seqs[3], seqs[1])
    last = audit_page(db, REGULATOR, by=writer.identity, size=3, before=second.older)
    assert [e.seq for e in last.entries] == [seqs[0]]
    assert (last.newer, last.older) == (seqs[0], None)
    back = audit_page(db, REGULATOR, by=writer.identity, size=3, after=second.newer)
    assert back.entries == first.entries
    assert back.newer is None
    assert first.head == checkpoint(db)


def test_a_page_holds_at_least_one_event(db: Database) -> None:
    with pytest.raises(ValueError, match="at least one"):
        audit_page(db, REGULATOR, size=0)
