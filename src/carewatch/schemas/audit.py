"""The audit trail's events, as `GET /api/v1/audit` returns them and `carewatch audit log
--json` prints them."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from carewatch.services.audit import AuditEntry

__all__ = ["AuditEventPublic", "AuditLogPublic"]


class AuditEventPublic(BaseModel):
    """One event: who did what to which record, and when; the digest of the change, never
    the change itself."""

    seq: int = Field(description="Its place in the chain, from 1")
    at: str = Field(description="When, UTC, ISO 8601 to the microsecond")
    actor: str = Field(description="Who: a user's email, or the operator's name")
    organisation: str = Field(description="The actor's organisation's code (empty for none)")
    action: str = Field(description="What was done, e.g. plans.move_action")
    entity: str = Field(description="The kind of record, e.g. action")
    entity_id: str = Field(description="The record's id")
    digest: str = Field(description="SHA-256 of the change's canonical JSON")

    @classmethod
    def from_entry(cls, entry: AuditEntry) -> AuditEventPublic:
        return cls(
            seq=entry.seq,
            at=entry.at,
            actor=entry.actor,
            organisation=entry.organisation,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            digest=entry.digest,
        )


class AuditLogPublic(BaseModel):
    """Events newest first, as the filters and the reader's role allow."""

    data: list[AuditEventPublic]
    count: int

    @classmethod
    def from_entries(cls, entries: Iterable[AuditEntry]) -> AuditLogPublic:
        data = [AuditEventPublic.from_entry(e) for e in entries]
        return cls(data=data, count=len(data))
