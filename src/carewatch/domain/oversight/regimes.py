"""Oversight regimes: the named states an NHS trust can be in, each with its period of validity.

A trust is in one regime at a time (`Regime.NONE` when it is in none). Quality special
measures ran from 2013 until the Recovery Support Programme replaced it in July 2021; NHS
Oversight Framework segments 1–4 from 2019/20, segment 4 being the Recovery Support
Programme from July 2021; segment 5 (intensive support) from the 2025/26 framework.
Sources: regulatory-framework reference §5.1–§5.4, citing
https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts and
https://www.england.nhs.uk/system-and-organisational-oversight/nhs-system-oversight-framework-segmentation/.

>>> Regime.SEGMENT_4.label
'NHS Oversight Framework segment 4'
>>> Regime.QUALITY_SPECIAL_MEASURES.valid_on(dt.date(2021, 8, 1))
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "BY_INTERVENTION",
    "OVERSIGHT_FRAMEWORK_2019_START",
    "QUALITY_SPECIAL_MEASURES_START",
    "RSP_START",
    "SEGMENTS_EXPLAINED",
    "SEGMENT_5_START",
    "TSA_START",
    "Regime",
    "UnknownRegime",
    "Validity",
    "segment_meaning",
]

QUALITY_SPECIAL_MEASURES_START = dt.date(2013, 1, 1)
"""Quality special measures were created in 2013 after the Keogh review (the source gives the
year only). https://cqc.org.uk/publications/evaluation/special-measures-one-year"""

RSP_START = dt.date(2021, 7, 1)
"""The Recovery Support Programme started in July 2021 (month only in the source), replacing
quality and financial special measures.
https://www.england.nhs.uk/long-read/update-on-the-recovery-support-programme/"""

OVERSIGHT_FRAMEWORK_2019_START = dt.date(2019, 4, 1)
"""NHS Oversight Framework 2019/20 segments 1–4, from the start of the 2019/20 financial year.
https://vdocument.in/download/nhs-oversight-framework-201920-annex-2-provider-oversight-2019-10-23-2-introduction.html"""

SEGMENT_5_START = dt.date(2025, 6, 26)
"""NHS Oversight Framework 2025/26, published 26 June 2025, adds segment 5 (intensive support).
https://www.england.nhs.uk/long-read/update-on-nhs-oversight-framework-2025-26"""

TSA_START = dt.date(2010, 2, 15)
"""Trust special administration: NHS Act 2006 Part 2 Chapter 5A, in force 15 February 2010.
http://www.legislation.gov.uk/id/ukpga/2006/41/part/2/chapter/5A?timeline=true"""


class UnknownRegime(UnknownWord):
    """A word that names no oversight regime."""


@dataclass(frozen=True)
class Validity:
    """The dates a regime can be entered or held: `start` to `end` inclusive (None: open)."""

    start: dt.date | None
    end: dt.date | None
    source: str

    def contains(self, day: dt.date) -> bool:
        after_start = self.start is None or day >= self.start
        before_end = self.end is None or day <= self.end
        return after_start and before_end


class Regime(Word, what="oversight regime", error=UnknownRegime):
    """The oversight regime a trust is in; NONE when it is in no special regime. Read from its
    value ("segment_4") or its label in any case."""

    NONE = "none"  # no special regime
    QUALITY_SPECIAL_MEASURES = "quality_special_measures"  # CQC-triggered, 2013 – July 2021
    FINANCIAL_SPECIAL_MEASURES = "financial_special_measures"  # finance, until July 2021
    SEGMENT_1 = "segment_1"  # NHS Oversight Framework: no specific support needs
    SEGMENT_2 = "segment_2"  # flexible support (the default allocation)
    SEGMENT_3 = "segment_3"  # bespoke mandated support
    SEGMENT_4 = "segment_4"  # mandated intensive support; Recovery Support Programme from 2021
    SEGMENT_5 = "segment_5"  # intensive support, 2025/26 framework onwards
    TRUST_SPECIAL_ADMINISTRATION = "trust_special_administration"  # administrator runs it

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def validity(self) -> Validity:
        return _VALIDITY[self]

    @property
    def segment(self) -> int | None:
        """The NHS Oversight Framework segment number, or None for other regimes."""
        return _SEGMENTS.get(self)

    def valid_on(self, day: dt.date) -> bool:
        """Whether the regime existed on `day`, so that a trust could enter or hold it."""
        return self.validity.contains(day)

    def intensive_on(self, day: dt.date) -> bool:
        """Special measures for quality, or the Recovery Support Programme (segment 4 from
        July 2021; segment 5): the spells counted as "time in special measures or RSP"."""
        if self is Regime.QUALITY_SPECIAL_MEASURES or self is Regime.SEGMENT_5:
            return True
        return self is Regime.SEGMENT_4 and day >= RSP_START


