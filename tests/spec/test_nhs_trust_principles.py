"""Ratings principles: NHS trusts (rule set `nhs-trust-2022`).

CQC aggregates N underlying ratings (five key questions into a core service; core services
into a trust key question; five trust key questions into the trust overall). The thresholds
depend on N: X = 1 for 1–3 ratings, 2 for 4–8, 3 for 9 or more.

- C3 Inadequate: at least X underlying ratings Inadequate make the aggregate Inadequate.
- C2 Requires improvement: at least X Requires improvement limit it to Requires improvement.
- C3a: a single Inadequate rating too few for C3 still limits it to Requires improvement.
- C1 Outstanding: at least X Outstanding, and all the others Good.
- G: otherwise Good.

Source: https://cqc.org.uk/guidance-providers/nhs-trusts/ratings-principles-nhs-trusts.
The 4–8 rows of C2 and C3 are confirmed by secondary sources; the 1–3 and 9+ rows are set by
analogy with C1 (see docs/deviations.md).
"""

import pytest

from carewatch.domain.ratings import aggregate
from tests.spec.rulebook import rating, ratings, rows

RULEBOOK = """
| underlying ratings     | aggregate | rule | why                                                  |
|------------------------|-----------|------|------------------------------------------------------|
| 5 G                    | G         | G    | nothing else applies                                 |
| 1 O, 4 G               | G         | G    | one Outstanding of five is short of the two needed   |
| 2 O, 3 G               | O         | C1   | two Outstanding of five, the rest Good               |
| 5 O                    | O         | C1   | all Outstanding                                      |
| 2 O, 2 G, 1 RI         | G         | G    | Outstanding needs all others Good; one RI allowed    |
| 1 O, 3 G, 1 RI         | G         | G    | one RI of five does not limit                        |
| 3 G, 2 RI              | RI        | C2   | the rule of two                                      |
| 2 O, 1 G, 2 RI         | RI        | C2   | ratings do not cancel out                            |
| 4 G, 1 I               | RI        | C3a  | one Inadequate limits to RI                          |
| 4 O, 1 I               | RI        | C3a  | one Inadequate limits to RI whatever else            |
| 3 G, 2 I               | I         | C3   | two Inadequate of five                               |
| 1 G, 2 RI, 2 I         | I         | C3   | Inadequate is checked first                          |
| 1 O                    | O         | C1   | a single rating stands                               |
| 1 RI                   | RI        | C2   | one of 1–3 ratings                                   |
| 1 I                    | I         | C3   | one of 1–3 ratings                                   |
| 1 O, 2 G               | O         | C1   | one Outstanding of three                             |
| 2 G, 1 RI              | RI        | C2   | one RI of three                                      |
| 3 G, 1 O               | G         | G    | one Outstanding of four is short of two              |
| 2 O, 2 G               | O         | C1   | two Outstanding of four                              |
| 7 G, 1 RI              | G         | G    | one RI of eight                                      |
| 6 G, 2 RI              | RI        | C2   | two RI of eight                                      |
| 7 G, 2 RI              | G         | G    | two RI of nine is short of three                     |
| 6 G, 3 RI              | RI        | C2   | three RI of nine                                     |
| 7 G, 2 O               | G         | G    | two Outstanding of nine is short of three            |
| 6 G, 3 O               | O         | C1   | three Outstanding of nine                            |
| 8 G, 2 I               | RI        | C3a  | two Inadequate of ten is short of three, but limits  |
| 7 G, 3 I               | I         | C3   | three Inadequate of ten                              |
"""


@pytest.mark.parametrize("case", rows(RULEBOOK), ids=lambda c: c["underlying ratings"])
def test_nhs_trust_principles(case: dict[str, str]) -> None:
    result = aggregate(ratings(case["underlying ratings"]), "nhs-trust-2022")
    assert result.rating == rating(case["aggregate"])
    assert result.rule == f"nhs-trust-2022 {case['rule']}"


def test_the_reason_reads_as_a_sentence() -> None:
    result = aggregate(ratings("3 G, 2 RI"))
    assert result.reason == (
        "2 of 5 ratings are Requires improvement, which limits the aggregate to "
        "Requires improvement."
    )
