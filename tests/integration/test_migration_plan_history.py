"""Migration 0011 moves the verdicts evidence held into `plan_verdicts`, one row each, and
drops the old columns: a database holding a verdict at revision 0010 keeps it, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from carewatch.domain.access import Actor
from carewatch.services import plans
from carewatch.store.database import Database, connect
from carewatch.store.migrate import MIGRATIONS_DIR, head_revision
from tests.conftest import PostgresServer

PREVIOUS = "0010_evidence_supplier"
OPERATOR = Actor.operator("tests")


def _upgrade(db: Database, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        db = connect(f"sqlite:///{tmp_path / 'old.db'}")
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        db = server.connect(server.create("carewatch_history"))
    try:
        yield db
    finally:
        db.dispose()


def _seed(db: Database) -> None:
    """A trust with one action and three pieces of evidence: accepted, rejected, pending."""
    with db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO providers (provider_id, name) VALUES ('RXX', 'Example Trust')")
        )
        conn.execute(
            text(
                "INSERT INTO plan_findings (id, provider_id, reference, kind, regulation,"
                " core_services, report_words) VALUES"
                " (1, 'RXX', 'MD1', 'must_do', '12', '[]', 'The trust must ensure ...')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO plan_actions (id, finding_id, reference, title, owner_role,"
                " priority, opened_on, due_date) VALUES"
                " (1, 1, 'A1', 'Audit', 'Matron', 'high', '2025-01-06', '2025-03-31')"
            )
        )
        for eid, verdict, by, on, note in (
            (1, "accepted", "Chief nurse", "2025-02-10", "Shows the audit"),
            (2, "rejected", "Medical director", "2025-02-11", ""),
            (3, "pending", "", None, ""),
        ):
            conn.execute(
                text(
                    "INSERT INTO plan_evidence (id, action_id, kind, content_key, note,"
                    " supplied_by, uploaded_at, effective_from, effective_to, verdict,"
                    " verified_by, verified_on, verifier_note) VALUES (:id, 1, 'note', :key,"
                    " 'n', 'Matron', '2025-02-01 09:00:00+00:00', '2025-01-01', '2025-01-31',"
                    " :verdict, :by, :on, :note)"
                ),
                {"id": eid, "key": f"{eid:064d}", "verdict": verdict, "by": by, "on": on,
                 "note": note},
            )  # fmt: skip


def test_the_migration_moves_each_verdict_into_its_own_row(empty: Database) -> None:
    _upgrade(empty, PREVIOUS)
    _seed(empty)
    _upgrade(empty, "head")
    with empty.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
            head_revision()
        )
        rows = conn.execute(
            text(
                "SELECT evidence_id, verdict, verifier, verified_by, verified_on, note"
                " FROM plan_verdicts ORDER BY evidence_id"
            )
        ).all()
        columns = {c["name"] for c in inspect(conn).get_columns("plan_evidence")}
        evidence = conn.execute(text("SELECT count(*) FROM plan_evidence")).scalar()
    # SQLite hands a date back as text in a raw query, PostgreSQL as a date.
    assert [(*r[:4], str(r[4]), r[5]) for r in rows] == [
        (1, "accepted", None, "Chief nurse", "2025-02-10", "Shows the audit"),
        (2, "rejected", None, "Medical director", "2025-02-11", ""),
    ]
    assert evidence == 3
    assert not {"verdict", "verified_by", "verified_on", "verifier_note"} & columns


def test_the_services_read_the_moved_verdicts(empty: Database) -> None:
    _upgrade(empty, PREVIOUS)
    _seed(empty)
    _upgrade(empty, "head")
    detail = plans.action_detail(db=empty, action_id=1, as_of=dt.date(2025, 3, 1), actor=OPERATOR)
    assert [(e.id, e.verdict.value, e.verified_by, e.verified_on) for e in detail.evidence] == [
        (1, "accepted", "Chief nurse", dt.date(2025, 2, 10)),
        (2, "rejected", "Medical director", dt.date(2025, 2, 11)),
        (3, "pending", "", None),
    ]


def test_a_downgrade_puts_each_latest_verdict_back(empty: Database) -> None:
    _upgrade(empty, PREVIOUS)
    _seed(empty)
    _upgrade(empty, "head")
    plans.verify_evidence(
        db=empty, actor=OPERATOR, evidence_id=1, accepted=False, by="Medical director",
        on=dt.date(2025, 2, 20), note="Out of date",
    )  # fmt: skip
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with empty.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    with empty.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, verdict, verified_by, verified_on, verifier_note FROM plan_evidence"
                " ORDER BY id"
            )
        ).all()
        tables = set(inspect(conn).get_table_names())
    assert [(*r[:3], str(r[3]) if r[3] else None, r[4]) for r in rows] == [
        (1, "rejected", "Medical director", "2025-02-20", "Out of date"),
        (2, "rejected", "Medical director", "2025-02-11", ""),
        (3, "pending", "", None, ""),
    ]
    assert not {"plan_verdicts", "plan_changes"} & tables
