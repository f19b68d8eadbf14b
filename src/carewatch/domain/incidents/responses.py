"""How the trust responded to an incident: the framework, the learning response, the national
rules that force one, and the response's states and legal moves.

Two frameworks:

- the Serious Incident Framework (SIF, NHS England, 27 March 2015, in force from 1 April
  2015): a Serious Incident is reported on StEIS within 2 working days and its investigation
  report is due to the commissioner within 60 working days (NHS England reference 03198; the
  steps as KMPT's policy sets them out, https://www.kmpt.nhs.uk/pdf-documents/about-us-documents/publications/policies/management-of-investigations-and-serious-incidents-policy/appendix-1-overview-of-the-investigation-process/);
- the Patient Safety Incident Response Framework (PSIRF, NHS England, 2022; every provider of
  NHS-funded care by autumn 2023, each trust from its own date): no more Serious Incidents;
  the trust chooses a proportionate learning response against its patient safety incident
  response plan (a SWARM huddle, an After Action Review, a multidisciplinary team review or a
  patient safety incident investigation, PSII) or no further learning response, except where
  a national rule requires a PSII or a referral (https://homerton.nhs.uk/psirf; nationally defined
  responses as Croydon Health Services' plan lists them,
  https://croydonhealthservices.nhs.uk/the-trusts-patient-safety-incident-response-plan).

One lifecycle serves both, its steps named for what they are under each:

    reported → decided → in progress → submitted → closed
        │          │                      │  (sent back: to in progress)
        └──────────┴→ no further response  │
    closed, no further response → reopened → decided or no further response

- decided: under PSIRF a learning response was chosen (the move names it, and may carry the
  timescale agreed with those affected as `target`); under the SIF, the incident was declared
  a Serious Incident on StEIS;
- submitted: the report or the response's findings went for sign-off (to the commissioner
  under the SIF; to the trust's oversight under PSIRF);
- no further response: under PSIRF, no further learning response (the report itself is
  enough); under the SIF, not a Serious Incident or downgraded. Needs a reason.

Moves are dated and never go backwards. Under PSIRF, when a national rule requires a PSII,
only a PSII may be decided and "no further response" is refused.

>>> from carewatch.domain.incidents import Category, Governance, NeverEventType, PhysicalHarm
>>> incident = Incident(reference="W1", trust="RMY", occurred=dt.date(2024, 3, 1),
...     reported=dt.date(2024, 3, 1), category=Category.MEDICATION,
...     physical_harm=PhysicalHarm.SEVERE,
...     governance=Governance(never_event=True,
...                           never_event_type=NeverEventType.WRONG_ROUTE_MEDICATION))
>>> [r.value for r in national_rules(incident)]
['never_event']
>>> r = Response(ResponseFramework.PSIRF, opened=dt.date(2024, 3, 1))
>>> r = apply(r, ResponseMove(ResponseStatus.DECIDED, dt.date(2024, 3, 4),
...                           learning_response=LearningResponse.PSII), incident)
>>> r.current.value, r.learning_response.value
('decided', 'psii')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import NoReturn

from carewatch.domain.incidents.candour import CandourTrail
from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.patients import AgeBand
from carewatch.domain.incidents.words import Category, ProblemsInCare, UnknownIncidentWord
from carewatch.domain.words import Word

__all__ = [
    "LEGAL_RESPONSE_MOVES",
    "PFD_RESPONSE_DAYS",
    "IllegalResponseMove",
    "InvalidPfdReport",
    "LearningResponse",
    "NationalRule",
    "PfdReport",
    "RequiredResponse",
    "Response",
    "ResponseFramework",
    "ResponseMove",
    "ResponseStatus",
    "apply",
    "national_rules",
    "psii_required",
    "response_from",
]


class ResponseFramework(Word, what="response framework", error=UnknownIncidentWord):
    """The national framework a trust's response follows."""

    SIF = "sif"  # Serious Incident Framework, 2015, until the trust adopted PSIRF
    PSIRF = "psirf"  # Patient Safety Incident Response Framework, from 2022

    @property
    def label(self) -> str:
        return (
            "Serious Incident Framework (2015)"
            if self is ResponseFramework.SIF
            else "Patient Safety Incident Response Framework"
        )


