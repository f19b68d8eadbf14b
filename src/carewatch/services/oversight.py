"""The oversight service: the only code that writes a trust's oversight record, and the
readers that derive its status and timeline.

Writers take keyword-only arguments, validate through `carewatch.domain.oversight`, run in one
transaction through `write_transaction` (nothing is stored when anything is refused) and are
idempotent on natural keys: recording the same thing again updates it in place. They raise
`read_models.NotFound` for an unknown provider (or meeting, or commitment), the domain's named
errors for what cannot be true (`IllegalTransition`, `InvalidEnforcement`, `InvalidCommitment`,
`UnknownRegime`, ...), and never log free text.

Example::

    record_regime_decision(db=db, provider_id="RMY", kind="entered", regime_from="none",
                           regime_to="quality_special_measures", date=dt.date(2015, 2, 12))
    oversight_status(db=db, provider_id="RMY", as_of=dt.date(2016, 1, 1)).regime
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, update

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    Condition,
    Decision,
    DecisionKind,
    Escalation,
    EscalationOption,
    EscalationOutcome,
    FixedPenalty,
    FundamentalStandard,
    Meeting,
    MeetingFormat,
    OversightStatus,
    Participant,
    Prosecution,
    Regime,
    RequirementNotice,
    StakeholderPosition,
    TimelineEvent,
    UrgentAction,
    WarningNotice29A,
    WarningRequirement,
    derive_status,
    mark,
    timeline,
)
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services._oversight_read import (
    OversightRecord,
    decisions,
    history_from,
    load_record,
    provider_exists,
)
from carewatch.services._transaction import write_transaction
from carewatch.services.read_models import NotFound
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong, check_fits
from carewatch.store.tables import (
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
    "OversightRecord",
    "ValueTooLong",
    "mark_commitment",
    "oversight_record",
    "oversight_status",
    "oversight_timeline",
    "record_commitment",
    "record_escalation",
    "record_meeting",
    "record_other_enforcement",
    "record_regime_decision",
    "record_requirement_notice",
    "record_statement",
    "record_warning_notice",
]

log = logging.getLogger(__name__)


def _require_provider(conn: Connection, provider_id: str) -> None:
    if not provider_exists(conn, provider_id):
        raise NotFound("provider", provider_id)


def _upsert(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any]) -> int:
    """Update the row with this natural key, or insert it; its id either way."""
    check_fits(table, {**key, **values})
    where = [table.c[name] == value for name, value in key.items()]
    found = conn.execute(select(table.c.id).where(*where)).scalar()
    if found is not None:
        conn.execute(update(table).where(table.c.id == found).values(**values))
        return int(found)
    inserted = conn.execute(insert(table).values(**key, **values).returning(table.c.id))
    return int(inserted.scalar_one())


def _logged(event: str, provider_id: str) -> None:
    log.info(event, extra={"provider_id": provider_id})


def record_regime_decision(
    *,
    db: Database,
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
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        others = [d for d in decisions(conn, provider_id) if d.date != date]
        history_from([*others, decision])
        _upsert(
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
    _logged("oversight.regime_decision", provider_id)


def record_requirement_notice(
    *,
    db: Database,
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
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        _upsert(
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
    _logged("oversight.requirement_notice", provider_id)


def record_warning_notice(
    *,
    db: Database,
    provider_id: str,
    issued: dt.date,
    requirements: Sequence[WarningRequirement],
    summary: str = "",
    source: str = "",
) -> None:
    """Store a section 29A warning notice (one per provider per date) and its requirements;
    recording it again replaces the requirements with these."""
    notice = WarningNotice29A(issued, tuple(requirements), summary, source)
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        notice_id = _upsert(
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
    _logged("oversight.warning_notice", provider_id)


def record_other_enforcement(
    *,
    db: Database,
    provider_id: str,
    action: Condition | UrgentAction | FixedPenalty | Prosecution,
) -> None:
    """Store a condition of registration (its removal date closes it), an urgent action, a
    fixed penalty or a prosecution, keyed by provider, kind, date and description.

    A condition's variation dates are not stored.
    """
    description = action.text if isinstance(action, Condition) else action.description
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        _upsert(
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
    _logged("oversight.enforcement", provider_id)


def record_escalation(
    *,
    db: Database,
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
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        _upsert(
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
    _logged("oversight.escalation", provider_id)


def record_meeting(
    *,
    db: Database,
    provider_id: str,
    date: dt.date,
    format: MeetingFormat | str,
    title: str,
    participants: Sequence[Participant] = (),
    absent: Sequence[Participant] = (),
    source: str = "",
) -> None:
    """Store a meeting, keyed by provider, date and title, with who was present and absent
    (recording it again replaces them)."""
    meeting = Meeting(date, MeetingFormat.parse(format), title, tuple(participants), tuple(absent))
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        meeting_id = _upsert(
            conn,
            OVERSIGHT_MEETINGS,
            {"provider_id": provider_id, "meeting_date": date, "title": title},
            {"format": meeting.format.value, "source": source},
        )
        p = OVERSIGHT_PARTICIPANTS
        conn.execute(delete(p).where(p.c.meeting_id == meeting_id))
        people = [(x, True) for x in meeting.participants] + [(x, False) for x in meeting.absent]
        for x, _ in people:
            check_fits(p, {"role": x.role, "organisation": x.organisation})
        if people:
            conn.execute(
                insert(p),
                [
                    {
                        "meeting_id": meeting_id,
                        "role": x.role,
                        "organisation": x.organisation,
                        "present": present,
                    }
                    for x, present in people
                ],
            )
    _logged("oversight.meeting", provider_id)


def record_statement(
    *,
    db: Database,
    provider_id: str,
    who: str,
    organisation: str,
    date: dt.date,
    text: str,
    source: str = "",
) -> None:
    """Store a public statement, keyed by provider, date, who and organisation."""
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        _upsert(
            conn,
            OVERSIGHT_STATEMENTS,
            {
                "provider_id": provider_id,
                "statement_date": date,
                "who": who,
                "organisation": organisation,
            },
            {"text": text, "source": source},
        )
    _logged("oversight.statement", provider_id)


def record_commitment(
    *,
    db: Database,
    provider_id: str,
    what: str,
    by: str,
    made_on: dt.date,
    due: dt.date | None = None,
    meeting_title: str | None = None,
    source: str = "",
) -> None:
    """Store an open commitment, keyed by provider, date made and what was promised; with
    `meeting_title` it is linked to the meeting of that title held on `made_on`.

    Recording it again updates who, when due, the meeting and the source, and keeps any mark.
    """
    Commitment(what, by, made_on, due, source=source)
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        meeting_id = None
        if meeting_title is not None:
            m = OVERSIGHT_MEETINGS.c
            meeting_id = conn.execute(
                select(m.id).where(
                    m.provider_id == provider_id,
                    m.meeting_date == made_on,
                    m.title == meeting_title,
                )
            ).scalar()
            if meeting_id is None:
                raise NotFound("meeting on that date", meeting_title)
        key = {"provider_id": provider_id, "made_on": made_on, "what": what}
        values: dict[str, Any] = {
            "by_whom": by,
            "due_date": due,
            "meeting_id": meeting_id,
            "source": source,
        }
        c = OVERSIGHT_COMMITMENTS.c
        stored = conn.execute(select(c.id).where(*[c[k] == v for k, v in key.items()])).scalar()
        if stored is None:
            values["status"] = CommitmentStatus.OPEN.value
        _upsert(conn, OVERSIGHT_COMMITMENTS, key, values)
    _logged("oversight.commitment", provider_id)


def mark_commitment(
    *,
    db: Database,
    provider_id: str,
    what: str,
    made_on: dt.date,
    status: CommitmentStatus | str,
    on: dt.date,
    evidence: str,
) -> None:
    """Mark a stored commitment kept, kept late or broken on `on`, with the evidence.

    `InvalidCommitment` when the status does not fit the dates (kept after the due date must
    be kept_late); `NotFound` when there is no such commitment.
    """
    c = OVERSIGHT_COMMITMENTS.c
    with write_transaction(db) as conn:
        _require_provider(conn, provider_id)
        row = conn.execute(
            select(c.id, c.by_whom, c.due_date).where(
                c.provider_id == provider_id, c.made_on == made_on, c.what == what
            )
        ).first()
        if row is None:
            raise NotFound("commitment made on that date", what)
        marked = mark(
            Commitment(what, row.by_whom, made_on, row.due_date),
            CommitmentStatus.parse(status),
            on,
            evidence,
        )
        check_fits(OVERSIGHT_COMMITMENTS, {"evidence": evidence})
        conn.execute(
            update(OVERSIGHT_COMMITMENTS)
            .where(c.id == row.id)
            .values(status=marked.status.value, marked_on=on, evidence=evidence)
        )
    _logged("oversight.commitment_marked", provider_id)


def oversight_record(*, db: Database, provider_id: str) -> OversightRecord:
    """Everything stored about a provider's oversight, as domain values; `NotFound` if unknown."""
    with db.engine.connect() as conn:
        _require_provider(conn, provider_id)
        return load_record(conn, provider_id)


def oversight_status(
    *, db: Database, provider_id: str, as_of: dt.date | None = None
) -> OversightStatus:
    """The provider's derived oversight facts as of a date (default: today)."""
    record = oversight_record(db=db, provider_id=provider_id)
    return derive_status(
        history=record.history,
        ratings=record.ratings,
        enforcement=record.enforcement,
        commitments=record.commitments,
        as_of=as_of or dt.date.today(),
    )


def oversight_timeline(
    *,
    db: Database,
    provider_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[TimelineEvent]:
    """The provider's oversight timeline between two dates (inclusive; None: unbounded)."""
    record = oversight_record(db=db, provider_id=provider_id)
    return timeline(
        history=record.history,
        ratings=record.ratings,
        enforcement=record.enforcement,
        escalations=record.escalations,
        meetings=record.meetings,
        commitments=record.commitments,
        start=start,
        end=end,
    )
