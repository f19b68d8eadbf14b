"""The API against its own OpenAPI document: generated requests never get a 500.

Every operation is exercised on a SQLite database of this module's own, a copy of the worked
example loaded once per run (`sqlite_demo_template`). Few examples per operation, so the run
stays quick; schemathesis checks status codes, content types and response shapes against the
document as well.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from pathlib import Path

import hypothesis
import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

from carewatch.web.app import create_app

# Schemathesis reads the document when the module is collected, to make one test per
# operation. The document does not depend on the data, so it is read from the app on an
# empty database (the folder is removed when the test run ends); the requests go to the app
# on the worked example (`demo_app`), which is built only when the tests run.
_FOLDER = tempfile.TemporaryDirectory(prefix="carewatch-api-")
schema = schemathesis.openapi.from_asgi(
    "/api/v1/openapi.json",
    create_app(database_url=f"sqlite:///{Path(_FOLDER.name) / 'carewatch.db'}"),
)


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> FastAPI:
    """The app on a copy of the worked example, shared by this module's requests."""
    path = tmp_path_factory.mktemp("api-schema") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    return create_app(database_url=f"sqlite:///{path}")


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
def test_api_never_answers_500(case: schemathesis.Case, demo_app: FastAPI) -> None:
    response = case.call(app=demo_app)
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "field"}
