"""The worked example's escalations, as the oversight domain's `Escalation`s: options beyond
special measures that were called for, considered or taken (an improvement director, a buddy
trust, special administration, splitting the trust, abolition, a new chief executive).

`proposed_by` and each position's `who` are roles or organisations (`NOT_RECORDED` when the
source does not say who proposed it); `detail` says what the sources leave open. Where a
source gives only a month, the date is the first of that month (said beside it).
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.sources import EADT_2018, HSJ_2018, ITV_2020, NHSI_2016
from carewatch.demo.nsft.trust import CQC, NAME, NHSI, NOT_RECORDED
from carewatch.domain.oversight import (
    Escalation,
    EscalationOption,
    EscalationOutcome,
    StakeholderPosition,
)

__all__ = ["ESCALATIONS"]

CONSIDERED, TAKEN = EscalationOutcome.CONSIDERED, EscalationOutcome.TAKEN


def _says(who: str, position: str) -> StakeholderPosition:
    """A position the sources attribute to a role or an organisation (they never give both)."""
    return StakeholderPosition(who, "", position)


ESCALATIONS: tuple[Escalation, ...] = (
    Escalation(
        option=EscalationOption.IMPROVEMENT_DIRECTOR,
        proposed_by=NHSI,
        date=dt.date(2016, 10, 1),  # October 2016: month only
        outcome=TAKEN,
        positions=(_says(NHSI, "the improvement director stays for the short term after exit"),),
        source=NHSI_2016,
    ),
    Escalation(
        option=EscalationOption.BUDDY_TRUST,
        proposed_by=NHSI,
        date=dt.date(2016, 10, 1),  # October 2016: month only
        outcome=CONSIDERED,
        positions=(_says(NHSI, "a buddy trust is being sought to support the trust after exit"),),
        detail="The sources read do not say whether a buddy trust was found in 2016.",
        source=NHSI_2016,
    ),
    Escalation(
        option=EscalationOption.SPECIAL_ADMINISTRATION,
        proposed_by="a Member of Parliament and a governor of the trust",
        date=dt.date(2018, 11, 28),
        outcome=CONSIDERED,
        positions=(
            _says("a Member of Parliament", "calls for a special administrator to be appointed"),
            _says("a governor of the trust", "calls for a special administrator to be appointed"),
            _says("local patient groups", "call for the government to intervene"),
            _says(
                CQC, "has not ruled out asking the Secretary of State to appoint an administrator"
            ),
        ),
        detail="Reported on the day of the third Inadequate report. The trust was never placed "
        "in special administration: it stayed in special measures and then the Recovery "
        "Support Programme until February 2025.",
        source=HSJ_2018,
    ),
    Escalation(
        option=EscalationOption.SPLIT,
        proposed_by=NOT_RECORDED,
        date=dt.date(2018, 11, 28),
        outcome=CONSIDERED,
        detail="The newspaper reports calls for Suffolk's mental health services to split from "
        "Norfolk's, without naming who made them.",
        source=EADT_2018,
    ),
    # Unconfirmed: from the project's own account of the worked example; the cited source is
    # the nearest public report of the same events, not read far enough to confirm it.
    Escalation(
        option=EscalationOption.ABOLITION,
        proposed_by=NOT_RECORDED,
        date=dt.date(2018, 11, 1),  # November 2018: month only
        outcome=CONSIDERED,
        detail="The project's account of the worked example says some called for the trust to "
        "be abolished after the third Inadequate rating; no source read names who, or says "
        "that abolition was formally considered.",
        source=HSJ_2018,
    ),
    Escalation(
        option=EscalationOption.BUDDY_TRUST,
        proposed_by=NOT_RECORDED,
        date=dt.date(2019, 1, 1),  # January 2019: month only
        outcome=TAKEN,
        positions=(_says("East London NHS Foundation Trust", "buddy trust from January 2019"),),
        source=ITV_2020,
    ),
    Escalation(
        option=EscalationOption.CHANGE_OF_LEADERSHIP,
        proposed_by=NOT_RECORDED,
        date=dt.date(2019, 3, 1),  # March 2019: month only
        outcome=TAKEN,
        positions=(_says(NAME, "a new chief executive took up post"),),
        detail="The new chief executive was Jonathan Warren; the chair by January 2020 was "
        "Marie Gabriel.",
        source=ITV_2020,
    ),
)
