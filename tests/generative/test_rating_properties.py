"""Properties of the ratings engine that hold for every input.

- Improving any underlying rating never worsens the aggregate.
- The order of the underlying ratings does not matter.
- An enforcement limiter never raises a rating.
- Adding a non-rating state changes nothing.
- SAF: raising any quality-statement score never worsens the key question.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from carewatch.domain.ratings import (
    QUALITY_STATEMENTS,
    RULESETS,
    CountRuleSet,
    EnforcementKind,
    KeyQuestion,
    NonRating,
    Rating,
    aggregate,
    limit,
    score_key_question,
)

COUNT_RULESETS = [r.id for r in RULESETS.values() if isinstance(r, CountRuleSet)]

ratings_lists = st.lists(st.sampled_from(list(Rating)), min_size=1, max_size=14)
rulesets = st.sampled_from(COUNT_RULESETS)


def better(rating: Rating) -> Rating:
    return {
        Rating.INADEQUATE: Rating.REQUIRES_IMPROVEMENT,
        Rating.REQUIRES_IMPROVEMENT: Rating.GOOD,
        Rating.GOOD: Rating.OUTSTANDING,
        Rating.OUTSTANDING: Rating.OUTSTANDING,
    }[rating]


@given(ratings_lists, st.data(), rulesets, st.booleans())
def test_improving_an_underlying_rating_never_worsens_the_aggregate(
    ratings: list[Rating], data: st.DataObject, ruleset: str, breach: bool
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(ratings) - 1))
    improved = [*ratings]
    improved[index] = better(ratings[index])
    before = aggregate(ratings, ruleset, breach=breach)
    after = aggregate(improved, ruleset, breach=breach)
    assert after.rating >= before.rating


@given(ratings_lists, st.randoms(use_true_random=False), rulesets)
def test_order_does_not_matter(ratings: list[Rating], random, ruleset: str) -> None:  # type: ignore[no-untyped-def]
    shuffled = [*ratings]
    random.shuffle(shuffled)
    assert aggregate(shuffled, ruleset) == aggregate(ratings, ruleset)


@given(ratings_lists, st.lists(st.sampled_from(list(NonRating)), max_size=4), rulesets)
def test_non_rating_states_change_nothing(
    ratings: list[Rating], non_ratings: list[NonRating], ruleset: str
) -> None:
    with_states = aggregate([*ratings, *non_ratings], ruleset)
    assert with_states.rating == aggregate(ratings, ruleset).rating
    assert with_states.excluded == len(non_ratings)


@given(ratings_lists, rulesets)
def test_the_aggregate_lies_within_the_underlying_ratings(
    ratings: list[Rating], ruleset: str
) -> None:
    result = aggregate(ratings, ruleset)
    assert min(ratings) <= result.rating <= max(ratings)


@given(st.sampled_from(list(Rating)), st.sets(st.sampled_from(list(EnforcementKind))))
def test_a_limiter_never_raises_a_rating(judged: Rating, kinds: set[EnforcementKind]) -> None:
    result = limit(judged, kinds)
    assert result.rating <= judged
    assert (result.limited_by is None) == (result.rating == judged)


@given(st.sampled_from(list(KeyQuestion)), st.data())
def test_raising_a_quality_statement_score_never_worsens_the_key_question(
    kq: KeyQuestion, data: st.DataObject
) -> None:
    ids = list(QUALITY_STATEMENTS[kq])
    chosen = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    scores = {sid: data.draw(st.integers(min_value=1, max_value=4)) for sid in chosen}
    raise_this = data.draw(st.sampled_from(chosen))
    raised = {**scores, raise_this: min(4, scores[raise_this] + 1)}
    before = score_key_question(kq, scores)
    after = score_key_question(kq, raised)
    assert after.rating >= before.rating
    assert after.score_percent >= before.score_percent
