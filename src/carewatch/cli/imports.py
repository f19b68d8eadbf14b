"""`carewatch import ...`: real CQC data into the database, one file at a time, all or nothing."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, exit_codes, open_database, optional_month
from carewatch.cli.feedback import FILE_HELP as FEEDBACK_FILE_HELP
from carewatch.cli.feedback import FILE_TRUST_HELP as FEEDBACK_FILE_TRUST_HELP
from carewatch.cli.feedback import TRUST_OPTION_HELP as FEEDBACK_TRUST_HELP
from carewatch.cli.feedback import import_file as import_feedback_file
from carewatch.cli.league import import_command as nof_segmentation_command
from carewatch.cli.metrics import PUBLISHED_ON_HELP, run_imports
from carewatch.cli.output import EXIT_FAILURE, EXIT_INVALID_INPUT, counted, fail
from carewatch.cli.risks import FILE_HELP as RISKS_FILE_HELP
from carewatch.cli.risks import import_file as import_risks_file
from carewatch.domain.access import Actor
from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.cqc_ratings import stream_cqc_ratings
from carewatch.ingest.download import DownloadError, download_latest_ratings
from carewatch.ingest.incident_csv import read_incident_csv
from carewatch.ingest.metric_csv import read_metric_csv
from carewatch.ingest.mhsds_4ww import read_mhsds_4ww
from carewatch.ingest.oaps import read_oaps
from carewatch.ingest.records import BatchStream, ImportBatch, IngestError
from carewatch.services.incidents import import_incidents
from carewatch.services.ratings import ImportFailed, ImportRejected, ImportSummary, import_batch
from carewatch.store.database import Database

app = typer.Typer(
    help=(
        "Import real data, each file all or nothing: CQC API records and ratings spreadsheets, "
        "NHS England segmentation, four-week waits, out-of-area placements, a trust's own "
        "measures. A malformed file (text longer than its column or holding control "
        "characters, a negative count, ...) is refused naming file, row and field, and exits "
        "2; two imports at once run one after the other."
    )
)

err = Console(stderr=True)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on standard error (none when quiet or not a terminal); a total of None
    (a file still being read) shows the count without a bar's end."""
    if quiet or not err.is_terminal:
        yield lambda done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _counts(summaries: Sequence[ImportSummary], *, aggregates: bool = True) -> str:
    ratings = [s.tables["ratings"] for s in summaries if "ratings" in s.tables]
    detail = (
        f"ratings {sum(r.new for r in ratings)} new, {sum(r.changed for r in ratings)} changed, "
        f"{sum(r.unchanged for r in ratings)} unchanged"
        if ratings
        else "no ratings"
    )
    rows = f"rows {sum(s.new for s in summaries)} new, {sum(s.changed for s in summaries)} changed"
    if not aggregates:
        return f"{detail}; {rows}"
    proposed = counted(sum(s.aggregates for s in summaries), "aggregate")
    return f"{detail}; {rows}; {proposed} proposed"


def describe(summary: ImportSummary) -> str:
    """One line saying what importing one file did."""
    return f"{summary.source}: {_counts([summary])}"


def describe_total(summaries: Sequence[ImportSummary]) -> str:
    """The line after the files' own: what the import did in all (not the aggregates: a
    later file re-proposes those of an earlier one, so their sum would count some twice)."""
    return f"In all, {counted(len(summaries), 'file')}: {_counts(summaries, aggregates=False)}"


def store(
    db: Database, batches: Sequence[ImportBatch | BatchStream], quiet: bool, *, actor: Actor
) -> None:
    """Import each file's batch in its own transaction, as `actor`; stop at the first failure
    (a refusal of `actor` exits 2 before anything is stored). A streamed file is read as it
    is stored: a malformed row in it exits 2 with nothing from the file stored."""
    summaries = []
    for batch in batches:
        with progress_bar(f"Storing {batch.source}", quiet) as update, exit_codes():
            try:
                summary = import_batch(db=db, batch=batch, progress=update, actor=actor)
            except IngestError as exc:
                fail(f"{exc} (nothing from this file was stored)", EXIT_INVALID_INPUT)
            except ImportRejected as exc:
                fail(f"{batch.source}: {exc} (nothing from this file was stored)")
            except ImportFailed as exc:
                fail(f"{batch.source}: {exc} (nothing from this file was stored)", EXIT_FAILURE)
        typer.echo(describe(summary))
        summaries.append(summary)
    typer.echo(describe_total(summaries))


