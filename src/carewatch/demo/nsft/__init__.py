"""The worked example: Norfolk and Suffolk NHS Foundation Trust (RMY), 2015–2025, from public
facts, each with the public source it was read from.

- `trust`: the trust, its core services and the bodies that oversee it;
- `sources`: the public sources, each named once;
- `ratings`: every report and its ratings;
- `regimes`: special measures and NHS Oversight Framework decisions;
- `enforcement`: the warning notice, as the oversight record and as a ratings limiter;
- `escalation`: options beyond special measures, called for, considered or taken;
- `engagement`: the 2018 conference call, what was said and what was promised;
- `findings`: the must-dos of the January 2020 report and the themes of earlier ones;
- `actions`: illustrative actions answering them (`illustrative` says how they are marked);
- `metrics`: illustrative monthly series for the measures behind the must-dos;
- `shared_data`: the trust's rows of real public files, when they are there.

Each fact is declared with the domain's own types (`carewatch.domain.oversight`,
`carewatch.domain.plans`, ...), or where a service writer takes keywords, with the record of
`carewatch.demo.records` that matches them; `carewatch.demo.load` hands them to the services.
"""

from carewatch.demo.nsft.ratings import REPORTS, Report, report
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
    "NAME",
    "PROVIDER_ID",
    "REGION",
    "REHAB",
    "REPORTS",
    "Report",
    "report",
]
