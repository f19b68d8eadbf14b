"""The trust, its core services and the bodies that oversee it, each spelled once.

People appear only by role and organisation; office holders named by a source are named
only in comments.
"""

from __future__ import annotations

from carewatch.domain.ratings import CoreService

PROVIDER_ID = "RMY"
NAME = "Norfolk and Suffolk NHS Foundation Trust"
REGION = "East of England"

# CQC's names for the trust's core services.
COMMUNITY_ADULTS = CoreService.COMMUNITY_ADULTS.value
CRISIS = CoreService.CRISIS.value
ACUTE_WARDS = CoreService.ACUTE_WARDS.value
REHAB = CoreService.REHABILITATION_WARDS.value
LD_WARDS = CoreService.LEARNING_DISABILITY_WARDS.value
CYP = CoreService.COMMUNITY_CHILDREN.value

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
