"""`carewatch incidents ...`: a trust's patient-safety incidents from the command line: record
one, list and show them, move the response, record candour notifications and coroners'
reports, close, link, and list the duty steps due.

Every write goes through one `carewatch.services.incidents` writer, which decides by the
actor (`--as EMAIL`, else the operator). Exit codes: 2 for input the command cannot accept, a
move the response's lifecycle refuses or a refusal by role (the message names the option or
the rule, never a patient's name or NHS number); 3 for an unknown trust or incident.
Patients' details are printed only with `--with-personal-data`, and each such read is
audited.
"""

from __future__ import annotations

from typing import TypeVar

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import (
    ODS_HELP,
    db_option,
    optional_date,
    parse_date,
    run,
    stored_words,
)
from carewatch.cli.output import emit_json, fail
from carewatch.domain.incidents import (
    FLAGS,
    PLAIN_FLAGS,
    AgeBand,
    Category,
    CqcCriterion,
    DutyStep,
    Ethnicity,
    EventType,
    Governance,
    Incident,
    IncidentLinkKind,
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
from carewatch.domain.metrics import UnknownMetric, metric
from carewatch.domain.words import Word
from carewatch.schemas.incidents import (
    DutyStepListPublic,
    DutyStepPublic,
    IncidentDetailPublic,
    IncidentListPublic,
    IncidentPublic,
    IncidentSummaryPublic,
    PatientPublic,
)
from carewatch.services import incidents
from carewatch.services.incidents import IncidentView
from carewatch.store.database import Database

__all__ = ["app"]

HELP = (
    "Patient-safety incidents: record, list and show a trust's incidents, move the response, "
    "record candour notifications and coroners' reports, close, link, list the duties due, "
    "and the public summary."
)
app = typer.Typer(help=HELP)

PROLONGED = {"yes": True, "no": False, "unknown": None}
PERSONAL_HELP = (
    "Include the patients' details (name, NHS number, age band, sex, ethnicity): only for "
    "the trust's own roles and the regulators, and every such read is audited."
)


W = TypeVar("W", bound=Word)


def _word(cls: type[W], text: str, option: str) -> W:
    try:
        return cls.parse(text)
    except UnknownIncidentWord:
        fail(f"{option}: not a known word: expected one of {', '.join(cls.values())}")


@app.command("add")
def add_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Option(..., "--reference", help="The trust's own reference for it."),
    occurred: str = typer.Option(..., "--occurred", help="The day it happened (YYYY-MM-DD)."),
    reported: str = typer.Option(
        ..., "--reported", help="The day it was reported, when every clock starts (YYYY-MM-DD)."
    ),
    category: str = typer.Option(..., "--category", help="e.g. medication, self_harm."),
    physical_harm: str = typer.Option(
        ..., "--physical-harm", help="none, low, moderate, severe or fatal (LFPSE's levels)."
    ),
    psychological_harm: str = typer.Option(
        "none", "--psychological-harm", help="none, low, moderate or severe."
    ),
    prolonged: str = typer.Option(
        "unknown",
        "--prolonged-psychological-harm",
        help="yes, no or unknown: whether the psychological harm lasts, or is likely to last, "
        "28 days in a row (decides the duty of candour for low or moderate psychological harm).",
    ),
    problems_in_care: str = typer.Option(
        "not_yet_judged",
        "--problems-in-care",
        help="For a death: not_yet_judged, not_linked, may_be_linked or more_likely_than_not "
        "(a review's judgement; PSIRF's national rules force a PSII on it).",
    ),
    event_type: str = typer.Option(
        "incident", "--event-type", help="incident, outcome, risk or good_care."
    ),
    patient_name: str = typer.Option("", "--patient-name", help="The patient's name."),
    nhs_number: str = typer.Option(
        "", "--nhs-number", help="The patient's NHS number (checked by its check digit)."
    ),
    age_band: str | None = typer.Option(None, "--age-band", help="e.g. 66_85_years."),
    sex: str | None = typer.Option(None, "--sex", help="female, male, not_known, ..."),
    ethnicity: str | None = typer.Option(None, "--ethnicity", help="LFPSE's ethnicity word."),
    description: str = typer.Option(
        "", "--description", help="What happened (free text: never shown publicly)."
    ),
    location: str = typer.Option("", "--location", help="The location's id."),
    core_service: str = typer.Option("", "--core-service", help="The CQC core service."),
    flags: list[str] = typer.Option(
        [],
        "--flag",
        help="duty_of_candour, cqc_notify, never_event, serious_incident, mental_health_act, "
        "mental_capacity_act, safeguarding_referral, hsib_notify or mental_health_homicide; "
        "repeatable. cqc_notify needs --cqc-criterion, never_event --never-event-type.",
    ),
    criteria: list[str] = typer.Option(
        [], "--cqc-criterion", help="death, serious_injury, abuse, service_stopped; repeatable."
    ),
    never_event_type: str | None = typer.Option(
        None, "--never-event-type", help="The Never Event's type (e.g. wrong_route_medication)."
    ),
    framework: str = typer.Option("psirf", "--framework", help="psirf or sif (before PSIRF)."),
    illustrative: bool = typer.Option(False, "--illustrative", help="Mark it as illustrative."),
    source_url: str = typer.Option("", "--source-url", help="A public source for it."),
    reason: str = typer.Option(
        "", "--reason", help="Why, when it is recorded already with other facts (required then)."
    ),
    db: str | None = db_option(),
) -> None:
    """Record an incident; prints its reference. The same facts again change nothing; other
    facts need --reason, and each changed field is kept (exit code 2 without one)."""
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        fail(f"--flag: not a flag: expected one of {', '.join(FLAGS)}")
    if prolonged not in PROLONGED:
        fail("--prolonged-psychological-harm: expected yes, no or unknown")
    cqc = frozenset(_word(CqcCriterion, c, "--cqc-criterion") for c in criteria)
    if ("cqc_notify" in flags) != bool(cqc):
        fail("--flag cqc_notify and --cqc-criterion go together: give both or neither")
    never = (
        _word(NeverEventType, never_event_type, "--never-event-type") if never_event_type else None
    )
    try:
        incident = Incident(
            reference=reference,
            trust=trust,
            occurred=parse_date(occurred, "--occurred"),
            reported=parse_date(reported, "--reported"),
            category=_word(Category, category, "--category"),
            physical_harm=_word(PhysicalHarm, physical_harm, "--physical-harm"),
            psychological_harm=_word(PsychologicalHarm, psychological_harm, "--psychological-harm"),
            event_type=_word(EventType, event_type, "--event-type"),
            location=location,
            core_service=core_service,
            governance=Governance(
                cqc_criteria=cqc,
                never_event="never_event" in flags,
                never_event_type=never,
                **{name: name in flags for name in PLAIN_FLAGS},
            ),
            prolonged_psychological_harm=PROLONGED[prolonged],
            problems_in_care=_word(ProblemsInCare, problems_in_care, "--problems-in-care"),
            description=description,
            illustrative=illustrative,
        )
    except InvalidIncident as exc:
        fail(f"--{exc.field.replace('_', '-')}: {exc}")
    given = [patient_name, nhs_number, age_band, sex, ethnicity]
    patient = None
    if any(given):
        try:
            patient = PatientDetails(
                name=patient_name,
                nhs_number=nhs_number,
                age_band=_word(AgeBand, age_band, "--age-band") if age_band else None,
                sex=_word(Sex, sex, "--sex") if sex else None,
                ethnicity=_word(Ethnicity, ethnicity, "--ethnicity") if ethnicity else None,
            )
        except InvalidNhsNumber as exc:
            fail(f"--nhs-number: {exc}")
        except InvalidPatientDetails as exc:
            fail(f"--patient-{exc.field.replace('_', '-')}: {exc}")
    frame = _word(ResponseFramework, framework, "--framework")
    stored = run(
        db,
        lambda database: incidents.record_incident(
            db=database,
            actor=acting_as(ctx, database),
            incident=incident,
            patient=patient,
            framework=frame,
            source_url=source_url,
            reason=reason,
        ),
    )
    said = stored_words(stored.outcome.value, stored.fields)
    typer.echo(f"{incident.trust}: incident {incident.reference} {said}")


