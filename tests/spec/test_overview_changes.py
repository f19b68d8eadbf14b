"""What changed since the last inspection, as of any day, and the questions a brief asks,
worked out by hand. "The last inspection" is the latest report by the day that rated the
trust overall; what changed is what happened after its publication, up to the day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from carewatch.domain.overview import (
    Assurance,
    CommitmentFact,
    CommitmentOutcome,
    EnforcementFact,
    InspectionFact,
    MeasureFact,
    MustDoFact,
    RegimeFacts,
    RegimeMove,
    ServiceRating,
    TrustFacts,
    Variation,
    changes_since_inspection,
    questions,
)

RI, INADEQUATE, GOOD = "Requires improvement", "Inadequate", "Good"
FEB_2023 = dt.date(2023, 2, 23)
CRISIS = "Crisis services"

INSPECTIONS = (
    InspectionFact(
        dt.date(2022, 4, 28), "2021 inspection", INADEQUATE, (("Well-led", INADEQUATE),)
    ),
    InspectionFact(FEB_2023, "2022 inspection", RI, (("Well-led", RI),)),
    InspectionFact(dt.date(2025, 10, 22), "Well-led assessment", None, (("Well-led", GOOD),)),
)
WARNING = EnforcementFact("Warning notice", dt.date(2022, 4, 28), dt.date(2023, 3, 10))
TO_SEGMENT_3 = RegimeMove(dt.date(2025, 2, 1), "segment 4", "segment 3", True, False)
APR_2022, JUNE_2023 = dt.date(2022, 4, 28), dt.date(2023, 6, 30)
MUST_DOS = (
    MustDoFact("MD1", "Fix the wards.", APR_2022, 1, JUNE_2023, dt.date(2023, 5, 2)),
    MustDoFact("MD2", "Cut the waits.", APR_2022, 2, JUNE_2023, overdue=True),
    MustDoFact("MD3", "Old one.", APR_2022, 1, dt.date(2022, 9, 30), dt.date(2022, 9, 1)),
)
MEASURES = (
    MeasureFact("waits", "Waits", Variation.IMPROVEMENT, Assurance.NONE, dt.date(2025, 9, 30),
                True, variation_then=Variation.COMMON_CAUSE),
    MeasureFact("beds", "Beds", Variation.CONCERN, Assurance.NONE, dt.date(2025, 9, 30),
                variation_then=Variation.CONCERN),  # already special cause then
    MeasureFact("staff", "Staff", Variation.COMMON_CAUSE, Assurance.NONE, dt.date(2025, 9, 30)),
)  # fmt: skip


def facts(day: dt.date) -> TrustFacts:
    return TrustFacts(
        "RXX",
        "A trust",
        day,
        inspections=tuple(i for i in INSPECTIONS if i.published <= day),
        regime=RegimeFacts("segment 3", dt.date(2025, 2, 1), False, 2000, (TO_SEGMENT_3,))
        if day >= TO_SEGMENT_3.on
        else RegimeFacts("segment 4", dt.date(2021, 7, 1), True, 1000),
        enforcement=(WARNING,),
        # As the plan stood that day: a must-do met later was still open then.
        must_dos=tuple(
            m if m.met_on is None or m.met_on <= day else replace(m, met_on=None) for m in MUST_DOS
        ),
        measures=MEASURES,
        services_then=(ServiceRating(CRISIS, "Overall", RI, FEB_2023),),
        services_now=(
            ServiceRating(CRISIS, "Overall", GOOD, dt.date(2025, 8, 14)),
            ServiceRating(CRISIS, "Safe", RI, dt.date(2025, 8, 14)),
        )
        if day >= dt.date(2025, 8, 14)
        else (ServiceRating(CRISIS, "Overall", RI, FEB_2023),),
    )


def test_everything_that_changed_since_the_last_whole_trust_inspection() -> None:
    changes = changes_since_inspection(facts(dt.date(2026, 1, 1)))
    assert changes.since is not None
    assert changes.since.published == FEB_2023
    assert changes.heading == "Since the last inspection, reported in February 2023"
    assert changes.lines() == [
        "Oversight regime: from segment 4 to segment 3 in February 2025.",
        "The trust's well-led rating: Requires improvement to Good (better), published "
        "October 2025.",
        "Crisis services, overall rating: Requires improvement to Good (better), published "
        "August 2025.",
        "Crisis services, safe rating: rated Requires improvement, published August 2025 (no "
        "earlier rating recorded).",
        "Enforcement ended: Warning notice (issued April 2022) ended in March 2023.",
        "Must-do met: MD1, Fix the wards (May 2023).",
        "Must-do still overdue: MD2, Cut the waits (reported April 2022).",
        "Measure now showing special cause improvement: Waits.",
    ]


def test_as_of_an_earlier_day_only_what_had_happened_by_then() -> None:
    changes = changes_since_inspection(facts(dt.date(2023, 4, 1)))
    assert changes.lines() == [
        "Enforcement ended: Warning notice (issued April 2022) ended in March 2023.",
        "Must-do still open: MD1, Fix the wards (reported April 2022).",
        "Must-do still overdue: MD2, Cut the waits (reported April 2022).",
        "Measure now showing special cause improvement: Waits.",
    ]


def test_before_any_inspection_nothing_to_measure_from_but_open_must_dos_still_shown() -> None:
    changes = changes_since_inspection(
        TrustFacts("RXX", "A trust", dt.date(2022, 5, 1), must_dos=MUST_DOS[1:2])
    )
    assert changes.since is None
    assert (
        changes.heading == "No inspection is recorded, so there is nothing to measure change from."
    )
    assert [m.reference for m in changes.must_dos_open] == ["MD2"]


def test_the_questions_a_brief_asks_of_the_evidence() -> None:
    day = dt.date(2021, 6, 1)
    jan = dt.date(2020, 1, 15)
    brief = TrustFacts(
        "RXX",
        "A trust",
        day,
        inspections=(
            InspectionFact(dt.date(2018, 11, 28), "2018", INADEQUATE, (("Caring", GOOD),)),
            InspectionFact(jan, "2019", RI, (("Caring", RI),)),
        ),
        regime=RegimeFacts("Quality special measures", dt.date(2017, 10, 1), True, 1339),
        enforcement=(EnforcementFact("Warning notice", dt.date(2021, 1, 5)),),
        must_dos=(
            MustDoFact("MD1", "a", jan, 1, dt.date(2020, 6, 30), dt.date(2020, 6, 1)),
            MustDoFact("MD2", "b", jan, 1, dt.date(2020, 6, 30), dt.date(2020, 6, 1)),
            MustDoFact("MD3", "c", jan, 1, dt.date(2020, 6, 30), overdue=True),
            MustDoFact("MD4", "d", jan, 1, dt.date(2021, 12, 31)),
            MustDoFact("MD5", "e", jan, 1, dt.date(2021, 12, 31)),
            MustDoFact("2018-1", "f", dt.date(2018, 11, 28)),
        ),
        measures=(
            MeasureFact(
                "w",
                "Waiting time",
                Variation.CONCERN,
                Assurance.NOT_ASSURED,
                dt.date(2021, 4, 30),
                True,
            ),
            MeasureFact(
                "o",
                "Out of area placements",
                Variation.NO_CHART,
                Assurance.NONE,
                dt.date(2017, 2, 28),
            ),
        ),
        commitments=(
            CommitmentFact(
                "A face-to-face meeting in January 2019",
                "NHS Improvement",
                dt.date(2018, 12, 1),
                dt.date(2019, 1, 31),
                CommitmentOutcome.OPEN,
                overdue=True,
            ),
            CommitmentFact(
                "Regular updates", "CQC", dt.date(2018, 12, 1), None, CommitmentOutcome.BROKEN
            ),
        ),
    )
    assert questions(brief) == [
        "Why was caring rated Requires improvement in January 2020, down from Good?",
        "When does the trust expect to leave Quality special measures, after about 4 years in it?",
        "What is left to do before the Warning notice (issued January 2021) can end?",
        "Why are 3 of 5 must-dos from January 2020 still open, 1 of them overdue?",
        "What became of the 1 must-do from November 2018 with no actions recorded?",
        "What is being done about waiting time, which shows special cause concern?",
        "When will waiting time meet its target? It is not assured to.",
        "Why are the latest figures of 1 measure out of date, the oldest from February 2017?",
        "Was the commitment “A face-to-face meeting in January 2019” (NHS Improvement, December "
        "2018) kept? It was due by January 2019 and is not recorded as kept.",
        "Why was the commitment “Regular updates” (CQC, December 2018) not kept?",
    ]
