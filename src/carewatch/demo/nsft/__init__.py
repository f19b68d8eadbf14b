"""The worked example: Norfolk and Suffolk NHS Foundation Trust (RMY), 2015–2025, from public
facts, each with the public source it was read from.

- `trust`: the trust, its core services and the bodies that oversee it;
- `sources`: the public sources, each named once;
- `ratings`: every report and its ratings.

`carewatch.demo.loader` hands them to the services.
"""

from carewatch.demo.nsft.ratings import ENFORCEMENT, REPORTS, Report, report
from carewatch.demo.nsft.trust import (
    ACUTE_WARDS,
    COMMUNITY_ADULTS,
    CRISIS,
    NAME,
    PROVIDER_ID,
    REGION,
    REHAB,
)

__all__ = [
    "ACUTE_WARDS",
    "COMMUNITY_ADULTS",
    "CRISIS",
    "ENFORCEMENT",
    "NAME",
    "PROVIDER_ID",
    "REGION",
    "REHAB",
    "REPORTS",
    "Report",
    "report",
]
