"""Oversight regimes and their legal transitions.

A trust is in one regime at a time: no special regime, quality special measures (2013 – June
2021), financial special measures (until June 2021), NHS Oversight Framework segments 1–4
(from 2019/20; segment 4 is the Recovery Support Programme from July 2021), segment 5 (from
26 June 2025) or trust special administration. A decision names the regime it moves from; it
is refused with `IllegalTransition` when that is not the trust's regime (exiting or retaining
a regime it is not in, or entering one while in another — two regimes would overlap), when
the regime it moves to did not exist on its date, or when its date is not after the latest
decision. Source: regulatory-framework reference §5.1, §5.2, §5.5.

Notation: `2015-02-12 entered none>qsm` is a decision on that date, of that kind, from one
regime to another; qsm = quality special measures, fsm = financial special measures, s1–s5 =
segments, tsa = trust special administration.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import (
    Decision,
    DecisionKind,
    IllegalTransition,
    Regime,
    RegimeHistory,
    UnknownDecisionKind,
    UnknownRegime,
    apply,
)

SHORT = {
    "none": Regime.NONE,
    "qsm": Regime.QUALITY_SPECIAL_MEASURES,
    "fsm": Regime.FINANCIAL_SPECIAL_MEASURES,
    "s1": Regime.SEGMENT_1,
    "s2": Regime.SEGMENT_2,
    "s3": Regime.SEGMENT_3,
    "s4": Regime.SEGMENT_4,
    "s5": Regime.SEGMENT_5,
    "tsa": Regime.TRUST_SPECIAL_ADMINISTRATION,
}


def decision(text: str) -> Decision:
    """'2015-02-12 entered none>qsm' → a Decision."""
    day, kind, move = text.split()
    before, after = move.split(">")
    return Decision(
        DecisionKind.parse(kind), SHORT[before], SHORT[after], dt.date.fromisoformat(day)
    )


NAMED = {"after the 2016 exit": "2015-02-12 entered none>qsm; 2016-10-13 exited qsm>none"}
"""Histories too long for a table cell, by name."""


def history_of(text: str) -> RegimeHistory:
    text = NAMED.get(text, text)
    history = RegimeHistory()
    for part in text.split(";"):
        if part.strip() and part.strip() != "-":
            history = apply(history, decision(part.strip()))
    return history


def rows(table: str) -> list[dict[str, str]]:
    lines = [line.strip() for line in table.strip().splitlines() if line.strip()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, [c.strip() for c in line.strip("|").split("|")], strict=True))
        for line in lines[2:]
    ]


LEGAL = """
| history                     | decision                         | after |
|-----------------------------|----------------------------------|-------|
| -                           | 2015-02-12 entered none>qsm      | qsm   |
| 2015-02-12 entered none>qsm | 2016-10-13 exited qsm>none       | none  |
| 2015-02-12 entered none>qsm | 2016-02-01 retained qsm>qsm      | qsm   |
| after the 2016 exit         | 2017-10-13 entered none>qsm      | qsm   |
| 2017-10-13 entered none>qsm | 2021-06-30 retained qsm>qsm      | qsm   |
| 2017-10-13 entered none>qsm | 2021-07-01 entered qsm>s4        | s4    |
| 2017-10-13 entered none>qsm | 2021-07-01 exited qsm>s4         | s4    |
| 2017-10-13 entered none>qsm | 2021-09-01 exited qsm>none       | none  |
| 2021-07-01 entered none>s4  | 2025-02-14 segment_changed s4>s3 | s3    |
| 2021-07-01 entered none>s2  | 2025-06-26 segment_changed s2>s5 | s5    |
| -                           | 2019-04-01 entered none>s2       | s2    |
| -                           | 2016-07-21 entered none>fsm      | fsm   |
| 2016-07-21 entered none>fsm | 2017-01-01 entered fsm>qsm       | qsm   |
| 2015-02-12 entered none>qsm | 2016-01-01 entered qsm>tsa       | tsa   |
| 2013-01-07 entered none>tsa | 2014-01-07 exited tsa>none       | none  |
| 2021-07-01 entered none>s4  | 2022-04-14 retained s4>s4        | s4    |
"""


@pytest.mark.parametrize("case", rows(LEGAL), ids=lambda c: c["decision"])
def test_legal_transitions(case: dict[str, str]) -> None:
    before = history_of(case["history"])
    after = apply(before, decision(case["decision"]))
    assert after.current is SHORT[case["after"]]
    assert after.decisions == (*before.decisions, decision(case["decision"]))


REFUSED = """
| history                     | decision                          | because                    |
|-----------------------------|-----------------------------------|----------------------------|
| -                           | 2016-10-13 exited qsm>none        | is in No special regime    |
| -                           | 2016-10-13 exited none>none       | no regime to exit          |
| -                           | 2018-11-29 retained qsm>qsm       | is in No special regime    |
| -                           | 2018-11-29 retained none>none     | no regime to retain        |
| 2015-02-12 entered none>qsm | 2016-02-01 retained qsm>s4        | retaining keeps            |
| -                           | 2021-07-01 entered none>qsm       | did not exist on that date |
| -                           | 2012-12-31 entered none>qsm       | did not exist on that date |
| -                           | 2021-07-01 entered none>fsm       | did not exist on that date |
| -                           | 2025-06-25 entered none>s5        | did not exist on that date |
| 2021-07-01 entered none>s4  | 2025-06-25 segment_changed s4>s5  | did not exist on that date |
| -                           | 2019-03-31 entered none>s2        | did not exist on that date |
| -                           | 2010-02-14 entered none>tsa       | did not exist on that date |
| 2017-10-13 entered none>qsm | 2021-07-01 retained qsm>qsm       | did not exist on that date |
| 2015-02-12 entered none>qsm | 2015-02-12 exited qsm>none        | dates cannot go backwards  |
| 2015-02-12 entered none>qsm | 2014-02-12 exited qsm>none        | dates cannot go backwards  |
| 2015-02-12 entered none>qsm | 2016-02-12 entered none>fsm       | two regimes would overlap  |
| 2021-07-01 entered none>s4  | 2022-02-12 entered none>s3        | two regimes would overlap  |
| 2015-02-12 entered none>qsm | 2016-02-12 entered qsm>qsm        | other than the current one |
| -                           | 2016-02-12 entered none>none      | other than the current one |
| 2015-02-12 entered none>qsm | 2016-02-12 exited qsm>fsm         | an exit leads to           |
| 2015-02-12 entered none>qsm | 2016-02-12 exited qsm>qsm         | an exit leads to           |
| 2017-10-13 entered none>qsm | 2021-07-01 segment_changed qsm>s4 | between two different      |
| 2021-07-01 entered none>s4  | 2022-07-01 segment_changed s4>s4  | between two different      |
| 2021-07-01 entered none>s4  | 2022-07-01 segment_changed s4>tsa | between two different      |
| 2016-02-12 entered none>tsa | 2017-02-12 exited tsa>qsm         | an exit leads to           |
"""


@pytest.mark.parametrize("case", rows(REFUSED), ids=lambda c: c["decision"])
def test_refused_transitions_leave_the_history_unchanged(case: dict[str, str]) -> None:
    before = history_of(case["history"])
    with pytest.raises(IllegalTransition, match=case["because"]) as caught:
        apply(before, decision(case["decision"]))
    assert caught.value.decision == decision(case["decision"])
    assert before == history_of(case["history"])


AS_OF = """
| as of      | regime | since      | until      |
|------------|--------|------------|------------|
| 2015-02-11 | none   | -          | -          |
| 2015-02-12 | qsm    | 2015-02-12 | 2016-10-13 |
| 2016-06-01 | qsm    | 2015-02-12 | 2016-10-13 |
| 2016-10-12 | qsm    | 2015-02-12 | 2016-10-13 |
| 2016-10-13 | none   | -          | -          |
| 2017-06-01 | none   | -          | -          |
| 2017-10-13 | qsm    | 2017-10-13 | 2021-07-01 |
| 2020-01-30 | qsm    | 2017-10-13 | 2021-07-01 |
| 2021-07-01 | s4     | 2021-07-01 | 2025-02-14 |
| 2025-02-14 | s3     | 2025-02-14 | -          |
| 2030-01-01 | s3     | 2025-02-14 | -          |
"""

WORKED = (
    "2015-02-12 entered none>qsm; 2016-10-13 exited qsm>none; 2017-10-13 entered none>qsm; "
    "2018-11-29 retained qsm>qsm; 2020-01-30 retained qsm>qsm; 2021-07-01 entered qsm>s4; "
    "2025-02-14 segment_changed s4>s3"
)
"""A worked history shaped like NSFT's (illustrative dates), used by the derived-fact specs."""


