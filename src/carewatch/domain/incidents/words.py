"""The words an incident is recorded in, as NHS England's Learn from Patient Safety Events
(LFPSE) service records them.

Sources:

- LFPSE's FHIR taxonomy, profile `patient-safety-adverse-event-5` (January 2023), code systems
  `level-of-physical-harm-5`, `level-of-psychological-harm-5`, `cqc-criteria-5` and
  `never-event-type-5`, served from https://psims-uat.azure-api.net/taxonomy/fhir and
  rendered at https://github.com/cuperman007/lfpse-taxonomy (`.mkdocs/docs/v5/`).
- NHS England, "Policy guidance on recording patient safety events and levels of harm"
  (August 2023), https://www.england.nhs.uk/long-read/policy-guidance-on-recording-patient-safety-events-and-levels-of-harm/:
  the four event types, and physical and psychological harm graded separately.

Each enum keeps LFPSE's numeric code (`lfpse_code`) beside carewatch's word for it, so an
export from a trust's system in either form can be read, and LFPSE's display text (`label`).

LFPSE has no single "category" field: it classifies an event by the agents involved
(medications, devices, buildings...), the process under way and the outcome. Trusts' own
systems and the National Reporting and Learning System's statistics before it did use one
category per incident, and the metrics carewatch needs ("medication errors reported",
"out-of-area placements") count by it, so `Category` is carewatch's list: the NRLS incident
categories (background knowledge, see docs/deviations.md) with the mental-health categories
the worked example needs (self-harm, transfer or out-of-area placement, violence and
aggression, restraint, death) named on their own.

>>> PhysicalHarm.parse("moderate").lfpse_code, PhysicalHarm.MODERATE.label
(3, 'Moderate physical harm')
>>> PhysicalHarm.parse(1) is PhysicalHarm.FATAL  # LFPSE's code
True
>>> Category.parse("out of area placement").label
'Transfer or out-of-area placement'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "Category",
    "CqcCriterion",
    "EventType",
    "LfpseWord",
    "NeverEventType",
    "PhysicalHarm",
    "ProblemsInCare",
    "PsychologicalHarm",
    "UnknownIncidentWord",
    "set_lfpse_codes",
]


class UnknownIncidentWord(UnknownWord):
    """A word (or LFPSE code) that names no member of one of the incident vocabularies."""


class LfpseWord(Word):
    """A `Word` that also reads LFPSE's numeric code (as an int or its digits)."""

    _codes: ClassVar[dict[Any, int]]
    _labels: ClassVar[dict[Any, str]]

    @property
    def lfpse_code(self) -> int:
        """The member's code in LFPSE's code system."""
        return type(self)._codes[self]

    @property
    def label(self) -> str:
        """LFPSE's display text for the member."""
        return type(self)._labels[self]

    @classmethod
    def lookup(cls, text: object) -> Self | None:
        if isinstance(text, bool):
            return None
        if isinstance(text, int) or (isinstance(text, str) and text.strip().isdigit()):
            code = int(text)
            return next((m for m, c in cls._codes.items() if c == code), None)
        return super().lookup(text)


def set_lfpse_codes(
    cls: type[LfpseWord], codes: Mapping[Any, int], labels: Mapping[Any, str]
) -> None:
    """Give each member of `cls` its LFPSE code and display text (every member, once)."""
    if set(codes) != set(cls) or set(labels) != set(cls):
        raise TypeError(f"{cls.__name__}: every member needs a code and a label")
    cls._codes = dict(codes)
    cls._labels = dict(labels)


class EventType(Word, what="event type", error=UnknownIncidentWord):
    """What kind of patient-safety event LFPSE records (NHS England policy guidance)."""

    INCIDENT = "incident"  # something unintended or unexpected happened that could or did harm
    OUTCOME = "outcome"  # an outcome to record though not (yet) thought due to an incident
    RISK = "risk"  # something that could cause harm in future
    GOOD_CARE = "good_care"  # safety went well; recorded to learn from