_LABELS = {
    Regime.NONE: "No special regime",
    Regime.QUALITY_SPECIAL_MEASURES: "Quality special measures",
    Regime.FINANCIAL_SPECIAL_MEASURES: "Financial special measures",
    Regime.SEGMENT_1: "NHS Oversight Framework segment 1",
    Regime.SEGMENT_2: "NHS Oversight Framework segment 2",
    Regime.SEGMENT_3: "NHS Oversight Framework segment 3",
    Regime.SEGMENT_4: "NHS Oversight Framework segment 4",
    Regime.SEGMENT_5: "NHS Oversight Framework segment 5",
    Regime.TRUST_SPECIAL_ADMINISTRATION: "Trust special administration",
}

_SEGMENTS = {
    Regime.SEGMENT_1: 1,
    Regime.SEGMENT_2: 2,
    Regime.SEGMENT_3: 3,
    Regime.SEGMENT_4: 4,
    Regime.SEGMENT_5: 5,
}

_SEGMENTATION = (
    "https://www.england.nhs.uk/system-and-organisational-oversight/"
    "nhs-system-oversight-framework-segmentation/"
)
_SEGMENTS_1_TO_4 = Validity(OVERSIGHT_FRAMEWORK_2019_START, None, _SEGMENTATION)

_VALIDITY = {
    Regime.NONE: Validity(None, None, ""),
    Regime.QUALITY_SPECIAL_MEASURES: Validity(
        QUALITY_SPECIAL_MEASURES_START,
        RSP_START - dt.timedelta(days=1),
        "https://www.cqc.org.uk/guidance-providers/nhs-trusts/special-measures-nhs-trusts",
    ),
    Regime.FINANCIAL_SPECIAL_MEASURES: Validity(
        None, RSP_START - dt.timedelta(days=1), _SEGMENTATION
    ),
    Regime.SEGMENT_1: _SEGMENTS_1_TO_4,
    Regime.SEGMENT_2: _SEGMENTS_1_TO_4,
    Regime.SEGMENT_3: _SEGMENTS_1_TO_4,
    Regime.SEGMENT_4: _SEGMENTS_1_TO_4,
    Regime.SEGMENT_5: Validity(
        SEGMENT_5_START,
        None,
        "https://www.england.nhs.uk/long-read/nhs-oversight-framework-2025-26-methodology-manual",
    ),
    Regime.TRUST_SPECIAL_ADMINISTRATION: Validity(
        TSA_START,
        None,
        "http://www.legislation.gov.uk/id/ukpga/2006/41/part/2/chapter/5A?timeline=true",
    ),
}


BY_INTERVENTION: tuple[Regime, ...] = (
    Regime.TRUST_SPECIAL_ADMINISTRATION,
    Regime.QUALITY_SPECIAL_MEASURES,
    Regime.FINANCIAL_SPECIAL_MEASURES,
    Regime.SEGMENT_5,
    Regime.SEGMENT_4,
    Regime.SEGMENT_3,
    Regime.SEGMENT_2,
    Regime.SEGMENT_1,
    Regime.NONE,
)
"""Regimes from the most intervention to the least."""


SEGMENTS_EXPLAINED = (
    "NHS England places every trust in a segment of the NHS Oversight Framework. From 2019/20 "
    "to 2024/25 segments ran from 1 (no specific support needs) to 4 (mandated intensive "
    "support: the Recovery Support Programme from July 2021). From 2025/26, segments 1 to 4 "
    "come from an automated score (1 the narrowest range of challenges, 4 the widest), and "
    "segment 5 is for trusts that need intensive support (the Recovery Support Programme, "
    "renamed the Provider Improvement Programme)."
)
"""The one explanation of the segments every page gives, so that no two pages define
segment 4 or 5 differently. Sources: NHS England's segmentation pages and the NHS Oversight
Framework 2025/26 methodology manual (https://www.england.nhs.uk/nhs-oversight-framework/
segmentation-and-league-tables/)."""


def segment_meaning(segment: int, on: dt.date) -> str:
    """What segment `segment` meant on `on`, in a few words.

    >>> segment_meaning(4, dt.date(2023, 5, 1))
    'mandated intensive support (the Recovery Support Programme)'
    >>> segment_meaning(4, dt.date(2025, 10, 1))
    'the widest range of challenges (not intensive support, which is segment 5)'
    >>> segment_meaning(5, dt.date(2025, 10, 1))
    'intensive support (the Recovery Support Programme)'
    """
    if on >= SEGMENT_5_START:
        return {
            1: "the narrowest range of challenges",
            2: "a narrow range of challenges",
            3: "a wide range of challenges",
            4: "the widest range of challenges (not intensive support, which is segment 5)",
            5: "intensive support (the Recovery Support Programme)",
        }.get(segment, f"segment {segment}")
    return {
        1: "no specific support needs",
        2: "flexible support",
        3: "bespoke mandated support",
        4: "mandated intensive support"
        + (" (the Recovery Support Programme)" if on >= RSP_START else ""),
    }.get(segment, f"segment {segment}")
