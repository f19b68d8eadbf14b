"""Loading one provider's stored oversight record as the domain's values."""

from __future__ import annotations

from sqlalchemy import Connection, select

from carewatch.domain.oversight import (
    DATED_ACTIONS,
    Commitment,
    CommitmentStatus,
    Condition,
    Decision,
    DecisionKind,
    EnforcementAction,
    EnforcementActionKind,
    Escalation,
    EscalationOption,
    EscalationOutcome,
    FundamentalStandard,
    Meeting,
    MeetingFormat,
    OverallRating,
    Participant,
    Regime,
    RegimeHistory,
    RequirementNotice,
    RequirementStatus,
    StakeholderPosition,
    Statement,
    WarningNotice29A,
    WarningRequirement,
    apply,
)
from carewatch.domain.ratings import KeyQuestion
from carewatch.services.oversight.models import OversightRecord
from carewatch.services.ratings import overall_ratings
from carewatch.store.tables.oversight import (
    OVERSIGHT_COMMITMENTS,
    OVERSIGHT_DECISIONS,
    OVERSIGHT_ENFORCEMENT,
    OVERSIGHT_ESCALATIONS,
    OVERSIGHT_MEETINGS,
    OVERSIGHT_PARTICIPANTS,
    OVERSIGHT_REQUIREMENTS,
    OVERSIGHT_STATEMENTS,
)

__all__ = [
    "decisions",
    "history_from",
    "load_record",
]


def decisions(conn: Connection, provider_id: str) -> list[Decision]:
    """The provider's stored regime decisions in date order."""
    d = OVERSIGHT_DECISIONS.c
    rows = conn.execute(
        select(OVERSIGHT_DECISIONS).where(d.provider_id == provider_id).order_by(d.decision_date)
    ).mappings()
    return [
        Decision(
            kind=DecisionKind(row["kind"]),
            regime_from=Regime(row["regime_from"]),
            regime_to=Regime(row["regime_to"]),
            date=row["decision_date"],
            recommended_by=row["recommended_by"],
            decided_by=row["decided_by"],
            rationale=row["rationale"],
            conditions=tuple(row["conditions"]),
            evidence=tuple(row["evidence"]),
            source=row["source"],
        )
        for row in rows
    ]


def history_from(items: list[Decision]) -> RegimeHistory:
    """Apply decisions in date order; `IllegalTransition` when they do not fit together."""
    history = RegimeHistory()
    for decision in sorted(items, key=lambda d: d.date):
        history = apply(history, decision)
    return history


def load_record(conn: Connection, provider_id: str) -> OversightRecord:
    """Everything stored about the provider's oversight (which must exist)."""
    return OversightRecord(
        history=history_from(decisions(conn, provider_id)),
        ratings=_ratings(conn, provider_id),
        enforcement=_enforcement(conn, provider_id),
        escalations=_escalations(conn, provider_id),
        meetings=_meetings(conn, provider_id),
        statements=_statements(conn, provider_id),
        commitments=_commitments(conn, provider_id),
    )


def _ratings(conn: Connection, provider_id: str) -> tuple[OverallRating, ...]:
    """The trust's overall ratings (not a location's or a service's), with their source, as
    the ratings area reads them."""
    return tuple(
        OverallRating(day, rating, source)
        for day, rating, source in overall_ratings(conn, provider_id)
    )


