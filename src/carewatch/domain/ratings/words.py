"""The ratings area's words: CQC's assessment frameworks and its core services.

>>> Framework.parse("SAF").label
'Single assessment framework'
>>> CoreService.CRISIS.value
'Mental health crisis services and health-based places of safety'
"""

from __future__ import annotations

from carewatch.domain.words import Word

__all__ = ["MENTAL_HEALTH_CORE_SERVICES", "CoreService", "Framework"]


class Framework(Word, what="framework"):
    """The CQC framework a report's ratings were given under."""

    LEGACY = "legacy"  # key lines of enquiry, 2014 – 2023
    SAF = "saf"  # the single assessment framework, from 2023

    @property
    def label(self) -> str:
        if self is Framework.SAF:
            return "Single assessment framework"
        return "Key lines of enquiry framework (2014–2023)"


class CoreService(Word, what="core service"):
    """CQC's core services, by the names its reports and ratings files give them (the value);
    a trust's ratings are given per core service. Regulatory-framework reference §7.1 lists
    the specialist mental health ones."""

    # Specialist mental health (CQC's 11)
    ACUTE_WARDS = "Acute wards for adults of working age and psychiatric intensive care units"
    REHABILITATION_WARDS = "Long stay or rehabilitation mental health wards for working age adults"
    FORENSIC_WARDS = "Forensic inpatient or secure wards"
    CHILD_AND_ADOLESCENT_WARDS = "Child and adolescent mental health wards"
    OLDER_PEOPLE_WARDS = "Wards for older people with mental health problems"
    LEARNING_DISABILITY_WARDS = "Wards for people with a learning disability or autism"
    COMMUNITY_ADULTS = "Community-based mental health services for adults of working age"
    CRISIS = "Mental health crisis services and health-based places of safety"
    COMMUNITY_CHILDREN = "Specialist community mental health services for children and young people"
    COMMUNITY_OLDER_PEOPLE = "Community-based mental health services for older people"
    COMMUNITY_LEARNING_DISABILITY = (
        "Community mental health services for people with a learning disability or autism"
    )
    # Community health
    COMMUNITY_HEALTH_ADULTS = "Community health services for adults"
    COMMUNITY_HEALTH_CHILDREN = "Community health services for children, young people and families"
    COMMUNITY_HEALTH_INPATIENT = "Community health inpatient services"
    END_OF_LIFE = "End of life care"
    COMMUNITY_URGENT_CARE = "Community urgent care service"
    # Acute
    URGENT_AND_EMERGENCY = "Urgent and emergency services"
    MEDICAL_CARE = "Medical care (including older people's care)"
    SURGERY = "Surgery"
    CRITICAL_CARE = "Critical care"
    MATERNITY = "Maternity"
    CHILDREN_AND_YOUNG_PEOPLE = "Services for children and young people"
    OUTPATIENTS = "Outpatients"
    DIAGNOSTIC_IMAGING = "Diagnostic imaging"

    @property
    def label(self) -> str:
        return str(self.value)


MENTAL_HEALTH_CORE_SERVICES: tuple[CoreService, ...] = (
    CoreService.ACUTE_WARDS,
    CoreService.REHABILITATION_WARDS,
    CoreService.FORENSIC_WARDS,
    CoreService.CHILD_AND_ADOLESCENT_WARDS,
    CoreService.OLDER_PEOPLE_WARDS,
    CoreService.LEARNING_DISABILITY_WARDS,
    CoreService.COMMUNITY_ADULTS,
    CoreService.CRISIS,
    CoreService.COMMUNITY_CHILDREN,
    CoreService.COMMUNITY_OLDER_PEOPLE,
    CoreService.COMMUNITY_LEARNING_DISABILITY,
)
"""The 11 specialist mental health core services, in CQC's order."""
