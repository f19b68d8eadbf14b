"""Reading NHS England's MHSDS four-week-wait files: the real files (expected values from the
files' SOURCE.md, read by hand) and small bad files, each refused with its file, row and
column named and nothing returned."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carewatch.domain.metrics import DataKind
from carewatch.ingest.mhsds_4ww import read_mhsds_4ww
from carewatch.ingest.records import IngestError

HEADER = (
    "REPORTING_PERIOD_START,REPORTING_PERIOD_END,STATUS,BREAKDOWN,PRIMARY_LEVEL,"
    "PRIMARY_LEVEL_DESCRIPTION,SECONDARY_LEVEL,SECONDARY_LEVEL_DESCRIPTION,MEASURE_ID,"
    "MEASURE_NAME,MEASURE_VALUE"
)
ROW = "01/07/2024,30/09/2024,Performance,Provider,RXX,A TRUST,NONE,NONE,{id},name,{value}"


@pytest.fixture
def mhsds(shared_data: Path) -> Path:
    folder = shared_data / "mhsds-4ww"
    if not folder.is_dir():
        pytest.skip("the MHSDS four-week-wait files are not in the shared data folder")
    return folder


def test_the_september_2024_file_gives_nsfts_published_figures(mhsds: Path) -> None:
    batch = read_mhsds_4ww(mhsds / "MHSDS_Data_4WW_SepPerf_2024.csv")
    assert batch.kind is DataKind.MHSDS_4WW
    assert batch.rows_read == 18_942  # SOURCE.md: 18,942 rows
    assert batch.publication == "MHSDS four-week waits, Sep 2024 performance"
    assert batch.published_on is None  # the file does not say when it was published
    rmy = {o.metric_code: o for o in batch.observations if o.org_code == "RMY"}
    # SOURCE.md: MRS01b = 7 (Jul–Sep 2024), MRS10a = 242 median days.
    assert rmy["cmh_4ww"].value == 7.0
    assert (rmy["cmh_4ww"].period_start, rmy["cmh_4ww"].period_end) == (
        dt.date(2024, 7, 1),
        dt.date(2024, 9, 30),
    )
    assert rmy["cyp_first_contact_median_wait"].value == 242.0
    assert rmy["cyp_first_contact_median_wait"].period_start == dt.date(2024, 9, 1)
    assert rmy["cmh_4ww"].org_name == "Norfolk And Suffolk NHS Foundation Trust"


def test_the_april_file_carries_numerator_and_denominator(mhsds: Path) -> None:
    batch = read_mhsds_4ww(mhsds / "MHSDS_Data_4WW_AprPerf_2024_v2.csv")
    assert batch.publication == "MHSDS four-week waits, Apr 2024 performance, version 2"
    cmh = next(o for o in batch.observations if o.org_code == "RMY" and o.metric_code == "cmh_4ww")
    # Rows read by hand: MRS01 = 775, MRS01a = 110, MRS01b = 14 for Feb–Apr 2024.
    assert (cmh.value, cmh.numerator, cmh.denominator) == (14.0, 110.0, 775.0)


def test_suppressed_values_stay_suppressed_never_zero(mhsds: Path) -> None:
    batch = read_mhsds_4ww(mhsds / "MHSDS_Data_4WW_SepPerf_2024.csv")
    suppressed = [o for o in batch.observations if o.suppressed]
    assert suppressed, "SOURCE.md: about 60% of rows are suppressed"
    assert all(o.value is None for o in suppressed)
    assert all(o.value is not None for o in batch.observations if not o.suppressed)


def write(tmp_path: Path, *lines: str, name: str = "MHSDS_Data_4WW_SepPerf_2024.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_small_good_file(tmp_path: Path) -> None:
    batch = read_mhsds_4ww(
        write(
            tmp_path,
            HEADER,
            ROW.format(id="MRS01", value="40"),
            ROW.format(id="MRS01a", value="10"),
            ROW.format(id="MRS01b", value="25"),
            ROW.format(id="MRS08b", value="*"),
        )
    )
    by_code = {o.metric_code: o for o in batch.observations}
    assert (by_code["cmh_4ww"].value, by_code["cmh_4ww"].numerator) == (25.0, 10.0)
    assert by_code["cyp_4ww"].suppressed
    assert batch.rows_read == 4


@pytest.mark.parametrize(
    ("lines", "row", "column"),
    [
        (
            (ROW.format(id="MRS01b", value="12"), ROW.format(id="MRS01b", value="x")),
            3,
            "MEASURE_VALUE",
        ),
        (
            (ROW.format(id="MRS01b", value="1").replace("30/09/2024", "2024-09-30"),),
            2,
            "REPORTING_PERIOD_END",
        ),
        (
            (ROW.format(id="MRS01b", value="1").replace("01/07/2024", "31/12/2024"),),
            2,
            "REPORTING_PERIOD_END",
        ),
        ((ROW.format(id="MRS01b", value="1"), ROW.format(id="MRS01b", value="2")), 3, "MEASURE_ID"),
        ((ROW.format(id="", value="2"),), 2, "MEASURE_ID"),
    ],
    ids=["value", "date", "order", "repeat", "measure"],
)
def test_bad_rows_are_named_by_file_row_and_column(
    tmp_path: Path, lines: tuple[str, ...], row: int, column: str
) -> None:
    with pytest.raises(IngestError) as error:
        read_mhsds_4ww(write(tmp_path, HEADER, *lines))
    assert (error.value.file, error.value.row, error.value.column) == (
        "MHSDS_Data_4WW_SepPerf_2024.csv",
        row,
        column,
    )
    assert "A TRUST" not in str(error.value)  # cell contents are not quoted


@pytest.mark.parametrize("value", ["x", "", "nan"])
def test_a_value_is_a_number_or_the_suppression_mark(tmp_path: Path, value: str) -> None:
    with pytest.raises(IngestError) as error:
        read_mhsds_4ww(write(tmp_path, HEADER, ROW.format(id="MRS01b", value=value)))
    assert (error.value.row, error.value.column, error.value.detail) == (
        2,
        "MEASURE_VALUE",
        "is not a number or *",
    )


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    header = HEADER.replace(",MEASURE_VALUE", "")
    with pytest.raises(IngestError) as error:
        read_mhsds_4ww(write(tmp_path, header, "01/07/2024,30/09/2024,P,Provider,R,N,N,N,M,n"))
    assert (error.value.row, error.value.column) == (1, "MEASURE_VALUE")


def test_an_empty_file_and_one_without_the_measures_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(IngestError, match="empty"):
        read_mhsds_4ww(empty)
    with pytest.raises(IngestError, match="no provider rows"):
        read_mhsds_4ww(write(tmp_path, HEADER, ROW.format(id="MRS04", value="3")))
