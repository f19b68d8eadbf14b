"""The worked example's metrics on SQLite and PostgreSQL: labelled illustrative series, one
recorded recalculation, NSFT's real figures where the shared files are, and no change when
loaded twice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from carewatch.demo import demo_batches, nsft
from carewatch.demo.load.metrics import load_metrics
from carewatch.demo.nsft.metrics import ILLUSTRATIVE_PUBLISHED_ON, illustrative_batch
from carewatch.services.metrics import metric_series, metric_spc
from carewatch.services.ratings import import_batch
from carewatch.store.database import Database
from carewatch.store.tables.metrics import METRIC_DATA_VERSIONS, METRIC_OBSERVATIONS
from tests.actors import OPERATOR

ILLUSTRATIVE = {
    "cyp_triage_wait",
    "cyp_assessment_wait",
    "cyp_treatment_wait",
    "adhd_assessment_wait",
    "adhd_treatment_wait",
    "emergency_referral_response",
    "pos_staffing_fill_rate",
    "medication_errors_investigated_in_time",
    "risk_assessment_care_plan_current",
    "records_contemporaneous",
    "bed_occupancy",
}


def counts(db: Database) -> tuple[int, int]:
    with db.engine.connect() as conn:
        return (
            conn.execute(select(func.count()).select_from(METRIC_OBSERVATIONS)).scalar_one(),
            conn.execute(select(func.count()).select_from(METRIC_DATA_VERSIONS)).scalar_one(),
        )


def test_the_illustrative_series_are_deterministic_and_labelled() -> None:
    one, two = illustrative_batch(), illustrative_batch()
    assert one == two
    assert {o.metric_code for o in one.observations} == ILLUSTRATIVE
    assert all("illustrative" in o.source for o in one.observations)
    # April 2019 – March 2022: 36 months for each measure.
    assert len(one.observations) == 36 * len(ILLUSTRATIVE)
    starts = sorted({o.period_start for o in one.observations})
    assert (starts[0], starts[-1], len(starts)) == (dt.date(2019, 4, 1), dt.date(2022, 3, 1), 36)


def test_loading_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    for batch in demo_batches():
        import_batch(db=db, batch=batch, actor=OPERATOR)
    # An empty folder stands for absent shared data: the rest loads and says so.
    first = load_metrics(db=db, shared_data=tmp_path)
    assert first.skipped == "no MHSDS or OAPs files in the shared data folder"
    assert first.illustrative_new == 36 * len(ILLUSTRATIVE)
    before = counts(db)
    second = load_metrics(db=db, shared_data=tmp_path)
    assert second.illustrative_new == 0
    assert counts(db) == before


def test_cyp_triage_waits_fall_after_the_recorded_pathway(db: Database, tmp_path: Path) -> None:
    for batch in demo_batches():
        import_batch(db=db, batch=batch, actor=OPERATOR)
    load_metrics(db=db, shared_data=tmp_path)
    spc = metric_spc(db=db, org_code=nsft.PROVIDER_ID, metric_code="cyp_triage_wait")
    assert spc.series.illustrative
    assert spc.result is not None
    first, second = spc.result.phases
    assert second.reason == "New CYP triage pathway from July 2020 (illustrative)"
    assert first.mean is not None
    assert second.mean is not None
    assert second.mean < first.mean
    assert spc.variation is not None
    assert spc.variation.kind.value in {"common_cause", "special_cause_improvement"}
    assert [a.label for a in spc.series.annotations] == ["New CYP triage pathway (illustrative)"]
    # As published before the illustrative series were: nothing to show.
    early = metric_series(
        db=db,
        org_code=nsft.PROVIDER_ID,
        metric_code="cyp_triage_wait",
        as_of=ILLUSTRATIVE_PUBLISHED_ON - dt.timedelta(days=1),
    )
    assert early.points == ()


def test_nsfts_real_series_load_from_the_shared_files(db: Database, shared_data: Path) -> None:
    for batch in demo_batches():
        import_batch(db=db, batch=batch, actor=OPERATOR)
    summary = load_metrics(db=db, shared_data=shared_data)
    assert summary.skipped is None
    active = metric_series(db=db, org_code="RMY", metric_code="oaps_active")
    # SOURCE.md: 5, 25, 35, 40, 50 (October 2016 – February 2017).
    assert [p.value for p in active.points] == [5, 25, 35, 40, 50]
    assert not active.illustrative
    cmh = metric_series(db=db, org_code="RMY", metric_code="cmh_4ww")
    assert len(cmh.points) == 6  # April – September 2024
    assert cmh.points[-1].value == 7.0  # SOURCE.md, September 2024 file
