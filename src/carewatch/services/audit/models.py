"""What the audit trail's readers return."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AuditEntry", "AuditPage", "Checkpoint", "Verification"]


@dataclass(frozen=True)
class AuditEntry:
    """One event as the audit log shows it."""

    seq: int
    at: str
    actor: str
    organisation: str
    action: str
    entity: str
    entity_id: str
    digest: str
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head: export it, keep it elsewhere, and compare it later (`verify`)."""

    seq: int
    hash: str


@dataclass(frozen=True)
class Verification:
    """What walking the chain found (`carewatch audit verify --json` prints these fields)."""

    ok: bool
    events: int
    first_bad: int | None
    reason: str | None = None


@dataclass(frozen=True)
class AuditPage:
    """One page of the audit log, newest first, with the chain's head.

    `newer` and `older` are the sequence numbers to page from (`after=newer`,
    `before=older`), None when there is nothing further that way under the same filters.
    """

    entries: tuple[AuditEntry, ...]
    head: Checkpoint
    newer: int | None
    older: int | None
