"""The values the incidents service returns, and its refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from carewatch.domain.incidents import (
    CandourStep,
    DutyStep,
    Incident,
    IncidentLinkKind,
    InvalidIncident,
    PatientDetails,
    PfdReport,
    Response,
    ResponseStatus,
)

__all__ = [
    "CandourEntry",
    "IncidentChangeNeedsReason",
    "IncidentChangeView",
    "IncidentDetail",
    "IncidentLinkView",
    "IncidentView",
]


class IncidentChangeNeedsReason(InvalidIncident):
    """Recording an incident again with other facts, without saying why. Names the fields,
    never their values."""

    def __init__(self, what: str, fields: Sequence[str]) -> None:
        super().__init__(
            f"{what} is already recorded with other values ({', '.join(fields)}): "
            "give the reason for the change",
            "reason",
        )
        self.fields = tuple(fields)


@dataclass(frozen=True)
class IncidentView:
    """One incident as a reader may see it: the event, the response so far, and the patient's
    details only when they were asked for by someone allowed to read them (None otherwise)."""

    id: int
    incident: Incident
    response: Response
    source_url: str
    patient: PatientDetails | None = None

    @property
    def status(self) -> ResponseStatus:
        return self.response.current


@dataclass(frozen=True)
class CandourEntry:
    """A candour notification given: which, on which day, recorded by whom."""

    step: CandourStep
    given_on: dt.date
    recorded_by: str


@dataclass(frozen=True)
class IncidentChangeView:
    """A change to a recorded fact (for the patient's details, only the field's name)."""

    field: str
    old: str
    new: str
    changed_by: str
    changed_at: dt.datetime
    reason: str


@dataclass(frozen=True)
class IncidentLinkView:
    """A link from the incident to a finding, action, metric or oversight event."""

    kind: IncidentLinkKind
    target: str


@dataclass(frozen=True)
class IncidentDetail:
    """An incident with its response's moves, candour notifications, PFD reports, changes,
    links, and every duty step as of a day (done or not)."""

    view: IncidentView
    candour: tuple[CandourEntry, ...]
    pfd_reports: tuple[PfdReport, ...]
    changes: tuple[IncidentChangeView, ...]
    links: tuple[IncidentLinkView, ...]
    steps: tuple[DutyStep, ...]
    next_statuses: tuple[ResponseStatus, ...]
    as_of: dt.date