class LearningResponse(Word, what="learning response", error=UnknownIncidentWord):
    """PSIRF's learning responses (Homerton's PSIRF pages, https://homerton.nhs.uk/learning-responses;
    MDT review: https://www.interfaceclinic.co.uk/?p=861). "No further learning response" is
    the response status `no_further_response`, not one of these."""

    SWARM_HUDDLE = "swarm_huddle"  # within hours of the incident, with the staff involved
    AFTER_ACTION_REVIEW = "after_action_review"  # a structured conversation on four questions
    MDT_REVIEW = "mdt_review"  # a multidisciplinary team review of one incident or a theme
    PSII = "psii"  # patient safety incident investigation: in depth, led by an investigator

    @property
    def label(self) -> str:
        return {
            LearningResponse.SWARM_HUDDLE: "SWARM huddle",
            LearningResponse.AFTER_ACTION_REVIEW: "After Action Review",
            LearningResponse.MDT_REVIEW: "Multidisciplinary team review",
            LearningResponse.PSII: "Patient safety incident investigation",
        }[self]


class RequiredResponse(Word, what="required response", error=UnknownIncidentWord):
    """What a national rule requires."""

    PSII = "psii"  # a locally led patient safety incident investigation
    MNSI_REFERRAL = "mnsi_referral"  # refer to HSSIB's maternity programme (now MNSI)
    INDEPENDENT_INVESTIGATION = "independent_investigation"  # NHS England regional team
    CHILD_DEATH_REVIEW = "child_death_review"  # the Child Death Overview Panel


class NationalRule(Word, what="national rule", error=UnknownIncidentWord):
    """PSIRF's nationally defined responses: incidents for which the response is not the
    trust's choice."""

    NEVER_EVENT = "never_event"  # a Never Event: PSII
    DEATH_DUE_TO_PROBLEMS_IN_CARE = "death_due_to_problems_in_care"  # more likely than not: PSII
    DEATH_DETAINED_OR_MCA = "death_detained_or_mca"  # MHA-detained or MCA, may be linked: PSII
    MATERNITY_HSIB = "maternity_hsib"  # maternity/neonatal meeting HSIB's criteria: referral
    MENTAL_HEALTH_HOMICIDE = "mental_health_homicide"  # referral to the regional team
    CHILD_DEATH = "child_death"  # referral to the Child Death Overview Panel

    @property
    def requires(self) -> RequiredResponse:
        return {
            NationalRule.NEVER_EVENT: RequiredResponse.PSII,
            NationalRule.DEATH_DUE_TO_PROBLEMS_IN_CARE: RequiredResponse.PSII,
            NationalRule.DEATH_DETAINED_OR_MCA: RequiredResponse.PSII,
            NationalRule.MATERNITY_HSIB: RequiredResponse.MNSI_REFERRAL,
            NationalRule.MENTAL_HEALTH_HOMICIDE: RequiredResponse.INDEPENDENT_INVESTIGATION,
            NationalRule.CHILD_DEATH: RequiredResponse.CHILD_DEATH_REVIEW,
        }[self]


_LINKED = frozenset({ProblemsInCare.MAY_BE_LINKED, ProblemsInCare.MORE_LIKELY_THAN_NOT})


def national_rules(incident: Incident, age_band: AgeBand | None = None) -> tuple[NationalRule, ...]:
    """The national rules `incident` meets, in the order `NationalRule` lists them.

    `age_band` (from the patient's details, when known) decides whether a death is a child's.
    """
    g = incident.governance
    death = incident.is_death
    found = {
        NationalRule.NEVER_EVENT: g.never_event,
        NationalRule.DEATH_DUE_TO_PROBLEMS_IN_CARE: death
        and incident.problems_in_care is ProblemsInCare.MORE_LIKELY_THAN_NOT,
        NationalRule.DEATH_DETAINED_OR_MCA: death
        and (g.mental_health_act or g.mental_capacity_act)
        and incident.problems_in_care in _LINKED,
        NationalRule.MATERNITY_HSIB: g.hsib_notify,
        NationalRule.MENTAL_HEALTH_HOMICIDE: g.mental_health_homicide,
        NationalRule.CHILD_DEATH: death and age_band is not None and age_band.child,
    }
    return tuple(rule for rule, met in found.items() if met)


def psii_required(incident: Incident) -> bool:
    """Whether a national rule requires a PSII for `incident`."""
    return any(r.requires is RequiredResponse.PSII for r in national_rules(incident))


