"""Two writers meeting on the same natural key at the same moment, each through its own engine.

`race(db, write)` opens one engine per writer on the same database URL, holds both at a
barrier and lets them call `write(db=their_engine)` together; it returns the exceptions they
raised (none, when the writer cannot race).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from carewatch.store.database import Database, connect

__all__ = ["race"]

WRITERS = 2


def race(db: Database, write: Callable[[Database], object]) -> list[BaseException]:
    """Run `write` in two threads at once, each with its own engine; the errors they raised."""
    url = db.engine.url.render_as_string(hide_password=False)
    engines = [connect(url) for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS, timeout=30)
    errors: list[BaseException] = []

    def run(own: Database) -> None:
        # Connect before the barrier, so both writers start their transaction together.
        with own.engine.connect():
            pass
        barrier.wait()
        try:
            write(own)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        for engine in engines:
            engine.dispose()
    return errors
