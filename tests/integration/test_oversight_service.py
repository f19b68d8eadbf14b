"""The oversight service on SQLite and PostgreSQL: status and timeline read back from what
the writers stored, refusals store nothing, writes are idempotent.

Expected values are worked out by hand from the world drawn in test_oversight_world.py
(day counts: 12 Feb 2015 → 13 Oct 2016 is 609 days; 13 Oct 2017 → 1 Feb 2019 is 476;
13 Oct 2017 → 1 Jul 2021 is 1357, and a further 365 to 1 Jul 2022).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from carewatch.domain.oversight import (
    Condition,
    EventKind,
    FixedPenalty,
    IllegalTransition,
    InvalidCommitment,
    InvalidEnforcement,
    Prosecution,
    Regime,
    UnknownRegime,
    UrgentAction,
    WarningRequirement,
)
from carewatch.services import oversight
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from carewatch.store.tables import Base
from carewatch.store.versions import read_data_version
from tests.actors import OPERATOR
from tests.integration.test_oversight_world import MEETING, D, build_world


def data_version(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_data_version(conn)


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name.startswith("oversight_")
        }


def test_status_between_events(db: Database) -> None:
    build_world(db)
    status = oversight.oversight_status(db=db, provider_id="RMY", as_of=D("2019-02-01"))
    assert status.regime is Regime.QUALITY_SPECIAL_MEASURES
    assert status.since == D("2017-10-13")
    assert status.segment is None
    assert status.times_rated_inadequate == 3
    assert status.days_in_special_measures_or_rsp == 609 + 476
    assert status.longest_spell_days == 609
    assert status.next_inspection_due == D("2019-11-29")
    assert [o.kind for o in status.open_enforcement] == ["requirement_notice"]
    assert [c.what for c in status.overdue_commitments] == [
        "Face-to-face meeting in January",
        "Significant progress by late January",
    ]


def test_status_in_the_recovery_support_programme(db: Database) -> None:
    build_world(db)
    status = oversight.oversight_status(db=db, provider_id="RMY", as_of=D("2022-07-01"))
    assert status.regime is Regime.SEGMENT_4
    assert status.segment == 4
    assert status.days_in_special_measures_or_rsp == 609 + 1357 + 365
    assert status.longest_spell_days == 1357 + 365
    assert status.next_inspection_due == D("2019-11-29")
    assert [(o.kind, o.deadlines) for o in status.open_enforcement] == [
        ("warning_notice_29a", (D("2022-06-30"),))
    ]
    assert [c.what for c in status.overdue_commitments] == ["Significant progress by late January"]


def test_status_defaults_to_today_and_unknown_trusts_are_not_found(db: Database) -> None:
    build_world(db)
    status = oversight.oversight_status(db=db, provider_id="RMY")
    assert status.as_of == dt.date.today()
    with pytest.raises(NotFound, match="no provider with id 'NOPE'"):
        oversight.oversight_status(db=db, provider_id="NOPE")


def test_timeline_between_dates(db: Database) -> None:
    build_world(db)
    events = oversight.oversight_timeline(
        db=db, provider_id="RMY", start=D("2018-10-01"), end=D("2018-12-31")
    )
    assert [(e.date.isoformat(), e.kind) for e in events] == [
        ("2018-10-04", EventKind.ESCALATION),
        ("2018-11-29", EventKind.RATING_PUBLISHED),
        ("2018-11-29", EventKind.REGIME_RETAINED),
        ("2018-11-29", EventKind.ENFORCEMENT_ISSUED),
        ("2018-11-30", EventKind.MEETING),
    ]
    everything = oversight.oversight_timeline(db=db, provider_id="RMY")
    # 4 ratings, 6 decisions, requirement notice issued and closed, warning notice issued
    # (one requirement still active), 1 escalation, 1 meeting, 2 commitments due, 1 kept.
    assert len(everything) == 4 + 6 + 2 + 1 + 1 + 1 + 2 + 1
    assert everything[0].source == "https://example.org/AP1"


def test_recording_everything_twice_changes_nothing(db: Database) -> None:
    build_world(db)
    before = counts(db)
    record = oversight.oversight_record(db=db, provider_id="RMY")
    build_world(db)
    assert counts(db) == before
    again = oversight.oversight_record(db=db, provider_id="RMY")
    assert again == record
    assert before == {
        "oversight_decisions": 6,
        "oversight_enforcement": 2,
        "oversight_requirements": 2,
        "oversight_escalations": 1,
        "oversight_meetings": 1,
        "oversight_participants": 3,
        "oversight_statements": 1,
        "oversight_commitments": 2,
    }


def test_an_illegal_transition_stores_nothing(db: Database) -> None:
    build_world(db)
    before, version = counts(db), data_version(db)
    with pytest.raises(IllegalTransition, match="Quality special measures did not exist"):
        oversight.record_regime_decision(
            db=db,
            provider_id="RMY",
            kind="entered",
            regime_from="segment_3",
            regime_to="quality_special_measures",
            date=D("2025-06-01"),
            actor=OPERATOR,
        )
    with pytest.raises(IllegalTransition, match="is in NHS Oversight Framework segment 3"):
        oversight.record_regime_decision(
            db=db,
            provider_id="RMY",
            kind="exited",
            regime_from="segment_4",
            regime_to="none",
            date=D("2025-06-01"),
            actor=OPERATOR,
        )
    with pytest.raises(IllegalTransition):
        # Replacing the 2016 exit by a retention breaks the 2017 re-entry.
        oversight.record_regime_decision(
            db=db,
            provider_id="RMY",
            kind="retained",
            regime_from="quality_special_measures",
            regime_to="quality_special_measures",
            date=D("2016-10-13"),
            actor=OPERATOR,
        )
    with pytest.raises(UnknownRegime):
        oversight.record_regime_decision(
            db=db,
            provider_id="RMY",
            kind="entered",
            regime_from="none",
            regime_to="segment 9",
            date=D("2026-01-01"),
            actor=OPERATOR,
        )
    assert counts(db) == before
    assert data_version(db) == version


def test_a_decision_recorded_again_on_its_date_is_updated_in_place(db: Database) -> None:
    build_world(db)
    oversight.record_regime_decision(
        db=db,
        provider_id="RMY",
        kind="exited",
        regime_from="quality_special_measures",
        regime_to="none",
        date=D("2016-10-13"),
        recommended_by="CQC Chief Inspector of Hospitals",
        decided_by="NHS Improvement",
        conditions=["address outstanding safety issues"],
        evidence=["AP1"],
        actor=OPERATOR,
    )
    history = oversight.oversight_record(db=db, provider_id="RMY").history
    exit_ = history.periods[0].exit
    assert exit_ is not None
    assert exit_.conditions == ("address outstanding safety issues",)
    assert exit_.evidence == ("AP1",)
    assert exit_.decided_by == "NHS Improvement"
    assert len(history.decisions) == 6


def test_an_earlier_decision_can_be_recorded_later_when_it_fits(db: Database) -> None:
    build_world(db)
    oversight.record_regime_decision(
        db=db,
        provider_id="RMY",
        kind="retained",
        regime_from="quality_special_measures",
        regime_to="quality_special_measures",
        date=D("2020-01-30"),
        actor=OPERATOR,
    )
    history = oversight.oversight_record(db=db, provider_id="RMY").history
    assert [d.date for d in history.periods[1].retentions] == [D("2018-11-29"), D("2020-01-30")]


def test_writers_refuse_unknown_providers_meetings_and_commitments(db: Database) -> None:
    build_world(db)
    before = counts(db)
    with pytest.raises(NotFound, match="provider"):
        oversight.record_statement(
            db=db,
            provider_id="NOPE",
            who="x",
            organisation="y",
            date=D("2020-01-01"),
            text="z",
            actor=OPERATOR,
        )
    with pytest.raises(NotFound, match="meeting on that date"):
        oversight.record_commitment(
            db=db,
            provider_id="RMY",
            what="x",
            by="y",
            made_on=D("2018-12-01"),
            meeting_title=MEETING,
            actor=OPERATOR,
        )
    with pytest.raises(NotFound, match="commitment made on that date"):
        oversight.mark_commitment(
            db=db,
            provider_id="RMY",
            what="never promised",
            made_on=D("2018-11-30"),
            status="kept",
            on=D("2019-01-01"),
            evidence="",
            actor=OPERATOR,
        )
    with pytest.raises(InvalidCommitment, match="kept_late"):
        oversight.mark_commitment(
            db=db,
            provider_id="RMY",
            what="Significant progress by late January",
            made_on=D("2018-11-30"),
            status="kept",
            on=D("2019-02-15"),
            evidence="report",
            actor=OPERATOR,
        )
    with pytest.raises(InvalidEnforcement):
        oversight.record_warning_notice(
            db=db, provider_id="RMY", issued=D("2023-01-01"), requirements=[], actor=OPERATOR
        )
    assert counts(db) == before


def test_a_commitment_recorded_again_keeps_its_mark(db: Database) -> None:
    build_world(db)
    oversight.record_commitment(
        db=db,
        provider_id="RMY",
        what="Face-to-face meeting in January",
        by="NHS Improvement",
        made_on=D("2018-11-30"),
        due=D("2019-01-31"),
        source="https://example.org/call",
        actor=OPERATOR,
    )
    (kept,) = [
        c
        for c in oversight.oversight_record(db=db, provider_id="RMY").commitments
        if c.what == "Face-to-face meeting in January"
    ]
    assert kept.status.value == "kept_late"
    assert kept.marked_on == D("2019-03-01")
    assert kept.source == "https://example.org/call"


def test_a_warning_notice_recorded_again_replaces_its_requirements(db: Database) -> None:
    build_world(db)
    oversight.record_warning_notice(
        db=db,
        provider_id="RMY",
        issued=D("2022-04-14"),
        requirements=[WarningRequirement("Everything", D("2022-09-30"))],
        actor=OPERATOR,
    )
    notices = [
        a
        for a in oversight.oversight_record(db=db, provider_id="RMY").enforcement
        if a.kind == "warning_notice_29a"
    ]
    assert len(notices) == 1
    assert [r.text for r in notices[0].requirements] == ["Everything"]  # type: ignore[union-attr]


def test_other_enforcement_round_trips(db: Database) -> None:
    build_world(db)
    actions = [
        Condition("No admissions to two wards", D("2021-12-01"), removed=D("2022-03-01")),
        UrgentAction("Wards closed to admissions", D("2021-12-02")),
        FixedPenalty("Failure to display ratings", D("2021-12-03")),
        Prosecution("Avoidable harm", D("2021-12-04")),
    ]
    for action in actions:
        oversight.record_other_enforcement(db=db, provider_id="RMY", action=action, actor=OPERATOR)
        oversight.record_other_enforcement(db=db, provider_id="RMY", action=action, actor=OPERATOR)
    stored = oversight.oversight_record(db=db, provider_id="RMY").enforcement
    assert [a for a in stored if a.kind not in ("requirement_notice", "warning_notice_29a")] == (
        actions
    )
