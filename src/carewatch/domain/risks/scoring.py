"""A risk's score: likelihood (1 to 5) times consequence (1 to 5), and the band it falls in.

The matrix is the National Patient Safety Agency's, "A risk matrix for risk managers"
(January 2008): consequence 1 to 5 (negligible, minor, moderate, major, catastrophic) times
likelihood 1 to 5 (rare, unlikely, possible, likely, almost certain) gives a score from 1 to
25; only 14 products can occur (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25).

The bands are configurable, because trusts draw them differently. `DEFAULT_BANDS` is the
grading usually quoted as the NPSA's: 1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme. Only
the low band (1-3, green, managed locally) is confirmed, in a trust's adaptation of the
matrix (https://www.scribd.com/document/514370033/009-1c-Risk-Scoring-Matrix-250713); the
other three bands and the consequence labels are unverified (docs/risks.md).

>>> s = Score(likelihood=4, consequence=4)
>>> s.value, DEFAULT_BANDS.band(s.value).label
(16, 'Extreme')
>>> DEFAULT_BANDS.band(7)
Traceback (most recent call last):
...
carewatch.domain.risks.scoring.InvalidScore: 7 is not a likelihood times a consequence from 1 to 5
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from carewatch.domain.words import Word

__all__ = [
    "BANDS_SOURCE",
    "BANDS_VERIFIED",
    "DEFAULT_BANDS",
    "POSSIBLE_SCORES",
    "Band",
    "BandRange",
    "Bands",
    "InvalidBands",
    "InvalidScore",
    "Score",
    "consequence_label",
    "likelihood_label",
]

POSSIBLE_SCORES = tuple(sorted({lik * con for lik in range(1, 6) for con in range(1, 6)}))
"""The 14 scores a 5 x 5 matrix can give."""

BANDS_SOURCE = (
    "National Patient Safety Agency, 'A risk matrix for risk managers' (January 2008), "
    "https://studylib.net/doc/26079562/0676-risk-matrix-for-risk-managers-v9; the low band "
    "(1-3) confirmed in a trust's adaptation, "
    "https://www.scribd.com/document/514370033/009-1c-Risk-Scoring-Matrix-250713"
)
"""Where the default bands come from."""

BANDS_VERIFIED = {"low": True, "moderate": False, "high": False, "extreme": False}
"""Which default bands a source seen confirms: only "low"; the others are the grading usually
quoted as the NPSA's, unverified."""

_LIKELIHOOD = ("Rare", "Unlikely", "Possible", "Likely", "Almost certain")
_CONSEQUENCE = ("Negligible", "Minor", "Moderate", "Major", "Catastrophic")


class InvalidScore(ValueError):
    """A likelihood or consequence outside 1 to 5, or a score no 5 x 5 matrix can give."""


class InvalidBands(ValueError):
    """Bands that leave a possible score out, give it two bands, or run out of order."""


def likelihood_label(value: int) -> str:
    """The NPSA matrix's word for a likelihood from 1 to 5.

    >>> likelihood_label(5)
    'Almost certain'
    """
    _check_axis(value, "likelihood")
    return _LIKELIHOOD[value - 1]


def consequence_label(value: int) -> str:
    """The NPSA matrix's word for a consequence from 1 to 5 (unverified, as the bands are).

    >>> consequence_label(1)
    'Negligible'
    """
    _check_axis(value, "consequence")
    return _CONSEQUENCE[value - 1]


