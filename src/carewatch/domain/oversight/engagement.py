"""Engagement: meetings with MPs and regulators, public statements, and the commitments made.

Participants are recorded by role and organisation ("MP for Norwich North", "CQC Chief
Inspector of Hospitals"), never by private individuals' names. A commitment is open until it
is marked kept, kept late or broken, with the date and the evidence.

>>> c = Commitment("Face-to-face meeting in January", "NHS Improvement",
...                dt.date(2018, 11, 30), due=dt.date(2019, 1, 31))
>>> c.overdue(dt.date(2019, 2, 1))
True
>>> kept = mark(c, CommitmentStatus.KEPT, dt.date(2019, 1, 20), "meeting held")
>>> kept.overdue(dt.date(2019, 2, 1))
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "Commitment",
    "CommitmentStatus",
    "InvalidCommitment",
    "Meeting",
    "MeetingFormat",
    "Participant",
    "Statement",
    "UnknownEngagementWord",
    "mark",
]


class InvalidCommitment(ValueError):
    """A commitment, or a marking of one, whose dates or status cannot all be true."""


class UnknownEngagementWord(UnknownWord):
    """A word that names no meeting format or commitment status."""


class MeetingFormat(Word, what="meeting format", error=UnknownEngagementWord):
    """How a meeting took place."""

    CONFERENCE_CALL = "conference_call"  # by telephone
    FACE_TO_FACE = "face_to_face"  # in person
    VIDEO = "video"  # by video call
    LETTER = "letter"  # an exchange of letters

    @property
    def label(self) -> str:
        return super().label.replace("Face to face", "Face-to-face")


class CommitmentStatus(Word, what="commitment status", error=UnknownEngagementWord):
    """Whether a public commitment was kept."""

    OPEN = "open"  # not yet marked
    KEPT = "kept"  # done by its due date (or no due date was given)
    KEPT_LATE = "kept_late"  # done, after its due date
    BROKEN = "broken"  # not done


@dataclass(frozen=True)
class Participant:
    """Someone at (or missing from) a meeting, by role and organisation."""

    role: str
    organisation: str


@dataclass(frozen=True)
class Meeting:
    """A meeting about the trust, with who took part and who was absent."""

    date: dt.date
    format: MeetingFormat
    title: str
    participants: tuple[Participant, ...] = ()
    absent: tuple[Participant, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Statement:
    """A public statement or position, e.g. an MP calling for special administration."""

    who: str
    organisation: str
    date: dt.date
    text: str
    source: str = ""


@dataclass(frozen=True)
class Commitment:
    """A public commitment: what, by whom (organisation or role), made when, due when.

    `made_on` is the date of the meeting or statement it was made in.
    """

    what: str
    by: str
    made_on: dt.date
    due: dt.date | None = None
    status: CommitmentStatus = CommitmentStatus.OPEN
    marked_on: dt.date | None = None
    evidence: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        if self.due is not None and self.due < self.made_on:
            raise InvalidCommitment(f"commitment {self.what!r} is due before it was made")
        if (self.status is CommitmentStatus.OPEN) != (self.marked_on is None):
            raise InvalidCommitment(
                f"commitment {self.what!r}: a marked status needs its date, and only it"
            )
        if self.marked_on is None:
            return
        if self.marked_on < self.made_on:
            raise InvalidCommitment(f"commitment {self.what!r} is marked before it was made")
        late = self.due is not None and self.marked_on > self.due
        if self.status is CommitmentStatus.KEPT and late:
            raise InvalidCommitment(
                f"commitment {self.what!r} was kept after its due date: mark it kept_late"
            )
        if self.status is CommitmentStatus.KEPT_LATE and not late:
            raise InvalidCommitment(
                f"commitment {self.what!r} was not late: kept_late needs a date after the due date"
            )

    def status_on(self, as_of: dt.date) -> CommitmentStatus:
        """The status as known on `as_of`: OPEN until the day it was marked."""
        if self.marked_on is None or as_of < self.marked_on:
            return CommitmentStatus.OPEN
        return self.status

    def overdue(self, as_of: dt.date) -> bool:
        """Made, still open on `as_of`, and past its due date."""
        return (
            self.due is not None
            and self.made_on <= as_of
            and as_of > self.due
            and self.status_on(as_of) is CommitmentStatus.OPEN
        )


def mark(
    commitment: Commitment, status: CommitmentStatus, on: dt.date, evidence: str
) -> Commitment:
    """The commitment marked kept, kept late or broken on `on`, with the evidence.

    Raises `InvalidCommitment` when `status` is OPEN or the dates do not fit.
    """
    if status is CommitmentStatus.OPEN:
        raise InvalidCommitment(
            f"commitment {commitment.what!r}: mark it kept, kept_late or broken"
        )
    return replace(commitment, status=status, marked_on=on, evidence=evidence)
