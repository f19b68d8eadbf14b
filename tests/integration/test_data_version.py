"""Every service write raises the data version; reads leave it alone."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.ratings import Aspect, Rating
from carewatch.ingest.records import ImportBatch, LocationRecord
from carewatch.services import ratings as service
from carewatch.services.versions import data_version
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.integration.builders import mental_health_world


def test_writes_raise_the_version_and_reads_do_not(db: Database) -> None:
    start = data_version(db=db)
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    after_import = data_version(db=db)
    assert after_import > start
    service.ratings_grid(db=db, subject_id="RMY")
    service.list_trusts(db=db)
    assert data_version(db=db) == after_import
    service.record_rating(
        db=db,
        provider_id="RMY",
        aspect=Aspect.OVERALL,
        rating=Rating.GOOD,
        rating_date=dt.date(2026, 1, 5),
        actor=OPERATOR,
    )
    after_record = data_version(db=db)
    assert after_record > after_import
    service.reaggregate(db=db, actor=OPERATOR)
    assert data_version(db=db) > after_record


def test_a_failed_write_leaves_the_version_alone(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    before = data_version(db=db)
    # Deregistered before it was registered: the database refuses the row mid-transaction.
    bad = LocationRecord(
        "RMY99",
        "RMY",
        "Ward",
        registration_date=dt.date(2020, 1, 1),
        deregistration_date=dt.date(2019, 1, 1),
    )
    broken = ImportBatch(source="broken.csv", kind="cqc-ratings", sha256="0" * 64, locations=(bad,))
    with pytest.raises(service.ImportFailed):
        service.import_batch(db=db, batch=broken, actor=OPERATOR)
    assert data_version(db=db) == before
