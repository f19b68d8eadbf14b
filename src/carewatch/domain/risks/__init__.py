"""A trust's risk register and its board assurance framework (BAF): risks scored likelihood
times consequence on the NPSA's 5 x 5 matrix, in configurable bands; their controls,
assurances in three lines and gaps; the strategic objectives the principal risks threaten;
and the validator that says which risks the board cannot yet rely on.

Pure: standard library and the shared domain (words, SPC) only. Import from here.
docs/risks.md explains the model and its sources.
"""

from carewatch.domain.risks.checks import (
    LinkedAction,
    LinkedMeasure,
    RiskFinding,
    RiskProblem,
    RiskRecord,
    check_register,
    check_risk,
    contradicted_by,
)
from carewatch.domain.risks.history import MIN_SPC_POINTS, ScorePoint, score_chart, trend_of
from carewatch.domain.risks.register import (
    Assurance,
    Control,
    Gap,
    InvalidRisk,
    Risk,
    StrategicObjective,
    add_months,
)
from carewatch.domain.risks.scoring import (
    BANDS_SOURCE,
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
from carewatch.domain.risks.summary import CategoryCount, PublicSummary, heat_map, public_summary
from carewatch.domain.risks.words import (
    AssuranceLine,
    AssuranceResult,
    GapKind,
    ReviewFrequency,
    RiskCategory,
    RiskLinkKind,
    Trend,
    UnknownRiskWord,
)

__all__ = [
    "BANDS_SOURCE",
    "BANDS_VERIFIED",
    "DEFAULT_BANDS",
    "MIN_SPC_POINTS",
    "POSSIBLE_SCORES",
    "Assurance",
    "AssuranceLine",
    "AssuranceResult",
    "Band",
    "BandRange",
    "Bands",
    "CategoryCount",
    "Control",
    "Gap",
    "GapKind",
    "InvalidBands",
    "InvalidRisk",
    "InvalidScore",
    "LinkedAction",
    "LinkedMeasure",
    "PublicSummary",
    "ReviewFrequency",
    "Risk",
    "RiskCategory",
    "RiskFinding",
    "RiskLinkKind",
    "RiskProblem",
    "RiskRecord",
    "Score",
    "ScorePoint",
    "StrategicObjective",
    "Trend",
    "UnknownRiskWord",
    "add_months",
    "check_register",
    "check_risk",
    "consequence_label",
    "contradicted_by",
    "heat_map",
    "likelihood_label",
    "public_summary",
    "score_chart",
    "trend_of",
]
