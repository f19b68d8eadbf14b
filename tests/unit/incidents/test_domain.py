"""The incidents domain's value types: validation when built, the words read back in every
form, the patient's details kept out of reprs and errors, and the steps `due` leaves out."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.incidents import (
    AgeBand,
    CandourTrail,
    Category,
    CqcCriterion,
    Duty,
    Ethnicity,
    EventType,
    Governance,
    Incident,
    InvalidCandourTrail,
    InvalidIncident,
    InvalidNhsNumber,
    InvalidPatientDetails,
    InvalidPfdReport,
    LearningResponse,
    NeverEventType,
    PatientDetails,
    PfdReport,
    PhysicalHarm,
    PsychologicalHarm,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    Sex,
    UnknownIncidentWord,
    due,
    duty_steps,
    response_from,
)

NAME = "Margaret Example"
NUMBER = "9434765919"


def incident(**changes: object) -> Incident:
    base: dict[str, object] = {
        "reference": "INC-1",
        "trust": "rmy",
        "occurred": dt.date(2021, 3, 1),
        "reported": dt.date(2021, 3, 2),
        "category": Category.MEDICATION,
    }
    base.update(changes)
    return Incident(**base)  # type: ignore[arg-type]


def test_the_patients_name_and_number_never_show_in_repr_or_str() -> None:
    patient = PatientDetails(
        name=NAME, nhs_number="943 476 5919", age_band=AgeBand.Y66_85, sex=Sex.FEMALE
    )
    for shown in (repr(patient), str(patient), f"{patient}", repr([patient])):
        assert "Margaret" not in shown
        assert "943" not in shown
        assert "66-85 years" in shown
    assert patient.nhs_number == NUMBER
    assert patient.identifies


def test_patient_details_without_identity() -> None:
    patient = PatientDetails(age_band=AgeBand.Y18_25, ethnicity=Ethnicity.WHITE_IRISH)
    assert not patient.identifies
    assert patient.nhs_number_formatted == ""
    assert "name=''" in repr(patient)


def test_a_bad_nhs_number_is_refused_without_repeating_it() -> None:
    with pytest.raises(InvalidNhsNumber) as refused:
        PatientDetails(name=NAME, nhs_number="9434765918")
    assert "943476" not in str(refused.value)
    assert NAME not in str(refused.value)


def test_a_long_name_is_refused_without_repeating_it() -> None:
    with pytest.raises(InvalidPatientDetails) as refused:
        PatientDetails(name="x" * 201)
    assert refused.value.field == "name"
    assert "xxx" not in str(refused.value)


def test_an_incident_is_built_with_its_trust_upper_cased() -> None:
    assert incident().trust == "RMY"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": " "}, "reference"),
        ({"reference": "R" * 65}, "reference"),
        ({"trust": "R!"}, "trust"),
        ({"trust": ""}, "trust"),
        ({"reported": dt.date(2021, 2, 28)}, "reported"),
        (
            {"event_type": EventType.GOOD_CARE, "physical_harm": PhysicalHarm.LOW},
            "physical_harm",
        ),
        ({"prolonged_psychological_harm": True}, "prolonged_psychological_harm"),
    ],
)
def test_an_impossible_incident_is_refused_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidIncident) as refused:
        incident(**changes)
    assert refused.value.field == field


def test_reported_on_the_day_it_occurred_is_allowed() -> None:
    assert incident(reported=dt.date(2021, 3, 1)).reported == dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    ("flags", "field"),
    [
        ({"never_event": True}, "never_event_type"),
        ({"never_event_type": NeverEventType.SCALDING}, "never_event"),
    ],
)
def test_a_never_event_and_its_type_go_together(flags: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidIncident) as refused:
        Governance(**flags)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_cqc_notify_follows_the_criteria() -> None:
    assert not Governance().cqc_notify
    g = Governance(cqc_criteria={CqcCriterion.ABUSE})  # type: ignore[arg-type]
    assert g.cqc_notify
    assert isinstance(g.cqc_criteria, frozenset)


@pytest.mark.parametrize(
    ("word", "text", "member"),
    [
        (PhysicalHarm, "Moderate physical harm", PhysicalHarm.MODERATE),
        (PhysicalHarm, "5", PhysicalHarm.NONE),
        (PhysicalHarm, 1, PhysicalHarm.FATAL),
        (PsychologicalHarm, "severe", PsychologicalHarm.SEVERE),
        (PsychologicalHarm, 4, PsychologicalHarm.NONE),
        (CqcCriterion, 4, CqcCriterion.SERVICE_STOPPED),
        (NeverEventType, 15, NeverEventType.OXYGEN_AIR_FLOWMETER),
        (NeverEventType, "Falls from poorly restricted windows", NeverEventType.WINDOW_FALLS),
        (AgeBand, "85+ years", AgeBand.Y85_PLUS),
        (AgeBand, 11, AgeBand.Y66_85),
        (Ethnicity, 52, Ethnicity.NOT_KNOWN),
        (Sex, "I don't know", Sex.NOT_KNOWN),
        (Category, "violence", Category.VIOLENCE_AND_AGGRESSION),
        (Category, "Self-harm", Category.SELF_HARM),
        (EventType, "good care", EventType.GOOD_CARE),
    ],
)
def test_words_read_back_from_value_label_code_or_synonym(
    word: type, text: object, member: object
) -> None:
    assert word.parse(text) is member  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("word", "text"),
    [(PhysicalHarm, 0), (PhysicalHarm, 6), (PhysicalHarm, True), (PsychologicalHarm, "fatal")],
)
def test_unknown_words_and_codes_are_refused(word: type, text: object) -> None:
    with pytest.raises(UnknownIncidentWord):
        word.parse(text)  # type: ignore[attr-defined]


def test_lfpse_codes_follow_the_taxonomy() -> None:
    assert [h.lfpse_code for h in PhysicalHarm] == [5, 4, 3, 2, 1]
    assert [h.lfpse_code for h in PsychologicalHarm] == [4, 3, 2, 1]
    assert [h.rank for h in PhysicalHarm] == [0, 1, 2, 3, 4]
    assert len(NeverEventType) == 15
    assert len(AgeBand) == 12
    assert len(Ethnicity) == 17
    assert [a.child for a in AgeBand].count(True) == 7


def test_a_candour_trail_in_the_wrong_order_is_refused() -> None:
    with pytest.raises(InvalidCandourTrail) as refused:
        CandourTrail(verbal_on=dt.date(2021, 3, 5), written_on=dt.date(2021, 3, 4))
    assert refused.value.field == "written_on"
    with pytest.raises(InvalidCandourTrail):
        CandourTrail(written_on=dt.date(2021, 3, 5), final_letter_on=dt.date(2021, 3, 4))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": ""}, "reference"),
        ({"responded_on": dt.date(2021, 1, 1)}, "responded_on"),
        ({"extended_to": dt.date(2021, 2, 1)}, "extended_to"),
    ],
)
def test_an_impossible_pfd_report_is_refused(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {"reference": "PFD-1", "report_date": dt.date(2021, 2, 1)}
    values.update(changes)
    with pytest.raises(InvalidPfdReport) as refused:
        PfdReport(**values)  # type: ignore[arg-type]
    assert refused.value.field == field


def test_an_extension_cannot_shorten_the_56_days() -> None:
    # Report of 1 June 2025: 56 days later is 27 July 2025. An "extension" to 10 June would
    # pull the deadline in; one to 27 July extends nothing; 28 July is the first that extends.
    for short in (dt.date(2025, 6, 10), dt.date(2025, 7, 27)):
        with pytest.raises(InvalidPfdReport, match="2025-07-27") as refused:
            PfdReport("PFD-1", dt.date(2025, 6, 1), extended_to=short)
        assert refused.value.field == "extended_to"
    assert PfdReport("PFD-1", dt.date(2025, 6, 1), extended_to=dt.date(2025, 7, 28)).extended_to


@pytest.mark.parametrize(
    ("changes", "allowed"),
    [
        ({"physical_harm": PhysicalHarm.FATAL}, True),
        ({"category": Category.DEATH}, True),
        ({"governance": Governance(cqc_criteria=frozenset({CqcCriterion.DEATH}))}, True),
        ({"physical_harm": PhysicalHarm.SEVERE}, False),
        ({}, False),
    ],
)
def test_a_pfd_report_is_about_a_death(changes: dict[str, object], allowed: bool) -> None:
    report = PfdReport("PFD-1", dt.date(2021, 6, 1))
    if allowed:
        report.check_about(incident(**changes))
        return
    with pytest.raises(InvalidPfdReport, match="not recorded as a death"):
        report.check_about(incident(**changes))


def test_a_pfd_report_is_not_dated_before_the_death() -> None:
    death = incident(physical_harm=PhysicalHarm.FATAL)  # occurred 1 March 2021
    PfdReport("PFD-1", dt.date(2021, 3, 1)).check_about(death)
    with pytest.raises(InvalidPfdReport, match="before the incident occurred") as refused:
        PfdReport("PFD-1", dt.date(2021, 2, 28)).check_about(death)
    assert refused.value.field == "report_date"


def test_an_extension_moves_the_pfd_deadline() -> None:
    event = incident()
    report = PfdReport("PFD-1", dt.date(2021, 6, 1), extended_to=dt.date(2021, 9, 1))
    response = Response(ResponseFramework.PSIRF, event.reported, pfd_reports=(report,))
    (step,) = due(event, response, dt.date(2021, 8, 1))
    assert (step.duty, step.due, step.overdue) == (Duty.PFD_RESPONSE, dt.date(2021, 9, 1), False)


def test_nothing_is_due_before_the_incident_was_reported() -> None:
    event = incident(physical_harm=PhysicalHarm.SEVERE)
    response = Response(ResponseFramework.PSIRF, event.reported)
    assert duty_steps(event, response, dt.date(2021, 3, 1)) == ()
    assert len(duty_steps(event, response, dt.date(2021, 3, 2))) == 2


def test_a_step_done_late_is_not_due_but_was_not_met() -> None:
    # Reported Tue 2 Mar 2021; 10 working days: 3-5, 8-12, 15, 16 -> due Tue 16 March.
    event = incident(physical_harm=PhysicalHarm.SEVERE)
    trail = CandourTrail(verbal_on=dt.date(2021, 3, 10), written_on=dt.date(2021, 3, 19))
    response = Response(ResponseFramework.PSIRF, event.reported, candour=trail)
    steps = {s.duty: s for s in duty_steps(event, response, dt.date(2021, 4, 1))}
    assert steps[Duty.CANDOUR_VERBAL].met is True
    assert steps[Duty.CANDOUR_WRITTEN].due == dt.date(2021, 3, 16)
    assert steps[Duty.CANDOUR_WRITTEN].met is False
    assert due(event, response, dt.date(2021, 4, 1)) == ()
    # Seen from before the written notification was sent, it is overdue.
    (late,) = due(event, response, dt.date(2021, 3, 18))
    assert (late.duty, late.days_overdue, late.met) == (Duty.CANDOUR_WRITTEN, 2, False)


def test_a_psirf_learning_response_is_due_on_the_agreed_date() -> None:
    event = incident()
    decided = ResponseMove(
        ResponseStatus.DECIDED,
        dt.date(2021, 3, 4),
        learning_response=LearningResponse.PSII,
        target=dt.date(2021, 6, 30),
    )
    response = response_from(ResponseFramework.PSIRF, event.reported, [decided], event)
    (step,) = due(event, response, dt.date(2021, 7, 2))
    assert (step.duty, step.due, step.days_overdue) == (
        Duty.LEARNING_RESPONSE,
        dt.date(2021, 6, 30),
        2,
    )
    moves = [
        decided,
        ResponseMove(ResponseStatus.IN_PROGRESS, dt.date(2021, 3, 5)),
        ResponseMove(ResponseStatus.SUBMITTED, dt.date(2021, 6, 28)),
    ]
    done = response_from(ResponseFramework.PSIRF, event.reported, moves, event)
    assert due(event, done, dt.date(2021, 7, 2)) == ()


def test_psirf_sets_no_clock_without_an_agreed_date() -> None:
    event = incident()
    decided = ResponseMove(
        ResponseStatus.DECIDED, dt.date(2021, 3, 4), learning_response=LearningResponse.MDT_REVIEW
    )
    response = response_from(ResponseFramework.PSIRF, event.reported, [decided], event)
    assert duty_steps(event, response, dt.date(2022, 1, 1)) == ()


def test_a_downgraded_serious_incident_owes_no_report() -> None:
    event = incident(governance=Governance(serious_incident=True))
    moves = [
        ResponseMove(ResponseStatus.DECIDED, dt.date(2021, 3, 3)),
        ResponseMove(ResponseStatus.NO_FURTHER_RESPONSE, dt.date(2021, 3, 10), reason="not an SI"),
    ]
    response = response_from(ResponseFramework.SIF, event.reported, moves, event)
    duties = [s.duty for s in duty_steps(event, response, dt.date(2021, 3, 11))]
    assert duties == [Duty.STEIS_REPORT]
    # Before the downgrade, the report was owed: 60 working days from StEIS (Wed 3 March).
    before = {s.duty: s for s in duty_steps(event, response, dt.date(2021, 3, 9))}
    assert Duty.SIF_REPORT in before
    assert before[Duty.STEIS_REPORT].done_on == dt.date(2021, 3, 3)


def test_the_json_of_a_step() -> None:
    event = incident(physical_harm=PhysicalHarm.FATAL)
    response = Response(ResponseFramework.SIF, event.reported)
    first = due(event, response, dt.date(2021, 3, 20))[0]
    assert first.as_json() == {
        "incident": "INC-1",
        "duty": "candour_verbal",
        "due": "2021-03-16",
        "overdue": True,
        "days_overdue": 4,
    }
