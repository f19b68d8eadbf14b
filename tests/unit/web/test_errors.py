"""Error locations become dotted field paths; API docs rows come from the OpenAPI document."""

from __future__ import annotations

import pytest

from carewatch.web.api.docs import endpoints
from carewatch.web.errors import error_field


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        (("query", "limit"), "limit"),
        (("body", "scores", "safe", 0), "scores.safe[0]"),
        (("body",), None),
        (("path", "provider_id"), "provider_id"),
        ((), None),
    ],
)
def test_error_field(loc: tuple[object, ...], expected: str | None) -> None:
    assert error_field(loc) == expected


def test_endpoints_lists_each_operation() -> None:
    openapi = {
        "paths": {
            "/a": {
                "get": {"summary": "A", "parameters": [{"name": "q"}]},
                "post": {"summary": "B", "requestBody": {}},
            },
            "/b": {"parameters": []},
        }
    }
    rows = endpoints(openapi)
    assert [(r["method"], r["path"], r["parameters"], r["has_body"]) for r in rows] == [
        ("GET", "/a", ["q"], False),
        ("POST", "/a", [], True),
    ]
