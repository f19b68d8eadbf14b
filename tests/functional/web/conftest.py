"""Fixtures for the web unit tests: the app and its test client."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

with warnings.catch_warnings():
    # Starlette asks for its httpx fork, httpx2, which is not locked; plain httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.web.app import create_app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client
