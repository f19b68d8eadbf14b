"""`carewatch audit verify` over ten million events (the issue's target: well under a minute).

The events are generated with their real chain (actors, actions and digests varied, sealed one
after another as `append` would) and bulk-inserted into a fresh SQLite file, and into
PostgreSQL when CAREWATCH_BENCH_POSTGRES_URL names a server; then `verify` walks them all,
streaming. CAREWATCH_BENCH_AUDIT_EVENTS sets how many (default 10,000,000).
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import insert, text, update

from carewatch.domain.audit import GENESIS, Event, digest_of, seal
from carewatch.services.audit import verify
from carewatch.store.database import Database, connect
from carewatch.store.migrate import migrate
from carewatch.store.tables.audit import AUDIT_EVENTS, AUDIT_HEAD

EVENTS = int(os.environ.get("CAREWATCH_BENCH_AUDIT_EVENTS", "10000000"))
TARGET_SECONDS = 60.0
BATCH = 20_000
ACTIONS = ("plans.move", "plans.evidence", "users.add", "auth.sign_in", "incidents.read")


def events(n: int) -> Iterator[dict[str, object]]:
    previous = GENESIS
    digests = [digest_of({"change": i}) for i in range(97)]
    for seq in range(1, n + 1):
        event = Event(
            seq,
            f"2026-{1 + seq % 12:02d}-{1 + seq % 28:02d}T09:00:{seq % 60:02d}.000000Z",
            f"user{seq % 500}@trust{seq % 230}.example",
            f"R{seq % 230:03d}",
            ACTIONS[seq % len(ACTIONS)],
            "action",
            str(seq % 100_000),
            digests[seq % 97],
        )
        sealed = seal(previous, event)
        yield {
            "seq": seq, "at": event.at, "actor": event.actor,
            "organisation": event.organisation, "action": event.action,
            "entity": event.entity, "entity_id": event.entity_id, "digest": event.digest,
            "prev_hash": previous, "hash": sealed,
        }  # fmt: skip
        previous = sealed


def fill(db: Database, n: int) -> float:
    start = time.perf_counter()
    batch: list[dict[str, object]] = []
    last: dict[str, object] = {"seq": 0, "hash": GENESIS}
    with db.engine.begin() as conn:
        for row in events(n):
            batch.append(row)
            if len(batch) == BATCH:
                conn.execute(insert(AUDIT_EVENTS), batch)
                last, batch = batch[-1], []
        if batch:
            conn.execute(insert(AUDIT_EVENTS), batch)
            last = batch[-1]
        conn.execute(update(AUDIT_HEAD).values(seq=last["seq"], hash=last["hash"]))
    return time.perf_counter() - start


def measure(db: Database, n: int) -> dict[str, object]:
    migrate(db)
    filled = fill(db, n)
    start = time.perf_counter()
    result = verify(db)
    seconds = time.perf_counter() - start
    assert result.ok, result
    assert result.events == n, result
    return {
        "events": n,
        "fill_seconds": round(filled, 1),
        "verify_seconds": round(seconds, 1),
        "events_per_second": round(n / seconds),
        "target_seconds": TARGET_SECONDS,
        "met": seconds < TARGET_SECONDS,
    }


def run() -> dict[str, object]:
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = connect(f"sqlite:///{Path(folder) / 'audit.db'}")
        try:
            figures["sqlite"] = measure(db, EVENTS)
        finally:
            db.dispose()
    server = os.environ.get("CAREWATCH_BENCH_POSTGRES_URL")
    if server:
        name = f"carewatch_bench_audit_{uuid.uuid4().hex[:8]}"
        admin = connect(server)
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        db = connect(admin.engine.url.set(database=name).render_as_string(hide_password=False))
        try:
            figures["postgresql"] = measure(db, EVENTS)
        finally:
            db.dispose()
            with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE "{name}"'))
            admin.dispose()
    else:
        figures["postgresql"] = "not measured: set CAREWATCH_BENCH_POSTGRES_URL"
    return figures