@app.command("cqc-api")
def cqc_api(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        ..., help="CQC API JSON: record files, folders of them, or JSON lines files."
    ),
    db: str | None = db_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Import CQC syndication API location or provider records.

    Reads current, service, historic and inherited ratings, "No published rating" and
    "Inspected but not rated". Every file is checked before anything is stored; each file is
    then stored all or nothing. Importing the same file again changes nothing. Needs the
    record_ratings permission (the regulator; the operator).
    """
    with progress_bar("Reading", quiet) as update:
        try:
            batches = read_cqc_api(paths, progress=update)
        except IngestError as exc:
            fail(str(exc), EXIT_INVALID_INPUT)
    with open_database(db) as database:
        store(database, batches, quiet, actor=acting_as(ctx, database))


def _fetch(url: str, folder: Path) -> Path:
    try:
        return download_latest_ratings(url, folder)
    except DownloadError as exc:
        fail(str(exc), EXIT_FAILURE)


@app.command("cqc-ratings")
def cqc_ratings(
    ctx: typer.Context,
    file: Path | None = typer.Argument(None, help="CQC's 'Latest ratings' file: ODS, XLSX or CSV."),
    url: str | None = typer.Option(
        None, "--url", help="Download the file from this address first (needs the network)."
    ),
    db: str | None = db_option(),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Import CQC's monthly "Latest ratings" spreadsheet (Locations and Providers sheets).

    A malformed row is reported with its file, sheet, row and column, and nothing from the
    file is stored. Importing the same file again changes nothing. Needs the record_ratings
    permission (the regulator; the operator).
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
        try:
            stream = stream_cqc_ratings(source)
        except IngestError as exc:
            fail(str(exc), EXIT_INVALID_INPUT)
        # The file is read as it is stored, in one transaction: never held whole.
        with open_database(db) as database:
            store(database, [stream], quiet, actor=acting_as(ctx, database))


@app.command("mhsds-4ww")
def mhsds_4ww(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., help="NHS England MHSDS four-week-wait CSV files (MHSDS_Data_4WW_...csv)."
    ),
    published_on: str | None = typer.Option(None, "--published-on", help=PUBLISHED_ON_HELP),
    db: str | None = db_option(),
) -> None:
    """Import community mental health four-week waits (MHSDS measures MRS01b, MRS03a, MRS08b,
    MRS10a) for every provider in the files. Each file is stored all or nothing with its
    name, publication and SHA-256; the same file again adds nothing; a revised file adds
    new versions and keeps the old ones. Needs the import_statistics permission."""
    run_imports(ctx, files, read_mhsds_4ww, db=db, published_on=published_on)


@app.command("oaps")
def oaps(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., help="NHS Digital out of area placements open-data CSV files."
    ),
    period: str | None = typer.Option(
        None,
        "--period",
        help="The month (YYYY-MM) of files that state none in a PublicationPeriod column or "
        "their name.",
    ),
    published_on: str | None = typer.Option(None, "--published-on", help=PUBLISHED_ON_HELP),
    db: str | None = db_option(),
) -> None:
    """Import out of area placements (active at period end; bed days) for every sending
    provider. Columns may differ between months; a suppressed value (*) is kept as
    suppressed, never zero. Stored all or nothing per file; the same file again adds nothing.
    Needs the import_statistics permission."""
    month = optional_month(period, "--period")
    run_imports(ctx, files, lambda p: read_oaps(p, period=month), db=db, published_on=published_on)


@app.command("metrics-csv")
def metrics_csv(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(
        ..., help="CSV files in the observations template (`carewatch metrics template`)."
    ),
    publication: str = typer.Option(
        "", "--publication", help="A name for this version of the data (e.g. 'May board')."
    ),
    published_on: str | None = typer.Option(None, "--published-on", help=PUBLISHED_ON_HELP),
    db: str | None = db_option(),
) -> None:
    """Import a trust's own measures from the observations template: one row per
    organisation, metric and period. Stored all or nothing per file; the same file again
    adds nothing; changed values are stored as revisions beside the old ones. Needs the
    import_statistics permission."""
    run_imports(
        ctx,
        files,
        lambda p: read_metric_csv(p, publication=publication),
        db=db,
        published_on=published_on,
    )


@app.command("incidents")
def incidents_csv(
    ctx: typer.Context,
    file: Path = typer.Argument(
        ..., help="A trust's incidents in the incidents template (docs/templates/incidents.csv)."
    ),
    reason: str = typer.Option(
        "", "--reason", help="Why, when rows change incidents already recorded (required then)."
    ),
    db: str | None = db_option(),
) -> None:
    """Import a trust's incidents from its own system's export, one row per incident, keyed
    by the trust's reference. Every row is checked first; stored all or nothing; the same
    file again changes nothing. Needs the record_incidents permission for the trust."""
    try:
        batch = read_incident_csv(file)
    except IngestError as exc:
        fail(str(exc))
    with exit_codes(), open_database(db) as database:
        try:
            result = import_incidents(
                db=database, actor=acting_as(ctx, database), batch=batch, reason=reason
            )
        except IngestError as exc:
            fail(str(exc))
    typer.echo(
        f"{result.file_name}: {result.trust}: {counted(result.new, 'new incident')}, "
        f"{result.changed} changed, {result.unchanged} unchanged"
    )


@app.command("feedback")
def feedback_csv(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=FEEDBACK_FILE_HELP),
    trust: str | None = typer.Option(None, "--trust", help=FEEDBACK_TRUST_HELP),
    file_trust: str | None = typer.Option(None, "--file-trust", help=FEEDBACK_FILE_TRUST_HELP),
    db: str | None = db_option(),
) -> None:
    """Import a trust's feedback (the same as `carewatch feedback import`): every row checked
    first, stored all or nothing, the same file again changes nothing; each comment redacted
    before it is stored. Needs the record_feedback permission for the trust."""
    import_feedback_file(ctx, file, trust, file_trust, db)


@app.command("risks")
def risks_csv(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=RISKS_FILE_HELP),
    db: str | None = db_option(),
) -> None:
    """Import a trust's risk register (the same as `carewatch risks import`): every row
    checked first, stored all or nothing, the same file again changes nothing. Needs the
    record_risks permission for the trust."""
    import_risks_file(ctx, file, db)


# NHS Oversight Framework segmentation is filed under `import` and `oversight`.
app.command("nof-segmentation")(nof_segmentation_command)
