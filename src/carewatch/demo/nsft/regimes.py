"""The worked example's regime decisions, as the oversight domain's `Decision`s.

Every special-measures and NHS Oversight Framework decision from February 2015 (first entry
into quality special measures) to February 2025 (segment 4 to segment 3, out of the Recovery
Support Programme), in date order: each starts from the regime the one before left the trust
in, so that together they make a legal `RegimeHistory`.

Dates: where a source gives only a month, the date is the first of that month (said beside
it). `recommended_by` and `decided_by` are roles or organisations, and empty where the
sources read do not say: who formally decided the 2017 re-entry and the 2018, 2020, 2021 and
2022 retentions is not in them (under the rules of the time NHS Improvement, later NHS
England, made special-measures decisions on CQC's recommendation), nor are the exact days of
the 2015 and 2017 entries, the 2016 exit and the 2025 move. `evidence` holds keys of
`carewatch.demo.nsft.ratings.REPORTS`.
"""

from __future__ import annotations

import datetime as dt

from carewatch.demo.nsft.sources import (
    CQC_2015,
    CQC_2017,
    CQC_2018,
    CQC_2022,
    ITV_2020,
    ITV_2021,
    NHSE_RSP,
    NHSI_2016,
    NSFT_2025_02,
)
from carewatch.demo.nsft.trust import CHIEF_INSPECTOR, CQC, MONITOR, NHSE, NHSEI, NHSI
from carewatch.domain.oversight import Decision, DecisionKind, Regime

__all__ = ["DECISIONS"]

ENTERED, EXITED, RETAINED = DecisionKind.ENTERED, DecisionKind.EXITED, DecisionKind.RETAINED
NONE, QSM = Regime.NONE, Regime.QUALITY_SPECIAL_MEASURES
SEG4, SEG3 = Regime.SEGMENT_4, Regime.SEGMENT_3

DECISIONS: tuple[Decision, ...] = (
    # The Chief Inspector's recommendation was published on 4 February 2015 and the trust
    # was referred to Monitor; Monitor's decision is dated only to February 2015 (NHE_2015).
    Decision(
        kind=ENTERED,
        regime_from=NONE,
        regime_to=QSM,
        date=dt.date(2015, 2, 1),  # February 2015: month only
        recommended_by=CHIEF_INSPECTOR,
        decided_by=MONITOR,
        rationale="Rated Inadequate overall, with safe and well-led Inadequate, after the "
        "October 2014 inspection; concerns about staff morale and visible leadership, unsafe "
        "environments (dignity, mixed-sex accommodation), staffing levels, medicines "
        "management, seclusion and restraint practice, and bed availability and out-of-area "
        "moves. The first mental health trust placed in special measures.",
        evidence=("RMY-2015-02",),
        source=CQC_2015,
    ),
    # The Chief Inspector of Hospitals who recommended exit was Sir Mike Richards. A buddy
    # trust was being sought (see `escalation`).
    Decision(
        kind=EXITED,
        regime_from=QSM,
        regime_to=NONE,
        date=dt.date(2016, 10, 1),  # October 2016: month only
        recommended_by=CHIEF_INSPECTOR,
        decided_by=NHSI,
        rationale="Rated Requires improvement after the July 2016 re-inspection; taken out of "
        "special measures after just over a year and a half, on the condition that the trust "
        "addresses outstanding safety issues.",
        conditions=(
            "Eliminate mixed-sex accommodation and ensure environmental safety",
            "Staffing levels and training",
            "Risk assessments",
            "Restrictive intervention",
            "Management of medication",
            "Improvement director retained in the short term",
        ),
        evidence=("RMY-2016-10",),
        source=NHSI_2016,
    ),
    # The Chief Inspector of Hospitals was Ted Baker; the recommendation was published on
    # 13 October 2017. The decision itself is not dated in the sources read.
    Decision(
        kind=ENTERED,
        regime_from=NONE,
        regime_to=QSM,
        date=dt.date(2017, 10, 1),  # October 2017: month only
        recommended_by=CHIEF_INSPECTOR,
        rationale="Rated Inadequate again, with safe and well-led Inadequate, after the July "
        "2017 inspection: unsafe ward environments, too few staff, risk not assessed and "
        "managed, bed shortages, a board without the information to assure itself, and "
        "concerns first raised in 2014 still unresolved. Special measures for a second time.",
        evidence=("RMY-2017-10",),
        source=CQC_2017,
    ),
    Decision(
        kind=RETAINED,
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2018, 11, 28),
        recommended_by=CHIEF_INSPECTOR,
        rationale="Rated Inadequate a third time after the September 2018 inspection: "
        "insufficient improvement, with unsafe buildings, medicines and equipment not managed "
        "safely, seclusion not properly reviewed and too few staff in some community services.",
        evidence=("RMY-2018-11",),
        source=CQC_2018,
    ),
    # Requires improvement alone is not enough to leave special measures
    # (regulatory-framework.md §5.1).
    Decision(
        kind=RETAINED,
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2020, 1, 15),
        rationale="Rated Requires improvement after the October–November 2019 inspection, "
        "but the trust remained in special measures (the only mental health trust then in "
        "special measures), with five 'must do' improvements.",
        evidence=("RMY-2020-01",),
        source=ITV_2020,
    ),
    Decision(
        kind=RETAINED,
        regime_from=QSM,
        regime_to=QSM,
        date=dt.date(2021, 1, 21),
        rationale="A focused inspection of two core services in November 2020 was not wide "
        "enough to change the trust's ratings; the trust remained in special measures and "
        "was told it still needed to improve patient safety.",
        evidence=("RMY-2021-01",),
        source=ITV_2021,
    ),
    # Special measures ended nationally and the trust was placed in segment 4: in the
    # domain's terms an exit from special measures into a segment, not a move between
    # segments. That the trust was in segment 4 is confirmed by CQC's April 2022
    # recommendation that it remain there (CQC_2022).
    Decision(
        kind=EXITED,
        regime_from=QSM,
        regime_to=SEG4,
        date=dt.date(2021, 7, 1),  # July 2021: month only
        decided_by=NHSEI,
        rationale="National change, not a judgement on the trust: the Recovery Support "
        "Programme replaced the quality and financial special measures programmes in July "
        "2021, giving trusts in NHS Oversight Framework segment 4 time-limited intensive "
        "support with exit criteria agreed at entry.",
        source=NHSE_RSP,
    ),
    Decision(
        kind=RETAINED,
        regime_from=SEG4,
        regime_to=SEG4,
        date=dt.date(2022, 4, 28),
        recommended_by=CQC,
        rationale="Rated Inadequate a fourth time after the November–December 2021 "
        "inspection, with a warning notice served; CQC recommended the trust remain in "
        "segment 4 of the oversight framework (the Recovery Support Programme).",
        evidence=("RMY-2022-04",),
        source=CQC_2022,
    ),
    Decision(
        kind=EXITED,
        regime_from=SEG4,
        regime_to=SEG3,
        date=dt.date(2025, 2, 1),  # February 2025: month only
        decided_by=NHSE,
        rationale="Moved from segment 4 to segment 3 (mandated regional support) and out of "
        "the Recovery Support Programme after more than seven years in special measures or "
        "the programme; the trust reported all of CQC's 'must do' actions completed.",
        source=NSFT_2025_02,
    ),
)
