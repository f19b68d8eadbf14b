"""Is this trust getting better? Small worlds, each with the verdict and the sentences worked
out by hand from the rule in docs/overview.md:

1. not enough evidence: fewer than three parts have evidence, or none of ratings, must-dos
   and measures has any;
2. getting worse: the latest inspection rated the trust worse than the one before;
3. improving: some part better, none worse;
4. mixed: some better, some worse;
5. not yet improving: none better.

A part with nothing recorded, or a latest figure more than six months old, is missing and
says so in words."""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.overview import (
    Assurance,
    CommitmentFact,
    CommitmentOutcome,
    Direction,
    EnforcementFact,
    FeedbackFacts,
    IncidentFacts,
    InspectionFact,
    InvalidFacts,
    MeasureFact,
    MustDoFact,
    RegimeFacts,
    RegimeMove,
    ThemeFact,
    Topic,
    TrustFacts,
    Variation,
    Verdict,
    build_overview,
)

DAY = dt.date(2021, 6, 1)
JAN_2020 = dt.date(2020, 1, 15)
RI, INADEQUATE, GOOD = "Requires improvement", "Inadequate", "Good"


def inspection(day: str, overall: str | None, **kqs: str) -> InspectionFact:
    return InspectionFact(
        dt.date.fromisoformat(day),
        "report",
        overall,
        tuple((k.replace("_", "-").capitalize(), v) for k, v in kqs.items()),
    )


BETTER_RATINGS = (
    inspection("2018-11-28", INADEQUATE, safe=INADEQUATE, well_led=INADEQUATE),
    inspection("2020-01-15", RI, safe=RI, well_led=RI),
)
WORSE_RATINGS = (
    inspection("2018-11-28", RI, safe=RI, caring=GOOD),
    inspection("2020-01-15", INADEQUATE, safe=INADEQUATE, caring=GOOD),
)
SAME_RATINGS = (inspection("2018-11-28", RI, safe=RI), inspection("2020-01-15", RI, safe=RI))


def must_do(
    n: int, *, met: str | None = None, overdue: bool = False, actions: int = 1
) -> MustDoFact:
    return MustDoFact(
        f"MD{n}",
        "Fix it",
        JAN_2020,
        actions,
        dt.date(2020, 12, 31),
        dt.date.fromisoformat(met) if met else None,
        overdue,
    )


def world(**kwargs: object) -> TrustFacts:
    kwargs.setdefault("as_of", DAY)
    return TrustFacts("RXX", "A trust", **kwargs)  # type: ignore[arg-type]


WORLDS = [
    # (name, world, verdict, headline)
    (
        "nothing recorded",
        world(),
        Verdict.NOT_ENOUGH_EVIDENCE,
        "Not enough evidence to say: 2 of the 8 parts of the evidence are recorded and up to date.",
    ),
    (
        "ratings better, nothing else worse",
        world(inspections=BETTER_RATINGS),
        Verdict.IMPROVING,
        "Improving: better on ratings, and nothing shows things getting worse. Missing or out "
        "of date: must-dos, measures, commitments, incidents and feedback.",
    ),
    (
        "ratings worse outrank must-dos met",
        world(inspections=WORSE_RATINGS, must_dos=(must_do(1, met="2020-06-01"),)),
        Verdict.GETTING_WORSE,
        "Getting worse: CQC's latest inspection rated the trust worse than the one before. "
        "Missing or out of date: measures, commitments, incidents and feedback.",
    ),
    (
        "ratings better, still in special measures",
        world(
            inspections=BETTER_RATINGS,
            regime=RegimeFacts("Quality special measures", dt.date(2017, 10, 1), True, 1339),
        ),
        Verdict.MIXED,
        "Mixed: better on ratings; worse on oversight regime. Missing or out of date: "
        "must-dos, measures, commitments, incidents and feedback.",
    ),
    (
        "ratings the same, a must-do overdue",
        world(inspections=SAME_RATINGS, must_dos=(must_do(1, overdue=True), must_do(2))),
        Verdict.NOT_YET_IMPROVING,
        "Not yet improving: worse on must-dos, and nothing yet shows improvement. Missing or "
        "out of date: measures, commitments, incidents and feedback.",
    ),
    (
        "ratings the same, must-dos open on time",
        world(inspections=SAME_RATINGS, must_dos=(must_do(1),)),
        Verdict.NOT_YET_IMPROVING,
        "Not yet improving: nothing in the evidence shows improvement yet. Missing or out of "
        "date: measures, commitments, incidents and feedback.",
    ),
    (
        "only regime and enforcement: no part that shows a trend",
        world(enforcement=(EnforcementFact("Warning notice", dt.date(2021, 1, 1)),)),
        Verdict.NOT_ENOUGH_EVIDENCE,
        "Not enough evidence to say: 2 of the 8 parts of the evidence are recorded and up to date.",
    ),
]


