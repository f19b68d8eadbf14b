"""A small risk register for the web tests, stored through the risks service.

A trust of its own, RXR, made up for these tests (the worked example gives its own trust a
register of its own), with one must-do (RR-MD1) whose action A1 (Ward manager, due 31 March
2021) is open, and two strategic objectives:

    SO1  Deliver timely care (cautious)      SO2  Keep the estate safe (minimal)

    R1  quality         under SO1  identified 2019-04-01  initial 5x4, target 2x4, quarterly
        scored monthly from 4x4 (April 2019) to 3x4 = 12, high (April 2020): 13 scorings,
        so an XmR chart; linked to RR-MD1/A1; a management (positive) and an independent
        (negative) assurance; a control and a gap in assurance. Next review 1 July 2020.
    R2  patient_safety  under SO2  identified 2020-01-15  initial 5x4, 4x4 = 16 (extreme),
        target 1x4, quarterly: no action, no assurance, and its review (15 April 2020)
        overdue, so the validator finds all three.
    R3  finance         no objective  identified 2020-02-01  1x2 = 2 (low), at its target,
        reviewed annually.

On 30 June 2020 (`AS_OF`) the heat map holds one risk at 3x4, one at 4x4 and one at 1x2.
The register is not published until a test publishes it.
"""

from __future__ import annotations

import datetime as dt

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
    Score,
    StrategicObjective,
)
from carewatch.services import plans, risks
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR

__all__ = [
    "AS_OF",
    "CAUSE",
    "R1_TITLE",
    "R2_TITLE",
    "TRUST",
    "add_register",
    "add_risks",
]

TRUST = "RXR"
AS_OF = dt.date(2020, 6, 30)
R1_TITLE = "Children and young people wait too long for treatment"
R2_TITLE = "Ligature points on the older wards"
CAUSE = "Demand for the children's services above their capacity"
R1_SCORES = [(4, 4)] * 3 + [(3, 4)] * 4 + [(4, 4), (3, 4)] * 2 + [(3, 4), (3, 4)]
"""R1's 13 monthly scorings from April 2019 (4x4) to April 2020 (3x4)."""


def _risk(reference: str, **values: object) -> Risk:
    return Risk(reference=reference, trust=TRUST, **values)  # type: ignore[arg-type]


def add_register(db: Database) -> None:
    """The trust RXR and its register above."""
    record_provider(
        db=db, actor=OPERATOR, provider_id=TRUST, name="Risk Test NHS Trust",
        trust_type="mental_health",
    )  # fmt: skip
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id=TRUST, reference="RR-MD1", kind="must_do",
        report_words="The trust must reduce waiting times for children and young people.",
        regulation="12", report_date=dt.date(2019, 3, 1),
    )  # fmt: skip
    plans.record_action(
        db=db, actor=OPERATOR, provider_id=TRUST, finding_reference="RR-MD1", reference="A1",
        title="Recruit to the children's teams", owner_role="Ward manager",
        opened=dt.date(2019, 4, 1), due=dt.date(2021, 3, 31),
    )  # fmt: skip
    for code, title, appetite in (
        ("SO1", "Deliver timely care", "cautious"),
        ("SO2", "Keep the estate safe", "minimal"),
    ):
        risks.record_objective(
            db=db, actor=OPERATOR, trust=TRUST,
            objective=StrategicObjective(code, title, appetite=appetite),
        )  # fmt: skip
    risks.record_risk(
        db=db, actor=OPERATOR,
        risk=_risk(
            "R1", title=R1_TITLE, category=RiskCategory.QUALITY, owner="Director of operations",
            executive_lead="Chief operating officer", committee="Quality committee",
            identified=dt.date(2019, 4, 1), initial=Score(5, 4), current=Score(4, 4),
            target=Score(2, 4), cause=CAUSE, event="children wait beyond 18 weeks",
            effect="their conditions worsen", objective="SO1",
        ),
        controls=[Control("Weekly waiting-list review")],
        gaps=[Gap(GapKind.ASSURANCE, "No audit of the waiting list's accuracy")],
    )  # fmt: skip
    for month, (lik, con) in enumerate(R1_SCORES[1:], start=1):
        on = dt.date(2019 + (3 + month) // 12, (3 + month) % 12 + 1, 1)
        risks.score_risk(
            db=db, actor=OPERATOR, trust=TRUST, reference="R1", score=Score(lik, con), on=on
        )
    risks.link_risk(
        db=db, actor=OPERATOR, trust=TRUST, reference="R1", kind="action", target="RR-MD1/A1"
    )
    for line, result, on, words in (
        (AssuranceLine.MANAGEMENT, AssuranceResult.POSITIVE, dt.date(2020, 3, 1),
         "Weekly waiting-list report to the operations board"),
        (AssuranceLine.INDEPENDENT, AssuranceResult.NEGATIVE, dt.date(2020, 5, 1),
         "Internal audit of waiting-list management: limited assurance"),
    ):  # fmt: skip
        risks.assure_risk(
            db=db, actor=OPERATOR, trust=TRUST, reference="R1",
            assurance=Assurance(line, result, on, words),
        )  # fmt: skip
    risks.record_risk(
        db=db, actor=OPERATOR,
        risk=_risk(
            "R2", title=R2_TITLE, category=RiskCategory.PATIENT_SAFETY, owner="Head of estates",
            identified=dt.date(2020, 1, 15), initial=Score(5, 4), current=Score(4, 4),
            target=Score(1, 4), objective="SO2",
        ),
    )  # fmt: skip
    add_risks(db, 3, 1)


def add_risks(db: Database, start: int, count: int) -> None:
    """`count` low finance risks R<start>... at their target (1x2), identified 1 February
    2020 and reviewed annually: what a register has many of."""
    for n in range(start, start + count):
        risks.record_risk(
            db=db, actor=OPERATOR,
            risk=_risk(
                f"R{n}", title=f"Overspend on agency staff, budget line {n}",
                category=RiskCategory.FINANCE, owner="Director of finance",
                identified=dt.date(2020, 2, 1), initial=Score(2, 2), current=Score(1, 2),
                target=Score(1, 2), review_frequency=ReviewFrequency.ANNUALLY,
            ),
        )  # fmt: skip
