"""The metrics service on SQLite and PostgreSQL: imports all or nothing and idempotent,
revisions kept beside what they revise, "as published on" answered, recalculations only as
recorded decisions.

Expected values are worked out by hand from the small files written here (or, for the real
files, from their SOURCE.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS, read_metric_csv
from carewatch.ingest.mhsds_4ww import read_mhsds_4ww
from carewatch.ingest.records import IngestError
from carewatch.services.errors import NotFound
from carewatch.services.metrics import (
    InvalidMetricRecord,
    MetricImportRejected,
    import_metrics,
    metric_catalogue,
    metric_series,
    metric_spc,
    metric_summary,
    record_annotation,
    record_recalculation,
    seed_catalogue,
)
from carewatch.store.database import Database
from carewatch.store.tables.metrics import METRIC_DATA_VERSIONS, METRIC_OBSERVATIONS, METRICS
from tests.actors import OPERATOR

HEADER = ",".join(TEMPLATE_COLUMNS)


def month(year: int, m: int) -> tuple[str, str]:
    start = dt.date(year, m, 1)
    end = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start.isoformat(), end.isoformat()


def csv_file(
    tmp_path: Path, name: str, values: list[float | str], code: str = "cyp_triage_wait"
) -> Path:
    """One row per month from January 2021 for organisation RXX."""
    lines = [HEADER]
    for i, value in enumerate(values):
        start, end = month(2021 + i // 12, i % 12 + 1)
        lines.append(f"RXX,A trust,{code},{start},{end},{value},,,board report")
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def count(db: Database, table: object) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_the_catalogue_is_seeded_once(db: Database) -> None:
    assert seed_catalogue(db, actor=OPERATOR) == 18
    assert seed_catalogue(db, actor=OPERATOR) == 0
    assert [m.code for m in metric_catalogue(db=db)][:2] == [
        "cyp_triage_wait",
        "cyp_assessment_wait",
    ]
    assert count(db, METRICS) == 18


def test_the_same_file_twice_adds_nothing(db: Database, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "a.csv", [20, 22, 19])
    first = import_metrics(
        db=db, batch=read_metric_csv(path), published_on=dt.date(2021, 4, 10), actor=OPERATOR
    )
    assert (first.new, first.revised, first.already_imported) == (3, 0, False)
    again = import_metrics(db=db, batch=read_metric_csv(path), actor=OPERATOR)
    assert (again.new, again.already_imported) == (0, True)
    assert count(db, METRIC_OBSERVATIONS) == 3
    assert count(db, METRIC_DATA_VERSIONS) == 1


def test_a_revised_file_keeps_the_old_value_and_marks_the_new_one(
    db: Database, tmp_path: Path
) -> None:
    import_metrics(
        db=db,
        batch=read_metric_csv(csv_file(tmp_path, "v1.csv", [20, 22, 19])),
        published_on=dt.date(2021, 4, 10),
        actor=OPERATOR,
    )
    # The revision changes February, leaves January and March, and adds April.
    result = import_metrics(
        db=db,
        batch=read_metric_csv(csv_file(tmp_path, "v2.csv", [20, 25, 19, 18])),
        published_on=dt.date(2021, 5, 12),
        actor=OPERATOR,
    )
    assert (result.new, result.revised, result.unchanged) == (1, 1, 2)
    series = metric_series(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert [(p.value, p.revised) for p in series.points] == [
        (20, False),
        (25, True),
        (19, False),
        (18, False),
    ]
    feb = series.points[1]
    assert [e.value for e in feb.earlier] == [22]
    assert feb.current.version.file_name == "v2.csv"
    assert feb.earlier[0].version.file_name == "v1.csv"
    # As the board saw it on 30 April 2021: the first version only.
    then = metric_series(
        db=db, org_code="RXX", metric_code="cyp_triage_wait", as_of=dt.date(2021, 4, 30)
    )
    assert [(p.value, p.revised) for p in then.points] == [(20, False), (22, False), (19, False)]
    before = metric_series(
        db=db, org_code="RXX", metric_code="cyp_triage_wait", as_of=dt.date(2021, 4, 9)
    )
    assert before.points == ()


def test_a_bad_row_stores_nothing_from_the_file(db: Database, tmp_path: Path) -> None:
    path = csv_file(tmp_path, "bad.csv", [20, "lots", 19])
    with pytest.raises(IngestError) as error:
        read_metric_csv(path)
    assert (error.value.row, error.value.column) == (3, "value")
    long_source = tmp_path / "long.csv"
    start, end = month(2021, 1)
    long_source.write_text(
        f"{HEADER}\nRXX,A trust,cyp_triage_wait,{start},{end},3,,,ok\n"
        f"RXX,A trust,cyp_triage_wait,{month(2021, 2)[0]},{month(2021, 2)[1]},4,,,{'x' * 501}\n",
        encoding="utf-8",
    )
    # The reader refuses it where it reads it ...
    with pytest.raises(IngestError) as error:
        read_metric_csv(long_source)
    assert (error.value.file, error.value.row, error.value.column) == ("long.csv", 3, "source")
    # ... and the service refuses it too, for a batch made some other way.
    good = long_source.with_name("good.csv")
    good.write_text(long_source.read_text(encoding="utf-8").replace("x" * 501, "ok"))
    batch = read_metric_csv(good)
    last = dataclasses.replace(batch.observations[-1], source="x" * 501)
    batch = dataclasses.replace(batch, observations=(*batch.observations[:-1], last))
    with pytest.raises(MetricImportRejected) as rejected:
        import_metrics(db=db, batch=batch, actor=OPERATOR)
    assert (rejected.value.file, rejected.value.row, rejected.value.field) == (
        "good.csv",
        3,
        "source",
    )
    assert count(db, METRIC_OBSERVATIONS) == 0
    assert count(db, METRIC_DATA_VERSIONS) == 0


def test_suppressed_values_are_stored_as_suppressed_and_charted_as_gaps(
    db: Database, tmp_path: Path
) -> None:
    path = csv_file(tmp_path, "s.csv", [10, "*", 12, 11])
    import_metrics(db=db, batch=read_metric_csv(path), actor=OPERATOR)
    series = metric_series(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert [(p.value, p.current.suppressed) for p in series.points] == [
        (10, False),
        (None, True),
        (12, False),
        (11, False),
    ]
    spc = metric_spc(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert spc.result is not None
    assert [p.y for p in spc.result.points] == [10, None, 12, 11]
    assert spc.result.points[0].mean == pytest.approx(11.0)  # (10 + 12 + 11) / 3


def test_recalculation_is_a_recorded_decision_that_starts_a_phase(
    db: Database, tmp_path: Path
) -> None:
    values = [20, 21, 19, 20, 22, 20, 8, 9, 7, 8, 9, 8]
    import_metrics(
        db=db, batch=read_metric_csv(csv_file(tmp_path, "r.csv", values)), actor=OPERATOR
    )
    before = metric_spc(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert before.result is not None
    assert len(before.result.phases) == 1
    with pytest.raises(InvalidMetricRecord):
        record_recalculation(
            db=db,
            org_code="RXX",
            metric_code="cyp_triage_wait",
            at=dt.date(2021, 7, 1),
            reason=" ",
            actor=OPERATOR,
        )
    record_recalculation(
        db=db,
        org_code="RXX",
        metric_code="cyp_triage_wait",
        at=dt.date(2021, 7, 1),
        reason="New triage pathway",
        recorded_on=dt.date(2021, 9, 1),
        actor=OPERATOR,
    )
    after = metric_spc(db=db, org_code="RXX", metric_code="cyp_triage_wait")
    assert after.result is not None
    first, second = after.result.phases
    assert (second.start_x, second.reason) == (dt.date(2021, 7, 31), "New triage pathway")
    # cyp_triage_wait fixes its limits after 12 points, so each phase's mean is its own
    # points' mean: 122 / 6 and 49 / 6.
    assert first.mean == pytest.approx(122 / 6)
    assert second.mean == pytest.approx(49 / 6)
    # Recorded on 1 September 2021: a chart as of August has one phase.
    august = metric_spc(
        db=db, org_code="RXX", metric_code="cyp_triage_wait", as_of=dt.date(2021, 8, 31)
    )
    assert august.series.recalculations == ()


def test_unknown_metric_or_organisation_is_not_found(db: Database, tmp_path: Path) -> None:
    import_metrics(
        db=db, batch=read_metric_csv(csv_file(tmp_path, "a.csv", [1, 2])), actor=OPERATOR
    )
    with pytest.raises(NotFound):
        metric_series(db=db, org_code="RXX", metric_code="nope")
    with pytest.raises(NotFound):
        metric_series(db=db, org_code="NOPE", metric_code="cyp_triage_wait")
    with pytest.raises(NotFound):
        record_annotation(
            db=db,
            org_code="NOPE",
            metric_code="cyp_triage_wait",
            on=dt.date(2021, 1, 1),
            label="x",
            actor=OPERATOR,
        )


def test_summary_rows_carry_latest_value_target_and_icons(db: Database, tmp_path: Path) -> None:
    # Twelve stable points then one far above: lower is better, so a concern.
    values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 30]
    import_metrics(
        db=db, batch=read_metric_csv(csv_file(tmp_path, "c.csv", values)), actor=OPERATOR
    )
    (row,) = metric_summary(db=db, org_code="RXX", only_with_data=True)
    assert row.definition.code == "cyp_triage_wait"
    assert row.latest is not None
    assert row.latest.value == 30
    assert row.spc.variation is not None
    assert row.spc.variation.code == "concern-high"
    assert row.spc.assurance is not None
    assert len(metric_summary(db=db, org_code="RXX")) == 18


def test_the_real_mhsds_file_on_both_databases(db: Database, shared_data: Path) -> None:
    path = shared_data / "mhsds-4ww" / "MHSDS_Data_4WW_SepPerf_2024.csv"
    if not path.exists():
        pytest.skip("the MHSDS September 2024 file is not in the shared data folder")
    batch = read_mhsds_4ww(path)
    scoped = import_metrics(db=db, batch=batch.only("RMY"), actor=OPERATOR)
    assert scoped.new == 4
    # The whole file later adds every other provider; NSFT's rows are unchanged.
    whole = import_metrics(db=db, batch=batch, actor=OPERATOR)
    assert whole.unchanged == 4
    assert whole.new == len(batch.observations) - 4
    assert import_metrics(db=db, batch=batch, actor=OPERATOR).already_imported
    series = metric_series(db=db, org_code="RMY", metric_code="cmh_4ww")
    assert [p.value for p in series.points] == [7.0]  # SOURCE.md: MRS01b = 7