class ResponseStatus(Word, what="response status", error=UnknownIncidentWord):
    """Where the response to an incident stands (see the module docstring for each step's
    meaning under each framework)."""

    REPORTED = "reported"  # recorded; the response not yet decided
    DECIDED = "decided"  # PSIRF: a learning response chosen; SIF: declared a Serious Incident
    IN_PROGRESS = "in_progress"  # the learning response or investigation under way
    SUBMITTED = "submitted"  # the report or findings went for sign-off
    CLOSED = "closed"  # signed off; nothing more expected
    NO_FURTHER_RESPONSE = "no_further_response"  # PSIRF: none needed; SIF: not an SI
    REOPENED = "reopened"  # new information (an inquest, a PFD report) opened it again


S = ResponseStatus
LEGAL_RESPONSE_MOVES: dict[ResponseStatus, frozenset[ResponseStatus]] = {
    S.REPORTED: frozenset({S.DECIDED, S.NO_FURTHER_RESPONSE}),
    S.DECIDED: frozenset({S.IN_PROGRESS, S.NO_FURTHER_RESPONSE}),
    S.IN_PROGRESS: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.REOPENED}),
    S.NO_FURTHER_RESPONSE: frozenset({S.REOPENED}),
    S.REOPENED: frozenset({S.DECIDED, S.NO_FURTHER_RESPONSE}),
}
"""From each status, the statuses the response may move to."""


@dataclass(frozen=True)
class ResponseMove:
    """One step of the response: to which status, on which day, by whom, why (needed for no
    further response), and, when deciding under PSIRF, which learning response and the date
    agreed for it to finish (`target`, optional: PSIRF sets no national clock)."""

    to: ResponseStatus
    on: dt.date
    by: str = ""
    reason: str = ""
    learning_response: LearningResponse | None = None
    target: dt.date | None = None


class IllegalResponseMove(ValueError):
    """A move the response's lifecycle or a national rule does not allow; nothing changes."""

    def __init__(self, current: ResponseStatus, move: ResponseMove, reason: str) -> None:
        super().__init__(
            f"{current.label} → {move.to.label} on {move.on.isoformat()} is not allowed: {reason}"
        )
        self.current = current
        self.move = move
        self.reason = reason


PFD_RESPONSE_DAYS = 56
"""Calendar days a person sent a Prevention of Future Deaths report has to respond
(Coroners (Investigations) Regulations 2013, reg 29(4))."""