@pytest.mark.parametrize(
    ("facts", "verdict", "headline"), [w[1:] for w in WORLDS], ids=[w[0] for w in WORLDS]
)
def test_the_verdict_and_its_headline(facts: TrustFacts, verdict: Verdict, headline: str) -> None:
    overview = build_overview(facts)
    assert overview.verdict is verdict
    assert overview.headline == headline


def part(facts: TrustFacts, topic: Topic) -> tuple[Direction, str, tuple[str, ...]]:
    e = build_overview(facts).part(topic)
    return e.direction, e.sentence, e.notes


def test_ratings_compare_the_last_two_overall_ratings_and_the_key_questions() -> None:
    assert part(world(inspections=BETTER_RATINGS), Topic.RATINGS) == (
        Direction.BETTER,
        "Rated Requires improvement overall in January 2020, better than Inadequate in "
        "November 2018. At the latest report (January 2020), safe rose from Inadequate to "
        "Requires improvement and well-led rose from Inadequate to Requires improvement.",
        (),
    )


def test_a_well_led_only_assessment_leaves_the_overall_to_the_last_two_that_gave_one() -> None:
    facts = world(
        as_of=dt.date(2026, 1, 1),
        inspections=(*BETTER_RATINGS, inspection("2025-10-22", None, well_led=RI)),
        next_inspection_due=dt.date(2022, 1, 15),
    )
    assert part(facts, Topic.RATINGS) == (
        Direction.BETTER,
        "The latest report (October 2025) gave no overall rating. Rated Requires improvement "
        "overall in January 2020, better than Inadequate in November 2018. At the latest "
        "report (October 2025), well-led stayed Requires improvement.",
        ("CQC's next inspection was due by January 2022; no later report is recorded.",),
    )


def test_one_inspection_cannot_be_compared() -> None:
    assert part(world(inspections=BETTER_RATINGS[1:]), Topic.RATINGS)[:2] == (
        Direction.MISSING,
        "Only one report is recorded (Requires improvement overall, January 2020): there is "
        "nothing to compare it with.",
    )


def test_time_in_a_regime_in_words_never_in_days() -> None:
    exit_ = RegimeMove(dt.date(2025, 2, 1), "NHS Oversight Framework segment 4",
                       "NHS Oversight Framework segment 3", True, False)  # fmt: skip
    regime = RegimeFacts(
        "NHS Oversight Framework segment 3", dt.date(2025, 2, 1), False, 3288, (exit_,)
    )
    assert part(world(as_of=dt.date(2026, 12, 7), regime=regime), Topic.REGIME)[:2] == (
        Direction.BETTER,
        "Left intensive support in February 2025, after about 9 years in intensive support "
        "(special measures or the Recovery Support Programme); now in NHS Oversight Framework "
        "segment 3.",
    )
    # Three years on, leaving is history, not a sign of improvement.
    assert part(world(as_of=dt.date(2028, 3, 1), regime=regime), Topic.REGIME) == (
        Direction.NEUTRAL,
        "In NHS Oversight Framework segment 3 since February 2025 (about 3 years). It left "
        "intensive support in February 2025, after about 9 years in it.",
        (),
    )


def test_enforcement_in_force_is_worse_and_one_that_ended_is_named() -> None:
    notice = EnforcementFact("Section 29A warning notice", dt.date(2021, 4, 28))
    assert part(world(enforcement=(notice,)), Topic.ENFORCEMENT)[:2] == (
        Direction.WORSE,
        "1 enforcement action in force: Section 29A warning notice (issued April 2021).",
    )
    ended = EnforcementFact(
        "Section 29A warning notice", dt.date(2020, 4, 28), dt.date(2021, 2, 23)
    )
    assert part(world(enforcement=(ended,)), Topic.ENFORCEMENT)[:2] == (
        Direction.NEUTRAL,
        "No enforcement action is in force. The last to end, Section 29A warning notice "
        "(issued April 2020), ended in February 2021.",
    )