class PhysicalHarm(LfpseWord, what="physical harm", error=UnknownIncidentWord):
    """LFPSE `PhysicalHarm` (code system level-of-physical-harm-5), from none to fatal."""

    NONE = "none"  # 5 No physical harm
    LOW = "low"  # 4 Low physical harm
    MODERATE = "moderate"  # 3 Moderate physical harm
    SEVERE = "severe"  # 2 Severe physical harm
    FATAL = "fatal"  # 1 Fatal

    @property
    def rank(self) -> int:
        """0 for none up to 4 for fatal: the order of severity (LFPSE's codes run the other
        way)."""
        return 5 - self.lfpse_code


set_lfpse_codes(
    PhysicalHarm,
    dict(zip(PhysicalHarm, (5, 4, 3, 2, 1), strict=True)),
    dict(
        zip(
            PhysicalHarm,
            (
                "No physical harm",
                "Low physical harm",
                "Moderate physical harm",
                "Severe physical harm",
                "Fatal",
            ),
            strict=True,
        )
    ),
)


class PsychologicalHarm(LfpseWord, what="psychological harm", error=UnknownIncidentWord):
    """LFPSE `PsychologicalHarm` (level-of-psychological-harm-5): no "fatal" level. NHS
    England's quarterly statistics call the field experimental."""

    NONE = "none"  # 4 No psychological harm
    LOW = "low"  # 3 Low psychological harm
    MODERATE = "moderate"  # 2 Moderate psychological harm
    SEVERE = "severe"  # 1 Severe psychological harm

    @property
    def rank(self) -> int:
        """0 for none up to 3 for severe."""
        return 4 - self.lfpse_code


set_lfpse_codes(
    PsychologicalHarm,
    dict(zip(PsychologicalHarm, (4, 3, 2, 1), strict=True)),
    dict(
        zip(
            PsychologicalHarm,
            (
                "No psychological harm",
                "Low psychological harm",
                "Moderate psychological harm",
                "Severe psychological harm",
            ),
            strict=True,
        )
    ),
)


class CqcCriterion(LfpseWord, what="CQC notification criterion", error=UnknownIncidentWord):
    """Why an event must be notified to CQC (LFPSE `CqcCriteria`, cqc-criteria-5)."""

    DEATH = "death"  # 1 Death of a service user
    SERIOUS_INJURY = "serious_injury"  # 2 Serious injury of a service user
    ABUSE = "abuse"  # 3 Abuse or allegations of abuse
    SERVICE_STOPPED = "service_stopped"  # 4 Events that stop or may stop a service running


set_lfpse_codes(
    CqcCriterion,
    dict(zip(CqcCriterion, (1, 2, 3, 4), strict=True)),
    dict(
        zip(
            CqcCriterion,
            (
                "Death of a service user",
                "Serious injury of a service user",
                "Abuse or allegations of abuse",
                "Events that stop or may stop a service running",
            ),
            strict=True,
        )
    ),
)


class NeverEventType(LfpseWord, what="Never Event type", error=UnknownIncidentWord):
    """The 15 Never Event types of LFPSE `NeverEventType` (never-event-type-5), from NHS
    England's Never Events list."""

    WRONG_SITE_SURGERY = "wrong_site_surgery"
    WRONG_IMPLANT = "wrong_implant"
    RETAINED_FOREIGN_OBJECT = "retained_foreign_object"
    STRONG_POTASSIUM = "strong_potassium"
    WRONG_ROUTE_MEDICATION = "wrong_route_medication"
    INSULIN_OVERDOSE = "insulin_overdose"
    METHOTREXATE_OVERDOSE = "methotrexate_overdose"
    HIGH_STRENGTH_MIDAZOLAM = "high_strength_midazolam"
    NON_COLLAPSIBLE_RAILS = "non_collapsible_rails"
    WINDOW_FALLS = "window_falls"
    BED_RAIL_ENTRAPMENT = "bed_rail_entrapment"
    ABO_INCOMPATIBLE = "abo_incompatible"
    MISPLACED_GASTRIC_TUBE = "misplaced_gastric_tube"
    SCALDING = "scalding"
    OXYGEN_AIR_FLOWMETER = "oxygen_air_flowmeter"


