"""One timeline of a trust's oversight: ratings, regime decisions, enforcement, escalation,
meetings and commitments, sorted by date then kind (in the order of `EventKind`). Serious
patient-safety incidents join it from their own area (`carewatch.domain.incidents.timeline`)
through `merge_timeline`.

Statements are not events of their own here; they are shown with the escalations and
meetings they belong to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from carewatch.domain.oversight.derived import OverallRating
from carewatch.domain.oversight.enforcement import EnforcementAction
from carewatch.domain.oversight.engagement import Commitment, CommitmentStatus, Meeting
from carewatch.domain.oversight.escalation import Escalation
from carewatch.domain.oversight.suggestions import suggest_from_ratings
from carewatch.domain.oversight.transitions import Decision, DecisionKind, RegimeHistory
from carewatch.domain.ratings import Rating
from carewatch.domain.words import Word

__all__ = ["EventKind", "TimelineEvent", "merge_timeline", "timeline"]


class EventKind(Word, what="timeline kind"):
    """What happened on a timeline date; members are in the order same-day events sort.

    >>> EventKind.REGIME_EXITED.label
    'Regime left'
    """

    RATING_PUBLISHED = "rating_published"  # a trust overall rating was published
    REGIME_ENTERED = "regime_entered"  # the trust entered a regime
    REGIME_EXITED = "regime_exited"  # the trust left a regime
    REGIME_RETAINED = "regime_retained"  # the trust was kept in its regime
    SEGMENT_CHANGED = "segment_changed"  # moved between Oversight Framework segments
    ENFORCEMENT_ISSUED = "enforcement_issued"  # CQC issued an enforcement action
    ENFORCEMENT_CLOSED = "enforcement_closed"  # an enforcement action closed
    ESCALATION = "escalation"  # an escalation option was proposed
    MEETING = "meeting"  # a meeting took place
    COMMITMENT_DUE = "commitment_due"  # a commitment fell due
    COMMITMENT_KEPT = "commitment_kept"  # a commitment was marked kept (on time or late)
    COMMITMENT_BROKEN = "commitment_broken"  # a commitment was marked broken
    INCIDENT = "incident"  # a patient-safety incident that matters at oversight level

    @property
    def label(self) -> str:
        """The kind in plain English, for its tag and its filter on the timeline page."""
        return _EVENT_LABELS.get(self) or super().label


_EVENT_LABELS = {
    EventKind.REGIME_EXITED: "Regime left",
    EventKind.REGIME_RETAINED: "Regime kept",
    EventKind.INCIDENT: "Serious patient safety incident",
}


_ORDER = {kind: index for index, kind in enumerate(EventKind)}

_DECISION_EVENTS = {
    DecisionKind.ENTERED: EventKind.REGIME_ENTERED,
    DecisionKind.EXITED: EventKind.REGIME_EXITED,
    DecisionKind.RETAINED: EventKind.REGIME_RETAINED,
    DecisionKind.SEGMENT_CHANGED: EventKind.SEGMENT_CHANGED,
}


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event with a short title, a longer detail and its public source. An
    enforcement event also carries its action's position (from 1) in the enforcement given
    to `timeline`, so a reader can open that action; an incident event the trust's reference
    for the incident (a reference is not personal data)."""

    date: dt.date
    kind: EventKind
    title: str
    detail: str
    source: str
    enforcement_position: int | None = None
    incident: str | None = None


