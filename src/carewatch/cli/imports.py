"""`carewatch import ...`: real CQC data into the database, one file at a time, all or nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from carewatch.cli.common import db_option, open_database
from carewatch.cli.output import EXIT_FAILURE, EXIT_INVALID_INPUT, fail
from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.ingest.download import DownloadError, download_latest_ratings
from carewatch.ingest.records import ImportBatch, IngestError
from carewatch.services.ratings import ImportFailed, ImportRejected, ImportSummary, import_batch
from carewatch.store.database import Database

app = typer.Typer(help="Import CQC data: API JSON records or the monthly ratings spreadsheet.")

err = Console(stderr=True)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error (none when quiet or not a terminal)."""
    if quiet or not err.is_terminal:
        yield lambda done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def describe(summary: ImportSummary) -> str:
    ratings = summary.tables.get("ratings")
    detail = (
        f"{ratings.new} new, {ratings.changed} changed, {ratings.unchanged} unchanged ratings"
        if ratings
        else "no ratings"
    )
    return (
        f"{summary.source}: {detail}; {summary.new} new and {summary.changed} changed rows in "
        f"all; {summary.aggregates} aggregates proposed"
    )


def store(db: Database, batches: Sequence[ImportBatch], quiet: bool) -> None:
    """Import each file's batch in its own transaction; stop at the first failure."""
    for batch in batches:
        with progress_bar(f"Storing {batch.source}", quiet) as update:
            try:
                summary = import_batch(db=db, batch=batch, progress=update)
            except ImportRejected as exc:
                fail(f"{batch.source}: {exc} (nothing from this file was stored)")
            except ImportFailed as exc:
                fail(f"{batch.source}: {exc} (nothing from this file was stored)", EXIT_FAILURE)
        typer.echo(describe(summary))


@app.command("cqc-api")
def cqc_api(
    paths: list[Path] = typer.Argument(
        ..., help="CQC API JSON: record files, folders of them, or JSON lines files."
    ),
    db: str | None = db_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Import CQC syndication API location or provider records.

    Reads current, service, historic and inherited ratings, "No published rating" and
    "Inspected but not rated". Every file is checked before anything is stored; each file is
    then stored all or nothing. Importing the same file again changes nothing.
    """
    with progress_bar("Reading", quiet) as update:
        try:
            batches = read_cqc_api(paths, progress=update)
        except IngestError as exc:
            fail(str(exc), EXIT_INVALID_INPUT)
    with open_database(db) as database:
        store(database, batches, quiet)


def _fetch(url: str, folder: Path) -> Path:
    try:
        return download_latest_ratings(url, folder)
    except DownloadError as exc:
        fail(str(exc), EXIT_FAILURE)


@app.command("cqc-ratings")
def cqc_ratings(
    file: Path | None = typer.Argument(None, help="CQC's 'Latest ratings' file: ODS, XLSX or CSV."),
    url: str | None = typer.Option(
        None, "--url", help="Download the file from this address first (needs the network)."
    ),
    db: str | None = db_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Import CQC's monthly "Latest ratings" spreadsheet (Locations and Providers sheets).

    A malformed row is reported with its file, sheet, row and column, and nothing from the
    file is stored. Importing the same file again changes nothing.
    """
    if file is not None and url is not None:
        fail("give either a FILE or --url, not both")
    with tempfile.TemporaryDirectory(prefix="carewatch-") as folder:
        if url is not None:
            source = _fetch(url, Path(folder))
        elif file is not None:
            source = file
        else:
            fail("give a FILE to import, or --url to download one")
        with progress_bar(f"Reading {source.name}", quiet) as update:
            try:
                batches = read_cqc_ratings(source, progress=update)
            except IngestError as exc:
                fail(str(exc), EXIT_INVALID_INPUT)
    with open_database(db) as database:
        store(database, batches, quiet)
