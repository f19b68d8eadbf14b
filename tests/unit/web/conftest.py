"""Fixtures for the web unit tests: the app on an empty SQLite database, and its test client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():
    # Starlette asks for its httpx fork, httpx2, which is not locked; plain httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.web.app import create_app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(database_url=f"sqlite:///{tmp_path / 'carewatch.db'}")
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
