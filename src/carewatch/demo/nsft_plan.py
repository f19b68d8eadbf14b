"""The worked example's improvement plan: NSFT's must-dos and what was done about them.

Public record (each finding's `source`):

- the five "must do" improvements of the report published on 15 January 2020 (inspection
  7 October – 6 November 2019), in the words of the public summaries (ITV News, 15 January
  2020): the report itself was not available, so `report_words` says whose words they are;
- the must-do themes of the reports of February 2015, October 2017 and November 2018, and NHS
  Improvement's conditions of October 2016 for leaving special measures (regulatory-framework
  reference §8).

Not public record, and so marked `illustrative` (stored, and shown wherever the plan is):
every action, owner, date, milestone, evidence file, verdict, metric target and the
regulation each 2020 finding is filed under. The regulation is carewatch's reading of each
theme against Regulations 9–20A (the reference notes NSFT's must-dos "map to Reg 12 ...,
Reg 17 ..., Reg 18"); none of the sources names it. Owners are roles, never names. Evidence
files are short text documents that say on their first line that they are illustrative.

The oversight worked example holds no 2020 requirement notices (the sources read name none),
so no finding is linked to one. The metrics catalogue is seeded first (it is idempotent), so
each action's measure of success can be linked; `load_nsft_plan` returns any code it could
not link.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo import nsft
from carewatch.services import plans
from carewatch.services.metrics import seed_catalogue
from carewatch.services.read_models import NotFound
from carewatch.store.database import Database

__all__ = ["ACTIONS", "FINDINGS", "PlanDemoSummary", "load_nsft_plan"]

D = dt.date
ITV_2020 = "https://www.itv.com/news/anglia/2020-01-15/norfolk-and-suffolk-nhs-trust-to-stay-in-special-measures-despite-improvements"
CQC_2015 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-should-be"
NHSI_2016 = "https://improvement.nhs.uk/news-alerts/norfolk-and-suffolk-removed-special-measures/"
CQC_2017 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-put-back"
CQC_2018 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-remains"

LD_WARDS = "Wards for people with a learning disability or autism"
CYP = "Specialist community mental health services for children and young people"
ADULT_COMMUNITY = "Community-based mental health services for adults of working age"
CRISIS = "Mental health crisis services and health-based places of safety"
AS_REPORTED = "As reported by ITV News (15 January 2020), the report said the trust must "


@dataclass(frozen=True)
class DemoFinding:
    reference: str
    report: str  # a key of carewatch.demo.nsft.REPORTS
    words: str
    summary: str
    regulation: str
    core_services: tuple[str, ...]
    source: str
    key_question: str | None = None


def _report_date(key: str) -> dt.date:
    for report in nsft.REPORTS:
        if report.key == key:
            return report.published
    raise ValueError(f"no report {key!r} in the worked example")


def _theme(reference: str, report: str, words: str, regulation: str, source: str) -> DemoFinding:
    return DemoFinding(reference, report, words, "", regulation, (), source)


FINDINGS: tuple[DemoFinding, ...] = (
    DemoFinding(
        "2020-MD1",
        "RMY-2020-01",
        AS_REPORTED + "make sure the environments of its learning disability inpatient wards "
        "are clean, secure, well maintained and suitable.",
        "Make the wards for people with a learning disability clean, secure, well maintained "
        "and fit for purpose.",
        "15",
        (LD_WARDS,),
        ITV_2020,
    ),
    DemoFinding(
        "2020-MD2",
        "RMY-2020-01",
        AS_REPORTED + "make sure that young people in its children and young people's "
        "services have risk assessments and care plans.",
        "Every child and young person using the community services should have a risk "
        "assessment and a care plan.",
        "12",
        (CYP,),
        ITV_2020,
    ),
    DemoFinding(
        "2020-MD3",
        "RMY-2020-01",
        AS_REPORTED + "have enough staff to reduce the waiting lists for triage, assessment "
        "and treatment in children and young people's services and for ADHD.",
        "Employ enough staff to cut the waiting lists for children and young people's mental "
        "health services and for ADHD assessments.",
        "18",
        (CYP, ADULT_COMMUNITY),
        ITV_2020,
        key_question="responsive",
    ),
    DemoFinding(
        "2020-MD4",
        "RMY-2020-01",
        AS_REPORTED + "keep contemporaneous records in its health-based places of safety, "
        "carry out robust medicines audits, and report and investigate all medication errors.",
        "Keep records up to date at the time of care in the places where people detained by "
        "the police are assessed, check medicines properly, and report and look into every "
        "medication error.",
        "17",
        (CRISIS,),
        ITV_2020,
        key_question="safe",
    ),
    DemoFinding(
        "2020-MD5",
        "RMY-2020-01",
        AS_REPORTED + "have enough staff for its health-based places of safety and to meet "
        "emergency referral targets.",
        "Have enough staff in the places of safety, and see people referred in an emergency "
        "within the target time.",
        "18",
        (CRISIS,),
        ITV_2020,
    ),
    _theme("2015-T1", "RMY-2015-02", "Staff morale and visible leadership.", "17", CQC_2015),
    _theme(
        "2015-T2",
        "RMY-2015-02",
        "Unsafe ward environments, including dignity and mixed-sex accommodation.",
        "15",
        CQC_2015,
    ),
    _theme("2015-T3", "RMY-2015-02", "Staffing levels.", "18", CQC_2015),
    _theme("2015-T4", "RMY-2015-02", "Medicines management.", "12", CQC_2015),
    _theme("2015-T5", "RMY-2015-02", "Seclusion and restraint practice.", "13", CQC_2015),
    _theme("2015-T6", "RMY-2015-02", "Bed availability and moves out of area.", "9", CQC_2015),
    _theme(
        "2016-C1",
        "RMY-2016-10",
        "Condition of leaving special measures: eliminate mixed-sex accommodation and make "
        "environments safe.",
        "15",
        NHSI_2016,
    ),
    _theme(
        "2016-C2",
        "RMY-2016-10",
        "Condition of leaving special measures: staffing levels and training.",
        "18",
        NHSI_2016,
    ),
    _theme(
        "2016-C3",
        "RMY-2016-10",
        "Condition of leaving special measures: risk assessments.",
        "12",
        NHSI_2016,
    ),
    _theme(
        "2016-C4",
        "RMY-2016-10",
        "Condition of leaving special measures: restrictive intervention.",
        "13",
        NHSI_2016,
    ),
    _theme(
        "2016-C5",
        "RMY-2016-10",
        "Condition of leaving special measures: management of medication.",
        "12",
        NHSI_2016,
    ),
    _theme("2017-T1", "RMY-2017-10", "Unsafe environments.", "15", CQC_2017),
    _theme("2017-T2", "RMY-2017-10", "Insufficient staff.", "18", CQC_2017),
    _theme("2017-T3", "RMY-2017-10", "Risk assessment and management.", "12", CQC_2017),
    _theme("2017-T4", "RMY-2017-10", "Bed shortages.", "9", CQC_2017),
    _theme(
        "2017-T5",
        "RMY-2017-10",
        "The board lacked the information to assure itself; breaches unresolved since 2014.",
        "17",
        CQC_2017,
    ),
    _theme("2017-T6", "RMY-2017-10", "Seclusion and restrictive practice.", "13", CQC_2017),
    _theme("2018-T1", "RMY-2018-11", "Unsafe buildings.", "15", CQC_2018),
    _theme("2018-T2", "RMY-2018-11", "Medicines and equipment.", "12", CQC_2018),
    _theme("2018-T3", "RMY-2018-11", "Seclusion reviews.", "13", CQC_2018),
    _theme("2018-T4", "RMY-2018-11", "Staffing in community teams.", "18", CQC_2018),
    _theme(
        "2018-T5",
        "RMY-2018-11",
        "Waiting lists and urgent triage in community services; people harming themselves "
        "while waiting.",
        "12",
        CQC_2018,
    ),
)


@dataclass(frozen=True)
class DemoEvidence:
    """`kind` file: `text` is the file's content; note: the note; link: the address."""

    kind: str
    title: str
    text: str
    supplied_by: str
    uploaded: dt.datetime
    effective: tuple[dt.date, dt.date]
    verdict: tuple[bool, str, dt.date] | None = None  # accepted?, by, on


