"""Non-rating states are left out of aggregation and never compared.

"Not rated", "No published rating", "Insufficient evidence to rate" and "Inspected but not
rated" are what CQC publishes where there is no rating. They are excluded before counting, so
they change N (and with it the threshold X), and the reason says how many were left out.
A set with nothing but non-rating states cannot be aggregated.
"""

import pytest

from carewatch.domain.ratings import EmptyRatingSet, Rating, aggregate
from tests.spec.rulebook import rating, ratings, rows

RULEBOOK = """
| underlying ratings   | aggregate | counted |
|----------------------|-----------|---------|
| 4 G, 1 NR            | G         | 4       |
| 2 O, 2 G, 1 IE       | O         | 4       |
| 2 G, 1 RI, 2 NPR     | RI        | 3       |
| 1 O, 1 G, 3 NR       | O         | 2       |
"""


@pytest.mark.parametrize("case", rows(RULEBOOK), ids=lambda c: c["underlying ratings"])
def test_non_ratings_are_excluded(case: dict[str, str]) -> None:
    result = aggregate(ratings(case["underlying ratings"]))
    assert result.rating == rating(case["aggregate"])
    assert result.total == int(case["counted"])
    assert "left out" in result.reason


def test_nothing_but_non_ratings_cannot_be_aggregated() -> None:
    with pytest.raises(EmptyRatingSet):
        aggregate(ratings("NR, NPR, IE"))


def test_non_ratings_are_never_compared_with_ratings() -> None:
    with pytest.raises(TypeError):
        _ = rating("NR") < Rating.GOOD  # type: ignore[operator]
