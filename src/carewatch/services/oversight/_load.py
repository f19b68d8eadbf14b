"""Loading one provider's stored oversight record as the domain's values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, true

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
from carewatch.services.ratings import overall_ratings_of
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
    "StatusInputs",
    "decisions",
    "decisions_of",
    "history_from",
    "load_record",
    "load_status_inputs",
]


def decisions(conn: Connection, provider_id: str) -> list[Decision]:
    """The provider's stored regime decisions in date order."""
    return decisions_of(conn, [provider_id]).get(provider_id, [])


_MANY = 100
"""From this many providers on, a batch read takes every provider's rows and keeps those asked
for: the oversight tables hold a handful of rows per trust, and an IN list of hundreds of ids
costs more to send (and for PostgreSQL's driver to parse) than the rows it leaves out."""


def _among(column: Any, provider_ids: Sequence[str]) -> Any:
    return column.in_(provider_ids) if len(provider_ids) < _MANY else true()


def decisions_of(conn: Connection, provider_ids: Sequence[str]) -> dict[str, list[Decision]]:
    """The stored regime decisions of these providers, each's in date order, by provider id
    (a provider with none is left out; for many, other providers' may be in too): one
    query."""
    d = OVERSIGHT_DECISIONS.c
    rows = conn.execute(
        select(OVERSIGHT_DECISIONS)
        .where(_among(d.provider_id, sorted(set(provider_ids))))
        .order_by(d.provider_id, d.decision_date)
    ).mappings()
    out: dict[str, list[Decision]] = {}
    for row in rows:
        out.setdefault(row["provider_id"], []).append(
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
        )
    return out


def history_from(items: list[Decision]) -> RegimeHistory:
    """Apply decisions in date order; `IllegalTransition` when they do not fit together."""
    history = RegimeHistory()
    for decision in sorted(items, key=lambda d: d.date):
        history = apply(history, decision)
    return history


def load_record(conn: Connection, provider_id: str) -> OversightRecord:
    """Everything stored about the provider's oversight (which must exist)."""
    status = load_status_inputs(conn, [provider_id])[provider_id]
    return OversightRecord(
        history=status.history,
        ratings=status.ratings,
        enforcement=status.enforcement,
        escalations=_escalations(conn, provider_id),
        meetings=_meetings(conn, provider_id),
        statements=_statements(conn, provider_id),
        commitments=status.commitments,
    )


@dataclass(frozen=True)
class StatusInputs:
    """What a provider's oversight status is derived from."""

    history: RegimeHistory
    ratings: tuple[OverallRating, ...]
    enforcement: tuple[EnforcementAction, ...]
    commitments: tuple[Commitment, ...]


def load_status_inputs(conn: Connection, provider_ids: Sequence[str]) -> dict[str, StatusInputs]:
    """What the status of each of these providers is derived from, by provider id, read in
    five queries whatever their number (IN lists: a few thousand providers at most)."""
    wanted = sorted(set(provider_ids))
    decided = decisions_of(conn, wanted)
    rated = overall_ratings_of(conn, wanted if len(wanted) < _MANY else None)
    enforced = _enforcement_of(conn, wanted)
    committed = _commitments_of(conn, wanted)
    return {
        pid: StatusInputs(
            history=history_from(decided.get(pid, [])),
            ratings=tuple(
                OverallRating(day, rating, source) for day, rating, source in rated.get(pid, [])
            ),
            enforcement=tuple(enforced.get(pid, [])),
            commitments=tuple(committed.get(pid, [])),
        )
        for pid in wanted
    }


