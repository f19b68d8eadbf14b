"""The feedback reader: the template and the public labelled comments' format, every error
naming the file, row and column, and the labelled file's quirks (mixed date orders, vertical
tabs from a word processor, non-breaking spaces, undocumented FFT answers)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carewatch.domain.feedback.items import FeedbackSource, FftScore, RespondentGroup
from carewatch.ingest.feedback_csv import FEEDBACK_TEMPLATE, read_feedback_csv
from carewatch.ingest.records import IngestError

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pxtextmining"
LABELLED = SHARED / "v6framework_230831.csv"

PX_HEADER = (
    "Comment ID,Trust,Respondent ID,Date,Service type 1,Service type 2,FFT categorical answer,"
    "FFT question,FFT answer,Person identifiable info?,Comment sentiment,Not assigned,"
    "Timeliness of care,Parking\n"
)


def write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_template_reads_as_documented(tmp_path: Path) -> None:
    batch = read_feedback_csv(write(tmp_path, FEEDBACK_TEMPLATE))
    assert batch.trust == "RMY"
    assert batch.format == "template"
    first, second = batch.records
    assert first.row == 2
    assert first.item.source is FeedbackSource.FRIENDS_AND_FAMILY_TEST
    assert first.item.fft_score is FftScore.POOR
    assert first.themes is None  # the classifier labels it
    assert second.item.group is RespondentGroup.FAMILY_OR_CARER
    assert second.themes == ("Timeliness of care",)
    assert second.sentiment is not None
    assert second.sentiment.value == "5"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("RMY,A,fft,patient,2024-02-30,,,,Fine.,,,no,", "received"),
        ("RMY,A,letter,patient,2024-02-01,,,,Fine.,,,no,", "source"),
        ("RMY,A,fft,visitor,2024-02-01,,,,Fine.,,,no,", "respondent_group"),
        ("RMY,A,fft,patient,2024-02-01,,,9,Fine.,,,no,", "fft_score"),
        ("RMY,A,complaint,patient,2024-02-01,,,4,Fine.,,,no,", "fft_score"),
        ("RMY,A,fft,patient,2024-02-01,,,,Fine.,,7,no,", "sentiment"),
        ("RMY,A,fft,patient,2024-02-01,,,,Fine.,Parking;Queues,,no,", "themes"),
        ("RMY,A,fft,patient,2024-02-01,,,,Fine.,,,perhaps,", "illustrative"),
        ("RMY,,fft,patient,2024-02-01,,,,Fine.,,,no,", "reference"),
    ],
)
def test_a_bad_cell_is_named_by_file_row_and_column(tmp_path: Path, row: str, column: str) -> None:
    header = FEEDBACK_TEMPLATE.splitlines()[0]
    good = FEEDBACK_TEMPLATE.splitlines()[1]
    path = write(tmp_path, f"{header}\n{good}\n{row}\n")
    with pytest.raises(IngestError) as caught:
        read_feedback_csv(path)
    assert str(caught.value).startswith(f"f.csv, row 3, column '{column}'")
    assert "Fine." not in str(caught.value)  # a comment is never quoted


def test_one_trust_a_file_and_each_reference_once(tmp_path: Path) -> None:
    header = FEEDBACK_TEMPLATE.splitlines()[0]
    row = "RMY,A,fft,patient,2024-02-01,,,,Fine.,,,no,"
    with pytest.raises(IngestError, match=r"row 3, column 'reference': repeats .* row 2"):
        read_feedback_csv(write(tmp_path, f"{header}\n{row}\n{row}\n"))
    other = row.replace("RMY", "RAA").replace(",A,", ",B,")
    with pytest.raises(IngestError, match=r"row 3, column 'org_code': names another trust"):
        read_feedback_csv(write(tmp_path, f"{header}\n{row}\n{other}\n"))
    with pytest.raises(IngestError, match=r"column 'org_code': names another trust than RAA"):
        read_feedback_csv(write(tmp_path, f"{header}\n{row}\n"), trust="RAA")
    with pytest.raises(IngestError, match=r"column 'comment': is not a column"):
        read_feedback_csv(write(tmp_path, f"{header},comment\n{row},x\n"))


def test_the_labelled_format_needs_the_trust_to_store_under(tmp_path: Path) -> None:
    path = write(
        tmp_path, PX_HEADER + "NHFT 1 - Q1,NHFT,NHFT 1,30/09/2021,MH,,1,FFT Why?,Good,,1,,,\n"
    )
    with pytest.raises(IngestError, match="--trust"):
        read_feedback_csv(path)
    batch = read_feedback_csv(path, trust="syn01", file_trust="NHFT")
    assert batch.trust == "SYN01"
    assert batch.format == "pxtextmining"


def test_the_labelled_formats_quirks(tmp_path: Path) -> None:
    rows = (
        # day first (UK) unless the second number cannot be a month
        "NHFT 1 - Q1,NHFT,NHFT 1,03/04/2021,Local partnerships- MH,Adult mental health,2,"
        "What was good?,Kind staff,,1,,,\n"
        "NHFT 2 - Q1,NHFT,NHFT 2,9/30/2021,PTS\xa0 - Patient Transport,,7,FFT Why?,"
        '"Late\x0bagain",,5,,1,1\n'
        "NEAS 3 - Q1,NEAS,NEAS 3,30/09/2021,PTS,,1,FFT Why?,Fine,,,1,,\n"
        "NHFT 4 - Q1,NHFT,NHFT 4,01/10/2021,MH,,6,FFT Why?,Nothing,,,1,,\n"
    )
    batch = read_feedback_csv(write(tmp_path, PX_HEADER + rows), trust="SYN01", file_trust="NHFT")
    first, second, fourth = batch.records
    assert [r.row for r in batch.records] == [2, 3, 5]  # NEAS's row left out
    assert first.item.received == dt.date(2021, 4, 3)
    assert first.item.service == "Local partnerships- MH / Adult mental health"
    assert first.item.fft_score is FftScore.GOOD
    assert first.themes == ()
    assert second.item.received == dt.date(2021, 9, 30)
    assert second.item.text == "Late\nagain"
    assert second.item.service == "PTS - Patient Transport"
    assert second.item.fft_score is None  # 7 is undocumented
    assert second.themes == ("Timeliness of care", "Parking")
    assert second.sentiment is not None
    assert second.sentiment.value == "5"
    assert fourth.item.fft_score is FftScore.DONT_KNOW
    assert fourth.sentiment is None
    assert fourth.themes == ("Not assigned",)


def test_a_control_character_other_than_a_vertical_tab_is_refused(tmp_path: Path) -> None:
    row = 'NHFT 1 - Q1,NHFT,NHFT 1,03/04/2021,MH,,2,What was good?,"Kind\x07staff",,1,,,\n'
    with pytest.raises(IngestError, match=r"row 2.*control character"):
        read_feedback_csv(write(tmp_path, PX_HEADER + row), trust="SYN01", file_trust="NHFT")


@pytest.mark.skipif(not LABELLED.is_file(), reason="the shared data folder is absent")
def test_the_public_labelled_file_reads_whole() -> None:
    nhft = read_feedback_csv(LABELLED, trust="SYN01", file_trust="NHFT")
    neas = read_feedback_csv(LABELLED, trust="SYN02", file_trust="NEAS")
    # Counted by SOURCE.md: 2,812 NHFT rows and 5,096 NEAS rows.
    assert (len(nhft.records), len(neas.records)) == (2812, 5096)
    days = [r.item.received for r in nhft.records]
    assert min(days) >= dt.date(2021, 1, 1)
    assert max(days) <= dt.date(2022, 12, 31)