def _enforcement(conn: Connection, provider_id: str) -> tuple[EnforcementAction, ...]:
    e, q = OVERSIGHT_ENFORCEMENT.c, OVERSIGHT_REQUIREMENTS.c
    rows = conn.execute(
        select(OVERSIGHT_ENFORCEMENT)
        .where(e.provider_id == provider_id)
        .order_by(e.issued_date, e.id)
    ).mappings()
    actions: list[EnforcementAction] = []
    for row in rows:
        kind = row["kind"]
        if kind == EnforcementActionKind.REQUIREMENT_NOTICE:
            actions.append(
                RequirementNotice(
                    regulation=FundamentalStandard(row["regulation"]),
                    issued=row["issued_date"],
                    core_service=row["core_service"],
                    key_question=(
                        KeyQuestion(row["key_question"]) if row["key_question"] else None
                    ),
                    report_link_id=row["report_link_id"],
                    closed=row["closed_date"],
                    source=row["source"],
                )
            )
        elif kind == EnforcementActionKind.WARNING_NOTICE_29A:
            parts = conn.execute(
                select(OVERSIGHT_REQUIREMENTS)
                .where(q.enforcement_id == row["id"])
                .order_by(q.position)
            ).mappings()
            requirements = tuple(
                WarningRequirement(
                    p["text"], p["deadline"], RequirementStatus(p["status"]), p["decided_date"]
                )
                for p in parts
            )
            actions.append(
                WarningNotice29A(
                    row["issued_date"], requirements, row["description"], row["source"]
                )
            )
        elif kind == EnforcementActionKind.CONDITION:
            actions.append(
                Condition(
                    row["description"],
                    row["issued_date"],
                    removed=row["closed_date"],
                    source=row["source"],
                )
            )
        else:
            dated = DATED_ACTIONS[EnforcementActionKind(kind)]
            actions.append(dated(row["description"], row["issued_date"], row["source"]))
    return tuple(actions)


def _escalations(conn: Connection, provider_id: str) -> tuple[Escalation, ...]:
    c = OVERSIGHT_ESCALATIONS.c
    rows = conn.execute(
        select(OVERSIGHT_ESCALATIONS)
        .where(c.provider_id == provider_id)
        .order_by(c.proposed_date, c.id)
    ).mappings()
    return tuple(
        Escalation(
            option=EscalationOption(row["option"]),
            proposed_by=row["proposed_by"],
            date=row["proposed_date"],
            outcome=EscalationOutcome(row["outcome"]),
            positions=tuple(
                StakeholderPosition(p["who"], p["organisation"], p["position"])
                for p in row["positions"]
            ),
            detail=row["detail"],
            source=row["source"],
        )
        for row in rows
    )


def _meetings(conn: Connection, provider_id: str) -> tuple[Meeting, ...]:
    m, p = OVERSIGHT_MEETINGS.c, OVERSIGHT_PARTICIPANTS.c
    meetings = []
    rows = conn.execute(
        select(OVERSIGHT_MEETINGS)
        .where(m.provider_id == provider_id)
        .order_by(m.meeting_date, m.id)
    ).mappings()
    for row in rows:
        people = conn.execute(
            select(p.role, p.organisation, p.present)
            .where(p.meeting_id == row["id"])
            .order_by(p.id)
        ).all()
        meetings.append(
            Meeting(
                date=row["meeting_date"],
                format=MeetingFormat(row["format"]),
                title=row["title"],
                participants=tuple(
                    Participant(x.role, x.organisation) for x in people if x.present
                ),
                absent=tuple(Participant(x.role, x.organisation) for x in people if not x.present),
                source=row["source"],
            )
        )
    return tuple(meetings)


def _statements(conn: Connection, provider_id: str) -> tuple[Statement, ...]:
    s = OVERSIGHT_STATEMENTS.c
    rows = conn.execute(
        select(OVERSIGHT_STATEMENTS)
        .where(s.provider_id == provider_id)
        .order_by(s.statement_date, s.id)
    ).mappings()
    return tuple(
        Statement(
            row["who"], row["organisation"], row["statement_date"], row["text"], row["source"]
        )
        for row in rows
    )


def _commitments(conn: Connection, provider_id: str) -> tuple[Commitment, ...]:
    c = OVERSIGHT_COMMITMENTS.c
    rows = conn.execute(
        select(OVERSIGHT_COMMITMENTS).where(c.provider_id == provider_id).order_by(c.made_on, c.id)
    ).mappings()
    return tuple(
        Commitment(
            what=row["what"],
            by=row["by_whom"],
            made_on=row["made_on"],
            due=row["due_date"],
            status=CommitmentStatus(row["status"]),
            marked_on=row["marked_on"],
            evidence=row["evidence"],
            source=row["source"],
        )
        for row in rows
    )
