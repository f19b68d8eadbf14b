"""The shared database fixtures keep their promise: nothing one test writes reaches another.

On PostgreSQL `demo_db` hands a copy of the worked example on to the next test only while
no test has changed it; these tests write to a copy in the ways a test can (a row through
SQL, a sequence drawn from and rolled back) and check that the next copy is a new one that
holds none of it. `db` is emptied back to what the migrations leave.
"""

from __future__ import annotations

from sqlalchemy import text

from carewatch.store.database import Database
from tests.conftest import PostgresDemoCopies, empty_all_tables

RMY_NAME = "SELECT name FROM providers WHERE provider_id = 'RMY'"


def _name_of_rmy(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text(RMY_NAME)).scalar_one())


def test_a_copy_only_read_is_handed_on(postgres_demo_copies: PostgresDemoCopies) -> None:
    first = postgres_demo_copies.take()
    db = postgres_demo_copies.server.connect(first)
    assert _name_of_rmy(db) == "Norfolk and Suffolk NHS Foundation Trust"
    postgres_demo_copies.give_back(db)
    assert postgres_demo_copies.take() == first


def test_a_copy_with_a_row_changed_is_replaced(postgres_demo_copies: PostgresDemoCopies) -> None:
    first = postgres_demo_copies.take()
    db = postgres_demo_copies.server.connect(first)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE providers SET name = 'Changed' WHERE provider_id = 'RMY'"))
    postgres_demo_copies.give_back(db)
    second = postgres_demo_copies.take()
    assert second != first
    db = postgres_demo_copies.server.connect(second)
    assert _name_of_rmy(db) == "Norfolk and Suffolk NHS Foundation Trust"
    postgres_demo_copies.give_back(db)


def test_a_copy_whose_sequence_moved_is_replaced(postgres_demo_copies: PostgresDemoCopies) -> None:
    # A refused insert leaves no row but has drawn an id: the next test's ids would differ.
    first = postgres_demo_copies.take()
    db = postgres_demo_copies.server.connect(first)
    with db.engine.connect() as conn:
        conn.execute(text("SELECT nextval('ratings_id_seq')"))
        conn.rollback()
    postgres_demo_copies.give_back(db)
    assert postgres_demo_copies.take() != first


def test_db_is_emptied_to_what_the_migrations_leave(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO providers (provider_id, name) VALUES ('RXX', 'A trust')"))
        conn.execute(text("UPDATE data_version SET version = 7"))
    empty_all_tables(db)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM providers")).scalar_one() == 0
        assert conn.execute(text("SELECT id, version FROM data_version")).all() == [(1, 1)]
