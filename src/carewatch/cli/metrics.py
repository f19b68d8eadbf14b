"""`carewatch metrics ...`: the metric catalogue, a trust's observations with their data
versions, SPC charts of stored metrics, recorded recalculations, and the observations CSV
template.

Exit codes: 2 for input the command cannot accept (the message names the option), 3 for an
unknown trust or metric.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import (
    ODS_HELP,
    db_option,
    exit_codes,
    open_database,
    optional_date,
    parse_date,
    run,
)
from carewatch.cli.output import EXIT_INVALID_INPUT, emit_json, fail
from carewatch.cli.spc import to_table
from carewatch.domain.metrics import MetricBatch, SeriesPoint, Unit
from carewatch.ingest.metric_csv import TEMPLATE
from carewatch.ingest.records import IngestError
from carewatch.schemas.metrics import MetricPublic, MetricsPublic, ObservationsPublic, SpcPublic
from carewatch.services.metrics import (
    ImportResult,
    InvalidMetricRecord,
    MetricImportRejected,
    ValueRefused,
    import_metrics,
    metric_catalogue,
    metric_series,
    metric_spc,
    record_recalculation,
)
from carewatch.store.database import Database

app = typer.Typer(
    help=(
        "Metrics: the catalogue, a trust's observations and data versions, SPC charts by "
        "Making Data Count rules, recorded recalculations, and the CSV template."
    )
)

METRIC_HELP = "A metric code from `carewatch metrics list` (e.g. cmh_4ww)."
AS_OF_HELP = "As published on or before this date (YYYY-MM-DD; default: everything stored)."


def _value(p: SeriesPoint, unit: Unit) -> str:
    if p.current.suppressed:
        return "suppressed"
    suffix = {Unit.PERCENT: "%", Unit.COUNT: ""}.get(unit, f" {unit.label}")
    return f"{p.value:g}{suffix}"


@app.command("list")
def list_command(
    as_json: bool = typer.Option(False, "--json", help="Print the catalogue as JSON."),
    db: str | None = db_option(),
) -> None:
    """The metric catalogue: code, name, which way is better, target and the target's source."""
    with open_database(db) as database:
        catalogue = metric_catalogue(db=database)
    if as_json:
        data = [MetricPublic.from_definition(m) for m in catalogue]
        emit_json(MetricsPublic(data=data, count=len(data)))
        return
    for m in catalogue:
        target = "no target" if m.target is None else f"target {m.target.value:g}"
        kind = "" if m.target is None else f" ({m.target.kind.label.lower()})"
        typer.echo(f"{m.code}: {m.name} [{m.polarity.label.lower()}; {target}{kind}]")


