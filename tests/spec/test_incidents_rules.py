"""Incidents: the duty of candour threshold, the national rules that force a response, and
every legal and illegal move of a response.

Duty of candour (Regulation 20(8), Health and Social Care Act 2008 (Regulated Activities)
Regulations 2014): notifiable when the incident appears to have resulted in death, severe or
moderate harm, or prolonged psychological harm (at least 28 days in a row, Regulation 20(7)).
Psychological harm at LFPSE's moderate or severe level whose duration is not yet known is
treated as notifiable until it is recorded as not prolonged.

National rules (PSIRF's nationally defined responses, as Croydon Health Services' plan lists
them): a Never Event, a death thought more likely than not due to problems in care, and the
death of a patient detained under the Mental Health Act or to whom the Mental Capacity Act
applied, where the death may be linked to problems in care, each require a PSII.

Response lifecycle: in the table `MOVES` below, `x` marks a legal move from the row's status
to the column's; every other pair is refused with `IllegalResponseMove`, under either framework.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from carewatch.domain.incidents import (
    AgeBand,
    Category,
    CqcCriterion,
    EventType,
    Governance,
    IllegalResponseMove,
    Incident,
    LearningResponse,
    NationalRule,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    apply,
    candour_applies,
    national_rules,
    notifiable_safety_incident,
    psii_required,
    response_from,
)

THRESHOLD = """
physical   psychological  prolonged  notifiable
none       none           -          no
low        none           -          no
moderate   none           -          yes
severe     none           -          yes
fatal      none           -          yes
none       low            -          no
none       low            yes        yes
none       low            no         no
none       moderate       -          yes
none       moderate       no         no
none       moderate       yes        yes
none       severe         -          yes
none       severe         no         no
none       severe         yes        yes
low        severe         no         no
moderate   severe         no         yes
low        low            -          no
"""


def _table(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()[1:]]


@pytest.mark.parametrize("row", _table(THRESHOLD), ids=["-".join(r) for r in _table(THRESHOLD)])
def test_the_notifiable_safety_incident_threshold(row: list[str]) -> None:
    physical, psychological, prolonged, notifiable = row
    flag = {"-": None, "yes": True, "no": False}[prolonged]
    found = notifiable_safety_incident(
        PhysicalHarm(physical), PsychologicalHarm(psychological), prolonged=flag
    )
    assert found is (notifiable == "yes")


def _incident(**changes: object) -> Incident:
    base: dict[str, object] = {
        "reference": "INC-9",
        "trust": "RMY",
        "occurred": dt.date(2024, 2, 1),
        "reported": dt.date(2024, 2, 2),
        "category": Category.SELF_HARM,
    }
    base.update(changes)
    return Incident(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "applies"),
    [
        ({}, False),
        ({"physical_harm": PhysicalHarm.MODERATE}, True),
        ({"governance": Governance(duty_of_candour=True)}, True),  # "could result in" harm
        ({"physical_harm": PhysicalHarm.SEVERE, "event_type": EventType.RISK}, False),
        ({"physical_harm": PhysicalHarm.FATAL, "event_type": EventType.OUTCOME}, False),
        (
            {"event_type": EventType.OUTCOME, "governance": Governance(duty_of_candour=True)},
            True,
        ),
    ],
)
def test_candour_applies_by_threshold_or_by_the_trusts_record(
    changes: dict[str, object], applies: bool
) -> None:
    assert candour_applies(_incident(**changes)) is applies


DETAINED = Governance(mental_health_act=True)
MCA = Governance(mental_capacity_act=True)
NEVER = Governance(never_event=True, never_event_type=NeverEventType.WINDOW_FALLS)
DIED = {"physical_harm": PhysicalHarm.FATAL}

NATIONAL = [
    # (what, changes, age band, rules met, PSII required)
    ("no harm", {}, None, [], False),
    ("a Never Event, no harm", {"governance": NEVER}, None, ["never_event"], True),
    ("a death not yet judged", DIED, None, [], False),
    ("a death not linked to care", {**DIED, "problems_in_care": "not_linked"}, None, [], False),
    ("a death that may be linked", {**DIED, "problems_in_care": "may_be_linked"}, None, [], False),
    (
        "a death more likely than not due to care",
        {**DIED, "problems_in_care": "more_likely_than_not"},
        None,
        ["death_due_to_problems_in_care"],
        True,
    ),
    (
        "a detained patient's death that may be linked",
        {**DIED, "governance": DETAINED, "problems_in_care": "may_be_linked"},
        None,
        ["death_detained_or_mca"],
        True,
    ),
    (
        "a detained patient's death not linked",
        {**DIED, "governance": DETAINED, "problems_in_care": "not_linked"},
        None,
        [],
        False,
    ),
    (
        "a death under the MCA that may be linked",
        {**DIED, "governance": MCA, "problems_in_care": "may_be_linked"},
        None,
        ["death_detained_or_mca"],
        True,
    ),
    (
        "a detained patient's death more likely than not due to care",
        {**DIED, "governance": DETAINED, "problems_in_care": "more_likely_than_not"},
        None,
        ["death_due_to_problems_in_care", "death_detained_or_mca"],
        True,
    ),
    (
        "a death recorded by CQC's criterion",
        {
            "governance": Governance(cqc_criteria=frozenset({CqcCriterion.DEATH})),
            "problems_in_care": "more_likely_than_not",
        },
        None,
        ["death_due_to_problems_in_care"],
        True,
    ),
    (
        "a detained patient's severe harm",
        {"physical_harm": "severe", "governance": DETAINED, "problems_in_care": "may_be_linked"},
        None,
        [],
        False,
    ),
    (
        "maternity: HSIB criteria",
        {"governance": Governance(hsib_notify=True)},
        None,
        ["maternity_hsib"],
        False,
    ),
    (
        "a mental-health homicide",
        {"governance": Governance(mental_health_homicide=True)},
        None,
        ["mental_health_homicide"],
        False,
    ),
    ("a child's death", DIED, AgeBand.Y10_15, ["child_death"], False),
    ("a 16-year-old's death", DIED, AgeBand.Y16_17, ["child_death"], False),
    ("an adult's death", DIED, AgeBand.Y18_25, [], False),
]


@pytest.mark.parametrize(
    ("what", "changes", "age", "rules", "psii"), NATIONAL, ids=[n[0] for n in NATIONAL]
)
def test_the_national_rules(
    what: str, changes: dict[str, object], age: AgeBand | None, rules: list[str], psii: bool
) -> None:
    values = dict(changes)
    if "problems_in_care" in values:
        values["problems_in_care"] = ProblemsInCare(values["problems_in_care"])
    if isinstance(values.get("physical_harm"), str):
        values["physical_harm"] = PhysicalHarm(values["physical_harm"])
    incident = _incident(**values)
    assert [r.value for r in national_rules(incident, age)] == rules, what
    assert psii_required(incident) is psii, what


def test_every_rule_names_what_it_requires() -> None:
    assert {r.value: r.requires.value for r in NationalRule} == {
        "never_event": "psii",
        "death_due_to_problems_in_care": "psii",
        "death_detained_or_mca": "psii",
        "maternity_hsib": "mnsi_referral",
        "mental_health_homicide": "independent_investigation",
        "child_death": "child_death_review",
    }


MOVES = """
from \\ to           reported decided in_progress submitted closed no_further_response reopened
reported             .        x       .           .         .      x                   .
decided              .        .       x           .         .      x                   .
in_progress          .        .       .           x         .      .                   .
submitted            .        .       x           .         x      .                   .
closed               .        .       .           .         .      .                   x
no_further_response  .        .       .           .         .      .                   x
reopened             .        x       .           .         .      x                   .
"""


def _legal() -> set[tuple[str, str]]:
    lines = [line.split() for line in MOVES.strip().splitlines()]
    columns = lines[0][3:]
    return {
        (row[0], column)
        for row in lines[1:]
        for column, mark in zip(columns, row[1:], strict=True)
        if mark == "x"
    }


LEGAL = _legal()
OPENED = dt.date(2024, 2, 2)
DAY = dt.date(2024, 2, 9)
PATHS = {
    "reported": [],
    "decided": ["decided"],
    "in_progress": ["decided", "in_progress"],
    "submitted": ["decided", "in_progress", "submitted"],
    "closed": ["decided", "in_progress", "submitted", "closed"],
    "no_further_response": ["no_further_response"],
    "reopened": ["decided", "in_progress", "submitted", "closed", "reopened"],
}


def _move(to: str, framework: ResponseFramework) -> ResponseMove:
    deciding = to == "decided" and framework is ResponseFramework.PSIRF
    return ResponseMove(
        ResponseStatus(to),
        DAY,
        "Head of patient safety",
        reason="learning from the report is enough",
        learning_response=LearningResponse.AFTER_ACTION_REVIEW if deciding else None,
    )


def _at(status: str, framework: ResponseFramework, incident: Incident) -> Response:
    moves = [_move(s, framework) for s in PATHS[status]]
    return response_from(framework, OPENED, moves, incident)


@pytest.mark.parametrize("framework", list(ResponseFramework))
@pytest.mark.parametrize(
    ("start", "to"), list(itertools.product(PATHS, [s.value for s in ResponseStatus]))
)
def test_each_move_is_legal_exactly_when_the_table_says(
    framework: ResponseFramework, start: str, to: str
) -> None:
    incident = _incident()
    response = _at(start, framework, incident)
    assert response.current.value == start
    if (start, to) in LEGAL:
        assert apply(response, _move(to, framework), incident).current.value == to
    else:
        with pytest.raises(IllegalResponseMove) as refused:
            apply(response, _move(to, framework), incident)
        assert refused.value.current.value == start


def test_the_table_has_eleven_legal_moves() -> None:
    assert len(LEGAL) == 11


NEVER_EVENT = _incident(governance=NEVER, physical_harm=PhysicalHarm.SEVERE)

FORCED = [
    # (framework, move, learning response, allowed)
    (ResponseFramework.PSIRF, "decided", LearningResponse.PSII, True),
    (ResponseFramework.PSIRF, "decided", LearningResponse.SWARM_HUDDLE, False),
    (ResponseFramework.PSIRF, "decided", LearningResponse.AFTER_ACTION_REVIEW, False),
    (ResponseFramework.PSIRF, "decided", LearningResponse.MDT_REVIEW, False),
    (ResponseFramework.PSIRF, "no_further_response", None, False),
    (ResponseFramework.SIF, "decided", None, True),  # declared a Serious Incident
    (ResponseFramework.SIF, "no_further_response", None, True),  # the SIF has no PSII rule
]


@pytest.mark.parametrize(("framework", "to", "learning", "allowed"), FORCED)
def test_a_never_event_forces_a_psii_under_psirf(
    framework: ResponseFramework, to: str, learning: LearningResponse | None, allowed: bool
) -> None:
    response = Response(framework, OPENED)
    move = ResponseMove(ResponseStatus(to), DAY, reason="a reason", learning_response=learning)
    if allowed:
        assert apply(response, move, NEVER_EVENT).current.value == to
    else:
        with pytest.raises(IllegalResponseMove, match="requires a PSII"):
            apply(response, move, NEVER_EVENT)


@pytest.mark.parametrize(
    ("framework", "move", "message"),
    [
        (
            ResponseFramework.PSIRF,
            ResponseMove(ResponseStatus.DECIDED, DAY),
            "names the learning response",
        ),
        (
            ResponseFramework.SIF,
            ResponseMove(ResponseStatus.DECIDED, DAY, learning_response=LearningResponse.PSII),
            "no PSIRF learning responses",
        ),
        (
            ResponseFramework.PSIRF,
            ResponseMove(ResponseStatus.NO_FURTHER_RESPONSE, DAY, reason="  "),
            "needs a reason",
        ),
        (
            ResponseFramework.PSIRF,
            ResponseMove(
                ResponseStatus.DECIDED,
                DAY,
                learning_response=LearningResponse.MDT_REVIEW,
                target=DAY - dt.timedelta(days=1),
            ),
            "target date is before",
        ),
        (
            ResponseFramework.PSIRF,
            ResponseMove(
                ResponseStatus.DECIDED,
                OPENED - dt.timedelta(days=1),
                learning_response=LearningResponse.PSII,
            ),
            "before the incident was reported",
        ),
    ],
)
def test_moves_refused_for_what_they_carry(
    framework: ResponseFramework, move: ResponseMove, message: str
) -> None:
    with pytest.raises(IllegalResponseMove, match=message):
        apply(Response(framework, OPENED), move, _incident())


def test_moves_never_go_back_in_time_but_may_share_a_day() -> None:
    incident = _incident()
    response = _at("decided", ResponseFramework.SIF, incident)
    same_day = apply(response, ResponseMove(ResponseStatus.IN_PROGRESS, DAY), incident)
    assert same_day.current is ResponseStatus.IN_PROGRESS
    with pytest.raises(IllegalResponseMove, match="dates cannot go backwards"):
        apply(response, ResponseMove(ResponseStatus.IN_PROGRESS, DAY - dt.timedelta(1)), incident)


def test_status_on_any_day() -> None:
    incident = _incident()
    moves = [
        ResponseMove(
            ResponseStatus.DECIDED, dt.date(2024, 2, 5), learning_response=LearningResponse.PSII
        ),
        ResponseMove(ResponseStatus.IN_PROGRESS, dt.date(2024, 2, 5)),
        ResponseMove(ResponseStatus.SUBMITTED, dt.date(2024, 4, 30)),
    ]
    response = response_from(ResponseFramework.PSIRF, OPENED, moves, incident)
    expected = [
        ("2024-02-01", None),
        ("2024-02-02", "reported"),
        ("2024-02-05", "in_progress"),
        ("2024-04-29", "in_progress"),
        ("2024-04-30", "submitted"),
    ]
    for day, status in expected:
        found = response.status_on(dt.date.fromisoformat(day))
        assert (found.value if found else None) == status, day
    assert response.learning_response is LearningResponse.PSII
