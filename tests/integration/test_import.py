"""import_batch and the single writers: idempotent, all or nothing, nothing lost."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select, text

from carewatch.domain.ratings import Aspect, NonRating, UnknownRating
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import ratings as service
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from carewatch.store.tables import Base
from tests.actors import OPERATOR
from tests.integration.builders import RI, RMY, G, acute_world, batch, mental_health_world, rating

# Bookkeeping, not data: the import log grows with every import, and the data version is
# raised by every write transaction (it only tells caches to look again).
DATA_TABLES = [t for t in Base.metadata.sorted_tables if t.name not in ("imports", "data_version")]


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in a stable order."""
    with db.engine.connect() as conn:
        return {
            t.name: sorted((tuple(row) for row in conn.execute(select(t))), key=lambda r: repr(r))
            for t in DATA_TABLES
        }


def test_import_then_reimport_changes_nothing(db: Database) -> None:
    first = service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    assert first.tables["ratings"].new == 18
    assert first.tables["providers"].new == 1
    assert first.aggregates == 7  # 2 service overalls, 4 trust key questions, trust overall
    before = snapshot(db)
    again = service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    assert (again.new, again.changed) == (0, 0)
    assert again.tables["ratings"].unchanged == 18
    assert snapshot(db) == before
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM imports")).scalar() == 2


