"""The worked example's patient-safety incidents.

- `M11`: the death reported by ITV Anglia on 15 January 2020: an 81-year-old patient, sent
  to a hospital in Devon because Norfolk had no bed, died on the M11 in 2018 while being
  driven back. Public facts only: the category (an out-of-area placement), fatal harm, a
  patient aged 81 (LFPSE's age band 66-85 years; no name, no NHS number), the duty of
  candour and a CQC notification for a death, a Serious Incident under the 2015 framework,
  and the source. The reports give the year, not the day: the day (`M11_DAY`) is a stand-in,
  and the response, its dates and the candour notifications are illustrative (the reports
  do not say how the trust responded), so the incident is marked illustrative.
- `MEDICATION_ERRORS`: illustrative medication errors reported from April 2019 to March 2022,
  as many each month as the illustrative series `medication_errors_in` says (about 14), all
  but a handful with no or low harm; the measure "medication errors reported" is derived
  from them, for the must-do
  of January 2020 that medication errors be reported and investigated as trust policy
  requires (`2020-MD4`). The few with moderate harm raise the duty of candour; their
  notifications are illustrative too, one of them late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo.nsft.metrics import MONTHS, medication_errors_in, month
from carewatch.demo.nsft.sources import ITV_2020
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.domain.incidents import (
    AgeBand,
    CandourStep,
    Category,
    CqcCriterion,
    Governance,
    Incident,
    IncidentLinkKind,
    PatientDetails,
    PhysicalHarm,
    ProblemsInCare,
    ResponseFramework,
    ResponseStatus,
    add_working_days,
)

__all__ = [
    "BY",
    "M11",
    "M11_CANDOUR",
    "M11_DAY",
    "M11_LINKS",
    "M11_MOVES",
    "M11_PATIENT",
    "MEDICATION_CANDOUR",
    "MEDICATION_ERRORS",
    "MEDICATION_LINKS",
    "NOTE",
    "PlannedMove",
]

NOTE = "Illustrative: the public reports do not say how the trust responded."
BY = "Illustrative (worked example)"
"""Who the illustrative moves and notifications are recorded as made by."""

M11_DAY = dt.date(2018, 6, 12)
"""A stand-in: the sources give only the year of the death."""

M11 = Incident(
    reference="NSFT-2018-M11",
    trust=PROVIDER_ID,
    occurred=M11_DAY,
    reported=M11_DAY,
    category=Category.TRANSFER_OR_OUT_OF_AREA_PLACEMENT,
    physical_harm=PhysicalHarm.FATAL,
    governance=Governance(
        duty_of_candour=True,
        cqc_criteria=frozenset({CqcCriterion.DEATH}),
        serious_incident=True,
    ),
    problems_in_care=ProblemsInCare.NOT_YET_JUDGED,
    description=(
        "Public fact (ITV Anglia, 15 January 2020): an 81-year-old patient, sent to a hospital "
        "in Devon because there were not enough beds in Norfolk, died on the M11 in 2018 "
        "while being driven back a few days later. The day, the response and its dates are "
        "illustrative."
    ),
    illustrative=True,
)
M11_SOURCE = ITV_2020
M11_PATIENT = PatientDetails(name="", nhs_number="", age_band=AgeBand.Y66_85)


@dataclass(frozen=True)
class PlannedMove:
    """An illustrative move of a response."""

    to: ResponseStatus
    on: dt.date
    learning_response: str | None = None


# Under the 2015 Serious Incident Framework: declared on StEIS within 2 working days, the
# investigation report within 60 working days of that, signed off by the commissioner.
M11_MOVES = (
    PlannedMove(ResponseStatus.DECIDED, add_working_days(M11_DAY, 1)),
    PlannedMove(ResponseStatus.IN_PROGRESS, add_working_days(M11_DAY, 2)),
    PlannedMove(ResponseStatus.SUBMITTED, add_working_days(M11_DAY, 55)),
    PlannedMove(ResponseStatus.CLOSED, add_working_days(M11_DAY, 80)),
)
M11_CANDOUR = (
    (CandourStep.VERBAL, add_working_days(M11_DAY, 2)),
    (CandourStep.WRITTEN, add_working_days(M11_DAY, 8)),
)
M11_LINKS = ((IncidentLinkKind.METRIC, "oaps_active"),)

_MODERATE = frozenset({(2019, 7), (2020, 3), (2021, 10)})
"""(year, month) whose first medication error did moderate harm."""


def _medication_errors() -> tuple[Incident, ...]:
    found = []
    for index in range(MONTHS):
        first, _ = month(index)
        year, number = first.year, first.month
        count = medication_errors_in(index)
        for n in range(count):
            day = dt.date(year, number, 1 + (n * 27) // max(count, 1))
            moderate = n == 0 and (year, number) in _MODERATE
            harm = (
                PhysicalHarm.MODERATE
                if moderate
                else (PhysicalHarm.LOW if n % 3 == 0 else PhysicalHarm.NONE)
            )
            found.append(
                Incident(
                    reference=f"MED-{year}-{number:02d}-{n + 1:02d}",
                    trust=PROVIDER_ID,
                    occurred=day,
                    reported=day,
                    category=Category.MEDICATION,
                    physical_harm=harm,
                    description="Illustrative medication error: not the trust's record.",
                    illustrative=True,
                )
            )
    return tuple(found)


MEDICATION_ERRORS = _medication_errors()
FRAMEWORK = ResponseFramework.SIF
"""Every incident of the worked example predates the trust's adoption of PSIRF."""

# Candour for the moderate-harm errors: on time, but the last written notification late.
MEDICATION_CANDOUR = tuple(
    (i.reference, step, add_working_days(i.reported, days))
    for k, i in enumerate(e for e in MEDICATION_ERRORS if e.physical_harm is PhysicalHarm.MODERATE)
    for step, days in ((CandourStep.VERBAL, 1), (CandourStep.WRITTEN, 14 if k == 2 else 7))
)
MEDICATION_LINKS = tuple(
    (i.reference, kind, target)
    for i in MEDICATION_ERRORS
    if i.physical_harm is PhysicalHarm.MODERATE
    for kind, target in (
        (IncidentLinkKind.FINDING, "2020-MD4"),
        (IncidentLinkKind.METRIC, "medication_errors_reported"),
    )
)
