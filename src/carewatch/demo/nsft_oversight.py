"""The worked example's oversight history: Norfolk and Suffolk NHS Foundation Trust (RMY).

What is here, as tuples of frozen records, each with the public source it was read from:

- ``REGIME_DECISIONS`` — every special-measures and NHS Oversight Framework decision from
  February 2015 (first entry into quality special measures) to February 2025 (segment 4 to
  segment 3, out of the Recovery Support Programme), in date order; each decision's
  ``regime_from`` is the previous decision's ``regime_to``.
- ``ENFORCEMENT`` — the section 29A warning notice served with the April 2022 report and the
  requirement notices that the February 2023 report says remain.
- ``ESCALATIONS`` — options beyond special measures that were called for, considered or taken:
  special administration, splitting the trust, abolition, a buddy trust, an improvement
  director, a new chief executive.
- ``MEETINGS`` and ``COMMITMENTS`` — the conference call between MPs, CQC and NHS Improvement
  after the third Inadequate rating, who was (and was not) on it, what was said and what was
  promised.

Where the facts come from: CQC and NHS Improvement press releases, NHS England's Recovery
Support Programme page, and local and trade press (ITV Anglia, HSJ, the Eastern Daily Press,
the East Anglian Daily Times), the same sources as ``carewatch.demo.nsft``. People appear only
by role and organisation; office holders named by a source are named only in ``notes``.

Dates: where a source gives only a month the date is the first of that month and
``date_is_approximate`` is true. Where a source dates only the publication that reported an
event (a warning notice "served" with a report), the ``*_is_publication_date`` flag says so.

``confidence`` is ``"confirmed"`` when the cited source's text was read and states the fact,
and ``"unconfirmed"`` when the fact comes from the project's own account of the worked example
and the cited source (the nearest public report of the same events) was not read far enough to
confirm it.

Not found in the sources read, so left out or left empty rather than guessed:

- who formally decided the 2017 re-entry and the 2018, 2020, 2021 and 2022 retentions
  (``decided_by`` is ``None``; under the rules of the time NHS Improvement, later NHS England,
  made special-measures decisions on CQC's recommendation);
- the exact days of the 2015 and 2017 entry decisions, the 2016 exit and the 2025 move;
- the warning notice's per-requirement deadlines and the regulations it cited;
- which requirement notices remained in 2023, and under which regulations;
- who made each commitment on the 2018 conference call, and whether any was kept;
- whether abolition of the trust was ever formally considered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo import nsft

# Regimes a trust can be in, as NHS England and CQC named them (regulatory-framework.md §5.1,
# §5.2): quality special measures until July 2021, then NHS Oversight Framework segments.
REGIMES = frozenset({"none", "quality_special_measures", "segment_4", "segment_3"})
DECISION_KINDS = frozenset({"entered", "exited", "retained", "segment_changed"})
ESCALATION_OPTIONS = frozenset(
    {
        "special_administration",
        "abolition",
        "split",
        "buddy_trust",
        "change_of_leadership",
        "improvement_director",
    }
)
ESCALATION_OUTCOMES = frozenset({"considered", "taken", "rejected", "pending"})
COMMITMENT_STATUSES = frozenset({"open", "kept", "broken"})
CONFIDENCE = frozenset({"confirmed", "unconfirmed"})

_REPORT_KEYS = frozenset(report.key for report in nsft.REPORTS)

# Sources (each a stored public copy; the same links as regulatory-framework.md §5 and §8).
CQC_2015 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-should-be"
NHE_2015 = "http://www.nationalhealthexecutive.com/News/norfolk-and-suffolk-mental-health-services-face-special-measures/96259"
NHSI_2016 = "https://improvement.nhs.uk/news-alerts/norfolk-and-suffolk-removed-special-measures/"
CQC_2017 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-put-back"
CQC_2018 = "https://www.cqc.org.uk/news/releases/chief-inspector-hospitals-recommends-norfolk-suffolk-nhs-foundation-trust-remains"
HSJ_2018 = "https://www.hsj.co.uk/quality-and-performance/inadequate-trust-faces-calls-to-be-put-into-failure-regime/7023914.article"
EADT_2018 = "https://www.eadt.co.uk/news/suffolk-mental-health-cqc-matt-hancock-reaction-2524346"
EDP_2018_CALL = (
    "https://www.edp24.co.uk/news/health/mps-hold-phone-meeting-with-cqc-over-nsft-1317308"
)
ITV_2020 = "https://www.itv.com/news/anglia/2020-01-15/norfolk-and-suffolk-nhs-trust-to-stay-in-special-measures-despite-improvements"
ITV_2021 = "https://www.itv.com/news/anglia/2021-01-21/norfolk-and-suffolk-foundation-trust-told-it-still-needs-to-improve-patient-safety"
NHSE_RSP = "https://www.england.nhs.uk/long-read/update-on-the-recovery-support-programme/"
CQC_2022 = "https://www.cqc.org.uk/news/releases/cqc-rates-norfolk-suffolk-nhs-foundation-trust-inadequate-serves-warning-notice"
CQC_2023 = "https://cqc.org.uk/press-release/cqc-finds-improvement-norfolk-and-suffolk-nhs-foundation-trust-more-progress-needed"
NSFT_2025 = "https://nsft.nhs.uk/news/regions-mental-health-trust-exits-special-measures-3617"

# Organisations and roles, spelled once.
CQC = "Care Quality Commission"
CHIEF_INSPECTOR = "Chief Inspector of Hospitals, Care Quality Commission"
MONITOR = "Monitor"
NHSI = "NHS Improvement"
NHSE = "NHS England"
NHSEI = "NHS England and NHS Improvement"
TRUST = nsft.NAME

QSM, SEG4, SEG3, NONE = "quality_special_measures", "segment_4", "segment_3", "none"


def _check_source(record: str, source: str) -> None:
    if not source.startswith("https://"):
        raise ValueError(f"{record}: source must be an https link, got {source!r}")


def _check_date(record: str, date: dt.date, approximate: bool) -> None:
    if approximate and date.day != 1:
        raise ValueError(f"{record}: an approximate date must be the first of its month")


def _check_choice(record: str, field: str, value: str, allowed: frozenset[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{record}: {field} {value!r} is not one of {sorted(allowed)}")


@dataclass(frozen=True)
class RegimeDecision:
    """A decision to put the trust into, keep it in, or take it out of an oversight regime.

    ``recommended_by`` and ``decided_by`` are roles or organisations; ``None`` means the
    sources read do not say. ``evidence`` holds keys of ``carewatch.demo.nsft.REPORTS``.
    """

    kind: str
    regime_from: str
    regime_to: str
    date: dt.date
    date_is_approximate: bool
    recommended_by: str | None
    decided_by: str | None
    rationale: str
    conditions: tuple[str, ...]
    evidence: tuple[str, ...]
    source: str
    confidence: str = "confirmed"
    notes: str = ""

    def __post_init__(self) -> None:
        record = f"regime decision of {self.date.isoformat()}"
        _check_choice(record, "kind", self.kind, DECISION_KINDS)
        _check_choice(record, "regime_from", self.regime_from, REGIMES)
        _check_choice(record, "regime_to", self.regime_to, REGIMES)
        _check_choice(record, "confidence", self.confidence, CONFIDENCE)
        _check_date(record, self.date, self.date_is_approximate)
        _check_source(record, self.source)
        unknown = [key for key in self.evidence if key not in _REPORT_KEYS]
        if unknown:
            raise ValueError(f"{record}: evidence {unknown} is not a report of the worked example")


REGIME_DECISIONS: tuple[RegimeDecision, ...] = (
    RegimeDecision(
        kind="entered",
        regime_from=NONE,
        regime_to=QSM,
        date=dt.date(2015, 2, 1),
        date_is_approximate=True,
        recommended_by=CHIEF_INSPECTOR,
        decided_by=MONITOR,
        rationale="Rated Inadequate overall, with safe and well-led Inadequate, after the "
        "October 2014 inspection; concerns about staff morale and visible leadership, unsafe "
        "environments (dignity, mixed-sex accommodation), staffing levels, medicines "
        "management, seclusion and restraint practice, and bed availability and out-of-area "
        "moves. The first mental health trust placed in special measures.",
        conditions=(),
        evidence=("RMY-2015-02",),
        source=CQC_2015,
        notes="The Chief Inspector's recommendation was published on 4 February 2015 and the "
        "trust was referred to Monitor; Monitor's decision is dated only to February 2015 "
        f"({NHE_2015}).",
    ),
    RegimeDecision(
        kind="exited",
        regime_from=QSM,
        regime_to=NONE,
        date=dt.date(2016, 10, 1),
        date_is_approximate=True,
        recommended_by=CHIEF_INSPECTOR,
        decided_by=NHSI,
        rationale="Rated Requires improvement after the July 2016 re-inspection; taken out of "
        "special measures after just over a year and a half, on the condition that the trust "
        "addresses outstanding safety issues.",
        conditions=(
            "Eliminate mixed-sex accommodation and ensure environmental safety",
            "Staffing levels and training",
            "Risk assessments",
            "Restrictive intervention",
            "Management of medication",
            "Improvement director retained in the short term",
        ),
        evidence=("RMY-2016-10",),
        source=NHSI_2016,
        notes="The Chief Inspector of Hospitals who recommended exit was Sir Mike Richards. "
        "A buddy trust was being sought (see ESCALATIONS).",
    ),
    RegimeDecision(
        kind="entered",
        regime_from=NONE,
        regime_to=QSM,
        date=dt.date(2017, 10, 1),
        date_is_approximate=True,
        recommended_by=CHIEF_INSPECTOR,
        decided_by=None,
        rationale="Rated Inadequate again, with safe and well-led Inadequate, after the July "
        "2017 inspection: unsafe ward environments, too few staff, risk not assessed and "
        "managed, bed shortages, a board without the information to assure itself, and "
        "concerns first raised in 2014 still unresolved. Special measures for a second time.",
        conditions=(),
        evidence=("RMY-2017-10",),
        source=CQC_2017,
        notes="The Chief Inspector of Hospitals was Ted Baker; the recommendation was "
        "published on 13 October 2017. The decision itself is not dated in the sources read.",
    ),
    RegimeDecision(
        kind="retained",
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2018, 11, 28),
        date_is_approximate=False,
        recommended_by=CHIEF_INSPECTOR,
        decided_by=None,
        rationale="Rated Inadequate a third time after the September 2018 inspection: "
        "insufficient improvement, with unsafe buildings, medicines and equipment not managed "
        "safely, seclusion not properly reviewed and too few staff in some community services.",
        conditions=(),
        evidence=("RMY-2018-11",),
        source=CQC_2018,
    ),
    RegimeDecision(
        kind="retained",
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2020, 1, 15),
        date_is_approximate=False,
        recommended_by=None,
        decided_by=None,
        rationale="Rated Requires improvement after the October–November 2019 inspection, "
        "but the trust remained in special measures (the only mental health trust then in "
        "special measures), with five 'must do' improvements.",
        conditions=(),
        evidence=("RMY-2020-01",),
        source=ITV_2020,
        notes="Requires improvement alone is not enough to leave special measures "
        "(regulatory-framework.md §5.1).",
    ),
    RegimeDecision(
        kind="retained",
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2021, 1, 21),
        date_is_approximate=False,
        recommended_by=None,
        decided_by=None,
        rationale="A focused inspection of two core services in November 2020 was not wide "
        "enough to change the trust's ratings; the trust remained in special measures and "
        "was told it still needed to improve patient safety.",
        conditions=(),
        evidence=("RMY-2021-01",),
        source=ITV_2021,
    ),
    RegimeDecision(
        kind="segment_changed",
        regime_from=QSM,
        regime_to=SEG4,
        date=dt.date(2021, 7, 1),
        date_is_approximate=True,
        recommended_by=None,
        decided_by=NHSEI,
        rationale="National change, not a judgement on the trust: the Recovery Support "
        "Programme replaced the quality and financial special measures programmes in July "
        "2021, giving trusts in NHS Oversight Framework segment 4 time-limited intensive "
        "support with exit criteria agreed at entry.",
        conditions=(),
        evidence=(),
        source=NHSE_RSP,
        notes="That the trust was in segment 4 is confirmed by CQC's April 2022 "
        f"recommendation that it remain there ({CQC_2022}).",
    ),
    RegimeDecision(
        kind="retained",
        regime_from=SEG4,
        regime_to=SEG4,
        date=dt.date(2022, 4, 28),
        date_is_approximate=False,
        recommended_by=CQC,
        decided_by=None,
        rationale="Rated Inadequate a fourth time after the November–December 2021 "
        "inspection, with a warning notice served; CQC recommended the trust remain in "
        "segment 4 of the oversight framework (the Recovery Support Programme).",
        conditions=(),
        evidence=("RMY-2022-04",),
        source=CQC_2022,
    ),
    RegimeDecision(
        kind="exited",
        regime_from=SEG4,
        regime_to=SEG3,
        date=dt.date(2025, 2, 1),
        date_is_approximate=True,
        recommended_by=None,
        decided_by=NHSE,
        rationale="Moved from segment 4 to segment 3 (mandated regional support) and out of "
        "the Recovery Support Programme after more than seven years in special measures or "
        "the programme; the trust reported all of CQC's 'must do' actions completed.",
        conditions=(),
        evidence=(),
        source=NSFT_2025,
    ),
)


@dataclass(frozen=True)
class Requirement:
    """One requirement of an enforcement action: what, by when (``None``: not known), status."""

    text: str
    deadline: dt.date | None
    status: str


@dataclass(frozen=True)
class EnforcementRecord:
    """A CQC enforcement action against the trust, as known on ``status_as_of``.

    ``issued`` or ``closed`` may be the date of the report that made it public rather than the
    day it was served or lapsed; the ``*_is_publication_date`` flags say when.
    """

    kind: str
    issued: dt.date | None
    issued_is_publication_date: bool
    requirements: tuple[Requirement, ...]
    status: str
    status_as_of: dt.date
    closed: dt.date | None
    closed_is_publication_date: bool
    regulation: str | None
    evidence: tuple[str, ...]
    source: str
    confidence: str = "confirmed"
    notes: str = ""

    def __post_init__(self) -> None:
        record = f"{self.kind} (status as of {self.status_as_of.isoformat()})"
        _check_choice(record, "confidence", self.confidence, CONFIDENCE)
        _check_source(record, self.source)
        if self.closed is not None and self.issued is not None and self.closed < self.issued:
            raise ValueError(f"{record}: closed before it was issued")


ENFORCEMENT: tuple[EnforcementRecord, ...] = (
    EnforcementRecord(
        kind="section_29a_warning_notice",
        issued=dt.date(2022, 4, 28),
        issued_is_publication_date=True,
        requirements=(
            Requirement(text="Risk of harm", deadline=None, status="met"),
            Requirement(text="Deterioration in quality and safety", deadline=None, status="met"),
        ),
        status="no_longer_active",
        status_as_of=dt.date(2023, 2, 23),
        closed=dt.date(2023, 2, 23),
        closed_is_publication_date=True,
        regulation=None,
        evidence=("RMY-2022-04", "RMY-2023-02"),
        source=CQC_2022,
        notes="Served with the report of 28 April 2022; the report of 23 February 2023 says it "
        f"is no longer active, meaning the trust had acted in every area it covered "
        f"({CQC_2023}). The requirements are the areas of concern the notice named; their "
        "deadlines and any regulation cited are not in the sources read.",
    ),
    EnforcementRecord(
        kind="requirement_notice",
        issued=None,
        issued_is_publication_date=False,
        requirements=(),
        status="in_force",
        status_as_of=dt.date(2023, 2, 23),
        closed=None,
        closed_is_publication_date=False,
        regulation=None,
        evidence=("RMY-2023-02",),
        source=CQC_2023,
        notes="The February 2023 report says requirement notices remain in force. The sources "
        "read name neither the notices, their regulations nor the dates they were issued.",
    ),
)


@dataclass(frozen=True)
class Escalation:
    """An option beyond the regime itself: who proposed it, who said what, and what happened.

    ``proposed_by`` and each ``who`` in ``positions`` are roles or organisations; ``None``
    means the source does not say who proposed it.
    """

    option: str
    date: dt.date
    date_is_approximate: bool
    proposed_by: str | None
    positions: tuple[tuple[str, str], ...]
    outcome: str
    source: str
    confidence: str = "confirmed"
    notes: str = ""

    def __post_init__(self) -> None:
        record = f"escalation {self.option!r} of {self.date.isoformat()}"
        _check_choice(record, "option", self.option, ESCALATION_OPTIONS)
        _check_choice(record, "outcome", self.outcome, ESCALATION_OUTCOMES)
        _check_choice(record, "confidence", self.confidence, CONFIDENCE)
        _check_date(record, self.date, self.date_is_approximate)
        _check_source(record, self.source)


ESCALATIONS: tuple[Escalation, ...] = (
    Escalation(
        option="improvement_director",
        date=dt.date(2016, 10, 1),
        date_is_approximate=True,
        proposed_by=NHSI,
        positions=((NHSI, "the improvement director stays for the short term after exit"),),
        outcome="taken",
        source=NHSI_2016,
    ),
    Escalation(
        option="buddy_trust",
        date=dt.date(2016, 10, 1),
        date_is_approximate=True,
        proposed_by=NHSI,
        positions=((NHSI, "a buddy trust is being sought to support the trust after exit"),),
        outcome="considered",
        source=NHSI_2016,
        notes="The sources read do not say whether a buddy trust was found in 2016.",
    ),
    Escalation(
        option="special_administration",
        date=dt.date(2018, 11, 28),
        date_is_approximate=False,
        proposed_by="a Member of Parliament and a governor of the trust",
        positions=(
            ("a Member of Parliament", "calls for a special administrator to be appointed"),
            ("a governor of the trust", "calls for a special administrator to be appointed"),
            ("local patient groups", "call for the government to intervene"),
            (CQC, "has not ruled out asking the Secretary of State to appoint an administrator"),
        ),
        outcome="considered",
        source=HSJ_2018,
        notes="Reported on the day of the third Inadequate report. The trust was never placed "
        "in special administration: it stayed in special measures and then the Recovery "
        "Support Programme until February 2025.",
    ),
    Escalation(
        option="split",
        date=dt.date(2018, 11, 28),
        date_is_approximate=False,
        proposed_by=None,
        positions=(),
        outcome="considered",
        source=EADT_2018,
        notes="The newspaper reports calls for Suffolk's mental health services to split from "
        "Norfolk's, without naming who made them.",
    ),
    Escalation(
        option="abolition",
        date=dt.date(2018, 11, 1),
        date_is_approximate=True,
        proposed_by=None,
        positions=(),
        outcome="considered",
        source=HSJ_2018,
        confidence="unconfirmed",
        notes="The project's account of the worked example says some called for the trust to "
        "be abolished after the third Inadequate rating; no source read names who, or says "
        "that abolition was formally considered.",
    ),
    Escalation(
        option="buddy_trust",
        date=dt.date(2019, 1, 1),
        date_is_approximate=True,
        proposed_by=None,
        positions=(("East London NHS Foundation Trust", "buddy trust from January 2019"),),
        outcome="taken",
        source=ITV_2020,
    ),
    Escalation(
        option="change_of_leadership",
        date=dt.date(2019, 3, 1),
        date_is_approximate=True,
        proposed_by=None,
        positions=((TRUST, "a new chief executive took up post"),),
        outcome="taken",
        source=ITV_2020,
        notes="The new chief executive was Jonathan Warren; the chair by January 2020 was "
        "Marie Gabriel.",
    ),
)


@dataclass(frozen=True)
class Participant:
    """Who took part in a meeting, by role and organisation only."""

    role: str
    organisation: str


@dataclass(frozen=True)
class Statement:
    """A position stated at or around a meeting, attributed to a role, in paraphrase."""

    speaker: str
    position: str
    at_meeting: bool
    source: str

    def __post_init__(self) -> None:
        _check_source(f"statement by {self.speaker}", self.source)


@dataclass(frozen=True)
class Meeting:
    """A stakeholder meeting about the trust: who was there, who was not, what was said."""

    key: str
    kind: str
    date: dt.date
    date_is_approximate: bool
    subject: str
    participants: tuple[Participant, ...]
    absent: tuple[str, ...]
    statements: tuple[Statement, ...]
    source: str
    confidence: str = "confirmed"
    notes: str = ""

    def __post_init__(self) -> None:
        record = f"meeting {self.key}"
        _check_choice(record, "confidence", self.confidence, CONFIDENCE)
        _check_date(record, self.date, self.date_is_approximate)
        _check_source(record, self.source)


@dataclass(frozen=True)
class Commitment:
    """A promise made at a meeting, with its due date and whether it was kept.

    ``committed_by`` is ``None`` when the source does not say who promised; ``status`` is
    ``"open"`` unless a source says the promise was kept or broken, and then ``status_evidence``
    says how.
    """

    meeting: str
    text: str
    committed_by: str | None
    due: dt.date | None
    due_is_approximate: bool
    status: str
    status_evidence: str | None
    source: str
    confidence: str = "confirmed"

    def __post_init__(self) -> None:
        record = f"commitment {self.text!r}"
        _check_choice(record, "status", self.status, COMMITMENT_STATUSES)
        _check_choice(record, "confidence", self.confidence, CONFIDENCE)
        if self.due is not None:
            _check_date(record, self.due, self.due_is_approximate)
        if (self.status == "open") != (self.status_evidence is None):
            raise ValueError(f"{record}: a kept or broken promise needs its evidence")
        _check_source(record, self.source)


CALL_2018 = "RMY-2018-conference-call"

MEETINGS: tuple[Meeting, ...] = (
    Meeting(
        key=CALL_2018,
        kind="conference_call",
        date=dt.date(2018, 12, 1),
        date_is_approximate=True,
        subject="The trust's future after its third Inadequate rating (report of 28 November 2018)",
        participants=(
            Participant(
                role="Members of Parliament for Norfolk and Suffolk constituencies",
                organisation="House of Commons",
            ),
            Participant(
                role="a member of staff representing a Member of Parliament for a Norfolk "
                "constituency",
                organisation="House of Commons",
            ),
            Participant(role="representatives", organisation=CQC),
            Participant(role="representatives", organisation=NHSI),
        ),
        absent=(TRUST,),
        statements=(
            Statement(
                speaker="a Member of Parliament for a Norfolk constituency",
                position="the trust should be put into special administration and started "
                "again; people will go on suffering while its leaders repeat past failures",
                at_meeting=True,
                source=EDP_2018_CALL,
            ),
            Statement(
                speaker="a Member of Parliament for a Norfolk constituency, not on the call",
                position="has asked the Secretary of State to look at every available option "
                "to make the service radically better",
                at_meeting=False,
                source=EDP_2018_CALL,
            ),
        ),
        source=EDP_2018_CALL,
        notes="The report places the call on a Thursday morning in the week after the "
        "28 November 2018 report, so in December 2018; the project's account of the worked "
        "example says November 2018. No one from the trust was on the call.",
    ),
)

COMMITMENTS: tuple[Commitment, ...] = (
    Commitment(
        meeting=CALL_2018,
        text="Regular updates",
        committed_by=None,
        due=None,
        due_is_approximate=False,
        status="open",
        status_evidence=None,
        source=EDP_2018_CALL,
        confidence="unconfirmed",
    ),
    Commitment(
        meeting=CALL_2018,
        text="A face-to-face meeting in January 2019",
        committed_by=None,
        due=dt.date(2019, 1, 1),
        due_is_approximate=True,
        status="open",
        status_evidence=None,
        source=EDP_2018_CALL,
        confidence="unconfirmed",
    ),
    Commitment(
        meeting=CALL_2018,
        text="Significant progress by late January 2019",
        committed_by=None,
        due=dt.date(2019, 1, 1),
        due_is_approximate=True,
        status="open",
        status_evidence=None,
        source=EDP_2018_CALL,
        confidence="unconfirmed",
    ),
)
