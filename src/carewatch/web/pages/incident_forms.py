"""The forms of a trust's incidents: record an incident, and record a notification given
under the duty of candour. Plain POST forms, server-rendered, that work without JavaScript;
each carries the session's token against cross-site forgery (`carewatch.web.csrf`).

Only a signed-in trust editor of the trust sees them and may post them (the incidents
service decides; the page asks the same rule to show or hide them). A successful post
redirects (303) to the incident's page, which says what was saved. A refused incident form
is shown again with the reason in an error summary (422), naming the field and never
repeating a patient's name or NHS number; a refused candour notification redirects (303) to
the incident's page, which shows the reason (signed, so only this server can put it there),
so that reloading the page never posts the form again. On a read-only site the forms are not
shown and every post is refused with 403.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Path, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from carewatch.domain.access import Permission, SignInRequired, may, require
from carewatch.domain.dates import FutureDate
from carewatch.domain.incidents import (
    AgeBand,
    CandourStep,
    Category,
    CqcCriterion,
    Ethnicity,
    EventType,
    InvalidCandourTrail,
    InvalidIncident,
    NeverEventType,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    ResponseFramework,
    Sex,
    UnknownIncidentWord,
    candour_applies,
)
from carewatch.services import incidents
from carewatch.services.errors import ValueRefused
from carewatch.services.incidents import IncidentDetail
from carewatch.services.ratings import TrustSummary
from carewatch.web.api.params import PRINTABLE
from carewatch.web.csrf import form_token, form_token_valid, form_tokens, same_site
from carewatch.web.dates import DATE_PROBLEM, parse_date, read_date_parts
from carewatch.web.deps import Db, Templates, Trust
from carewatch.web.identity import identity_of
from carewatch.web.incident_input import BadIncident, incident_from

__all__ = ["REFERENCE", "incident_page", "is_read_only", "refusal_shown", "router"]

router = APIRouter()

REFERENCE = Path(max_length=64, pattern=PRINTABLE)
"""An incident's reference in a page's address."""

SAVED = {
    "recorded": "The incident was recorded.",
    "candour": "The candour notification was recorded.",
}
FORM_FIELDS = (
    "reference", "event_type", "occurred", "reported", "category", "physical_harm",
    "psychological_harm", "prolonged_psychological_harm", "problems_in_care",
    "never_event_type", "framework", "location", "core_service", "description",
    "patient_name", "nhs_number", "age_band", "sex", "ethnicity",
)  # fmt: skip
LISTS = ("flags", "cqc_criteria")
"""The form's inputs that may be given more than once (checkboxes)."""
CHECKBOX_FLAGS = (
    ("duty_of_candour", "The duty of candour applies",
     "Tick when the trust has decided it applies, including harm that could still result; "
     "moderate or severe harm, death and prolonged psychological harm bring it anyway"),
    ("serious_incident", "A Serious Incident",
     "Under the Serious Incident Framework (2015): reported on StEIS within 2 working days"),
    ("mental_health_act", "The patient was detained under the Mental Health Act", ""),
    ("mental_capacity_act", "The Mental Capacity Act applied to the patient", ""),
    ("safeguarding_referral", "Referred to the local authority's safeguarding team", ""),
    ("hsib_notify", "Meets HSIB's maternity investigation criteria",
     "Now the Maternity and Newborn Safety Investigations programme (MNSI)"),
    ("mental_health_homicide", "A homicide by a person in receipt of mental health care", ""),
)  # fmt: skip
"""The flags the form offers as checkboxes, with their words and hints; a CQC notification
and a Never Event are recorded by choosing their criteria and type."""
PROLONGED = {"yes": True, "no": False, "unknown": None}
"""The answers to "prolonged psychological harm?", as the form sends them."""
PERSONAL = frozenset({"patient_name", "nhs_number"})
"""Fields never put back into a form shown again with an error: they are typed again."""


def is_read_only(request: Request) -> bool:
    return bool(getattr(request.app.state, "read_only", False))