@app.command("list")
def list_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the incidents as JSON."),
    with_personal_data: bool = typer.Option(False, "--with-personal-data", help=PERSONAL_HELP),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many of them first."),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Show at most this many (default: all)."
    ),
    db: str | None = db_option(),
) -> None:
    """The trust's incidents, newest reported first, with harm, category and the response's
    status. In JSON, `count` counts them all, as the API's list does, whatever the page."""

    def read(database: Database) -> tuple[tuple[IncidentView, ...], int]:
        actor = acting_as(ctx, database)
        found = incidents.list_incidents(
            db=database,
            actor=actor,
            trust=trust,
            with_personal_data=with_personal_data,
            offset=offset,
            limit=limit,
        )
        return found, incidents.count_incidents(db=database, actor=actor, trust=trust)

    found, total = run(db, read)
    if as_json:
        data = [IncidentPublic.from_view(v) for v in found]
        emit_json(IncidentListPublic(data=data, count=total))
        return
    if not found:
        typer.echo(f"{trust}: no incidents recorded.")
        return
    for v in found:
        i = v.incident
        mark = " [illustrative]" if i.illustrative else ""
        typer.echo(
            f"{i.reference}  reported {i.reported.isoformat()}  {i.category.label}; "
            f"{i.physical_harm.label.lower()}; {v.status.label.lower()}{mark}"
        )
        if v.patient is not None:
            typer.echo(f"  patient: {_patient_line(v.patient)}")


