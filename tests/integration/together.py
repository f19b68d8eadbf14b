"""Run writers at the same moment, each on its own engine for the same database, as two
requests of the web application or two CLI runs would: the concurrency tests' one helper."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from carewatch.store.database import Database, connect

Writer = Callable[[Database], Any]


def together(db: Database, *writers: Writer) -> list[Any]:
    """Each writer's result (or the exception it raised), in order, after all of them were
    released by one barrier. Each thread opens its connection before the barrier, so none
    is held back by connecting while the others write."""
    url = db.engine.url.render_as_string(hide_password=False)
    barrier = threading.Barrier(len(writers))
    outcomes: list[Any] = [None] * len(writers)

    def run(index: int, writer: Writer) -> None:
        own = connect(url)
        try:
            with own.engine.connect():
                pass
            barrier.wait(timeout=30)
            outcomes[index] = writer(own)
        except Exception as exc:  # reported to the test, which says what it expects
            outcomes[index] = exc
        finally:
            own.dispose()

    threads = [
        threading.Thread(target=run, args=(i, w), daemon=True) for i, w in enumerate(writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a writer did not finish within a minute"
    return outcomes


def succeeded(outcomes: list[Any]) -> list[Any]:
    """The outcomes, failing the test with the first exception any writer raised."""
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise AssertionError(f"a concurrent writer failed: {outcome!r}") from outcome
    return outcomes
