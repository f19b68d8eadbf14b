"""Evidence that an action was done, its verification, and recurring evidence schedules.

Evidence is a note, a file or a link. Each piece says who supplied it, when it was uploaded,
and the period it speaks for (`effective_from`–`effective_to`: a March medicines audit speaks
for March even if uploaded in April). A verifier, who is not the supplier, accepts or rejects
it. Files are identified by their SHA-256 digest (FIPS 180-4,
https://csrc.nist.gov/pubs/fips/180-4/upd1/final), so the same bytes attached twice are
recognised as a duplicate whatever their file name.

Some actions need evidence again and again (a monthly medicines audit, a quarterly records
audit). An `EvidenceSchedule` cuts time into periods from its start; the evidence for each
period is due `grace_days` after the period ends, by the end of that day; from the next day,
while no evidence covering the period has been uploaded (and not rejected), the period is
missing and the action is overdue.

>>> schedule = EvidenceSchedule(EvidenceFrequency.MONTHLY, dt.date(2020, 4, 1), grace_days=14)
>>> [(p.start.isoformat(), p.due.isoformat()) for p in schedule.periods(dt.date(2020, 5, 31))]
[('2020-04-01', '2020-05-14'), ('2020-05-01', '2020-06-14')]
>>> [p.start.isoformat() for p in missing_periods(schedule, (), dt.date(2020, 5, 15))]
['2020-04-01']
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.oversight.derived import add_months
from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "DEFAULT_GRACE_DAYS",
    "Evidence",
    "EvidenceFrequency",
    "EvidenceKind",
    "EvidenceSchedule",
    "InvalidEvidence",
    "Period",
    "UnknownEvidenceWord",
    "Verdict",
    "content_sha256",
    "missing_periods",
]

DEFAULT_GRACE_DAYS = 14
"""Days after a period ends that its evidence may still arrive on time. A choice, not a
standard: two weeks lets a month's audit be written up and uploaded (docs/improvement-plan.md)."""


class InvalidEvidence(ValueError):
    """Evidence or a schedule whose parts cannot all be true; `field` names the part."""

    def __init__(self, problem: str, field: str) -> None:
        super().__init__(problem)
        self.field = field


class UnknownEvidenceWord(UnknownWord):
    """A word that names no evidence kind, verdict or evidence frequency."""


class EvidenceKind(Word, what="evidence kind", error=UnknownEvidenceWord):
    """What a piece of evidence is."""

    NOTE = "note"  # text written by the supplier (internal: never public)
    FILE = "file"  # a document stored by its SHA-256
    LINK = "link"  # a web address (an intranet page, a published board paper)


class Verdict(Word, what="verdict", error=UnknownEvidenceWord):
    """The verifier's view of a piece of evidence."""

    PENDING = "pending"  # not yet looked at
    ACCEPTED = "accepted"  # shows what it claims
    REJECTED = "rejected"  # does not; it no longer counts


class EvidenceFrequency(Word, what="frequency", error=UnknownEvidenceWord):
    """How often recurring evidence falls due: in whole months, so that each period is a
    calendar month or quarter from the schedule's start.

    Not how often a metric is measured (`carewatch.domain.metrics.MeasurementFrequency`,
    which may be weekly).
    """

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"

    @property
    def months(self) -> int:
        return 1 if self is EvidenceFrequency.MONTHLY else 3


def content_sha256(content: bytes) -> str:
    """The lowercase hex SHA-256 of `content`.

    >>> content_sha256(b"abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(content).hexdigest()


@dataclass(frozen=True)
class Evidence:
    """A piece of evidence as known on a day: uploaded when, for which period, and the
    verifier's verdict (decided on `verified_on`)."""

    kind: EvidenceKind
    supplied_by: str
    uploaded_at: dt.datetime
    effective_from: dt.date
    effective_to: dt.date
    verdict: Verdict = Verdict.PENDING
    verified_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.effective_to < self.effective_from:
            raise InvalidEvidence("the effective period ends before it starts", "effective_to")
        if self.verdict is not Verdict.PENDING and self.verified_on is None:
            raise InvalidEvidence("a verdict needs the day it was given", "verified_on")

    @property
    def uploaded_on(self) -> dt.date:
        return self.uploaded_at.date()

    def verdict_on(self, day: dt.date) -> Verdict:
        """The verdict as known at the end of `day` (pending before it was given)."""
        if self.verified_on is not None and self.verified_on <= day:
            return self.verdict
        return Verdict.PENDING

    def counts_on(self, day: dt.date) -> bool:
        """Uploaded by the end of `day` and not rejected by then."""
        return self.uploaded_on <= day and self.verdict_on(day) is not Verdict.REJECTED

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Its effective period overlaps `start`–`end` (both inclusive)."""
        return self.effective_from <= end and self.effective_to >= start


@dataclass(frozen=True)
class Period:
    """One period of a schedule: `start`–`end` inclusive; its evidence due by end of `due`."""

    start: dt.date
    end: dt.date
    due: dt.date


@dataclass(frozen=True)
class EvidenceSchedule:
    """Recurring evidence: every `frequency` from `starts_on` (until `ends_on`, inclusive,
    when given), each period's evidence due `grace_days` after the period ends."""

    frequency: EvidenceFrequency
    starts_on: dt.date
    grace_days: int = DEFAULT_GRACE_DAYS
    ends_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.grace_days < 0:
            raise InvalidEvidence("grace days cannot be negative", "grace_days")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise InvalidEvidence("the schedule ends before it starts", "ends_on")

    def periods(self, until: dt.date) -> tuple[Period, ...]:
        """The periods that have started on or before `until` (and before `ends_on`)."""
        last = until if self.ends_on is None else min(until, self.ends_on)
        found: list[Period] = []
        k = 0
        while True:
            start = add_months(self.starts_on, k * self.frequency.months)
            if start > last:
                break
            end = add_months(self.starts_on, (k + 1) * self.frequency.months) - dt.timedelta(1)
            found.append(Period(start, end, end + dt.timedelta(days=self.grace_days)))
            k += 1
        return tuple(found)


def missing_periods(
    schedule: EvidenceSchedule,
    evidence: Iterable[Evidence],
    as_of: dt.date,
    stop: dt.date | None = None,
) -> tuple[Period, ...]:
    """The periods whose evidence was due before `as_of` (due day over) and that no evidence
    counting on `as_of` covers. `stop` (the day the action was finished) ends the schedule:
    periods starting after it are not expected."""
    pieces = [e for e in evidence if e.counts_on(as_of)]
    until = as_of if stop is None else min(as_of, stop)
    return tuple(
        p
        for p in schedule.periods(until)
        if p.due < as_of and not any(e.covers(p.start, p.end) for e in pieces)
    )
