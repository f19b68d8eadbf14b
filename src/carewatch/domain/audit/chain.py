"""The audit trail's hash chain: each event's hash covers its fields and the previous event's
hash, so altering, deleting or reordering any event breaks every hash after it.

An event's canonical form is its fields joined by newlines after a format tag; no field may
hold a newline, so the joining is unambiguous. The hash is SHA-256 of that text in UTF-8, in
lowercase hex. The first event's previous hash is `GENESIS`. This is the pattern of the
hash-chained audit tables cited in docs/audit.md; a privileged writer could still rewrite the
whole chain, which is why checkpoints (the head's sequence and hash) are exported and
compared later.

>>> first = Event(1, "2026-01-05T09:00:00.000000Z", "operator:deploy", "", "users.add",
...               "user", "1", "d" * 64)
>>> h1 = seal(GENESIS, first)
>>> second = Event(2, "2026-01-05T09:01:00.000000Z", "a@rmy.example", "RMY", "plans.move",
...                "action", "7", "e" * 64)
>>> h2 = seal(h1, second)
>>> check_chain([(first, GENESIS, h1), (second, h1, h2)])
ChainCheck(ok=True, events=2, first_bad=None)
>>> check_chain([(second, GENESIS, h2)]).first_bad
2
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "FORMAT",
    "GENESIS",
    "ChainCheck",
    "Event",
    "canonical",
    "check_chain",
    "check_rows",
    "seal",
    "timestamp",
]

FORMAT = "carewatch-audit-v1"
GENESIS = "0" * 64
_NEWLINES = 9  # ten fields joined


@dataclass(frozen=True)
class Event:
    """The fields of one audit event that its hash covers."""

    seq: int
    at: str  # UTC, ISO 8601 with microseconds and a Z (see `timestamp`)
    actor: str  # an email, `operator:<name>` or `public`
    organisation: str  # the actor's organisation code, or ""
    action: str  # e.g. "plans.move", "auth.sign_in_failed", "incidents.read"
    entity: str  # e.g. "action", "user", "evidence_file"
    entity_id: str
    digest: str  # SHA-256 of what changed (`carewatch.domain.audit.changes.digest_of`)


def canonical(prev_hash: str, event: Event) -> str:
    """The text an event's hash is taken over."""
    fields = (
        FORMAT,
        str(event.seq),
        event.at,
        event.actor,
        event.organisation,
        event.action,
        event.entity,
        event.entity_id,
        event.digest,
        prev_hash,
    )
    for field in fields:
        if "\n" in field:
            raise ValueError("an audit field cannot hold a newline")
    return "\n".join(fields)


def seal(prev_hash: str, event: Event) -> str:
    """The event's hash, chained to the one before it."""
    return hashlib.sha256(canonical(prev_hash, event).encode("utf-8")).hexdigest()


def timestamp(moment: dt.datetime) -> str:
    """The text form of an event's time: UTC with microseconds, e.g. 2026-01-05T09:00:00.000000Z.

    >>> timestamp(dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
    '2026-01-05T09:00:00.000000Z'
    """
    if moment.tzinfo is None:
        raise ValueError("an audit time must be timezone-aware")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class ChainCheck:
    """What walking the chain found: whether it is intact, how many events it read, and the
    sequence number of the first event whose place or hash is wrong."""

    ok: bool
    events: int
    first_bad: int | None


Row = Sequence[Any]
"""A stored event as a tuple: seq, at, actor, organisation, action, entity, entity_id, digest,
prev_hash, hash (the order of `audit_events`' columns)."""


def check_chain(
    rows: Iterable[tuple[Event, str, str]],
    *,
    start_seq: int = 1,
    start_hash: str = GENESIS,
) -> ChainCheck:
    """Walk `rows` (each an event with its stored previous hash and its stored hash) in
    sequence order. An event is bad when its sequence number is not the next, its stored
    previous hash is not the hash before it, or its stored hash is not its own."""
    return check_rows(
        (
            (e.seq, e.at, e.actor, e.organisation, e.action, e.entity, e.entity_id, e.digest,
             prev, stored)
            for e, prev, stored in rows
        ),
        start_seq=start_seq,
        start_hash=start_hash,
    )  # fmt: skip


def check_rows(rows: Iterable[Row], *, start_seq: int = 1, start_hash: str = GENESIS) -> ChainCheck:
    """`check_chain` over stored rows as tuples, without building an `Event` for each: the
    loop `carewatch audit verify` runs over millions of events. A field holding a newline is
    bad too (the canonical form would be ambiguous)."""
    sha256 = hashlib.sha256
    expected_seq = start_seq
    previous = start_hash
    count = 0
    for seq, at, actor, organisation, action, entity, entity_id, digest, prev, stored in rows:
        count += 1
        text = (
            f"{FORMAT}\n{seq}\n{at}\n{actor}\n{organisation}\n{action}\n{entity}\n"
            f"{entity_id}\n{digest}\n{previous}"
        )
        if (
            seq != expected_seq
            or prev != previous
            or sha256(text.encode("utf-8")).hexdigest() != stored
            or text.count("\n") != _NEWLINES
        ):
            return ChainCheck(False, count, seq)
        previous = stored
        expected_seq += 1
    return ChainCheck(True, count, None)
