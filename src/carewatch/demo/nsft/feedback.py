"""The worked example's feedback.

The trust publishes no labelled comments, so:

- `COMMENTS`: short comments of patients, families and carers and staff, written for the
  worked example from what ITV Anglia reported on 15 January 2020 (CQC's chief inspector:
  feedback from patients and families featured poor communication, and some still did not
  feel listened to; most staff inspectors spoke with felt more listened to; waiting lists for
  children and young people remained high). Every one is illustrative: no person wrote them,
  they name no one, and the days are stand-ins within the months the report describes. Their
  themes (the qualitative framework's) and sentiment are given here, as a trust's own staff
  would label them, so the page shows them whether or not the classifier is built.
- `ANSWERS`: "you said, we did": the themes these comments raise, each linked to the must-do
  of January 2020 that answers it, with what people said in a sentence.
- `SYNTHETIC_TRUST` and `LABELLED_FILE_TRUST`: the public labelled comments of Nottinghamshire
  Healthcare NHS Foundation Trust (NHS England's qualitative data categorisation project, in
  the shared data) are loaded under the synthetic mental health trust SYN01, so that a page
  shows real comments' volume and variety; the page says where they come from.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.sources import ITV_2020
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.domain.feedback.items import (
    FeedbackItem,
    FeedbackSource,
    FftScore,
    RespondentGroup,
    SentimentScale,
)

__all__ = ["ANSWERS", "COMMENTS", "LABELLED_FILE_TRUST", "SYNTHETIC_TRUST"]

SYNTHETIC_TRUST = "SYN01"
LABELLED_FILE_TRUST = "NHFT"

P, F, S = RespondentGroup.PATIENT, RespondentGroup.FAMILY_OR_CARER, RespondentGroup.STAFF
FFT, COMPLAINT, SURVEY = (
    FeedbackSource.FRIENDS_AND_FAMILY_TEST,
    FeedbackSource.COMPLAINT,
    FeedbackSource.SURVEY,
)
STAFF_SURVEY, STORY = FeedbackSource.STAFF_SURVEY, FeedbackSource.STORY

LISTENING = "Staff listening, understanding & involving patients"
INFORMED = "Being kept informed, clarity & consistency of information"
FAMILY = "Interaction with family/ carers"
WAITING = "Timeliness of care"
STAFFING = "Number & deployment of staff"
ENVIRONMENT = "Environment & Facilities"
CARE_PLANS = "Care plans"
MEDICATION = "Supplying & understanding medication"
MANNER = "Staff manner & personal attributes"
ORGANISATION = "Organisation & efficiency"
LEARNING = "Learning organisation"

# (reference, source, group, day, service, question, FFT answer, text, themes, sentiment 1-5)
_ROWS: tuple[
    tuple[str, FeedbackSource, RespondentGroup, dt.date, str, str, str | None, str,
          tuple[str, ...], str],
    ...,
] = (
    ("ILL-FB-01", COMPLAINT, F, dt.date(2019, 7, 15), "Acute wards for adults of working age",
     "", None,
     "Nobody rang us when our mother was moved to another ward. We found out when we visited.",
     (INFORMED, FAMILY), "5"),
    ("ILL-FB-02", FFT, F, dt.date(2019, 8, 6), "Acute wards for adults of working age",
     "What could we do better?", "4",
     "Listen to families. We know him best and nobody asked us anything.",
     (LISTENING, FAMILY), "4"),
    ("ILL-FB-03", FFT, P, dt.date(2019, 9, 10), "Community-based mental health services for "
     "adults of working age", "What could we do better?", "4",
     "Three different care coordinators in a year and each time I had to tell my story again.",
     ("Staff continuity", LISTENING), "4"),
    ("ILL-FB-04", COMPLAINT, F, dt.date(2019, 10, 2), "Child and adolescent mental health "
     "services", "", None,
     "Our daughter has waited eleven months for an assessment and we have had one letter.",
     (WAITING, INFORMED), "5"),
    ("ILL-FB-05", STAFF_SURVEY, S, dt.date(2019, 10, 21), "Trust-wide", "", None,
     "Things feel different this year. Managers ask what we think and we get told what "
     "happened next.", (LISTENING, LEARNING), "2"),
    ("ILL-FB-06", FFT, P, dt.date(2019, 11, 12), "Acute wards for adults of working age",
     "What was good?", "1",
     "The nurses on nights were kind and made time to sit with me.", (MANNER,), "1"),
    ("ILL-FB-07", STAFF_SURVEY, S, dt.date(2019, 11, 25), "Health-based places of safety", "",
     None, "We still do not have enough staff on the place of safety rota at weekends.",
     (STAFFING,), "4"),
    ("ILL-FB-08", STORY, F, dt.date(2019, 12, 4), "Wards for people with a learning "
     "disability or autism", "", None,
     "The ward my brother stays on is tired and the garden door has been broken for weeks.",
     (ENVIRONMENT, "Feeling safe"), "4"),
    ("ILL-FB-09", COMPLAINT, F, dt.date(2020, 2, 11), "Child and adolescent mental health "
     "services", "", None,
     "Our son has no care plan that we have seen and no one has talked to us about risk.",
     (CARE_PLANS, FAMILY), "5"),
    ("ILL-FB-10", FFT, P, dt.date(2020, 3, 3), "Community-based mental health services for "
     "adults of working age", "What could we do better?", "3",
     "Letters about my medicines changes came after the appointment, which was confusing.",
     (MEDICATION, INFORMED), "3"),
    ("ILL-FB-11", STAFF_SURVEY, S, dt.date(2020, 10, 19), "Trust-wide", "", None,
     "I feel more able to raise concerns than two years ago and they are acted on.",
     (LISTENING, LEARNING), "2"),
    ("ILL-FB-12", COMPLAINT, F, dt.date(2020, 11, 17), "Child and adolescent mental health "
     "services", "", None,
     "Still waiting for the ADHD assessment we were promised last year.", (WAITING,), "5"),
    ("ILL-FB-13", FFT, F, dt.date(2021, 2, 9), "Acute wards for adults of working age",
     "What was good?", "2",
     "This time the ward rang us every few days to let us know how she was doing.",
     (INFORMED, FAMILY), "2"),
    ("ILL-FB-14", FFT, P, dt.date(2021, 4, 13), "Wards for people with a learning disability "
     "or autism", "What was good?", "2",
     "The new lounge is much calmer and cleaner.", (ENVIRONMENT,), "2"),
    ("ILL-FB-15", SURVEY, F, dt.date(2021, 6, 8), "Child and adolescent mental health "
     "services", "", None,
     "The wait was shorter than we feared but the first appointment was rushed.",
     (WAITING, ORGANISATION), "3"),
    ("ILL-FB-16", FFT, F, dt.date(2021, 7, 20), "Community-based mental health services for "
     "adults of working age", "What could we do better?", "4",
     "We still do not feel listened to when we say he is getting worse.",
     (LISTENING, FAMILY), "5"),
)  # fmt: skip

COMMENTS: tuple[tuple[FeedbackItem, tuple[str, ...], SentimentScale], ...] = tuple(
    (
        FeedbackItem(
            trust=PROVIDER_ID,
            reference=reference,
            source=source,
            group=group,
            received=day,
            text=text,
            service=service,
            question=question,
            fft_score=FftScore(fft) if fft else None,
            illustrative=True,
            source_url=ITV_2020,
        ),
        themes,
        SentimentScale(sentiment),
    )
    for reference, source, group, day, service, question, fft, text, themes, sentiment in _ROWS
)

ANSWERS: tuple[tuple[str, str, str], ...] = (
    (
        WAITING,
        "2020-MD3",
        "Families of children and young people said they waited many months for assessment "
        "and treatment, and for ADHD assessments.",
    ),
    (
        CARE_PLANS,
        "2020-MD2",
        "Families said their children had no care plan they had seen and no one had talked "
        "with them about risk.",
    ),
    (
        ENVIRONMENT,
        "2020-MD1",
        "Families said the learning disability wards were run down and repairs took weeks.",
    ),
    (
        STAFFING,
        "2020-MD5",
        "Staff said the places of safety were short of staff at weekends.",
    ),
    (
        MEDICATION,
        "2020-MD4",
        "Patients said they were told about changes to their medicines late or not clearly.",
    ),
)
"""(theme, must-do, what people said): "you said, we did", each illustrative."""