def test_must_dos_met_late_open_overdue_and_unknown() -> None:
    dos = (
        must_do(1, met="2020-12-01"),
        must_do(2, met="2021-03-01"),  # after its deadline of 31 December 2020
        must_do(3, overdue=True),
        must_do(4),
        MustDoFact("2018-T1", "Old", dt.date(2018, 11, 28)),
        MustDoFact("2015-T1", "Older", dt.date(2015, 2, 4)),
    )
    assert part(world(must_dos=dos), Topic.MUST_DOS) == (
        Direction.WORSE,
        "Of 4 must-dos from January 2020 with actions recorded: 1 met on time, 1 met late, "
        "1 open and 1 overdue.",
        (
            "2 must-dos from February 2015 to November 2018 have no actions recorded, so "
            "whether they were met is not known.",
        ),
    )
    assert part(world(must_dos=dos[:2]), Topic.MUST_DOS)[0] is Direction.BETTER


def measure(code: str, variation: Variation, latest: str, *, linked: bool = True) -> MeasureFact:
    return MeasureFact(
        code, code.replace("_", " ").capitalize(), variation, Assurance.NOT_ASSURED,
        dt.date.fromisoformat(latest), linked,
    )  # fmt: skip


def test_measures_count_only_linked_figures_from_the_last_six_months() -> None:
    measures = (
        measure("wait", Variation.IMPROVEMENT, "2021-04-30"),
        measure("staffing", Variation.IMPROVEMENT, "2021-03-31"),
        measure("records", Variation.CONCERN, "2020-10-31"),  # seven months old: stale
        measure("out_of_area_placements", Variation.COMMON_CAUSE, "2017-02-28", linked=False),
    )
    assert part(world(measures=measures), Topic.MEASURES) == (
        Direction.BETTER,
        "Of 3 measures linked to must-dos: 2 improving, 1 concerning and 0 without a "
        "significant change; against their targets 0 assured, 3 not assured and 0 hit and miss.",
        (
            "1 linked measure has no figure since October 2020 and does not count towards "
            "the verdict.",
            "The latest out of area placements figure is from February 2017.",
        ),
    )
    stale = (measure("records", Variation.CONCERN, "2020-10-31"),)
    assert part(world(measures=stale), Topic.MEASURES)[0] is Direction.MISSING


def test_commitments_broken_or_overdue_are_worse_kept_ones_better() -> None:
    made = dt.date(2018, 12, 1)
    due = dt.date(2019, 1, 31)
    kept = CommitmentFact("Regular updates", "NHS Improvement", made, None, CommitmentOutcome.KEPT)
    late = CommitmentFact("A meeting", "CQC", made, due, CommitmentOutcome.OPEN, overdue=True)
    assert part(world(commitments=(kept,)), Topic.COMMITMENTS)[:2] == (
        Direction.BETTER,
        "Of 1 public commitment: 1 kept, 0 kept late, 0 broken and 0 not recorded as kept.",
    )
    assert part(world(commitments=(kept, late)), Topic.COMMITMENTS)[:2] == (
        Direction.WORSE,
        "Of 2 public commitments: 1 kept, 0 kept late, 0 broken and 1 not recorded as kept "
        "(1 of them past their due date).",
    )
    assert part(world(), Topic.COMMITMENTS)[:2] == (
        Direction.MISSING,
        "No public commitments are recorded.",
    )


def test_incidents_point_neither_way_and_an_old_record_is_missing() -> None:
    fresh = IncidentFacts("120", dt.date(2021, 5, 1), (("written candour", "fewer than 5"),))
    assert part(world(incidents=fresh), Topic.INCIDENTS) == (
        Direction.NEUTRAL,
        "120 incidents reported, the latest in May 2021. Duty deadlines missed: written "
        "candour (fewer than 5).",
        (),
    )
    old = IncidentFacts("501", dt.date(2020, 3, 1))
    assert part(world(incidents=old), Topic.INCIDENTS)[::2] == (
        Direction.MISSING,
        ("No incident reported since March 2020 is recorded: the record is out of date.",),
    )


def test_feedback_by_its_top_themes_signals() -> None:
    themes = (
        ThemeFact("Timeliness of care", 40, 0.6, Variation.CONCERN),
        ThemeFact("Staff attitude", 30, 0.2, Variation.COMMON_CAUSE),
    )
    fb = FeedbackFacts(70, 30, 60, dt.date(2021, 5, 20), themes)
    assert part(world(feedback=fb), Topic.FEEDBACK)[:2] == (
        Direction.WORSE,
        "70 comments, 50% of those with a sentiment negative, the latest in May 2021. More "
        "negative comments about Timeliness of care.",
    )


def test_a_snapshot_refuses_what_happened_after_its_day() -> None:
    with pytest.raises(InvalidFacts, match="after the snapshot's day"):
        world(must_dos=(MustDoFact("MD1", "Fix", dt.date(2022, 1, 1)),))
    with pytest.raises(InvalidFacts, match="oldest first"):
        world(inspections=tuple(reversed(BETTER_RATINGS)))
