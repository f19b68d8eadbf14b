"""The worked example's risk register: four illustrative risks of the trust's, two strategic
objectives, and the scores, controls, assurances and links a board would keep for them.

Every risk here is illustrative: the trust's own register is not public. Each is built on
what is public (the January 2020 report's must-dos, the measures of the worked example, the
M11 death of 2018) and labelled so on every page (`illustrative=True`); its scores, owners,
controls and assurances are written to show how the register works.

- `NSFT-R1` children and young people's waiting lists (SO1): linked to the must-do
  `2020-MD3`, its actions and the three CYP waits measures; scored monthly from April 2019
  to March 2021 (24 scorings, so its history is an XmR chart): 4x4 through 2019, 5x4 when
  the pandemic stopped face-to-face assessments, down to 3x4 as the recruitment landed.
- `NSFT-R2` out-of-area placements (SO1): linked to the two OAP measures and the incident
  `NSFT-2018-M11`; scored each quarter.
- `NSFT-R3` staffing of the health-based places of safety (SO2): the must-do `2020-MD5`,
  its actions and the staffing fill-rate measure.
- `NSFT-R4` estate safety on the learning-disability wards (SO2): the must-do `2020-MD1`
  and its action; down to its target once the wards were repaired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.domain.risks import (
    Assurance,
    AssuranceLine,
    AssuranceResult,
    Control,
    Gap,
    GapKind,
    ReviewFrequency,
    Risk,
    RiskCategory,
    RiskLinkKind,
    Score,
    StrategicObjective,
    Trend,
)

__all__ = ["NOTE", "OBJECTIVES", "RISKS", "DemoRisk"]

NOTE = "Illustrative scoring (worked example)."

OBJECTIVES = (
    StrategicObjective("SO1", "Give people timely care close to home", appetite="cautious"),
    StrategicObjective("SO2", "Keep people safe in our care", appetite="minimal"),
)

D = dt.date


@dataclass(frozen=True)
class DemoRisk:
    """A risk with what follows its recording: later scorings (day, score, trend), controls,
    gaps, assurances and links (kind, target)."""

    risk: Risk
    scorings: tuple[tuple[dt.date, Score, Trend | None], ...]
    controls: tuple[Control, ...]
    gaps: tuple[Gap, ...]
    assurances: tuple[Assurance, ...]
    links: tuple[tuple[RiskLinkKind, str], ...]


def _monthly(start: dt.date, scores: list[tuple[int, int]]) -> list[tuple[dt.date, Score]]:
    """One scoring on the first of each month from `start`'s month."""
    out = []
    for i, (lik, con) in enumerate(scores):
        months = start.month - 1 + i
        out.append((D(start.year + months // 12, months % 12 + 1, 1), Score(lik, con)))
    return out


# April 2019 to March 2021: the first (April 2019) is the risk's recording.
_CYP = [(4, 4)] * 11 + [(5, 4)] * 5 + [(4, 4)] * 4 + [(3, 4)] * 4
_CYP_SCORES = _monthly(D(2019, 4, 1), _CYP)


def _trend(before: Score, now: Score) -> Trend:
    if now.value < before.value:
        return Trend.REDUCING
    return Trend.INCREASING if now.value > before.value else Trend.STABLE


CYP_WAITS = DemoRisk(
    risk=Risk(
        reference="NSFT-R1",
        trust=PROVIDER_ID,
        title="Children and young people wait too long for triage, assessment and treatment",
        category=RiskCategory.QUALITY,
        owner="Service director, children, families and young people",
        executive_lead="Chief operating officer",
        committee="Quality governance committee",
        identified=_CYP_SCORES[0][0],
        initial=Score(5, 4),
        current=_CYP_SCORES[0][1],
        target=Score(2, 4),
        cause="Referrals to the children and young people's services above their staffed capacity",
        event="children and young people wait beyond the service's standards for triage, "
        "assessment and treatment",
        effect="their conditions deteriorate while they wait, and some reach crisis",
        review_frequency=ReviewFrequency.MONTHLY,
        objective="SO1",
        illustrative=True,
    ),
    scorings=tuple(
        (on, score, _trend(_CYP_SCORES[i][1], score))
        for i, (on, score) in enumerate(_CYP_SCORES[1:])
    ),
    controls=(
        Control("Weekly review of the waiting list by clinical priority"),
        Control("Duty clinician calls every family waiting beyond 12 weeks"),
    ),
    gaps=(
        Gap(GapKind.CONTROL, "Teams below establishment until the recruitment completes"),
        Gap(GapKind.ASSURANCE, "No independent audit of the waiting list's accuracy yet"),
    ),
    assurances=(
        Assurance(
            AssuranceLine.MANAGEMENT,
            AssuranceResult.POSITIVE,
            D(2020, 3, 1),
            "Monthly waiting-list report to the care group's board",
        ),
        Assurance(
            AssuranceLine.OVERSIGHT,
            AssuranceResult.NEGATIVE,
            D(2020, 7, 1),
            "Quality governance committee: waits still above the standard",
        ),
        Assurance(
            AssuranceLine.INDEPENDENT,
            AssuranceResult.POSITIVE,
            D(2021, 2, 1),
            "Internal audit of waiting-list management: reasonable assurance",
        ),
    ),
    links=(
        (RiskLinkKind.FINDING, "2020-MD3"),
        (RiskLinkKind.ACTION, "2020-MD3/A1"),
        (RiskLinkKind.ACTION, "2020-MD3/A2"),
        (RiskLinkKind.METRIC, "cyp_triage_wait"),
        (RiskLinkKind.METRIC, "cyp_assessment_wait"),
        (RiskLinkKind.METRIC, "cyp_treatment_wait"),
    ),
)

OUT_OF_AREA = DemoRisk(
    risk=Risk(
        reference="NSFT-R2",
        trust=PROVIDER_ID,
        title="Adults needing an acute bed are placed out of area",
        category=RiskCategory.PATIENT_SAFETY,
        owner="Service director, adult acute services",
        executive_lead="Chief operating officer",
        committee="Quality governance committee",
        identified=D(2019, 4, 1),
        initial=Score(5, 5),
        current=Score(4, 5),
        target=Score(2, 5),
        cause="Adult acute beds occupied above the safe level, with delayed discharges",
        event="adults needing admission are placed in hospitals far from home",
        effect="they lose contact with family and their care team, and travel long distances "
        "when unwell, as in the death on the M11 in 2018",
        objective="SO1",
        illustrative=True,
    ),
    scorings=(
        (D(2019, 7, 1), Score(4, 5), Trend.STABLE),
        (D(2019, 10, 1), Score(4, 5), Trend.STABLE),
        (D(2020, 1, 1), Score(4, 5), Trend.STABLE),
        (D(2020, 4, 1), Score(3, 5), Trend.REDUCING),
        (D(2020, 7, 1), Score(3, 5), Trend.STABLE),
        (D(2020, 10, 1), Score(3, 5), Trend.REDUCING),
        (D(2021, 1, 1), Score(3, 5), Trend.STABLE),
    ),
    controls=(
        Control("Daily bed management call across the trust's acute wards"),
        Control("Every out-of-area placement reviewed within 72 hours for a return"),
    ),
    gaps=(Gap(GapKind.CONTROL, "No alternative to admission for some crises at night"),),
    assurances=(
        Assurance(
            AssuranceLine.MANAGEMENT,
            AssuranceResult.NEGATIVE,
            D(2019, 9, 1),
            "Weekly out-of-area report: placements above plan",
        ),
        Assurance(
            AssuranceLine.OVERSIGHT,
            AssuranceResult.POSITIVE,
            D(2020, 9, 1),
            "Board report: placements down with the new crisis beds",
        ),
    ),
    links=(
        (RiskLinkKind.METRIC, "oaps_active"),
        (RiskLinkKind.METRIC, "oaps_inappropriate_bed_days"),
        (RiskLinkKind.INCIDENT, "NSFT-2018-M11"),
    ),
)

PLACES_OF_SAFETY = DemoRisk(
    risk=Risk(
        reference="NSFT-R3",
        trust=PROVIDER_ID,
        title="The health-based places of safety are not staffed to establishment",
        category=RiskCategory.WORKFORCE,
        owner="Head of nursing, crisis services",
        executive_lead="Director of nursing",
        committee="People and culture committee",
        identified=D(2020, 2, 1),
        initial=Score(4, 4),
        current=Score(4, 4),
        target=Score(2, 4),
        cause="Vacancies in the crisis teams that staff the places of safety",
        event="a person detained under section 136 is held without enough staff",
        effect="their assessment is delayed and their safety and dignity are at risk",
        objective="SO2",
        illustrative=True,
    ),
    scorings=(
        (D(2020, 5, 1), Score(4, 4), Trend.STABLE),
        (D(2020, 8, 1), Score(3, 4), Trend.REDUCING),
        (D(2020, 11, 1), Score(3, 4), Trend.STABLE),
        (D(2021, 2, 1), Score(2, 4), Trend.REDUCING),
    ),
    controls=(Control("Places of safety staffed from the crisis team's rota on every shift"),),
    gaps=(),
    assurances=(
        Assurance(
            AssuranceLine.MANAGEMENT,
            AssuranceResult.POSITIVE,
            D(2020, 10, 1),
            "Monthly fill-rate report to the crisis services' governance meeting",
        ),
    ),
    links=(
        (RiskLinkKind.FINDING, "2020-MD5"),
        (RiskLinkKind.ACTION, "2020-MD5/A1"),
        (RiskLinkKind.ACTION, "2020-MD5/A3"),
        (RiskLinkKind.METRIC, "pos_staffing_fill_rate"),
    ),
)

LD_ESTATE = DemoRisk(
    risk=Risk(
        reference="NSFT-R4",
        trust=PROVIDER_ID,
        title="The learning-disability wards' environments are not safe",
        category=RiskCategory.PATIENT_SAFETY,
        owner="Head of estates",
        executive_lead="Director of finance and estates",
        committee="Quality governance committee",
        identified=D(2020, 2, 1),
        initial=Score(4, 5),
        current=Score(3, 5),
        target=Score(1, 5),
        cause="Ageing ward buildings with ligature points and worn fittings",
        event="a patient is harmed by the ward's environment",
        effect="serious injury or death",
        objective="SO2",
        illustrative=True,
    ),
    scorings=(
        (D(2020, 5, 1), Score(3, 5), Trend.STABLE),
        (D(2020, 8, 1), Score(2, 5), Trend.REDUCING),
        (D(2020, 11, 1), Score(1, 5), Trend.REDUCING),
    ),
    controls=(
        Control("Environmental ligature risk assessment of every ward, reviewed yearly"),
        Control("Repairs to the learning-disability wards tracked weekly by estates"),
    ),
    gaps=(),
    assurances=(
        Assurance(
            AssuranceLine.OVERSIGHT,
            AssuranceResult.POSITIVE,
            D(2020, 10, 1),
            "Health and safety committee: survey and repairs complete",
        ),
    ),
    links=(
        (RiskLinkKind.FINDING, "2020-MD1"),
        (RiskLinkKind.ACTION, "2020-MD1/A1"),
    ),
)

RISKS = (CYP_WAITS, OUT_OF_AREA, PLACES_OF_SAFETY, LD_ESTATE)
