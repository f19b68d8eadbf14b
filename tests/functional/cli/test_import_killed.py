"""`carewatch import cqc-ratings` killed with SIGKILL in the middle of storing a file leaves
the database exactly as it was before, on SQLite and PostgreSQL: the import is one
transaction, and a transaction that never committed is no part of the database.

The test imports a small file first (the state to keep), then starts the import of a file of
30,000 rating rows in a process of its own, waits until that process holds the write lock
(SQLite: another writer cannot begin; PostgreSQL: it holds the imports' advisory lock), lets
it write for a moment, kills it, and compares every row with the rows before.
"""

from __future__ import annotations

import datetime as dt
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.services.ratings import import_batch
from carewatch.store.database import Database
from carewatch.store.tables import Base
from tests.actors import OPERATOR
from tests.ingest_files import location_row, locations_sheet, write_file

PROVIDERS, LOCATIONS = 1_000, 5
DOMAINS = ("Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led")
ROWS = PROVIDERS * LOCATIONS * len(DOMAINS)  # 30,000: seconds of writing, enough to be killed


def ratings_file(path: Path, providers: int) -> Path:
    def rows() -> Any:
        for p in range(providers):
            for loc in range(LOCATIONS):
                for d, domain in enumerate(DOMAINS):
                    yield location_row(**{
                        "Location ID": f"1-{p:05d}{loc}",
                        "Location Name": f"Site {loc}",
                        "Provider ID": f"R{p:05d}",
                        "Provider Name": f"Trust {p}",
                        "Domain": domain,
                        "Latest Rating": ("Good", "Requires improvement")[(p + d) % 2],
                        "Publication Date": dt.date(2024, 1, 1) + dt.timedelta(days=loc),
                    })  # fmt: skip

    return write_file(path, [locations_sheet(rows())])


def every_row(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in Base.metadata.sorted_tables
        }


def import_holds_the_lock(db: Database) -> bool:
    """Whether an import's transaction is open: only an import holds the imports' advisory
    lock (PostgreSQL) or keeps another writer from beginning (SQLite)."""
    if db.dialect == "postgresql":
        with db.engine.connect() as conn:
            held = conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND database = (SELECT oid FROM pg_database"
                    " WHERE datname = current_database())"
                )
            ).scalar_one()
        return bool(held)
    probe = sqlite3.connect(str(db.engine.url.database), timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc)
    finally:
        probe.close()


def run_import(db: Database, path: Path) -> subprocess.Popen[bytes]:
    """`carewatch import cqc-ratings path` in a process of its own; its standard error goes
    to `path` with ".err" added."""
    url = db.engine.url.render_as_string(hide_password=False)
    with path.with_suffix(".err").open("wb") as errors:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "carewatch",
                "import",
                "cqc-ratings",
                str(path),
                "-q",
                *("--db", url),
            ],
            stdout=subprocess.DEVNULL,
            stderr=errors,
            stdin=subprocess.DEVNULL,
        )


def test_an_import_killed_mid_way_leaves_the_database_as_it_was(
    db: Database, tmp_path: Path
) -> None:
    import_batch(db=db, batch=read_cqc_ratings(ratings_file(tmp_path / "small.csv", 3))[0],
                 actor=OPERATOR)  # fmt: skip
    before = every_row(db)
    assert len(before["ratings"]) == 3 * LOCATIONS * len(DOMAINS)

    process = run_import(db, ratings_file(tmp_path / "national.csv", PROVIDERS))
    try:
        deadline = time.monotonic() + 120
        while not import_holds_the_lock(db):
            assert process.poll() is None, "the import ended before it was seen storing"
            assert time.monotonic() < deadline, "the import never began storing"
            time.sleep(0.05)
        time.sleep(0.3)  # let it write some of its ratings
        assert process.poll() is None, "the import finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        assert process.wait(30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(30)

    if db.dialect == "postgresql":
        # The server ends the killed client's transaction when it sees the connection gone.
        deadline = time.monotonic() + 30
        while import_holds_the_lock(db):
            assert time.monotonic() < deadline, "the killed import's transaction never ended"
            time.sleep(0.05)
    else:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    assert every_row(db) == before
