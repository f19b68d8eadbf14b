"""Statistical process control: XmR charts by NHS England's Making Data Count rules, as
NHSRplotthedots implements them, with the summary icons boards read first.

Pure: standard library and numpy only. Import from here. How the charts and icons are
computed, with sources: docs/spc.md; where we depart from NHSRplotthedots: docs/deviations.md.

>>> result = analyse(range(12), [5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 7, 15],
...                  SpcOptions(improvement=Improvement.DECREASE, target=8.0))
>>> result.variation.value, variation_icon(result).code, result.assurance.value
('special_cause_concern', 'concern-high', 'inconsistent')
"""

from carewatch.domain.spc.arrays import analyse_arrays, assurance_for
from carewatch.domain.spc.chart import analyse, analyse_many
from carewatch.domain.spc.icons import (
    AssuranceIcon,
    VariationIcon,
    assurance_icon,
    assurance_icon_for,
    variation_icon,
    variation_icon_for,
)
from carewatch.domain.spc.options import (
    CLOSE_TO_LIMIT_FRACTION,
    LIMIT_FACTOR,
    OUTLIER_MOVING_RANGE_FACTOR,
    RUN_LENGTH,
    TREND_LENGTH,
    Recalculation,
    SpcInputError,
    SpcOptions,
    X,
)
from carewatch.domain.spc.results import SpcArrays, SpcPhase, SpcPoint, SpcResult
from carewatch.domain.spc.words import (
    Assurance,
    Improvement,
    PointType,
    Rule,
    SpecialCause,
    UnknownSpcWord,
)

__all__ = [
    "CLOSE_TO_LIMIT_FRACTION",
    "LIMIT_FACTOR",
    "OUTLIER_MOVING_RANGE_FACTOR",
    "RUN_LENGTH",
    "TREND_LENGTH",
    "Assurance",
    "AssuranceIcon",
    "Improvement",
    "PointType",
    "Recalculation",
    "Rule",
    "SpcArrays",
    "SpcInputError",
    "SpcOptions",
    "SpcPhase",
    "SpcPoint",
    "SpcResult",
    "SpecialCause",
    "UnknownSpcWord",
    "VariationIcon",
    "X",
    "analyse",
    "analyse_arrays",
    "analyse_many",
    "assurance_for",
    "assurance_icon",
    "assurance_icon_for",
    "variation_icon",
    "variation_icon_for",
]
