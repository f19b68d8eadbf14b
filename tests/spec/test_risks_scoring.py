"""Risk scores and bands.

A risk is scored likelihood (1 rare … 5 almost certain) times consequence (1 negligible …
5 catastrophic), the National Patient Safety Agency's 5 x 5 matrix (2008): 14 scores from 1
to 25 can occur. By default a score of 1-3 is low, 4-6 moderate, 8-12 high and 15-25 extreme;
only the low band is confirmed by a source seen, the others are unverified (docs/risks.md).
A trust may draw its own bands, as long as every possible score falls in exactly one band
and the bands run from low to extreme.
"""

from __future__ import annotations

import pytest

from carewatch.domain.risks import (
    BANDS_VERIFIED,
    DEFAULT_BANDS,
    POSSIBLE_SCORES,
    Band,
    BandRange,
    Bands,
    InvalidBands,
    InvalidScore,
    Score,
    consequence_label,
    likelihood_label,
)
from tests.spec.rulebook import rows

DEFAULT = """
| likelihood | consequence | score | band     |
|------------|-------------|-------|----------|
| 1          | 1           | 1     | low      |
| 1          | 3           | 3     | low      |
| 3          | 1           | 3     | low      |
| 2          | 2           | 4     | moderate |
| 1          | 5           | 5     | moderate |
| 2          | 3           | 6     | moderate |
| 2          | 4           | 8     | high     |
| 3          | 3           | 9     | high     |
| 2          | 5           | 10    | high     |
| 4          | 3           | 12    | high     |
| 3          | 5           | 15    | extreme  |
| 4          | 4           | 16    | extreme  |
| 5          | 4           | 20    | extreme  |
| 5          | 5           | 25    | extreme  |
"""


@pytest.mark.parametrize(
    "case", rows(DEFAULT), ids=lambda c: f"{c['likelihood']}x{c['consequence']}"
)
def test_the_default_bands(case: dict[str, str]) -> None:
    score = Score(int(case["likelihood"]), int(case["consequence"]))
    assert score.value == int(case["score"])
    assert DEFAULT_BANDS.band(score) is Band.parse(case["band"])


def test_only_fourteen_scores_can_occur() -> None:
    assert POSSIBLE_SCORES == (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25)


def test_the_default_says_its_source_and_that_only_the_low_band_is_verified() -> None:
    assert "National Patient Safety Agency" in DEFAULT_BANDS.source
    assert BANDS_VERIFIED == {"low": True, "moderate": False, "high": False, "extreme": False}


WORDS = """
| value | likelihood     | consequence  |
|-------|----------------|--------------|
| 1     | Rare           | Negligible   |
| 2     | Unlikely       | Minor        |
| 3     | Possible       | Moderate     |
| 4     | Likely         | Major        |
| 5     | Almost certain | Catastrophic |
"""


@pytest.mark.parametrize("case", rows(WORDS), ids=lambda c: c["value"])
def test_the_matrix_words(case: dict[str, str]) -> None:
    assert likelihood_label(int(case["value"])) == case["likelihood"]
    assert consequence_label(int(case["value"])) == case["consequence"]


@pytest.mark.parametrize("pair", [(0, 3), (6, 1), (3, 0), (2, 7), (True, 2)])
def test_a_likelihood_or_consequence_outside_one_to_five_is_refused(pair: tuple[int, int]) -> None:
    with pytest.raises(InvalidScore):
        Score(*pair)


@pytest.mark.parametrize(("text", "value"), [("4x3", 12), ("4 x 3", 12), ("5*5", 25), ("2,3", 6)])
def test_a_score_is_read_likelihood_first(text: str, value: int) -> None:
    assert Score.parse(text).value == value


@pytest.mark.parametrize("text", ["12", "4x", "ax3", "6x1"])
def test_an_unreadable_score_is_refused(text: str) -> None:
    with pytest.raises(InvalidScore):
        Score.parse(text)


def test_a_value_no_matrix_gives_has_no_band() -> None:
    for value in (0, 7, 11, 13, 14, 26):
        with pytest.raises(InvalidScore):
            DEFAULT_BANDS.band(value)


def test_a_trust_may_draw_its_own_bands() -> None:
    three = Bands.of({"low": (1, 4), "moderate": (5, 12), "high": (15, 25)})
    assert [three.band(v).value for v in (4, 5, 12, 15)] == ["low", "moderate", "moderate", "high"]


BAD_BANDS = """
| bands                                            | why                       |
|--------------------------------------------------|---------------------------|
| low 1-3, moderate 4-6, high 8-12                 | 15 falls in no band       |
| low 2-3, moderate 4-25                           | 1 falls in no band        |
| low 1-4, moderate 4-25                           | overlaps the band below   |
| low 1-3, high 4-6, moderate 8-25                 | run from low to extreme   |
| low 1-3, moderate 6-4, high 8-25                 | runs from 6 down to 4     |
"""


def _bands(cell: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for part in cell.split(","):
        word, _, span = part.strip().partition(" ")
        low, _, high = span.partition("-")
        out[word] = (int(low), int(high))
    return out


@pytest.mark.parametrize("case", rows(BAD_BANDS), ids=lambda c: c["why"])
def test_bands_that_miss_overlap_or_reorder_are_refused(case: dict[str, str]) -> None:
    ranges = _bands(case["bands"])
    with pytest.raises(InvalidBands, match=case["why"].split(" ")[-1]):
        # Built in the order written, so a reordering is seen.
        Bands(tuple(BandRange(Band.parse(w), lo, hi) for w, (lo, hi) in ranges.items()))
