"""Walking a long chain on every core: the chain is cut into contiguous runs of sequence
numbers and each run is checked in a process of its own, from the stored hash of the event
before it.

This finds exactly what one walk from the start finds. Each event is checked against its own
stored hash and the stored hash of the event before it, and nothing else; a run's first event
is checked against the last stored event before the run, which the run before it checks in
turn. The first bad event overall is the first bad event of the earliest run that has one,
and the count is every event of the runs before it plus those its own run read.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Generator, Sequence
from concurrent.futures import ProcessPoolExecutor

from sqlalchemy import Connection, text

from carewatch.domain.audit import GENESIS, ChainCheck, check_rows
from carewatch.domain.audit.chain import Row
from carewatch.store.database import connect

__all__ = ["PARALLEL_FROM", "boundaries", "combine", "rows", "walk", "walk_in_parallel"]

PARALLEL_FROM = 1_000_000
"""Chains shorter than this are walked in one process: starting the others costs more."""

_BATCH = 50_000
_COLUMNS = "seq, at, actor, organisation, action, entity, entity_id, digest, prev_hash, hash"


def rows(conn: Connection, low: int | None = None, high: int | None = None) -> Generator[Row]:
    """The events with `low` < seq <= `high` (either end open when None) as plain tuples in
    sequence order, streamed (a server-side cursor on PostgreSQL), in the column order
    `check_rows` reads."""
    where = []
    parameters: dict[str, int] = {}
    if low is not None:
        where.append("seq > :low")
        parameters["low"] = low
    if high is not None:
        where.append("seq <= :high")
        parameters["high"] = high
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    result = conn.execution_options(stream_results=True, yield_per=_BATCH).execute(
        text(f"SELECT {_COLUMNS} FROM audit_events{clause} ORDER BY seq"), parameters
    )
    try:
        yield from result
    finally:
        result.close()


def walk(conn: Connection) -> ChainCheck:
    """The whole chain walked in this process, on `conn` (and so inside its transaction)."""
    generator = rows(conn)
    try:
        return check_rows(generator)
    finally:
        generator.close()


def boundaries(first: int, last: int, parts: int) -> list[tuple[int | None, int | None]]:
    """`parts` runs (low, high] covering every sequence number; the first open below, so an
    event numbered below `first` is still read, and the last open above.

    >>> boundaries(1, 10, 3)
    [(None, 4), (4, 8), (8, None)]
    >>> boundaries(1, 2, 4)
    [(None, None)]
    """
    span = last - first + 1
    parts = max(1, min(parts, span // 2))
    if parts == 1:
        return [(None, None)]
    size = span // parts + (1 if span % parts else 0)
    cuts = [first - 1 + size * i for i in range(1, parts)]
    lows: list[int | None] = [None, *cuts]
    highs: list[int | None] = [*cuts, None]
    return list(zip(lows, highs, strict=True))


def _check_run(url: str, low: int | None, high: int | None) -> ChainCheck:
    """Check the run (low, high] of the chain at `url`, starting from the stored event before
    it (the start of the chain when there is none)."""
    db = connect(url)
    try:
        with db.engine.connect() as conn:
            start_seq, start_hash = 1, GENESIS
            if low is not None:
                before = conn.execute(
                    text("SELECT seq, hash FROM audit_events WHERE seq <= :low ORDER BY seq DESC"),
                    {"low": low},
                ).first()
                if before is not None:
                    start_seq, start_hash = int(before.seq) + 1, str(before.hash)
            generator = rows(conn, low, high)
            try:
                return check_rows(generator, start_seq=start_seq, start_hash=start_hash)
            finally:
                generator.close()
    finally:
        db.dispose()


def combine(checks: Sequence[ChainCheck]) -> ChainCheck:
    """The runs' checks, in order, read as one walk's."""
    events = 0
    for check in checks:
        events += check.events
        if not check.ok:
            return ChainCheck(False, events, check.first_bad)
    return ChainCheck(True, events, None)


def walk_in_parallel(url: str, first: int, last: int, *, workers: int | None = None) -> ChainCheck:
    """The chain at `url`, numbered `first` to `last`, walked in `workers` processes (the
    machine's cores by default). Each process opens its own connection."""
    count = workers or os.cpu_count() or 1
    runs = boundaries(first, last, count)
    if len(runs) == 1:
        return _check_run(url, None, None)
    # spawn: a fresh interpreter, sharing no connection or lock with this process.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(runs), mp_context=context) as pool:
        futures = [pool.submit(_check_run, url, low, high) for low, high in runs]
        return combine([future.result() for future in futures])
