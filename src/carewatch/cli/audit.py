"""`carewatch audit verify|log|checkpoint`: prove the audit trail is intact, read it, and
export its head to compare later."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_FAILURE, emit_json, fail
from carewatch.domain.access import Forbidden, SignInRequired
from carewatch.schemas.audit import AuditLogPublic
from carewatch.services import audit

app = typer.Typer(help="Verify and read the tamper-evident audit trail.", no_args_is_help=True)


def _moment(text: str | None, option: str) -> dt.datetime | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD)")
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _checkpoint(path: Path) -> audit.Checkpoint:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return audit.Checkpoint(int(data["seq"]), str(data["hash"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"{path}: not a checkpoint written by `carewatch audit checkpoint` ({exc})")


@app.command("verify")
def verify_command(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    against: Path | None = typer.Option(
        None,
        "--against",
        help="A checkpoint file from `audit checkpoint` to compare with.",
        show_default=False,
    ),
    db: str | None = db_option(),
) -> None:
    """Walk the whole chain; exit 0 when intact, 1 naming the first broken event when not.

    JSON: {"ok": bool, "events": N, "first_bad": seq or null}.
    """
    earlier = _checkpoint(against) if against is not None else None
    with open_database(db) as database:
        result = audit.verify(database, against=earlier)
    if as_json:
        emit_json({"ok": result.ok, "events": result.events, "first_bad": result.first_bad})
    elif result.ok:
        typer.echo(f"the audit trail is intact: {result.events} events")
    else:
        typer.echo(
            f"the audit trail is broken at event {result.first_bad}: {result.reason}", err=True
        )
    if not result.ok:
        raise typer.Exit(EXIT_FAILURE)


@app.command("checkpoint")
def checkpoint_command(
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write it to this file (default: print it).",
        show_default=False,
    ),
    db: str | None = db_option(),
) -> None:
    """Export the chain's head ({"seq", "hash"}): keep it somewhere else, and later run
    `audit verify --against FILE` to prove nothing before it changed."""
    with open_database(db) as database:
        head = audit.checkpoint(database)
    text = json.dumps({"seq": head.seq, "hash": head.hash}) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote the checkpoint at event {head.seq} to {output}")


@app.command("log")
def log_command(
    ctx: typer.Context,
    actor: str | None = typer.Option(None, "--actor", help="Only this actor (an email)."),
    entity: str | None = typer.Option(None, "--entity", help="Only this kind of record."),
    start: str | None = typer.Option(None, "--from", help="From this date (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Before this date (YYYY-MM-DD)."),
    limit: int = typer.Option(500, "--limit", help="At most this many, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    db: str | None = db_option(),
) -> None:
    """The audit trail, newest first: who did what to which record, and when."""
    begin, finish = _moment(start, "--from"), _moment(end, "--to")
    with open_database(db) as database:
        try:
            entries = audit.audit_log(
                database,
                acting_as(ctx, database),
                by=actor,
                entity=entity,
                start=begin,
                end=finish,
                limit=limit,
            )
        except (SignInRequired, Forbidden) as exc:
            fail(f"not allowed: {exc}")
    if as_json:
        emit_json(AuditLogPublic.from_entries(entries))
        return
    for e in entries:
        typer.echo(f"{e.seq}\t{e.at}\t{e.actor}\t{e.action}\t{e.entity} {e.entity_id}")
