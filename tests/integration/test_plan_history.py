"""The plan keeps an append-only history, on SQLite and PostgreSQL: a re-verification adds a
verdict and keeps the first; recording an action or a finding again with other values needs
a reason and keeps each changed field as a change (one audit event per change); the same
values again change nothing; the public sees a moved due date but no restricted value.

The world: trust RMY with must-do 2020-MD1 (Regulation 15) and action A1 (owner Pat Example,
a ward manager below the board, due 31 March 2025), evidence supplied by the ward manager.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from carewatch.domain.access import PUBLIC, Actor, Organisation, Role
from carewatch.domain.plans import ChangeNeedsReason, FindingKind, InvalidEvidence, Verdict
from carewatch.services import plans
from carewatch.services.audit import checkpoint
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables import Base

OPERATOR = Actor.operator("tests")
D = dt.date.fromisoformat
AT = dt.datetime(2025, 4, 2, 10, 0, tzinfo=dt.UTC)


def rows(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name.startswith("plan_")
        }


def events(db: Database) -> int:
    """How many events the audit trail holds: its head's sequence number (the trail is
    never emptied between tests, so a count of a page of the log would stop at its limit)."""
    return checkpoint(db).seq


def finding(db: Database, **changes: object) -> int:
    given: dict[str, object] = {
        "provider_id": "RMY",
        "reference": "2020-MD1",
        "kind": "must_do",
        "regulation": "15",
        "report_words": "The trust must ensure ward environments are safe.",
        "report_date": D("2025-01-15"),
        "actor": OPERATOR,
    }
    return plans.record_finding(db=db, **{**given, **changes})  # type: ignore[arg-type]


def action(db: Database, **changes: object) -> int:
    given: dict[str, object] = {
        "provider_id": "RMY",
        "finding_reference": "2020-MD1",
        "reference": "A1",
        "title": "Repair the ward",
        "owner_role": "Ward manager",
        "owner_person": "Pat Example",
        "opened": D("2025-01-20"),
        "due": D("2025-03-31"),
        "notes": "Internal: contractor dispute",
        "actor": OPERATOR,
    }
    return plans.record_action(db=db, **{**given, **changes})  # type: ignore[arg-type]


def world(db: Database) -> int:
    record_provider(db=db, provider_id="RMY", name="Example trust", synthetic=True, actor=OPERATOR)
    finding(db)
    return action(db)


def test_verifying_again_adds_a_verdict_and_keeps_the_first(db: Database) -> None:
    a1 = world(db)
    added = plans.add_evidence(
        db=db, actor=OPERATOR, action_id=a1, kind="note", note="Audit done",
        supplied_by="Ward manager", uploaded_at=dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC),
        effective_from=D("2025-02-01"),
    )  # fmt: skip
    first = plans.verify_evidence(
        db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=True,
        by="Chief nurse", on=D("2025-02-05"), note="Looks complete",
    )  # fmt: skip
    before = events(db)
    plans.verify_evidence(
        db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=False,
        by="Head of quality", on=D("2025-02-10"), note="Two wards missing",
    )  # fmt: skip
    assert events(db) == before + 1
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2025-02-20"), actor=OPERATOR)
    (evidence,) = detail.evidence
    assert (evidence.verdict, evidence.verified_by, evidence.verified_on) == (
        Verdict.REJECTED,
        "Head of quality",
        D("2025-02-10"),
    )
    assert [(v.verdict, v.by, v.on, v.note) for v in evidence.verdicts] == [
        (Verdict.ACCEPTED, "Chief nurse", D("2025-02-05"), "Looks complete"),
        (Verdict.REJECTED, "Head of quality", D("2025-02-10"), "Two wards missing"),
    ]
    assert evidence.verdicts[0].id == first.id
    # As of a day between the two, the first verdict stands.
    earlier = plans.action_detail(db=db, action_id=a1, as_of=D("2025-02-07"), actor=OPERATOR)
    assert earlier.evidence[0].verdict is Verdict.ACCEPTED
    assert [e.kind for e in detail.timeline()] == ["verdict", "verdict"]
    # A verdict dated before the latest is refused, and so is the supplier verifying.
    with pytest.raises(InvalidEvidence, match="latest verdict"):
        plans.verify_evidence(
            db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=True,
            by="Chief nurse", on=D("2025-02-08"),
        )  # fmt: skip
    with pytest.raises(InvalidEvidence, match="other than its supplier"):
        plans.verify_evidence(
            db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=True,
            by="Ward manager", on=D("2025-02-12"),
        )  # fmt: skip
    assert rows(db)["plan_verdicts"] == 2


def test_a_signed_in_supplier_cannot_verify_their_own_evidence(db: Database) -> None:
    a1 = world(db)
    editor = Actor.user(7, "pat@example.nhs.uk", "Pat Example", Role.TRUST_EDITOR,
                        Organisation.parse("RMY"))  # fmt: skip
    added = plans.add_evidence(
        db=db, actor=editor, action_id=a1, kind="note", note="Audit done", supplied_by="",
        uploaded_at=dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC), effective_from=D("2025-02-01"),
    )  # fmt: skip
    with pytest.raises(InvalidEvidence, match="other than its supplier"):
        plans.verify_evidence(
            db=db, actor=editor, evidence_id=added.evidence_id, accepted=True, by="",
            on=D("2025-02-05"),
        )  # fmt: skip
    assert rows(db)["plan_verdicts"] == 0


def test_a_moved_due_date_needs_a_reason_and_is_kept_as_a_change(db: Database) -> None:
    a1 = world(db)
    before, audited = rows(db), events(db)
    with pytest.raises(ChangeNeedsReason, match="due_date") as refused:
        action(db, due=D("2025-06-30"))
    assert refused.value.field == "reason"
    assert (rows(db), events(db)) == (before, audited)
    unchanged = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-01"), actor=OPERATOR)
    assert unchanged.summary.due == D("2025-03-31")

    assert action(db, due=D("2025-06-30"), reason="Contractor delayed", at=AT) == a1
    assert events(db) == audited + 1
    assert rows(db)["plan_changes"] == before["plan_changes"] + 1
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-03"), actor=OPERATOR)
    assert detail.summary.due == D("2025-06-30")
    (change,) = detail.changes
    assert (change.field, change.old, change.new, change.by, change.on, change.reason) == (
        "due_date", "2025-03-31", "2025-06-30", "tests (operator)", D("2025-04-02"),
        "Contractor delayed",
    )  # fmt: skip
    assert change.label == "Due date"
    assert [e.kind for e in detail.timeline()] == ["change"]
    # Not yet made as of the day before.
    assert (
        plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-01"), actor=OPERATOR).changes
        == ()
    )


def test_the_same_values_again_change_nothing(db: Database) -> None:
    world(db)
    before, audited = rows(db), events(db)
    action(db)
    finding(db)
    action(db, reason="a reason for nothing")
    assert (rows(db), events(db)) == (before, audited)


def test_several_fields_changed_at_once_are_one_audit_event(db: Database) -> None:
    a1 = world(db)
    audited = events(db)
    action(db, title="Repair and secure the ward", owner_person="Sam Other",
           notes="Internal: dispute settled", reason="New contractor", at=AT)  # fmt: skip
    assert events(db) == audited + 1
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-03"), actor=OPERATOR)
    assert [(c.field, c.old, c.new) for c in detail.changes] == [
        ("title", "Repair the ward", "Repair and secure the ward"),
        ("owner_person", "Pat Example", "Sam Other"),
        ("notes", "Internal: contractor dispute", "Internal: dispute settled"),
    ]


def test_turning_a_must_do_into_a_should_do_needs_a_reason_and_is_kept(db: Database) -> None:
    a1 = world(db)
    before = rows(db)
    with pytest.raises(ChangeNeedsReason, match="kind"):
        finding(db, kind="should_do", regulation=None)
    assert rows(db) == before
    assert plans.list_findings(db=db, provider_id="RMY")[0].kind is FindingKind.MUST_DO
    audited = events(db)
    finding(db, kind="should_do", regulation=None, reason="CQC corrected the report", at=AT)
    assert events(db) == audited + 1
    assert plans.list_findings(db=db, provider_id="RMY")[0].kind is FindingKind.SHOULD_DO
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-03"), actor=OPERATOR)
    assert [(c.record.value, c.field, c.old, c.new, c.reason) for c in detail.changes] == [
        ("finding", "kind", "must_do", "should_do", "CQC corrected the report"),
        ("finding", "regulation", "15", "", "CQC corrected the report"),
        # Regulation 15 (premises) implied the key question Safe; with it gone, none.
        ("finding", "key_question", "safe", "", "CQC corrected the report"),
    ]


def test_the_public_sees_a_moved_due_date_but_no_restricted_value(db: Database) -> None:
    a1 = world(db)
    action(db, due=D("2025-06-30"), owner_person="Sam Other", notes="Internal: new plan",
           reason="Pat Example is on leave", at=AT)  # fmt: skip
    public = plans.public_plan(db=db, provider_id="RMY", as_of=D("2025-04-03"))
    (((moved,),),) = [[a.due_date_moves for a in m.actions] for m in public.must_dos]
    assert (moved.old, moved.new, moved.on) == (D("2025-03-31"), D("2025-06-30"), D("2025-04-02"))
    assert public.must_dos[0].actions[0].due == D("2025-06-30")
    before = plans.public_plan(db=db, provider_id="RMY", as_of=D("2025-04-01"))
    assert before.must_dos[0].actions[0].due_date_moves == ()
    # As of the day before the change, the action had its old facts; and it was overdue.
    assert before.must_dos[0].actions[0].due == D("2025-03-31")
    assert before.must_dos[0].actions[0].overdue
    then = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-01"), actor=OPERATOR)
    assert (then.summary.due, then.summary.owner.person, then.notes) == (
        D("2025-03-31"), "Pat Example", "Internal: contractor dispute",
    )  # fmt: skip

    seen = plans.action_detail(db=db, action_id=a1, as_of=D("2025-04-03"), actor=PUBLIC)
    shown = [(c.field, c.old, c.new, c.by, c.reason, c.withheld) for c in seen.changes]
    assert shown == [
        ("owner_person", "", "", "", "", True),
        ("due_date", "2025-03-31", "2025-06-30", "", "", False),
        ("notes", "", "", "", "", True),
    ]
    text = repr(seen)
    for secret in ("Pat Example", "Sam Other", "Internal", "on leave"):
        assert secret not in text


def test_a_days_moves_and_verdicts_are_listed_in_the_order_they_were_made(db: Database) -> None:
    a1 = world(db)
    day = D("2025-02-03")
    added = plans.add_evidence(
        db=db, actor=OPERATOR, action_id=a1, kind="note", note="Audit done",
        supplied_by="Ward manager", uploaded_at=dt.datetime(2025, 2, 3, 9, tzinfo=dt.UTC),
        effective_from=D("2025-02-01"),
    )  # fmt: skip
    for to in ("in_progress", "evidence_submitted"):
        plans.move_action(db=db, actor=OPERATOR, action_id=a1, to=to, on=day, by="Ward manager")
    plans.verify_evidence(db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=True,
                          by="Chief nurse", on=day)  # fmt: skip
    plans.move_action(db=db, actor=OPERATOR, action_id=a1, to="verified", on=day, by="Chief nurse")
    detail = plans.action_detail(db=db, action_id=a1, as_of=day, actor=OPERATOR)
    assert [
        (e.kind, e.move.to.value if e.move else e.verdict.verdict.value if e.verdict else "")
        for e in detail.timeline()
    ] == [
        ("move", "in_progress"),
        ("move", "evidence_submitted"),
        ("verdict", "accepted"),
        ("move", "verified"),
    ]
