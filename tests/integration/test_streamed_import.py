"""A streamed ratings file is stored all or nothing, chunk by chunk, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from carewatch.ingest.cqc_ratings import read_cqc_ratings, stream_cqc_ratings
from carewatch.ingest.records import IngestError
from carewatch.services import ratings as service
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.conftest import empty_all_tables
from tests.ingest_files import location_row, locations_sheet, write_file
from tests.integration.test_concurrent_imports import content
from tests.integration.test_import import snapshot

DOMAINS = ("Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led")


def _rows(locations: int, start: int = 0) -> list[dict[str, object]]:
    return [
        location_row(**{
            "Location ID": f"1-{n:04d}",
            "Provider ID": f"R{n // 4:03d}",
            "Provider Name": f"Trust {n // 4}",
            "Domain": domain,
            "Latest Rating": ("Good", "Requires improvement")[(n + d) % 2],
        })
        for n in range(start, start + locations)
        for d, domain in enumerate(DOMAINS)
    ]  # fmt: skip


def test_a_bad_row_in_a_late_chunk_stores_nothing(db: Database, tmp_path: Path) -> None:
    kept = write_file(tmp_path / "kept.csv", [locations_sheet(_rows(10))])
    service.import_batch(db=db, batch=stream_cqc_ratings(kept), actor=OPERATOR)
    before = snapshot(db)
    rows = _rows(50, start=5)  # overlaps what is stored, and 300 rows: six chunks of 50
    rows[-1] = {**rows[-1], "Latest Rating": "Fabulous"}
    bad = write_file(tmp_path / "bad.csv", [locations_sheet(rows)])
    with pytest.raises(IngestError) as caught:
        service.import_batch(db=db, batch=stream_cqc_ratings(bad, chunk_rows=50), actor=OPERATOR)
    assert (caught.value.row, caught.value.column) == (301, "Latest Rating")
    assert snapshot(db) == before


def test_a_stream_stores_what_the_whole_file_stores(db: Database, tmp_path: Path) -> None:
    path = write_file(tmp_path / "n.csv", [locations_sheet(_rows(45))])
    streamed = service.import_batch(
        db=db, batch=stream_cqc_ratings(path, chunk_rows=40), actor=OPERATOR
    )
    # Each key counted once: a provider whose locations span two chunks is one new provider.
    assert streamed.tables["providers"].new == 12
    assert streamed.tables["locations"].new == 45
    assert streamed.tables["ratings"].new == 270
    assert streamed.new == 12 + 45 + 270
    stored = content(db)
    again = service.import_batch(
        db=db, batch=stream_cqc_ratings(path, chunk_rows=7), actor=OPERATOR
    )
    assert (again.new, again.changed) == (0, 0)
    assert content(db) == stored
    # The whole file in one batch stores the same rows with the same counts.
    empty_all_tables(db)
    [whole] = read_cqc_ratings(path)
    summary = service.import_batch(db=db, batch=whole, actor=OPERATOR)
    assert summary.tables == streamed.tables
    assert content(db) == stored
