"""Load NSFT's oversight history (`carewatch.demo.nsft_oversight`) through the services.

The facts are written as the sources give them; this module only translates them into the
oversight service's writers. Where a source gives no date for when something falls due
beyond a month, the end of that month is the deadline (a promise "in January" is kept if it
happens by 31 January). Records the writers cannot take without inventing a fact are left
out and listed in `SKIPPED`.
"""

from __future__ import annotations

import calendar
import datetime as dt

from carewatch.demo import nsft, nsft_oversight
from carewatch.domain.oversight.enforcement import RequirementStatus, WarningRequirement
from carewatch.domain.oversight.engagement import Participant
from carewatch.domain.oversight.escalation import StakeholderPosition
from carewatch.services import oversight
from carewatch.store.database import Database

__all__ = ["SKIPPED", "load_nsft_oversight"]

NOT_RECORDED = "a party not named in the sources"

SKIPPED = (
    "The requirement notices that remained in force in 2023: the sources name neither the "
    "regulations breached nor the dates they were issued.",
)

_REQUIREMENT_STATUS = {
    "met": RequirementStatus.COMPLIED,
    "not_met": RequirementStatus.NOT_COMPLIED,
    "no_longer_active": RequirementStatus.NO_LONGER_ACTIVE,
    "active": RequirementStatus.ACTIVE,
}


def _end_of_month(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _kind(decision: nsft_oversight.RegimeDecision) -> str:
    """The domain's word for the decision: special measures ending in July 2021 with the
    trust placed in segment 4 is an exit from special measures, not a move between
    segments."""
    if decision.kind == "segment_changed" and not decision.regime_from.startswith("segment"):
        return "exited"
    return decision.kind


def _decisions(db: Database) -> int:
    for d in nsft_oversight.REGIME_DECISIONS:
        oversight.record_regime_decision(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            kind=_kind(d),
            regime_from=d.regime_from,
            regime_to=d.regime_to,
            date=d.date,
            recommended_by=d.recommended_by or "",  # unknown: left out of the timeline
            decided_by=d.decided_by or "",
            rationale=d.rationale,
            conditions=d.conditions,
            evidence=d.evidence,
            source=d.source,
        )
    return len(nsft_oversight.REGIME_DECISIONS)


def _enforcement(db: Database) -> int:
    loaded = 0
    for record in nsft_oversight.ENFORCEMENT:
        if record.kind != "section_29a_warning_notice" or record.issued is None:
            continue
        requirements = [
            WarningRequirement(
                text=r.text,
                deadline=r.deadline,
                status=_REQUIREMENT_STATUS[r.status],
                decided=None if r.status == "active" else record.closed,
            )
            for r in record.requirements
        ]
        oversight.record_warning_notice(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            issued=record.issued,
            requirements=requirements,
            summary="risk of harm; deterioration in quality and safety",
            source=record.source,
        )
        loaded += 1
    return loaded


def _escalations(db: Database) -> int:
    for e in nsft_oversight.ESCALATIONS:
        oversight.record_escalation(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            option=e.option,
            proposed_by=e.proposed_by or NOT_RECORDED,
            date=e.date,
            outcome=e.outcome,
            # The sources name a role or an organisation, not both.
            positions=[StakeholderPosition(who, "", position) for who, position in e.positions],
            detail=e.notes,
            source=e.source,
        )
    return len(nsft_oversight.ESCALATIONS)


def _meetings(db: Database) -> int:
    for m in nsft_oversight.MEETINGS:
        oversight.record_meeting(
            db=db,
            provider_id=nsft.PROVIDER_ID,
            date=m.date,
            format=m.kind,
            title=m.subject,
            participants=[Participant(p.role, p.organisation) for p in m.participants],
            absent=[Participant("", who) for who in m.absent],
            source=m.source,
        )
        for s in m.statements:
            oversight.record_statement(
                db=db,
                provider_id=nsft.PROVIDER_ID,
                who=s.speaker,
                organisation="House of Commons",
                date=m.date,
                text=s.position,
                source=s.source,
            )
        for c in (c for c in nsft_oversight.COMMITMENTS if c.meeting == m.key):
            due = c.due
            if due is not None and c.due_is_approximate:
                due = _end_of_month(due)
            oversight.record_commitment(
                db=db,
                provider_id=nsft.PROVIDER_ID,
                what=c.text,
                by=c.committed_by or NOT_RECORDED,
                made_on=m.date,
                due=due,
                meeting_title=m.subject,
                source=c.source,
            )
    return len(nsft_oversight.MEETINGS)


def load_nsft_oversight(*, db: Database) -> int:
    """Load the worked example's regime decisions, enforcement, escalations and meetings;
    return how many records were given to the services. Loading twice changes nothing."""
    return _decisions(db) + _enforcement(db) + _escalations(db) + _meetings(db)
