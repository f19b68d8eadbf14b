"""A trust's feedback (patients', families' and carers', and staff's comments): the public
summary and the redacted comments for anyone; the comments as given and people's corrections
for the trust's own roles; and, with a bearer token, correct a comment's labels and answer a
theme with a must-do ("you said, we did"), by the same rules as `carewatch feedback`.

The words as given (`text`) are returned only with `with_text=true`, only to the trust's own
editors and viewers, and the feedback service audits every such read. Everything else holds
the redacted words only, the form any public view shows.
"""

from __future__ import annotations

import enum
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from carewatch.domain.access import Permission, SignInRequired, require
from carewatch.domain.feedback.framework import UnknownTheme, theme
from carewatch.domain.feedback.items import RespondentGroup, Sentiment, SentimentScale
from carewatch.schemas.feedback import (
    AnswerPublic,
    CorrectionListPublic,
    CorrectionPublic,
    FeedbackItemPublic,
    FeedbackListPublic,
    FeedbackSummaryPublic,
)
from carewatch.services import feedback
from carewatch.web.api.params import MAX_API_PAGE, PRINTABLE, Offset
from carewatch.web.api.plans import BEARER
from carewatch.web.api.schemas import ErrorPublic
from carewatch.web.api.trusts import INVALID, NOT_FOUND
from carewatch.web.deps import Db, Trust
from carewatch.web.identity import Who

__all__ = ["RespondentGroupWord", "SentimentWord", "router"]

router = APIRouter(tags=["feedback"])


class RespondentGroupWord(enum.StrEnum):
    """Who gave the feedback, as a filter accepts it (`RespondentGroup`)."""

    PATIENT = RespondentGroup.PATIENT.value
    FAMILY_OR_CARER = RespondentGroup.FAMILY_OR_CARER.value
    STAFF = RespondentGroup.STAFF.value


class SentimentWord(enum.StrEnum):
    """A comment's sentiment, as a filter accepts it (`Sentiment`)."""

    POSITIVE = Sentiment.POSITIVE.value
    MIXED = Sentiment.MIXED.value
    NEGATIVE = Sentiment.NEGATIVE.value


Service = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=PRINTABLE,
        description="Only this service, named as the trust names it (the summary's `services`)",
        examples=["Adult mental health"],
    ),
]
Group = Annotated[RespondentGroupWord | None, Query(description="Only this respondent group")]
ThemeName = Annotated[
    str | None,
    Query(
        max_length=100,
        pattern=PRINTABLE,
        description="Only comments carrying this theme of the qualitative framework (any case)",
        examples=["Timeliness of care"],
    ),
]
Feeling = Annotated[SentimentWord | None, Query(description="Only comments of this sentiment")]
WithText = Annotated[
    bool,
    Query(
        description="Include the words as given, before redaction: only for the trust's own "
        "editors and viewers, and every such read is audited"
    ),
]
Reference = Annotated[
    str,
    Path(max_length=100, pattern=PRINTABLE, description="The comment's reference"),
]
READ_RESPONSES: dict[int | str, dict[str, object]] = {
    **NOT_FOUND,
    **INVALID,
    401: {"model": ErrorPublic, "description": "Sign in first: the words as given are restricted"},
    403: {"model": ErrorPublic, "description": "The role may not read the trust's words as given"},
}
WRITE_RESPONSES: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorPublic, "description": "No valid bearer token"},
    403: {"model": ErrorPublic, "description": "The token's role may not record this trust's"},
    404: {"model": ErrorPublic, "description": "There is no such trust or comment"},
    422: {"model": ErrorPublic, "description": "A field is not valid; `field` names it"},
}


def _theme_filter(name: str | None) -> str | None:
    """The framework's own spelling of the theme asked for; a 422 naming `theme` for a theme
    the framework lacks (a filter that could never match is a mistake, not an empty list)."""
    if not name:
        return None
    try:
        return theme(name).name
    except UnknownTheme as exc:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "theme"), "msg": str(exc)}]
        ) from None


def _group(word: RespondentGroupWord | None) -> RespondentGroup | None:
    return None if word is None else RespondentGroup(word.value)


