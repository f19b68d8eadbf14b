"""Writers of an improvement plan's findings: the must-dos and should-dos of an inspection
report, each keyed by provider and reference and optionally linked to the enforcement action
(read through the oversight service) that followed it.

As the other plan writers (`commands`): keyword-only, one transaction, inserted through
``INSERT … ON CONFLICT DO NOTHING``, one logged event per finding with ids only. A finding
recorded again with other values is changed only with a reason, each changed field kept as
a change (`_changes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import (
    ChangedRecord,
    ChangeNeedsReason,
    Finding,
    FindingKind,
    InvalidAction,
    changed_fields,
)
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services import audit
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    insert_missing,
    lock_row,
    log_event,
    require_provider,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.oversight import linked_enforcement
from carewatch.services.plans._changes import record_changes
from carewatch.services.plans._load import utc
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong, check_fits
from carewatch.store.tables.plans import PLAN_FINDINGS

__all__ = ["record_finding", "record_findings", "requirement_deadline"]


def record_finding(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    reference: str,
    kind: FindingKind | str,
    report_words: str,
    public_summary: str = "",
    regulation: FundamentalStandard | str | None = None,
    core_services: Sequence[str] = (),
    key_question: KeyQuestion | str | None = None,
    report_date: dt.date | None = None,
    report_link_id: str | None = None,
    enforcement_id: int | None = None,
    requirement_position: int | None = None,
    illustrative: bool = False,
    source: str = "",
    reason: str = "",
    at: dt.datetime | None = None,
) -> int:
    """Store a must-do or should-do (keyed by provider and `reference`) and return its id.

    Recording it again with the same values changes nothing; with other values (a must-do
    become a should-do, new words, ...) it needs `reason`: each changed field is kept as a
    change (old and new value, who, when (`at`, default now), why) and the finding takes the
    new values; `ChangeNeedsReason` (nothing stored) without one.

    A must-do names its regulation (`InvalidFinding` otherwise). `enforcement_id` links it to
    a stored requirement notice or warning notice of the same provider, and
    `requirement_position` to one requirement of a warning notice (`NotFound` when either is
    not there).
    """
    finding = Finding(
        reference=reference,
        kind=FindingKind.parse(kind),
        report_words=report_words,
        public_summary=public_summary,
        regulation=FundamentalStandard.parse(regulation) if regulation is not None else None,
        core_services=tuple(core_services),
        key_question_given=parse_key_question(key_question) if key_question is not None else None,
        report_date=report_date,
        report_link_id=report_link_id,
        illustrative=illustrative,
        source=source,
    )
    require(actor, Permission.RECORD_FINDINGS, trust=provider_id)
    moment = utc(at or dt.datetime.now(dt.UTC))
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        finding_id = _store_finding(
            conn, actor, provider_id, finding, enforcement_id, requirement_position,
            reason=reason, at=moment,
        )  # fmt: skip
    log_event("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return finding_id


def record_findings(
    *,
    db: Database,
    actor: Actor,
    provider_id: str,
    findings: Sequence[Finding],
    reason: str = "",
    at: dt.datetime | None = None,
) -> list[int]:
    """Store several findings of one provider in one transaction, all or none (as
    `record_finding` stores one, without enforcement links: the same values again change
    nothing, other values need `reason`), and return their ids in order."""
    require(actor, Permission.RECORD_FINDINGS, trust=provider_id)
    moment = utc(at or dt.datetime.now(dt.UTC))
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        ids = [
            _store_finding(conn, actor, provider_id, f, None, None, reason=reason, at=moment)
            for f in findings
        ]
    for finding_id in ids:
        log_event("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return ids


def _store_finding(
    conn: Connection,
    actor: Actor,
    provider_id: str,
    finding: Finding,
    enforcement_id: int | None,
    requirement_position: int | None,
    *,
    reason: str,
    at: dt.datetime,
) -> int:
    """Insert the finding, or keep the changes of one stored already; one audit event when
    anything was stored, none when nothing changed."""
    refuse_future(finding.report_date, what="the finding's report", field="report_date")
    if enforcement_id is not None:
        _require_enforcement(conn, provider_id, enforcement_id, requirement_position)
    elif requirement_position is not None:
        raise InvalidAction("a requirement needs its enforcement action", "enforcement_id")
    for service in finding.core_services:
        if len(service) > 300:
            raise ValueTooLong("core_services", 300)
    kq = finding.key_question
    key = {"provider_id": provider_id, "reference": finding.reference}
    values = {
        "kind": finding.kind.value,
        "report_date": finding.report_date,
        "report_link_id": finding.report_link_id,
        "regulation": finding.regulation.value if finding.regulation else None,
        "core_services": list(finding.core_services),
        "key_question": kq.value if kq else None,
        "enforcement_id": enforcement_id,
        "requirement_position": requirement_position,
        "report_words": finding.report_words,
        "public_summary": finding.public_summary,
        "illustrative": finding.illustrative,
        "source": finding.source,
    }
    check_fits(PLAN_FINDINGS, {**key, **values})
    created = insert_missing(conn, PLAN_FINDINGS, [{**key, **values}], conflict=list(key))
    finding_id = int(
        conn.execute(
            select(PLAN_FINDINGS.c.id).where(
                PLAN_FINDINGS.c.provider_id == provider_id,
                PLAN_FINDINGS.c.reference == finding.reference,
            )
        ).scalar_one()
    )
    if created:
        audit.append(
            conn, actor, "plans.finding", "finding", finding_id,
            {"reference": finding.reference, "kind": finding.kind.value,
             "words": finding.report_words},
        )  # fmt: skip
        return finding_id
    # Hold the finding against another change being made meanwhile.
    lock_row(conn, PLAN_FINDINGS, {"id": finding_id})
    stored = conn.execute(select(PLAN_FINDINGS).where(PLAN_FINDINGS.c.id == finding_id)).one()
    changes = changed_fields(dict(stored._mapping), values)
    if not changes:
        return finding_id
    if not reason.strip():
        raise ChangeNeedsReason(f"finding {finding.reference}", [c.field for c in changes])
    conn.execute(update(PLAN_FINDINGS).where(PLAN_FINDINGS.c.id == finding_id).values(**values))
    record_changes(conn, actor, ChangedRecord.FINDING, finding_id, changes, reason=reason, at=at)
    return finding_id


def _require_enforcement(
    conn: Connection, provider_id: str, enforcement_id: int, position: int | None
) -> None:
    notice = linked_enforcement(conn, [enforcement_id]).get(enforcement_id)
    if notice is None or notice.provider_id != provider_id:
        raise NotFound("enforcement action", str(enforcement_id))
    if position is not None and notice.requirement(position) is None:
        raise NotFound("requirement", f"{enforcement_id}/{position}")


def requirement_deadline(conn: Connection, finding_id: int) -> dt.date | None:
    """The deadline of the warning notice requirement the finding is linked to, if any."""
    f = PLAN_FINDINGS.c
    row = conn.execute(
        select(f.enforcement_id, f.requirement_position).where(f.id == finding_id)
    ).first()
    if row is None or row.enforcement_id is None or row.requirement_position is None:
        return None
    notice = linked_enforcement(conn, [row.enforcement_id]).get(row.enforcement_id)
    requirement = notice.requirement(row.requirement_position) if notice else None
    return requirement.deadline if requirement else None
