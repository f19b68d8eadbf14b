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


@router.post(
    "/aggregate",
    summary="Aggregate ratings with CQC's rules",
    responses={422: {"model": ErrorPublic, "description": "The document is not valid"}},
)
def aggregate_document(
    document: Annotated[dict[str, Any], Body(openapi_examples=_EXAMPLES)],
) -> dict[str, Any]:
    """Evaluate an engine document exactly as `carewatch ratings aggregate` does.

    The result gives each aggregate's rating, the rule that decided it and the reason.
    """
    return evaluate(document)
