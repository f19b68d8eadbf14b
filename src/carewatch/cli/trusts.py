"""`carewatch trusts`: is this trust getting better? The verdict with its evidence, and what
changed since its last inspection, as text or as the API's JSON."""

from __future__ import annotations

import typer

from carewatch.cli.common import db_option, optional_date, run
from carewatch.cli.output import emit_json
from carewatch.schemas.overview import ChangesPublic, OverviewPublic
from carewatch.services.overview import trust_changes, trust_overview

__all__ = ["app"]

app = typer.Typer(
    help="Is this trust getting better? The verdict with its evidence, and what changed since "
    "its last inspection.\n\nPublic data only: what anyone may see on the trust's page.",
    no_args_is_help=True,
)

_MARKS = {"better": "+", "worse": "-", "neutral": "=", "missing": "?"}


@app.command("overview")
def overview_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As known on this date (YYYY-MM-DD; default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the overview as JSON."),
    db: str | None = db_option(),
) -> None:
    """Is the trust getting better? The verdict in plain English, then each part of the
    evidence (+ better, - worse, = neither, ? missing or out of date) with what is missing
    and the page that shows its detail. Public data only."""
    when = optional_date(as_of, "--as-of")
    found = run(db, lambda d: trust_overview(db=d, provider_id=provider_id, as_of=when))
    document = OverviewPublic.from_overview(found.overview)
    if as_json:
        emit_json(document)
        return
    typer.echo(f"{document.name} ({document.provider_id}) as of {document.as_of.isoformat()}")
    typer.echo(f"Verdict: {document.verdict_label}")
    typer.echo(document.headline)
    for part in document.evidence:
        typer.echo(f"  {_MARKS[part.direction]} {part.title}: {part.sentence}")
        for note in part.notes:
            typer.echo(f"      {note}")
        typer.echo(f"      see {part.detail}")


@app.command("changes")
def changes_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="As known on this date (YYYY-MM-DD; default today)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the changes as JSON."),
    db: str | None = db_option(),
) -> None:
    """What changed since the trust's last inspection: the regime, ratings that moved (the
    trust's and its core services'), enforcement issued or ended, must-dos met and still
    open, measures now showing special cause."""
    when = optional_date(as_of, "--as-of")
    changes = run(db, lambda d: trust_changes(db=d, provider_id=provider_id, as_of=when))
    document = ChangesPublic.from_changes(changes)
    if as_json:
        emit_json(document)
        return
    typer.echo(f"{provider_id} as of {document.as_of.isoformat()}")
    typer.echo(document.heading + (":" if document.since else ""))
    for line in document.lines:
        typer.echo(f"  {line}")
    if document.since and not document.lines:
        typer.echo("  Nothing recorded has changed.")
