"""The feedback service: the only code that writes a trust's feedback (its comments, their
labels, people's corrections and "you said, we did"), and the readers every surface uses.
Routes, the CLI and the worked example import from here, never from the modules inside.

Example::

    import_feedback(db=db, actor=actor, batch=read_feedback_csv(Path("feedback.csv")))
    feedback_summary(db=db, trust="RMY", group=RespondentGroup.FAMILY_OR_CARER)
    list_feedback(db=db, actor=actor, trust="RMY", theme="Timeliness of care", with_text=True)
"""

from carewatch.services.feedback.commands import (
    InvalidAnswer,
    InvalidCorrection,
    answer_theme,
    correct_feedback,
    import_feedback,
    reclassify_feedback,
)
from carewatch.services.feedback.models import (
    AnswerView,
    CorrectionView,
    FeedbackImportResult,
    FeedbackItemView,
    FeedbackSummary,
    Quote,
    ThemeLabel,
)
from carewatch.services.feedback.queries import (
    count_feedback,
    feedback_corrections,
    feedback_item,
    feedback_summary,
    list_feedback,
)

__all__ = [
    "AnswerView",
    "CorrectionView",
    "FeedbackImportResult",
    "FeedbackItemView",
    "FeedbackSummary",
    "InvalidAnswer",
    "InvalidCorrection",
    "Quote",
    "ThemeLabel",
    "answer_theme",
    "correct_feedback",
    "count_feedback",
    "feedback_corrections",
    "feedback_item",
    "feedback_summary",
    "import_feedback",
    "list_feedback",
    "reclassify_feedback",
]