def _patient_line(p: PatientDetails) -> str:
    """The patient's details in words (only ever printed when asked for and allowed)."""
    shown = PatientPublic.from_details(p)
    parts = [
        shown.name or "-",
        f"NHS number {shown.nhs_number or '-'}",
        f"aged {p.age_band.label}" if p.age_band else "age unknown",
    ]
    if p.sex is not None:
        parts.append(p.sex.label)
    if p.ethnicity is not None:
        parts.append(p.ethnicity.label)
    return ", ".join(parts)


def _governance_lines(i: Incident) -> list[str]:
    """The governance facts recorded, in words."""
    g = i.governance
    flags = [
        label
        for label, on in (
            ("duty of candour applies", g.duty_of_candour),
            ("Serious Incident", g.serious_incident),
            ("detained under the Mental Health Act", g.mental_health_act),
            ("the Mental Capacity Act applied", g.mental_capacity_act),
            ("safeguarding referral", g.safeguarding_referral),
            ("HSIB notification", g.hsib_notify),
            ("mental-health homicide", g.mental_health_homicide),
        )
        if on
    ]
    if g.cqc_criteria:
        criteria = "; ".join(c.label for c in CqcCriterion if c in g.cqc_criteria)
        flags.append(f"CQC notification ({criteria})")
    if g.never_event_type is not None:
        flags.append(f"Never Event ({g.never_event_type.label})")
    prolonged = {True: "yes", False: "no", None: "not yet known"}
    lines = [f"flags: {', '.join(flags) or 'none recorded'}"]
    if i.psychological_harm is not PsychologicalHarm.NONE:
        lines.append(f"prolonged psychological harm: {prolonged[i.prolonged_psychological_harm]}")
    lines.append(f"problems in care: {i.problems_in_care.label.lower()}")
    return lines


def _link_line(kind: IncidentLinkKind, target: str) -> str:
    if kind is IncidentLinkKind.METRIC:
        try:
            return f"linked metric: {metric(target).name} ({target})"
        except UnknownMetric:
            return f"linked metric: {target}"
    return f"linked {kind.label.lower()}: {target}"


def _step_state(s: DutyStep) -> str:
    """A duty step's state in words: done on time or late, overdue by how long, or due."""
    if s.done_on is not None:
        if s.done_on > s.due:
            late = (s.done_on - s.due).days
            return f"done late, on {s.done_on.isoformat()} ({_days(late)} after)"
        return f"done on {s.done_on.isoformat()}"
    if s.overdue:
        return f"overdue by {_days(s.days_overdue)}"
    return "due"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


@app.command("show")
def show_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As of the end of this date, YYYY-MM-DD (default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the incident as JSON."),
    with_personal_data: bool = typer.Option(False, "--with-personal-data", help=PERSONAL_HELP),
    db: str | None = db_option(),
) -> None:
    """One incident: its facts, the response's moves, candour notifications, coroners'
    reports, changes, links and every duty step with its due date."""
    when = optional_date(as_of, "--as-of")
    d = run(
        db,
        lambda database: incidents.incident_detail(
            db=database,
            actor=acting_as(ctx, database),
            trust=trust,
            reference=reference,
            as_of=when,
            with_personal_data=with_personal_data,
        ),
    )
    if as_json:
        emit_json(IncidentDetailPublic.from_detail(d))
        return
    i = d.view.incident
    typer.echo(
        f"{i.trust}/{i.reference}: {i.category.label}{' [illustrative]' if i.illustrative else ''}"
    )
    typer.echo(f"  occurred {i.occurred.isoformat()}, reported {i.reported.isoformat()}")
    typer.echo(f"  harm: {i.physical_harm.label}; {i.psychological_harm.label}")
    for line in _governance_lines(i):
        typer.echo(f"  {line}")
    if i.description:
        typer.echo(f"  description: {i.description}")
    if d.view.patient is not None:
        typer.echo(f"  patient: {_patient_line(d.view.patient)}")
    typer.echo(f"  response: {d.view.response.framework.label}; {d.view.status.label}")
    for m in d.view.response.moves:
        extra = f" ({m.learning_response.label})" if m.learning_response else ""
        typer.echo(f"    {m.on.isoformat()} {m.to.label}{extra} by {m.by or '-'}")
    for c in d.candour:
        typer.echo(f"  candour: {c.step.label} on {c.given_on.isoformat()}")
    for r in d.pfd_reports:
        typer.echo(f"  PFD report {r.reference} of {r.report_date.isoformat()}")
    for ch in d.changes:
        typer.echo(f"  changed {ch.field} on {ch.changed_at.date().isoformat()}: {ch.reason}")
    for link in d.links:
        typer.echo(f"  {_link_line(link.kind, link.target)}")
    for s in d.steps:
        typer.echo(f"  duty {s.duty.value}: due {s.due.isoformat()}, {_step_state(s)}")
    typer.echo(f"  next: {', '.join(n.value for n in d.next_statuses) or 'none'}")


