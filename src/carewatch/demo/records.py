"""The shapes the demo declares its data in where the domain has no single type for it.

- For each service writer that takes keyword arguments rather than a domain object, a record
  whose fields are the writer's keywords, one to one, bar the ids the loader supplies (the
  provider, the action, the evidence).
- Two groupings of domain objects: an action with what followed it (`PlannedAction`), and a
  meeting with what was said and promised at it (`MeetingRecord`).

Everything else is declared with the domain's own types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.oversight import Commitment, Meeting, Statement
from carewatch.domain.plans import (
    DEFAULT_GRACE_DAYS,
    Action,
    EvidenceFrequency,
    EvidenceKind,
    Milestone,
    Move,
    TargetDirection,
)
from carewatch.domain.ratings import EnforcementKind, KeyQuestion

__all__ = [
    "EvidencePiece",
    "EvidenceScheduleSetting",
    "EvidenceUpload",
    "EvidenceVerdict",
    "MeetingRecord",
    "MetricAnnotation",
    "MetricLink",
    "MetricRecalculation",
    "PlannedAction",
    "RatingLimiter",
]


@dataclass(frozen=True)
class RatingLimiter:
    """`carewatch.services.ratings.record_enforcement`: enforcement as the ratings rules see
    it, a limiter on the key question it covers while it is open."""

    kind: EnforcementKind
    key_question: KeyQuestion
    served_date: dt.date
    closed_date: dt.date | None = None
    service: str | None = None
    source: str = ""


@dataclass(frozen=True)
class EvidenceUpload:
    """`carewatch.services.plans.add_evidence`: a note, a file or a link for an action."""

    kind: EvidenceKind
    supplied_by: str
    uploaded_at: dt.datetime
    effective_from: dt.date
    effective_to: dt.date | None = None
    title: str = ""
    note: str = ""
    url: str = ""
    content: bytes | None = None
    filename: str = ""
    media_type: str | None = None


@dataclass(frozen=True)
class EvidenceVerdict:
    """`carewatch.services.plans.verify_evidence`: the verifier's verdict on one piece."""

    accepted: bool
    by: str
    on: dt.date
    note: str = ""


@dataclass(frozen=True)
class EvidenceScheduleSetting:
    """`carewatch.services.plans.set_evidence_schedule`: recurring evidence for an action."""

    frequency: EvidenceFrequency
    starts_on: dt.date
    grace_days: int = DEFAULT_GRACE_DAYS
    ends_on: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class MetricLink:
    """`carewatch.services.plans.link_metric`: the measure that shows an action worked."""

    metric_code: str
    target: float
    direction: TargetDirection


@dataclass(frozen=True)
class MetricAnnotation:
    """`carewatch.services.metrics.record_annotation`: a dated note on a metric's chart."""

    metric_code: str
    on: dt.date
    label: str
    source: str = ""


@dataclass(frozen=True)
class MetricRecalculation:
    """`carewatch.services.metrics.record_recalculation`: new SPC limits from `at`, and why."""

    metric_code: str
    at: dt.date
    reason: str
    recorded_on: dt.date | None = None
    source: str = ""


@dataclass(frozen=True)
class EvidencePiece:
    """A piece of evidence and the verifier's verdict on it (None: not yet given)."""

    upload: EvidenceUpload
    verdict: EvidenceVerdict | None = None


@dataclass(frozen=True)
class PlannedAction:
    """An action for the finding with reference `finding`, and what followed: milestones,
    evidence, moves in the order they were made, the metrics that show it worked, and the
    recurring evidence it needs."""

    finding: str
    action: Action
    milestones: tuple[Milestone, ...] = ()
    evidence: tuple[EvidencePiece, ...] = ()
    moves: tuple[Move, ...] = ()
    metrics: tuple[MetricLink, ...] = ()
    schedule: EvidenceScheduleSetting | None = None


@dataclass(frozen=True)
class MeetingRecord:
    """A meeting with the statements reported with it and the commitments made at it (which
    the oversight service links to the meeting by its date and title)."""

    meeting: Meeting
    statements: tuple[Statement, ...] = ()
    commitments: tuple[Commitment, ...] = ()