def timeline(
    *,
    history: RegimeHistory,
    ratings: Sequence[OverallRating] = (),
    enforcement: Sequence[EnforcementAction] = (),
    escalations: Sequence[Escalation] = (),
    meetings: Sequence[Meeting] = (),
    commitments: Sequence[Commitment] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[TimelineEvent]:
    """Every event from `start` to `end` inclusive (either may be None: unbounded)."""
    events = [
        *(_rating(r) for r in ratings),
        *(_decision(d, _overall_on(ratings, d.date)) for d in history.decisions),
        *(e for i, a in enumerate(enforcement, 1) for e in _enforcement(a, i)),
        *(_escalation(e) for e in escalations),
        *(_meeting(m) for m in meetings),
        *(e for c in commitments for e in _commitment(c)),
    ]
    return merge_timeline(events, start=start, end=end)


def merge_timeline(
    *parts: Iterable[TimelineEvent], start: dt.date | None = None, end: dt.date | None = None
) -> list[TimelineEvent]:
    """The events of every part from `start` to `end` inclusive (either may be None:
    unbounded), in the timeline's order: by date, then kind (`EventKind`), then title."""
    kept = [
        e
        for part in parts
        for e in part
        if (start is None or e.date >= start) and (end is None or e.date <= end)
    ]
    return sorted(kept, key=lambda e: (e.date, _ORDER[e.kind], e.title))


def _rating(rating: OverallRating) -> TimelineEvent:
    return TimelineEvent(
        rating.published,
        EventKind.RATING_PUBLISHED,
        f"Rated {rating.rating.label} overall",
        "CQC published the trust's overall rating.",
        rating.source,
    )


def _overall_on(ratings: Sequence[OverallRating], day: dt.date) -> Rating | None:
    """The trust's overall rating as published on or before `day`."""
    published = [r for r in ratings if r.published <= day]
    return max(published, key=lambda r: r.published).rating if published else None


def _decision(d: Decision, overall: Rating | None) -> TimelineEvent:
    kind = _DECISION_EVENTS[d.kind]
    if d.kind is DecisionKind.RETAINED:
        title = f"Kept in {d.regime_to.label}"
    elif d.kind is DecisionKind.EXITED:
        title = f"Left {d.regime_from.label}"
        if d.regime_to.segment is not None:
            title += f" for segment {d.regime_to.segment}"
    elif d.kind is DecisionKind.SEGMENT_CHANGED:
        title = f"Moved from segment {d.regime_from.segment} to segment {d.regime_to.segment}"
    else:
        title = f"Entered {d.regime_to.label}"
    parts = [d.rationale]
    if d.recommended_by:
        parts.append(f"Recommended by {d.recommended_by}.")
    if d.decided_by:
        parts.append(f"Decided by {d.decided_by}.")
    if d.conditions:
        parts.append("Conditions: " + "; ".join(d.conditions) + ".")
    if overall is not None and d.kind in (DecisionKind.RETAINED, DecisionKind.EXITED):
        # Beside the decision, what the rules read from the ratings: "retained despite
        # Requires improvement" is visible and explained.
        suggestion = suggest_from_ratings({}, d.regime_from, overall)
        if suggestion.rule in ("exit-may-be-considered", "remain"):
            parts.append(f"The rules' reading: {suggestion.text}")
    return TimelineEvent(d.date, kind, title, " ".join(p for p in parts if p), d.source)


def _enforcement(action: EnforcementAction, position: int) -> list[TimelineEvent]:
    events = [
        TimelineEvent(
            action.issued,
            EventKind.ENFORCEMENT_ISSUED,
            action.title,
            "Issued.",
            action.source,
            position,
        )
    ]
    closed = action.closed_on()
    if closed is not None:
        events.append(
            TimelineEvent(
                closed,
                EventKind.ENFORCEMENT_CLOSED,
                action.title,
                "Closed.",
                action.source,
                position,
            )
        )
    return events


def _escalation(escalation: Escalation) -> TimelineEvent:
    positions = "; ".join(
        f"{_who(p.who, p.organisation)}: {p.position}" for p in escalation.positions
    )
    positions = f"Positions: {positions}." if positions else ""
    detail = " ".join(p for p in (escalation.detail, positions) if p)
    return TimelineEvent(
        escalation.date, EventKind.ESCALATION, escalation.title, detail, escalation.source
    )


def _meeting(meeting: Meeting) -> TimelineEvent:
    present = "; ".join(_who(p.role, p.organisation) for p in meeting.participants)
    absent = "; ".join(_who(p.role, p.organisation) for p in meeting.absent)
    detail = f"{meeting.format.label}. Present: {present or 'not recorded'}."
    if absent:
        detail += f" Absent: {absent}."
    return TimelineEvent(meeting.date, EventKind.MEETING, meeting.title, detail, meeting.source)


def _commitment(commitment: Commitment) -> list[TimelineEvent]:
    events = []
    what = f"{commitment.by}: {commitment.what}"
    if commitment.due is not None:
        events.append(
            TimelineEvent(
                commitment.due,
                EventKind.COMMITMENT_DUE,
                what,
                f"Due; made on {commitment.made_on.isoformat()}.",
                commitment.source,
            )
        )
    if commitment.marked_on is not None:
        broken = commitment.status is CommitmentStatus.BROKEN
        late = " (late)" if commitment.status is CommitmentStatus.KEPT_LATE else ""
        events.append(
            TimelineEvent(
                commitment.marked_on,
                EventKind.COMMITMENT_BROKEN if broken else EventKind.COMMITMENT_KEPT,
                what,
                f"{'Broken' if broken else 'Kept' + late}. {commitment.evidence}".strip(),
                commitment.source,
            )
        )
    return events


def _who(role: str, organisation: str) -> str:
    """ "role (organisation)", or just one of them when the other is blank or the same."""
    if not organisation or organisation == role:
        return role or organisation
    return f"{role} ({organisation})" if role else organisation