@app.command("due")
def due_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As things stood at the end of this date, YYYY-MM-DD (default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the duties as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every duty step not yet done, due or overdue: candour notifications, PFD responses,
    StEIS and SIF reports, learning responses by their agreed date."""
    when = optional_date(as_of, "--as-of")
    steps = run(
        db,
        lambda database: incidents.incidents_due(
            db=database, actor=acting_as(ctx, database), trust=trust, as_of=when
        ),
    )
    if as_json:
        data = [DutyStepPublic.from_step(s) for s in steps]
        emit_json(DutyStepListPublic(data=data, count=len(data)))
        return
    if not steps:
        typer.echo(f"{trust}: nothing due.")
        return
    for s in steps:
        late = f"overdue by {_days(s.days_overdue)}" if s.overdue else "due"
        typer.echo(f"{s.incident}  {s.duty.value}  {s.due.isoformat()}  {late}")


@app.command("derive-measures")
def derive_measures_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(
        None,
        "--as-of",
        help="Count the months complete by the end of this date, YYYY-MM-DD (default today).",
    ),
    db: str | None = db_option(),
) -> None:
    """Record the measures the trust's incidents give, month by month: medication errors
    reported, and the percentage investigated by their deadline (SIF report or learning
    response). Counts from 1 to 4 are stored as "fewer than 5". Deriving again with nothing
    changed writes nothing; a changed incident revises its month's figure."""
    when = optional_date(as_of, "--as-of")
    result = run(
        db,
        lambda database: incidents.derive_incident_measures(
            db=database, actor=acting_as(ctx, database), trust=trust, as_of=when
        ),
    )
    if result is None:
        typer.echo(f"{trust}: the measures from incidents are current; nothing written.")
        return
    typer.echo(
        f"{trust}: {result.new} new and {result.revised} revised observations "
        f"({result.unchanged} unchanged), data version {result.data_version_id}."
    )


@app.command("summary")
def summary_command(
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As things stood at the end of this date, YYYY-MM-DD (default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: str | None = db_option(),
) -> None:
    """What the public may know: counts by month, physical harm and category, and each
    duty's deadlines met and missed; counts from 1 to 4 shown as "fewer than 5"."""
    when = optional_date(as_of, "--as-of")
    found = run(
        db, lambda database: incidents.incident_summary(db=database, trust=trust, as_of=when)
    )
    if as_json:
        emit_json(IncidentSummaryPublic.from_summary(found))
        return
    mark = " (some illustrative)" if found.illustrative else ""
    typer.echo(
        f"{trust}: {found.total.shown} incidents reported by {found.as_of.isoformat()}{mark}"
    )
    for month, count in found.by_month:
        typer.echo(f"  {month}  {count.shown}")
    for harm, count in found.by_physical_harm:
        typer.echo(f"  {harm.label}: {count.shown}")
    for category, count in found.by_category:
        typer.echo(f"  {category.label}: {count.shown}")
    for d in found.deadlines:
        typer.echo(f"  {d.duty.value}: met {d.met.shown}, missed {d.missed.shown}")


@app.command("respond")
def respond_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    to: str = typer.Option(
        ..., "--to", help="decided, in_progress, submitted, closed, no_further_response, reopened."
    ),
    on: str = typer.Option(..., "--on", help="The day of the move (YYYY-MM-DD)."),
    learning_response: str | None = typer.Option(
        None,
        "--learning-response",
        help="When deciding under PSIRF: swarm_huddle, after_action_review, mdt_review or psii.",
    ),
    target: str | None = typer.Option(
        None,
        "--target",
        help="The date agreed with those affected for the learning response to finish "
        "(YYYY-MM-DD).",
    ),
    reason: str = typer.Option("", "--reason", help="Why (needed for no_further_response)."),
    by: str = typer.Option("", "--by", help="Who moved it (the operator only)."),
    db: str | None = db_option(),
) -> None:
    """Move the incident's response through its lifecycle (refused, exit code 2, when the
    lifecycle or a national rule does not allow it)."""
    day = parse_date(on, "--on")
    until = optional_date(target, "--target")
    status = run(
        db,
        lambda database: incidents.respond_incident(
            db=database, actor=acting_as(ctx, database), trust=trust, reference=reference,
            to=to, on=day, by=by, reason=reason, learning_response=learning_response,
            target=until,
        ),
    )  # fmt: skip
    typer.echo(f"{trust}: incident {reference} is {status.label.lower()}")


@app.command("close")
def close_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    on: str = typer.Option(..., "--on", help="The day it was signed off (YYYY-MM-DD)."),
    db: str | None = db_option(),
) -> None:
    """Close the incident's response once its report or findings were submitted."""
    day = parse_date(on, "--on")
    run(
        db,
        lambda database: incidents.close_incident(
            db=database, actor=acting_as(ctx, database), trust=trust, reference=reference, on=day
        ),
    )
    typer.echo(f"{trust}: incident {reference} is closed")


