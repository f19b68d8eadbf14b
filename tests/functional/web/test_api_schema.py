"""The API fuzzed against its own OpenAPI document: a bounded run of schemathesis.

Every operation is exercised on a SQLite database of this module's own, a copy of the worked
example loaded once per run (`sqlite_demo_template`), with requests inside the schema
(positive) and outside it (negative), and these checks on every answer:

- never a 5xx (`not_a_server_error`);
- the status code is one the document lists (`status_code_conformance`), with the content
  type and the body it documents (`content_type_conformance`, `response_schema_conformance`),
  and the headers it documents (`response_headers_conformance`);
- nothing outside the schema is accepted (`negative_data_rejection`);
- nothing inside it is refused as invalid (`positive_data_acceptance`: 2xx, or 401, 403,
  404, 409), except where the schema cannot say all the code checks (`NOT_ALL_IN_SCHEMA`);
- a route that needs a bearer token refuses a request without one (`ignored_auth`).

Writes carry a bearer token: a trust editor of RMY, the worked example's trust, for the
plan's routes, a regulator for the audit trail. How many requests: `EXAMPLES` per operation
and mode, few under the `ci` profile so the whole module stays near a minute.
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
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        ignored_auth,
        negative_data_rejection,
        positive_data_acceptance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

from carewatch.web.app import create_app
from tests.functional.web.conftest import bearer

# Schemathesis reads the document when the module is collected, to make one test per
# operation. The document does not depend on the data, so it is read from the app on an
# empty database (the folder is removed when the test run ends); the requests go to the app
# on the worked example (`demo_app`), which is built only when the tests run.
_FOLDER = tempfile.TemporaryDirectory(prefix="carewatch-api-")
schema = schemathesis.openapi.from_asgi(
    "/api/v1/openapi.json",
    create_app(database_url=f"sqlite:///{Path(_FOLDER.name) / 'carewatch.db'}"),
)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])

EXAMPLES = {"ci": 6, "thorough": 200}.get(hypothesis.settings.get_current_profile_name(), 20)
"""Requests per operation and generation mode: a bounded run in CI, more at a desk."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    ignored_auth,
]

NOT_ALL_IN_SCHEMA = {
    # The engine reads rating words, key questions and rule sets in any case and spelling,
    # and refuses an empty set: the schema says the document's shape, the engine the words.
    "POST /api/v1/ratings/aggregate",
    # A received day after today, a period ending before it starts, a note without text:
    # rules of the day and of each other that a JSON schema does not express.
    "POST /api/v1/actions/{action_id}/evidence",
}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> FastAPI:
    """The app on a copy of the worked example, shared by this module's requests."""
    path = tmp_path_factory.mktemp("api-schema") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    return create_app(database_url=f"sqlite:///{path}")


@pytest.fixture(scope="module")
def tokens(demo_app: FastAPI) -> dict[str, dict[str, str]]:
    """Authorization headers: a trust editor of RMY and a regulator."""
    db = demo_app.state.database
    return {
        "editor": bearer(db, role="trust_editor", organisation="RMY"),
        "regulator": bearer(db, role="regulator", organisation="CQC"),
    }


def _token_for(path: str, tokens: dict[str, dict[str, str]]) -> dict[str, str]:
    """The plan's writes as RMY's trust editor, the audit trail as the regulator."""
    if path.startswith(("/api/v1/actions", "/api/v1/evidence/")):
        return tokens["editor"]
    if path.startswith("/api/v1/audit"):
        return tokens["regulator"]
    return {}


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
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_api_keeps_to_its_schema(
    case: schemathesis.Case, demo_app: FastAPI, tokens: dict[str, dict[str, str]]
) -> None:
    headers = _token_for(case.operation.path, tokens)
    response = case.call(app=demo_app, headers={**headers, **(case.headers or {})})
    excluded = [positive_data_acceptance] if case.operation.label in NOT_ALL_IN_SCHEMA else []
    case.validate_response(
        response,
        checks=[c for c in CHECKS if c not in excluded],
        headers={**headers, **(case.headers or {})},
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        assert set(response.json()) == {"message", "field"}
