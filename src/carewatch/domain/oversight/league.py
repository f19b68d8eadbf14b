"""NHS Oversight Framework segmentation and league tables, from the 2025/26 framework on.

NHS England publishes, each quarter, every trust's segment (1–4, or 5 for intensive support
through the Recovery Support Programme) and its average metric score (1.00 best to 4.00
worst), and ranks trusts within their peer group (acute, non-acute hospital, ambulance):
first by segment, then by average metric score within the segment.
https://www.england.nhs.uk/nhs-oversight-framework/segmentation-and-league-tables/
https://www.england.nhs.uk/long-read/nhs-oversight-framework-nhs-trust-performance-league-tables-process-and-results

Providers in deficit or receiving deficit support are limited to segment 3 or below (the
financial override).
https://www.england.nhs.uk/long-read/nhs-oversight-framework-2025-26-methodology-manual
https://www.nhsconfed.org/publications/202526-nhs-oversight-framework

Pure: this module ranks and checks what was published; it never derives a segment from
metric scores (the thresholds are NHS England's and change between years).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.oversight.regimes import Regime

__all__ = [
    "FINANCIAL_OVERRIDE_BEST_SEGMENT",
    "InvalidSegmentation",
    "LeaguePlace",
    "Quarter",
    "SegmentationEntry",
    "financial_override_breach",
    "league_table",
    "segment_regime",
]

FINANCIAL_OVERRIDE_BEST_SEGMENT = 3
"""A provider in deficit, or receiving deficit support, is placed no higher than segment 3."""

BEST_SCORE = 1.0
WORST_SCORE = 4.0


class InvalidSegmentation(ValueError):
    """A segmentation entry that cannot be: a segment outside 1–5, a score outside 1–4."""


_QUARTER = re.compile(
    r"^\s*(?:Q([1-4])\s+(\d{4})\s*[/-]\s*(\d{2,4})|(\d{4})\s*[/-]\s*(\d{2,4})\s+Q([1-4]))\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of an NHS financial year (April to March): Q1 is April to June.

    >>> Quarter.parse("Q2 2025/26").label
    'Q2 2025/26'
    >>> Quarter.parse("2025-26 Q4").end
    datetime.date(2026, 3, 31)
    """

    year: int  # the calendar year the financial year starts in
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise InvalidSegmentation(f"quarter must be 1 to 4, not {self.number}")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Read "Q2 2025/26", "Q2 2025-26" or "2025/26 Q2"."""
        match = _QUARTER.match(text)
        if match is None:
            raise InvalidSegmentation(
                f"quarter {text!r} is not of the form 'Q2 2025/26' (quarter, financial year)"
            )
        number, start, end = (
            (match[1], match[2], match[3]) if match[1] else (match[6], match[4], match[5])
        )
        year = int(start)
        if int(end[-2:]) != (year + 1) % 100:
            raise InvalidSegmentation(
                f"quarter {text!r}: the financial year must run from one year to the next"
            )
        return cls(year, int(number))

    @property
    def label(self) -> str:
        return f"Q{self.number} {self.year}/{(self.year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        month = 4 + 3 * (self.number - 1)
        return dt.date(self.year + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> dt.date:
        following = Quarter(self.year + (self.number == 4), self.number % 4 + 1)
        return following.start - dt.timedelta(days=1)


@dataclass(frozen=True)
class SegmentationEntry:
    """One trust's published segmentation for one quarter."""

    provider_id: str
    trust_name: str
    peer_group: str
    quarter: Quarter
    segment: int
    average_metric_score: float | None = None
    financial_override: bool | None = None
    published_position: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.segment <= 5:
            raise InvalidSegmentation(f"segment must be 1 to 5, not {self.segment}")
        score = self.average_metric_score
        if score is not None and not BEST_SCORE <= score <= WORST_SCORE:
            raise InvalidSegmentation(
                f"average metric score must be between 1.00 and 4.00, not {score}"
            )
        if self.published_position is not None and self.published_position < 1:
            raise InvalidSegmentation(
                f"league table position must be 1 or more, not {self.published_position}"
            )


@dataclass(frozen=True)
class LeaguePlace:
    """A trust's place in its peer group's league table for a quarter, as ranked here, beside
    the position NHS England published (when the file carried one)."""

    entry: SegmentationEntry
    position: int
    of: int

    @property
    def agrees(self) -> bool | None:
        """Whether the published position is the one ranked here; None when none published."""
        published = self.entry.published_position
        return None if published is None else published == self.position


def _order(entry: SegmentationEntry) -> tuple[int, float]:
    score = entry.average_metric_score
    return entry.segment, WORST_SCORE + 1 if score is None else score


def league_table(entries: Iterable[SegmentationEntry]) -> tuple[LeaguePlace, ...]:
    """Rank one peer group's entries for one quarter: by segment, then by average metric score
    (lower is better), an entry without a score after those with one in its segment. Trusts
    with the same segment and score share a position and the next position is skipped
    ("1, 2, 2, 4"); NHS England does not say how it breaks ties.

    >>> q = Quarter(2025, 2)
    >>> a = SegmentationEntry("A", "A", "Non-acute", q, 2, 2.1)
    >>> b = SegmentationEntry("B", "B", "Non-acute", q, 1, 2.4)
    >>> [(p.entry.provider_id, p.position) for p in league_table([a, b])]
    [('B', 1), ('A', 2)]
    """
    ordered = sorted(entries, key=lambda e: (*_order(e), e.trust_name, e.provider_id))
    groups = {(e.peer_group, e.quarter) for e in ordered}
    if len(groups) > 1:
        raise InvalidSegmentation(
            "a league table ranks one peer group in one quarter; got "
            + ", ".join(sorted(f"{g} {q.label}" for g, q in groups))
        )
    places: list[LeaguePlace] = []
    for index, entry in enumerate(ordered):
        if places and _order(places[-1].entry) == _order(entry):
            position = places[-1].position
        else:
            position = index + 1
        places.append(LeaguePlace(entry, position, len(ordered)))
    return tuple(places)


def financial_override_breach(entry: SegmentationEntry) -> str | None:
    """Why a published entry breaks the financial override, or None when it does not: a
    provider in deficit placed in segment 1 or 2."""
    if entry.financial_override and entry.segment < FINANCIAL_OVERRIDE_BEST_SEGMENT:
        return (
            f"published in segment {entry.segment} although marked in deficit: the financial "
            f"override limits providers in deficit to segment {FINANCIAL_OVERRIDE_BEST_SEGMENT} "
            "or below"
        )
    return None


def segment_regime(segment: int) -> Regime:
    """The oversight regime a published segment corresponds to."""
    return {
        1: Regime.SEGMENT_1,
        2: Regime.SEGMENT_2,
        3: Regime.SEGMENT_3,
        4: Regime.SEGMENT_4,
        5: Regime.SEGMENT_5,
    }[segment]
