"""Two writers recording the same improvement plan fact at the same moment, on SQLite and
PostgreSQL: both succeed and one row is stored, where a select-then-insert let the second
fail on the unique index. Each writer runs on its own engine (`together`), a few rounds with
different natural keys, so the writers really meet.

Moves of one action at once are made one after the other: each is checked against the
history the other left, and takes the next place in it.

The small world: trust RMY (synthetic), the metrics catalogue, one must-do (Regulation 15)
with action A1 opened 2020-02-01 and due 2020-06-30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from carewatch.domain.access import Actor as _WriterActor
from carewatch.domain.plans import ActionStatus, Finding, FindingKind, IllegalMove
from carewatch.services import plans
from carewatch.services.metrics import seed_catalogue
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables import Base
from tests.integration.together import succeeded, together

WRITER = _WriterActor.operator("tests")

ROUNDS = 3
D = dt.date.fromisoformat


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T09:00:00+00:00")


def rows(db: Database, table: str) -> int:
    t = Base.metadata.tables[table]
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t)).scalar_one())


def twice(db: Database, write: Any) -> list[Any]:
    return succeeded(together(db, write, write))


def finding(db: Database, reference: str = "2020-MD1") -> int:
    return plans.record_finding(
        db=db,
        provider_id="RMY",
        reference=reference,
        kind="must_do",
        regulation="15",
        report_words="The trust must ensure ward environments are safe.",
        report_date=D("2020-01-15"),
        actor=WRITER,
    )


def action(db: Database, reference: str = "A1") -> int:
    return plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2020-MD1",
        reference=reference,
        title="Repair the ward",
        owner_role="Ward manager",
        opened=D("2020-02-01"),
        due=D("2020-06-30"),
        actor=WRITER,
    )


def world(db: Database) -> int:
    record_provider(
        db=db, provider_id="RMY", name="Mental health trust", synthetic=True, actor=WRITER
    )
    seed_catalogue(db, actor=WRITER)
    finding(db)
    return action(db)


def test_the_same_finding_twice(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        ids = twice(db, lambda d, n=n: finding(d, f"2021-MD{n}"))
        assert ids[0] == ids[1]
    assert rows(db, "plan_findings") == 1 + ROUNDS


def test_the_same_findings_twice(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        batch = [
            Finding(
                reference=f"2022-SD{n}-{k}",
                kind=FindingKind.SHOULD_DO,
                report_words=f"The trust should review record {k}.",
            )
            for k in range(2)
        ]
        ids = twice(
            db,
            lambda d, b=batch: plans.record_findings(
                db=d, provider_id="RMY", findings=b, actor=WRITER
            ),
        )
        assert ids[0] == ids[1]
    assert rows(db, "plan_findings") == 1 + 2 * ROUNDS


def test_the_same_action_twice(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        ids = twice(db, lambda d, n=n: action(d, f"B{n}"))
        assert ids[0] == ids[1]
    assert rows(db, "plan_actions") == 1 + ROUNDS


def test_the_same_milestone_twice(db: Database) -> None:
    a1 = world(db)
    for n in range(ROUNDS):
        ids = twice(
            db,
            lambda d, n=n: plans.add_milestone(
                db=d, action_id=a1, title=f"Step {n}", due=D("2020-03-01"), actor=WRITER
            ),
        )
        assert ids[0] == ids[1]
    assert rows(db, "plan_milestones") == ROUNDS


def test_the_same_note_twice(db: Database) -> None:
    a1 = world(db)
    for n in range(ROUNDS):
        added = twice(
            db,
            lambda d, n=n: plans.add_evidence(
                db=d,
                action_id=a1,
                kind="note",
                supplied_by="Ward manager",
                uploaded_at=at("2020-04-10"),
                effective_from=D("2020-03-01"),
                note=f"Audit {n}",
                actor=WRITER,
            ),
        )
        assert added[0].evidence_id == added[1].evidence_id
        assert sorted(a.created for a in added) == [False, True]
    assert rows(db, "plan_evidence") == ROUNDS


def test_the_same_file_on_two_actions_at_once(db: Database) -> None:
    a1 = world(db)
    b1 = action(db, "B1")
    for n in range(ROUNDS):
        content = f"ward audit {n}\n".encode()
        added = succeeded(
            together(
                db,
                *[
                    lambda d, aid=aid, c=content: plans.add_evidence(
                        db=d,
                        action_id=aid,
                        kind="file",
                        supplied_by="Ward manager",
                        uploaded_at=at("2020-04-10"),
                        effective_from=D("2020-03-01"),
                        content=c,
                        filename="audit.txt",
                        media_type="text/plain",
                        actor=WRITER,
                    )
                    for aid in (a1, b1)
                ],
            )
        )
        assert all(a.created for a in added)
        assert len({a.evidence_id for a in added}) == 2
    assert rows(db, "plan_evidence_files") == ROUNDS
    assert rows(db, "plan_evidence") == 2 * ROUNDS


def test_the_same_schedule_twice(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        aid = action(db, f"S{n}")
        twice(
            db,
            lambda d, aid=aid: plans.set_evidence_schedule(
                db=d, action_id=aid, frequency="monthly", starts_on=D("2020-03-01"), actor=WRITER
            ),
        )
    assert rows(db, "plan_evidence_schedules") == ROUNDS


def test_the_same_metric_link_twice(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        aid = action(db, f"M{n}")
        twice(
            db,
            lambda d, aid=aid: plans.link_metric(
                db=d,
                action_id=aid,
                metric_code="cyp_triage_wait",
                target=5,
                direction="at_most",
                actor=WRITER,
            ),
        )
    assert rows(db, "plan_action_metrics") == ROUNDS


def test_escalating_twice_at_once_records_each_level_once(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        aid = action(db, f"E{n}")
        plans.set_evidence_schedule(
            db=db,
            action_id=aid,
            frequency="monthly",
            starts_on=D("2020-03-01"),
            grace_days=14,
            actor=WRITER,
        )
    # No evidence arrives: each action is overdue from 15 April, and by 11 June has reached
    # the owner, the executive lead and the board.
    recorded = twice(
        db,
        lambda d: plans.escalate_overdue(
            db=d, provider_id="RMY", as_of=D("2020-06-11"), actor=WRITER
        ),
    )
    stored = rows(db, "plan_escalations")
    assert stored == 3 * ROUNDS
    assert len(recorded[0]) + len(recorded[1]) == stored


def test_two_moves_to_the_same_status_at_once(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        aid = action(db, f"V{n}")
        outcomes = together(
            db,
            *[
                lambda d, aid=aid: plans.move_action(
                    db=d,
                    action_id=aid,
                    to="in_progress",
                    on=D("2020-02-03"),
                    by="Ward manager",
                    actor=WRITER,
                )
            ]
            * 2,
        )
        # The second is checked against the first: in progress already, it is refused.
        assert sorted(type(o).__name__ for o in outcomes) == ["ActionStatus", "IllegalMove"]
        assert any(isinstance(o, IllegalMove) for o in outcomes)
        history = plans.action_detail(db=db, action_id=aid, as_of=D("2020-02-03")).history
        assert [(e.seq, e.to) for e in history] == [(1, ActionStatus.IN_PROGRESS)]


def reopened(db: Database, reference: str) -> int:
    """An action moved open → in progress → evidence submitted → verified → reopened."""
    aid = action(db, reference)
    evidence = plans.add_evidence(
        db=db,
        action_id=aid,
        kind="note",
        supplied_by="Ward manager",
        uploaded_at=at("2020-03-01"),
        effective_from=D("2020-03-01"),
        note="Ward repaired",
        actor=WRITER,
    )
    plans.verify_evidence(
        db=db,
        evidence_id=evidence.evidence_id,
        accepted=True,
        by="Matron",
        on=D("2020-03-02"),
        actor=WRITER,
    )
    for to, day in [
        ("in_progress", "2020-02-03"),
        ("evidence_submitted", "2020-03-01"),
        ("verified", "2020-03-02"),
        ("reopened", "2020-03-03"),
    ]:
        plans.move_action(db=db, action_id=aid, to=to, on=D(day), by="Ward manager", actor=WRITER)
    return aid


def test_two_moves_legal_in_either_order_both_take_their_place(db: Database) -> None:
    world(db)
    for n in range(ROUNDS):
        aid = reopened(db, f"R{n}")
        moved = succeeded(
            together(
                db,
                *[
                    lambda d, to=to, aid=aid: plans.move_action(
                        db=d,
                        action_id=aid,
                        to=to,
                        on=D("2020-03-04"),
                        by="Ward manager",
                        actor=WRITER,
                    )
                    for to in ("in_progress", "evidence_submitted")
                ],
            )
        )
        assert set(moved) == {ActionStatus.IN_PROGRESS, ActionStatus.EVIDENCE_SUBMITTED}
        history = plans.action_detail(db=db, action_id=aid, as_of=D("2020-03-04")).history
        assert [e.seq for e in history] == [1, 2, 3, 4, 5, 6]
        assert {e.to for e in history[4:]} == set(moved)