@pytest.mark.parametrize("case", rows(AS_OF), ids=lambda c: c["as of"])
def test_the_regime_as_of_any_date(case: dict[str, str]) -> None:
    history = history_of(WORKED)
    period = history.as_of(dt.date.fromisoformat(case["as of"]))
    if case["regime"] == "none":
        assert period is None
        assert history.regime_on(dt.date.fromisoformat(case["as of"])) is Regime.NONE
        return
    assert period is not None
    assert period.regime is SHORT[case["regime"]]
    assert period.start.isoformat() == case["since"]
    assert (period.end.isoformat() if period.end else "-") == case["until"]


def test_retentions_stay_on_their_period_and_exits_close_it() -> None:
    history = history_of(WORKED)
    second = history.periods[1]
    assert [d.date for d in second.retentions] == [dt.date(2018, 11, 29), dt.date(2020, 1, 30)]
    assert second.exit is not None
    assert second.exit.regime_to is Regime.SEGMENT_4
    assert len(history.periods) == 4
    assert history.current is Regime.SEGMENT_3


def test_a_decision_keeps_who_why_conditions_and_evidence() -> None:
    exit_ = Decision(
        DecisionKind.EXITED,
        Regime.QUALITY_SPECIAL_MEASURES,
        Regime.NONE,
        dt.date(2016, 10, 13),
        recommended_by="CQC Chief Inspector of Hospitals",
        decided_by="NHS Improvement",
        rationale="Sufficient improvement",
        conditions=("address outstanding safety issues",),
        evidence=("AP1",),
        source="https://example.org/exit",
    )
    history = apply(history_of("2015-02-12 entered none>qsm"), exit_)
    assert history.periods[0].exit == exit_
    assert history.periods[0].exit.conditions == ("address outstanding safety issues",)


