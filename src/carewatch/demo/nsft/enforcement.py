"""The worked example's enforcement: the section 29A warning notice of April 2022.

Served with the report of 28 April 2022 (risk of harm; deterioration in quality and safety);
the report of 23 February 2023 says it is no longer active, meaning the trust had acted in
every area it covered (CQC_2023). The day it was served and the day CQC found it complied
with are not in the sources read, so the two reports' publication dates stand in for them.
The requirements are the areas of concern the notice named; their deadlines and any
regulation cited are not in the sources read either.

The notice is recorded twice, as each service needs it: in the oversight record
(`WARNING_NOTICES`), and as the limiter the ratings rules apply to the trust's safe rating
while it was open (`RATING_LIMITERS`).

Not recorded: the requirement notices the February 2023 report says remain in force. The
sources read name neither the notices, the regulations breached nor the dates they were
issued, and a requirement notice cannot be recorded without them.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.sources import CQC_2022
from carewatch.demo.records import RatingLimiter
from carewatch.domain.oversight import RequirementStatus, WarningNotice29A, WarningRequirement
from carewatch.domain.ratings import EnforcementKind, KeyQuestion

__all__ = ["RATING_LIMITERS", "WARNING_NOTICES"]

SERVED = dt.date(2022, 4, 28)  # the report's publication date
NO_LONGER_ACTIVE = dt.date(2023, 2, 23)  # the later report's publication date

WARNING_NOTICE_2022 = WarningNotice29A(
    issued=SERVED,
    requirements=(
        WarningRequirement(
            "Risk of harm",
            deadline=None,
            status=RequirementStatus.COMPLIED,
            decided=NO_LONGER_ACTIVE,
        ),
        WarningRequirement(
            "Deterioration in quality and safety",
            deadline=None,
            status=RequirementStatus.COMPLIED,
            decided=NO_LONGER_ACTIVE,
        ),
    ),
    summary="risk of harm; deterioration in quality and safety",
    source=CQC_2022,
)

WARNING_NOTICES: tuple[WarningNotice29A, ...] = (WARNING_NOTICE_2022,)

RATING_LIMITERS: tuple[RatingLimiter, ...] = (
    RatingLimiter(
        kind=EnforcementKind.WARNING_NOTICE,
        key_question=KeyQuestion.SAFE,
        served_date=WARNING_NOTICE_2022.issued,
        closed_date=WARNING_NOTICE_2022.closed_on(),
        source=WARNING_NOTICE_2022.source,
    ),
)
