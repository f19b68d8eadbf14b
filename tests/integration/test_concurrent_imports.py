"""Two imports at once, on SQLite and PostgreSQL: files naming the same providers, and the
same file twice. Both succeed, and what is stored equals what running them one after the
other stores.

The files are CQC "Latest ratings" CSVs written by tests/ingest_files.py: 30 providers with
three locations each, every location rated on six domains. File A names providers 0–19,
file B providers 10–29, so ten providers (and their locations and ratings) are in both; B
also rates the shared providers again at a later date. Whichever import runs first, the
other then finds the shared rows stored.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.ingest.cqc_ratings import read_cqc_ratings
from carewatch.ingest.metric_csv import read_metric_csv
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.ingest.records import ImportBatch
from carewatch.services import _db
from carewatch.services.errors import Busy
from carewatch.services.metrics import import_metrics
from carewatch.services.oversight import import_segmentation
from carewatch.services.ratings import import_batch
from carewatch.store.database import WRITER, Database, connect
from carewatch.store.tables.league import NOF_SEGMENTATION
from carewatch.store.tables.metrics import METRIC_DATA_VERSIONS, METRIC_OBSERVATIONS
from carewatch.store.tables.ratings import RATINGS, REPORTS
from carewatch.store.tables.register import CORE_SERVICES, LOCATIONS, PROVIDERS
from tests.actors import OPERATOR
from tests.conftest import empty_all_tables
from tests.ingest_files import location_row, locations_sheet, write_file
from tests.integration.concurrency import race

DOMAINS = ("Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led")
RATINGS_CYCLE = ("Good", "Requires improvement", "Outstanding", "Inadequate")
NOF_HEADER = "Trust_code,Trust_name,Trust_type,Quarter,Segment"


def _rows(providers: range, published: dt.date, shift: int = 0) -> list[dict[str, Any]]:
    rows = []
    for p in providers:
        for loc in range(3):
            for d, domain in enumerate(DOMAINS):
                rows.append(
                    location_row(**{
                        "Location ID": f"1-{p:03d}{loc}",
                        "Location Name": f"Site {loc} of trust {p}",
                        "Provider ID": f"R{p:03d}",
                        "Provider Name": f"Trust {p}",
                        "Domain": domain,
                        "Latest Rating": RATINGS_CYCLE[(p + loc + d + shift) % 4],
                        "Publication Date": published,
                    })
                )  # fmt: skip
    return rows


def overlapping_files(folder: Path) -> tuple[ImportBatch, ImportBatch]:
    first = write_file(folder / "a.csv", [locations_sheet(_rows(range(20), dt.date(2023, 5, 1)))])
    second = write_file(
        folder / "b.csv",
        [
            locations_sheet(
                _rows(range(10, 30), dt.date(2023, 5, 1))
                + _rows(range(10, 20), dt.date(2024, 6, 1), shift=1)
            )
        ],
    )
    return read_cqc_ratings(first)[0], read_cqc_ratings(second)[0]


# What an import stores, without the ids and times that say only when it was stored.
CONTENT = {
    PROVIDERS: list(PROVIDERS.c),
    LOCATIONS: list(LOCATIONS.c),
    CORE_SERVICES: list(CORE_SERVICES.c),
    REPORTS: list(REPORTS.c),
    RATINGS: [c for c in RATINGS.c if c.name != "id"],
}


def content(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.engine.connect() as conn:
        return {
            table.name: sorted((tuple(r) for r in conn.execute(select(*columns))), key=repr)
            for table, columns in CONTENT.items()
        }


def one_after_the_other(db: Database, *batches: ImportBatch) -> dict[str, list[tuple[Any, ...]]]:
    for batch in batches:
        import_batch(db=db, batch=batch, actor=OPERATOR)
    stored = content(db)
    empty_all_tables(db)
    return stored


def test_two_imports_of_overlapping_providers_at_once(db: Database, tmp_path: Path) -> None:
    a, b = overlapping_files(tmp_path)
    in_order = one_after_the_other(db, a, b)
    reversed_order = one_after_the_other(db, b, a)
    assert len(in_order["ratings"]) == 30 * 18 + 10 * 18  # every trust's, B's later ones
    # The orders differ only in which file a shared rating names as its source.
    assert in_order != reversed_order

    batches = iter([a, b])
    lock = threading.Lock()

    def next_batch() -> ImportBatch:
        with lock:
            return next(batches)

    errors = race(db, lambda own: import_batch(db=own, batch=next_batch(), actor=OPERATOR))
    assert errors == []
    assert content(db) in (in_order, reversed_order)


def test_the_same_file_imported_twice_at_once(db: Database, tmp_path: Path) -> None:
    a, _ = overlapping_files(tmp_path)
    alone = one_after_the_other(db, a)
    errors = race(db, lambda own: import_batch(db=own, batch=a, actor=OPERATOR))
    assert errors == []
    assert content(db) == alone


def _observations(folder: Path, name: str, orgs: range, value: float) -> Path:
    path = folder / name
    rows = [
        f"R{o:03d},Trust {o},pos_staffing_fill_rate,2024-{m:02d}-01,2024-{m:02d}-28,{value},,,"
        for o in orgs
        for m in range(1, 13)
    ]
    header = (
        "org_code,org_name,metric_code,period_start,period_end,value,numerator,denominator,source"
    )
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_two_metric_imports_of_overlapping_trusts_at_once(db: Database, tmp_path: Path) -> None:
    a = read_metric_csv(_observations(tmp_path, "a.csv", range(20), 90.0), publication="A")
    b = read_metric_csv(_observations(tmp_path, "b.csv", range(10, 30), 90.0), publication="B")
    batches = iter([a, b])
    lock = threading.Lock()

    def next_batch() -> Any:
        with lock:
            return next(batches)

    errors = race(
        db,
        lambda own: import_metrics(
            db=own, batch=next_batch(), published_on=dt.date(2024, 3, 1), actor=OPERATOR
        ),
    )
    assert errors == []
    with db.engine.connect() as conn:
        versions = conn.execute(select(METRIC_DATA_VERSIONS.c.file_name)).scalars().all()
        stored = conn.execute(select(METRIC_OBSERVATIONS.c.org_code)).scalars().all()
    assert sorted(versions) == ["a.csv", "b.csv"]
    # One after the other, the second file adds only the trusts the first did not have
    # (the shared ten are unchanged): 30 trusts × 12 months, each stored once.
    assert len(stored) == 30 * 12
    assert len(set(stored)) == 30


def test_the_same_segmentation_file_imported_twice_at_once(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "nof.csv"
    rows = [f"R{n:03d},Trust {n},Mental health,Q2 2025/26,{n % 4 + 1}" for n in range(200)]
    path.write_text("\n".join([NOF_HEADER, *rows]) + "\n", encoding="utf-8")
    file = read_nof_segmentation(path)
    errors = race(db, lambda own: import_segmentation(db=own, file=file, actor=OPERATOR))
    assert errors == []
    with db.engine.connect() as conn:
        stored = conn.execute(select(NOF_SEGMENTATION.c.provider_id)).scalars().all()
    assert sorted(stored) == [f"R{n:03d}" for n in range(200)]


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_import_waits_for_a_writer_holding_sqlite_longer_than_the_busy_timeout(
    db: Database, tmp_path: Path
) -> None:
    a, _ = overlapping_files(tmp_path)
    url = db.engine.url.render_as_string(hide_password=False)
    holder = connect(url)
    # Other writers here give up after half a second; the import waits its own, longer, turn.
    importer = connect(url, writer_wait_ms=500)
    held = threading.Event()
    hold_for = 2.0

    def hold() -> None:
        with holder.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin() as transaction:  # BEGIN IMMEDIATE: the write lock
                held.set()
                threading.Event().wait(hold_for)
                transaction.rollback()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        summary = import_batch(db=importer, batch=a, actor=OPERATOR)
    finally:
        thread.join()
        holder.dispose()
        importer.dispose()
    assert summary.tables["ratings"].new == 20 * 18


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
def test_an_import_that_waits_in_vain_stores_nothing_and_says_the_database_was_busy(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _ = overlapping_files(tmp_path)
    monkeypatch.setattr(_db, "IMPORT_WAIT_MS", 300)  # rather than fifteen minutes
    url = db.engine.url.render_as_string(hide_password=False)
    holder = connect(url)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.engine.connect() as conn:
            conn.execution_options(**{WRITER: True})
            with conn.begin() as transaction:
                held.set()
                done.wait(30)
                transaction.rollback()

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(10)
        with pytest.raises(Busy, match=r"busy with another writer for 0\.3 seconds; nothing was"):
            import_batch(db=db, batch=a, actor=OPERATOR)
        path = tmp_path / "a.csv"
        result = CliRunner().invoke(app, ["import", "cqc-ratings", str(path), "-q", "--db", url])
        assert result.exit_code == 1
        assert "the database was busy with another writer" in result.stderr
    finally:
        done.set()
        thread.join()
        holder.dispose()
    assert content(db)["ratings"] == []
