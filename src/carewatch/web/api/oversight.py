"""GET a trust's oversight status and timeline, and every trust by current regime."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from carewatch.schemas.oversight import (
    EventKindWord,
    OversightStatusPublic,
    RegimeListPublic,
    TimelineEventPublic,
    TimelinePublic,
    TrustRegimePublic,
)
from carewatch.services.incidents import timeline_with_incidents
from carewatch.services.national import regime_list
from carewatch.services.oversight import oversight_status
from carewatch.web.api.params import Day
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who

__all__ = ["router"]

router = APIRouter(tags=["oversight"])

MAX_KINDS = 20
"""More than the number of timeline kinds; a longer list is refused."""


@router.get(
    "/trusts/{provider_id}/oversight",
    summary="A trust's oversight status",
    responses={**NOT_FOUND, **INVALID},
)
def get_oversight_status(
    trust: Trust,
    db: Db,
    as_of: Annotated[
        Day | None, Query(description="The status as of this date (default today)")
    ] = None,
) -> OversightStatusPublic:
    """Which regime the trust is in and since when, its segment, how often it was rated
    Inadequate, its days in special measures or the Recovery Support Programme, when the next
    inspection is due and why, open enforcement and overdue commitments."""
    status = oversight_status(db=db, provider_id=trust.provider_id, as_of=as_of)
    return OversightStatusPublic.from_status(status)


@router.get(
    "/trusts/{provider_id}/timeline",
    summary="A trust's oversight timeline",
    responses={**NOT_FOUND, **INVALID},
)
def get_oversight_timeline(
    trust: Trust,
    db: Db,
    who: Who,
    start: Annotated[Day | None, Query(alias="from", description="First date (inclusive)")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last date (inclusive)")] = None,
    kind: Annotated[
        list[EventKindWord] | None,
        Query(max_length=MAX_KINDS, description="Only these kinds (repeatable; default all)"),
    ] = None,
) -> TimelinePublic:
    """Ratings, regime decisions, enforcement, escalations, meetings, commitments and serious
    patient-safety incidents, newest first, each with its date, kind, title, detail and public
    source (and an incident's reference). Incidents are those of oversight level (deaths,
    Never Events, Serious Incidents, PSIIs): all of them for those who may read the trust's
    incidents, only those with a public source for anyone else."""
    events = timeline_with_incidents(
        db=db, actor=who.actor, provider_id=trust.provider_id, start=start, end=end
    )
    wanted = {k.value for k in kind} if kind else None
    data = [
        TimelineEventPublic.from_event(e)
        for e in reversed(events)
        if wanted is None or e.kind.value in wanted
    ]
    return TimelinePublic(data=data, count=len(data))


@router.get("/oversight", summary="Trusts by oversight regime")
def get_regime_list(db: Db) -> RegimeListPublic:
    """Every trust with its current regime, since when and its next inspection due, most
    intervention first (trust special administration, special measures, segments 5 to 1,
    none), then by name."""
    data = [
        TrustRegimePublic(
            provider_id=item.trust.provider_id,
            name=item.trust.name,
            regime=item.status.regime.value,
            regime_label=item.status.regime.label,
            segment=item.status.segment,
            since=item.status.since,
            next_inspection_due=item.status.next_inspection_due,
        )
        for group in regime_list(db=db)
        for item in group.trusts
    ]
    return RegimeListPublic(data=data, count=len(data))
