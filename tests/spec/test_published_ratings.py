"""CQC's published ratings that the rules reproduce.

Each row is a real published set of underlying ratings with the aggregate CQC published
beside it; the engine must propose the same. Norfolk and Suffolk NHS Foundation Trust's trust
ratings come from CQC's press releases (regulatory-framework.md §8); the 2025 core-service
results from the trust's own summary of its CQC reports; Oldham from CQC's API (location
RW603, The Royal Oldham Hospital, report of 10 February 2021).
"""

import pytest

from carewatch.domain.ratings import aggregate
from tests.spec.rulebook import rating, ratings, rows

PUBLISHED = """
| what                                              | underlying ratings       | published |
|---------------------------------------------------|--------------------------|-----------|
| NSFT trust, February 2015                         | I, RI, G, RI, I          | I         |
| NSFT trust, November 2018                         | I, RI, G, I, I           | I         |
| NSFT trust, January 2020                          | RI, RI, G, RI, RI        | RI        |
| NSFT trust, April 2022                            | I, I, G, RI, I           | I         |
| NSFT trust, February 2023                         | RI, RI, G, RI, RI        | RI        |
| NSFT community services for adults, 2025          | RI, G, G, G, G           | G         |
| NSFT crisis services and places of safety, 2025   | RI, G, G, RI, G          | RI        |
| NSFT community services for adults, 2023          | RI, G, G, RI, RI         | RI        |
| Royal Oldham Hospital, 2021 (location overall)    | RI, G, G, RI, G          | RI        |
| Royal Oldham Hospital safe from its 8 services    | G, RI, G, G, RI, RI, G, RI | RI      |
| Royal Oldham Hospital well-led from its 8 services | G, RI, G, G, G, G, G, G | G         |
"""


@pytest.mark.parametrize("case", rows(PUBLISHED), ids=lambda c: c["what"])
def test_the_rules_reproduce_published_ratings(case: dict[str, str]) -> None:
    assert aggregate(ratings(case["underlying ratings"])).rating == rating(case["published"])
