"""A trust's incidents, exported from its own incident system as the documented CSV
(docs/templates/incidents.csv; docs/imports.md, "Incidents"), one row per incident:

    org_code,reference,event_type,occurred,reported,category,physical_harm,
    psychological_harm,prolonged_psychological_harm,problems_in_care,location,core_service,
    duty_of_candour,cqc_criteria,never_event_type,serious_incident,mental_health_act,
    mental_capacity_act,safeguarding_referral,hsib_notify,mental_health_homicide,framework,
    description,illustrative,source_url,patient_name,nhs_number,age_band,sex,ethnicity

`org_code`, `reference`, `occurred`, `reported`, `category` and `physical_harm` are required;
the other columns may be left out or empty. A column the template does not name (a misspelt
`nhs_numbr`, say) is refused, naming it, rather than dropped with what it holds; so is a row
with fewer fields than the header. Words are LFPSE's (or its numeric codes, or
carewatch's values: see docs/incidents.md); flags are `yes` or `no` (empty: no);
`cqc_criteria` lists criteria separated by `;`; a `never_event_type` marks a Never Event;
`framework` is `psirf` (the default) or `sif`. A row whose patient columns are all empty
records no patient details.

The reader validates every row and returns an `IncidentBatch` or raises `IngestError` naming
the file, row and column. It never quotes a cell: a wrong word is named by its column and
the words expected, and a patient's name or NHS number can never reach the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carewatch.domain.incidents import (
    PLAIN_FLAGS,
    AgeBand,
    Category,
    CqcCriterion,
    Ethnicity,
    EventType,
    Governance,
    Incident,
    InvalidIncident,
    InvalidNhsNumber,
    InvalidPatientDetails,
    NeverEventType,
    PatientDetails,
    PhysicalHarm,
    ProblemsInCare,
    PsychologicalHarm,
    ResponseFramework,
    Sex,
    UnknownIncidentWord,
)
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile, CsvRow

__all__ = [
    "INCIDENT_COLUMNS",
    "INCIDENT_TEMPLATE",
    "IncidentBatch",
    "IncidentRecord",
    "read_incident_csv",
]

INCIDENT_COLUMNS = (
    "org_code",
    "reference",
    "event_type",
    "occurred",
    "reported",
    "category",
    "physical_harm",
    "psychological_harm",
    "prolonged_psychological_harm",
    "problems_in_care",
    "location",
    "core_service",
    "duty_of_candour",
    "cqc_criteria",
    "never_event_type",
    "serious_incident",
    "mental_health_act",
    "mental_capacity_act",
    "safeguarding_referral",
    "hsib_notify",
    "mental_health_homicide",
    "framework",
    "description",
    "illustrative",
    "source_url",
    "patient_name",
    "nhs_number",
    "age_band",
    "sex",
    "ethnicity",
)
REQUIRED = ("org_code", "reference", "occurred", "reported", "category", "physical_harm")
PATIENT_COLUMNS = ("patient_name", "nhs_number", "age_band", "sex", "ethnicity")

INCIDENT_TEMPLATE = (
    ",".join(INCIDENT_COLUMNS) + "\n"
    "RMY,W2019-0412,incident,2019-04-11,2019-04-12,medication,low,none,,not_yet_judged,"
    "RMY01,,no,,,no,no,no,no,no,no,psirf,Dose given twice,no,,,,66_85_years,female,"
    "not_known\n"
    "RMY,W2019-0588,incident,2019-05-20,2019-05-21,self_harm,moderate,moderate,yes,"
    "not_linked,,,yes,serious_injury,,no,"
    "yes,no,no,no,no,psirf,,no,,,,,,\n"
)
"""The template with two example rows, without patients' names or NHS numbers
(docs/templates/incidents.csv is a copy)."""


@dataclass(frozen=True)
class IncidentRecord:
    """One row read: the incident, its patient's details (None when the row gives none), the
    response framework and the source address, with the row's number."""

    row: int
    incident: Incident
    patient: PatientDetails | None
    framework: ResponseFramework
    source_url: str


@dataclass(frozen=True)
class IncidentBatch:
    """Every incident of one file, validated, for one trust."""

    file_name: str
    sha256: str
    trust: str
    records: tuple[IncidentRecord, ...]