def _purpose(trust: str) -> str:
    return f"incidents:{trust}"


def _can_record(request: Request, trust: str) -> bool:
    actor = identity_of(request).actor
    return not is_read_only(request) and may(actor, Permission.RECORD_INCIDENTS, trust=trust)


def incident_page(
    request: Request,
    templates: Jinja2Templates,
    trust: TrustSummary,
    detail: IncidentDetail,
    *,
    errors: Sequence[tuple[str, str]] = (),
    saved: str | None = None,
    values: Mapping[str, str] | None = None,
    status_code: int | None = None,
) -> HTMLResponse:
    """Render an incident's page, with the candour form for a trust editor of its trust;
    422 when `errors` are shown, unless `status_code` says otherwise."""
    actor = identity_of(request).actor
    can_record = _can_record(request, trust.provider_id)
    can_read_patient = may(actor, Permission.READ_PATIENT_DETAILS, trust=trust.provider_id)
    return templates.TemplateResponse(
        request,
        "pages/incident.html",
        {
            "trust": trust,
            "detail": detail,
            "can_record": can_record,
            "can_read_patient": can_read_patient,
            "token": form_token(request, _purpose(trust.provider_id)) if can_record else "",
            "actor": actor,
            "errors": list(errors),
            "saved": SAVED.get(saved or ""),
            "values": dict(values or {}),
            "today": dt.date.today(),
            "steps": list(CandourStep),
            "candour_by_threshold": candour_applies(detail.view.incident),
        },
        status_code=status_code or (422 if errors else 200),
    )


def _new_page(
    request: Request,
    templates: Jinja2Templates,
    trust: TrustSummary,
    *,
    errors: Sequence[tuple[str, str]] = (),
    values: Mapping[str, object] | None = None,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "pages/incident_new.html",
        {
            "trust": trust,
            "token": form_token(request, _purpose(trust.provider_id)),
            "actor": identity_of(request).actor,
            "errors": list(errors),
            "values": dict(values or {}),
            "today": dt.date.today(),
            "categories": list(Category),
            "physical_harms": list(PhysicalHarm),
            "psychological_harms": list(PsychologicalHarm),
            "age_bands": list(AgeBand),
            "sexes": list(Sex),
            "ethnicities": list(Ethnicity),
            "flags": CHECKBOX_FLAGS,
            "event_types": list(EventType),
            "frameworks": list(ResponseFramework),
            "problems": list(ProblemsInCare),
            "cqc_criteria": list(CqcCriterion),
            "never_event_types": list(NeverEventType),
        },
        status_code=422 if errors else 200,
    )


def _may_record(request: Request, trust: str) -> None:
    if is_read_only(request):
        raise HTTPException(403, "This site is read-only: changes cannot be made here.")
    require(identity_of(request).actor, Permission.RECORD_INCIDENTS, trust=trust)


@router.get("/trusts/{provider_id}/incidents/new", response_class=HTMLResponse)
def new_incident_page(request: Request, templates: Templates, trust: Trust) -> HTMLResponse:
    """The form that records an incident, for a trust editor of the trust."""
    _may_record(request, trust.provider_id)
    return _new_page(request, templates, trust)


async def _checked_form(request: Request, trust: str) -> dict[str, str | list[str]]:
    """The posted fields (a list for `flags`), once the site is writable, the poster may
    record the trust's incidents and the token and origin are good."""
    if is_read_only(request):
        raise HTTPException(403, "This site is read-only: changes cannot be made here.")
    if identity_of(request).actor.is_public:
        # Refused before the body is read: an anonymous post is never buffered.
        raise SignInRequired(Permission.RECORD_INCIDENTS)
    out: dict[str, str | list[str]] = {}
    async with request.form(max_files=0, max_fields=60) as form:
        for key, value in form.multi_items():
            if not isinstance(value, str):
                continue
            if key in LISTS:
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
    require(identity_of(request).actor, Permission.RECORD_INCIDENTS, trust=trust)
    return out


