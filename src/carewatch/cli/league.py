"""NHS Oversight Framework segmentation: `carewatch import nof-segmentation FILE...`,
`carewatch oversight league-table` and `carewatch oversight segmentation ODS`."""

from __future__ import annotations

from pathlib import Path

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, exit_codes, open_database, run
from carewatch.cli.output import EXIT_INVALID_INPUT, emit_json, fail
from carewatch.domain.oversight.league import Quarter
from carewatch.ingest.nof_segmentation import SegmentationFile, read_nof_segmentation
from carewatch.ingest.records import IngestError
from carewatch.schemas.league import LeaguePlacePublic, LeagueTablePublic, SegmentationPublic
from carewatch.services.errors import ValueRefused
from carewatch.services.oversight import import_segmentation, peer_league_table, trust_segmentation

__all__ = ["import_command", "league_table_command", "segmentation_command"]


def import_command(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="Segmentation CSV files, one row per trust and quarter (see docs/oversight.md)."
    ),
    db: str | None = db_option(),
) -> None:
    """Import NHS Oversight Framework segmentation: each trust's segment, average metric
    score, financial override and league-table position for a quarter.

    Columns: Trust_code, Trust_name, Trust_type (the peer group), Quarter ("Q2 2025/26") and
    Segment are required; Average_metric_score, Financial_override and League_table_position
    are read when present. Every file is checked before anything is stored; each is stored all
    or nothing, and importing the same file again changes nothing. Needs the
    import_statistics permission (the regulator, NHS England; the operator).
    """
    files: list[SegmentationFile] = []
    for path in paths:
        try:
            files.append(read_nof_segmentation(path))
        except IngestError as exc:
            fail(f"{exc} (nothing was stored)", EXIT_INVALID_INPUT)
    with open_database(db) as database:
        actor = acting_as(ctx, database)
        for file in files:
            try:
                with exit_codes():
                    summary = import_segmentation(db=database, file=file, actor=actor)
            except ValueRefused as exc:
                fail(f"{file.file_name}: {exc} (nothing from this file was stored)")
            typer.echo(
                f"{summary.file_name}: {summary.rows} trust{'' if summary.rows == 1 else 's'}; "
                f"{summary.new} new, "
                f"{summary.changed} changed, {summary.unchanged} unchanged"
            )


def league_table_command(
    peer_group: str | None = typer.Option(
        None, "--peer-group", help="The peer group (e.g. Non-acute); default the first stored."
    ),
    quarter: str | None = typer.Option(
        None, "--quarter", help='The quarter, e.g. "Q2 2025/26"; default the latest stored.'
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the table as JSON."),
    db: str | None = db_option(),
) -> None:
    """A peer group's league table for a quarter: ranked by segment, then average metric score,
    beside the position NHS England published."""
    chosen: Quarter | None = None
    if quarter is not None:
        with exit_codes(refused="--quarter"):
            chosen = Quarter.parse(quarter)
    table = run(
        db,
        lambda database: peer_league_table(db=database, peer_group=peer_group, quarter=chosen),
    )
    if table is None:
        fail("no segmentation is stored: import a file with `carewatch import nof-segmentation`")
    if as_json:
        data = [LeaguePlacePublic.from_place(p) for p in table.places]
        emit_json(
            LeagueTablePublic(
                peer_group=table.peer_group,
                quarter=table.quarter.label,
                peer_groups=list(table.peer_groups),
                quarters=[q.label for q in table.quarters],
                data=data,
                count=len(data),
            )
        )
        return
    typer.echo(f"{table.peer_group} trusts, {table.quarter.label}")
    for place in table.places:
        e = place.entry
        score = "-" if e.average_metric_score is None else f"{e.average_metric_score:.2f}"
        published = "" if place.agrees in (None, True) else f" (published {e.published_position})"
        typer.echo(
            f"{place.position:>4}  segment {e.segment}  {score:>5}  {e.provider_id:<6} "
            f"{e.trust_name}{published}"
        )


def segmentation_command(
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    as_json: bool = typer.Option(False, "--json", help="Print the history as JSON."),
    db: str | None = db_option(),
) -> None:
    """A trust's published segmentation and league-table position, newest quarter first, and
    the checks against the financial override and the regime recorded here."""
    found = run(db, lambda database: trust_segmentation(db=database, provider_id=provider_id))
    if as_json:
        data = [LeaguePlacePublic.from_place(p) for p in found.places]
        emit_json(SegmentationPublic(data=data, count=len(data), checks=list(found.checks)))
        return
    if not found.places:
        typer.echo(f"{provider_id}: no NHS Oversight Framework segmentation is stored")
    for place in found.places:
        e = place.entry
        typer.echo(
            f"{e.quarter.label}: segment {e.segment}; position {place.position} of {place.of} "
            f"{e.peer_group} trusts"
        )
    for check in found.checks:
        typer.echo(f"  check: {check}")
