"""Patient-safety incidents: the event as LFPSE records it, the patient's restricted
details, the duty of candour, the response under PSIRF or the 2015 Serious Incident
Framework, and the deadlines the incident puts on the trust, counted in English working days.

Pure: standard library, the `holidays` package (England's bank holidays) and the shared
domain words only. Import from here. docs/incidents.md explains the model and its sources.
"""

from carewatch.domain.incidents.candour import (
    CandourTrail,
    InvalidCandourTrail,
    candour_applies,
    notifiable_safety_incident,
)
from carewatch.domain.incidents.clocks import (
    DEFAULT_CLOCK_RULES,
    ClockRules,
    Duty,
    DutyStep,
    InvalidClockRules,
    due,
    duty_steps,
)
from carewatch.domain.incidents.events import Governance, Incident, InvalidIncident
from carewatch.domain.incidents.links import CandourStep, IncidentLinkKind, trail_from
from carewatch.domain.incidents.patients import (
    AgeBand,
    Ethnicity,
    InvalidNhsNumber,
    InvalidPatientDetails,
    PatientDetails,
    Sex,
    check_digit,
    is_valid_nhs_number,
    normalise_nhs_number,
)
from carewatch.domain.incidents.responses import (
    LEGAL_RESPONSE_MOVES,
    IllegalResponseMove,
    InvalidPfdReport,
    LearningResponse,
    NationalRule,
    PfdReport,
    RequiredResponse,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    apply,
    national_rules,
    psii_required,
    response_from,
)
from carewatch.domain.incidents.words import (
    Category,
    CqcCriterion,
    EventType,
    LfpseWord,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    UnknownIncidentWord,
)
from carewatch.domain.incidents.workdays import add_working_days, bank_holidays, is_working_day

__all__ = [
    "DEFAULT_CLOCK_RULES",
    "LEGAL_RESPONSE_MOVES",
    "AgeBand",
    "CandourStep",
    "CandourTrail",
    "Category",
    "ClockRules",
    "CqcCriterion",
    "Duty",
    "DutyStep",
    "Ethnicity",
    "EventType",
    "Governance",
    "IllegalResponseMove",
    "Incident",
    "IncidentLinkKind",
    "InvalidCandourTrail",
    "InvalidClockRules",
    "InvalidIncident",
    "InvalidNhsNumber",
    "InvalidPatientDetails",
    "InvalidPfdReport",
    "LearningResponse",
    "LfpseWord",
    "NationalRule",
    "NeverEventType",
    "PatientDetails",
    "PfdReport",
    "PhysicalHarm",
    "ProblemsInCare",
    "PsychologicalHarm",
    "RequiredResponse",
    "Response",
    "ResponseFramework",
    "ResponseMove",
    "ResponseStatus",
    "Sex",
    "UnknownIncidentWord",
    "add_working_days",
    "apply",
    "bank_holidays",
    "candour_applies",
    "check_digit",
    "due",
    "duty_steps",
    "is_valid_nhs_number",
    "is_working_day",
    "national_rules",
    "normalise_nhs_number",
    "notifiable_safety_incident",
    "psii_required",
    "response_from",
    "trail_from",
]