@app.command("candour")
def candour_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    step: str = typer.Option(..., "--step", help="verbal, written, update or final_letter."),
    on: str = typer.Option(..., "--on", help="The day it was given (YYYY-MM-DD)."),
    db: str | None = db_option(),
) -> None:
    """Record a notification given under the duty of candour."""
    day = parse_date(on, "--on")
    run(
        db,
        lambda database: incidents.record_candour(
            db=database, actor=acting_as(ctx, database), trust=trust, reference=reference,
            step=step, on=day,
        ),
    )  # fmt: skip
    typer.echo(f"{trust}: incident {reference}: candour {step} on {day.isoformat()} recorded")


@app.command("pfd")
def pfd_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    pfd_reference: str = typer.Option(..., "--pfd-reference", help="The report's reference."),
    report_date: str = typer.Option(
        ..., "--report-date", help="The day the coroner sent it (YYYY-MM-DD)."
    ),
    responded_on: str | None = typer.Option(
        None, "--responded-on", help="The day the trust replied (YYYY-MM-DD)."
    ),
    extended_to: str | None = typer.Option(
        None,
        "--extended-to",
        help="The end of an extension the coroner granted (YYYY-MM-DD): after the 56 days.",
    ),
    reason: str = typer.Option(
        "",
        "--reason",
        help="Why, when the report is recorded already with other facts (required then).",
    ),
    db: str | None = db_option(),
) -> None:
    """Record a coroner's Prevention of Future Deaths report about a death (a response is due
    56 days after it, or by the end of an extension). Refused (exit code 2) for an incident
    not recorded as a death or a report dated before it occurred. The same facts again
    change nothing; the reply's day or an extension may be added later; other facts need
    --reason, and each changed field is kept."""
    sent = parse_date(report_date, "--report-date")
    replied = optional_date(responded_on, "--responded-on")
    extended = optional_date(extended_to, "--extended-to")
    run(
        db,
        lambda database: incidents.record_pfd_report(
            db=database, actor=acting_as(ctx, database), trust=trust, reference=reference,
            pfd_reference=pfd_reference, report_date=sent, responded_on=replied,
            extended_to=extended, reason=reason,
        ),
    )  # fmt: skip
    typer.echo(f"{trust}: incident {reference}: PFD report {pfd_reference} recorded")


@app.command("link")
def link_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The incident's reference."),
    kind: str = typer.Option(..., "--kind", help="finding, action, metric or oversight_event."),
    target: str = typer.Option(
        ...,
        "--target",
        help="A finding's reference, FINDING/ACTION, a metric code, or an oversight event as "
        "DATE:KIND (2019-06-12:meeting).",
    ),
    db: str | None = db_option(),
) -> None:
    """Link the incident to a finding, an action, a metric or an oversight event."""
    run(
        db,
        lambda database: incidents.link_incident(
            db=database, actor=acting_as(ctx, database), trust=trust, reference=reference,
            kind=kind, target=target,
        ),
    )  # fmt: skip
    typer.echo(f"{trust}: incident {reference} linked to {kind} {target}")
