"""Incidents on the trust's oversight timeline: which ones, and what the entry says.

Only incidents that matter at oversight level are on it: a death (fatal physical harm, or
notified to CQC as a death), a Never Event, a Serious Incident (flagged, or declared on StEIS
under the 2015 framework) and a patient safety incident investigation (decided under PSIRF,
or required by a national rule). Everything else (a medication error of no, low or moderate
harm; an incident found not to be a Serious Incident) stays off it.

The entry is dated the day the incident was reported and says the category, the harm, the
response and where it stands, why it is on the timeline and the trust's reference; never the
free text.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.incidents import (
    Category,
    CqcCriterion,
    Governance,
    Incident,
    LearningResponse,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    oversight_reasons,
    timeline_event,
)
from carewatch.domain.oversight import EventKind

D = dt.date.fromisoformat
SIF, PSIRF = ResponseFramework.SIF, ResponseFramework.PSIRF
S = ResponseStatus
SECRET = "Zebedee Quarrington was given the wrong dose"


def incident(**changes: object) -> Incident:
    values: dict[str, object] = {
        "reference": "W1",
        "trust": "RMY",
        "occurred": D("2018-06-11"),
        "reported": D("2018-06-12"),
        "category": Category.MEDICATION,
        "physical_harm": PhysicalHarm.LOW,
        "description": SECRET,
    }
    values.update(changes)
    return Incident(**values)  # type: ignore[arg-type]


def response(framework: ResponseFramework, *moves: ResponseMove) -> Response:
    return Response(framework, D("2018-06-12"), moves)


def move(to: ResponseStatus, on: str, learning: LearningResponse | None = None) -> ResponseMove:
    return ResponseMove(to, D(on), learning_response=learning)


NEVER = Governance(never_event=True, never_event_type=NeverEventType.WRONG_SITE_SURGERY)

# (what, incident, response, the reasons it is on the timeline: empty when it is not)
CASES = [
    ("low-harm medication error", incident(), response(PSIRF), ()),
    (
        "moderate-harm medication error with candour",
        incident(physical_harm=PhysicalHarm.MODERATE, governance=Governance(duty_of_candour=True)),
        response(PSIRF, move(S.DECIDED, "2018-06-13", LearningResponse.AFTER_ACTION_REVIEW)),
        (),
    ),
    (
        "severe harm, found not a Serious Incident",
        incident(physical_harm=PhysicalHarm.SEVERE),
        response(SIF, move(S.NO_FURTHER_RESPONSE, "2018-06-14")),
        (),
    ),
    (
        "fatal physical harm",
        incident(physical_harm=PhysicalHarm.FATAL),
        response(PSIRF),
        ("a death",),
    ),
    (
        "notified to CQC as a death",
        incident(
            physical_harm=PhysicalHarm.SEVERE,
            governance=Governance(cqc_criteria=frozenset({CqcCriterion.DEATH})),
        ),
        response(SIF),
        ("a death",),
    ),
    (
        "a low-harm Never Event (a PSII is required)",
        incident(governance=NEVER),
        response(PSIRF),
        ("a Never Event (wrong site surgery)", "a patient safety incident investigation"),
    ),
    (
        "flagged a Serious Incident",
        incident(governance=Governance(serious_incident=True)),
        response(SIF),
        ("a Serious Incident",),
    ),
    (
        "declared a Serious Incident on StEIS",
        incident(physical_harm=PhysicalHarm.SEVERE),
        response(SIF, move(S.DECIDED, "2018-06-13")),
        ("a Serious Incident",),
    ),
    (
        "decided under PSIRF as a PSII",
        incident(physical_harm=PhysicalHarm.SEVERE),
        response(PSIRF, move(S.DECIDED, "2018-06-13", LearningResponse.PSII)),
        ("a patient safety incident investigation",),
    ),
    (
        "a death more likely than not due to problems in care",
        incident(
            physical_harm=PhysicalHarm.FATAL, problems_in_care=ProblemsInCare.MORE_LIKELY_THAN_NOT
        ),
        response(PSIRF),
        ("a death", "a patient safety incident investigation"),
    ),
]


@pytest.mark.parametrize(("what", "event", "answer", "reasons"), CASES, ids=[c[0] for c in CASES])
def test_which_incidents_are_on_the_timeline(
    what: str, event: Incident, answer: Response, reasons: tuple[str, ...]
) -> None:
    assert oversight_reasons(event, answer) == reasons
    entry = timeline_event(event, answer, "")
    assert (entry is None) == (not reasons)


def test_the_death_on_the_m11_reads_as_the_fact_it_is() -> None:
    m11 = incident(
        reference="NSFT-2018-M11",
        category=Category.TRANSFER_OR_OUT_OF_AREA_PLACEMENT,
        physical_harm=PhysicalHarm.FATAL,
        governance=Governance(
            duty_of_candour=True,
            cqc_criteria=frozenset({CqcCriterion.DEATH}),
            serious_incident=True,
        ),
    )
    closed = response(
        SIF,
        move(S.DECIDED, "2018-06-13"),
        move(S.IN_PROGRESS, "2018-06-14"),
        move(S.SUBMITTED, "2018-08-30"),
        move(S.CLOSED, "2018-10-03"),
    )
    entry = timeline_event(m11, closed, "https://news.example/m11")
    assert entry is not None
    assert (entry.date, entry.kind, entry.incident, entry.source) == (
        D("2018-06-12"),
        EventKind.INCIDENT,
        "NSFT-2018-M11",
        "https://news.example/m11",
    )
    assert entry.title == (
        "Patient safety incident reported: transfer or out-of-area placement, fatal"
    )
    assert entry.detail == (
        "Response: Serious Incident investigation (closed 2018-10-03). On the timeline as a "
        "death and a Serious Incident. The trust's reference: NSFT-2018-M11."
    )
    assert SECRET not in entry.title + entry.detail


# (the moves, under which framework, how the response reads)
STATES = [
    (SIF, (), "Serious Incident investigation (not yet decided)"),
    (SIF, (move(S.DECIDED, "2018-06-13"),), "Serious Incident investigation (declared 2018-06-13)"),
    (
        PSIRF,
        (move(S.DECIDED, "2018-06-13", LearningResponse.PSII),),
        "Patient safety incident investigation (decided 2018-06-13)",
    ),
    (
        PSIRF,
        (
            move(S.DECIDED, "2018-06-13", LearningResponse.PSII),
            move(S.IN_PROGRESS, "2018-06-20"),
        ),
        "Patient safety incident investigation (under way since 2018-06-20)",
    ),
    (
        PSIRF,
        (
            move(S.DECIDED, "2018-06-13", LearningResponse.PSII),
            move(S.IN_PROGRESS, "2018-06-20"),
            move(S.SUBMITTED, "2018-09-03"),
        ),
        "Patient safety incident investigation (report submitted 2018-09-03)",
    ),
    (PSIRF, (), "learning response (not yet decided)"),
    (
        PSIRF,
        (move(S.NO_FURTHER_RESPONSE, "2018-06-15"),),
        "no further learning response (2018-06-15)",
    ),
    (SIF, (move(S.NO_FURTHER_RESPONSE, "2018-06-15"),), "not a Serious Incident (2018-06-15)"),
    (
        SIF,
        (
            move(S.DECIDED, "2018-06-13"),
            move(S.IN_PROGRESS, "2018-06-14"),
            move(S.SUBMITTED, "2018-08-30"),
            move(S.CLOSED, "2018-10-03"),
            move(S.REOPENED, "2019-02-01"),
        ),
        "Serious Incident investigation (reopened 2019-02-01)",
    ),
]


@pytest.mark.parametrize(("framework", "moves", "words"), STATES)
def test_the_entry_says_the_response_and_where_it_stands(
    framework: ResponseFramework, moves: tuple[ResponseMove, ...], words: str
) -> None:
    death = incident(physical_harm=PhysicalHarm.FATAL)
    entry = timeline_event(death, response(framework, *moves), "")
    assert entry is not None
    assert entry.detail.startswith(f"Response: {words}. ")
