"""Writers of the engagement around a trust's oversight: meetings with who was there,
public statements, and commitments with whether they were kept.

As the other oversight writers (`commands`): keyword-only, one transaction, idempotent on
natural keys through ``INSERT … ON CONFLICT``, one logged event with ids only. Each needs
`record_oversight` for the trust, checked before anything is written, and appends one audit
event in its own transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    Meeting,
    MeetingFormat,
    Participant,
    mark,
)
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import log_event, require_provider, upsert, write_transaction
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.oversight import (
    OVERSIGHT_COMMITMENTS,
    OVERSIGHT_MEETINGS,
    OVERSIGHT_PARTICIPANTS,
    OVERSIGHT_STATEMENTS,
)

__all__ = ["mark_commitment", "record_commitment", "record_meeting", "record_statement"]


def record_meeting(
    *,
    db: Database,
    actor: Actor,
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
    refuse_future(date, what="the meeting", field="date")
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        meeting_id = upsert(
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
        audit.append(
            conn, actor, "oversight.meeting", "meeting", meeting_id,
            {"date": date, "format": meeting.format.value,
             "present": len(meeting.participants), "absent": len(meeting.absent)},
        )  # fmt: skip
    log_event("oversight.meeting", provider_id=provider_id)


def record_statement(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    who: str,
    organisation: str,
    date: dt.date,
    text: str,
    source: str = "",
) -> None:
    """Store a public statement, keyed by provider, date, who and organisation."""
    refuse_future(date, what="the statement", field="date")
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        statement_id = upsert(
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
        audit.append(
            conn, actor, "oversight.statement", "statement", statement_id,
            {"date": date, "organisation": organisation},
        )  # fmt: skip
    log_event("oversight.statement", provider_id=provider_id)


def record_commitment(
    *,
    db: Database,
    actor: Actor,
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
    refuse_future(made_on, what="the commitment", field="made_on")
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
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
        commitment_id = upsert(
            conn,
            OVERSIGHT_COMMITMENTS,
            key,
            values,
            on_insert={"status": CommitmentStatus.OPEN.value},
        )
        audit.append(
            conn, actor, "oversight.commitment", "commitment", commitment_id,
            {"made_on": made_on, "due": due, "meeting": meeting_id},
        )  # fmt: skip
    log_event("oversight.commitment", provider_id=provider_id)


def mark_commitment(
    *,
    db: Database,
    actor: Actor,
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
    refuse_future(on, what="the commitment's outcome", field="on")
    c = OVERSIGHT_COMMITMENTS.c
    require(actor, Permission.RECORD_OVERSIGHT, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
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
        audit.append(
            conn, actor, "oversight.commitment_marked", "commitment", row.id,
            {"status": marked.status.value, "on": on},
        )  # fmt: skip
    log_event("oversight.commitment_marked", provider_id=provider_id)
