"""Oversight: a trust's status, its timeline and the national list by regime, as the API
returns them and `carewatch oversight status|timeline --json` prints them. Built from
`carewatch.domain.oversight` values.
"""

from __future__ import annotations

import datetime as dt
import enum

from pydantic import BaseModel, Field

from carewatch.domain.oversight import (
    Commitment,
    EventKind,
    OpenEnforcement,
    OversightStatus,
    Regime,
    TimelineEvent,
)

__all__ = [
    "CommitmentPublic",
    "EventKindWord",
    "OpenEnforcementPublic",
    "OversightStatusPublic",
    "RegimeListPublic",
    "TimelineEventPublic",
    "TimelinePublic",
    "TrustRegimePublic",
]

EventKindWord = enum.StrEnum(  # type: ignore[misc]
    "EventKindWord", {kind.name: kind.value for kind in EventKind}
)
"""The timeline kinds a filter accepts (`carewatch.domain.oversight.EventKind`)."""


class OpenEnforcementPublic(BaseModel):
    """An enforcement action open on the status date, with its pending deadlines."""

    kind: str = Field(examples=["warning_notice_29a"])
    title: str
    issued: dt.date
    deadlines: list[dt.date]
    source: str

    @classmethod
    def from_open(cls, action: OpenEnforcement) -> OpenEnforcementPublic:
        return cls(
            kind=action.kind.value,
            title=action.title,
            issued=action.issued,
            deadlines=list(action.deadlines),
            source=action.source,
        )


class CommitmentPublic(BaseModel):
    """A commitment made to the public, overdue on the status date."""

    what: str
    by: str
    made_on: dt.date
    due: dt.date | None
    source: str

    @classmethod
    def from_commitment(cls, c: Commitment) -> CommitmentPublic:
        return cls(what=c.what, by=c.by, made_on=c.made_on, due=c.due, source=c.source)


class OversightStatusPublic(BaseModel):
    """A trust's oversight facts as of `as_of`: the fields of `carewatch oversight status
    --json`."""

    as_of: dt.date
    regime: str = Field(examples=[Regime.QUALITY_SPECIAL_MEASURES.value])
    regime_label: str = Field(examples=[Regime.QUALITY_SPECIAL_MEASURES.label])
    segment: int | None = Field(description="NHS Oversight Framework segment, if in one")
    since: dt.date | None = Field(description="When the trust entered its current regime")
    times_rated_inadequate: int
    days_in_special_measures_or_rsp: int
    longest_spell_days: int
    next_inspection_due: dt.date | None
    next_inspection_basis: str
    open_enforcement: list[OpenEnforcementPublic]
    overdue_commitments: list[CommitmentPublic]

    @classmethod
    def from_status(cls, s: OversightStatus) -> OversightStatusPublic:
        return cls(
            as_of=s.as_of,
            regime=s.regime.value,
            regime_label=s.regime.label,
            segment=s.segment,
            since=s.since,
            times_rated_inadequate=s.times_rated_inadequate,
            days_in_special_measures_or_rsp=s.days_in_special_measures_or_rsp,
            longest_spell_days=s.longest_spell_days,
            next_inspection_due=s.next_inspection_due,
            next_inspection_basis=s.next_inspection_basis,
            open_enforcement=[OpenEnforcementPublic.from_open(o) for o in s.open_enforcement],
            overdue_commitments=[
                CommitmentPublic.from_commitment(c) for c in s.overdue_commitments
            ],
        )


class TimelineEventPublic(BaseModel):
    """One dated timeline event: the shape of `carewatch oversight timeline --json`."""

    date: dt.date
    kind: str = Field(examples=[EventKind.REGIME_ENTERED.value])
    title: str
    detail: str
    source: str
    incident: str | None = Field(
        default=None,
        description="The trust's reference for the incident, on an incident's event",
        examples=["NSFT-2018-M11"],
    )

    @classmethod
    def from_event(cls, e: TimelineEvent) -> TimelineEventPublic:
        return cls(
            date=e.date,
            kind=e.kind.value,
            title=e.title,
            detail=e.detail,
            source=e.source,
            incident=e.incident,
        )


class TimelinePublic(BaseModel):
    """Timeline events, newest first; `count` is the number returned."""

    data: list[TimelineEventPublic]
    count: int


class TrustRegimePublic(BaseModel):
    """One trust's current regime, for the national list."""

    provider_id: str
    name: str
    regime: str
    regime_label: str
    segment: int | None
    since: dt.date | None
    next_inspection_due: dt.date | None


class RegimeListPublic(BaseModel):
    """Every trust by current regime, most intervention first, then by name."""

    data: list[TrustRegimePublic]
    count: int
