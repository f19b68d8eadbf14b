"""The worked example's improvement actions, in the plan domain's types: each `Action` with
its milestones, evidence and verdicts, moves, measures of success and recurring evidence.

Not public record, and so every action is `illustrative` (stored, and shown wherever the plan
is): every action, owner, date, milestone, evidence file, verdict and metric target
(`carewatch.demo.nsft.illustrative` says how they are marked).

The story they tell: July 2020's medicines audit is never uploaded, so that action falls
overdue and is escalated; the first-quarter 2021 records audit is rejected and its action
reopened; a business case is cancelled, superseded by the crisis service redesign.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.illustrative import (
    QUALITY,
    accepted,
    evidence_file,
    illustrative_action,
    month_end,
    rejected,
)
from carewatch.demo.records import EvidenceScheduleSetting, MetricLink, PlannedAction
from carewatch.domain.plans import (
    ActionStatus,
    EvidenceFrequency,
    Milestone,
    Move,
    Priority,
    TargetDirection,
)

__all__ = ["ACTIONS", "ESCALATION_RUNS"]

D = dt.date
IN_PROGRESS, SUBMITTED = ActionStatus.IN_PROGRESS, ActionStatus.EVIDENCE_SUBMITTED
VERIFIED, CLOSED = ActionStatus.VERIFIED, ActionStatus.CLOSED
REOPENED, CANCELLED = ActionStatus.REOPENED, ActionStatus.CANCELLED
AT_LEAST, AT_MOST = TargetDirection.AT_LEAST, TargetDirection.AT_MOST

PHARMACY = "Lead pharmacist, crisis services"
QUALITY_COMMITTEE = "Quality committee of the board"
BOARD = "Board of directors"


AUDITS = (
    *(
        evidence_file(
            f"Medicines audit, health-based places of safety, {D(y, m, 1):%B %Y}",
            PHARMACY,
            month_end(y, m) + dt.timedelta(days=7),
            D(y, m, 1),
            month_end(y, m),
            # October 2020's audit is rejected, and resubmitted below.
            (rejected if m == 10 else accepted)(month_end(y, m) + dt.timedelta(days=12)),
        )
        for y, m in [(2020, k) for k in range(3, 13)] + [(2021, 1), (2021, 2)]
        if (y, m) != (2020, 7)  # July 2020's audit was never uploaded: the missed month
    ),
    evidence_file(
        "Medicines audit, health-based places of safety, October 2020 (resubmitted)",
        PHARMACY,
        D(2020, 11, 20),
        D(2020, 10, 1),
        D(2020, 10, 31),
        accepted(D(2020, 11, 25)),
    ),
)

ACTIONS: tuple[PlannedAction, ...] = (
    PlannedAction(
        "2020-MD1",
        illustrative_action(
            "A1",
            "Survey, repair and secure the learning disability inpatient ward environments",
            "Head of estates",
            "Chief operating officer",
            D(2020, 2, 3),
            D(2020, 9, 30),
        ),
        milestones=(
            Milestone(
                "Environmental survey of every learning disability ward",
                D(2020, 3, 31),
                D(2020, 3, 20),
            ),
            Milestone("Repairs and security works completed", D(2020, 8, 31), D(2020, 9, 15)),
        ),
        evidence=(
            evidence_file(
                "Ward environment survey",
                "Head of estates",
                D(2020, 3, 20),
                D(2020, 3, 1),
                D(2020, 3, 20),
                accepted(D(2020, 3, 27)),
            ),
            evidence_file(
                "Completion certificate for ward works",
                "Head of estates",
                D(2020, 9, 22),
                D(2020, 9, 15),
                D(2020, 9, 15),
                accepted(D(2020, 10, 9)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 10), "Head of estates"),
            Move(SUBMITTED, D(2020, 9, 25), "Head of estates"),
            Move(VERIFIED, D(2020, 10, 9), QUALITY),
            Move(CLOSED, D(2020, 11, 26), QUALITY_COMMITTEE),
        ),
    ),
    PlannedAction(
        "2020-MD2",
        illustrative_action(
            "A1",
            "Give every young person on the community caseload a current risk assessment and "
            "care plan, checked by a quarterly records audit",
            "Clinical lead, children and young people's services",
            "Chief nurse",
            D(2020, 2, 3),
            D(2020, 12, 31),
        ),
        milestones=(
            Milestone("Caseload review of every young person", D(2020, 5, 31), D(2020, 5, 29)),
        ),
        evidence=(
            evidence_file(
                "Records audit, children and young people's community teams, Q3 2020",
                "Clinical lead, children and young people's services",
                D(2020, 12, 10),
                D(2020, 10, 1),
                D(2020, 12, 31),
                accepted(D(2021, 1, 8)),
            ),
            evidence_file(
                "Records audit, children and young people's community teams, Q1 2021",
                "Clinical lead, children and young people's services",
                D(2021, 3, 12),
                D(2021, 1, 1),
                D(2021, 3, 31),
                rejected(D(2021, 3, 15)),
            ),
            evidence_file(
                "Records audit, children and young people's community teams, Q2 2021",
                "Clinical lead, children and young people's services",
                D(2021, 6, 10),
                D(2021, 4, 1),
                D(2021, 6, 30),
                accepted(D(2021, 6, 30)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 5), "Clinical lead"),
            Move(SUBMITTED, D(2020, 12, 10), "Clinical lead"),
            Move(VERIFIED, D(2021, 1, 8), QUALITY),
            Move(
                REOPENED,
                D(2021, 3, 15),
                QUALITY,
                "The first-quarter records audit found care plans out of date again.",
            ),
            Move(IN_PROGRESS, D(2021, 3, 16), "Clinical lead"),
            Move(SUBMITTED, D(2021, 6, 10), "Clinical lead"),
            Move(VERIFIED, D(2021, 6, 30), QUALITY),
            Move(CLOSED, D(2021, 7, 29), QUALITY_COMMITTEE),
        ),
        metrics=(MetricLink("risk_assessment_care_plan_current", 95.0, AT_LEAST),),
    ),
    PlannedAction(
        "2020-MD3",
        illustrative_action(
            "A1",
            "Recruit the children and young people's community teams to establishment to cut "
            "waits for triage, assessment and treatment",
            "Service director, children, families and young people",
            "Chief operating officer",
            D(2020, 2, 3),
            D(2020, 12, 31),
        ),
        milestones=(
            Milestone("Recruitment campaign launched", D(2020, 3, 31), D(2020, 3, 16)),
            Milestone("Vacancy rate below 10%", D(2020, 10, 31)),
        ),
        evidence=(
            evidence_file(
                "Workforce report, children and young people's services, February 2021",
                "Service director, children, families and young people",
                D(2021, 3, 1),
                D(2021, 2, 1),
                D(2021, 2, 28),
                accepted(D(2021, 4, 15)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 17), "Service director"),
            Move(SUBMITTED, D(2021, 3, 1), "Service director"),
            Move(VERIFIED, D(2021, 4, 15), QUALITY),
            Move(CLOSED, D(2021, 5, 27), BOARD),
        ),
        metrics=(
            MetricLink("cyp_triage_wait", 5.0, AT_MOST),
            MetricLink("cyp_assessment_wait", 28.0, AT_MOST),
            MetricLink("cyp_treatment_wait", 126.0, AT_MOST),
        ),
    ),
    PlannedAction(
        "2020-MD3",
        illustrative_action(
            "A2",
            "Clear the backlog of adult ADHD assessments",
            "Service manager, adult ADHD service",
            "Chief operating officer",
            D(2020, 3, 2),
            D(2021, 6, 30),
        ),
        evidence=(
            evidence_file(
                "ADHD waiting list report, June 2021",
                "Service manager, adult ADHD service",
                D(2021, 6, 20),
                D(2021, 6, 1),
                D(2021, 6, 20),
                accepted(D(2021, 7, 20)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 3, 2), "Service manager"),
            Move(SUBMITTED, D(2021, 6, 21), "Service manager"),
            Move(VERIFIED, D(2021, 7, 20), QUALITY),
            Move(CLOSED, D(2021, 9, 30), BOARD),
        ),
        metrics=(MetricLink("adhd_assessment_wait", 126.0, AT_MOST),),
    ),
    PlannedAction(
        "2020-MD4",
        illustrative_action(
            "A1",
            "Keep contemporaneous records in the health-based places of safety",
            "Matron, health-based places of safety",
            "Chief nurse",
            D(2020, 2, 3),
            D(2020, 6, 30),
        ),
        evidence=(
            evidence_file(
                "Record-keeping audit, health-based places of safety, May 2020",
                "Matron, health-based places of safety",
                D(2020, 6, 15),
                D(2020, 5, 1),
                D(2020, 5, 31),
                accepted(D(2020, 7, 10)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 10), "Matron"),
            Move(SUBMITTED, D(2020, 6, 15), "Matron"),
            Move(VERIFIED, D(2020, 7, 10), QUALITY),
            Move(CLOSED, D(2020, 9, 24), QUALITY_COMMITTEE),
        ),
        metrics=(MetricLink("records_contemporaneous", 95.0, AT_LEAST),),
    ),
    PlannedAction(
        "2020-MD4",
        illustrative_action(
            "A2",
            "Audit medicines in the health-based places of safety every month; report and "
            "investigate every medication error",
            PHARMACY,
            "Medical director",
            D(2020, 2, 3),
            D(2021, 3, 31),
        ),
        evidence=AUDITS,
        moves=(
            Move(IN_PROGRESS, D(2020, 3, 1), "Lead pharmacist"),
            Move(SUBMITTED, D(2021, 3, 10), "Lead pharmacist"),
            Move(VERIFIED, D(2021, 3, 26), QUALITY),
            Move(CLOSED, D(2021, 5, 27), QUALITY_COMMITTEE),
        ),
        metrics=(
            MetricLink("medication_errors_reported", 1.0, AT_LEAST),
            MetricLink("medication_errors_investigated_in_time", 95.0, AT_LEAST),
        ),
        schedule=EvidenceScheduleSetting(
            EvidenceFrequency.MONTHLY,
            starts_on=D(2020, 3, 1),
            ends_on=D(2021, 2, 28),
            description="Monthly medicines audit",
        ),
    ),
    PlannedAction(
        "2020-MD5",
        illustrative_action(
            "A1",
            "Staff the health-based places of safety to establishment on every shift",
            "Head of nursing, crisis services",
            "Chief nurse",
            D(2020, 2, 3),
            D(2020, 12, 31),
        ),
        evidence=(
            evidence_file(
                "Safer staffing report, crisis services, October to December 2020",
                "Head of nursing, crisis services",
                D(2020, 12, 30),
                D(2020, 10, 1),
                D(2020, 12, 27),
                accepted(D(2021, 1, 28)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 10), "Head of nursing"),
            Move(SUBMITTED, D(2020, 12, 30), "Head of nursing"),
            Move(VERIFIED, D(2021, 1, 28), QUALITY),
            Move(CLOSED, D(2021, 3, 25), BOARD),
        ),
        metrics=(MetricLink("pos_staffing_fill_rate", 95.0, AT_LEAST),),
    ),
    PlannedAction(
        "2020-MD5",
        illustrative_action(
            "A2",
            "Business case for a separate places-of-safety team",
            "Service director, crisis services",
            "Chief operating officer",
            D(2020, 2, 3),
            D(2020, 6, 30),
            priority=Priority.MEDIUM,
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 2, 17), "Service director"),
            Move(
                CANCELLED,
                D(2020, 5, 14),
                "Chief operating officer",
                "Superseded by the crisis service redesign (action A3).",
            ),
        ),
    ),
    PlannedAction(
        "2020-MD5",
        illustrative_action(
            "A3",
            "Redesign the crisis service to see emergency referrals within the target time",
            "Service director, crisis services",
            "Chief operating officer",
            D(2020, 5, 14),
            D(2021, 3, 31),
        ),
        milestones=(Milestone("New crisis rota in place", D(2020, 11, 30), D(2020, 12, 14)),),
        evidence=(
            evidence_file(
                "Emergency referral response report, February 2021",
                "Service director, crisis services",
                D(2021, 3, 8),
                D(2021, 2, 1),
                D(2021, 2, 28),
                accepted(D(2021, 3, 30)),
            ),
        ),
        moves=(
            Move(IN_PROGRESS, D(2020, 5, 14), "Service director"),
            Move(SUBMITTED, D(2021, 3, 8), "Service director"),
            Move(VERIFIED, D(2021, 3, 30), QUALITY),
            Move(CLOSED, D(2021, 5, 27), BOARD),
        ),
        metrics=(MetricLink("emergency_referral_response", 95.0, AT_LEAST),),
    ),
)

ESCALATION_RUNS = tuple(month_end(y, m) for y in (2020, 2021) for m in range(1, 13))
"""The month ends on which the overdue check runs, as a trust would run it each month."""
