"""A small world of feedback for the web tests, stored through the feedback service as an
import of the template would store it (labels given by the file, so no classifier is needed).

A trust of its own, RXF, made up for these tests (the worked example gives its own trusts
feedback of their own), with one must-do in its improvement plan (FB-MD1, with an action),
gets four comments, one from each kind of person, and two services:

    FB-1  2024-01-10  patient          complaint     Adult mental health  very negative (5)
          "Nurse Jane Smith was rude, ring me on 07700 900123"   Staff manner & personal attributes
    FB-2  2024-02-03  family_or_carer  FFT           Adult mental health  negative (4)
          Being kept informed, clarity & consistency of information; Staff listening, ...
    FB-3  2024-02-20  staff            staff survey  Community            mixed (3)
          Number & deployment of staff; Staff manner & personal attributes
    FB-4  2024-03-05  patient          compliment    Community            very positive (1)
          Staff listening, understanding & involving patients

FB-1 holds a name and a phone number: the redactor stores it as "Nurse [name] was rude, ring
me on [phone]", and only that form may reach the public.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from carewatch.domain.feedback.items import (
    FeedbackItem,
    FeedbackSource,
    RespondentGroup,
    SentimentScale,
)
from carewatch.ingest.feedback_csv import FeedbackBatch, FeedbackRecord
from carewatch.services import feedback, plans
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

__all__ = [
    "AS_GIVEN",
    "LISTENING",
    "MANNER",
    "MUST_DO",
    "MUST_DO_SUMMARY",
    "NAME",
    "PHONE",
    "REDACTED",
    "TRUST",
    "add_comments",
    "add_trust",
    "add_world",
]

TRUST = "RXF"
MUST_DO = "FB-MD1"
MUST_DO_SUMMARY = "Involve patients and their families in their care plans."

NAME = "Jane Smith"
PHONE = "07700 900123"
AS_GIVEN = f"Nurse {NAME} was rude, ring me on {PHONE}"
REDACTED = "Nurse [name] was rude, ring me on [phone]"
MANNER = "Staff manner & personal attributes"
LISTENING = "Staff listening, understanding & involving patients"
INFORMED = "Being kept informed, clarity & consistency of information"
STAFFING = "Number & deployment of staff"

Row = tuple[str, str, str, str, str, str, Sequence[str], str]
"""reference, received, source, group, service, text, themes, sentiment (1 to 5)."""

WORLD: tuple[Row, ...] = (
    ("FB-1", "2024-01-10", "complaint", "patient", "Adult mental health", AS_GIVEN,
     (MANNER,), "5"),
    ("FB-2", "2024-02-03", "friends_and_family_test", "family_or_carer", "Adult mental health",
     "Nobody told us when Dad was moved to another ward.", (INFORMED, LISTENING), "4"),
    ("FB-3", "2024-02-20", "staff_survey", "staff", "Community",
     "Kind colleagues, but too few of us at night.", (STAFFING, MANNER), "3"),
    ("FB-4", "2024-03-05", "compliment", "patient", "Community",
     "The team listened and involved me in my care plan.", (LISTENING,), "1"),
)  # fmt: skip


def add_comments(db: Database, trust: str, rows: Sequence[Row], name: str = "web.csv") -> None:
    """Store `rows` as the trust's feedback, labelled as a file labels them."""
    records = tuple(
        FeedbackRecord(
            row=n,
            item=FeedbackItem(
                trust=trust,
                reference=reference,
                source=FeedbackSource.parse(source),
                group=RespondentGroup.parse(group),
                received=dt.date.fromisoformat(received),
                text=text,
                service=service,
            ),
            themes=tuple(themes),
            sentiment=SentimentScale.parse(scale),
        )
        for n, (reference, received, source, group, service, text, themes, scale) in enumerate(
            rows, start=2
        )
    )
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    batch = FeedbackBatch(name, digest, trust, "template", records)
    feedback.import_feedback(db=db, actor=OPERATOR, batch=batch)


def add_trust(db: Database) -> None:
    """The trust RXF, with the must-do FB-MD1 and one action to meet it."""
    record_provider(
        db=db, actor=OPERATOR, provider_id=TRUST, name="Feedback Test NHS Trust",
        trust_type="mental_health",
    )  # fmt: skip
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id=TRUST, reference=MUST_DO, kind="must_do",
        report_words=f"The trust must make sure that staff {MUST_DO_SUMMARY[0].lower()}"
        f"{MUST_DO_SUMMARY[1:]} (Regulation 9)",
        public_summary=MUST_DO_SUMMARY, regulation="9", report_date=dt.date(2024, 1, 5),
    )  # fmt: skip
    plans.record_action(
        db=db, actor=OPERATOR, provider_id=TRUST, finding_reference=MUST_DO, reference="A1",
        title="Ask every family to the care plan review", owner_role="Ward manager",
        opened=dt.date(2024, 2, 1), due=dt.date(2024, 6, 30),
    )  # fmt: skip


def add_world(db: Database) -> None:
    """The trust RXF and the four comments above."""
    add_trust(db)
    add_comments(db, TRUST, WORLD)
