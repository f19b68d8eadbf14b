"""Properties of regime histories that hold for every sequence of decisions.

- Any sequence of decisions that `apply` accepts yields a consistent history: periods in date
  order, never overlapping, each ending where the next decision took effect, and the days in
  all periods adding up to the time the trust spent in some regime.
- A refused decision leaves the history exactly as it was.
- Days in special measures or the RSP never exceed days in regimes, and never decrease as the
  as-of date moves on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from carewatch.domain.oversight import (
    Decision,
    DecisionKind,
    IllegalTransition,
    Regime,
    RegimeHistory,
    apply,
    derive_status,
)

START = dt.date(2012, 1, 1)
END = dt.date(2030, 12, 31)

steps = st.lists(
    st.tuples(
        st.sampled_from(list(Regime)),
        st.integers(min_value=-30, max_value=700),
        st.one_of(st.none(), st.sampled_from(list(DecisionKind))),
    ),
    max_size=25,
)
"""Each step: a regime to go to, days after the previous step, and a decision kind — None
for the kind that fits the move (most then apply), or a drawn one (many are refused)."""


def fitting_kind(current: Regime, target: Regime) -> DecisionKind:
    if target is current:
        return DecisionKind.RETAINED
    if target is Regime.NONE:
        return DecisionKind.EXITED
    if current.segment is not None and target.segment is not None:
        return DecisionKind.SEGMENT_CHANGED
    return DecisionKind.ENTERED


def build(raw: list[tuple[Regime, int, DecisionKind | None]]) -> RegimeHistory:
    """Apply each drawn decision from the current regime; keep the ones accepted."""
    history = RegimeHistory()
    day = START
    for target, gap, kind in raw:
        day = day + dt.timedelta(days=gap)
        chosen = kind or fitting_kind(history.current, target)
        with contextlib.suppress(IllegalTransition):
            history = apply(history, Decision(chosen, history.current, target, day))
    return history


@given(steps)
def test_accepted_decisions_build_a_consistent_history(raw) -> None:  # type: ignore[no-untyped-def]
    history = build(raw)
    periods = history.periods
    dates = [d.date for d in history.decisions]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    for earlier, later in itertools.pairwise(periods):
        assert earlier.end is not None
        assert earlier.start < earlier.end <= later.start
    assert all(p.end is not None for p in periods[:-1])
    assert all(p.regime is not Regime.NONE for p in periods)
    if not history.decisions:
        return
    # Count from the first decision or START, whichever is earlier: a first step may be drawn
    # with a negative gap, before START.
    origin = min(history.decisions[0].date, START)
    last = history.decisions[-1].date
    horizon = max(last, END)
    in_regimes = sum(p.days_until(horizon) for p in periods)
    counted = sum(
        1 for i in range((horizon - origin).days) if history.as_of(origin + dt.timedelta(days=i))
    )
    assert in_regimes == counted


@given(steps, st.integers(min_value=0, max_value=7000), st.integers(min_value=0, max_value=400))
def test_time_in_special_measures_or_rsp_is_bounded_and_grows(raw, offset: int, more: int) -> None:  # type: ignore[no-untyped-def]
    history = build(raw)
    as_of = START + dt.timedelta(days=offset)
    now = derive_status(history=history, ratings=[], as_of=as_of)
    later = derive_status(history=history, ratings=[], as_of=as_of + dt.timedelta(days=more))
    in_regimes = sum(p.days_until(as_of) for p in history.periods)
    assert 0 <= now.longest_spell_days <= now.days_in_special_measures_or_rsp <= in_regimes
    assert later.days_in_special_measures_or_rsp >= now.days_in_special_measures_or_rsp
    assert (now.regime is Regime.NONE) is (now.since is None)


@given(
    steps,
    st.sampled_from(list(DecisionKind)),
    st.sampled_from(list(Regime)),
    st.sampled_from(list(Regime)),
    st.integers(min_value=-400, max_value=400),
)
def test_a_refused_decision_leaves_the_history_unchanged(raw, kind, before, after, gap) -> None:  # type: ignore[no-untyped-def]
    history = build(raw)
    latest = history.decisions[-1].date if history.decisions else START
    decision = Decision(kind, before, after, latest + dt.timedelta(days=gap))
    snapshot = RegimeHistory(history.periods, history.decisions)
    try:
        result = apply(history, decision)
    except IllegalTransition:
        assert history == snapshot
    else:
        assert result.decisions == (*snapshot.decisions, decision)
        assert (
            result.periods[: max(0, len(snapshot.periods) - 1)]
            == snapshot.periods[: max(0, len(snapshot.periods) - 1)]
        )
