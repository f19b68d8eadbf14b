"""The worked example's engagement, in the oversight domain's types: the conference call
between MPs, CQC and NHS Improvement after the third Inadequate rating, who was (and was not)
on it, what was said and what was promised.

The report of the call (EDP_2018_CALL) places it on a Thursday morning in the week after the
28 November 2018 report, so in December 2018 (the date is the first of that month); the
project's account of the worked example says November 2018. No one from the trust was on the
call. People appear by role and organisation only.

The report of the call (EDP_2018_CALL) gives all three commitments. It names who made
one: CQC told the call that the trust's chief executive anticipated significant progress by
late January, so that one is his (by role). Of the other two it says only that MPs "were
reassured of regular updates" and that a face-to-face meeting "was earmarked for January",
naming no one, so they stay `NOT_RECORDED`. No source read says whether any was kept, so
each is open. A promise "in January 2019" falls due at the end of that month.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.sources import EDP_2018_CALL
from carewatch.demo.nsft.trust import COMMONS, CQC, NAME, NHSI, NOT_RECORDED
from carewatch.demo.records import MeetingRecord
from carewatch.domain.oversight import Commitment, Meeting, MeetingFormat, Participant, Statement

__all__ = ["MEETINGS"]


CALL_2018 = Meeting(
    date=dt.date(2018, 12, 1),  # December 2018: month only
    format=MeetingFormat.CONFERENCE_CALL,
    title="The trust's future after its third Inadequate rating (report of 28 November 2018)",
    participants=(
        Participant("Members of Parliament for Norfolk and Suffolk constituencies", COMMONS),
        Participant(
            "a member of staff representing a Member of Parliament for a Norfolk constituency",
            COMMONS,
        ),
        Participant("representatives", CQC),
        Participant("representatives", NHSI),
    ),
    absent=(Participant("", NAME),),
    source=EDP_2018_CALL,
)

END_OF_JANUARY_2019 = dt.date(2019, 1, 31)

CHIEF_EXECUTIVE = f"the chief executive of {NAME}, as CQC told the call"
"""Who anticipated "significant progress by late January": the report names the trust's chief
executive (Antek Lejk), in the words CQC relayed to the call."""

MEETINGS: tuple[MeetingRecord, ...] = (
    MeetingRecord(
        CALL_2018,
        statements=(
            Statement(
                who="a Member of Parliament for a Norfolk constituency",
                organisation=COMMONS,
                date=CALL_2018.date,
                text="the trust should be put into special administration and started "
                "again; people will go on suffering while its leaders repeat past failures",
                source=EDP_2018_CALL,
            ),
            # Said to the newspaper, not on the call.
            Statement(
                who="a Member of Parliament for a Norfolk constituency, not on the call",
                organisation=COMMONS,
                date=CALL_2018.date,
                text="has asked the Secretary of State to look at every available option "
                "to make the service radically better",
                source=EDP_2018_CALL,
            ),
        ),
        commitments=(
            Commitment(
                what="Regular updates",
                by=NOT_RECORDED,
                made_on=CALL_2018.date,
                source=EDP_2018_CALL,
            ),
            Commitment(
                what="A face-to-face meeting in January 2019",
                by=NOT_RECORDED,
                made_on=CALL_2018.date,
                due=END_OF_JANUARY_2019,
                source=EDP_2018_CALL,
            ),
            Commitment(
                what="Significant progress by late January 2019",
                by=CHIEF_EXECUTIVE,
                made_on=CALL_2018.date,
                due=END_OF_JANUARY_2019,
                source=EDP_2018_CALL,
            ),
        ),
    ),
)
