"""Reading NHS Digital's out of area placements open data: the real files, whose columns
change between months (expected values from the files' SOURCE.md), and small bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carewatch.domain.metrics import DataKind
from carewatch.ingest.oaps import read_oaps
from carewatch.ingest.records import IngestError

# SOURCE.md: NSFT as sending provider, OAPs active at period end and total OAP days.
NSFT = {
    "oaps-open-data-oct-2016.csv": (dt.date(2016, 10, 31), 5, 62),
    "oaps-open-data-nov-2016.csv": (dt.date(2016, 11, 30), 25, 528),
    "oaps-open-data-dec-2016.csv": (dt.date(2016, 12, 31), 35, 916),
    "oaps-open-data-jan-2017.csv": (dt.date(2017, 1, 31), 40, 1175),
    "oaps-open-data-feb-2017.csv": (dt.date(2017, 2, 28), 50, 1324),
}
COLUMNS_6 = '"Question","Breakdown1","Breakdown1Code","Breakdown2","Breakdown2Code","value"'


@pytest.fixture
def oaps(shared_data: Path) -> Path:
    folder = shared_data / "oaps"
    if not folder.is_dir():
        pytest.skip("the OAPs files are not in the shared data folder")
    return folder


@pytest.mark.parametrize("name", sorted(NSFT))
def test_every_month_gives_nsfts_published_figures(oaps: Path, name: str) -> None:
    batch = read_oaps(oaps / name)
    end, active, days = NSFT[name]
    rmy = {o.metric_code: o for o in batch.observations if o.org_code == "RMY"}
    assert rmy["oaps_active"].value == active
    assert rmy["oaps_inappropriate_bed_days"].value == days
    assert rmy["oaps_active"].period_end == end
    assert rmy["oaps_active"].period_start == end.replace(day=1)
    assert batch.kind is DataKind.OAPS


def test_only_the_february_file_states_its_publication(oaps: Path) -> None:
    feb = read_oaps(oaps / "oaps-open-data-feb-2017.csv")
    assert feb.published_on == dt.date(2017, 4, 1)  # PublicationDate 2017/04
    assert feb.publication == "Out of area placements, February 2017, published 2017/04"
    assert read_oaps(oaps / "oaps-open-data-oct-2016.csv").published_on is None


def test_suppressed_values_stay_suppressed(oaps: Path) -> None:
    batch = read_oaps(oaps / "oaps-open-data-oct-2016.csv")
    suppressed = [o for o in batch.observations if o.suppressed]
    assert suppressed
    assert all(o.value is None for o in suppressed)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_columns_are_found_by_name_in_any_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "export.csv",
        '"value","Breakdown2","Question","Breakdown1Code","Breakdown1","PublicationPeriod"',
        '"7","","OAPs active at period end","RXX","SendingProvider","2019/03"',
        '"*","","Total number of OAP days over the period","RXX","SendingProvider","2019/03"',
    )
    batch = read_oaps(path)
    active, days = batch.observations
    assert (active.value, active.period_end) == (7.0, dt.date(2019, 3, 31))
    assert days.suppressed
    assert days.value is None


def test_a_file_that_names_no_month_needs_the_period(tmp_path: Path) -> None:
    lines = (COLUMNS_6, '"OAPs active at period end","SendingProvider","RXX","","","3"')
    with pytest.raises(IngestError) as error:
        read_oaps(write(tmp_path, "export.csv", *lines))
    assert error.value.column == "PublicationPeriod"
    batch = read_oaps(write(tmp_path, "export.csv", *lines), period=dt.date(2018, 2, 14))
    assert batch.observations[0].period_end == dt.date(2018, 2, 28)


@pytest.mark.parametrize(
    ("lines", "row", "column"),
    [
        (
            (COLUMNS_6, '"OAPs active at period end","SendingProvider","RXX","","","many"'),
            2,
            "value",
        ),
        ((COLUMNS_6, '"","SendingProvider","RXX","","","1"'), 2, "Question"),
        (
            (COLUMNS_6, '"OAPs active at period end","SendingProvider","","","","1"'),
            2,
            "Breakdown1Code",
        ),
        (
            (
                COLUMNS_6,
                '"OAPs active at period end","SendingProvider","RXX","","","1"',
                '"OAPs active at period end","SendingProvider","RXX","","","2"',
            ),
            3,
            "Question",
        ),
        (('"Question","Breakdown1","Breakdown1Code","Breakdown2"', '"q","b","c","d"'), 1, "value"),
    ],
    ids=["value", "question", "provider", "repeat", "missing-column"],
)
def test_bad_rows_are_named_by_file_row_and_column(
    tmp_path: Path, lines: tuple[str, ...], row: int, column: str
) -> None:
    with pytest.raises(IngestError) as error:
        read_oaps(write(tmp_path, "oaps-open-data-mar-2017.csv", *lines))
    assert (error.value.file, error.value.row, error.value.column) == (
        "oaps-open-data-mar-2017.csv",
        row,
        column,
    )


@pytest.mark.parametrize("value", ["many", "", "inf"])
def test_a_value_is_a_number_or_the_suppression_mark(tmp_path: Path, value: str) -> None:
    line = f'"OAPs active at period end","SendingProvider","RXX","","","{value}"'
    with pytest.raises(IngestError) as error:
        read_oaps(write(tmp_path, "oaps-open-data-mar-2017.csv", COLUMNS_6, line))
    assert (error.value.row, error.value.column, error.value.detail) == (
        2,
        "value",
        "is not a number or *",
    )


def test_publication_period_must_agree_on_every_row(tmp_path: Path) -> None:
    header = '"PublicationPeriod","Question","Breakdown1","Breakdown1Code","Breakdown2","value"'
    with pytest.raises(IngestError) as error:
        read_oaps(
            write(
                tmp_path,
                "x.csv",
                header,
                '"2017/02","OAPs active at period end","England","","","3"',
                '"2017/03","OAPs active at period end","England","","","3"',
            )
        )
    assert (error.value.row, error.value.column) == (3, "PublicationPeriod")
    with pytest.raises(IngestError) as bad:
        read_oaps(write(tmp_path, "x.csv", header, '"Feb 2017","q","England","","","3"'))
    assert (bad.value.row, bad.value.column) == (2, "PublicationPeriod")
