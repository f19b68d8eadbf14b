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
from typing import Any

import typer

from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_INVALID_INPUT, EXIT_NOT_FOUND, emit_json, fail
from carewatch.cli.spc import to_json, to_table
from carewatch.domain.metrics import MetricBatch, MetricDefinition, SeriesPoint, Unit
from carewatch.ingest.metric_csv import TEMPLATE
from carewatch.ingest.records import IngestError
from carewatch.services.errors import NotFound
from carewatch.services.metrics import (
    ImportResult,
    InvalidMetricRecord,
    MetricImportRejected,
    MetricSeries,
    MetricSpc,
    ValueTooLong,
    import_metrics,
    metric_catalogue,
    metric_series,
    metric_spc,
    record_recalculation,
)

app = typer.Typer(
    help=(
        "Metrics: the catalogue, a trust's observations and data versions, SPC charts by "
        "Making Data Count rules, recorded recalculations, and the CSV template."
    )
)

ODS_HELP = "A trust's ODS code (e.g. RMY)."
METRIC_HELP = "A metric code from `carewatch metrics list` (e.g. cmh_4ww)."
AS_OF_HELP = "As published on or before this date (YYYY-MM-DD; default: everything stored)."


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")


def definition_json(m: MetricDefinition) -> dict[str, Any]:
    """A metric definition as JSON."""
    return {
        "code": m.code,
        "name": m.name,
        "description": m.description,
        "unit": m.unit.value,
        "polarity": m.polarity.value,
        "polarity_reason": m.polarity_reason or None,
        "frequency": m.frequency.value,
        "level": m.level.value,
        "core_service": m.core_service or None,
        "target": None if m.target is None else m.target.value,
        "target_kind": m.target_kind.value,
        "target_source": None if m.target is None else m.target.source,
        "fix_after": m.fix_after,
        "data_source": m.data_source,
    }


def point_json(p: SeriesPoint) -> dict[str, Any]:
    """An observation as shown, with its data version and earlier versions."""

    def version(o: Any) -> dict[str, Any]:
        v = o.version
        return {
            "value": o.value,
            "suppressed": o.suppressed,
            "numerator": o.numerator,
            "denominator": o.denominator,
            "source": o.source,
            "data_version": {
                "id": v.id,
                "kind": v.kind.value,
                "file_name": v.file_name,
                "publication": v.publication,
                "published_on": v.published_on.isoformat(),
                "sha256": v.sha256,
            },
        }

    return {
        "period_start": p.period_start.isoformat(),
        "period_end": p.period_end.isoformat(),
        **version(p.current),
        "revised": p.revised,
        "earlier_versions": [version(e) for e in p.earlier],
    }


def series_json(series: MetricSeries) -> dict[str, Any]:
    return {
        "org_code": series.org_code,
        "org_name": series.org_name,
        "metric": definition_json(series.definition),
        "as_of": series.as_of.isoformat() if series.as_of else None,
        "observations": [point_json(p) for p in series.points],
        "recalculations": [
            {"at": r.at.isoformat(), "reason": r.reason, "recorded_on": r.recorded_on.isoformat()}
            for r in series.recalculations
        ],
        "annotations": [{"on": a.on.isoformat(), "label": a.label} for a in series.annotations],
    }


def spc_json(spc: MetricSpc) -> dict[str, Any]:
    """The stored metric's chart in the shape `carewatch spc analyse --json` prints, with
    the metric and organisation, and `problem` when there is no chart."""
    base: dict[str, Any] = {
        "org_code": spc.series.org_code,
        "metric": spc.series.definition.code,
        "as_of": spc.series.as_of.isoformat() if spc.series.as_of else None,
        "problem": spc.problem,
    }
    if spc.result is None:
        return {**base, "points": [], "phases": [], "variation": None, "assurance": None}
    return {**base, **to_json(spc.result)}


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
        emit_json({"data": [definition_json(m) for m in catalogue], "count": len(catalogue)})
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
    when = _date(as_of, "--as-of")
    try:
        with open_database(db) as database:
            series = metric_series(db=database, org_code=org_code, metric_code=metric, as_of=when)
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    if as_json:
        emit_json(series_json(series))
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
            f"{_value(p, d.unit)}{mark} [{v.file_name}, published {v.published_on}]"
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
    when = _date(as_of, "--as-of")
    try:
        with open_database(db) as database:
            spc = metric_spc(db=database, org_code=org_code, metric_code=metric, as_of=when)
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    if as_json:
        emit_json(spc_json(spc))
        return
    typer.echo(f"{spc.series.org_name} ({spc.series.org_code}): {spc.series.definition.name}")
    if spc.result is None:
        typer.echo(spc.problem or "No chart.")
        return
    typer.echo(to_table(spc.result))


@app.command("recalculate")
def recalculate_command(
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
    replaces the reason."""
    when = _date(at, "--at")
    recorded = _date(recorded_on, "--recorded-on")
    if when is None:
        fail("--at: give a date (YYYY-MM-DD)")
    try:
        with open_database(db) as database:
            record_recalculation(
                db=database,
                org_code=org_code,
                metric_code=metric,
                at=when,
                reason=reason,
                recorded_on=recorded,
                source=source,
            )
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    except (InvalidMetricRecord, ValueTooLong) as exc:
        fail(f"--{exc.field.replace('_', '-')}: {str(exc).split(': ', 1)[-1]}")
    typer.echo(f"Recorded: {metric} for {org_code} recalculated from {when.isoformat()}.")


@app.command("template")
def template_command() -> None:
    """Print the observations CSV template for `carewatch import metrics-csv`: one row per
    organisation, metric and period; `*` marks a suppressed value."""
    typer.echo(TEMPLATE, nl=False)


def describe_import(result: ImportResult) -> str:
    """One line saying what an import did."""
    if result.already_imported:
        return f"{result.file_name}: already imported (same SHA-256); nothing new"
    return (
        f"{result.file_name}: {result.observations_read} observations read "
        f"({result.suppressed} suppressed); {result.new} new, {result.revised} revised, "
        f"{result.unchanged} unchanged; published {result.published_on}"
    )


def run_imports(
    paths: Sequence[Path],
    read: Callable[[Path], MetricBatch],
    *,
    db: str | None,
    published_on: str | None,
) -> None:
    """Read every file first (stop at the first invalid one, storing nothing), then store
    each file in its own transaction, all or nothing."""
    when = _date(published_on, "--published-on")
    batches = []
    for path in paths:
        try:
            batches.append(read(path))
        except IngestError as exc:
            fail(f"{exc} (nothing was stored)", EXIT_INVALID_INPUT)
    with open_database(db) as database:
        for batch in batches:
            try:
                result = import_metrics(db=database, batch=batch, published_on=when)
            except MetricImportRejected as exc:
                fail(f"{exc} (nothing from this file was stored)", EXIT_INVALID_INPUT)
            typer.echo(describe_import(result))


def month_option(text: str | None, option: str) -> dt.date | None:
    """The first day of the month `text` names (YYYY-MM); exit 2 naming `option` if none."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        fail(f"{option}: {text!r} is not a month (YYYY-MM)")


PUBLISHED_ON_HELP = (
    "When the files were published (YYYY-MM-DD), for files that do not say; default: today. "
    "'As published on' views use it."
)
