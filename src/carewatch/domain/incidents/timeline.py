"""A patient-safety incident as a fact on the trust's oversight timeline (issue 13).

Only incidents that matter at oversight level are on the timeline (`oversight_reasons`):

- a death: fatal physical harm, or notified to CQC as the death of a service user;
- a Never Event;
- a Serious Incident under the 2015 framework: flagged as one, or declared one on StEIS (the
  response *decided* under the framework);
- a patient safety incident investigation (PSII) under PSIRF: decided as the learning
  response, or required by a national rule.

So a month's medication errors with no, low or moderate harm stay in the trust's own list and
its measures, while a death on a transfer is on the timeline. The entry (`timeline_event`)
says the category, the harm, the response and where it stands, and the trust's reference;
never the free text, never the patient's details. It is dated the day the incident was
reported, the day the trust became aware of it.

>>> import datetime as dt
>>> e = Incident(reference="W9", trust="RMY", occurred=dt.date(2018, 6, 12),
...              reported=dt.date(2018, 6, 12), category=Category.MEDICATION,
...              physical_harm=PhysicalHarm.LOW)
>>> oversight_reasons(e, Response(ResponseFramework.PSIRF, e.reported))
()
"""

from __future__ import annotations

from carewatch.domain.incidents.events import Incident
from carewatch.domain.incidents.responses import (
    LearningResponse,
    Response,
    ResponseFramework,
    ResponseStatus,
    psii_required,
)
from carewatch.domain.incidents.words import Category, EventType, PhysicalHarm
from carewatch.domain.oversight import EventKind, TimelineEvent

__all__ = ["oversight_reasons", "timeline_event"]

_HARM = {
    PhysicalHarm.NONE: "no physical harm",
    PhysicalHarm.LOW: "low harm",
    PhysicalHarm.MODERATE: "moderate harm",
    PhysicalHarm.SEVERE: "severe harm",
    PhysicalHarm.FATAL: "fatal",
}


def oversight_reasons(incident: Incident, response: Response) -> tuple[str, ...]:
    """Why `incident` is on the oversight timeline, in words; empty when it is not."""
    g = incident.governance
    reasons = []
    if incident.is_death:
        reasons.append("a death")
    if g.never_event and g.never_event_type is not None:
        reasons.append(f"a Never Event ({g.never_event_type.label.lower()})")
    if g.serious_incident or _declared(response):
        reasons.append("a Serious Incident")
    if psii_required(incident) or _psii(response):
        reasons.append("a patient safety incident investigation")
    return tuple(reasons)


def timeline_event(incident: Incident, response: Response, source: str) -> TimelineEvent | None:
    """The incident as an event of the trust's oversight timeline, or None when it does not
    matter at oversight level. `source` is its public source (a news report, a coroner's
    report), or empty."""
    reasons = oversight_reasons(incident, response)
    if not reasons:
        return None
    what = "incident" if incident.event_type is EventType.INCIDENT else "event"
    title = (
        f"Patient safety {what} reported: {_category(incident.category)}, "
        f"{_HARM[incident.physical_harm]}"
    )
    detail = (
        f"Response: {_response_words(response)}. On the timeline as {_and(reasons)}. "
        f"The trust's reference: {incident.reference}."
    )
    return TimelineEvent(
        incident.reported, EventKind.INCIDENT, title, detail, source, incident=incident.reference
    )


def _category(category: Category) -> str:
    label = category.label
    return label[0].lower() + label[1:]


def _declared(response: Response) -> bool:
    """Declared a Serious Incident: decided under the 2015 framework."""
    return response.framework is ResponseFramework.SIF and any(
        m.to is ResponseStatus.DECIDED for m in response.moves
    )


def _psii(response: Response) -> bool:
    return any(m.learning_response is LearningResponse.PSII for m in response.moves)


def _response_words(response: Response) -> str:
    """The response and where it stands, e.g. "Serious Incident investigation (closed
    2018-10-03)"; dates in ISO form, as every timeline detail gives them."""
    status = response.current
    on = response.moves[-1].on.isoformat() if response.moves else response.opened.isoformat()
    sif = response.framework is ResponseFramework.SIF
    if status is ResponseStatus.NO_FURTHER_RESPONSE:
        return f"not a Serious Incident ({on})" if sif else f"no further learning response ({on})"
    if sif:
        what = "Serious Incident investigation"
    else:
        chosen = response.learning_response
        what = chosen.label if chosen is not None else "learning response"
    state = {
        ResponseStatus.REPORTED: "not yet decided",
        ResponseStatus.DECIDED: f"declared {on}" if sif else f"decided {on}",
        ResponseStatus.IN_PROGRESS: f"under way since {on}",
        ResponseStatus.SUBMITTED: f"report submitted {on}",
        ResponseStatus.CLOSED: f"closed {on}",
        ResponseStatus.REOPENED: f"reopened {on}",
    }[status]
    return f"{what} ({state})"


def _and(items: tuple[str, ...]) -> str:
    """ "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
