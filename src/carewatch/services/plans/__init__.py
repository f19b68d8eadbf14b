"""The improvement plan service: the only code that writes findings, actions, their moves,
milestones, evidence, schedules, metric links and escalations, and the readers every surface
uses. Routes, the CLI, exports and other areas import from here, never from the modules
inside.

Example::

    fid = record_finding(db=db, provider_id="RMY", reference="2020-MD1", kind="must_do",
                         regulation="15", report_words="The trust must ensure ...")
    aid = record_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                        reference="A1", title="Refurbish the ward", owner_role="Matron",
                        opened=dt.date(2020, 2, 1), due=dt.date(2020, 9, 30))
    move_action(db=db, action_id=aid, to="in_progress", on=dt.date(2020, 2, 3), by="Matron")
    improvement_plan(db=db, provider_id="RMY", as_of=dt.date(2020, 10, 1))
"""

from carewatch.domain.plans import DEFAULT_GRACE_DAYS, DEFAULT_RULES, PlanRules
from carewatch.services.plans.commands import (
    add_milestone,
    escalate_overdue,
    link_metric,
    move_action,
    record_action,
    set_evidence_schedule,
)
from carewatch.services.plans.commands_evidence import (
    DEFAULT_MEDIA_TYPE,
    add_evidence,
    received_at,
    verify_evidence,
)
from carewatch.services.plans.commands_findings import record_finding, record_findings
from carewatch.services.plans.models import (
    ActionDetail,
    ActionSummary,
    ChangeView,
    DueDateMove,
    EnforcementLink,
    EscalationRecord,
    EvidenceAdded,
    EvidenceFile,
    EvidenceView,
    FindingView,
    HistoryEntry,
    ImprovementPlan,
    MetricLink,
    MilestoneView,
    PlanFinding,
    PublicAction,
    PublicMustDo,
    PublicPlan,
    TimelineEntry,
    VerdictView,
)
from carewatch.services.plans.queries import (
    action_detail,
    actions_for_owner,
    evidence_file,
    evidence_verdicts,
    find_action,
    findings_by_metric,
    improvement_plan,
    list_actions,
    list_findings,
    may_work_on,
    plan_holds,
    public_plan,
)
from carewatch.store.limits import ValueRefused, ValueTooLong

__all__ = [
    "DEFAULT_GRACE_DAYS",
    "DEFAULT_MEDIA_TYPE",
    "DEFAULT_RULES",
    "ActionDetail",
    "ActionSummary",
    "ChangeView",
    "DueDateMove",
    "EnforcementLink",
    "EscalationRecord",
    "EvidenceAdded",
    "EvidenceFile",
    "EvidenceView",
    "FindingView",
    "HistoryEntry",
    "ImprovementPlan",
    "MetricLink",
    "MilestoneView",
    "PlanFinding",
    "PlanRules",
    "PublicAction",
    "PublicMustDo",
    "PublicPlan",
    "TimelineEntry",
    "ValueRefused",
    "ValueTooLong",
    "VerdictView",
    "action_detail",
    "actions_for_owner",
    "add_evidence",
    "add_milestone",
    "escalate_overdue",
    "evidence_file",
    "evidence_verdicts",
    "find_action",
    "findings_by_metric",
    "improvement_plan",
    "link_metric",
    "list_actions",
    "list_findings",
    "may_work_on",
    "move_action",
    "plan_holds",
    "public_plan",
    "received_at",
    "record_action",
    "record_finding",
    "record_findings",
    "set_evidence_schedule",
    "verify_evidence",
]
