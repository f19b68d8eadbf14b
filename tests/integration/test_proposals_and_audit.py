"""Proposals stored for every aggregate, and the audit that explains departures."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carewatch.domain.ratings import Aspect, Rating, aggregate
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import ratings as service
from carewatch.services.errors import NotFound
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.conftest import empty_all_tables
from tests.integration.builders import (
    DAY,
    INAD,
    OUT,
    RI,
    RMY,
    G,
    acute_world,
    batch,
    five,
    mental_health_world,
    rating,
)


def cell(db: Database, subject: str, label: str | None, aspect: Aspect):  # type: ignore[no-untyped-def]
    grid = service.ratings_grid(db=db, subject_id=subject, as_of=dt.date(2019, 6, 1))
    row = grid.summary_row if label is None else next(r for r in grid.rows if r.label == label)
    assert row is not None
    return row.cells[aspect]


def test_mental_health_trust_proposals(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    # Service B: 3 RI of 5 -> RI (C2).
    b = cell(db, "RMY", "Service B", Aspect.OVERALL)
    assert (b.proposed, b.rule) == (RI, "nhs-trust-2022 C2")
    # Trust safe from services A (G) and B (RI): 1 RI of 2 -> RI (C2, 1-3 band).
    safe = cell(db, "RMY", None, Aspect.SAFE)
    assert safe.proposed is RI
    # Trust caring from G and G -> G, as published.
    assert cell(db, "RMY", None, Aspect.CARING).proposed is G
    # Well-led is never proposed: the trust-level assessment.
    assert cell(db, "RMY", None, Aspect.WELL_LED).proposed is None
    # Trust overall from RI, RI, G, G, INAD: 2 RI of 5 -> RI; published Inadequate.
    overall = cell(db, "RMY", None, Aspect.OVERALL)
    assert overall.proposed is RI
    assert overall.departs


def test_acute_trust_proposals_through_locations_and_combined(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    # Location key question from its services: caring OUT, OUT -> Outstanding.
    assert cell(db, "RXX01", None, Aspect.CARING).proposed is OUT
    # Trust safe from the locations' safe: G and INAD -> INAD (1 of 2 Inadequate, 1-3 band).
    assert cell(db, "RXX", None, Aspect.SAFE).proposed is INAD
    combined = cell(db, "RXX", None, Aspect.COMBINED)
    assert combined.rule is not None
    assert combined.rule.startswith("combined-2018")
    # Use of resources is not an aggregate.
    assert cell(db, "RXX", None, Aspect.USE_OF_RESOURCES).proposed is None


def test_social_care_locations_use_the_adult_social_care_rules(db: Database) -> None:
    home = LocationRecord("1-100", "1-200", "Care home", location_type="Social Care Org")
    records = [
        *five("1-200", [OUT, OUT, G, G, G], location="1-100"),
        rating("1-200", Aspect.OVERALL, OUT, location="1-100"),
    ]
    service.import_batch(
        db=db,
        batch=batch(*records, providers=[ProviderRecord("1-200")], locations=[home]),
        actor=OPERATOR,
    )
    overall = cell(db, "1-100", None, Aspect.OVERALL)
    assert overall.rule is not None
    assert overall.rule.startswith("adult-social-care-2022")


def test_reaggregate_counts_every_aggregate_and_is_stable(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    assert service.reaggregate(db=db, provider_id="RMY", actor=OPERATOR) == 7
    # RXX: 3 service overalls? no: 3 services have no overall; locations 2 x (5 KQ + overall)
    # (well-led included: location well-led aggregates its services), trust 4 KQ + overall
    # + combined.
    assert service.reaggregate(db=db, actor=OPERATOR) == 7 + 12 + 6


def test_audit_explains_later_underlying_ratings(db: Database) -> None:
    old = dt.date(2016, 1, 1)
    records = [
        *five("RMY", [INAD, INAD, G, RI, INAD], day=old, link="OLD"),
        rating("RMY", Aspect.OVERALL, INAD, day=old, link="OLD"),
        # A later focused inspection improved the key questions, not the overall.
        *five("RMY", [G, G, G, G, INAD], day=DAY),
    ]
    service.import_batch(db=db, batch=batch(*records, providers=[RMY]), actor=OPERATOR)
    [finding] = service.audit(db=db, subject_id="RMY")
    assert finding.published is INAD
    assert finding.proposed is RI
    assert "5 of the 5 underlying ratings are dated after" in finding.explanation
    assert "give Inadequate, as published" in finding.explanation
    assert finding.underlying["Safe"] is G


def test_audit_explains_inherited_missing_and_not_rated(db: Database) -> None:
    from carewatch.domain.ratings import NonRating

    records = [
        rating("RMY", Aspect.SAFE, G, inherited=True),
        rating("RMY", Aspect.EFFECTIVE, NonRating.NOT_RATED),
        rating("RMY", Aspect.CARING, OUT),
        rating("RMY", Aspect.OVERALL, G),
    ]
    service.import_batch(db=db, batch=batch(*records, providers=[RMY]), actor=OPERATOR)
    [finding] = service.audit(db=db)
    assert finding.proposed is OUT
    assert "1 underlying rating is inherited" in finding.explanation
    assert "missing: Responsive, Well-led" in finding.explanation
    assert "not rated: Effective" in finding.explanation


def test_audit_shows_recorded_rationale_or_professional_judgement(db: Database) -> None:
    service.import_batch(db=db, batch=mental_health_world(), actor=OPERATOR)
    [finding] = service.audit(db=db, subject_id="RMY")
    assert finding.aspect is Aspect.OVERALL
    assert finding.explanation.startswith("Professional judgement (CQC principle C4)")
    service.record_rating(
        db=db,
        provider_id="RMY",
        aspect="overall",
        rating="Inadequate",
        rating_date=DAY,
        report_link_id="AP1",
        source="test.csv:RMY:None:None:overall:2019-01-10",
        rationale="Serious concerns about safety outweigh the count.",
        actor=OPERATOR,
    )
    [finding] = service.audit(db=db, subject_id="RMY")
    assert (
        finding.explanation
        == "Recorded rationale: Serious concerns about safety outweigh the count."
    )
    assert cell(db, "RMY", None, Aspect.OVERALL).rationale is not None


def test_audit_of_a_location_and_of_unknown_ids(db: Database) -> None:
    service.import_batch(db=db, batch=acute_world(), actor=OPERATOR)
    assert all(f.subject_id == "RXX02" for f in service.audit(db=db, subject_id="RXX02"))
    with pytest.raises(NotFound):
        service.audit(db=db, subject_id="NOPE")


RATINGS = st.sampled_from(list(Rating))


@pytest.fixture
def fresh(db: Database) -> Database:
    return db


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(services=st.lists(st.lists(RATINGS, min_size=5, max_size=5), min_size=1, max_size=5))
def test_stored_proposals_equal_the_pure_engine(
    fresh: Database, services: list[list[Rating]]
) -> None:
    empty_all_tables(fresh)
    records = []
    for n, kqs in enumerate(services):
        records += five("RMY", kqs, service=f"S{n}")
        records.append(rating("RMY", Aspect.OVERALL, G, service=f"S{n}"))
    records += five("RMY", [G] * 5)
    records.append(rating("RMY", Aspect.OVERALL, G))
    service.import_batch(db=fresh, batch=batch(*records, providers=[RMY]), actor=OPERATOR)
    grid = service.ratings_grid(db=fresh, subject_id="RMY", as_of=dt.date(2019, 6, 1))
    for n, kqs in enumerate(services):
        row = next(r for r in grid.rows if r.label == f"S{n}")
        assert row.cells[Aspect.OVERALL].proposed == aggregate(kqs).rating
    assert grid.summary_row is not None
    for i, aspect in enumerate([Aspect.SAFE, Aspect.EFFECTIVE, Aspect.CARING, Aspect.RESPONSIVE]):
        expected = aggregate([kqs[i] for kqs in services])
        assert grid.summary_row.cells[aspect].proposed == expected.rating
        assert grid.summary_row.cells[aspect].reason == expected.reason
