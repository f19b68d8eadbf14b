"""Writers of an improvement plan's findings: the must-dos and should-dos of an inspection
report, each keyed by provider and reference and optionally linked to the enforcement action
(read through the oversight service) that followed it.

As the other plan writers (`commands`): keyword-only, one transaction, upserted through
``INSERT … ON CONFLICT``, one logged event per finding with ids only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.oversight import FundamentalStandard
from carewatch.domain.plans import Finding, FindingKind, InvalidAction
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services import audit
from carewatch.services._db import log_event, require_provider, upsert, write_transaction
from carewatch.services.errors import NotFound
from carewatch.services.oversight import linked_enforcement
from carewatch.store.database import Database
from carewatch.store.limits import ValueTooLong
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
) -> int:
    """Store a must-do or should-do (keyed by provider and `reference`; recording it again
    updates it) and return its id.

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
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        finding_id = _store_finding(
            conn, provider_id, finding, enforcement_id, requirement_position
        )
        audit.append(
            conn, actor, "plans.finding", "finding", finding_id,
            {"reference": reference, "kind": finding.kind.value, "words": report_words},
        )  # fmt: skip
    log_event("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return finding_id


def record_findings(
    *, db: Database, actor: Actor, provider_id: str, findings: Sequence[Finding]
) -> list[int]:
    """Store several findings of one provider in one transaction, all or none (as
    `record_finding` stores one, without enforcement links), and return their ids in order."""
    require(actor, Permission.RECORD_FINDINGS, trust=provider_id)
    with write_transaction(db) as conn:
        require_provider(conn, provider_id)
        ids = [_store_finding(conn, provider_id, f, None, None) for f in findings]
        for finding, finding_id in zip(findings, ids, strict=True):
            audit.append(
                conn, actor, "plans.finding", "finding", finding_id,
                {"reference": finding.reference, "kind": finding.kind.value},
            )  # fmt: skip
    for finding_id in ids:
        log_event("plans.finding", provider_id=provider_id, finding_id=finding_id)
    return ids


def _store_finding(
    conn: Connection,
    provider_id: str,
    finding: Finding,
    enforcement_id: int | None,
    requirement_position: int | None,
) -> int:
    if enforcement_id is not None:
        _require_enforcement(conn, provider_id, enforcement_id, requirement_position)
    elif requirement_position is not None:
        raise InvalidAction("a requirement needs its enforcement action", "enforcement_id")
    for service in finding.core_services:
        if len(service) > 300:
            raise ValueTooLong("core_services", 300)
    kq = finding.key_question
    return upsert(
        conn,
        PLAN_FINDINGS,
        {"provider_id": provider_id, "reference": finding.reference},
        {
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
        },
    )


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
