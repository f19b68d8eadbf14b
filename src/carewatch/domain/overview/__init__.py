"""Is this trust getting better? The overview's pure rules: a frozen snapshot of what every
area knows of a trust on a day (`TrustFacts`), the verdict in plain English with its
evidence (`build_overview`), what changed since the last inspection
(`changes_since_inspection`) and the questions the evidence raises (`questions`).

Standard library only: the services build the snapshot, the rules never read anything else.
docs/overview.md sets the verdict's rule out with its limits.
"""

from carewatch.domain.overview.changes import Changes, RatingMove, changes_since_inspection
from carewatch.domain.overview.facts import (
    Assurance,
    CommitmentFact,
    CommitmentOutcome,
    EnforcementFact,
    FeedbackFacts,
    IncidentFacts,
    InspectionFact,
    InvalidFacts,
    MeasureFact,
    MustDoFact,
    RegimeFacts,
    RegimeMove,
    ServiceRating,
    ThemeFact,
    TrustFacts,
    Variation,
)
from carewatch.domain.overview.questions import questions
from carewatch.domain.overview.verdict import (
    RECENT_EXIT_DAYS,
    STALE_AFTER_DAYS,
    Direction,
    Evidence,
    MustDoState,
    Overview,
    Topic,
    Verdict,
    build_overview,
    is_stale,
    must_do_state,
)

__all__ = [
    "RECENT_EXIT_DAYS",
    "STALE_AFTER_DAYS",
    "Assurance",
    "Changes",
    "CommitmentFact",
    "CommitmentOutcome",
    "Direction",
    "EnforcementFact",
    "Evidence",
    "FeedbackFacts",
    "IncidentFacts",
    "InspectionFact",
    "InvalidFacts",
    "MeasureFact",
    "MustDoFact",
    "MustDoState",
    "Overview",
    "RatingMove",
    "RegimeFacts",
    "RegimeMove",
    "ServiceRating",
    "ThemeFact",
    "Topic",
    "TrustFacts",
    "Variation",
    "Verdict",
    "build_overview",
    "changes_since_inspection",
    "is_stale",
    "must_do_state",
    "questions",
]
