"""The deadlines an incident puts on the trust, as pure clocks: each duty step with its due
date, the day it was done, and whether it is overdue on a given day.

Every clock starts from the day the incident was reported (the day the trust is taken to have
become aware of it), except the PFD response (from the coroner's report) and the SIF report
(from the day the incident was reported on StEIS). Counting rule, for the clocks in working
days: "within N working days of being reported" ends on the Nth working day *after* the
report day; the report day never counts; working days are Monday to Friday except English
bank holidays (`workdays`). Something due on D is on time when done on D.

The steps (`Duty`):

- `candour_verbal`: the notification in person. Regulation 20 says "as soon as reasonably
  practicable" and sets no number of days; carewatch takes that to mean no later than the
  `candour_verbal_working_days`th working day after the report day (default 10: the limit
  the NHS Standard Contract set for the first notification when the contractual duty began
  in 2013, Specific Condition 35; https://bevanbrittan.com/insights/articles/2014/dutyofcandour/).
  Earlier is expected; a trust can set fewer days.
- `candour_written`: the written notification that follows, by the
  `candour_written_working_days`th working day after the report day (default 10, the
  NHS Standard Contract convention CQC's guidance refers to: a contractual convention, not
  law).
- `pfd_response`: a response to a coroner's Prevention of Future Deaths report, due 56
  calendar days after the report date (Coroners (Investigations) Regulations 2013, reg 29;
  https://www.england.nhs.uk/long-read/action-to-prevent-future-deaths-reports-regulation-28),
  or on the date of an extension the coroner granted.
- `steis_report` (SIF only): a Serious Incident reported on StEIS within 2 working days;
  done when the response is decided (declared).
- `sif_report` (SIF only): the investigation report to the commissioner within 60 working
  days of the incident being reported on StEIS (of the report day while it was not);
  done when the response is submitted. No longer owed once the incident was found not to
  be a Serious Incident.
- `learning_response` (PSIRF only): the date agreed with those affected for the learning
  response to finish, when one was agreed; done when submitted.

>>> from carewatch.domain.incidents import (Category, Incident, PhysicalHarm, Response,
...                                         ResponseFramework)
>>> incident = Incident(reference="W7", trust="RMY", occurred=dt.date(2019, 12, 18),
...     reported=dt.date(2019, 12, 19), category=Category.MEDICATION,
...     physical_harm=PhysicalHarm.MODERATE)
>>> response = Response(ResponseFramework.SIF, opened=incident.reported)
>>> [(s.duty.value, s.due.isoformat(), s.days_overdue) for s in due(incident, response,
...                                                                dt.date(2020, 1, 8))]
[('candour_verbal', '2020-01-07', 1), ('candour_written', '2020-01-07', 1)]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.incidents.candour import candour_applies
from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.responses import (
    PFD_RESPONSE_DAYS,
    Response,
    ResponseFramework,
    ResponseStatus,
)
from carewatch.domain.incidents.words import UnknownIncidentWord
from carewatch.domain.incidents.workdays import add_working_days
from carewatch.domain.words import Word

__all__ = [
    "DEFAULT_CLOCK_RULES",
    "ClockRules",
    "Duty",
    "DutyStep",
    "InvalidClockRules",
    "due",
    "duty_steps",
]


class Duty(Word, what="duty", error=UnknownIncidentWord):
    """A step the trust owes after an incident, by a deadline."""

    CANDOUR_VERBAL = "candour_verbal"  # duty of candour: notification in person
    CANDOUR_WRITTEN = "candour_written"  # duty of candour: the written notification
    PFD_RESPONSE = "pfd_response"  # response to a coroner's Prevention of Future Deaths report
    STEIS_REPORT = "steis_report"  # SIF: the Serious Incident reported on StEIS
    SIF_REPORT = "sif_report"  # SIF: the investigation report to the commissioner
    LEARNING_RESPONSE = "learning_response"  # PSIRF: the learning response, by the agreed date


class InvalidClockRules(ValueError):
    """Clock settings that cannot be used; `field` names the setting."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


