"""A "Latest ratings" file read as a stream of chunks reads as the whole file does, and its
checks see the whole file, however far apart the rows are."""

from __future__ import annotations

from pathlib import Path

import pytest

from carewatch.ingest.cqc_ratings import read_cqc_ratings, stream_cqc_ratings
from carewatch.ingest.records import IngestError
from tests.ingest_files import (
    location_row,
    locations_sheet,
    provider_row,
    providers_sheet,
    write_file,
)

DOMAINS = ("Overall", "Safe", "Effective", "Caring", "Responsive", "Well-led")


def _rows(locations: int) -> list[dict[str, object]]:
    return [
        location_row(**{
            "Location ID": f"1-{n:04d}",
            "Provider ID": f"R{n // 7:03d}",
            "Provider Name": f"Trust {n // 7}",
            "Domain": domain,
            "Latest Rating": ("Good", "Outstanding")[(n + d) % 2],
        })
        for n in range(locations)
        for d, domain in enumerate(DOMAINS)
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_chunks_together_are_the_whole_file(tmp_path: Path, fmt: str) -> None:
    sheets = [locations_sheet(_rows(40))]
    if fmt != "csv":
        sheets.append(providers_sheet([provider_row(**{"Provider ID": "R001"})]))
    path = write_file(tmp_path / f"n.{fmt}", sheets)
    [whole] = read_cqc_ratings(path)
    chunks = list(stream_cqc_ratings(path, chunk_rows=50))
    assert [len(c.ratings) for c in chunks] == [50, 50, 50, 50, 40 + (fmt != "csv")]
    assert tuple(r for c in chunks for r in c.ratings) == whole.ratings
    assert tuple(loc for c in chunks for loc in c.locations) == whole.locations
    # Each provider comes once, except R001: named by the Locations sheet, then detailed.
    providers = [p.provider_id for c in chunks for p in c.providers]
    assert sorted(set(providers)) == sorted(p.provider_id for p in whole.providers)
    assert len(providers) == len(set(providers)) + (fmt != "csv")
    # Reading the stream again reads the file again, equally.
    assert list(stream_cqc_ratings(path, chunk_rows=50)) == chunks
    assert {c.sha256 for c in chunks} == {whole.sha256}


def test_a_contradiction_far_apart_is_found_across_chunks(tmp_path: Path) -> None:
    rows = _rows(60)  # 360 rows: eight chunks of 50
    contradicting = {**rows[3], "Latest Rating": "Inadequate"}
    rows.append(contradicting)  # row 362, as the file numbers it (the header is row 1)
    path = write_file(tmp_path / "far.csv", [locations_sheet(rows)])
    with pytest.raises(IngestError) as caught:
        for _ in stream_cqc_ratings(path, chunk_rows=50):
            pass
    error = caught.value
    assert (error.row, error.column) == (362, "Latest Rating")
    assert "in row 5 " in error.detail  # the row it contradicts, seven chunks before


def test_the_same_rating_repeated_far_apart_is_read_once(tmp_path: Path) -> None:
    rows = _rows(60)
    rows.append(dict(rows[3]))
    path = write_file(tmp_path / "again.csv", [locations_sheet(rows)])
    ratings = [r for c in stream_cqc_ratings(path, chunk_rows=50) for r in c.ratings]
    assert len(ratings) == 360 == len({r.key for r in ratings})


def test_a_chunk_size_below_one_is_refused(tmp_path: Path) -> None:
    path = write_file(tmp_path / "x.csv", [locations_sheet(_rows(1))])
    with pytest.raises(ValueError, match="chunk_rows"):
        stream_cqc_ratings(path, chunk_rows=0)
