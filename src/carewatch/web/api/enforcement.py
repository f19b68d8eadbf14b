"""GET a trust's enforcement actions, escalations, meetings and commitments, each as
`{data, count}`, with their schemas. Statuses are as of the day of the request.

The enforcement pages render the same `EnforcementPublic` values, so a page and the API
never disagree about an action's status or the rating limiter it implies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from fastapi import APIRouter
from pydantic import BaseModel, Field

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    EnforcementAction,
    Escalation,
    Meeting,
    NoticeStatus,
    RequirementNotice,
    RequirementStatus,
    Statement,
    WarningNotice29A,
    WarningRequirement,
)
from carewatch.domain.ratings import Rating
from carewatch.services.oversight import oversight_record
from carewatch.web.api.trusts import NOT_FOUND
from carewatch.web.deps import Db, Trust

__all__ = [
    "CommitmentListPublic",
    "CommitmentStatusPublic",
    "EnforcementListPublic",
    "EnforcementPublic",
    "EscalationListPublic",
    "EscalationPublic",
    "MeetingListPublic",
    "MeetingPublic",
    "ParticipantPublic",
    "PositionPublic",
    "RequirementPublic",
    "StatementPublic",
    "enforcement_views",
    "limiter_words",
    "router",
]

router = APIRouter(tags=["oversight"])


def limiter_words(action: EnforcementAction) -> str:
    """The rating limiter the action implies, in words (ratings principles A1 and A2, as
    `carewatch.domain.ratings.limit` applies them).

    >>> from carewatch.domain.oversight import FundamentalStandard
    >>> notice = RequirementNotice(FundamentalStandard.REG_12, dt.date(2020, 1, 1), "Wards")
    >>> limiter_words(notice)
    'Limits the rating of Wards to Requires improvement at best.'
    """
    kind = action.limiter
    if kind is None:
        return "Limits no rating."
    area = "the area it covers"
    if isinstance(action, RequirementNotice) and (action.core_service or action.key_question):
        parts = [action.core_service, action.key_question.label if action.key_question else None]
        area = ", ".join(p for p in parts if p)
    if kind.ceiling is Rating.INADEQUATE:
        return f"Makes the rating of {area} Inadequate."
    return f"Limits the rating of {area} to {kind.ceiling.label} at best."


class RequirementPublic(BaseModel):
    """One requirement of a section 29A warning notice, with its status as of today."""

    position: int = Field(description="1 for the notice's first requirement")
    text: str
    deadline: dt.date | None = Field(description="None when the deadline was not published")
    status: str = Field(examples=[RequirementStatus.ACTIVE.value])
    status_label: str = Field(examples=["Active"])
    decided: dt.date | None = Field(description="When CQC found it complied with or not")

    @classmethod
    def from_requirement(
        cls, r: WarningRequirement, *, position: int, as_of: dt.date
    ) -> RequirementPublic:
        status = r.status_on(as_of)
        return cls(
            position=position,
            text=r.text,
            deadline=r.deadline,
            status=status.value,
            status_label=status.label,
            decided=None if status is RequirementStatus.ACTIVE else r.decided,
        )


class EnforcementPublic(BaseModel):
    """One enforcement action, with its status as of today and the limiter it implies."""

    position: int = Field(description="Its place in issue-date order, from 1")
    kind: str = Field(examples=["warning_notice_29a"])
    kind_label: str = Field(examples=["Section 29A warning notice"])
    title: str
    issued: dt.date
    closed: dt.date | None
    status: str = Field(examples=[NoticeStatus.OPEN.value])
    regulation: str | None = Field(
        description="The fundamental standard breached (a requirement notice's)", examples=["12"]
    )
    regulation_name: str | None = Field(examples=["Regulation 12: Safe care and treatment"])
    core_service: str | None
    key_question: str | None = Field(examples=["Safe"])
    requirements: list[RequirementPublic]
    limiter: str | None = Field(
        description="The enforcement kind that limits a rating, if any",
        examples=["warning_notice"],
    )
    limiter_words: str
    source: str

    @classmethod
    def from_action(
        cls, action: EnforcementAction, *, position: int, as_of: dt.date
    ) -> EnforcementPublic:
        regulation = action.regulation if isinstance(action, RequirementNotice) else None
        key_question = action.key_question if isinstance(action, RequirementNotice) else None
        requirements = action.requirements if isinstance(action, WarningNotice29A) else ()
        return cls(
            position=position,
            kind=action.kind.value,
            kind_label=action.kind.label,
            title=action.title,
            issued=action.issued,
            closed=action.closed_on(),
            status=action.status(as_of).value,
            regulation=regulation.number if regulation else None,
            regulation_name=regulation.label if regulation else None,
            core_service=action.core_service if isinstance(action, RequirementNotice) else None,
            key_question=key_question.label if key_question else None,
            requirements=[
                RequirementPublic.from_requirement(r, position=number, as_of=as_of)
                for number, r in enumerate(requirements, start=1)
            ],
            limiter=action.limiter.value if action.limiter else None,
            limiter_words=limiter_words(action),
            source=action.source,
        )


def enforcement_views(
    actions: Sequence[EnforcementAction], *, as_of: dt.date
) -> list[EnforcementPublic]:
    """Every action in issue-date order (as `oversight_record` returns them), numbered from 1."""
    return [
        EnforcementPublic.from_action(a, position=n, as_of=as_of)
        for n, a in enumerate(actions, start=1)
    ]


class EnforcementListPublic(BaseModel):
    """A trust's enforcement actions in issue-date order; `count` is the number returned."""

    data: list[EnforcementPublic]
    count: int