def read_incident_csv(path: Path) -> IncidentBatch:
    """Read a file of incidents in the template, all or nothing (see the module docstring).

    A file holds one trust's incidents: a row of another trust is refused, as is a reference
    given twice."""
    file = CsvFile(path)
    at = file.template_header(
        REQUIRED, INCIDENT_COLUMNS, "incidents template (docs/templates/incidents.csv)"
    )
    records: list[IncidentRecord] = []
    seen: dict[str, int] = {}
    for number, cells in file.rows(whole=True):
        row = _Row(file, number, cells, at)
        record = row.record()
        if records and record.incident.trust != records[0].incident.trust:
            raise file.error(
                f"names another trust than row {records[0].row}: a file holds one trust's "
                "incidents",
                number,
                "org_code",
            )
        reference = record.incident.reference
        if reference in seen:
            raise file.error(f"repeats the reference of row {seen[reference]}", number, "reference")
        seen[reference] = number
        records.append(record)
    if not records:
        raise file.error("has no data rows")
    return IncidentBatch(file.name, file.sha256, records[0].incident.trust, tuple(records))


# The domain's field names that are not the file's column names.
_COLUMN_OF_FIELD = {"trust": "org_code", "name": "patient_name", "never_event": "never_event_type"}


class _Row(CsvRow):
    """One data row being read; every error names the file, this row and the column."""

    def criteria(self) -> frozenset[CqcCriterion]:
        found = set()
        for part in filter(None, (p.strip() for p in self.cell("cqc_criteria").split(";"))):
            try:
                found.add(CqcCriterion.parse(part))
            except UnknownIncidentWord:
                allowed = ", ".join(CqcCriterion.values())
                raise self.error(
                    f"is not a list of known criteria: expected some of {allowed}, separated by ;",
                    "cqc_criteria",
                ) from None
        return frozenset(found)

    def incident(self) -> Incident:
        never = self.word(NeverEventType, "never_event_type")
        prolonged = (
            self.flag("prolonged_psychological_harm")
            if self.cell("prolonged_psychological_harm")
            else None
        )
        description = self.free_text("description")
        try:
            return Incident(
                reference=self.required("reference", 64),
                trust=self.required("org_code", text.ID).upper(),
                occurred=self.day("occurred"),
                reported=self.day("reported"),
                category=self.required_word(Category, "category"),
                physical_harm=self.required_word(PhysicalHarm, "physical_harm"),
                psychological_harm=self.word(PsychologicalHarm, "psychological_harm")
                or PsychologicalHarm.NONE,
                event_type=self.word(EventType, "event_type") or EventType.INCIDENT,
                location=self.text("location", text.ID),
                core_service=self.text("core_service", text.CODE),
                governance=Governance(
                    cqc_criteria=self.criteria(),
                    never_event=never is not None,
                    never_event_type=never,
                    **{name: self.flag(name) for name in PLAIN_FLAGS},
                ),
                prolonged_psychological_harm=prolonged,
                problems_in_care=self.word(ProblemsInCare, "problems_in_care")
                or ProblemsInCare.NOT_YET_JUDGED,
                description=description,
                illustrative=self.flag("illustrative"),
            )
        except InvalidIncident as exc:
            raise self.error(str(exc), _COLUMN_OF_FIELD.get(exc.field, exc.field)) from None

    def patient(self) -> PatientDetails | None:
        if not any(self.cell(c) for c in PATIENT_COLUMNS):
            return None
        try:
            return PatientDetails(
                name=self.text("patient_name", 200),
                nhs_number=self.cell("nhs_number"),
                age_band=self.word(AgeBand, "age_band"),
                sex=self.word(Sex, "sex"),
                ethnicity=self.word(Ethnicity, "ethnicity"),
            )
        except InvalidNhsNumber as exc:
            raise self.error(str(exc), "nhs_number") from None
        except InvalidPatientDetails as exc:
            raise self.error(str(exc), _COLUMN_OF_FIELD.get(exc.field, exc.field)) from None

    def record(self) -> IncidentRecord:
        return IncidentRecord(
            row=self.number,
            incident=self.incident(),
            patient=self.patient(),
            framework=self.word(ResponseFramework, "framework") or ResponseFramework.PSIRF,
            source_url=self.text("source_url", text.URL),
        )