PARSING = """
| text                              | regime                       |
|-----------------------------------|------------------------------|
| segment_4                         | SEGMENT_4                    |
| Quality special measures          | QUALITY_SPECIAL_MEASURES     |
| NHS Oversight Framework segment 5 | SEGMENT_5                    |
| No special regime                 | NONE                         |
| trust-special-administration      | TRUST_SPECIAL_ADMINISTRATION |
"""


@pytest.mark.parametrize("case", rows(PARSING), ids=lambda c: c["text"])
def test_regime_words(case: dict[str, str]) -> None:
    assert Regime.parse(case["text"]) is Regime[case["regime"]]


def test_unknown_words_are_named_errors() -> None:
    with pytest.raises(UnknownRegime, match="'segment 9'"):
        Regime.parse("segment 9")
    with pytest.raises(UnknownRegime):
        Regime.parse(4)  # type: ignore[arg-type]
    with pytest.raises(UnknownDecisionKind, match="'paused'"):
        DecisionKind.parse("paused")
    assert DecisionKind.parse(DecisionKind.EXITED) is DecisionKind.EXITED
    assert Regime.parse(Regime.SEGMENT_1) is Regime.SEGMENT_1


def test_segments_and_periods_of_validity() -> None:
    assert [r.segment for r in Regime] == [None, None, None, 1, 2, 3, 4, 5, None]
    assert Regime.QUALITY_SPECIAL_MEASURES.validity.end == dt.date(2021, 6, 30)
    assert Regime.SEGMENT_5.validity.start == dt.date(2025, 6, 26)
    assert Regime.NONE.valid_on(dt.date(1900, 1, 1))
    assert Regime.SEGMENT_4.intensive_on(dt.date(2021, 7, 1))
    assert not Regime.SEGMENT_4.intensive_on(dt.date(2021, 6, 30))
    assert not Regime.SEGMENT_3.intensive_on(dt.date(2022, 1, 1))