def _check_axis(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise InvalidScore(f"a {what} is a whole number from 1 to 5, not {value!r}")


@dataclass(frozen=True, order=True)
class Score:
    """A likelihood and a consequence, each 1 to 5; `value` their product."""

    likelihood: int
    consequence: int

    def __post_init__(self) -> None:
        _check_axis(self.likelihood, "likelihood")
        _check_axis(self.consequence, "consequence")

    @property
    def value(self) -> int:
        return self.likelihood * self.consequence

    def __str__(self) -> str:
        return f"{self.likelihood}x{self.consequence}={self.value}"

    @classmethod
    def parse(cls, text: str) -> Score:
        """ "4x3", "4 x 3", "4*3" or "4,3" (likelihood first).

        >>> Score.parse("4 x 3").value
        12
        """
        cleaned = text.strip().lower()
        for sep in ("x", "*", "×", ","):
            if sep in cleaned:
                left, _, right = cleaned.partition(sep)
                break
        else:
            raise InvalidScore(f"a score is likelihood x consequence, e.g. 4x3, not {text!r}")
        try:
            return cls(int(left.strip()), int(right.split("=")[0].strip()))
        except ValueError as exc:
            if isinstance(exc, InvalidScore):
                raise
            raise InvalidScore(
                f"a score is likelihood x consequence, e.g. 4x3, not {text!r}"
            ) from None


class Band(Word, what="risk band"):
    """How serious a score is, from low to extreme."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    EXTREME = "extreme"

    @property
    def rank(self) -> int:
        return list(Band).index(self)


@dataclass(frozen=True)
class BandRange:
    """The scores from `lowest` to `highest` (inclusive) fall in `band`."""

    band: Band
    lowest: int
    highest: int


@dataclass(frozen=True)
class Bands:
    """Each band's range of scores. Checked when built: every score a 5 x 5 matrix can give
    falls in exactly one band, and the bands run from low to extreme in order (a trust may
    drop a band, e.g. have no "extreme", but not reorder them).

    >>> Bands.of({"low": (1, 4), "moderate": (5, 9), "high": (10, 25)}).band(12).value
    'high'
    """

    ranges: tuple[BandRange, ...]
    source: str = ""

    def __post_init__(self) -> None:
        if not self.ranges:
            raise InvalidBands("bands need at least one range")
        ranks = [r.band.rank for r in self.ranges]
        if ranks != sorted(set(ranks)):
            raise InvalidBands("bands run from low to extreme, each once")
        previous = 0
        for r in self.ranges:
            if r.lowest > r.highest:
                raise InvalidBands(f"{r.band.value} runs from {r.lowest} down to {r.highest}")
            if r.lowest <= previous:
                raise InvalidBands(f"{r.band.value} overlaps the band below it")
            previous = r.highest
        for score in POSSIBLE_SCORES:
            if not any(r.lowest <= score <= r.highest for r in self.ranges):
                raise InvalidBands(f"a score of {score} falls in no band")

    @classmethod
    def of(cls, ranges: dict[str, tuple[int, int]], source: str = "") -> Bands:
        """Bands from {band word: (lowest, highest)}."""
        return cls(
            tuple(
                sorted(
                    (BandRange(Band.parse(word), lo, hi) for word, (lo, hi) in ranges.items()),
                    key=lambda r: r.band.rank,
                )
            ),
            source,
        )

    def band(self, score: int | Score) -> Band:
        """The band of `score` (a `Score` or its value); `InvalidScore` for a value no
        5 x 5 matrix gives."""
        value = score.value if isinstance(score, Score) else score
        if value not in POSSIBLE_SCORES:
            raise InvalidScore(f"{value} is not a likelihood times a consequence from 1 to 5")
        for r in self.ranges:
            if r.lowest <= value <= r.highest:
                return r.band
        raise InvalidScore(f"{value} falls in no band")  # unreachable: checked when built

    def bands(self) -> Iterable[Band]:
        return (r.band for r in self.ranges)


DEFAULT_BANDS = Bands.of(
    {"low": (1, 3), "moderate": (4, 6), "high": (8, 12), "extreme": (15, 25)},
    source=BANDS_SOURCE,
)
"""1-3 low, 4-6 moderate, 8-12 high, 15-25 extreme: the low band confirmed, the rest
unverified (`BANDS_VERIFIED`)."""
