"""`carewatch ratings reaggregate`: after the stored proposals go stale (as they would when a
release changes the rules), `ratings audit` misses a departure until the proposals are
recomputed; on SQLite and PostgreSQL.

The world is `two_departures` (test_ratings_audit_output.py): two hospitals whose five key
questions are Good with an overall published otherwise, so both overalls depart.
"""

from __future__ import annotations

import json

from sqlalchemy import update
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.store.database import Database
from carewatch.store.tables.audit import AUDIT_EVENTS
from carewatch.store.tables.ratings import RATINGS
from tests.functional.cli.test_ratings_audit_output import two_departures

runner = CliRunner()


def invoke(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def departures(db: Database) -> set[str]:
    code, out, _ = invoke(db, "ratings", "audit", "--json")
    assert code == 0
    return {f["subject_id"] for f in json.loads(out)["data"]}


def events(db: Database) -> int:
    with db.engine.connect() as conn:
        return len(conn.execute(AUDIT_EVENTS.select()).all())


def test_stale_proposals_hide_departures_until_recomputed(db: Database) -> None:
    two_departures(db)
    assert departures(db) == {"OUT1A", "OUT2A"}
    # What a change of the rules leaves behind: proposals computed by other rules.
    with db.engine.begin() as conn:
        conn.execute(update(RATINGS).values(proposed_rating=None, proposed_rule=None))
    assert departures(db) == set()
    before = events(db)
    code, out, _ = invoke(db, "ratings", "reaggregate", "OUT1")
    assert code == 0
    assert "of OUT1" in out
    assert departures(db) == {"OUT1A"}
    code, out, _ = invoke(db, "ratings", "reaggregate")
    assert code == 0
    assert departures(db) == {"OUT1A", "OUT2A"}
    assert events(db) == before + 2


def test_an_unknown_provider_exits_3_and_a_trust_editor_is_refused(db: Database) -> None:
    two_departures(db)
    before = events(db)
    code, _, err = invoke(db, "ratings", "reaggregate", "NOPE")
    assert code == 3
    assert "NOPE" in err
    invoke(db, "users", "add", "ed@example.org", "--name", "Ed", "--role", "trust_editor",
           "--org", "RMY")  # fmt: skip
    code, _, err = invoke(db, "--as", "ed@example.org", "ratings", "reaggregate", "OUT1")
    assert code == 2
    assert "not allowed" in err
    assert events(db) == before + 1  # the user added; nothing from the refusals