@dataclass(frozen=True)
class ClockRules:
    """The numbers of days each clock counts. The candour days are carewatch's reading (see the
    module docstring) and a trust may set its own; the others are set by law or the SIF."""

    candour_verbal_working_days: int = 10
    candour_written_working_days: int = 10
    pfd_response_days: int = PFD_RESPONSE_DAYS
    steis_report_working_days: int = 2
    sif_report_working_days: int = 60

    def __post_init__(self) -> None:
        for name in (
            "candour_verbal_working_days",
            "candour_written_working_days",
            "pfd_response_days",
            "steis_report_working_days",
            "sif_report_working_days",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 366:
                raise InvalidClockRules(f"{name} is a whole number of days from 0 to 366", name)
        if self.candour_written_working_days < self.candour_verbal_working_days:
            raise InvalidClockRules(
                "the written notification follows the one in person: it cannot be due sooner",
                "candour_written_working_days",
            )


DEFAULT_CLOCK_RULES = ClockRules()


@dataclass(frozen=True)
class DutyStep:
    """One duty step of one incident, seen from `as_of`: due on `due`, done on `done_on`
    (None when not done by `as_of`)."""

    incident: str
    duty: Duty
    due: dt.date
    done_on: dt.date | None
    as_of: dt.date

    @property
    def done(self) -> bool:
        return self.done_on is not None

    @property
    def overdue(self) -> bool:
        """Not done, and `as_of` is after the due day."""
        return self.done_on is None and self.as_of > self.due

    @property
    def days_overdue(self) -> int:
        """Calendar days since the due day, while overdue; 0 otherwise."""
        return (self.as_of - self.due).days if self.overdue else 0

    @property
    def met(self) -> bool | None:
        """Done by the due day (True), done late or overdue (False), or not yet known."""
        if self.done_on is not None:
            return self.done_on <= self.due
        return False if self.overdue else None

    def as_json(self) -> dict[str, object]:
        """The step as `incidents due --json` prints it."""
        return {
            "incident": self.incident,
            "duty": self.duty.value,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "days_overdue": self.days_overdue,
        }


def _done(day: dt.date | None, as_of: dt.date) -> dt.date | None:
    return day if day is not None and day <= as_of else None


def duty_steps(
    incident: Incident,
    response: Response,
    as_of: dt.date,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
) -> tuple[DutyStep, ...]:
    """Every duty step `incident` puts on the trust as known at the end of `as_of`, done or
    not, ordered by due date (then by `Duty`'s order). Nothing before it was reported."""
    if as_of < incident.reported:
        return ()
    reported = incident.reported
    ref = incident.reference
    steps: list[DutyStep] = []

    def step(duty: Duty, due_on: dt.date, done_on: dt.date | None) -> None:
        steps.append(DutyStep(ref, duty, due_on, _done(done_on, as_of), as_of))

    if candour_applies(incident):
        trail = response.candour
        verbal_due = add_working_days(reported, rules.candour_verbal_working_days)
        step(Duty.CANDOUR_VERBAL, verbal_due, trail.verbal_on)
        written_due = add_working_days(reported, rules.candour_written_working_days)
        step(Duty.CANDOUR_WRITTEN, written_due, trail.written_on)

    for report in response.pfd_reports:
        if report.report_date > as_of:
            continue
        pfd_due = report.extended_to or report.report_date + dt.timedelta(
            days=rules.pfd_response_days
        )
        step(Duty.PFD_RESPONSE, pfd_due, report.responded_on)

    declared = response.first_move_to(ResponseStatus.DECIDED, as_of)
    submitted = response.last_move_to(ResponseStatus.SUBMITTED, as_of)
    status = response.status_on(as_of)
    if response.framework is ResponseFramework.SIF and (
        incident.governance.serious_incident or declared is not None
    ):
        steis_due = add_working_days(reported, rules.steis_report_working_days)
        step(Duty.STEIS_REPORT, steis_due, declared.on if declared else None)
        if status is not ResponseStatus.NO_FURTHER_RESPONSE:
            start = declared.on if declared else reported
            report_due = add_working_days(start, rules.sif_report_working_days)
            step(Duty.SIF_REPORT, report_due, submitted.on if submitted else None)

    decision = response.last_move_to(ResponseStatus.DECIDED, as_of)
    if response.framework is ResponseFramework.PSIRF and decision and decision.target:
        finished = response.last_move_to(ResponseStatus.SUBMITTED, as_of)
        done_on = finished.on if finished and finished.on >= decision.on else None
        step(Duty.LEARNING_RESPONSE, decision.target, done_on)

    order = list(Duty)
    return tuple(sorted(steps, key=lambda s: (s.due, order.index(s.duty))))


def due(
    incident: Incident,
    response: Response,
    as_of: dt.date,
    rules: ClockRules = DEFAULT_CLOCK_RULES,
) -> tuple[DutyStep, ...]:
    """The duty steps not done by the end of `as_of`: due (not yet late) or overdue."""
    return tuple(s for s in duty_steps(incident, response, as_of, rules) if not s.done)
