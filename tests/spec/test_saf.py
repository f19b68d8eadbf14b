"""Single assessment framework (rule set `saf-2024`).

Each quality statement is scored 4 (exceptional), 3 (good), 2 (some shortfalls) or 1
(significant shortfalls). A key question's scores are summed as a percentage of the maximum
(4 × statements), rounded to a whole percentage, and banded: 88–100 Outstanding, 63–87
Good, 39–62 Requires improvement, 38 or less Inadequate. Then two limiters:

- S3: a key question in the Outstanding range with any score of 1 or 2 is limited to Good.
- S4: a key question in the Good range with any score of 1 is pulled down to Requires
  improvement (applied after S3).

Sources: https://cqc.org.uk/what-we-do/how-we-do-our-job/ratings (bands);
https://thornbury-nursing.com/clients/blog/unravelling-cqc-scoring-system/ (limiters).
Published example: Norfolk and Suffolk NHS Foundation Trust's 2025 well-led assessment
scored 59%, Requires improvement ("the threshold for good being 63%").
"""

import pytest

from carewatch.domain.ratings import InvalidScore, UnknownQualityStatement, score_key_question
from tests.spec.rulebook import rating, rows

RULEBOOK = """
| key question | scores                  | percent | rating | rule |
|--------------|-------------------------|---------|--------|------|
| well-led     | 2 3 2 2 3 2 3 2         | 59      | RI     | S2   |
| well-led     | 3 3 3 3 3 3 3 3         | 75      | G      | S2   |
| well-led     | 4 4 4 4 4 4 4 4         | 100     | O      | S2   |
| well-led     | 4 4 4 4 4 4 4 3         | 97      | O      | S2   |
| well-led     | 4 4 4 4 4 4 4 2         | 94      | G      | S3   |
| well-led     | 4 4 4 4 4 4 4 1         | 91      | RI     | S4   |
| safe         | 3 3 3 3 3 3 3 1         | 69      | RI     | S4   |
| caring       | 3 3 2 2 2               | 60      | RI     | S2   |
| caring       | 3 3 3 2 2               | 65      | G      | S2   |
| effective    | 2 2 2 1 1 1             | 38      | I      | S2   |
| effective    | 2 2 2 2 1 1             | 42      | RI     | S2   |
| responsive   | 1 1 1 1 1 1 1           | 25      | I      | S2   |
| well-led     | 3 3 3 3 3 2 2 1         | 63      | RI     | S4   |
| well-led     | 3 3 3 3 2 2 2 2         | 63      | G      | S2   |
| well-led     | 3 3 3 2 2 2 2 2         | 59      | RI     | S2   |
"""


@pytest.mark.parametrize("case", rows(RULEBOOK), ids=lambda c: f"{c['key question']} {c['scores']}")
def test_saf_key_question(case: dict[str, str]) -> None:
    from carewatch.domain.ratings import QUALITY_STATEMENTS, parse_key_question

    kq = parse_key_question(case["key question"])
    ids = list(QUALITY_STATEMENTS[kq])
    scores = dict(zip(ids, (int(s) for s in case["scores"].split()), strict=False))
    result = score_key_question(kq, scores)
    assert result.score_percent == int(case["percent"])
    assert result.rating == rating(case["rating"])
    assert result.rule == f"saf-2024 {case['rule']}"


def test_statements_may_be_named_by_title() -> None:
    result = score_key_question("safe", {"Learning culture": 3, "safeguarding": 4})
    assert set(result.scores) == {"S1", "S3"}


@pytest.mark.parametrize("bad", [0, 5, 2.5, "3", True, None])
def test_a_score_outside_1_to_4_is_rejected(bad: object) -> None:
    with pytest.raises(InvalidScore, match=r"scores\.safe\.S1"):
        score_key_question("safe", {"S1": bad})  # type: ignore[dict-item]


def test_a_statement_of_another_key_question_is_rejected() -> None:
    with pytest.raises(UnknownQualityStatement, match=r"scores\.safe\.W1"):
        score_key_question("safe", {"W1": 3})