class InvalidPfdReport(ValueError):
    """A Prevention of Future Deaths report whose dates cannot all be true, or that cannot be
    about the incident it is recorded for."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


@dataclass(frozen=True)
class PfdReport:
    """A coroner's report to prevent future deaths (Coroners (Investigations) Regulations 2013,
    regulations 28–29) sent to the trust after an inquest: the date it was sent, the day the
    trust responded, and a later deadline if the coroner granted an extension: an extension
    ends after the 56 days it extends (reg 29(5) lets the coroner lengthen the time, not
    shorten it)."""

    reference: str
    report_date: dt.date
    responded_on: dt.date | None = None
    extended_to: dt.date | None = None

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise InvalidPfdReport("a PFD report needs a reference", "reference")
        if self.responded_on is not None and self.responded_on < self.report_date:
            raise InvalidPfdReport("the response is dated before the report", "responded_on")
        if self.extended_to is not None and self.extended_to <= self.report_date:
            raise InvalidPfdReport("an extension ends after the report date", "extended_to")
        deadline = self.report_date + dt.timedelta(days=PFD_RESPONSE_DAYS)
        if self.extended_to is not None and self.extended_to <= deadline:
            raise InvalidPfdReport(
                f"an extension ends after the {PFD_RESPONSE_DAYS}-day deadline it extends "
                f"({deadline.isoformat()}): it cannot shorten it",
                "extended_to",
            )

    def check_about(self, incident: Incident) -> None:
        """Refuse the report for `incident` when it cannot be about it: a coroner reports on a
        death (fatal physical harm, CQC's death criterion or the category death), after it
        happened."""
        if not (incident.is_death or incident.category is Category.DEATH):
            raise InvalidPfdReport(
                "a Prevention of Future Deaths report follows an inquest into a death: the "
                "incident is not recorded as a death (fatal physical harm or category death)",
                "reference",
            )
        if self.report_date < incident.occurred:
            raise InvalidPfdReport(
                f"the report is dated before the incident occurred "
                f"({incident.occurred.isoformat()})",
                "report_date",
            )


@dataclass(frozen=True)
class Response:
    """The trust's response to one incident: its framework, the moves of its lifecycle from
    `opened` (the day the incident was reported), the candour trail and any PFD reports."""

    framework: ResponseFramework
    opened: dt.date
    moves: tuple[ResponseMove, ...] = ()
    candour: CandourTrail = field(default_factory=CandourTrail)
    pfd_reports: tuple[PfdReport, ...] = ()

    @property
    def current(self) -> ResponseStatus:
        return self.moves[-1].to if self.moves else ResponseStatus.REPORTED

    def status_on(self, day: dt.date) -> ResponseStatus | None:
        """The status at the end of `day`; None before the response was opened."""
        if day < self.opened:
            return None
        status = ResponseStatus.REPORTED
        for move in self.moves:
            if move.on > day:
                break
            status = move.to
        return status

    def last_move_to(self, status: ResponseStatus, day: dt.date) -> ResponseMove | None:
        """The latest move into `status` made on or before `day`."""
        found = None
        for move in self.moves:
            if move.on > day:
                break
            if move.to is status:
                found = move
        return found

    def first_move_to(self, status: ResponseStatus, day: dt.date) -> ResponseMove | None:
        """The first move into `status` made on or before `day`."""
        return next((m for m in self.moves if m.on <= day and m.to is status), None)

    @property
    def learning_response(self) -> LearningResponse | None:
        """The learning response of the latest decision, if any."""
        for move in reversed(self.moves):
            if move.to is ResponseStatus.DECIDED:
                return move.learning_response
        return None


def apply(response: Response, move: ResponseMove, incident: Incident) -> Response:
    """`response` with `move` made, or `IllegalResponseMove` naming the rule it breaks.

    `incident` is the incident as now known: the national rules are checked against it.
    """
    current = response.current

    def refuse(reason: str) -> NoReturn:
        raise IllegalResponseMove(current, move, reason)

    if move.on < response.opened:
        refuse(f"it is before the incident was reported ({response.opened.isoformat()})")
    if response.moves and move.on < response.moves[-1].on:
        refuse(
            f"it is before the latest move ({response.moves[-1].on.isoformat()}); "
            "dates cannot go backwards"
        )
    if move.to not in LEGAL_RESPONSE_MOVES[current]:
        allowed = ", ".join(sorted(s.label for s in LEGAL_RESPONSE_MOVES[current]))
        refuse(f"from {current.label} the next status can be: {allowed}")
    if move.to is ResponseStatus.NO_FURTHER_RESPONSE and not move.reason.strip():
        refuse("no further response needs a reason")
    if move.to is not ResponseStatus.DECIDED and (move.learning_response or move.target):
        refuse("a learning response and its target date are given only when deciding")
    if move.target is not None and move.target < move.on:
        refuse("the target date is before the decision")
    if response.framework is ResponseFramework.SIF:
        if move.learning_response is not None:
            refuse("the Serious Incident Framework has no PSIRF learning responses")
        return replace(response, moves=(*response.moves, move))
    rules = [r for r in national_rules(incident) if r.requires is RequiredResponse.PSII]
    if move.to is ResponseStatus.DECIDED:
        if move.learning_response is None:
            refuse("deciding under PSIRF names the learning response")
        if rules and move.learning_response is not LearningResponse.PSII:
            refuse(f"a national rule ({rules[0].label}) requires a PSII")
    if move.to is ResponseStatus.NO_FURTHER_RESPONSE and rules:
        refuse(f"a national rule ({rules[0].label}) requires a PSII")
    return replace(response, moves=(*response.moves, move))


def response_from(
    framework: ResponseFramework,
    opened: dt.date,
    moves: list[ResponseMove] | tuple[ResponseMove, ...],
    incident: Incident,
    *,
    candour: CandourTrail | None = None,
    pfd_reports: tuple[PfdReport, ...] = (),
) -> Response:
    """Replay `moves` from a response opened on `opened`; `IllegalResponseMove` at the first
    bad one."""
    response = Response(
        framework, opened, candour=candour or CandourTrail(), pfd_reports=pfd_reports
    )
    for move in moves:
        response = apply(response, move, incident)
    return response
