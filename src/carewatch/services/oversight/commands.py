"""Writers of a trust's oversight record: regime decisions, enforcement actions and
escalations. Meetings, statements and commitments are in `commands_engagement`.

Writers take keyword-only arguments, validate through `carewatch.domain.oversight`, run in one
transaction through `write_transaction` (nothing is stored when anything is refused) and are
idempotent on natural keys: recording the same thing again updates it in place, through the
database's ``INSERT … ON CONFLICT``, so two writers recording the same thing at once both
succeed. They raise `NotFound` for an unknown provider (or meeting, or commitment), the
domain's named errors for what cannot be true (`IllegalTransition`, `InvalidEnforcement`,
`InvalidCommitment`, `UnknownRegime`, ...), and log one event with ids, never free text.

Who may: regime decisions, escalations, meetings, statements and commitments need
`record_oversight` for the trust (NHS England's roles); CQC's notices, conditions and other
enforcement need `record_enforcement` (the regulator's). The check comes before anything is
read or written (`SignInRequired`, `Forbidden`), and each write appends one audit event in
its own transaction (`oversight.regime_decision`, ...).

Example::

    record_regime_decision(db=db, actor=actor, provider_id="RMY", kind="entered",
                           regime_from="none", regime_to="quality_special_measures",
                           date=dt.date(2015, 2, 12))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, insert

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.oversight import (
    Condition,
    Decision,
    DecisionKind,
    Escalation,
    EscalationOption,
    EscalationOutcome,
    FixedPenalty,
    FundamentalStandard,
    Prosecution,
    Regime,
    RequirementNotice,
    StakeholderPosition,
    UrgentAction,
    WarningNotice29A,
    WarningRequirement,
)
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    lock_provider,
    log_event,
    require_provider,
    upsert,
    write_transaction,
)
from carewatch.services.oversight._load import decisions, history_from
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.oversight import (
    OVERSIGHT_DECISIONS,
    OVERSIGHT_ENFORCEMENT,
    OVERSIGHT_ESCALATIONS,
    OVERSIGHT_REQUIREMENTS,
)

__all__ = [
    "record_escalation",
    "record_other_enforcement",
    "record_regime_decision",
    "record_requirement_notice",
    "record_warning_notice",
]


def record_regime_decision(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    kind: DecisionKind | str,
    regime_from: Regime | str,
    regime_to: Regime | str,
    date: dt.date,
    recommended_by: str = "",
    decided_by: str = "",
    rationale: str = "",
    conditions: Sequence[str] = (),
    evidence: Sequence[str] = (),
    source: str = "",
) -> None:
    """Store a regime decision (one per provider per date; recording it again replaces it).

    The provider's decisions, with this one, must make a legal history in date order, else
    `IllegalTransition` and nothing is stored.
    """
    decision = Decision(
        DecisionKind.parse(kind),
        Regime.parse(regime_from),
        Regime.parse(regime_to),
        date,
        recommended_by,
        decided_by,
        rationale,
        tuple(conditions),
        tuple(evidence),
        source,
    )
    refuse_future(date, what="the decision", field="date")
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        # Decisions must make a legal history together: hold the provider against another
        # decision being checked at the same time, so two cannot each pass alone.
        lock_provider(conn, provider_id)
        others = [d for d in decisions(conn, provider_id) if d.date != date]
        history_from([*others, decision])
        upsert(
            conn,
            OVERSIGHT_DECISIONS,
            {"provider_id": provider_id, "decision_date": date},
            {
                "kind": decision.kind.value,
                "regime_from": decision.regime_from.value,
                "regime_to": decision.regime_to.value,
                "recommended_by": recommended_by,
                "decided_by": decided_by,
                "rationale": rationale,
                "conditions": list(decision.conditions),
                "evidence": list(decision.evidence),
                "source": source,
            },
        )
        audit.append(
            conn, actor, "oversight.regime_decision", "provider", provider_id,
            {"kind": decision.kind.value, "from": decision.regime_from.value,
             "to": decision.regime_to.value, "date": date},
        )  # fmt: skip
    log_event("oversight.regime_decision", provider_id=provider_id)


def record_requirement_notice(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    regulation: FundamentalStandard | str,
    issued: dt.date,
    core_service: str | None = None,
    key_question: KeyQuestion | str | None = None,
    report_link_id: str | None = None,
    closed: dt.date | None = None,
    source: str = "",
) -> None:
    """Store a requirement notice, keyed by provider, date issued, regulation, core service
    and key question; recording it again updates its report, closing date and source."""
    notice = RequirementNotice(
        FundamentalStandard.parse(regulation),
        issued,
        core_service,
        parse_key_question(key_question) if key_question is not None else None,
        report_link_id,
        closed,
        source,
    )
    kq = notice.key_question.value if notice.key_question else None
    natural = f"{notice.regulation.number}|{core_service or ''}|{kq or ''}"
    refuse_future(issued, what="the notice", field="issued")
    refuse_future(closed, what="the notice's closing", field="closed")
    require(actor, Permission.RECORD_ENFORCEMENT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        notice_id = upsert(
            conn,
            OVERSIGHT_ENFORCEMENT,
            {
                "provider_id": provider_id,
                "kind": notice.kind,
                "issued_date": issued,
                "natural_key": natural,
            },
            {
                "regulation": notice.regulation.number,
                "core_service": core_service,
                "key_question": kq,
                "report_link_id": report_link_id,
                "closed_date": closed,
                "source": source,
            },
        )
        audit.append(
            conn, actor, "oversight.requirement_notice", "enforcement", notice_id,
            {"regulation": notice.regulation.number, "issued": issued, "closed": closed},
        )  # fmt: skip
    log_event("oversight.requirement_notice", provider_id=provider_id)


def record_warning_notice(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    issued: dt.date,
    requirements: Sequence[WarningRequirement],
    summary: str = "",
    source: str = "",
) -> None:
    """Store a section 29A warning notice (one per provider per date) and its requirements;
    recording it again replaces the requirements with these."""
    notice = WarningNotice29A(issued, tuple(requirements), summary, source)
    refuse_future(issued, what="the notice", field="issued")
    for requirement in notice.requirements:
        refuse_future(requirement.decided, what="the requirement's outcome", field="decided")
    require(actor, Permission.RECORD_ENFORCEMENT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        notice_id = upsert(
            conn,
            OVERSIGHT_ENFORCEMENT,
            {
                "provider_id": provider_id,
                "kind": notice.kind,
                "issued_date": issued,
                "natural_key": "",
            },
            {"description": summary, "closed_date": notice.closed_on(), "source": source},
        )
        conn.execute(
            delete(OVERSIGHT_REQUIREMENTS).where(
                OVERSIGHT_REQUIREMENTS.c.enforcement_id == notice_id
            )
        )
        rows = [
            {
                "enforcement_id": notice_id,
                "position": position,
                "text": r.text,
                "deadline": r.deadline,
                "status": r.status.value,
                "decided_date": r.decided,
            }
            for position, r in enumerate(notice.requirements, start=1)
        ]
        for row in rows:
            check_fits(OVERSIGHT_REQUIREMENTS, row)
        conn.execute(insert(OVERSIGHT_REQUIREMENTS), rows)
        audit.append(
            conn, actor, "oversight.warning_notice", "enforcement", notice_id,
            {"issued": issued, "requirements": len(rows), "closed": notice.closed_on()},
        )  # fmt: skip
    log_event("oversight.warning_notice", provider_id=provider_id)


def record_other_enforcement(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    action: Condition | UrgentAction | FixedPenalty | Prosecution,
) -> None:
    """Store a condition of registration (its removal date closes it), an urgent action, a
    fixed penalty or a prosecution, keyed by provider, kind, date and description.

    A condition's variation dates are not stored.
    """
    description = action.text if isinstance(action, Condition) else action.description
    refuse_future(action.issued, what=f"the {action.kind.label.lower()}", field="issued")
    if isinstance(action, Condition):
        for day in (*action.varied, action.removed):
            refuse_future(day, what="the condition's variation or removal", field="varied")
    require(actor, Permission.RECORD_ENFORCEMENT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        enforcement_id = upsert(
            conn,
            OVERSIGHT_ENFORCEMENT,
            {
                "provider_id": provider_id,
                "kind": action.kind.value,
                "issued_date": action.issued,
                "natural_key": description[:400],
            },
            {
                "description": description,
                "closed_date": action.closed_on(),
                "source": action.source,
            },
        )
        audit.append(
            conn, actor, "oversight.enforcement", "enforcement", enforcement_id,
            {"kind": action.kind.value, "issued": action.issued, "closed": action.closed_on()},
        )  # fmt: skip
    log_event("oversight.enforcement", provider_id=provider_id)


def record_escalation(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    option: EscalationOption | str,
    proposed_by: str,
    date: dt.date,
    outcome: EscalationOutcome | str = EscalationOutcome.PENDING,
    positions: Sequence[StakeholderPosition] = (),
    detail: str = "",
    source: str = "",
) -> None:
    """Store an escalation option, keyed by provider, option, date and who proposed it;
    recording it again updates its outcome, positions, detail and source."""
    escalation = Escalation(
        EscalationOption.parse(option),
        proposed_by,
        date,
        EscalationOutcome.parse(outcome),
        tuple(positions),
        detail,
        source,
    )
    refuse_future(date, what="the escalation", field="date")
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        escalation_id = upsert(
            conn,
            OVERSIGHT_ESCALATIONS,
            {
                "provider_id": provider_id,
                "option": escalation.option.value,
                "proposed_date": date,
                "proposed_by": proposed_by,
            },
            {
                "outcome": escalation.outcome.value,
                "positions": [
                    {"who": p.who, "organisation": p.organisation, "position": p.position}
                    for p in escalation.positions
                ],
                "detail": detail,
                "source": source,
            },
        )
        audit.append(
            conn, actor, "oversight.escalation", "escalation", escalation_id,
            {"option": escalation.option.value, "date": date,
             "outcome": escalation.outcome.value},
        )  # fmt: skip
    log_event("oversight.escalation", provider_id=provider_id)
