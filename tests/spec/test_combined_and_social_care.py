"""Two other count rule sets.

`combined-2018` — combined quality and use of resources for non-specialist acute trusts
(from 5 March 2018): the five trust key questions and use of resources, weighted equally.
Two Requires improvement still allow Good; three give Requires improvement; two Inadequate
give Inadequate; at least two Outstanding with the rest Good give Outstanding.
Sources: https://capsticks.com/insights/new-cqc-guidance-on-combining-ratings-for-quality-and-use-of-resources
and HSJ (2017) on the use of resources consultation.

`adult-social-care-2022` — adult social care locations: Outstanding needs two Outstanding and
the rest Good; Good needs no Inadequate and at most one Requires improvement; two or more
Requires improvement give Requires improvement; two or more Inadequate give Inadequate; a
breach of regulations limits the overall to Requires improvement.
Source: CQC, "How we aggregate ratings using rating principles: adult social care".
"""

import pytest

from carewatch.domain.ratings import aggregate
from tests.spec.rulebook import rating, ratings, rows

COMBINED = """
| six ratings      | combined | rule |
|------------------|----------|------|
| 6 G              | G        | G    |
| 4 G, 2 RI        | G        | G    |
| 3 G, 3 RI        | RI       | C2   |
| 5 G, 1 I         | RI       | C3a  |
| 4 G, 2 I         | I        | C3   |
| 2 O, 4 G         | O        | C1   |
| 1 O, 5 G         | G        | G    |
| 2 O, 3 G, 1 RI   | G        | G    |
"""

SOCIAL_CARE = """
| five key questions | overall | rule |
|--------------------|---------|------|
| 2 O, 3 G           | O       | C1   |
| 1 O, 4 G           | G       | G    |
| 4 G, 1 RI          | G       | G    |
| 3 G, 2 RI          | RI      | C2   |
| 4 G, 1 I           | RI      | C3a  |
| 3 G, 2 I           | I       | C3   |
"""


@pytest.mark.parametrize("case", rows(COMBINED), ids=lambda c: c["six ratings"])
def test_combined_2018(case: dict[str, str]) -> None:
    result = aggregate(ratings(case["six ratings"]), "combined-2018")
    assert result.rating == rating(case["combined"])
    assert result.rule == f"combined-2018 {case['rule']}"


@pytest.mark.parametrize("case", rows(SOCIAL_CARE), ids=lambda c: c["five key questions"])
def test_adult_social_care_2022(case: dict[str, str]) -> None:
    result = aggregate(ratings(case["five key questions"]), "adult-social-care-2022")
    assert result.rating == rating(case["overall"])
    assert result.rule == f"adult-social-care-2022 {case['rule']}"


def test_a_breach_limits_social_care_to_requires_improvement() -> None:
    result = aggregate(ratings("2 O, 3 G"), "adult-social-care-2022", breach=True)
    assert result.rating == rating("RI")
    assert result.rule == "adult-social-care-2022 1"


def test_a_breach_does_not_apply_to_nhs_trust_rules() -> None:
    assert aggregate(ratings("2 O, 3 G"), "nhs-trust-2022", breach=True).rating == rating("O")
