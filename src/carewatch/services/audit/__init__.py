"""The audit trail: every write appends one hash-chained event in its own transaction; readers
list, checkpoint and verify it."""

from carewatch.services.audit.commands import append, record_read
from carewatch.services.audit.models import AuditEntry, AuditPage, Checkpoint, Verification
from carewatch.services.audit.queries import audit_log, audit_page, checkpoint, verify

__all__ = [
    "AuditEntry",
    "AuditPage",
    "Checkpoint",
    "Verification",
    "append",
    "audit_log",
    "audit_page",
    "checkpoint",
    "record_read",
    "verify",
]
