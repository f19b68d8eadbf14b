"""How the site reads a date typed into a form or a filter: ISO, day first in figures, in
words, or as the NHS.UK date input's three fields."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.web.dates import DATE_PROBLEM, parse_date, read_date, read_date_parts

DEC_31 = dt.date(2020, 12, 31)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2020-12-31", DEC_31),
        ("31/12/2020", DEC_31),
        ("31/12/2020 ", DEC_31),
        ("31.12.2020", DEC_31),
        ("31-12-2020", DEC_31),
        ("31 / 12 / 2020", DEC_31),
        ("31 December 2020", DEC_31),
        ("31 december 2020", DEC_31),
        ("31 Dec 2020", DEC_31),
        ("31 Dec. 2020", DEC_31),
        ("31st December 2020", DEC_31),
        ("31  December   2020", DEC_31),
        ("1/2/2021", dt.date(2021, 2, 1)),  # day first: the 1st of February, never 2 January
        ("01/02/2021", dt.date(2021, 2, 1)),
        ("3 Sept 2019", dt.date(2019, 9, 3)),
        ("29 February 2024", dt.date(2024, 2, 29)),
    ],
)
def test_a_date_written_as_people_in_the_uk_write_it(text: str, day: dt.date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "31/13/2020",  # no 13th month
        "12/31/2020",  # month first is not read
        "31 September 2020",
        "29 February 2023",
        "31 Decembre 2020",
        "2020/12/31",
        "31/12/20",  # a two-figure year is ambiguous
        "31 December 2020 and more",
        "1" * 50,
    ],
)
def test_what_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        parse_date(text)


def test_read_date_keeps_blank_apart_from_wrong() -> None:
    assert read_date(None) == (None, None)
    assert read_date("   ") == (None, None)
    assert read_date("31 December 2020") == (DEC_31, None)
    assert read_date("31/12/20") == (None, DATE_PROBLEM)
    # The message shows both ways of writing a date a person may use.
    assert "31 December 2020" in DATE_PROBLEM
    assert "31/12/2020" in DATE_PROBLEM


def test_the_date_inputs_three_fields() -> None:
    three = {"on-day": "5", "on-month": "3", "on-year": "2024"}
    assert read_date_parts(three, "on") == ("2024-03-05", None)
    assert parse_date(read_date_parts(three, "on")[0]) == dt.date(2024, 3, 5)
    # One field with the whole date (an older form, or the API's words) is read as it is.
    assert read_date_parts({"on": "5 March 2024"}, "on") == ("5 March 2024", None)
    assert read_date_parts({}, "on") == ("", None)
    assert read_date_parts({"on-day": " ", "on-month": "", "on-year": ""}, "on") == ("", None)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"on-day": "5", "on-month": "3"}, "Date must include a year"),
        ({"on-year": "2024"}, "Date must include a day and a month"),
        ({"on-day": "5", "on-year": "2024"}, "Date must include a month"),
        ({"on-day": "five", "on-month": "3", "on-year": "2024"}, DATE_PROBLEM),
        ({"on-day": "5", "on-month": "3", "on-year": "24"}, DATE_PROBLEM),
    ],
)
def test_a_date_input_filled_in_part_says_what_is_missing(
    fields: dict[str, str], problem: str
) -> None:
    assert read_date_parts(fields, "on") == ("", problem)


def test_impossible_days_in_three_fields_are_refused_when_read() -> None:
    text, problem = read_date_parts({"on-day": "31", "on-month": "2", "on-year": "2024"}, "on")
    assert problem is None
    with pytest.raises(ValueError, match="day is out of range"):
        parse_date(text)
