"""The worked example's oversight record through the oversight service's writers: regime
decisions, the warning notice, escalations, and the meeting with what was said and promised
at it. Each writer is idempotent on its natural key, so loading twice changes nothing."""

from __future__ import annotations

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import PROVIDER_ID
from carewatch.demo.nsft.enforcement import WARNING_NOTICES
from carewatch.demo.nsft.engagement import MEETINGS
from carewatch.demo.nsft.escalation import ESCALATIONS
from carewatch.demo.nsft.regimes import DECISIONS
from carewatch.services import oversight
from carewatch.store.database import Database

__all__ = ["load_oversight"]


def load_oversight(*, db: Database) -> None:
    """Record the worked example's decisions, enforcement, escalations and meetings."""
    for d in DECISIONS:
        oversight.record_regime_decision(
            db=db,
            provider_id=PROVIDER_ID,
            kind=d.kind,
            regime_from=d.regime_from,
            regime_to=d.regime_to,
            date=d.date,
            recommended_by=d.recommended_by,
            decided_by=d.decided_by,
            rationale=d.rationale,
            conditions=d.conditions,
            evidence=d.evidence,
            source=d.source,
            actor=DEMO_OPERATOR,
        )
    for notice in WARNING_NOTICES:
        oversight.record_warning_notice(
            db=db,
            provider_id=PROVIDER_ID,
            issued=notice.issued,
            requirements=notice.requirements,
            summary=notice.summary,
            source=notice.source,
            actor=DEMO_OPERATOR,
        )
    for e in ESCALATIONS:
        oversight.record_escalation(
            db=db,
            provider_id=PROVIDER_ID,
            option=e.option,
            proposed_by=e.proposed_by,
            date=e.date,
            outcome=e.outcome,
            positions=e.positions,
            detail=e.detail,
            source=e.source,
            actor=DEMO_OPERATOR,
        )
    for record in MEETINGS:
        m = record.meeting
        oversight.record_meeting(
            db=db,
            provider_id=PROVIDER_ID,
            date=m.date,
            format=m.format,
            title=m.title,
            participants=m.participants,
            absent=m.absent,
            source=m.source,
            actor=DEMO_OPERATOR,
        )
        for s in record.statements:
            oversight.record_statement(
                db=db,
                provider_id=PROVIDER_ID,
                who=s.who,
                organisation=s.organisation,
                date=s.date,
                text=s.text,
                source=s.source,
                actor=DEMO_OPERATOR,
            )
        for c in record.commitments:
            oversight.record_commitment(
                db=db,
                provider_id=PROVIDER_ID,
                what=c.what,
                by=c.by,
                made_on=c.made_on,
                due=c.due,
                meeting_title=m.title,
                source=c.source,
                actor=DEMO_OPERATOR,
            )
