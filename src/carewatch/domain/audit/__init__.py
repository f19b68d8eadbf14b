"""The audit trail's pure parts: the hash chain and the digest of a change."""

from carewatch.domain.audit.chain import (
    FORMAT,
    GENESIS,
    ChainCheck,
    Event,
    canonical,
    check_chain,
    check_rows,
    seal,
    timestamp,
)
from carewatch.domain.audit.changes import digest_of

__all__ = [
    "FORMAT",
    "GENESIS",
    "ChainCheck",
    "Event",
    "canonical",
    "check_chain",
    "check_rows",
    "digest_of",
    "seal",
    "timestamp",
]
