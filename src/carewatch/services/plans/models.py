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
    ACTION_FIELDS,
    FINDING_FIELDS,
    ActionStatus,
    ChangedRecord,
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
    "PublicAction",
    "PublicMustDo",
    "PublicPlan",
    "TimelineEntry",
    "VerdictView",
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
    deadline_passed: bool = False
    finished_on: dt.date | None = None
    """The day it was verified or closed, when it is (as of `as_of`)."""
    submitted_on: dt.date | None = None
    """The last day its evidence was submitted for verification, by `as_of`."""

    @property
    def done_by(self) -> dt.date | None:
        """When finished: the day the trust gave the evidence that met it (submitted for
        verification, or the day it was finished when it never was); the verification that
        follows is the verifier's time, not the trust's. None while not finished."""
        if self.finished_on is None:
            return None
        return min(d for d in (self.submitted_on, self.finished_on) if d is not None)

    @property
    def done_in_time(self) -> bool:
        """Finished, with its evidence given by its deadline."""
        return self.done_by is not None and self.done_by <= self.deadline

    @property
    def lateness(self) -> str:
        """What is late, in words, so that "overdue" never sits unexplained beside a due date
        still to come: the deadline, recurring evidence, or both.

        "139 days overdue" beside a deadline in the future read as a contradiction; it was
        a monthly audit not evidenced. Empty when nothing is late."""
        if not self.overdue:
            return ""
        parts = []
        if self.deadline_passed:
            days = (self.as_of - self.deadline).days
            parts.append(f"{days} day{'' if days == 1 else 's'} past its deadline")
        if self.missing_periods:
            n, first = len(self.missing_periods), self.missing_periods[0]
            parts.append(
                f"recurring evidence missing for {n} period{'' if n == 1 else 's'}, the first "
                f"due {first.due.day} {first.due:%B %Y}"
            )
        return "; ".join(parts) or f"{self.days_overdue} days overdue"

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
    recorded_at: dt.datetime | None = None  # None for moves recorded before it was kept


@dataclass(frozen=True)
class MilestoneView:
    id: int
    title: str
    due: dt.date
    done_on: dt.date | None
    overdue: bool  # as of the detail's date


@dataclass(frozen=True)
class VerdictView:
    """One verdict on a piece of evidence, given on `on` by `by` (recorded at `recorded_at`);
    `note` is internal. A re-verification is another verdict: none is ever replaced."""

    id: int
    evidence_id: int
    verdict: Verdict
    by: str
    on: dt.date
    recorded_at: dt.datetime
    note: str


@dataclass(frozen=True)
class ChangeView:
    """A change to a recorded fact of an action or its finding: `field` from `old` to `new`
    (as text: dates YYYY-MM-DD), by whom, when and why. `withheld` when this reader may not
    see the values (an owner's name below the board, internal notes): `old` and `new` are
    then empty."""

    id: int
    record: ChangedRecord
    record_id: int
    field: str
    old: str
    new: str
    by: str
    at: dt.datetime
    reason: str
    withheld: bool = False

    @property
    def on(self) -> dt.date:
        return self.at.date()

    @property
    def label(self) -> str:
        """The field's name for people, e.g. "Due date"."""
        names = ACTION_FIELDS if self.record is ChangedRecord.ACTION else FINDING_FIELDS
        return names.get(self.field, self.field)

    def as_date(self, value: str) -> dt.date | None:
        """`old` or `new` as a date, when it is one."""
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None


@dataclass(frozen=True)
class TimelineEntry:
    """One line of an action's history: a move, a change or a verdict, on its day."""

    on: dt.date
    kind: str  # "move", "change" or "verdict"
    move: HistoryEntry | None = None
    change: ChangeView | None = None
    verdict: VerdictView | None = None


@dataclass(frozen=True)
class EvidenceView:
    """A piece of evidence with its verdict (the latest of `verdicts`); `note` and
    `verifier_note` are internal."""

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
    verdicts: tuple[VerdictView, ...] = ()


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
    changes: tuple[ChangeView, ...] = ()  # to the action and to its finding, oldest first

    @property
    def verdicts(self) -> tuple[VerdictView, ...]:
        """Every verdict on the action's evidence, oldest first."""
        found = [v for e in self.evidence for v in e.verdicts]
        return tuple(sorted(found, key=lambda v: (v.on, v.recorded_at, v.id)))

    def timeline(self) -> tuple[TimelineEntry, ...]:
        """Moves, changes and verdicts in the order of their days, and within a day in the
        order they were recorded. A move recorded before its time was kept counts as made at
        the start of its day, after the day's verdicts recorded then too (a verdict moved
        from before verdicts were rows of their own, which lets the action be verified)."""
        start = dt.time(tzinfo=dt.UTC)
        entries = [
            (v.on, v.recorded_at, 0, TimelineEntry(v.on, "verdict", verdict=v))
            for v in self.verdicts
        ]
        entries += [
            (h.on, h.recorded_at or dt.datetime.combine(h.on, start), 1,
             TimelineEntry(h.on, "move", move=h))
            for h in self.history
        ]  # fmt: skip
        entries += [(c.on, c.at, 2, TimelineEntry(c.on, "change", change=c)) for c in self.changes]
        return tuple(e[3] for e in sorted(entries, key=lambda e: e[:3]))


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
class DueDateMove:
    """An action's due date moved from `old` to `new` on `on`."""

    old: dt.date | None
    new: dt.date | None
    on: dt.date


@dataclass(frozen=True)
class PublicAction:
    """An action as the public sees it: no internal notes, owner by role (names only for
    board members), and each move of its due date (when, from and to; not who or why)."""

    title: str
    owner: str
    status: ActionStatus
    due: dt.date
    last_evidenced: dt.date | None
    overdue: bool
    due_date_moves: tuple[DueDateMove, ...] = ()


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
    finished_on: dt.date | None = None
    """With every action verified or closed: the day the last one was."""
    finished_on_time: bool | None = None
    """With every action verified or closed: whether each had its evidence submitted by its
    deadline."""
    no_actions_why: str = ""
    """With no actions recorded: why there are none to show."""


@dataclass(frozen=True)
class PublicPlan:
    """A trust's must-dos for the public, as of a date."""

    provider_id: str
    provider_name: str | None
    as_of: dt.date
    must_dos: tuple[PublicMustDo, ...]
