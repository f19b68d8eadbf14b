"""The rules page: every rule set with its principles, thresholds and sources, and a form to
try them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from carewatch.domain.ratings import KEY_QUESTIONS, QUALITY_STATEMENTS, RULESETS
from carewatch.services.ratings import InvalidDocument, evaluate
from carewatch.web.deps import Templates
from carewatch.web.pages.rules_form import (
    MAX_RATINGS,
    RATING_CHOICES,
    SCORE_CHOICES,
    FormState,
    blank_form,
    count_rulesets,
    read_form,
)

__all__ = ["router"]

router = APIRouter()


def _render(
    request: Request,
    templates: Templates,
    form: FormState,
    *,
    result: dict[str, Any] | None = None,
    error: InvalidDocument | None = None,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "pages/rules.html",
        {
            "rulesets": list(RULESETS.values()),
            "count_rulesets": count_rulesets(),
            "key_questions": KEY_QUESTIONS,
            "quality_statements": QUALITY_STATEMENTS,
            "rating_choices": RATING_CHOICES,
            "score_choices": SCORE_CHOICES,
            "max_ratings": MAX_RATINGS,
            "form": form,
            "result": result,
            "error": error,
            "error_target": form.input_for(error.field) if error else None,
        },
        status_code=422 if error else 200,
    )


@router.get("/rules", response_class=HTMLResponse)
def rules_page(request: Request, templates: Templates) -> HTMLResponse:
    """The rule sets and an empty "Try the rules" form."""
    return _render(request, templates, blank_form())


@router.post("/rules", response_class=HTMLResponse)
async def try_rules(request: Request, templates: Templates) -> HTMLResponse:
    """Run the submitted ratings or scores through the engine and show the result."""
    submitted = await request.form()
    form = read_form({k: v for k, v in submitted.items() if isinstance(v, str)})
    try:
        result = evaluate(form.document)
    except InvalidDocument as exc:
        return _render(request, templates, form, error=exc)
    return _render(request, templates, form, result=result)
