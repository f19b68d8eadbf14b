"""The frozen values the improvement plan service returns (`carewatch.services.plans`).

Pages, the API, the CLI and exports read these; none of them touches the tables. Internal
fields (an action's `notes`, evidence notes and verifier notes, owners' names below the
board) are on the internal values only: `PublicPlan` carries none of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.oversight import EnforcementActionKind, FundamentalStandard
from carewatch.domain.plans import (
    ActionStatus,
    EscalationLevel,
    EvidenceKind,
    EvidenceSchedule,
    FindingKind,
    Owner,
    Period,
    Priority,
    Rag,
    TargetDirection,
    Verdict,
)
from carewatch.domain.ratings import KeyQuestion

__all__ = [
    "ActionDetail",
    "ActionSummary",
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
    "PublicAction",
    "PublicMustDo",
    "PublicPlan",
]


@dataclass(frozen=True)
class EnforcementLink:
    """The enforcement action a finding led to (`oversight_enforcement`), and for a warning
    notice the requirement (its position, words and deadline)."""

    enforcement_id: int
    kind: EnforcementActionKind
    issued: dt.date
    requirement_position: int | None = None
    requirement_text: str = ""
    requirement_deadline: dt.date | None = None

    @property
    def label(self) -> str:
        return f"{self.kind.label} of {self.issued.isoformat()}"


@dataclass(frozen=True)
class FindingView:
    """A must-do or should-do as stored."""

    id: int
    provider_id: str
    reference: str
    kind: FindingKind
    report_words: str
    public_summary: str
    regulation: FundamentalStandard | None
    core_services: tuple[str, ...]
    key_question: KeyQuestion | None
    report_date: dt.date | None
    report_link_id: str | None
    enforcement: EnforcementLink | None
    illustrative: bool
    source: str

    @property
    def summary(self) -> str:
        """The plain-English summary, or the report's words when there is none."""
        return self.public_summary or self.report_words


@dataclass(frozen=True)
class MetricLink:
    """A metric that measures an action's success, and the target that proves the fix."""

    metric_code: str
    metric_name: str
    target: float
    direction: TargetDirection

    @property
    def label(self) -> str:
        return f"{self.metric_name}: {self.direction.label.lower()} {self.target:g}"


@dataclass(frozen=True)
class ActionSummary:
    """One action as of `as_of`: a row of the plan."""

    id: int
    finding_id: int
    finding_reference: str
    reference: str
    title: str
    owner: Owner
    executive_lead: str
    priority: Priority
    opened: dt.date
    due: dt.date
    legal_deadline: dt.date | None
    deadline: dt.date
    as_of: dt.date
    status: ActionStatus
    rag: Rag | None
    rag_reasons: tuple[str, ...]
    overdue: bool
    days_overdue: int
    due_soon: bool
    evidence_count: int
    last_evidenced: dt.date | None
    missing_periods: tuple[Period, ...]
    metrics: tuple[MetricLink, ...]
    illustrative: bool

    @property
    def rag_label(self) -> str:
        """ "Red", "Amber", "Green", "Blue", or "None" for a cancelled action."""
        return self.rag.label if self.rag else "None"


@dataclass(frozen=True)
class PlanFinding:
    """A finding with its actions, in the plan."""

    finding: FindingView
    actions: tuple[ActionSummary, ...]


@dataclass(frozen=True)
class ImprovementPlan:
    """A trust's improvement plan as of a date: findings (must-dos first, then by report
    date and reference) with their actions."""

    provider_id: str
    provider_name: str | None
    as_of: dt.date
    findings: tuple[PlanFinding, ...]

    @property
    def actions(self) -> tuple[ActionSummary, ...]:
        return tuple(a for f in self.findings for a in f.actions)

    def rag_counts(self) -> dict[str, int]:
        """How many actions have each RAG label ("None" for cancelled)."""
        counts: dict[str, int] = {}
        for action in self.actions:
            counts[action.rag_label] = counts.get(action.rag_label, 0) + 1
        return counts


@dataclass(frozen=True)
class HistoryEntry:
    """One move in an action's history (`seq` from 1)."""

    seq: int
    to: ActionStatus
    on: dt.date
    by: str
    reason: str


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due: dt.date
    done_on: dt.date | None
    overdue: bool  # as of the detail's date


@dataclass(frozen=True)
class EvidenceView:
    """A piece of evidence with its verdict; `note` and `verifier_note` are internal."""

    id: int
    action_id: int
    kind: EvidenceKind
    title: str
    note: str
    url: str
    file_sha256: str | None
    filename: str
    size: int | None
    media_type: str | None
    supplied_by: str
    uploaded_at: dt.datetime
    effective_from: dt.date
    effective_to: dt.date
    verdict: Verdict
    verified_by: str
    verified_on: dt.date | None
    verifier_note: str


@dataclass(frozen=True)
class EscalationRecord:
    """An overdue action flagged to a level on `escalated_on`."""

    action_id: int
    level: EscalationLevel
    overdue_since: dt.date
    escalated_on: dt.date


@dataclass(frozen=True)
class ActionDetail:
    """Everything about one action as of `summary.as_of`."""

    summary: ActionSummary
    finding: FindingView
    notes: str
    history: tuple[HistoryEntry, ...]
    milestones: tuple[MilestoneView, ...]
    evidence: tuple[EvidenceView, ...]
    schedule: EvidenceSchedule | None
    schedule_description: str
    escalations: tuple[EscalationRecord, ...]
    next_statuses: tuple[ActionStatus, ...]


@dataclass(frozen=True)
class EvidenceAdded:
    """What `add_evidence` did: the evidence id (the earlier one when it was already on this
    action), whether the content duplicates earlier evidence, and which."""

    evidence_id: int
    created: bool
    duplicate: bool
    duplicate_of: tuple[int, ...]
    sha256: str | None


@dataclass(frozen=True)
class EvidenceFile:
    """A stored file: its bytes and what they are."""

    sha256: str
    media_type: str
    size: int
    content: bytes


@dataclass(frozen=True)
class PublicAction:
    """An action as the public sees it: no internal notes, owner by role (names only for
    board members)."""

    title: str
    owner: str
    status: ActionStatus
    due: dt.date
    last_evidenced: dt.date | None
    overdue: bool


@dataclass(frozen=True)
class PublicMustDo:
    """A must-do in plain English with its progress."""

    reference: str
    summary: str
    regulation: FundamentalStandard | None
    core_services: tuple[str, ...]
    key_question: KeyQuestion | None
    report_date: dt.date | None
    progress: str  # "Not started", "In progress", "Overdue", "Evidence accepted", "Closed", ...

    last_evidenced: dt.date | None
    actions: tuple[PublicAction, ...]
    illustrative: bool
    source: str


@dataclass(frozen=True)
class PublicPlan:
    """A trust's must-dos for the public, as of a date."""

    provider_id: str
    provider_name: str | None
    as_of: dt.date
    must_dos: tuple[PublicMustDo, ...]
