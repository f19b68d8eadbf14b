"""The improvement plan service on SQLite and PostgreSQL: writers store what the readers give
back, refusals store nothing, evidence files are hashed and de-duplicated with real bytes,
escalation is idempotent, and the public plan carries no internal detail.

The small world: trust RMY (synthetic), the metrics catalogue, one must-do (Regulation 15)
with action A1 owned by a ward manager (not on the board) and due 2020-06-30, and a
should-do with action B1 owned by the chief nurse (a board member).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import func, select

from carewatch.domain.access import PUBLIC, Actor, Forbidden, Organisation, Role, SignInRequired
from carewatch.domain.access import Actor as _WriterActor
from carewatch.domain.oversight import WarningRequirement
from carewatch.domain.plans import (
    ActionStatus,
    EscalationLevel,
    Finding,
    FindingKind,
    IllegalMove,
    InvalidEvidence,
    InvalidFinding,
    Rag,
)
from carewatch.services import oversight, plans
from carewatch.services.audit import audit_log, checkpoint
from carewatch.services.errors import NotFound
from carewatch.services.metrics import seed_catalogue
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables import Base
from carewatch.store.versions import read_data_version

WRITER = _WriterActor.operator("tests")

OPERATOR = Actor.operator("tests")

D = dt.date.fromisoformat


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name.startswith("plan_")
        }


def version(db: Database) -> int:
    with db.engine.connect() as conn:
        return read_data_version(conn)


def world(db: Database) -> tuple[int, int]:
    record_provider(
        db=db, provider_id="RMY", name="Mental health trust", synthetic=True, actor=WRITER
    )
    seed_catalogue(db, actor=WRITER)
    plans.record_finding(
        db=db,
        provider_id="RMY",
        reference="2020-MD1",
        kind="must_do",
        regulation="15",
        report_words="The trust must ensure ward environments are safe.",
        public_summary="Make the wards safe.",
        core_services=["Wards for people with a learning disability or autism"],
        report_date=D("2020-01-15"),
        actor=WRITER,
    )
    plans.record_finding(
        db=db,
        provider_id="RMY",
        reference="2020-SD1",
        kind="should_do",
        report_words="The trust should review supervision records.",
        report_date=D("2020-01-15"),
        actor=WRITER,
    )
    a1 = plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2020-MD1",
        reference="A1",
        title="Repair the ward",
        owner_role="Ward manager",
        owner_person="Pat Example",
        executive_lead="Chief operating officer",
        priority="high",
        opened=D("2020-02-01"),
        due=D("2020-06-30"),
        notes="Internal: contractor dispute",
        actor=WRITER,
    )
    b1 = plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2020-SD1",
        reference="B1",
        title="Review supervision",
        owner_role="Chief nurse",
        owner_person="Sam Board",
        owner_is_board_member=True,
        opened=D("2020-02-01"),
        due=D("2020-12-31"),
        actor=WRITER,
    )
    return a1, b1


def test_findings_and_actions_are_stored_once_by_their_natural_keys(db: Database) -> None:
    a1, _ = world(db)
    again = plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2020-MD1",
        reference="A1",
        title="Repair and secure the ward",
        owner_role="Ward manager",
        opened=D("2020-02-01"),
        due=D("2020-07-31"),
        reason="Scope widened after the estates survey",
        at=at("2020-02-15"),
        actor=WRITER,
    )
    assert again == a1
    assert counts(db)["plan_findings"] == 2
    assert counts(db)["plan_actions"] == 2
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2020-03-01"), actor=OPERATOR)
    assert (detail.summary.title, detail.summary.due) == (
        "Repair and secure the ward",
        D("2020-07-31"),
    )


def test_refusals_store_nothing(db: Database) -> None:
    a1, _ = world(db)
    before, stamp = counts(db), version(db)
    with pytest.raises(InvalidFinding, match="names its regulation"):
        plans.record_finding(
            db=db,
            provider_id="RMY",
            reference="X",
            kind="must_do",
            report_words="words",
            actor=WRITER,
        )
    with pytest.raises(NotFound):
        plans.record_finding(
            db=db,
            provider_id="NOPE",
            reference="X",
            kind="should_do",
            report_words="w",
            actor=WRITER,
        )
    with pytest.raises(NotFound):
        plans.record_action(
            db=db,
            provider_id="RMY",
            finding_reference="NOPE",
            reference="A",
            title="t",
            owner_role="r",
            opened=D("2020-01-01"),
            due=D("2020-02-01"),
            actor=WRITER,
        )
    with pytest.raises(IllegalMove, match="from Open the next status can be"):
        plans.move_action(db=db, action_id=a1, to="verified", on=D("2020-03-01"), actor=WRITER)
    plans.move_action(db=db, action_id=a1, to="in_progress", on=D("2020-03-01"), actor=WRITER)
    with pytest.raises(IllegalMove, match="no evidence has been uploaded"):
        plans.move_action(
            db=db, action_id=a1, to="evidence_submitted", on=D("2020-03-02"), actor=WRITER
        )
    assert counts(db)["plan_action_events"] == 1  # only the legal first move
    with pytest.raises(plans.ValueTooLong, match="title"):
        plans.record_action(
            db=db,
            provider_id="RMY",
            finding_reference="2020-MD1",
            reference="A9",
            title="x" * 501,
            owner_role="r",
            opened=D("2020-01-01"),
            due=D("2020-02-01"),
            actor=WRITER,
        )
    after = counts(db)
    after["plan_action_events"] -= 1
    assert after == before
    assert version(db) == stamp + 1  # the one legal move


def test_a_walk_from_open_to_closed_as_of_every_step(db: Database) -> None:
    a1, _ = world(db)
    report = b"Ward survey\n" + bytes(range(256))
    plans.move_action(
        db=db, action_id=a1, to="in_progress", on=D("2020-02-03"), by="Ward manager", actor=WRITER
    )
    added = plans.add_evidence(
        db=db,
        action_id=a1,
        kind="file",
        supplied_by="Ward manager",
        uploaded_at=at("2020-06-20"),
        effective_from=D("2020-06-01"),
        effective_to=D("2020-06-19"),
        content=report,
        filename="survey.pdf",
        media_type="application/pdf",
        actor=WRITER,
    )
    plans.move_action(
        db=db, action_id=a1, to="evidence_submitted", on=D("2020-06-20"), actor=WRITER
    )
    with pytest.raises(IllegalMove, match="no evidence has been accepted"):
        plans.move_action(db=db, action_id=a1, to="verified", on=D("2020-07-02"), actor=WRITER)
    plans.verify_evidence(
        db=db,
        evidence_id=added.evidence_id,
        accepted=True,
        by="Head of quality",
        on=D("2020-07-02"),
        note="Checked on site",
        actor=WRITER,
    )
    plans.move_action(
        db=db, action_id=a1, to="verified", on=D("2020-07-02"), by="Head of quality", actor=WRITER
    )
    plans.move_action(
        db=db, action_id=a1, to="closed", on=D("2020-07-30"), by="Board", actor=WRITER
    )
    expected = [
        ("2020-02-01", ActionStatus.OPEN, Rag.GREEN),
        ("2020-06-19", ActionStatus.IN_PROGRESS, Rag.AMBER),  # due in 11 days
        ("2020-07-01", ActionStatus.EVIDENCE_SUBMITTED, Rag.AMBER),  # in time, awaiting check
        ("2020-07-02", ActionStatus.VERIFIED, Rag.BLUE),
        ("2020-07-30", ActionStatus.CLOSED, Rag.BLUE),
    ]
    for day, status, rag in expected:
        (row,) = [
            a for a in plans.list_actions(db=db, provider_id="RMY", as_of=D(day)) if a.id == a1
        ]
        assert (row.status, row.rag) == (status, rag), day
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2020-07-01"), actor=OPERATOR)
    assert [h.to for h in detail.history] == [
        ActionStatus.IN_PROGRESS,
        ActionStatus.EVIDENCE_SUBMITTED,
    ]
    assert [e.verdict.value for e in detail.evidence] == ["pending"]  # accepted the next day
    later = plans.action_detail(db=db, action_id=a1, as_of=D("2020-07-02"), actor=OPERATOR)
    assert [(e.verdict.value, e.verified_by) for e in later.evidence] == [
        ("accepted", "Head of quality")
    ]
    assert detail.next_statuses == (
        ActionStatus.IN_PROGRESS,
        ActionStatus.VERIFIED,
        ActionStatus.CANCELLED,
    )


def test_evidence_files_are_hashed_stored_once_and_flagged_as_duplicates(db: Database) -> None:
    a1, b1 = world(db)
    content = b"%PDF-1.4 audit\x00\xff" + bytes(range(256)) * 40
    digest = hashlib.sha256(content).hexdigest()

    def attach(action_id: int, day: str) -> plans.EvidenceAdded:
        return plans.add_evidence(
            db=db,
            action_id=action_id,
            kind="file",
            supplied_by="Ward manager",
            uploaded_at=at(day),
            effective_from=D("2020-03-01"),
            effective_to=D("2020-03-31"),
            content=content,
            filename="audit.pdf",
            media_type="application/pdf",
            actor=WRITER,
        )

    first = attach(a1, "2020-04-02")
    assert (first.created, first.duplicate, first.sha256) == (True, False, digest)
    same = attach(a1, "2020-04-03")
    assert (same.evidence_id, same.created, same.duplicate) == (first.evidence_id, False, True)
    other = attach(b1, "2020-04-04")
    assert (other.created, other.duplicate, other.duplicate_of) == (
        True,
        True,
        (first.evidence_id,),
    )
    assert counts(db)["plan_evidence_files"] == 1
    assert counts(db)["plan_evidence"] == 2
    stored = plans.evidence_file(db=db, sha256=digest.upper(), actor=OPERATOR)
    assert (stored.content, stored.size, stored.media_type) == (
        content,
        len(content),
        "application/pdf",
    )
    (view,) = plans.action_detail(
        db=db, action_id=a1, as_of=D("2020-05-01"), actor=OPERATOR
    ).evidence
    assert (view.file_sha256, view.size, view.filename) == (digest, len(content), "audit.pdf")
    with pytest.raises(NotFound):
        plans.evidence_file(db=db, sha256="0" * 64, actor=OPERATOR)


def test_notes_and_links_are_evidence_too_and_need_their_content(db: Database) -> None:
    a1, _ = world(db)
    note = plans.add_evidence(
        db=db,
        action_id=a1,
        kind="note",
        supplied_by="Ward manager",
        uploaded_at=at("2020-03-01"),
        effective_from=D("2020-03-01"),
        note="Walked the ward with estates",
        actor=WRITER,
    )
    link = plans.add_evidence(
        db=db,
        action_id=a1,
        kind="link",
        supplied_by="Ward manager",
        uploaded_at=at("2020-03-02"),
        effective_from=D("2020-03-01"),
        url="https://example.org/board-paper",
        actor=WRITER,
    )
    assert note.created
    assert link.created
    assert note.sha256 is None
    with pytest.raises(InvalidEvidence, match="a file needs its content"):
        plans.add_evidence(
            db=db,
            action_id=a1,
            kind="file",
            supplied_by="x",
            uploaded_at=at("2020-03-01"),
            effective_from=D("2020-03-01"),
            actor=WRITER,
        )
    with pytest.raises(InvalidEvidence, match="ends before it starts"):
        plans.add_evidence(
            db=db,
            action_id=a1,
            kind="note",
            note="n",
            supplied_by="x",
            uploaded_at=at("2020-03-01"),
            effective_from=D("2020-03-02"),
            effective_to=D("2020-03-01"),
            actor=WRITER,
        )


def test_the_supplier_cannot_verify_and_verdicts_follow_the_upload(db: Database) -> None:
    a1, _ = world(db)
    added = plans.add_evidence(
        db=db,
        action_id=a1,
        kind="note",
        supplied_by="Ward manager",
        uploaded_at=at("2020-03-05"),
        effective_from=D("2020-03-01"),
        note="Done",
        actor=WRITER,
    )
    with pytest.raises(InvalidEvidence, match="someone other than its supplier"):
        plans.verify_evidence(
            db=db,
            evidence_id=added.evidence_id,
            accepted=True,
            by=" ward MANAGER ",
            on=D("2020-03-06"),
            actor=WRITER,
        )
    with pytest.raises(InvalidEvidence, match="comes before the upload"):
        plans.verify_evidence(
            db=db,
            evidence_id=added.evidence_id,
            accepted=True,
            by="Matron",
            on=D("2020-03-04"),
            actor=WRITER,
        )
    with pytest.raises(NotFound):
        plans.verify_evidence(
            db=db, evidence_id=999, accepted=True, by="M", on=D("2020-03-06"), actor=WRITER
        )


def test_a_missed_month_makes_the_action_overdue_and_escalation_is_recorded_once(
    db: Database,
) -> None:
    a1, _ = world(db)
    plans.move_action(db=db, action_id=a1, to="in_progress", on=D("2020-02-03"), actor=WRITER)
    plans.set_evidence_schedule(
        db=db,
        action_id=a1,
        frequency="monthly",
        starts_on=D("2020-03-01"),
        grace_days=14,
        description="Monthly environment audit",
        actor=WRITER,
    )
    plans.add_evidence(
        db=db,
        action_id=a1,
        kind="note",
        supplied_by="Ward manager",
        uploaded_at=at("2020-04-10"),
        effective_from=D("2020-03-01"),
        effective_to=D("2020-03-31"),
        note="March audit",
        actor=WRITER,
    )
    # April's audit never arrives: due by the end of 14 May.
    assert (
        plans.list_actions(db=db, provider_id="RMY", as_of=D("2020-05-14"), overdue_only=True) == ()
    )
    (late,) = plans.list_actions(db=db, provider_id="RMY", as_of=D("2020-05-15"), overdue_only=True)
    assert (late.id, late.rag, late.days_overdue) == (a1, Rag.RED, 1)
    assert [p.start for p in late.missing_periods] == [D("2020-04-01")]

    first = plans.escalate_overdue(db=db, provider_id="RMY", as_of=D("2020-06-11"), actor=WRITER)
    assert [(e.level, e.escalated_on) for e in first] == [
        (EscalationLevel.OWNER, D("2020-05-15")),
        (EscalationLevel.EXECUTIVE_LEAD, D("2020-05-28")),
        (EscalationLevel.BOARD, D("2020-06-11")),
    ]
    assert (
        plans.escalate_overdue(db=db, provider_id="RMY", as_of=D("2020-06-11"), actor=WRITER) == ()
    )
    assert (
        plans.escalate_overdue(db=db, provider_id="RMY", as_of=D("2020-07-01"), actor=WRITER) == ()
    )
    assert counts(db)["plan_escalations"] == 3
    detail = plans.action_detail(db=db, action_id=a1, as_of=D("2020-05-30"), actor=OPERATOR)
    assert [e.level for e in detail.escalations] == [
        EscalationLevel.OWNER,
        EscalationLevel.EXECUTIVE_LEAD,
    ]


def test_a_warning_notice_requirement_sets_the_legal_deadline(db: Database) -> None:
    world(db)
    oversight.record_warning_notice(
        db=db,
        provider_id="RMY",
        issued=D("2022-04-28"),
        requirements=[WarningRequirement("Reduce ligature risks", D("2022-07-31"))],
        actor=WRITER,
    )
    notice = oversight.oversight_record(db=db, provider_id="RMY")
    assert notice.enforcement  # the stored notice
    from carewatch.store.tables.oversight import OVERSIGHT_ENFORCEMENT

    with db.engine.connect() as conn:
        enforcement_id = conn.execute(select(OVERSIGHT_ENFORCEMENT.c.id)).scalar_one()
    plans.record_finding(
        db=db,
        provider_id="RMY",
        reference="2022-WN1",
        kind="must_do",
        regulation="12",
        report_words="Reduce ligature risks",
        enforcement_id=enforcement_id,
        requirement_position=1,
        report_date=D("2022-04-28"),
        actor=WRITER,
    )
    action_id = plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2022-WN1",
        reference="A1",
        title="Remove ligature points",
        owner_role="Head of estates",
        opened=D("2022-05-01"),
        due=D("2022-09-30"),
        actor=WRITER,
    )
    detail = plans.action_detail(db=db, action_id=action_id, as_of=D("2022-08-01"), actor=OPERATOR)
    assert detail.summary.legal_deadline == D("2022-07-31")
    assert detail.summary.deadline == D("2022-07-31")
    assert detail.summary.days_overdue == 1
    assert detail.finding.enforcement is not None
    assert detail.finding.enforcement.requirement_text == "Reduce ligature risks"
    with pytest.raises(NotFound):
        plans.record_finding(
            db=db,
            provider_id="RMY",
            reference="2022-WN2",
            kind="must_do",
            regulation="12",
            report_words="w",
            enforcement_id=enforcement_id,
            requirement_position=7,
            actor=WRITER,
        )


def test_metric_links_and_findings_by_metric(db: Database) -> None:
    a1, b1 = world(db)
    plans.link_metric(
        db=db,
        action_id=a1,
        metric_code="cyp_triage_wait",
        target=5,
        direction="at_most",
        actor=WRITER,
    )
    plans.link_metric(
        db=db,
        action_id=b1,
        metric_code="cyp_triage_wait",
        target=3,
        direction="at_most",
        actor=WRITER,
    )
    plans.link_metric(
        db=db,
        action_id=a1,
        metric_code="cyp_triage_wait",
        target=4,
        direction="at_most",
        actor=WRITER,
    )
    with pytest.raises(NotFound):
        plans.link_metric(
            db=db,
            action_id=a1,
            metric_code="no_such_metric",
            target=1,
            direction="at_least",
            actor=WRITER,
        )
    by_metric = plans.findings_by_metric(db=db, provider_id="RMY")
    assert {code: [f.reference for f in fs] for code, fs in by_metric.items()} == {
        "cyp_triage_wait": ["2020-MD1", "2020-SD1"]
    }
    (row,) = [
        a for a in plans.list_actions(db=db, provider_id="RMY", as_of=D("2020-03-01")) if a.id == a1
    ]
    assert [(m.metric_code, m.target, m.direction.value) for m in row.metrics] == [
        ("cyp_triage_wait", 4.0, "at_most")
    ]


def test_the_public_plan_shows_must_dos_without_internal_detail(db: Database) -> None:
    world(db)
    plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="2020-MD1",
        reference="A2",
        title="Board oversight of ward works",
        owner_role="Chief operating officer",
        owner_person="Alex Director",
        owner_is_board_member=True,
        opened=D("2020-02-01"),
        due=D("2020-12-31"),
        actor=WRITER,
    )
    public = plans.public_plan(db=db, provider_id="RMY", as_of=D("2020-03-01"))
    (must_do,) = public.must_dos
    assert must_do.summary == "Make the wards safe."
    assert must_do.progress == "Not started"
    assert [a.owner for a in must_do.actions] == [
        "Ward manager",
        "Alex Director (Chief operating officer)",
    ]
    text = repr(public)
    assert "Pat Example" not in text
    assert "contractor dispute" not in text
    assert "Sam Board" not in text  # a should-do: not on the public plan


def test_actions_for_an_owner_by_role_or_name(db: Database) -> None:
    a1, b1 = world(db)
    assert [
        a.id for a in plans.actions_for_owner(db=db, owner="ward manager", as_of=D("2020-03-01"))
    ] == [a1]
    assert [
        a.id for a in plans.actions_for_owner(db=db, owner="Sam Board", as_of=D("2020-03-01"))
    ] == [b1]
    assert plans.actions_for_owner(db=db, owner="Ward manager", as_of=D("2020-01-01")) == ()


def test_as_of_leaves_out_what_did_not_exist_yet(db: Database) -> None:
    world(db)
    assert plans.improvement_plan(db=db, provider_id="RMY", as_of=D("2020-01-14")).findings == ()
    plan = plans.improvement_plan(db=db, provider_id="RMY", as_of=D("2020-01-31"))
    assert [f.finding.reference for f in plan.findings] == ["2020-MD1", "2020-SD1"]
    assert plan.actions == ()
    assert len(plans.improvement_plan(db=db, provider_id="RMY", as_of=D("2020-02-01")).actions) == 2


def test_upload_times_are_kept_in_utc_and_days_are_utc_days(db: Database) -> None:
    a1, _ = world(db)
    # 00:30 on 1 July in British Summer Time is 23:30 on 30 June UTC.
    plans.add_evidence(
        db=db,
        action_id=a1,
        kind="note",
        supplied_by="Ward manager",
        uploaded_at=dt.datetime.fromisoformat("2020-07-01T00:30:00+01:00"),
        effective_from=D("2020-06-01"),
        note="Done",
        actor=WRITER,
    )
    (view,) = plans.action_detail(
        db=db, action_id=a1, as_of=D("2020-06-30"), actor=OPERATOR
    ).evidence
    assert view.uploaded_at == dt.datetime(2020, 6, 30, 23, 30, tzinfo=dt.UTC)
    plans.move_action(db=db, action_id=a1, to="in_progress", on=D("2020-06-01"), actor=WRITER)
    plans.move_action(
        db=db, action_id=a1, to="evidence_submitted", on=D("2020-06-30"), actor=WRITER
    )
    (row,) = [
        a for a in plans.list_actions(db=db, provider_id="RMY", as_of=D("2020-07-05")) if a.id == a1
    ]
    assert (row.last_evidenced, row.overdue) == (D("2020-06-30"), False)


def test_several_findings_are_stored_all_or_none(db: Database) -> None:
    record_provider(
        db=db, provider_id="RMY", name="Mental health trust", synthetic=True, actor=WRITER
    )

    def finding(reference: str, service: str) -> Finding:
        return Finding(
            reference=reference,
            kind=FindingKind.SHOULD_DO,
            report_words="The trust should review its waiting lists.",
            core_services=(service,),
        )

    before = counts(db)
    # The second finding's core service is longer than the column allows: neither is stored.
    with pytest.raises(plans.ValueTooLong):
        plans.record_findings(
            db=db,
            provider_id="RMY",
            findings=[finding("SD1", "Crisis"), finding("SD2", "x" * 301)],
            actor=WRITER,
        )
    assert counts(db) == before
    with pytest.raises(NotFound):
        plans.record_findings(
            db=db, provider_id="NOPE", findings=[finding("SD1", "Crisis")], actor=WRITER
        )
    ids = plans.record_findings(
        db=db,
        provider_id="RMY",
        findings=[finding("SD1", "Crisis"), finding("SD2", "Wards")],
        actor=WRITER,
    )
    assert len(set(ids)) == 2
    assert [f.reference for f in plans.list_findings(db=db, provider_id="RMY")] == ["SD1", "SD2"]
    # Again: the same references are updated, not added.
    assert (
        plans.record_findings(
            db=db,
            provider_id="RMY",
            findings=[finding("SD1", "Crisis"), finding("SD2", "Wards")],
            actor=WRITER,
        )
        == ids
    )


def test_the_public_sees_the_plan_without_restricted_fields(db: Database) -> None:
    action_id, _ = world(db)
    plans.move_action(
        db=db, action_id=action_id, to="in_progress", on=D("2020-02-03"), by="Pat Example",
        reason="Jo Bloggs, NHS number 943 476 5919, waited", actor=WRITER)  # fmt: skip
    public = plans.action_detail(db=db, action_id=action_id, actor=PUBLIC)
    full = plans.action_detail(db=db, action_id=action_id, actor=OPERATOR)
    assert full.notes
    assert public.notes == ""
    assert full.summary.owner.person == "Pat Example"
    assert public.summary.owner.person == ""
    assert public.summary.owner.role == full.summary.owner.role
    assert [(h.by, h.reason) for h in public.history] == [("", "")]
    assert "943 476 5919" in full.history[0].reason
    plan = plans.improvement_plan(db=db, provider_id="RMY", actor=PUBLIC)
    assert [a.owner.person for a in plan.actions] == ["", "Sam Board"]  # board members named
    assert plans.actions_for_owner(db=db, owner="Pat Example", actor=PUBLIC) == ()
    assert len(plans.actions_for_owner(db=db, owner="Pat Example", actor=OPERATOR)) == 1
    assert len(plans.actions_for_owner(db=db, owner="Ward manager", actor=PUBLIC)) == 1


def test_an_evidence_file_is_read_only_by_those_who_may_and_each_read_is_audited(
    db: Database,
) -> None:
    action_id, _ = world(db)
    added = plans.add_evidence(
        db=db, action_id=action_id, kind="file", supplied_by="Ward manager",
        uploaded_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC), effective_from=D("2020-02-01"),
        effective_to=D("2020-02-29"), content=b"ward audit", filename="audit.txt",
        media_type="text/plain", actor=WRITER)  # fmt: skip
    assert added.sha256 is not None
    with pytest.raises(SignInRequired):
        plans.evidence_file(db=db, sha256=added.sha256, actor=PUBLIC)
    before = checkpoint(db).seq
    assert plans.evidence_file(db=db, sha256=added.sha256, actor=OPERATOR).content == b"ward audit"
    entry = audit_log(db, OPERATOR, entity="evidence_file", limit=1)[0]
    assert (entry.seq, entry.action, entry.entity_id) == (
        before + 1,
        "evidence_file.read",
        added.sha256,
    )


def _user(role: str, organisation: str, n: int = 1) -> Actor:
    return Actor.user(
        n, f"{role}{n}@{organisation.lower()}.example", f"{role} {n}", Role.parse(role),
        Organisation.parse(organisation),
    )  # fmt: skip


def test_only_the_trusts_editors_work_its_plan(db: Database) -> None:
    a1, _ = world(db)
    with pytest.raises(SignInRequired):
        plans.move_action(db=db, actor=PUBLIC, action_id=a1, to="in_progress", on=D("2020-02-03"))
    for refused in (
        _user("trust_viewer", "RMY"),
        _user("trust_editor", "RAA"),
        _user("regulator", "CQC"),
    ):
        with pytest.raises(Forbidden):
            plans.move_action(
                db=db, actor=refused, action_id=a1, to="in_progress", on=D("2020-02-03")
            )
    assert counts(db)["plan_action_events"] == 0
    editor = _user("trust_editor", "RMY")
    plans.move_action(
        db=db, actor=editor, action_id=a1, to="in_progress", on=D("2020-02-03"), by="Someone Else"
    )
    (entry,) = plans.action_detail(db=db, action_id=a1, actor=OPERATOR).history
    assert entry.by == editor.label  # the signed-in identity, not the name typed


def test_evidence_is_verified_by_someone_other_than_its_supplier_by_identity(db: Database) -> None:
    a1, _ = world(db)
    editor = _user("trust_editor", "RMY", 1)
    namesake = Actor.user(
        2, "other@rmy.example", "trust_editor 1", Role.TRUST_EDITOR, Organisation.parse("RMY")
    )
    added = plans.add_evidence(
        db=db, actor=editor, action_id=a1, kind="note", note="Ward repaired", supplied_by="",
        uploaded_at=at("2020-03-01"), effective_from=D("2020-03-01"),
    )  # fmt: skip
    with pytest.raises(InvalidEvidence, match="someone other than its supplier"):
        plans.verify_evidence(
            db=db,
            actor=editor,
            evidence_id=added.evidence_id,
            accepted=True,
            by="",
            on=D("2020-03-02"),
        )
    with pytest.raises(Forbidden):
        plans.verify_evidence(
            db=db, actor=_user("trust_viewer", "RMY"), evidence_id=added.evidence_id,
            accepted=True, by="", on=D("2020-03-02"),
        )  # fmt: skip
    plans.verify_evidence(  # same name, another person: allowed
        db=db,
        actor=namesake,
        evidence_id=added.evidence_id,
        accepted=True,
        by="",
        on=D("2020-03-02"),
    )


def test_each_plan_write_appends_one_audit_event(db: Database) -> None:
    a1, _ = world(db)
    editor = _user("trust_editor", "RMY")
    before = checkpoint(db).seq
    plans.move_action(db=db, actor=editor, action_id=a1, to="in_progress", on=D("2020-02-03"))
    plans.add_milestone(db=db, actor=editor, action_id=a1, title="Quote", due=D("2020-03-01"))
    plans.set_evidence_schedule(
        db=db, actor=editor, action_id=a1, frequency="monthly", starts_on=D("2020-03-01")
    )
    entries = audit_log(db, OPERATOR, limit=3)
    assert checkpoint(db).seq == before + 3
    assert [e.action for e in reversed(entries)] == [
        "plans.move",
        "plans.milestone",
        "plans.schedule",
    ]
    assert {e.actor for e in entries} == {editor.identity}