def test_a_changed_value_updates_only_that_row(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    world = mental_health_world()
    changed = [
        replace(r, rating=G) if (r.service, r.aspect) == ("Service B", Aspect.SAFE) else r
        for r in world.ratings
    ]
    summary = service.import_batch(
        db=db, batch=replace(world, ratings=tuple(changed)), actor=OPERATOR
    )
    assert summary.tables["ratings"].changed == 1
    assert summary.tables["ratings"].new == 0
    grid = service.ratings_grid(db=db, subject_id="RMY", as_of=dt.date(2019, 6, 1))
    row = next(r for r in grid.rows if r.label == "Service B")
    assert row.cells[Aspect.SAFE].rating is G


def test_a_batch_that_fails_midway_stores_nothing_and_loses_nothing(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    before = snapshot(db)
    renamed = replace(RMY, name="Renamed trust")
    bad_location = LocationRecord(
        "RMY99",
        "RMY",
        "Ward",
        registration_date=dt.date(2020, 1, 1),
        deregistration_date=dt.date(2019, 1, 1),  # before registration: the database refuses
    )
    broken = batch(
        rating("RMY", Aspect.SAFE, G, location="RMY99", day=dt.date(2021, 1, 1)),
        providers=[renamed, ProviderRecord("RZZ", "New trust", trust_type="community")],
        locations=[bad_location],
    )
    with pytest.raises(service.ImportFailed) as caught:
        service.import_batch(db=db, batch=broken, actor=OPERATOR)
    assert "registration_dates_in_order" in str(caught.value)
    assert "test.csv" in str(caught.value)
    assert snapshot(db) == before
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM imports")).scalar() == 1


def test_conflicting_records_in_one_batch_are_rejected_by_source(db: Database) -> None:
    one = rating("RMY", Aspect.SAFE, G)
    other = replace(one, rating=RI, source="test.csv:row 9")
    with pytest.raises(service.ImportRejected) as caught:
        service.import_batch(db=db, batch=batch(one, other, providers=[RMY]), actor=OPERATOR)
    assert "row 9" in str(caught.value)
    assert snapshot(db)["ratings"] == []


def test_a_rating_naming_another_providers_location_is_rejected(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    stray = rating("RMY", Aspect.SAFE, G, location="RXX01")
    with pytest.raises(service.ImportRejected) as caught:
        service.import_batch(db=db, batch=batch(stray, providers=[RMY]), actor=OPERATOR)
    assert "RXX01 belongs to provider RXX" in str(caught.value)
    assert caught.value.field == "provider_id"


def test_unknown_trust_type_is_rejected(db: Database) -> None:
    odd = replace(RMY, trust_type="hospice")
    with pytest.raises(service.ImportRejected, match="trust_type"):
        service.import_batch(db=db, batch=batch(providers=[odd]), actor=OPERATOR)


def test_empty_fields_keep_stored_values(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    service.import_batch(db=db, batch=batch(providers=[ProviderRecord("RMY")]), actor=OPERATOR)
    assert service.get_trust(db=db, provider_id="RMY").name == RMY.name


def test_ratings_for_unknown_providers_and_locations_create_them(db: Database) -> None:
    summary = service.import_batch(
        db=db, batch=batch(rating("RNEW", Aspect.OVERALL, G, location="RNEW01")), actor=OPERATOR
    )
    assert summary.tables["providers"].new == 1
    assert summary.tables["locations"].new == 1
    assert [s.location_id for s in service.list_locations(db=db, provider_id="RNEW")] == ["RNEW01"]


def test_progress_reaches_the_total(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    service.import_batch(
        db=db,
        batch=mental_health_world(),
        progress=lambda d, t: calls.append((d, t)),
        actor=OPERATOR,
    )
    assert calls[-1] == (20, 20)  # 1 provider, 1 report, 18 ratings
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_single_writers_are_idempotent(db: Database) -> None:
    service.record_provider(
        db=db, provider_id="RMY", name="NSFT", trust_type="mental_health", actor=OPERATOR
    )
    service.record_location(
        db=db, location_id="RMY01", provider_id="RMY", name="Hellesdon", actor=OPERATOR
    )
    service.record_report(
        db=db,
        link_id="AP9874",
        provider_id="RMY",
        report_date=dt.date(2025, 10, 22),
        framework="saf",
        url="https://www.cqc.org.uk/provider/RMY/reports/AP9874/well-led-assessment",
        actor=OPERATOR,
    )
    for _ in range(2):
        service.record_rating(
            db=db,
            provider_id="RMY",
            aspect="Well-led",
            rating="requires improvement",
            rating_date=dt.date(2025, 10, 22),
            report_link_id="AP9874",
            actor=OPERATOR,
        )
        service.record_enforcement(
            db=db,
            provider_id="RMY",
            key_question="safe",
            kind="warning notice",
            served_date=dt.date(2021, 9, 1),
            closed_date=dt.date(2022, 6, 1),
            actor=OPERATOR,
        )
    tables = snapshot(db)
    assert len(tables["ratings"]) == 1
    assert len(tables["enforcement_actions"]) == 1
    assert len(tables["reports"]) == 1
    history = service.rating_history(db=db, subject_id="RMY")
    assert history[0].key_questions[Aspect.WELL_LED.key_question] is RI  # type: ignore[index]
    assert (
        history[0].url == "https://www.cqc.org.uk/provider/RMY/reports/AP9874/well-led-assessment"
    )


def test_single_writers_raise_named_errors(db: Database) -> None:
    with pytest.raises(NotFound):
        service.record_location(db=db, location_id="X1", provider_id="NOPE", actor=OPERATOR)
    service.record_provider(db=db, provider_id="RMY", actor=OPERATOR)
    with pytest.raises(UnknownRating):
        service.record_rating(
            db=db,
            provider_id="RMY",
            aspect="safe",
            rating="Brilliant",
            rating_date=dt.date(2020, 1, 1),
            actor=OPERATOR,
        )
    with pytest.raises(service.ImportRejected, match="closed_date"):
        service.record_enforcement(
            db=db,
            provider_id="RMY",
            key_question="safe",
            kind="condition",
            served_date=dt.date(2021, 9, 1),
            closed_date=dt.date(2021, 1, 1),
            actor=OPERATOR,
        )
    with pytest.raises(service.ImportRejected, match="framework"):
        service.record_report(
            db=db,
            link_id="X",
            provider_id="RMY",
            report_date=dt.date(2020, 1, 1),
            framework="kloe",
            actor=OPERATOR,
        )


def test_non_rating_states_are_stored_in_cqc_words(db: Database) -> None:
    service.import_batch(
        db=db,
        batch=batch(rating("RMY", Aspect.CARING, NonRating.NOT_RATED), providers=[RMY]),
        actor=OPERATOR,
    )
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT rating FROM ratings")).scalar() == "Not rated"