@dataclass(frozen=True)
class DemoAction:
    finding: str
    reference: str
    title: str
    owner: str
    executive_lead: str
    opened: dt.date
    due: dt.date
    priority: str = "high"
    milestones: tuple[tuple[str, dt.date, dt.date | None], ...] = ()
    evidence: tuple[DemoEvidence, ...] = ()
    moves: tuple[tuple[str, dt.date, str, str], ...] = ()  # to, on, by, reason
    metrics: tuple[tuple[str, float, str], ...] = ()  # code, target, direction
    schedule: tuple[str, dt.date, dt.date, str] | None = None  # frequency, start, end, what


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)


def _file(
    title: str,
    supplied_by: str,
    uploaded: dt.date,
    start: dt.date,
    end: dt.date,
    verdict: tuple[bool, str, dt.date] | None = None,
) -> DemoEvidence:
    text = (
        "ILLUSTRATIVE EXAMPLE: not a document of Norfolk and Suffolk NHS Foundation Trust.\n"
        f"{title}\nPeriod: {start.isoformat()} to {end.isoformat()}\n"
    )
    return DemoEvidence("file", title, text, supplied_by, _at(uploaded), (start, end), verdict)


def _month_end(year: int, month: int) -> dt.date:
    following = D(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


QUALITY = "Deputy director of nursing (quality)"
PHARMACY = "Lead pharmacist, crisis services"
AUDITS = (
    *(
        _file(
            f"Medicines audit, health-based places of safety, {D(y, m, 1):%B %Y}",
            PHARMACY,
            _month_end(y, m) + dt.timedelta(days=7),
            D(y, m, 1),
            _month_end(y, m),
            (m != 10, QUALITY, _month_end(y, m) + dt.timedelta(days=12)),
        )
        for y, m in [(2020, k) for k in range(3, 13)] + [(2021, 1), (2021, 2)]
        if (y, m) != (2020, 7)  # July 2020's audit was never uploaded: the missed month
    ),
    _file(
        "Medicines audit, health-based places of safety, October 2020 (resubmitted)",
        PHARMACY,
        D(2020, 11, 20),
        D(2020, 10, 1),
        D(2020, 10, 31),
        (True, QUALITY, D(2020, 11, 25)),
    ),
)

ACTIONS: tuple[DemoAction, ...] = (
    DemoAction(
        "2020-MD1",
        "A1",
        "Survey, repair and secure the learning disability inpatient ward environments",
        "Head of estates",
        "Chief operating officer",
        D(2020, 2, 3),
        D(2020, 9, 30),
        milestones=(
            (
                "Environmental survey of every learning disability ward",
                D(2020, 3, 31),
                D(2020, 3, 20),
            ),
            ("Repairs and security works completed", D(2020, 8, 31), D(2020, 9, 15)),
        ),
        evidence=(
            _file(
                "Ward environment survey",
                "Head of estates",
                D(2020, 3, 20),
                D(2020, 3, 1),
                D(2020, 3, 20),
                (True, QUALITY, D(2020, 3, 27)),
            ),
            _file(
                "Completion certificate for ward works",
                "Head of estates",
                D(2020, 9, 22),
                D(2020, 9, 15),
                D(2020, 9, 15),
                (True, QUALITY, D(2020, 10, 9)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 2, 10), "Head of estates", ""),
            ("evidence_submitted", D(2020, 9, 25), "Head of estates", ""),
            ("verified", D(2020, 10, 9), QUALITY, ""),
            ("closed", D(2020, 11, 26), "Quality committee of the board", ""),
        ),
    ),
    DemoAction(
        "2020-MD2",
        "A1",
        "Give every young person on the community caseload a current risk assessment and "
        "care plan, checked by a quarterly records audit",
        "Clinical lead, children and young people's services",
        "Chief nurse",
        D(2020, 2, 3),
        D(2020, 12, 31),
        milestones=(("Caseload review of every young person", D(2020, 5, 31), D(2020, 5, 29)),),
        evidence=(
            _file(
                "Records audit, children and young people's community teams, Q3 2020",
                "Clinical lead, children and young people's services",
                D(2020, 12, 10),
                D(2020, 10, 1),
                D(2020, 12, 31),
                (True, QUALITY, D(2021, 1, 8)),
            ),
            _file(
                "Records audit, children and young people's community teams, Q1 2021",
                "Clinical lead, children and young people's services",
                D(2021, 3, 12),
                D(2021, 1, 1),
                D(2021, 3, 31),
                (False, QUALITY, D(2021, 3, 15)),
            ),
            _file(
                "Records audit, children and young people's community teams, Q2 2021",
                "Clinical lead, children and young people's services",
                D(2021, 6, 10),
                D(2021, 4, 1),
                D(2021, 6, 30),
                (True, QUALITY, D(2021, 6, 30)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 2, 5), "Clinical lead", ""),
            ("evidence_submitted", D(2020, 12, 10), "Clinical lead", ""),
            ("verified", D(2021, 1, 8), QUALITY, ""),
            (
                "reopened",
                D(2021, 3, 15),
                QUALITY,
                "The first-quarter records audit found care plans out of date again.",
            ),
            ("in_progress", D(2021, 3, 16), "Clinical lead", ""),
            ("evidence_submitted", D(2021, 6, 10), "Clinical lead", ""),
            ("verified", D(2021, 6, 30), QUALITY, ""),
            ("closed", D(2021, 7, 29), "Quality committee of the board", ""),
        ),
        metrics=(("risk_assessment_care_plan_current", 95.0, "at_least"),),
    ),
    DemoAction(
        "2020-MD3",
        "A1",
        "Recruit the children and young people's community teams to establishment to cut "
        "waits for triage, assessment and treatment",
        "Service director, children, families and young people",
        "Chief operating officer",
        D(2020, 2, 3),
        D(2020, 12, 31),
        milestones=(
            ("Recruitment campaign launched", D(2020, 3, 31), D(2020, 3, 16)),
            ("Vacancy rate below 10%", D(2020, 10, 31), None),
        ),
        evidence=(
            _file(
                "Workforce report, children and young people's services, February 2021",
                "Service director, children, families and young people",
                D(2021, 3, 1),
                D(2021, 2, 1),
                D(2021, 2, 28),
                (True, QUALITY, D(2021, 4, 15)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 2, 17), "Service director", ""),
            ("evidence_submitted", D(2021, 3, 1), "Service director", ""),
            ("verified", D(2021, 4, 15), QUALITY, ""),
            ("closed", D(2021, 5, 27), "Board of directors", ""),
        ),
        metrics=(
            ("cyp_triage_wait", 5.0, "at_most"),
            ("cyp_assessment_wait", 28.0, "at_most"),
            ("cyp_treatment_wait", 126.0, "at_most"),
        ),
    ),
    DemoAction(
        "2020-MD3",
        "A2",
        "Clear the backlog of adult ADHD assessments",
        "Service manager, adult ADHD service",
        "Chief operating officer",
        D(2020, 3, 2),
        D(2021, 6, 30),
        evidence=(
            _file(
                "ADHD waiting list report, June 2021",
                "Service manager, adult ADHD service",
                D(2021, 6, 20),
                D(2021, 6, 1),
                D(2021, 6, 20),
                (True, QUALITY, D(2021, 7, 20)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 3, 2), "Service manager", ""),
            ("evidence_submitted", D(2021, 6, 21), "Service manager", ""),
            ("verified", D(2021, 7, 20), QUALITY, ""),
            ("closed", D(2021, 9, 30), "Board of directors", ""),
        ),
        metrics=(("adhd_assessment_wait", 126.0, "at_most"),),
    ),
    DemoAction(
        "2020-MD4",
        "A1",
        "Keep contemporaneous records in the health-based places of safety",
        "Matron, health-based places of safety",
        "Chief nurse",
        D(2020, 2, 3),
        D(2020, 6, 30),
        evidence=(
            _file(
                "Record-keeping audit, health-based places of safety, May 2020",
                "Matron, health-based places of safety",
                D(2020, 6, 15),
                D(2020, 5, 1),
                D(2020, 5, 31),
                (True, QUALITY, D(2020, 7, 10)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 2, 10), "Matron", ""),
            ("evidence_submitted", D(2020, 6, 15), "Matron", ""),
            ("verified", D(2020, 7, 10), QUALITY, ""),
            ("closed", D(2020, 9, 24), "Quality committee of the board", ""),
        ),
        metrics=(("records_contemporaneous", 95.0, "at_least"),),
    ),
    DemoAction(
        "2020-MD4",
        "A2",
        "Audit medicines in the health-based places of safety every month; report and "
        "investigate every medication error",
        PHARMACY,
        "Medical director",
        D(2020, 2, 3),
        D(2021, 3, 31),
        evidence=AUDITS,
        moves=(
            ("in_progress", D(2020, 3, 1), "Lead pharmacist", ""),
            ("evidence_submitted", D(2021, 3, 10), "Lead pharmacist", ""),
            ("verified", D(2021, 3, 26), QUALITY, ""),
            ("closed", D(2021, 5, 27), "Quality committee of the board", ""),
        ),
        metrics=(
            ("medication_errors_reported", 1.0, "at_least"),
            ("medication_errors_investigated_in_time", 95.0, "at_least"),
        ),
        schedule=("monthly", D(2020, 3, 1), D(2021, 2, 28), "Monthly medicines audit"),
    ),
    DemoAction(
        "2020-MD5",
        "A1",
        "Staff the health-based places of safety to establishment on every shift",
        "Head of nursing, crisis services",
        "Chief nurse",
        D(2020, 2, 3),
        D(2020, 12, 31),
        evidence=(
            _file(
                "Safer staffing report, crisis services, October to December 2020",
                "Head of nursing, crisis services",
                D(2020, 12, 30),
                D(2020, 10, 1),
                D(2020, 12, 27),
                (True, QUALITY, D(2021, 1, 28)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 2, 10), "Head of nursing", ""),
            ("evidence_submitted", D(2020, 12, 30), "Head of nursing", ""),
            ("verified", D(2021, 1, 28), QUALITY, ""),
            ("closed", D(2021, 3, 25), "Board of directors", ""),
        ),
        metrics=(("pos_staffing_fill_rate", 95.0, "at_least"),),
    ),
    DemoAction(
        "2020-MD5",
        "A2",
        "Business case for a separate places-of-safety team",
        "Service director, crisis services",
        "Chief operating officer",
        D(2020, 2, 3),
        D(2020, 6, 30),
        priority="medium",
        moves=(
            ("in_progress", D(2020, 2, 17), "Service director", ""),
            (
                "cancelled",
                D(2020, 5, 14),
                "Chief operating officer",
                "Superseded by the crisis service redesign (action A3).",
            ),
        ),
    ),
    DemoAction(
        "2020-MD5",
        "A3",
        "Redesign the crisis service to see emergency referrals within the target time",
        "Service director, crisis services",
        "Chief operating officer",
        D(2020, 5, 14),
        D(2021, 3, 31),
        milestones=(("New crisis rota in place", D(2020, 11, 30), D(2020, 12, 14)),),
        evidence=(
            _file(
                "Emergency referral response report, February 2021",
                "Service director, crisis services",
                D(2021, 3, 8),
                D(2021, 2, 1),
                D(2021, 2, 28),
                (True, QUALITY, D(2021, 3, 30)),
            ),
        ),
        moves=(
            ("in_progress", D(2020, 5, 14), "Service director", ""),
            ("evidence_submitted", D(2021, 3, 8), "Service director", ""),
            ("verified", D(2021, 3, 30), QUALITY, ""),
            ("closed", D(2021, 5, 27), "Board of directors", ""),
        ),
        metrics=(("emergency_referral_response", 95.0, "at_least"),),
    ),
)

ESCALATION_RUNS = tuple(_month_end(y, m) for y in (2020, 2021) for m in range(1, 13))
"""The month ends on which the demo runs the overdue check, as a trust would each month."""


@dataclass(frozen=True)
class PlanDemoSummary:
    findings: int
    actions: int
    escalations: int
    unlinked_metrics: tuple[str, ...]


def load_nsft_plan(*, db: Database) -> PlanDemoSummary:
    """Load the worked example's findings and illustrative actions through the plan service;
    loading twice changes nothing."""
    provider = nsft.PROVIDER_ID
    seed_catalogue(db)
    for f in FINDINGS:
        plans.record_finding(
            db=db,
            provider_id=provider,
            reference=f.reference,
            kind="must_do",
            report_words=f.words,
            public_summary=f.summary,
            regulation=f.regulation,
            core_services=f.core_services,
            key_question=f.key_question,
            report_date=_report_date(f.report),
            report_link_id=f.report,
            illustrative=False,
            source=f.source,
        )
    unlinked: list[str] = []
    for a in ACTIONS:
        action_id = plans.record_action(
            db=db,
            provider_id=provider,
            finding_reference=a.finding,
            reference=a.reference,
            title=a.title,
            owner_role=a.owner,
            executive_lead=a.executive_lead,
            priority=a.priority,
            opened=a.opened,
            due=a.due,
            notes="Illustrative action: not taken from the trust's own plan.",
            illustrative=True,
        )
        _details(db, action_id, a, unlinked)
    escalations = sum(
        len(plans.escalate_overdue(db=db, provider_id=provider, as_of=day))
        for day in ESCALATION_RUNS
    )
    return PlanDemoSummary(len(FINDINGS), len(ACTIONS), escalations, tuple(sorted(set(unlinked))))


def _details(db: Database, action_id: int, a: DemoAction, unlinked: list[str]) -> None:
    for title, due, done in a.milestones:
        plans.add_milestone(db=db, action_id=action_id, title=title, due=due, done_on=done)
    if a.schedule is not None:
        frequency, start, end, what = a.schedule
        plans.set_evidence_schedule(
            db=db,
            action_id=action_id,
            frequency=frequency,
            starts_on=start,
            ends_on=end,
            description=what,
        )
    for code, target, direction in a.metrics:
        try:
            plans.link_metric(
                db=db, action_id=action_id, metric_code=code, target=target, direction=direction
            )
        except NotFound:
            unlinked.append(code)
    for e in a.evidence:
        added = plans.add_evidence(
            db=db,
            action_id=action_id,
            kind=e.kind,
            title=e.title,
            supplied_by=e.supplied_by,
            uploaded_at=e.uploaded,
            effective_from=e.effective[0],
            effective_to=e.effective[1],
            content=e.text.encode() if e.kind == "file" else None,
            filename=e.title.lower().replace(" ", "-").replace(",", "") + ".txt",
            media_type="text/plain",
            note=e.text if e.kind == "note" else "",
            url=e.text if e.kind == "link" else "",
        )
        if e.verdict is not None:
            accepted, by, on = e.verdict
            plans.verify_evidence(
                db=db, evidence_id=added.evidence_id, accepted=accepted, by=by, on=on
            )
    made = len(plans.action_detail(db=db, action_id=action_id, as_of=dt.date.max).history)
    for to, on, by, reason in a.moves[made:]:
        plans.move_action(db=db, action_id=action_id, to=to, on=on, by=by, reason=reason)
