"""The import and the re-aggregation are fast enough for the national ratings file on SQLite."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

import pytest

from carewatch.domain.ratings import Aspect, Rating
from carewatch.ingest.records import ImportBatch, ProviderRecord, RatingRecord
from carewatch.services import ratings as service
from carewatch.store.database import Database
from tests.conftest import empty_all_tables

RATED = [a for a in Aspect if a not in (Aspect.USE_OF_RESOURCES, Aspect.COMBINED)]


def national_batch(providers: int) -> ImportBatch:
    """Per provider: 10 services and the trust, six aspects each, on four report dates."""
    rng = random.Random(2024)
    ratings = list(Rating)
    records = []
    for p in range(providers):
        pid = f"R{p:04d}"
        for year in (2015, 2017, 2019, 2021):
            day = dt.date(year, 3, 1)
            for service_name in [*(f"Service {s}" for s in range(10)), None]:
                for aspect in RATED:
                    records.append(
                        RatingRecord(
                            pid, None, service_name, aspect, rng.choice(ratings), day,
                            source=f"national.ods:row {len(records) + 2}",
                        )
                    )  # fmt: skip
    return ImportBatch(
        source="national.ods",
        kind="cqc-ratings",
        sha256="1" * 64,
        providers=tuple(
            ProviderRecord(f"R{p:04d}", f"Trust {p}", trust_type="mental_health")
            for p in range(providers)
        ),
        ratings=tuple(records),
    )


@pytest.mark.slow
def test_250_000_ratings_import_in_under_10_s_and_reaggregate_in_under_2_s(
    sqlite_database: Database,
) -> None:
    if sys.gettrace() is not None:
        pytest.skip("timings need an untraced run (coverage is on): pytest --no-cov -m slow")
    batch = national_batch(950)
    assert len(batch.ratings) >= 250_000
    empty_all_tables(sqlite_database)
    try:
        start = time.perf_counter()
        summary = service.import_batch(db=sqlite_database, batch=batch)
        imported = time.perf_counter() - start
        start = time.perf_counter()
        aggregates = service.reaggregate(db=sqlite_database)
        reaggregated = time.perf_counter() - start
    finally:
        empty_all_tables(sqlite_database)
    assert summary.tables["ratings"].new == len(batch.ratings)
    assert aggregates == summary.aggregates
    assert imported < 10, f"import took {imported:.1f} s"
    assert reaggregated < 2, f"reaggregate took {reaggregated:.1f} s"