class PositionPublic(BaseModel):
    """A public position on an escalation, by role and organisation."""

    who: str
    organisation: str
    position: str


class EscalationPublic(BaseModel):
    """An escalation option, who proposed it and when, its outcome and who stood where."""

    option: str = Field(examples=["special_administration"])
    option_label: str = Field(examples=["Special administration"])
    proposed_by: str
    date: dt.date
    outcome: str = Field(examples=["pending"])
    positions: list[PositionPublic]
    detail: str
    source: str

    @classmethod
    def from_escalation(cls, e: Escalation) -> EscalationPublic:
        return cls(
            option=e.option.value,
            option_label=e.option.label,
            proposed_by=e.proposed_by,
            date=e.date,
            outcome=e.outcome.value,
            positions=[
                PositionPublic(who=p.who, organisation=p.organisation, position=p.position)
                for p in e.positions
            ],
            detail=e.detail,
            source=e.source,
        )


class EscalationListPublic(BaseModel):
    """A trust's escalations, oldest first."""

    data: list[EscalationPublic]
    count: int


class ParticipantPublic(BaseModel):
    """Someone at, or missing from, a meeting, by role and organisation."""

    role: str
    organisation: str


class StatementPublic(BaseModel):
    """A public statement, by role and organisation."""

    who: str
    organisation: str
    date: dt.date
    text: str
    source: str


class MeetingPublic(BaseModel):
    """A meeting with who was present and absent, and the public statements of that day."""

    date: dt.date
    format: str = Field(examples=["conference_call"])
    format_label: str = Field(examples=["Conference call"])
    title: str
    participants: list[ParticipantPublic]
    absent: list[ParticipantPublic]
    statements: list[StatementPublic] = Field(
        description="Statements recorded with the meeting's date (statements are stored by "
        "date, not by meeting)"
    )
    source: str

    @classmethod
    def from_meeting(cls, m: Meeting, statements: Sequence[Statement]) -> MeetingPublic:
        return cls(
            date=m.date,
            format=m.format.value,
            format_label=m.format.label,
            title=m.title,
            participants=[
                ParticipantPublic(role=p.role, organisation=p.organisation) for p in m.participants
            ],
            absent=[ParticipantPublic(role=p.role, organisation=p.organisation) for p in m.absent],
            statements=[
                StatementPublic(
                    who=s.who,
                    organisation=s.organisation,
                    date=s.date,
                    text=s.text,
                    source=s.source,
                )
                for s in statements
                if s.date == m.date
            ],
            source=m.source,
        )


class MeetingListPublic(BaseModel):
    """A trust's meetings, oldest first."""

    data: list[MeetingPublic]
    count: int


class CommitmentStatusPublic(BaseModel):
    """A public commitment with its status and whether it is overdue, as of today."""

    what: str
    by: str
    made_on: dt.date
    due: dt.date | None
    status: str = Field(examples=[CommitmentStatus.OPEN.value])
    status_label: str = Field(examples=["Open"])
    overdue: bool
    marked_on: dt.date | None
    evidence: str
    source: str

    @classmethod
    def from_commitment(cls, c: Commitment, *, as_of: dt.date) -> CommitmentStatusPublic:
        status = c.status_on(as_of)
        return cls(
            what=c.what,
            by=c.by,
            made_on=c.made_on,
            due=c.due,
            status=status.value,
            status_label=status.label,
            overdue=c.overdue(as_of),
            marked_on=c.marked_on if status is not CommitmentStatus.OPEN else None,
            evidence=c.evidence if status is not CommitmentStatus.OPEN else "",
            source=c.source,
        )


class CommitmentListPublic(BaseModel):
    """A trust's commitments, oldest first."""

    data: list[CommitmentStatusPublic]
    count: int


@router.get(
    "/trusts/{provider_id}/enforcement",
    summary="A trust's enforcement actions",
    responses=NOT_FOUND,
)
def get_enforcement(trust: Trust, db: Db) -> EnforcementListPublic:
    """Every enforcement action in issue-date order, with its status today, the fundamental
    standard breached, each warning-notice requirement and the rating limiter it implies."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    data = enforcement_views(record.enforcement, as_of=dt.date.today())
    return EnforcementListPublic(data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/escalations",
    summary="A trust's escalation options",
    responses=NOT_FOUND,
)
def get_escalations(trust: Trust, db: Db) -> EscalationListPublic:
    """Every escalation option proposed (special administration, merger, split, ...), oldest
    first, with its outcome and the public positions taken on it."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    data = [EscalationPublic.from_escalation(e) for e in record.escalations]
    return EscalationListPublic(data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/meetings",
    summary="A trust's stakeholder meetings",
    responses=NOT_FOUND,
)
def get_meetings(trust: Trust, db: Db) -> MeetingListPublic:
    """Every meeting about the trust, oldest first, with who was present and absent and the
    public statements recorded on the same day."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    data = [MeetingPublic.from_meeting(m, record.statements) for m in record.meetings]
    return MeetingListPublic(data=data, count=len(data))


@router.get(
    "/trusts/{provider_id}/commitments",
    summary="A trust's public commitments",
    responses=NOT_FOUND,
)
def get_commitments(trust: Trust, db: Db) -> CommitmentListPublic:
    """Every commitment made to the public, oldest first, with its status and whether it is
    overdue today."""
    record = oversight_record(db=db, provider_id=trust.provider_id)
    today = dt.date.today()
    data = [CommitmentStatusPublic.from_commitment(c, as_of=today) for c in record.commitments]
    return CommitmentListPublic(data=data, count=len(data))
