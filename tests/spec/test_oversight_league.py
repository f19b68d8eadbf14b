"""NHS Oversight Framework segmentation and league tables (2025/26 framework on).

Each quarter NHS England places every trust in a segment (1–4; 5 for intensive support) and
ranks trusts within their peer group first by segment, then by average metric score (1.00 is
the best, 4.00 the worst). Providers in deficit are limited to segment 3 or below (the
financial override). Sources: regulatory-framework reference §5 (NHS Oversight Framework
2025/26); https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/;
https://www.england.nhs.uk/long-read/nhs-oversight-framework-2025-26-methodology-manual.

NHS England does not say how ties are broken; carewatch gives equal entries the same position
and skips the next ("1, 2, 2, 4") — a deliberate choice recorded in docs/deviations.md.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.oversight import Regime
from carewatch.domain.oversight.league import (
    InvalidSegmentation,
    Quarter,
    SegmentationEntry,
    financial_override_breach,
    league_table,
    segment_regime,
)

Q2 = Quarter(2025, 2)


def entry(
    code: str,
    segment: int,
    score: float | None,
    *,
    group: str = "Non-acute",
    quarter: Quarter = Q2,
    override: bool | None = None,
    position: int | None = None,
) -> SegmentationEntry:
    return SegmentationEntry(
        code, f"Trust {code}", group, quarter, segment, score, override, position
    )


@pytest.mark.parametrize(
    ("text", "year", "number", "start", "end"),
    [
        ("Q1 2025/26", 2025, 1, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("Q2 2025/26", 2025, 2, dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        ("q3 2025-26", 2025, 3, dt.date(2025, 10, 1), dt.date(2025, 12, 31)),
        ("2025/26 Q4", 2025, 4, dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ("Q4 2099/2100", 2099, 4, dt.date(2100, 1, 1), dt.date(2100, 3, 31)),
    ],
)
def test_a_quarter_is_a_quarter_of_the_april_to_march_financial_year(
    text: str, year: int, number: int, start: dt.date, end: dt.date
) -> None:
    quarter = Quarter.parse(text)
    assert (quarter.year, quarter.number, quarter.start, quarter.end) == (year, number, start, end)


@pytest.mark.parametrize("text", ["Q5 2025/26", "Q2 2025/27", "2025 Q2", "second quarter", ""])
def test_a_quarter_that_cannot_be_is_refused(text: str) -> None:
    with pytest.raises(InvalidSegmentation):
        Quarter.parse(text)


def test_quarters_order_by_time() -> None:
    assert sorted([Quarter(2025, 1), Quarter(2024, 4), Quarter(2025, 3)]) == [
        Quarter(2024, 4),
        Quarter(2025, 1),
        Quarter(2025, 3),
    ]


@pytest.mark.parametrize(
    ("segment", "score", "position"),
    [(0, 2.0, None), (6, 2.0, None), (3, 0.99, None), (3, 4.01, None), (3, 2.0, 0)],
)
def test_an_entry_outside_the_scales_is_refused(
    segment: int, score: float, position: int | None
) -> None:
    with pytest.raises(InvalidSegmentation):
        entry("AAA", segment, score, position=position)


def test_ranked_by_segment_first_then_average_metric_score() -> None:
    # A better score never lifts a trust above one in a better segment.
    places = league_table(
        [entry("S3", 3, 1.50), entry("S1", 1, 2.20), entry("S2B", 2, 2.60), entry("S2A", 2, 2.40)]
    )
    assert [(p.entry.provider_id, p.position, p.of) for p in places] == [
        ("S1", 1, 4),
        ("S2A", 2, 4),
        ("S2B", 3, 4),
        ("S3", 4, 4),
    ]


def test_segment_5_ranks_below_segment_4() -> None:
    places = league_table([entry("FIVE", 5, 1.20), entry("FOUR", 4, 3.90)])
    assert [p.entry.provider_id for p in places] == ["FOUR", "FIVE"]


def test_equal_segment_and_score_share_a_position_and_the_next_is_skipped() -> None:
    places = league_table(
        [entry("A", 2, 2.0), entry("B", 2, 2.3), entry("C", 2, 2.3), entry("D", 3, 2.0)]
    )
    assert [p.position for p in places] == [1, 2, 2, 4]


def test_an_entry_without_a_score_ranks_last_in_its_segment_only() -> None:
    places = league_table([entry("NOSCORE", 2, None), entry("B", 2, 3.9), entry("C", 3, 1.0)])
    assert [p.entry.provider_id for p in places] == ["B", "NOSCORE", "C"]


def test_a_league_table_is_one_peer_group_in_one_quarter() -> None:
    with pytest.raises(InvalidSegmentation, match="one peer group in one quarter"):
        league_table([entry("A", 1, 2.0), entry("B", 1, 2.0, group="Acute")])
    with pytest.raises(InvalidSegmentation):
        league_table([entry("A", 1, 2.0), entry("B", 1, 2.0, quarter=Quarter(2025, 1))])


def test_the_published_position_is_compared_with_the_ranking() -> None:
    places = league_table([entry("A", 1, 2.0, position=1), entry("B", 2, 2.0, position=3)])
    assert [p.agrees for p in places] == [True, False]
    assert league_table([entry("A", 1, 2.0)])[0].agrees is None


@pytest.mark.parametrize(
    ("segment", "override", "breach"),
    [
        (1, True, True),
        (2, True, True),
        (3, True, False),
        (4, True, False),
        (1, False, False),
        (2, None, False),
    ],
)
def test_the_financial_override_limits_deficit_providers_to_segment_3_or_below(
    segment: int, override: bool | None, breach: bool
) -> None:
    reason = financial_override_breach(entry("A", segment, 2.0, override=override))
    assert (reason is not None) is breach
    if reason:
        assert "segment 3 or below" in reason


@pytest.mark.parametrize(
    ("segment", "regime"),
    [
        (1, Regime.SEGMENT_1),
        (2, Regime.SEGMENT_2),
        (3, Regime.SEGMENT_3),
        (4, Regime.SEGMENT_4),
        (5, Regime.SEGMENT_5),
    ],
)
def test_a_published_segment_is_the_regime_of_the_same_number(segment: int, regime: Regime) -> None:
    assert segment_regime(segment) is regime
    assert regime.segment == segment
