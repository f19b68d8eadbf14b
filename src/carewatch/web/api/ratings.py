"""POST /ratings/aggregate: the ratings engine over HTTP, the same documents as the CLI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from carewatch.services.ratings import evaluate
from carewatch.web.api.schemas import ErrorPublic

__all__ = ["router"]

router = APIRouter(prefix="/ratings", tags=["ratings"])

_EXAMPLES = {
    "key questions": {
        "summary": "Five key questions to an overall rating",
        "value": {
            "framework": "legacy",
            "ruleset": "nhs-trust-2022",
            "key_questions": {
                "safe": "Requires improvement",
                "effective": "Good",
                "caring": "Good",
                "responsive": "Good",
                "well-led": "Requires improvement",
            },
        },
    },
    "saf": {
        "summary": "Single assessment framework scores",
        "value": {"framework": "saf", "scores": {"safe": {"S1": 3, "S2": 2, "S3": 3}}},
    },
}


_NON_EMPTY_OBJECT = {"type": "object", "minProperties": 1}
DOCUMENT_SCHEMA = {
    "type": "object",
    "description": "One of the engine's three documents (`carewatch ratings aggregate`): "
    "legacy ratings to aggregate (`key_questions` or `ratings`), a legacy trust's core "
    "services (`services` with `trust_well_led`), or single assessment framework `scores`",
    "properties": {
        "framework": {"type": "string", "enum": ["legacy", "saf"], "default": "legacy"},
        "ruleset": {"type": "string"},
        "key_questions": _NON_EMPTY_OBJECT,
        "ratings": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "breach": {"type": "boolean"},
        "services": _NON_EMPTY_OBJECT,
        "trust_well_led": {"type": "string"},
        "scores": _NON_EMPTY_OBJECT,
    },
    "oneOf": [
        {
            "properties": {"framework": {"const": "saf"}},
            "required": ["framework", "scores"],
        },
        {
            "properties": {"framework": {"const": "legacy"}},
            "anyOf": [
                {"required": ["key_questions"]},
                {"required": ["ratings"]},
                {"required": ["services", "trust_well_led"]},
            ],
        },
    ],
}
"""What the engine needs of a document, so that what the schema allows (an empty object
was) the engine does not refuse for its shape; the words in it (ratings, key questions,
rule sets) are checked by the engine (422 naming the field)."""


@router.post(
    "/aggregate",
    summary="Aggregate ratings with CQC's rules",
    responses={422: {"model": ErrorPublic, "description": "The document is not valid"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DOCUMENT_SCHEMA}},
        }
    },
)
def aggregate_document(
    document: Annotated[dict[str, Any], Body(openapi_examples=_EXAMPLES)],
) -> dict[str, Any]:
    """Evaluate an engine document exactly as `carewatch ratings aggregate` does.

    The result gives each aggregate's rating, the rule that decided it and the reason.
    """
    return evaluate(document)
