"""The words a risk register is kept in: the category of a risk, the three lines of
assurance, whether an assurance is positive or negative, the two kinds of gap, how often a
risk is reviewed, the trend its owner gives it and what it may be linked to.

The categories are the six the register's worked example and the common NHS registers use
(patient safety, quality, workforce, finance, compliance and regulatory, reputation). The
three lines follow the usual NHS board assurance framework: management (the first line, the
service itself), oversight (the second, a committee or a corporate function) and independent
(the third, internal audit, CQC, an external review).

>>> RiskCategory.parse("Compliance and regulatory") is RiskCategory.COMPLIANCE
True
>>> AssuranceLine.parse("2nd line").label
'Oversight (second line)'
>>> ReviewFrequency.parse("quarterly").months
3
"""

from __future__ import annotations

from carewatch.domain.words import UnknownWord, Word

__all__ = [
    "AssuranceLine",
    "AssuranceResult",
    "GapKind",
    "ReviewFrequency",
    "RiskCategory",
    "RiskLinkKind",
    "Trend",
    "UnknownRiskWord",
]


class UnknownRiskWord(UnknownWord):
    """A word that names no member of one of the risk register's vocabularies."""


class RiskCategory(Word, what="risk category", error=UnknownRiskWord, synonyms={
    "safety": "patient_safety",
    "clinical": "quality",
    "regulatory": "compliance_and_regulatory",
    "compliance": "compliance_and_regulatory",
    "financial": "finance",
    "reputational": "reputation",
    "staffing": "workforce",
}):  # fmt: skip
    """What a risk threatens."""

    PATIENT_SAFETY = "patient_safety"
    QUALITY = "quality"  # effectiveness and experience of care
    WORKFORCE = "workforce"
    FINANCE = "finance"
    COMPLIANCE = "compliance_and_regulatory"
    REPUTATION = "reputation"

    @property
    def label(self) -> str:
        return {
            RiskCategory.PATIENT_SAFETY: "Patient safety",
            RiskCategory.QUALITY: "Quality",
            RiskCategory.WORKFORCE: "Workforce",
            RiskCategory.FINANCE: "Finance",
            RiskCategory.COMPLIANCE: "Compliance and regulatory",
            RiskCategory.REPUTATION: "Reputation",
        }[self]


class AssuranceLine(Word, what="line of assurance", error=UnknownRiskWord, synonyms={
    "first": "management", "1st": "management", "1st_line": "management",
    "first_line": "management", "second": "oversight", "2nd": "oversight",
    "2nd_line": "oversight", "second_line": "oversight", "third": "independent",
    "3rd": "independent", "3rd_line": "independent", "third_line": "independent",
}):  # fmt: skip
    """Who gives an assurance that a control works: the service that runs it, a committee or
    corporate function that oversees it, or someone independent of both."""

    MANAGEMENT = "management"
    OVERSIGHT = "oversight"
    INDEPENDENT = "independent"

    @property
    def label(self) -> str:
        return {
            AssuranceLine.MANAGEMENT: "Management (first line)",
            AssuranceLine.OVERSIGHT: "Oversight (second line)",
            AssuranceLine.INDEPENDENT: "Independent (third line)",
        }[self]


class AssuranceResult(Word, what="assurance result", error=UnknownRiskWord):
    """Whether an assurance says the control works (positive) or that it does not
    (negative): a negative assurance is still an assurance, and an honest one."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class GapKind(Word, what="kind of gap", error=UnknownRiskWord, synonyms={
    "gap_in_control": "control", "gap_in_assurance": "assurance",
}):  # fmt: skip
    """A gap in control (a control missing or not working) or a gap in assurance (no
    evidence that a control works)."""

    CONTROL = "control"
    ASSURANCE = "assurance"

    @property
    def label(self) -> str:
        return {GapKind.CONTROL: "Gap in control", GapKind.ASSURANCE: "Gap in assurance"}[self]


class ReviewFrequency(Word, what="review frequency", error=UnknownRiskWord, synonyms={
    "month": "monthly", "quarter": "quarterly", "6_monthly": "six_monthly",
    "half_yearly": "six_monthly", "annual": "annually", "yearly": "annually",
}):  # fmt: skip
    """How often a risk's owner reviews it; the next review falls that many months after
    the last."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    ANNUALLY = "annually"

    @property
    def months(self) -> int:
        return {
            ReviewFrequency.MONTHLY: 1,
            ReviewFrequency.QUARTERLY: 3,
            ReviewFrequency.SIX_MONTHLY: 6,
            ReviewFrequency.ANNUALLY: 12,
        }[self]


class Trend(Word, what="trend", error=UnknownRiskWord, synonyms={
    "decreasing": "reducing", "down": "reducing", "improving": "reducing",
    "static": "stable", "unchanged": "stable", "up": "increasing", "worsening": "increasing",
}):  # fmt: skip
    """Which way the risk's owner says it is moving: what a board reads beside the score."""

    REDUCING = "reducing"
    STABLE = "stable"
    INCREASING = "increasing"


class RiskLinkKind(Word, what="risk link", error=UnknownRiskWord):
    """What a risk can be linked to in the trust's own record: an improvement-plan action
    (which closes a gap: the register keeps no actions of its own), a metric whose SPC chart
    shows whether the risk is really moving, an inspection's finding and an incident."""

    ACTION = "action"  # by its finding's reference and its own, 2020-MD3/A1
    METRIC = "metric"  # by its catalogue code
    FINDING = "finding"  # by its reference, 2020-MD3
    INCIDENT = "incident"  # by the trust's reference for it