@app.command("show")
def show_command(
    org_code: str = typer.Argument(..., help=ODS_HELP),
    metric: str = typer.Argument(..., help=METRIC_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the observations as JSON."),
    db: str | None = db_option(),
) -> None:
    """A metric's observations for a trust, each with the data version (file, publication,
    SHA-256) it came from; a revised value is marked and its earlier versions kept."""
    when = optional_date(as_of, "--as-of")
    series = run(
        db,
        lambda database: metric_series(
            db=database, org_code=org_code, metric_code=metric, as_of=when
        ),
    )
    if as_json:
        emit_json(ObservationsPublic.from_series(series))
        return
    d = series.definition
    typer.echo(f"{series.org_name} ({series.org_code}): {d.name}")
    if not series.points:
        typer.echo("  no observations")
    for p in series.points:
        mark = " (revised)" if p.revised else ""
        v = p.current.version
        typer.echo(
            f"  {p.period_start.isoformat()} to {p.period_end.isoformat()}: "
            f"{_value(p, d.unit)}{mark} [{v.file_name}, {published(v.published_on)}]"
        )


@app.command("spc")
def spc_command(
    org_code: str = typer.Argument(..., help=ODS_HELP),
    metric: str = typer.Argument(..., help=METRIC_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the chart as JSON."),
    db: str | None = db_option(),
) -> None:
    """An XmR chart of a stored metric by Making Data Count rules: the metric's polarity and
    target, its fixed baseline and its recorded recalculations; suppressed values are gaps."""
    when = optional_date(as_of, "--as-of")
    spc = run(
        db,
        lambda database: metric_spc(db=database, org_code=org_code, metric_code=metric, as_of=when),
    )
    if as_json:
        emit_json(SpcPublic.from_spc(spc))
        return
    typer.echo(f"{spc.series.org_name} ({spc.series.org_code}): {spc.series.definition.name}")
    if spc.result is None:
        typer.echo(spc.problem or "No chart.")
        return
    typer.echo(to_table(spc.result))


@app.command("recalculate")
def recalculate_command(
    ctx: typer.Context,
    org_code: str = typer.Argument(..., help=ODS_HELP),
    metric: str = typer.Argument(..., help=METRIC_HELP),
    at: str = typer.Option(
        ...,
        "--at",
        help="The new phase starts with the first period ending on or after this date "
        "(YYYY-MM-DD).",
    ),
    reason: str = typer.Option(..., "--reason", help="Why the limits are recalculated."),
    recorded_on: str | None = typer.Option(
        None, "--recorded-on", help="When the decision was made (YYYY-MM-DD; default today)."
    ),
    source: str = typer.Option("", "--source", help="Where the decision is recorded (URL)."),
    db: str | None = db_option(),
) -> None:
    """Record a decision to recalculate a metric's SPC limits for a trust from a date, with
    its reason. Limits are never recalculated automatically. Recording the same date again
    replaces the reason. Needs the import_statistics permission (the regulator, NHS England;
    the operator)."""
    when = parse_date(at, "--at")
    recorded = optional_date(recorded_on, "--recorded-on")

    def recalculate(database: Database) -> None:
        try:
            record_recalculation(
                db=database,
                actor=acting_as(ctx, database),
                org_code=org_code,
                metric_code=metric,
                at=when,
                reason=reason,
                recorded_on=recorded,
                source=source,
            )
        except (InvalidMetricRecord, ValueRefused) as exc:
            # Both name the field: blame the option that gave it.
            fail(f"--{exc.field.replace('_', '-')}: {str(exc).split(': ', 1)[-1]}")

    run(db, recalculate)
    typer.echo(f"Recorded: {metric} for {org_code} recalculated from {when.isoformat()}.")


@app.command("template")
def template_command() -> None:
    """Print the observations CSV template for `carewatch import metrics-csv`: one row per
    organisation, metric and period; `*` marks a suppressed value."""
    typer.echo(TEMPLATE, nl=False)


def published(on: dt.date | None) -> str:
    """ "published 2024-07-11", or that the date is unknown (never the day it was imported)."""
    return "publication date unknown" if on is None else f"published {on.isoformat()}"


def describe_import(result: ImportResult) -> str:
    """One line saying what an import did."""
    if result.already_imported:
        return f"{result.file_name}: already imported (same SHA-256); nothing new"
    return (
        f"{result.file_name}: {result.observations_read} observations read "
        f"({result.suppressed} suppressed); {result.new} new, {result.revised} revised, "
        f"{result.unchanged} unchanged; {published(result.published_on)}"
    )


def run_imports(
    ctx: typer.Context,
    paths: Sequence[Path],
    read: Callable[[Path], MetricBatch],
    *,
    db: str | None,
    published_on: str | None,
) -> None:
    """Read every file first (stop at the first invalid one, storing nothing), then store
    each file in its own transaction, all or nothing, as the command's actor (`--as`, else
    the operator; a role without import_statistics exits 2 with nothing stored)."""
    when = optional_date(published_on, "--published-on")
    batches = []
    for path in paths:
        try:
            batches.append(read(path))
        except IngestError as exc:
            fail(f"{exc} (nothing was stored)", EXIT_INVALID_INPUT)
    with open_database(db) as database:
        actor = acting_as(ctx, database)
        for batch in batches:
            try:
                with exit_codes():
                    result = import_metrics(
                        db=database, batch=batch, published_on=when, actor=actor
                    )
            except MetricImportRejected as exc:
                fail(f"{exc} (nothing from this file was stored)", EXIT_INVALID_INPUT)
            typer.echo(describe_import(result))


PUBLISHED_ON_HELP = (
    "When the files were published (YYYY-MM-DD), for files that do not say; without it their "
    "publication date is stored as unknown (an 'as published on' view then counts them from "
    "the day they were imported)."
)
