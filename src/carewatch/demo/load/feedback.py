"""The worked example's feedback through the feedback service: the illustrative comments of
the trust's patients, families and staff as one import (labelled here), "you said, we did"
for the themes they raise, and the public labelled comments of the shared data under the
synthetic trust SYN01 when the shared data is present. Loading twice changes nothing: the
import is idempotent by reference and an answer already linked is not linked again."""

from __future__ import annotations

import hashlib

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import feedback as facts
from carewatch.demo.nsft.shared_data import shared_data_folder
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.ingest.feedback_csv import FeedbackBatch, FeedbackRecord, read_feedback_csv
from carewatch.services import feedback
from carewatch.store.database import Database

__all__ = ["LABELLED_FILE", "load_feedback"]

LABELLED_FILE = "pxtextmining/v6framework_230831.csv"
"""The public labelled comments, within the shared data folder."""


def load_feedback(*, db: Database) -> int:
    """Load the worked example's feedback; return how many comments were stored anew."""
    records = tuple(
        FeedbackRecord(row=n, item=item, themes=themes, sentiment=sentiment)
        for n, (item, themes, sentiment) in enumerate(facts.COMMENTS, start=2)
    )
    digest = hashlib.sha256(
        "\n".join(f"{i.reference},{i.received},{i.text}" for i, _, _ in facts.COMMENTS).encode()
    ).hexdigest()
    result = feedback.import_feedback(
        db=db,
        actor=DEMO_OPERATOR,
        batch=FeedbackBatch("illustrative-feedback", digest, PROVIDER_ID, "template", records),
    )
    new = result.new
    summary = feedback.feedback_summary(db=db, trust=PROVIDER_ID)
    linked = {(a.theme, a.target, a.said) for a in summary.answers}
    for theme, must_do, said in facts.ANSWERS:
        if (theme, must_do, said) not in linked:
            feedback.answer_theme(
                db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, theme_name=theme,
                target=must_do, said=said,
            )  # fmt: skip
    folder = shared_data_folder()
    if folder is not None and (folder / LABELLED_FILE).is_file():
        batch = read_feedback_csv(
            folder / LABELLED_FILE,
            trust=facts.SYNTHETIC_TRUST,
            file_trust=facts.LABELLED_FILE_TRUST,
        )
        new += feedback.import_feedback(db=db, actor=DEMO_OPERATOR, batch=batch).new
    return new
