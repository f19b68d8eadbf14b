"""Reading the labelled file: its quirks (quoted text over several lines, non-breaking
spaces, dates day first and month first, empty sentiment), and refusals that name the row and
the column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining.data import LabelledFileError, parse_date, read_labelled
from carewatch.textmining.questions import question_type
from tests.unit.textmining.conftest import labelled_csv

QUIRKS = [
    {
        "Comment ID": "NEAS PTS 540 - Q1",
        "Trust": "NEAS",
        "Date": "30/09/2021",
        "Service type 1": "PTS\xa0 - Patient Transport",
        "FFT question": (
            "Please describe any things about the 111 service that \n"
            "you were particularly satisfied and/or dissatisfied with"
        ),
        "FFT answer": "The driver was late.\nThen, on the way home,\xa0very kind.",
        "Comment sentiment": "3",
        "Timeliness of care": "1",
        "Staff manner & personal attributes": "1",
    },
    {
        "Comment ID": "NEAS 111 7 - Q1",
        "Trust": "NEAS",
        "Date": "5/31/2022",
        "FFT question": "What could we do better?",
        "FFT answer": "Nothing",
        "Comment sentiment": "",
        "Positive experience & gratitude": "1",
    },
    {
        "Comment ID": "NEAS 111 8 - Q1",
        "Trust": "NEAS",
        "Date": "10/17/2021",
        "FFT question": "What was good?",
        "FFT answer": "",
        "Labelling not possible": "1",
    },
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labelled.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_files_quirks_are_read_as_the_labellers_meant(tmp_path: Path) -> None:
    data = read_labelled(write(tmp_path, labelled_csv(QUIRKS)))
    first, second, third = data.comments
    assert first.text == "The driver was late.\nThen, on the way home, very kind."
    assert first.service == "PTS - Patient Transport"
    assert first.date == dt.date(2021, 9, 30)
    assert first.question_type == "nonspecific"
    assert first.themes == ("Staff manner & personal attributes", "Timeliness of care")
    assert first.sentiment == 3
    assert second.date == dt.date(2022, 5, 31)
    assert second.sentiment is None
    assert second.question_type == "could_improve"
    assert third.date == dt.date(2021, 10, 17)
    assert third.text == ""
    assert third.themes == ("Labelling not possible",)
    assert len(data.sha256) == 64


def test_the_hash_is_of_the_files_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, labelled_csv(QUIRKS))
    other = tmp_path / "other.csv"
    other.write_text(labelled_csv(QUIRKS[:2]), encoding="utf-8")
    assert read_labelled(path).sha256 == read_labelled(path).sha256
    assert read_labelled(path).sha256 != read_labelled(other).sha256


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30/09/2021", dt.date(2021, 9, 30)),
        ("01/02/2022", dt.date(2022, 2, 1)),  # padded: day first
        ("1/2/2022", dt.date(2022, 1, 2)),  # not padded: exported month first
        ("12/13/2021", dt.date(2021, 12, 13)),  # no 13th month: month first
        ("", None),
        ("31/02/2022", None),
        ("2022-02-01", None),
    ],
)
def test_dates_of_both_formats(value: str, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


def test_a_missing_theme_column_is_named(tmp_path: Path) -> None:
    text = labelled_csv(QUIRKS).replace(",Mental Health Act,", ",Mental Health,", 1)
    with pytest.raises(LabelledFileError, match="no column 'Mental Health Act'"):
        read_labelled(write(tmp_path, text))


def test_a_sentiment_off_the_scale_is_refused_with_its_row(tmp_path: Path) -> None:
    rows = [dict(QUIRKS[0]), dict(QUIRKS[1], **{"Comment sentiment": "7"})]
    with pytest.raises(LabelledFileError, match=r"row 2: Comment sentiment '7' is not 1 to 5"):
        read_labelled(write(tmp_path, labelled_csv(rows)))


def test_the_columns_are_the_frameworks_themes() -> None:
    assert len(THEME_NAMES) == len(set(THEME_NAMES)) == 50


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What was good?", "what_good"),
        ("How could we improve?", "could_improve"),
        ("Is there anything we could have done better?", "could_improve"),
        ("Please tell us why", "nonspecific"),
        (
            "Please can you tell us why you gave your answer and what we could have done better?",
            "nonspecific",
        ),
        ("What did we do well and what was good about it?", "what_good"),
        ("", "nonspecific"),
        (None, "nonspecific"),
    ],
)
def test_question_types(question: str | None, expected: str) -> None:
    assert question_type(question) == expected
