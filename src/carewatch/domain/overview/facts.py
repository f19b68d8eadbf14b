"""The frozen snapshot of facts the overview is reached from: what every other area knows of
one trust on one day, reduced to what the verdict and "what changed" need.

The services build it from the other areas' public readers; the rules here never read
anything else, so a spec test can state a small world by hand. Every fact is as known on
`TrustFacts.as_of`: a must-do is "overdue" if it was overdue that day, a measure's icons are
those its chart gave with the figures published by then. A snapshot checks itself when
built: nothing in it happened after its day, and inspections come oldest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Assurance",
    "CommitmentFact",
    "CommitmentOutcome",
    "EnforcementFact",
    "FeedbackFacts",
    "IncidentFacts",
    "InspectionFact",
    "InvalidFacts",
    "MeasureFact",
    "MustDoFact",
    "RegimeFacts",
    "RegimeMove",
    "ServiceRating",
    "ThemeFact",
    "TrustFacts",
    "Variation",
]


class InvalidFacts(ValueError):
    """A snapshot that cannot be true (a fact after its day, inspections out of order)."""


class Variation(StrEnum):
    """What a Making Data Count chart's latest point says (NHS England, "Making Data Count:
    getting started", 2019): special cause improvement or concern, special cause in a measure
    with no better direction, common cause, or no chart (too few figures)."""

    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEUTRAL = "neutral"
    COMMON_CAUSE = "common_cause"
    NO_CHART = "no_chart"

    @property
    def special_cause(self) -> bool:
        return self in (Variation.IMPROVEMENT, Variation.CONCERN, Variation.NEUTRAL)


class Assurance(StrEnum):
    """Whether a measure will meet its target (Making Data Count's assurance icon): assured
    (consistently passes), not assured (consistently fails), hit and miss (inconsistent), or
    none (no target, or no chart)."""

    ASSURED = "assured"
    NOT_ASSURED = "not_assured"
    HIT_AND_MISS = "hit_and_miss"
    NONE = "none"


class CommitmentOutcome(StrEnum):
    """A public commitment as recorded on the day: kept, kept late, broken, or open."""

    KEPT = "kept"
    KEPT_LATE = "kept_late"
    BROKEN = "broken"
    OPEN = "open"


@dataclass(frozen=True)
class InspectionFact:
    """A published report that rated the trust as a whole: its date, what it was, and the
    trust-level ratings it gave (CQC's words; a single assessment framework report may rate
    well-led only and give no overall)."""

    published: dt.date
    label: str
    overall: str | None
    key_questions: tuple[tuple[str, str], ...] = ()

    def rating(self, key_question: str) -> str | None:
        return dict(self.key_questions).get(key_question)


@dataclass(frozen=True)
class ServiceRating:
    """One core service's rating for one aspect (a key question or "Overall") as it stood,
    with the day it was published."""

    service: str
    aspect: str
    rating: str
    published: dt.date


@dataclass(frozen=True)
class RegimeMove:
    """A change of oversight regime: on which day, from and to (their labels), and whether
    each is intensive support (special measures, the Recovery Support Programme, segments 4
    and 5, special administration)."""

    on: dt.date
    from_label: str
    to_label: str
    from_intensive: bool
    to_intensive: bool


@dataclass(frozen=True)
class RegimeFacts:
    """The regime the trust is in (its label), since when, whether it is intensive support,
    how many days in all the trust has spent in intensive support, and every move."""

    label: str
    since: dt.date | None
    intensive: bool
    intensive_days: int = 0
    moves: tuple[RegimeMove, ...] = ()

    @property
    def left_intensive(self) -> dt.date | None:
        """The last day the trust moved out of intensive support, if it is out of it now."""
        if self.intensive:
            return None
        exits = [m.on for m in self.moves if m.from_intensive and not m.to_intensive]
        return max(exits, default=None)


@dataclass(frozen=True)
class EnforcementFact:
    """An enforcement action: what it is, when issued, when it ended (None while in force)."""

    title: str
    issued: dt.date
    ended: dt.date | None = None

    def open_on(self, day: dt.date) -> bool:
        return self.issued <= day and (self.ended is None or self.ended > day)


@dataclass(frozen=True)
class MustDoFact:
    """A must-do from a published report, as its improvement plan stood on the day: its
    reference and plain words, the report's date, how many live (not cancelled) actions it
    has, the latest deadline among them, the day the last of them was met (verified or
    closed; None unless all are), and whether any was overdue."""

    reference: str
    summary: str
    reported: dt.date
    actions: int = 0
    deadline: dt.date | None = None
    met_on: dt.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class MeasureFact:
    """A measure of the trust with at least one figure: its icons with the figures published
    by the day (and, for "what changed", with those published by the last inspection), the
    end of the latest period it has a figure for, whether it is linked to a must-do, and
    whether its figures are illustrative rather than published."""

    code: str
    name: str
    variation: Variation
    assurance: Assurance
    latest: dt.date | None
    linked: bool = False
    illustrative: bool = False
    variation_then: Variation | None = None


@dataclass(frozen=True)
class CommitmentFact:
    """A public commitment: what, who made it, when, when due, and how it stood on the day."""

    what: str
    by: str
    made_on: dt.date
    due: dt.date | None
    outcome: CommitmentOutcome
    overdue: bool = False


@dataclass(frozen=True)
class IncidentFacts:
    """The incidents' public summary: the total as published ("fewer than 5" for 1 to 4),
    the month of the latest incident reported, and the duties with deadlines missed (the
    duty and the count as published)."""

    total: str
    latest: dt.date | None
    missed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ThemeFact:
    """One of the top themes of the trust's feedback: comments, the share of them that are
    negative (None without a sentiment), and what the chart of that share says (a fall in
    the negative share is an improvement)."""

    theme: str
    comments: int
    negative_share: float | None
    signal: Variation


@dataclass(frozen=True)
class FeedbackFacts:
    """The feedback summary: comments, how many negative of those with a sentiment, the day
    of the latest comment, and the top themes."""

    comments: int
    negative: int
    with_sentiment: int
    latest: dt.date | None
    themes: tuple[ThemeFact, ...] = ()


@dataclass(frozen=True)
class TrustFacts:
    """Everything the overview of one trust on one day is built from."""

    provider_id: str
    name: str
    as_of: dt.date
    inspections: tuple[InspectionFact, ...] = ()
    regime: RegimeFacts = field(
        default_factory=lambda: RegimeFacts("No special regime", None, False)
    )
    enforcement: tuple[EnforcementFact, ...] = ()
    must_dos: tuple[MustDoFact, ...] = ()
    measures: tuple[MeasureFact, ...] = ()
    commitments: tuple[CommitmentFact, ...] = ()
    incidents: IncidentFacts | None = None
    feedback: FeedbackFacts | None = None
    next_inspection_due: dt.date | None = None
    services_then: tuple[ServiceRating, ...] = ()
    services_now: tuple[ServiceRating, ...] = ()

    def __post_init__(self) -> None:
        days = [i.published for i in self.inspections]
        if days != sorted(days):
            raise InvalidFacts("inspections must come oldest first")
        happened = [
            ("an inspection", days),
            ("a regime move", [m.on for m in self.regime.moves]),
            ("an enforcement action", [e.issued for e in self.enforcement]),
            ("a must-do", [m.reported for m in self.must_dos]),
            ("a must-do met", [m.met_on for m in self.must_dos if m.met_on]),
            ("a commitment", [c.made_on for c in self.commitments]),
        ]
        for what, dates in happened:
            late = [d for d in dates if d > self.as_of]
            if late:
                raise InvalidFacts(
                    f"{what} dated {late[0].isoformat()} is after the snapshot's day "
                    f"({self.as_of.isoformat()})"
                )

    @property
    def last_inspection(self) -> InspectionFact | None:
        """The latest report that rated the trust overall (a whole-trust inspection), or the
        latest report of any kind when none did."""
        rated = [i for i in self.inspections if i.overall] or list(self.inspections)
        return rated[-1] if rated else None