def _sentiment(word: SentimentWord | None) -> Sentiment | None:
    return None if word is None else Sentiment(word.value)


@router.get(
    "/trusts/{provider_id}/feedback",
    summary="What a trust's feedback says",
    responses={**NOT_FOUND, **INVALID},
)
def get_feedback_summary(
    trust: Trust, db: Db, service: Service = None, respondent_group: Group = None
) -> FeedbackSummaryPublic:
    """Counts by source, respondent group and sentiment; the top themes month by month with
    the Making Data Count variation of their negative share (`variation`, with 12 months or
    more); the respondent groups side by side; redacted example comments for each top theme;
    and "you said, we did" (`feedback summary --json`). Public: no comment as given."""
    return FeedbackSummaryPublic.from_summary(
        feedback.feedback_summary(
            db=db, trust=trust.provider_id, service=service or None, group=_group(respondent_group)
        )
    )


@router.get(
    "/trusts/{provider_id}/feedback/items",
    summary="A trust's comments",
    responses=READ_RESPONSES,
)
def get_feedback_items(
    trust: Trust,
    db: Db,
    who: Who,
    theme: ThemeName = None,
    respondent_group: Group = None,
    service: Service = None,
    sentiment: Feeling = None,
    with_text: WithText = False,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_API_PAGE, description="Page size")] = 50,
) -> FeedbackListPublic:
    """The trust's comments, newest first, a page at a time, with their themes (and the
    classifier's probability where it gave them) and sentiment (`feedback list --json`);
    `count` counts every comment the filters match. `redacted_text` for everyone; `text` is
    null unless asked for and allowed."""
    group, feeling, wanted = _group(respondent_group), _sentiment(sentiment), _theme_filter(theme)
    found = feedback.list_feedback(
        db=db, actor=who.actor, trust=trust.provider_id, service=service or None, group=group,
        theme=wanted, sentiment=feeling, offset=offset, limit=limit, with_text=with_text,
    )  # fmt: skip
    count = feedback.count_feedback(
        db=db, trust=trust.provider_id, service=service or None, group=group, theme=wanted,
        sentiment=feeling,
    )  # fmt: skip
    return FeedbackListPublic(data=[FeedbackItemPublic.from_view(v) for v in found], count=count)


@router.get(
    "/trusts/{provider_id}/feedback/items/{reference}",
    summary="One comment",
    responses=READ_RESPONSES,
)
def get_feedback_item(
    trust: Trust, reference: Reference, db: Db, who: Who, with_text: WithText = False
) -> FeedbackItemPublic:
    """One comment: its facts, its labels with their probability and origin, and its words,
    redacted unless `with_text=true` (`feedback show --json`)."""
    return FeedbackItemPublic.from_view(
        feedback.feedback_item(
            db=db,
            actor=who.actor,
            trust=trust.provider_id,
            reference=reference,
            with_text=with_text,
        )
    )


@router.get(
    "/trusts/{provider_id}/feedback/corrections",
    summary="People's corrections of a trust's labels",
    responses=READ_RESPONSES,
)
def get_feedback_corrections(trust: Trust, db: Db, who: Who) -> CorrectionListPublic:
    """Every correction people made to the trust's labels, oldest first, with the words as
    given: training data for the classifier (`feedback corrections --json`). Only for the
    trust's own editors and viewers; the read is audited."""
    found = feedback.feedback_corrections(db=db, actor=who.actor, trust=trust.provider_id)
    return CorrectionListPublic(
        data=[CorrectionPublic.from_view(c) for c in found], count=len(found)
    )


class CorrectionCreate(BaseModel):
    """A person's correction of one comment's labels, as `carewatch feedback correct`."""

    add: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="Themes of the framework to add",
        examples=[["Staff continuity"]],
    )
    remove: list[str] = Field(
        default_factory=list, max_length=20, description="Themes the comment carries, to remove"
    )
    sentiment: int | None = Field(
        default=None, ge=1, le=5, description="1 very positive to 5 very negative; null: unchanged"
    )
    reason: str = Field(default="", max_length=2000, description="Why (kept with the correction)")


