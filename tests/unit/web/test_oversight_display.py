"""Oversight in words: the regime sentence, dates in words, the nearest deadline, and the
timeline form's filters read (and refused) field by field."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import EventKind, OpenEnforcement, OversightStatus, Regime
from carewatch.web.oversight_display import (
    KIND_TAGS,
    REGIME_ORDER,
    dates_in_words,
    nearest_deadline,
    read_filters,
    regime_sentence,
)


def _status(
    regime: Regime,
    since: dt.date | None,
    as_of: dt.date = dt.date(2025, 6, 1),
    open_enforcement: tuple[OpenEnforcement, ...] = (),
) -> OversightStatus:
    return OversightStatus(
        as_of, regime, since, regime.segment, 0, 0, 0, None, "", open_enforcement, ()
    )


@pytest.mark.parametrize(
    ("regime", "since", "as_of", "sentence"),
    [
        (Regime.NONE, None, dt.date(2025, 6, 1), "No regime decision recorded"),
        (
            Regime.NONE,
            dt.date(2016, 10, 12),
            dt.date(2017, 1, 1),
            "No special regime since 12 October 2016",
        ),
        (
            Regime.SEGMENT_3,
            dt.date(2025, 2, 1),
            dt.date(2025, 6, 1),
            "In NHS Oversight Framework segment 3 since 1 February 2025",
        ),
        (
            Regime.SEGMENT_4,
            dt.date(2019, 4, 1),
            dt.date(2020, 1, 1),
            "In NHS Oversight Framework segment 4 since 1 April 2019",
        ),
        (
            Regime.SEGMENT_4,
            dt.date(2021, 7, 1),
            dt.date(2022, 1, 1),
            "In NHS Oversight Framework segment 4 (the Recovery Support Programme) "
            "since 1 July 2021",
        ),
        (
            Regime.TRUST_SPECIAL_ADMINISTRATION,
            dt.date(2013, 4, 16),
            dt.date(2014, 1, 1),
            "In trust special administration since 16 April 2013",
        ),
        (
            Regime.FINANCIAL_SPECIAL_MEASURES,
            dt.date(2016, 7, 21),
            dt.date(2017, 1, 1),
            "In financial special measures since 21 July 2016",
        ),
    ],
)
def test_regime_sentence(
    regime: Regime, since: dt.date | None, as_of: dt.date, sentence: str
) -> None:
    assert regime_sentence(_status(regime, since, as_of)) == sentence


def test_every_kind_has_a_tag_and_every_regime_an_order() -> None:
    assert set(KIND_TAGS) == set(EventKind)
    assert sorted(REGIME_ORDER, key=lambda r: r.value) == sorted(Regime, key=lambda r: r.value)


def test_dates_in_words_leaves_impossible_dates_alone() -> None:
    assert dates_in_words("on 2018-11-30 and 2018-02-30") == "on 30 November 2018 and 2018-02-30"


def test_nearest_deadline_is_the_earliest_across_actions() -> None:
    actions = (
        OpenEnforcement("a", "A", dt.date(2022, 1, 1), (dt.date(2022, 9, 1),), ""),
        OpenEnforcement("b", "B", dt.date(2022, 2, 1), (), ""),
        OpenEnforcement(
            "c", "C", dt.date(2022, 3, 1), (dt.date(2022, 6, 1), dt.date(2023, 1, 1)), ""
        ),
    )
    assert nearest_deadline(_status(Regime.NONE, None, open_enforcement=actions)) == dt.date(
        2022, 6, 1
    )
    assert nearest_deadline(_status(Regime.NONE, None)) is None


def test_read_filters_keeps_good_values() -> None:
    f = read_filters(
        kinds=["meeting", "regime_entered", "meeting"],
        start=" 2015-01-01 ",
        end="",
        as_of="2016-02-29",
    )
    assert f.kinds == (EventKind.MEETING, EventKind.REGIME_ENTERED)
    assert (f.start, f.end, f.as_of) == (dt.date(2015, 1, 1), None, dt.date(2016, 2, 29))
    assert f.errors == {}
    assert f.any
    assert f.wants(EventKind.MEETING)
    assert not f.wants(EventKind.ESCALATION)
    assert f.query() == "kind=meeting&kind=regime_entered&from=2015-01-01&as_of=2016-02-29"


def test_read_filters_blank_means_everything() -> None:
    f = read_filters(kinds=[], start="", end=" ", as_of="")
    assert not f.any
    assert all(f.wants(kind) for kind in EventKind)
    assert f.query() == ""


def test_read_filters_names_each_bad_field() -> None:
    f = read_filters(kinds=["rumour"], start="2015-02-30", end="soon", as_of="9" * 31)
    assert f.errors == {
        "kind": "Choose kinds of event from the list",
        "from": "From date must be a real date, like 23 November 2018",
        "to": "To date must be a real date, like 23 November 2018",
        "as_of": "Status as of must be a real date, like 23 November 2018",
    }
    assert (f.kinds, f.start, f.end, f.as_of) == ((), None, None, None)
    assert f.raw["as_of"] == "9" * 30


def test_read_filters_refuses_an_end_before_the_start() -> None:
    f = read_filters(kinds=[], start="2020-01-02", end="2020-01-01", as_of="")
    assert f.errors == {"to": "To date must be the same as or after the from date"}
