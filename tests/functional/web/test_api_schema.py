"""The API against its own OpenAPI document: generated requests never get a 500.

Few examples per operation, so the run stays quick; schemathesis checks status codes,
content types and response shapes against the document as well.
"""

from __future__ import annotations

import warnings

import hypothesis
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

from carewatch.web.app import create_app

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app())


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