class AnswerCreate(BaseModel):
    """ "You said, we did", as `carewatch feedback answer`."""

    theme: str = Field(max_length=100, description="The theme people raised")
    must_do: str = Field(
        max_length=100, description="The must-do of the improvement plan that answers it"
    )
    said: str = Field(
        max_length=2000, description="What people said, in a sentence for the public: no one named"
    )


def _may_record(
    trust: Trust,
    who: Who,
    _token: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)],
) -> None:
    """401, 403 or 404 before the body is validated: a role that may not record the trust's
    feedback is refused whatever it sent."""
    if who.via != "token":
        # A browser's cookie never authorises the API's writes: only a bearer token does.
        raise SignInRequired(Permission.RECORD_FEEDBACK)
    require(who.actor, Permission.RECORD_FEEDBACK, trust=trust.provider_id)


def _refused(message: str, field: str | None) -> JSONResponse:
    return JSONResponse({"message": message, "field": field}, status_code=422)


def _names(given: list[str], field: str) -> list[str] | JSONResponse:
    if any(len(name) > 100 for name in given):
        return _refused("a theme's name has at most 100 characters", field)
    return given


@router.post(
    "/trusts/{provider_id}/feedback/items/{reference}/corrections",
    summary="Correct a comment's labels",
    status_code=201,
    response_model=FeedbackItemPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_correction(
    trust: Trust, reference: Reference, given: CorrectionCreate, db: Db, who: Who
) -> FeedbackItemPublic | JSONResponse:
    """Correct the comment's labels as the token's user (a trust editor of that trust): its
    labels become theirs, the classifier will not change them again, and each change is kept
    as training data. 422 naming `add` or `remove` for a theme the framework lacks or the
    comment does not carry, or when nothing would change. Answers the comment, redacted."""
    for field, names in (("add", given.add), ("remove", given.remove)):
        checked = _names(names, field)
        if isinstance(checked, JSONResponse):
            return checked
    try:
        feedback.correct_feedback(
            db=db, actor=who.actor, trust=trust.provider_id, reference=reference,
            add=given.add, remove=given.remove,
            sentiment=None if given.sentiment is None else SentimentScale(str(given.sentiment)),
            reason=given.reason,
        )  # fmt: skip
    except feedback.InvalidCorrection as exc:
        return _refused(str(exc), exc.field)
    return FeedbackItemPublic.from_view(
        feedback.feedback_item(db=db, actor=who.actor, trust=trust.provider_id, reference=reference)
    )


@router.post(
    "/trusts/{provider_id}/feedback/answers",
    summary="You said, we did: answer a theme with a must-do",
    status_code=201,
    response_model=AnswerPublic,
    responses=WRITE_RESPONSES,
    dependencies=[Depends(_may_record)],
)
def post_answer(trust: Trust, given: AnswerCreate, db: Db, who: Who) -> AnswerPublic | JSONResponse:
    """Link a theme of the trust's feedback to the must-do of its improvement plan that
    answers it, as the token's user; the same link again updates what people said. 422
    naming `theme` (not in the framework), `must_do` (not one of the trust's must-dos) or
    `said` (empty, or holding personal data: it is shown to the public). Answers the link as
    the public sees it, with the must-do's progress and actions."""
    try:
        feedback.answer_theme(
            db=db, actor=who.actor, trust=trust.provider_id, theme_name=given.theme,
            target=given.must_do, said=given.said,
        )  # fmt: skip
    except feedback.InvalidAnswer as exc:
        return _refused(str(exc), {"target": "must_do"}.get(exc.field, exc.field))
    # The summary of the answered themes alone (no top themes): what the page will show.
    summary = feedback.feedback_summary(db=db, trust=trust.provider_id, top=0)
    name = theme(given.theme).name
    shown = next(
        (a for a in summary.answers if a.theme == name and a.target == given.must_do), None
    )
    if shown is None:  # a must-do the public plan does not show: the link alone
        return AnswerPublic(
            theme=name, said=given.said.strip(), must_do=given.must_do, must_do_summary="",
            progress="", last_evidenced=None, actions=[], illustrative=False,
        )  # fmt: skip
    return AnswerPublic.from_view(shown)
