"""Enforcement limiters, applied at core service × key question before aggregation.

- A1: a requirement notice caps the area at Requires improvement.
- A2: a warning notice or a condition of registration sets the area to Inadequate.
A limiter never raises a rating, and a non-rating state is left alone.
Source: https://cqc.org.uk/guidance-providers/nhs-trusts/ratings-principles-nhs-trusts.
"""

import pytest

from carewatch.domain.ratings import EnforcementKind, limit
from tests.spec.rulebook import rating, rows

RULEBOOK = """
| judged | enforcement                          | result | limited by         |
|--------|--------------------------------------|--------|--------------------|
| O      | requirement_notice                   | RI     | requirement_notice |
| G      | requirement_notice                   | RI     | requirement_notice |
| RI     | requirement_notice                   | RI     | -                  |
| I      | requirement_notice                   | I      | -                  |
| O      | warning_notice                       | I      | warning_notice     |
| RI     | warning_notice                       | I      | warning_notice     |
| I      | warning_notice                       | I      | -                  |
| G      | condition                            | I      | condition          |
| G      | requirement_notice, warning_notice   | I      | warning_notice     |
| NR     | warning_notice                       | NR     | -                  |
| G      | -                                    | G      | -                  |
"""


@pytest.mark.parametrize("case", rows(RULEBOOK), ids=lambda c: f"{c['judged']}+{c['enforcement']}")
def test_enforcement_limiters(case: dict[str, str]) -> None:
    kinds = [EnforcementKind.parse(k) for k in case["enforcement"].split(",") if k.strip() != "-"]
    result = limit(rating(case["judged"]), kinds)
    assert result.rating == rating(case["result"])
    expected = None if case["limited by"] == "-" else EnforcementKind(case["limited by"])
    assert result.limited_by == expected
