"""The incidents service: the only code that writes a trust's patient-safety incidents (the
incident, its patient's details, the response, candour notifications, PFD reports, changes
and links), and the readers every surface uses. Routes, the CLI and imports import from
here, never from the modules inside.

Example::

    record_incident(db=db, actor=actor, incident=Incident(reference="W1", trust="RMY", ...))
    incidents_due(db=db, actor=actor, trust="RMY", as_of=dt.date(2024, 3, 20))
    timeline_with_incidents(db=db, actor=actor, provider_id="RMY")
"""

from carewatch.services._db import Outcome, Stored
from carewatch.services.incidents.commands import (
    close_incident,
    link_incident,
    record_candour,
    record_incident,
    record_pfd_report,
    respond_incident,
)
from carewatch.services.incidents.imports import IncidentImportResult, import_incidents
from carewatch.services.incidents.measures import derive_incident_measures
from carewatch.services.incidents.models import (
    CandourEntry,
    IncidentChangeNeedsReason,
    IncidentChangeView,
    IncidentDetail,
    IncidentLinkView,
    IncidentView,
)
from carewatch.services.incidents.queries import (
    count_incidents,
    incident_detail,
    incident_summary,
    incidents_due,
    list_incidents,
    timeline_with_incidents,
)

__all__ = [
    "CandourEntry",
    "IncidentChangeNeedsReason",
    "IncidentChangeView",
    "IncidentDetail",
    "IncidentImportResult",
    "IncidentLinkView",
    "IncidentView",
    "Outcome",
    "Stored",
    "close_incident",
    "count_incidents",
    "derive_incident_measures",
    "import_incidents",
    "incident_detail",
    "incident_summary",
    "incidents_due",
    "link_incident",
    "list_incidents",
    "record_candour",
    "record_incident",
    "record_pfd_report",
    "respond_incident",
    "timeline_with_incidents",
]
