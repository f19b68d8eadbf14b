"""The rating scale and the words CQC uses.

Ratings are ordered Outstanding > Good > Requires improvement > Inadequate. Parsing accepts
CQC's words in any case with spaces, hyphens or underscores; output is always CQC's words.
"""

import pytest

from carewatch.domain.ratings import (
    Aspect,
    KeyQuestion,
    NonRating,
    Rating,
    UnknownKeyQuestion,
    UnknownRating,
    parse_aspect,
    parse_key_question,
    parse_published_rating,
    parse_rating,
)
from tests.spec.rulebook import rows

WORDS = """
| written                       | means                         |
|-------------------------------|-------------------------------|
| Outstanding                   | Outstanding                   |
| GOOD                          | Good                          |
| requires improvement          | Requires improvement          |
| Requires-Improvement          | Requires improvement          |
| requires_improvement          | Requires improvement          |
|   Inadequate                  | Inadequate                    |
| not rated                     | Not rated                     |
| No Published Rating           | No published rating           |
| insufficient_evidence_to_rate | Insufficient evidence to rate |
| Inspected but not rated       | Inspected but not rated       |
"""


@pytest.mark.parametrize("case", rows(WORDS), ids=lambda c: c["written"])
def test_parsing_accepts_cqc_words_loosely_and_prints_them_exactly(case: dict[str, str]) -> None:
    assert parse_published_rating(case["written"]).label == case["means"]


def test_ratings_are_ordered() -> None:
    assert Rating.OUTSTANDING > Rating.GOOD > Rating.REQUIRES_IMPROVEMENT > Rating.INADEQUATE
    assert sorted([Rating.GOOD, Rating.INADEQUATE, Rating.OUTSTANDING]) == [
        Rating.INADEQUATE,
        Rating.GOOD,
        Rating.OUTSTANDING,
    ]


@pytest.mark.parametrize("word", ["Requires improvment", "Very good", "", "Not rated"])
def test_a_rating_must_be_one_of_the_four(word: str) -> None:
    with pytest.raises(UnknownRating):
        parse_rating(word)


def test_non_ratings_are_states_not_ratings() -> None:
    assert isinstance(parse_published_rating("Not rated"), NonRating)


KEY_QUESTIONS = """
| written    | key question | display    |
|------------|--------------|------------|
| safe       | safe         | Safe       |
| Effective  | effective    | Effective  |
| CARING     | caring       | Caring     |
| responsive | responsive   | Responsive |
| Well-led   | well-led     | Well-led   |
| well_led   | well-led     | Well-led   |
| WELL LED   | well-led     | Well-led   |
"""


@pytest.mark.parametrize("case", rows(KEY_QUESTIONS), ids=lambda c: c["written"])
def test_key_questions(case: dict[str, str]) -> None:
    kq = parse_key_question(case["written"])
    assert kq is KeyQuestion(case["key question"])
    assert kq.label == case["display"]


def test_an_unknown_key_question_is_rejected() -> None:
    with pytest.raises(UnknownKeyQuestion):
        parse_key_question("kind")


def test_aspects_cover_overall_and_use_of_resources() -> None:
    assert parse_aspect("Overall") is Aspect.OVERALL
    assert parse_aspect("Use of resources") is Aspect.USE_OF_RESOURCES
    assert parse_aspect("Well-led").key_question is KeyQuestion.WELL_LED
    assert Aspect.COMBINED.key_question is None