def _requirements_of(
    conn: Connection, provider_ids: Sequence[str]
) -> dict[int, tuple[WarningRequirement, ...]]:
    """The requirements of these providers' warning notices, by notice id, in order."""
    e, q = OVERSIGHT_ENFORCEMENT.c, OVERSIGHT_REQUIREMENTS.c
    notices = select(e.id).where(
        _among(e.provider_id, provider_ids),
        e.kind == EnforcementActionKind.WARNING_NOTICE_29A.value,
    )
    rows = conn.execute(
        select(OVERSIGHT_REQUIREMENTS)
        .where(q.enforcement_id.in_(notices))
        .order_by(q.enforcement_id, q.position)
    ).mappings()
    out: dict[int, list[WarningRequirement]] = {}
    for p in rows:
        out.setdefault(p["enforcement_id"], []).append(
            WarningRequirement(
                p["text"], p["deadline"], RequirementStatus(p["status"]), p["decided_date"]
            )
        )
    return {notice: tuple(parts) for notice, parts in out.items()}


def _enforcement_of(
    conn: Connection, provider_ids: Sequence[str]
) -> dict[str, list[EnforcementAction]]:
    requirements = _requirements_of(conn, provider_ids)
    e = OVERSIGHT_ENFORCEMENT.c
    rows = conn.execute(
        select(OVERSIGHT_ENFORCEMENT)
        .where(_among(e.provider_id, provider_ids))
        .order_by(e.provider_id, e.issued_date, e.id)
    ).mappings()
    actions: dict[str, list[EnforcementAction]] = {}
    for row in rows:
        kind = row["kind"]
        action: EnforcementAction
        if kind == EnforcementActionKind.REQUIREMENT_NOTICE:
            action = RequirementNotice(
                regulation=FundamentalStandard(row["regulation"]),
                issued=row["issued_date"],
                core_service=row["core_service"],
                key_question=(KeyQuestion(row["key_question"]) if row["key_question"] else None),
                report_link_id=row["report_link_id"],
                closed=row["closed_date"],
                source=row["source"],
            )
        elif kind == EnforcementActionKind.WARNING_NOTICE_29A:
            action = WarningNotice29A(
                row["issued_date"],
                requirements.get(row["id"], ()),
                row["description"],
                row["source"],
            )
        elif kind == EnforcementActionKind.CONDITION:
            action = Condition(
                row["description"],
                row["issued_date"],
                removed=row["closed_date"],
                source=row["source"],
            )
        else:
            dated = DATED_ACTIONS[EnforcementActionKind(kind)]
            action = dated(row["description"], row["issued_date"], row["source"])
        actions.setdefault(row["provider_id"], []).append(action)
    return actions


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
    rows = (
        conn.execute(
            select(OVERSIGHT_MEETINGS)
            .where(m.provider_id == provider_id)
            .order_by(m.meeting_date, m.id)
        )
        .mappings()
        .all()
    )
    # Every meeting's participants in one query, not one per meeting.
    people: dict[int, list[Any]] = {}
    for x in conn.execute(
        select(p.meeting_id, p.role, p.organisation, p.present)
        .where(p.meeting_id.in_(select(m.id).where(m.provider_id == provider_id)))
        .order_by(p.meeting_id, p.id)
    ):
        people.setdefault(x.meeting_id, []).append(x)
    meetings = []
    for row in rows:
        present = people.get(row["id"], [])
        meetings.append(
            Meeting(
                date=row["meeting_date"],
                format=MeetingFormat(row["format"]),
                title=row["title"],
                participants=tuple(
                    Participant(x.role, x.organisation) for x in present if x.present
                ),
                absent=tuple(Participant(x.role, x.organisation) for x in present if not x.present),
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


def _commitments_of(conn: Connection, provider_ids: Sequence[str]) -> dict[str, list[Commitment]]:
    c = OVERSIGHT_COMMITMENTS.c
    rows = conn.execute(
        select(OVERSIGHT_COMMITMENTS)
        .where(_among(c.provider_id, provider_ids))
        .order_by(c.provider_id, c.made_on, c.id)
    ).mappings()
    out: dict[str, list[Commitment]] = {}
    for row in rows:
        out.setdefault(row["provider_id"], []).append(
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
        )
    return out
