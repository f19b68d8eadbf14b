"""Facts dated in the future are refused by every writer that records one, on SQLite and
PostgreSQL: `FutureDate` naming the date's field, nothing stored, no audit event. Due dates
and deadlines may be in the future. Evidence received in the past counts from the day it
was received, so a move or a verdict dated after it is accepted.

"Today" is today in the United Kingdom, never behind today in UTC: today in UTC is always
accepted, and two days after it is always in the future.

The world: the metrics catalogue; trust RMY with a meeting on 2018-11-30 and a commitment
made at it, a must-do (2020-MD1, report of 2020-01-15) and its action A1, opened 2020-02-01,
due 2020-06-30, moved in progress on 2020-02-03, with a note of evidence received on
2020-02-10 (`tests.integration.builders.writers_world`, moves and evidence by a trust editor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from carewatch.domain.dates import FutureDate
from carewatch.domain.oversight import Condition, WarningRequirement
from carewatch.domain.plans import ActionStatus, IllegalMove
from carewatch.services import oversight, plans
from carewatch.services.metrics import record_recalculation
from carewatch.services.ratings import record_enforcement, record_rating
from carewatch.services.ratings import record_report as record_published_report
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored, user
from tests.integration.builders import writers_world

D = dt.date.fromisoformat
TODAY = dt.datetime.now(dt.UTC).date()
"""Today in UTC, never after today in the United Kingdom."""
AHEAD = TODAY + dt.timedelta(days=2)
"""Always after today in the United Kingdom (at most an hour ahead of UTC)."""
EDITOR = user("trust_editor", "RMY")
VERIFIER = user("trust_editor", "RMY", 2)

Write = Callable[[Database, dt.date], object]
METRIC = "medication_errors_investigated_in_time"


def world(db: Database) -> tuple[int, int]:
    """The world above; returns the action's and the evidence's ids."""
    return writers_world(db, EDITOR)


def _action(db: Database) -> int:
    found = plans.find_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                              reference="A1")  # fmt: skip
    return found


def _evidence(db: Database) -> int:
    detail = plans.action_detail(db=db, action_id=_action(db), actor=OPERATOR)
    return detail.evidence[0].id


# Each writer, given the day the fact happened, and the field the refusal names.
WRITES: list[tuple[str, Write, str]] = [
    (
        "plans.finding",
        lambda db, day: plans.record_finding(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            reference="2020-MD2",
            kind="must_do",
            regulation="12",
            report_words="The trust must ensure staffing.",
            report_date=day,
        ),
        "report_date",
    ),
    (
        "plans.action",
        lambda db, day: plans.record_action(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            finding_reference="2020-MD1",
            reference="A2",
            title="Train the staff",
            owner_role="Matron",
            opened=day,
            due=day + dt.timedelta(days=90),
        ),
        "opened",
    ),
    (
        "plans.milestone",
        lambda db, day: plans.add_milestone(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            title="Builders booked",
            due=D("2020-03-01"),
            done_on=day,
        ),
        "done_on",
    ),
    (
        "plans.move",
        lambda db, day: plans.move_action(
            db=db, actor=EDITOR, action_id=_action(db), to="evidence_submitted", on=day
        ),
        "on",
    ),
    (
        "plans.evidence",
        lambda db, day: plans.add_evidence(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            kind="link",
            supplied_by="",
            uploaded_at=plans.received_at(day),
            effective_from=D("2020-02-01"),
            url="https://intranet.example/audit",
        ),
        "uploaded_at",
    ),
    (
        "plans.verify",
        lambda db, day: plans.verify_evidence(
            db=db, actor=VERIFIER, evidence_id=_evidence(db), accepted=True, by="", on=day
        ),
        "on",
    ),
    (
        "plans.escalate",
        lambda db, day: plans.escalate_overdue(db=db, actor=OPERATOR, provider_id="RMY", as_of=day),
        "as_of",
    ),
    (
        "oversight.regime_decision",
        lambda db, day: oversight.record_regime_decision(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            kind="entered",
            regime_from="none",
            regime_to="segment_5",
            date=day,
        ),
        "date",
    ),
    (
        "oversight.escalation",
        lambda db, day: oversight.record_escalation(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            option="special_administration",
            proposed_by="MP",
            date=day,
        ),
        "date",
    ),
    (
        "oversight.meeting",
        lambda db, day: oversight.record_meeting(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            date=day,
            format="face_to_face",
            title="Board visit",
        ),
        "date",
    ),
    (
        "oversight.statement",
        lambda db, day: oversight.record_statement(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            who="Chair",
            organisation="RMY",
            date=day,
            text="We accept the findings.",
        ),
        "date",
    ),
    (
        "oversight.commitment",
        lambda db, day: oversight.record_commitment(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            what="Weekly staffing report",
            by="the trust",
            made_on=day,
        ),
        "made_on",
    ),
    (
        "oversight.commitment_marked",
        lambda db, day: oversight.mark_commitment(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            what="Monthly board updates",
            made_on=D("2018-11-30"),
            status="kept_late",
            on=day,
            evidence="Board minutes",
        ),
        "on",
    ),
    (
        "oversight.requirement_notice",
        lambda db, day: oversight.record_requirement_notice(
            db=db, actor=OPERATOR, provider_id="RMY", regulation="12", issued=day
        ),
        "issued",
    ),
    (
        "oversight.warning_notice",
        lambda db, day: oversight.record_warning_notice(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            issued=day,
            requirements=[WarningRequirement("Staffing", day + dt.timedelta(days=60))],
        ),
        "issued",
    ),
    (
        "oversight.condition",
        lambda db, day: oversight.record_other_enforcement(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            action=Condition("No admissions to two wards", day),
        ),
        "issued",
    ),
    (
        "metrics.recalculation",
        lambda db, day: record_recalculation(
            db=db,
            actor=OPERATOR,
            org_code="RMY",
            metric_code=METRIC,
            at=D("2020-04-01"),
            reason="New triage pathway",
            recorded_on=day,
        ),
        "recorded_on",
    ),
    (
        "ratings.rating",
        lambda db, day: record_rating(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            aspect="Overall",
            rating="Good",
            rating_date=day,
        ),
        "rating_date",
    ),
    (
        "ratings.report",
        lambda db, day: record_published_report(
            db=db, actor=OPERATOR, link_id="AP9", provider_id="RMY", report_date=day
        ),
        "report_date",
    ),
    (
        "ratings.enforcement",
        lambda db, day: record_enforcement(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            key_question="safe",
            kind="warning_notice",
            served_date=day,
        ),
        "served_date",
    ),
]
IDS = [name for name, _, _ in WRITES]


@pytest.mark.parametrize(("name", "write", "field"), WRITES, ids=IDS)
def test_a_fact_dated_after_today_is_refused_and_nothing_is_stored(
    db: Database, name: str, write: Write, field: str
) -> None:
    world(db)
    before, was = head(db), stored(db)
    with pytest.raises(FutureDate) as refused:
        write(db, AHEAD)
    assert refused.value.field == field
    assert refused.value.day == AHEAD
    assert AHEAD.isoformat() in str(refused.value)
    assert "only what has already happened can be recorded" in str(refused.value)
    assert (head(db), stored(db)) == (before, was)


@pytest.mark.parametrize(("name", "write", "field"), WRITES, ids=IDS)
def test_the_same_fact_dated_today_is_recorded(
    db: Database, name: str, write: Write, field: str
) -> None:
    world(db)
    before = head(db)
    write(db, TODAY)
    # One audit event per write; the escalation run one per level A1 (overdue) has reached.
    assert head(db) == before + 1 or (name == "plans.escalate" and head(db) > before)


def test_a_move_dated_2099_is_refused_so_real_moves_still_go_through(db: Database) -> None:
    action_id, _ = world(db)
    with pytest.raises(FutureDate):
        plans.move_action(
            db=db, actor=EDITOR, action_id=action_id, to="evidence_submitted", on=D("2099-01-01")
        )
    status = plans.move_action(
        db=db, actor=EDITOR, action_id=action_id, to="evidence_submitted", on=D("2020-02-11")
    )
    assert status is ActionStatus.EVIDENCE_SUBMITTED


def test_deadlines_and_due_dates_may_be_in_the_future(db: Database) -> None:
    world(db)
    far = D("2099-12-31")
    plans.record_action(
        db=db, actor=OPERATOR, provider_id="RMY", finding_reference="2020-MD1",
        reference="A3", title="Rebuild the unit", owner_role="Director of estates",
        opened=TODAY, due=far, legal_deadline=far,
    )  # fmt: skip
    plans.add_milestone(db=db, actor=EDITOR, action_id=_action(db), title="Plans drawn", due=far)
    oversight.record_commitment(
        db=db, actor=OPERATOR, provider_id="RMY", what="A new ward", by="the trust",
        made_on=TODAY, due=far,
    )  # fmt: skip
    oversight.record_warning_notice(
        db=db, actor=OPERATOR, provider_id="RMY", issued=TODAY,
        requirements=[WarningRequirement("Staffing", far)],
    )  # fmt: skip
    action = plans.find_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                               reference="A3")  # fmt: skip
    detail = plans.action_detail(db=db, action_id=action, actor=OPERATOR)
    assert detail.summary.due == far


def test_evidence_received_in_the_past_supports_moves_and_verdicts_after_it(
    db: Database,
) -> None:
    """The world's note was received on 2020-02-10: a submission on 2020-02-11 and a verdict
    on 2020-02-12 are accepted; the upload is that day, not the day it was recorded."""
    action_id, evidence_id = world(db)
    plans.move_action(
        db=db, actor=EDITOR, action_id=action_id, to="evidence_submitted", on=D("2020-02-11")
    )
    given = plans.verify_evidence(
        db=db, actor=VERIFIER, evidence_id=evidence_id, accepted=True, by="", on=D("2020-02-12")
    )
    plans.move_action(db=db, actor=EDITOR, action_id=action_id, to="verified", on=given.on)
    detail = plans.action_detail(db=db, action_id=action_id, actor=OPERATOR)
    (evidence,) = detail.evidence
    assert evidence.uploaded_at.date() == D("2020-02-10")
    assert detail.summary.status is ActionStatus.VERIFIED


def test_evidence_stamped_now_cannot_support_a_move_in_the_past(db: Database) -> None:
    """What the received date is for: evidence recorded today without it counts from today,
    and a submission dated before that is refused saying so."""
    action_id, _ = world(db)
    plans.record_action(
        db=db, actor=OPERATOR, provider_id="RMY", finding_reference="2020-MD1",
        reference="A4", title="Audit the records", owner_role="Matron",
        opened=D("2020-02-01"), due=D("2020-06-30"),
    )  # fmt: skip
    other = plans.find_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                              reference="A4")  # fmt: skip
    plans.move_action(db=db, actor=EDITOR, action_id=other, to="in_progress", on=D("2020-02-03"))
    plans.add_evidence(
        db=db, actor=EDITOR, action_id=other, kind="note", supplied_by="",
        uploaded_at=plans.received_at(None), effective_from=D("2020-02-01"),
        note="Records audit done.",
    )  # fmt: skip
    with pytest.raises(IllegalMove, match="no evidence has been uploaded"):
        plans.move_action(
            db=db, actor=EDITOR, action_id=other, to="evidence_submitted", on=D("2020-02-11")
        )
    assert action_id != other
