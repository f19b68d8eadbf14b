"""The audit trail: every write appends one hash-chained event in its own transaction; readers
list, checkpoint and verify it."""

from carewatch.services.audit.commands import append, record_read
from carewatch.services.audit.models import AuditEntry, Checkpoint, Verification
from carewatch.services.audit.queries import audit_log, checkpoint, verify

__all__ = [
    "AuditEntry",
    "Checkpoint",
    "Verification",
    "append",
    "audit_log",
    "checkpoint",
    "record_read",
    "verify",
]