def _text(form: Mapping[str, str | list[str]], name: str, limit: int = 200) -> str:
    value = form.get(name, "")
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit:
        raise BadIncident(name, f"Enter no more than {limit} characters")
    return text


def _date(form: Mapping[str, str | list[str]], name: str) -> dt.date:
    text, problem = read_date_parts(form, name)
    if problem:
        raise BadIncident(name, problem)
    if not text:
        raise BadIncident(name, "Enter a date")
    try:
        return parse_date(text)
    except ValueError:
        raise BadIncident(name, DATE_PROBLEM) from None


def _list(form: Mapping[str, str | list[str]], name: str) -> list[str]:
    value = form.get(name, [])
    return [v for v in value if v] if isinstance(value, list) else []


# The form's inputs are named as the API's fields, but the patient's name (`patient_name`).
_INPUT = {"name": "patient_name", "on": "reported", "reason": "reference"}


@router.post("/trusts/{provider_id}/incidents/new")
async def new_incident_form(
    request: Request, templates: Templates, db: Db, trust: Trust
) -> Response:
    """Record the incident the form describes; on to its page."""
    form = await _checked_form(request, trust.provider_id)
    try:
        criteria = _list(form, "cqc_criteria")
        never_event_type = _text(form, "never_event_type", 80) or None
        # The form records a CQC notification by its criteria and a Never Event by its type.
        flags = [
            *_list(form, "flags"),
            *(["cqc_notify"] if criteria else []),
            *(["never_event"] if never_event_type else []),
        ]
        prolonged = _text(form, "prolonged_psychological_harm", 10) or "unknown"
        if prolonged not in PROLONGED:
            raise BadIncident("prolonged_psychological_harm", "Choose yes, no or not yet known")
        found = incident_from(
            trust=trust.provider_id,
            reference=_text(form, "reference", 64) or "",
            occurred=_date(form, "occurred"),
            reported=_date(form, "reported"),
            category=_text(form, "category", 60) or "none",
            physical_harm=_text(form, "physical_harm", 40) or "unknown",
            psychological_harm=_text(form, "psychological_harm", 40) or "none",
            location=_text(form, "location", 64),
            core_service=_text(form, "core_service"),
            description=_text(form, "description", 10_000),
            event_type=_text(form, "event_type", 40) or "incident",
            flags=list(dict.fromkeys(flags)),
            cqc_criteria=criteria,
            never_event_type=never_event_type,
            framework=_text(form, "framework", 10) or "psirf",
            prolonged_psychological_harm=PROLONGED[prolonged],
            problems_in_care=_text(form, "problems_in_care", 40) or "not_yet_judged",
            patient_name=_text(form, "patient_name"),
            nhs_number=_text(form, "nhs_number", 20),
            age_band=_text(form, "age_band", 40) or None,
            sex=_text(form, "sex", 40) or None,
            ethnicity=_text(form, "ethnicity", 60) or None,
        )
        if not found.incident.reference:
            raise BadIncident("reference", "Enter the trust's reference for the incident")
        incidents.record_incident(
            db=db, actor=identity_of(request).actor, incident=found.incident,
            patient=found.patient, framework=found.framework,
        )  # fmt: skip
    except BadIncident as exc:
        return _refused_new(request, templates, trust, exc.field, exc.message, form)
    except (InvalidIncident, FutureDate, ValueRefused) as exc:
        field = getattr(exc, "field", None) or "reference"
        return _refused_new(request, templates, trust, field, str(exc), form)
    reference = quote(found.incident.reference, safe="")
    return RedirectResponse(
        f"/trusts/{quote(trust.provider_id, safe='')}/incidents/{reference}?saved=recorded",
        status_code=303,
    )


