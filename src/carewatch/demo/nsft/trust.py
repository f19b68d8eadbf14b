"""The trust, its core services and the bodies that oversee it, each spelled once.

People appear only by role and organisation; office holders named by a source are named
only in comments.
"""

from __future__ import annotations

PROVIDER_ID = "RMY"
NAME = "Norfolk and Suffolk NHS Foundation Trust"
REGION = "East of England"

# CQC's names for the specialist mental health core services (regulatory-framework.md §7.1).
COMMUNITY_ADULTS = "Community-based mental health services for adults of working age"
CRISIS = "Mental health crisis services and health-based places of safety"
ACUTE_WARDS = "Acute wards for adults of working age and psychiatric intensive care units"
REHAB = "Long stay or rehabilitation mental health wards for working age adults"
LD_WARDS = "Wards for people with a learning disability or autism"
CYP = "Specialist community mental health services for children and young people"

# Organisations and roles.
CQC = "Care Quality Commission"
CHIEF_INSPECTOR = "Chief Inspector of Hospitals, Care Quality Commission"
MONITOR = "Monitor"
NHSI = "NHS Improvement"
NHSE = "NHS England"
NHSEI = "NHS England and NHS Improvement"
COMMONS = "House of Commons"

NOT_RECORDED = "a party not named in the sources"
"""Who proposed or promised something, where the sources do not say."""
