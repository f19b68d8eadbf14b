"""A trust's feedback as pages.

`/trusts/{id}/feedback` is for everyone: the counts, the top themes month by month as small
charts (comments as bars, the negative share as a line, with its Making Data Count variation
where there are 12 months), the respondent groups side by side, redacted example comments for
each theme and "you said, we did", filtered by service and respondent group (a value that
cannot be read is named on the page, 422). It never holds a comment as given.

For the trust's own editors and viewers: `/trusts/{id}/feedback/comments` lists the comments,
50 to a page, with filters (theme, group, service, sentiment), redacted unless they ask for
the words as given (`?with_text=yes`, each such read audited by the service); each comment's
page shows its labels and, for the trust's editors, a form that corrects them (a plain POST
form carrying the session's token against cross-site forgery, as the incident forms do).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from carewatch.domain.access import Permission, SignInRequired, may, require
from carewatch.domain.feedback.framework import THEMES, UnknownTheme, theme
from carewatch.domain.feedback.items import (
    RespondentGroup,
    Sentiment,
    SentimentScale,
    UnknownFeedbackWord,
)
from carewatch.domain.feedback.summary import GroupTally
from carewatch.reports.spc_svg import variation_icon_svg
from carewatch.services import feedback
from carewatch.services.feedback import FeedbackItemView, FeedbackSummary
from carewatch.services.ratings import TrustSummary
from carewatch.web.api.params import MAX_OFFSET, PRINTABLE
from carewatch.web.csrf import form_token, form_token_valid, same_site
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.feedback_chart import small_multiple
from carewatch.web.identity import identity_of

__all__ = ["PAGE_SIZE", "FeedbackFilters", "read_feedback_filters", "router"]

router = APIRouter()

Text = Annotated[str | None, Query(max_length=200)]
REFERENCE = Path(max_length=100, pattern=PRINTABLE)
"""A comment's reference in a page's address."""

PAGE_SIZE = 50
"""Comments per page of the list."""

MAX_PAGE = MAX_OFFSET // PAGE_SIZE

PUBLIC_FILE = "https://github.com/The-Strategy-Unit/pxtextmining"
"""Where NHS England's patient experience project published its labelled comments: the
address the import of that file gives each of its comments as its source."""

_YES = ("yes", "on", "true", "1")


@dataclass(frozen=True)
class FeedbackFilters:
    """What a filter form asked for, and what in it could not be read."""

    service: str | None = None
    group: RespondentGroup | None = None
    theme: str | None = None
    sentiment: Sentiment | None = None
    errors: tuple[tuple[str, str], ...] = ()

    @property
    def any(self) -> bool:
        return any((self.service, self.group, self.theme, self.sentiment))

    def query(self, **extra: object) -> str:
        """These filters (and `extra`, e.g. page=2) as a query string for links, blanks left
        out."""
        fields = {
            "service": self.service,
            "group": self.group.value if self.group else None,
            "theme": self.theme,
            "sentiment": self.sentiment.value if self.sentiment else None,
            **extra,
        }
        return urlencode({k: v for k, v in fields.items() if v not in (None, "")})


def read_feedback_filters(
    service: str | None,
    group: str | None,
    theme_name: str | None = None,
    sentiment: str | None = None,
    *,
    services: Sequence[str] = (),
) -> FeedbackFilters:
    """The filters from the query string; blanks mean "any", errors are kept to be shown.
    A service must be one of `services` (the trust's own), a theme one of the framework's.

    >>> read_feedback_filters("", "family", services=()).group.value
    'family_or_carer'
    >>> read_feedback_filters("Wards", "nobody", "Parking", "cross", services=("Wards",)).errors
    ... # doctest: +NORMALIZE_WHITESPACE
    (('group', 'Choose a respondent group from the list'),
     ('sentiment', 'Choose positive, neutral or mixed, or negative'))
    >>> read_feedback_filters("Nowhere", None, "Wheels", services=("Wards",)).errors
    (('service', 'Choose a service from the list'), ('theme', 'Choose a theme from the list'))
    """
    errors: list[tuple[str, str]] = []
    chosen_group = chosen_sentiment = chosen_theme = None
    if service and service not in services:
        errors.append(("service", "Choose a service from the list"))
        service = None
    if group:
        try:
            chosen_group = RespondentGroup.parse(group)
        except UnknownFeedbackWord:
            errors.append(("group", "Choose a respondent group from the list"))
    if theme_name:
        try:
            chosen_theme = theme(theme_name).name
        except UnknownTheme:
            errors.append(("theme", "Choose a theme from the list"))
    if sentiment:
        try:
            chosen_sentiment = Sentiment.parse(sentiment)
        except UnknownFeedbackWord:
            errors.append(("sentiment", "Choose positive, neutral or mixed, or negative"))
    return FeedbackFilters(
        service or None, chosen_group, chosen_theme, chosen_sentiment, tuple(errors)
    )


def read_page(page: str | None) -> tuple[int, str | None]:
    """The page number asked for (1 when none) and, when it cannot be read, the problem.

    >>> read_page("2"), read_page(None), read_page("0")
    ((2, None), (1, None), (1, 'Enter a page number, for example 2'))
    """
    if not page:
        return 1, None
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        return 1, "Enter a page number, for example 2"
    return int(page), None


@dataclass(frozen=True)
class GroupRow:
    """One theme's comments from each respondent group, side by side."""

    theme: str
    cells: tuple[GroupTally, ...]


def group_rows(summary: FeedbackSummary) -> list[GroupRow]:
    """The summary's theme × group tallies as rows, themes in the summary's order."""
    rows: dict[str, list[GroupTally]] = {}
    for tally in summary.groups:
        rows.setdefault(tally.theme, []).append(tally)
    return [GroupRow(name, tuple(cells)) for name, cells in rows.items()]


def _from_labelled_file(db: Db, trust: TrustSummary, summary: FeedbackSummary) -> bool:
    """Whether to say that the comments are the public labelled file's: the trust is
    synthetic, not all its comments are illustrative, and its newest comment came from that
    file (a synthetic trust holds the file's comments or illustrative ones). One statement,
    for synthetic trusts only."""
    if not trust.synthetic or summary.comments <= summary.illustrative:
        return False
    newest = feedback.list_feedback(db=db, trust=trust.provider_id, limit=1)
    return bool(newest) and newest[0].source_url == PUBLIC_FILE


def _is_read_only(request: Request) -> bool:
    return bool(getattr(request.app.state, "read_only", False))


@router.get("/trusts/{provider_id}/feedback", response_class=HTMLResponse)
def feedback_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    service: Text = None,
    group: Text = None,
) -> HTMLResponse:
    """What the trust's feedback says, for anyone: themes and redacted quotes only."""
    # The summary's list of services is the trust's whole list, whatever the filters: read
    # once with the filters, and again without the service only when it is not the trust's.
    wanted = read_feedback_filters(None, group)
    summary = feedback.feedback_summary(
        db=db, trust=trust.provider_id, service=service or None, group=wanted.group
    )
    filters = read_feedback_filters(service, group, services=summary.services)
    if service and filters.service is None:
        summary = feedback.feedback_summary(db=db, trust=trust.provider_id, group=wanted.group)
    actor = identity_of(request).actor
    return templates.TemplateResponse(
        request,
        "pages/feedback.html",
        {
            "trust": trust,
            "summary": summary,
            "services": summary.services,
            "groups": list(RespondentGroup),
            "filters": filters,
            "errors": list(filters.errors),
            "charts": [small_multiple(t) for t in summary.trends if t.comments],
            "group_rows": group_rows(summary),
            "labelled_file": _from_labelled_file(db, trust, summary),
            "unknown_sentiment": summary.comments - sum(n for _, n in summary.by_sentiment),
            "public_file": PUBLIC_FILE,
            "variation_icon_svg": variation_icon_svg,
            "reads_comments": may(actor, Permission.READ_FEEDBACK_TEXT, trust=trust.provider_id),
        },
        status_code=422 if filters.errors else 200,
    )


