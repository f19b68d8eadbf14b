"""On SQLite one writer at a time holds the database: every other writer waits its turn at
BEGIN IMMEDIATE (30 seconds by default, enough for a national import) and then succeeds;
one that waits in vain stores nothing and says the database was busy (`Busy`), which the site
answers 503 with Retry-After, never a 500."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from carewatch.services import access
from carewatch.services.errors import Busy
from carewatch.store.database import SQLITE_BUSY_TIMEOUT_MS, WRITER, Database, connect
from carewatch.store.migrate import migrate
from carewatch.web.app import create_app
from tests.actors import OPERATOR
from tests.functional.web.conftest import TestClient


@pytest.fixture
def url(tmp_path: Path) -> str:
    address = f"sqlite:///{tmp_path / 'carewatch.db'}"
    db = connect(address)
    migrate(db)
    db.dispose()
    return address


class Holder:
    """Another writer holding SQLite's write lock in a thread until told to let go."""

    def __init__(self, url: str) -> None:
        self.db = connect(url)
        self.held, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        with self.db.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin() as transaction:  # BEGIN IMMEDIATE: the write lock
                self.held.set()
                self.release.wait(30)
                transaction.rollback()

    def __enter__(self) -> Holder:
        self.thread.start()
        assert self.held.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join()
        self.db.dispose()


def users(db: Database) -> list[str]:
    return [u.email for u in access.list_users(db, OPERATOR)]


def test_a_writer_waits_for_another_and_then_succeeds(url: str) -> None:
    assert SQLITE_BUSY_TIMEOUT_MS >= 30_000
    db = connect(url)
    with Holder(url) as holder:
        threading.Timer(1.0, holder.release.set).start()
        access.add_user(
            db, OPERATOR, email="amira@rmy.example", name="Amira", role="trust_viewer",
            organisation="RMY",
        )  # fmt: skip
    assert users(db) == ["amira@rmy.example"]
    db.dispose()


def test_a_writer_that_waits_in_vain_stores_nothing_and_says_so(url: str) -> None:
    db = connect(url, writer_wait_ms=200)
    with Holder(url), pytest.raises(Busy, match=r"busy with another writer for 0\.2 seconds"):
        access.add_user(
            db, OPERATOR, email="amira@rmy.example", name="Amira", role="trust_viewer",
            organisation="RMY",
        )  # fmt: skip
    assert users(db) == []
    db.dispose()


@pytest.fixture
def site(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("CAREWATCH_SQLITE_WRITER_WAIT_MS", "200")
    with TestClient(create_app(database_url=url), base_url="http://localhost") as client:
        yield client


def test_the_site_answers_a_busy_database_with_503_and_when_to_retry(
    site: TestClient, url: str
) -> None:
    form = site.get("/sign-in").text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    with Holder(url):
        answer = site.post(
            "/sign-in",
            data={"email": "x@rmy.example", "password": "wrong", "csrf_token": token, "next": "/"},
        )
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert "The database was busy with another writer" in answer.text


def test_a_wait_that_is_not_a_number_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREWATCH_SQLITE_WRITER_WAIT_MS", "soon")
    with pytest.raises(ValueError, match="CAREWATCH_SQLITE_WRITER_WAIT_MS must be a whole"):
        connect("sqlite://")
