"""The worked example's improvement plan through the plan service's writers: the findings,
then each action with its milestones, recurring evidence, measures of success, evidence and
verdicts and moves, then the monthly overdue check. Loading twice changes nothing: the
writers are idempotent on their natural keys, and moves already made and verdicts already
given are not made again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.demo.load.accounts import DEMO_OPERATOR
from carewatch.demo.nsft import PROVIDER_ID
from carewatch.demo.nsft.actions import ACTIONS, ESCALATION_RUNS
from carewatch.demo.nsft.findings import FINDINGS
from carewatch.demo.nsft.illustrative import NOTES
from carewatch.demo.records import PlannedAction
from carewatch.services import plans
from carewatch.services.metrics import metric_catalogue, seed_catalogue
from carewatch.store.database import Database

__all__ = ["PlanDemoSummary", "load_plan"]


@dataclass(frozen=True)
class PlanDemoSummary:
    findings: int
    actions: int
    escalations: int
    unlinked_metrics: tuple[str, ...]


def load_plan(*, db: Database) -> PlanDemoSummary:
    """Record the findings and the illustrative actions. The metrics catalogue is seeded
    first, so each action's measure of success can be linked; a code it does not hold is
    left unlinked and returned."""
    seed_catalogue(db, actor=DEMO_OPERATOR)
    for f in FINDINGS:
        plans.record_finding(
            db=db,
            provider_id=PROVIDER_ID,
            reference=f.reference,
            kind=f.kind,
            report_words=f.report_words,
            public_summary=f.public_summary,
            regulation=f.regulation,
            core_services=f.core_services,
            key_question=f.key_question_given,
            report_date=f.report_date,
            report_link_id=f.report_link_id,
            illustrative=f.illustrative,
            source=f.source,
            actor=DEMO_OPERATOR,
        )
    known = {metric.code for metric in metric_catalogue(db=db)}
    for planned in ACTIONS:
        a = planned.action
        action_id = plans.record_action(
            db=db,
            provider_id=PROVIDER_ID,
            finding_reference=planned.finding,
            reference=a.reference,
            title=a.title,
            owner_role=a.owner.role,
            owner_person=a.owner.person,
            owner_is_board_member=a.owner.board_member,
            executive_lead=a.executive_lead,
            priority=a.priority,
            opened=a.opened,
            due=a.due,
            legal_deadline=a.legal_deadline,
            notes=NOTES,
            illustrative=a.illustrative,
            actor=DEMO_OPERATOR,
        )
        _details(db, action_id, planned, known)
    escalations = sum(
        len(plans.escalate_overdue(db=db, provider_id=PROVIDER_ID, as_of=day, actor=DEMO_OPERATOR))
        for day in ESCALATION_RUNS
    )
    unlinked = {link.metric_code for p in ACTIONS for link in p.metrics} - known
    return PlanDemoSummary(len(FINDINGS), len(ACTIONS), escalations, tuple(sorted(unlinked)))


def _details(db: Database, action_id: int, planned: PlannedAction, known: set[str]) -> None:
    for m in planned.milestones:
        plans.add_milestone(
            db=db,
            action_id=action_id,
            title=m.title,
            due=m.due,
            done_on=m.done_on,
            actor=DEMO_OPERATOR,
        )
    if (s := planned.schedule) is not None:
        plans.set_evidence_schedule(
            db=db,
            action_id=action_id,
            frequency=s.frequency,
            starts_on=s.starts_on,
            grace_days=s.grace_days,
            ends_on=s.ends_on,
            description=s.description,
            actor=DEMO_OPERATOR,
        )
    for link in planned.metrics:
        if link.metric_code in known:
            plans.link_metric(
                db=db,
                action_id=action_id,
                metric_code=link.metric_code,
                target=link.target,
                direction=link.direction,
                actor=DEMO_OPERATOR,
            )
    for piece in planned.evidence:
        e = piece.upload
        added = plans.add_evidence(
            db=db,
            action_id=action_id,
            kind=e.kind,
            supplied_by=e.supplied_by,
            uploaded_at=e.uploaded_at,
            effective_from=e.effective_from,
            effective_to=e.effective_to,
            title=e.title,
            note=e.note,
            url=e.url,
            content=e.content,
            filename=e.filename,
            media_type=e.media_type,
            actor=DEMO_OPERATOR,
        )
        # A verdict is never replaced, so one given on an earlier load is not given again.
        if (v := piece.verdict) is not None and added.created:
            plans.verify_evidence(
                db=db,
                evidence_id=added.evidence_id,
                accepted=v.accepted,
                by=v.by,
                on=v.on,
                note=v.note,
                actor=DEMO_OPERATOR,
            )
    made = len(plans.action_detail(db=db, action_id=action_id, as_of=dt.date.max).history)
    for move in planned.moves[made:]:
        plans.move_action(
            db=db,
            action_id=action_id,
            to=move.to,
            on=move.on,
            by=move.by,
            reason=move.reason,
            actor=DEMO_OPERATOR,
        )
