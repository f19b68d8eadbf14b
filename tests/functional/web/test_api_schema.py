"""The API against its own OpenAPI document: generated requests never get a 500.

Every operation is exercised on a temporary SQLite database with the worked example loaded.
Few examples per operation, so the run stays quick; schemathesis checks status codes,
content types and response shapes against the document as well.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

import hypothesis
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

from carewatch.demo import load_demo
from carewatch.store.database import connect
from carewatch.store.migrate import migrate
from carewatch.web.app import create_app


def _demo_database_url() -> str:
    # Built when the module is collected, because schemathesis reads the schema then; the
    # folder is removed when the test run ends.
    url = f"sqlite:///{Path(_FOLDER.name) / 'carewatch.db'}"
    db = connect(url)
    migrate(db)
    load_demo(db=db)
    db.dispose()
    return url


_FOLDER = tempfile.TemporaryDirectory(prefix="carewatch-api-")
schema = schemathesis.openapi.from_asgi(
    "/api/v1/openapi.json", create_app(database_url=_demo_database_url())
)


def test_every_operation_is_tested() -> None:
    paths = set(schema.raw_schema["paths"])
    assert {
        "/api/v1/trusts",
        "/api/v1/trusts/{provider_id}",
        "/api/v1/trusts/{provider_id}/grid",
        "/api/v1/trusts/{provider_id}/history",
        "/api/v1/trusts/{provider_id}/locations",
        "/api/v1/trusts/{provider_id}/audit",
        "/api/v1/locations/{location_id}",
        "/api/v1/locations/{location_id}/grid",
        "/api/v1/ratings/aggregate",
        "/api/v1/trusts/{provider_id}/oversight",
        "/api/v1/trusts/{provider_id}/timeline",
        "/api/v1/oversight",
        "/api/v1/trusts/{provider_id}/enforcement",
        "/api/v1/trusts/{provider_id}/escalations",
        "/api/v1/trusts/{provider_id}/meetings",
        "/api/v1/trusts/{provider_id}/commitments",
    } <= paths


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore:Using `httpx`")
@schema.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
)
def test_api_never_answers_500(case: schemathesis.Case) -> None:
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "field"}