@router.get("/trusts/{provider_id}/feedback/comments", response_class=HTMLResponse)
def comments_page(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    theme: Text = None,
    group: Text = None,
    service: Text = None,
    sentiment: Text = None,
    with_text: Text = None,
    page: Text = None,
) -> HTMLResponse:
    """The trust's comments, newest first, 50 to a page, for its own editors and viewers;
    the words as given only when asked for (audited)."""
    actor = identity_of(request).actor
    require(actor, Permission.READ_FEEDBACK_TEXT, trust=trust.provider_id)
    # The summary of the answered themes alone: its list of the trust's services.
    services = feedback.feedback_summary(db=db, trust=trust.provider_id, top=0).services
    filters = read_feedback_filters(service, group, theme, sentiment, services=services)
    as_given = with_text in _YES
    number, page_problem = read_page(page)
    errors = [*filters.errors, *((("page", page_problem),) if page_problem else ())]
    f = filters
    matching = feedback.count_feedback(
        db=db, trust=trust.provider_id, service=f.service, group=f.group, theme=f.theme,
        sentiment=f.sentiment,
    )  # fmt: skip
    pages = max(1, -(-matching // PAGE_SIZE))
    number = min(number, pages)
    first = (number - 1) * PAGE_SIZE
    shown = feedback.list_feedback(
        db=db, actor=actor, trust=trust.provider_id, service=f.service, group=f.group,
        theme=f.theme, sentiment=f.sentiment, offset=first, limit=PAGE_SIZE, with_text=as_given,
    )  # fmt: skip
    return templates.TemplateResponse(
        request,
        "pages/feedback_comments.html",
        {
            "trust": trust,
            "comments": shown,
            "matching": matching,
            "page": number,
            "pages": pages,
            "first": first + 1,
            "last": first + len(shown),
            "filters": filters,
            "with_text": as_given,
            "errors": errors,
            "services": services,
            "groups": list(RespondentGroup),
            "sentiments": list(Sentiment),
            "themes": [t.name for t in THEMES],
        },
        status_code=422 if errors else 200,
    )


SAVED = {"corrected": "Your correction was saved: the comment's labels are now yours."}


def comment_page(
    request: Request,
    templates: Jinja2Templates,
    trust: TrustSummary,
    view: FeedbackItemView,
    *,
    errors: Sequence[tuple[str, str]] = (),
    saved: str | None = None,
    values: Mapping[str, object] | None = None,
) -> HTMLResponse:
    """Render a comment's page, with the correction form for a trust editor of its trust;
    422 when `errors` are shown."""
    actor = identity_of(request).actor
    can_correct = not _is_read_only(request) and may(
        actor, Permission.RECORD_FEEDBACK, trust=trust.provider_id
    )
    held = {t.theme for t in view.themes}
    return templates.TemplateResponse(
        request,
        "pages/feedback_comment.html",
        {
            "trust": trust,
            "comment": view,
            "can_correct": can_correct,
            "token": form_token(request, _purpose(trust.provider_id)) if can_correct else "",
            "errors": list(errors),
            "saved": SAVED.get(saved or ""),
            "values": dict(values or {}),
            "addable": [t.name for t in THEMES if t.name not in held],
            "scales": list(SentimentScale),
        },
        status_code=422 if errors else 200,
    )


def _purpose(trust: str) -> str:
    return f"feedback:{trust}"


@router.get("/trusts/{provider_id}/feedback/comments/{reference}", response_class=HTMLResponse)
def comment_view(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    reference: Annotated[str, REFERENCE],
    with_text: Text = None,
    saved: Text = None,
) -> HTMLResponse:
    """One comment: its facts, labels (with the classifier's probability), its words
    (redacted unless asked for), and the correction form for the trust's editors."""
    actor = identity_of(request).actor
    require(actor, Permission.READ_FEEDBACK_TEXT, trust=trust.provider_id)
    view = feedback.feedback_item(
        db=db, actor=actor, trust=trust.provider_id, reference=reference,
        with_text=with_text in _YES,
    )  # fmt: skip
    return comment_page(request, templates, trust, view, saved=saved)


async def _checked_form(request: Request, trust: str) -> dict[str, str | list[str]]:
    """The posted fields (lists for `add` and `remove`), once the site is writable, the
    poster may record the trust's feedback and the token and origin are good."""
    if _is_read_only(request):
        raise HTTPException(403, "This site is read-only: changes cannot be made here.")
    if identity_of(request).actor.is_public:
        # Refused before the body is read: an anonymous post is never buffered.
        raise SignInRequired(Permission.RECORD_FEEDBACK)
    out: dict[str, str | list[str]] = {}
    async with request.form(max_files=0, max_fields=80) as form:
        for key, value in form.multi_items():
            if not isinstance(value, str):
                continue
            if key in ("add", "remove"):
                listed = out.setdefault(key, [])
                if isinstance(listed, list):
                    listed.append(value)
            elif key not in out:
                out[key] = value
    token = out.get("csrf_token")
    headers = request.headers
    if (
        not isinstance(token, str)
        or not form_token_valid(request, token, _purpose(trust))
        or not same_site(headers.get("origin"), headers.get("referer"), headers.get("host"))
    ):
        raise HTTPException(
            403,
            "The form has expired or did not come from this site. Reload the page and try again.",
        )
    require(identity_of(request).actor, Permission.RECORD_FEEDBACK, trust=trust)
    return out


def _listed(form: Mapping[str, str | list[str]], name: str) -> list[str]:
    value = form.get(name, [])
    return [v.strip() for v in value if v.strip()][:20] if isinstance(value, list) else []


@router.post("/trusts/{provider_id}/feedback/comments/{reference}/corrections")
async def correction_form(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    reference: Annotated[str, REFERENCE],
) -> Response:
    """Correct the comment's labels as the signed-in editor; back to its page."""
    actor = identity_of(request).actor
    # An unknown comment is a 404 before the form is read.
    feedback.feedback_item(db=db, actor=actor, trust=trust.provider_id, reference=reference)
    form = await _checked_form(request, trust.provider_id)
    add, remove = _listed(form, "add"), _listed(form, "remove")
    raw_scale = form.get("sentiment", "")
    reason = form.get("reason", "")
    reason = reason.strip()[:2000] if isinstance(reason, str) else ""
    values = {"add": add, "remove": remove, "sentiment": raw_scale, "reason": reason}
    try:
        scale = (
            SentimentScale.parse(raw_scale) if isinstance(raw_scale, str) and raw_scale else None
        )
    except UnknownFeedbackWord:
        problem = "Choose a sentiment from 1 to 5, or leave it unchanged"
        return _refused(request, templates, db, trust, reference, "sentiment", problem, values)
    try:
        feedback.correct_feedback(
            db=db, actor=actor, trust=trust.provider_id, reference=reference, add=add,
            remove=remove, sentiment=scale, reason=reason,
        )  # fmt: skip
    except feedback.InvalidCorrection as exc:
        field = exc.field if exc.field in ("add", "remove", "sentiment") else "add"
        return _refused(request, templates, db, trust, reference, field, str(exc), values)
    return RedirectResponse(
        f"/trusts/{quote(trust.provider_id, safe='')}/feedback/comments/"
        f"{quote(reference, safe='')}?saved=corrected#labels-heading",
        status_code=303,
    )


def _refused(
    request: Request,
    templates: Jinja2Templates,
    db: Db,
    trust: TrustSummary,
    reference: str,
    field: str,
    message: str,
    values: Mapping[str, object],
) -> HTMLResponse:
    view = feedback.feedback_item(
        db=db, actor=identity_of(request).actor, trust=trust.provider_id, reference=reference
    )
    return comment_page(
        request, templates, trust, view, errors=[(field, message[:300])], values=values
    )
