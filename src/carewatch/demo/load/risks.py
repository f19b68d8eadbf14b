"""The worked example's risk register through the risks service: the trust's two strategic
objectives, its four illustrative risks with their scorings, controls, gaps, assurances and
links, and the publication of its public summary. Loading twice changes nothing: every
writer of the service is idempotent on its natural key (an objective by code, a risk by
reference, a scoring by day, an assurance by line, day and words, a link by its target)."""

from __future__ import annotations

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import risks as facts
from carewatch.demo.nsft.trust import PROVIDER_ID
from carewatch.services import risks
from carewatch.store.database import Database

__all__ = ["load_risks"]


def load_risks(*, db: Database) -> int:
    """Load the worked example's register; return how many risks were stored anew."""
    for objective in facts.OBJECTIVES:
        risks.record_objective(db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, objective=objective)
    new = 0
    for item in facts.RISKS:
        stored = risks.record_risk(
            db=db, actor=DEMO_OPERATOR, risk=item.risk, controls=item.controls, gaps=item.gaps
        )
        new += stored.outcome is risks.Outcome.NEW
        reference = item.risk.reference
        for on, score, trend in item.scorings:
            risks.score_risk(
                db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference,
                score=score, on=on, trend=trend, note=facts.NOTE,
            )  # fmt: skip
        for assurance in item.assurances:
            risks.assure_risk(
                db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference,
                assurance=assurance,
            )  # fmt: skip
        for kind, target in item.links:
            risks.link_risk(
                db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, reference=reference, kind=kind,
                target=target,
            )  # fmt: skip
    risks.publish_risk_summary(db=db, actor=DEMO_OPERATOR, trust=PROVIDER_ID, publish=True)
    return new