set_lfpse_codes(
    NeverEventType,
    {member: code for code, member in enumerate(NeverEventType, start=1)},
    dict(
        zip(
            NeverEventType,
            (
                "Wrong site surgery",
                "Wrong implant/prosthesis",
                "Retained foreign object post procedure",
                "Mis-selection of a strong potassium solution",
                "Administration of medication by the wrong route",
                "Overdose of insulin due to abbreviations or incorrect device",
                "Overdose of methotrexate for non-cancer treatment",
                "Mis-selection of high strength midazolam during conscious sedation",
                "Failure to install functional collapsible shower or curtain rails",
                "Falls from poorly restricted windows",
                "Chest or neck entrapment in bed rails",
                "Transfusion or transplantation of ABO-incompatible blood components or organs",
                "Misplaced naso- or oro-gastric tubes",
                "Scalding of patients",
                "Unintentional connection of a patient requiring oxygen to an air flowmeter",
            ),
            strict=True,
        )
    ),
)


class Category(
    Word,
    what="incident category",
    error=UnknownIncidentWord,
    synonyms={
        "out_of_area_placement": "transfer_or_out_of_area_placement",
        "transfer": "transfer_or_out_of_area_placement",
        "violence": "violence_and_aggression",
        "aggression": "violence_and_aggression",
        "medication_error": "medication",
        "self_harming_behaviour": "self_harm",
    },
):
    """What the incident was about: one per incident, as trusts' systems record it (see the
    module docstring for why this is carewatch's list rather than LFPSE's)."""

    MEDICATION = "medication"  # prescribing, dispensing, giving or monitoring medicines
    SELF_HARM = "self_harm"  # self-harming behaviour, including suspected suicide
    TRANSFER_OR_OUT_OF_AREA_PLACEMENT = "transfer_or_out_of_area_placement"  # moves, OAPs
    VIOLENCE_AND_AGGRESSION = "violence_and_aggression"  # disruptive, aggressive behaviour
    RESTRAINT = "restraint"  # physical, mechanical or chemical restraint, seclusion
    DEATH = "death"  # a death to record as an incident (unexpected, or in care)
    ACCESS_ADMISSION_DISCHARGE = "access_admission_discharge"  # incl. missing patients
    CLINICAL_ASSESSMENT = "clinical_assessment"  # diagnosis, scans, tests, assessment
    CONSENT_COMMUNICATION = "consent_communication"  # consent, communication, confidentiality
    DOCUMENTATION = "documentation"  # records, identification
    IMPLEMENTATION_OF_CARE = "implementation_of_care"  # care delivered and monitored
    INFECTION_CONTROL = "infection_control"
    INFRASTRUCTURE = "infrastructure"  # staffing, facilities, environment
    MEDICAL_DEVICE = "medical_device"  # medical devices and equipment
    PATIENT_ABUSE = "patient_abuse"  # abuse by staff or a third party
    PATIENT_ACCIDENT = "patient_accident"  # falls and other accidents
    TREATMENT_PROCEDURE = "treatment_procedure"
    OTHER = "other"

    @property
    def label(self) -> str:
        labels = {
            Category.TRANSFER_OR_OUT_OF_AREA_PLACEMENT: "Transfer or out-of-area placement",
            Category.ACCESS_ADMISSION_DISCHARGE: "Access, admission or discharge",
            Category.CONSENT_COMMUNICATION: "Consent, communication or confidentiality",
            Category.TREATMENT_PROCEDURE: "Treatment or procedure",
        }
        return labels.get(self, super().label)


class ProblemsInCare(Word, what="problems-in-care judgement", error=UnknownIncidentWord):
    """What a review found about a death and the care before it, in the words of PSIRF's
    national requirements (from Learning from Deaths): the judgement that forces an
    investigation."""

    NOT_YET_JUDGED = "not_yet_judged"  # no review has judged it yet
    NOT_LINKED = "not_linked"  # no reason to think the death was linked to problems in care
    MAY_BE_LINKED = "may_be_linked"  # reason to think it may be linked to problems in care
    MORE_LIKELY_THAN_NOT = "more_likely_than_not"  # more likely than not due to problems in care
