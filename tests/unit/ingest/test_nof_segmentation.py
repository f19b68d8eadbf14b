"""Reading NHS Oversight Framework segmentation files: the documented columns and their
variants, and every bad cell named by file, row and column with nothing returned."""

from __future__ import annotations

from pathlib import Path

import pytest

from carewatch.domain.oversight.league import Quarter
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.ingest.records import IngestError

HEADER = (
    "Region,Trust_code,Trust_name,Trust_type,Quarter,Segment,Average_metric_score,"
    "Financial_override,League_table_position"
)


def write(tmp_path: Path, *lines: str, name: str = "segmentation.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_reads_every_documented_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER,
        "East of England,RMY,Norfolk and Suffolk NHS Foundation Trust,Non-acute,"
        "Q2 2025/26,3,2.61,Yes,31",
        "London,rqy,A London Trust,Non-acute,Q2 2025/26,1,1.80,No,",
    )
    read = read_nof_segmentation(path)
    assert read.file_name == "segmentation.csv"
    assert len(read.sha256) == 64
    first, second = read.entries
    assert (first.provider_id, first.peer_group, first.quarter) == (
        "RMY",
        "Non-acute",
        Quarter(2025, 2),
    )
    assert (first.segment, first.average_metric_score, first.financial_override) == (3, 2.61, True)
    assert first.published_position == 31
    assert (second.provider_id, second.financial_override, second.published_position) == (
        "RQY",
        False,
        None,
    )


def test_column_name_variants_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "variants.csv"
    path.write_bytes(
        "\ufeffODS code,Organisation name,Peer group,Period,NOF segment,AMS,Deficit,Rank\n"
        "RMY,NSFT,Non-acute,2025/26 Q1,4,3.1,,2\n".encode()
    )
    (only,) = read_nof_segmentation(path).entries
    assert (only.provider_id, only.quarter.label, only.segment, only.financial_override) == (
        "RMY",
        "Q1 2025/26",
        4,
        None,
    )


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("X,RMY,Name,Non-acute,Q2 2025/26,6,2.0,No,1", "Segment", "1 to 5"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,two,2.0,No,1", "Segment", "whole number"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2.5,2.0,No,1", "Segment", "whole number"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2,4.5,No,1", "Average_metric_score", "1.00 and 4.00"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2,abc,No,1", "Average_metric_score", "not a number"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2,2.0,maybe,1", "Financial_override", "Yes or No"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2,2.0,No,first", "League_table_position", "whole"),
        ("X,RMY,Name,Non-acute,Q2 2025/26,2,2.0,No,0", "League_table_position", "1 or more"),
        ("X,RMY,Name,Non-acute,autumn,2,2.0,No,1", "Quarter", "of the form"),
        ("X,R-MY!,Name,Non-acute,Q2 2025/26,2,2.0,No,1", "Trust_code", "ODS"),
        ("X,RMY,,Non-acute,Q2 2025/26,2,2.0,No,1", "Trust_name", "empty"),
        ("X,RMY,Name,,Q2 2025/26,2,2.0,No,1", "Trust_type", "empty"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(
    tmp_path: Path, row: str, column: str, message: str
) -> None:
    good = "X,RAA,Good,Non-acute,Q2 2025/26,2,2.0,No,1"
    path = write(tmp_path, HEADER, good, row)
    with pytest.raises(IngestError) as caught:
        read_nof_segmentation(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (
        "segmentation.csv",
        3,
        column,
    )
    assert message in str(caught.value)


def test_a_trust_twice_in_one_quarter_is_refused(tmp_path: Path) -> None:
    row = "X,RMY,Name,Non-acute,Q2 2025/26,2,2.0,No,1"
    with pytest.raises(IngestError, match="appears twice") as caught:
        read_nof_segmentation(write(tmp_path, HEADER, row, row))
    assert caught.value.row == 3


def test_missing_required_columns_are_all_named(tmp_path: Path) -> None:
    path = write(tmp_path, "Trust_code,Trust_name,Average_metric_score", "RMY,Name,2.0")
    with pytest.raises(IngestError) as caught:
        read_nof_segmentation(path)
    assert "Trust_type, Quarter, Segment" in str(caught.value)


@pytest.mark.parametrize("lines", [(), (HEADER,)])
def test_an_empty_file_is_refused(tmp_path: Path, lines: tuple[str, ...]) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(IngestError, match=r"empty\.csv"):
        read_nof_segmentation(path)


def test_error_messages_never_quote_the_trust_name(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, "X,RMY,Private Words Here,Non-acute,Q9 2025/26,2,2.0,No,1")
    with pytest.raises(IngestError) as caught:
        read_nof_segmentation(path)
    assert "Private Words" not in str(caught.value)


def test_the_documented_template_reads() -> None:
    template = Path(__file__).parents[3] / "docs" / "templates" / "nof-segmentation.csv"
    (only,) = read_nof_segmentation(template).entries
    assert (only.quarter.label, only.segment, only.published_position) == ("Q2 2025/26", 3, 31)