def _refused_new(
    request: Request,
    templates: Jinja2Templates,
    trust: TrustSummary,
    field: str,
    message: str,
    form: Mapping[str, str | list[str]],
) -> HTMLResponse:
    values = {k: v for k, v in form.items() if k in (*FORM_FIELDS, *LISTS) and k not in PERSONAL}
    field = _INPUT.get(field, field)
    if field in ("cqc_notify", "never_event"):
        field = "cqc_criteria" if field == "cqc_notify" else "never_event_type"
    if field not in FORM_FIELDS and field not in LISTS:
        field = "reference"
    return _new_page(request, templates, trust, errors=[(field, message)], values=values)


@router.post("/trusts/{provider_id}/incidents/{reference}/candour")
async def candour_form(
    request: Request,
    templates: Templates,
    db: Db,
    trust: Trust,
    reference: str = REFERENCE,
) -> Response:
    """Record a notification given under the duty of candour, on the day given."""
    actor = identity_of(request).actor
    # An unknown incident is a 404 before the form is read.
    incidents.incident_detail(db=db, actor=actor, trust=trust.provider_id, reference=reference)
    form = await _checked_form(request, trust.provider_id)
    try:
        step = _text(form, "step", 40)
        if not step:
            raise BadIncident("step", "Choose the notification given")
        incidents.record_candour(
            db=db, actor=actor, trust=trust.provider_id, reference=reference,
            step=step, on=_date(form, "on"),
        )  # fmt: skip
    except UnknownIncidentWord:
        return _refused_candour(
            request, templates, db, trust, reference, "step", "Choose the notification given", form
        )
    except BadIncident as exc:
        return _refused_candour(
            request, templates, db, trust, reference, exc.field, exc.message, form
        )
    except (InvalidCandourTrail, FutureDate) as exc:
        return _refused_candour(request, templates, db, trust, reference, "on", str(exc), form)
    return RedirectResponse(
        f"/trusts/{quote(trust.provider_id, safe='')}/incidents/"
        f"{quote(reference, safe='')}?saved=candour#candour-heading",
        status_code=303,
    )


def _refusal_purpose(trust: str, reference: str, refusal: Mapping[str, str]) -> str:
    return "candour-refused:" + "\x1f".join(
        (trust, reference, *(refusal.get(k, "") for k in REFUSAL_FIELDS))
    )


REFUSAL_FIELDS = ("field", "message", "step", "on")
"""What a refused candour form carries to the page it redirects to."""


def _refused_candour(
    request: Request,
    templates: Jinja2Templates,
    db: Db,
    trust: TrustSummary,
    reference: str,
    field: str,
    message: str,
    form: Mapping[str, str | list[str]],
) -> Response:
    """Back to the incident's page with the reason, by a redirect (303), so that reloading
    the page does not post the form again. The reason and what was typed travel in the
    address, signed, so that no other page can put words on ours; none of it is personal."""
    typed = {k: v[:20] for k, v in form.items() if k in ("step", "on") and isinstance(v, str)}
    refusal = {"field": field, "message": message[:300], **typed}
    signed = form_tokens(request).issue(_refusal_purpose(trust.provider_id, reference, refusal))
    query = urlencode({**refusal, "refusal": signed})
    return RedirectResponse(
        f"/trusts/{quote(trust.provider_id, safe='')}/incidents/"
        f"{quote(reference, safe='')}?{query}#candour-form",
        status_code=303,
    )


def refusal_shown(
    request: Request, trust: str, reference: str, refusal: Mapping[str, str | None]
) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The error and the values typed that a refused candour form redirected with, when
    this server signed them; nothing otherwise."""
    given = {k: refusal.get(k) or "" for k in REFUSAL_FIELDS}
    signed = refusal.get("refusal") or ""
    if not signed or given["field"] not in ("step", "on") or not given["message"]:
        return [], {}
    if not form_tokens(request).valid(signed, _refusal_purpose(trust, reference, given)):
        return [], {}
    values = {k: given[k] for k in ("step", "on") if given[k]}
    return [(given["field"], given["message"])], values
