"""The worked example's improvement plan on SQLite and PostgreSQL: NSFT's five must-dos of
January 2020 and the 2015–2018 themes, illustrative actions marked as such, a reopened
action, a monthly audit with a missed month, and loading twice changing nothing.

Expected values come from carewatch.demo.nsft's findings and actions, read by hand: July 2020's
medicines audit is missing, so that action is overdue from 15 August 2020 (14 days' grace
after 31 July) and reaches the executive lead on 28 August and the board on 11 September.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from carewatch.demo.load.plans import load_plan
from carewatch.domain.plans import ActionStatus, EscalationLevel, FindingKind, Rag
from carewatch.services import plans
from carewatch.store.database import Database
from carewatch.store.tables import Base

D = dt.date.fromisoformat


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in Base.metadata.sorted_tables
            if t.name.startswith("plan_")
        }


def test_the_worked_example_plan_loads_once_and_tells_its_story(demo_db: Database) -> None:
    first = counts(demo_db)
    again = load_plan(db=demo_db)
    assert counts(demo_db) == first
    assert again.escalations == 0
    assert again.unlinked_metrics == ()

    findings = plans.list_findings(db=demo_db, provider_id="RMY")
    must_dos_2020 = [f for f in findings if f.reference.startswith("2020-MD")]
    assert len(must_dos_2020) == 5
    assert all(f.kind is FindingKind.MUST_DO and f.source.startswith("https://") for f in findings)
    assert {f.report_link_id for f in findings} == {
        "RMY-2015-02",
        "RMY-2016-10",
        "RMY-2017-10",
        "RMY-2018-11",
        "RMY-2020-01",
    }

    plan = plans.improvement_plan(db=demo_db, provider_id="RMY", as_of=D("2020-09-01"))
    assert all(a.illustrative for a in plan.actions)
    assert all(not a.owner.person for a in plan.actions)  # roles only, never names
    audit = next(
        a for a in plan.actions if a.finding_reference == "2020-MD4" and a.reference == "A2"
    )
    assert (audit.rag, audit.overdue) == (Rag.RED, True)
    assert [p.start for p in audit.missing_periods] == [D("2020-07-01")]
    assert audit.days_overdue == 18  # 15 August to 1 September inclusive

    detail = plans.action_detail(db=demo_db, action_id=audit.id, as_of=D("2021-12-31"))
    assert [(e.level, e.escalated_on) for e in detail.escalations] == [
        (EscalationLevel.OWNER, D("2020-08-15")),
        (EscalationLevel.EXECUTIVE_LEAD, D("2020-08-28")),
        (EscalationLevel.BOARD, D("2020-09-11")),
    ]
    assert [e.verdict.value for e in detail.evidence].count("rejected") == 1

    reopened = next(a for a in plan.actions if a.finding_reference == "2020-MD2")
    history = plans.action_detail(db=demo_db, action_id=reopened.id, as_of=D("2021-12-31")).history
    assert ActionStatus.REOPENED in [h.to for h in history]
    assert history[-1].to is ActionStatus.CLOSED

    cancelled = [a for a in plan.actions if a.status is ActionStatus.CANCELLED]
    assert len(cancelled) == 1

    later = plans.list_actions(db=demo_db, provider_id="RMY", as_of=D("2022-01-01"))
    assert {a.status for a in later} == {ActionStatus.CLOSED, ActionStatus.CANCELLED}

    linked = plans.findings_by_metric(db=demo_db, provider_id="RMY")
    assert set(linked) == {
        "cyp_triage_wait",
        "cyp_assessment_wait",
        "cyp_treatment_wait",
        "adhd_assessment_wait",
        "emergency_referral_response",
        "pos_staffing_fill_rate",
        "medication_errors_reported",
        "medication_errors_investigated_in_time",
        "risk_assessment_care_plan_current",
        "records_contemporaneous",
    }

    public = plans.public_plan(db=demo_db, provider_id="RMY", as_of=D("2020-09-01"))
    md4 = next(m for m in public.must_dos if m.reference == "2020-MD4")
    assert md4.progress == "Overdue"
    assert "Illustrative action" not in repr(public)  # internal notes stay internal
