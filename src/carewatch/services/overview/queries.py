"""The overview's readers: the snapshot of one trust on one day, built from the other areas'
public readers (never their tables), and the verdict, the changes and the brief built from it.

Every reader here reads what anyone may see: the published ratings, the oversight record, the
improvement plan as the public sees it, the measures, and the incidents' and feedback's public
summaries. A snapshot takes a fixed number of statements whatever the number of trusts,
measures or actions: ten area readers, each reading its rows in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from carewatch.domain.oversight import (
    Commitment,
    CommitmentStatus,
    EnforcementAction,
    NoticeStatus,
    OversightStatus,
    Regime,
    RegimeHistory,
    derive_status,
    segment_meaning,
)
from carewatch.domain.oversight.league import LeaguePlace
from carewatch.domain.overview import (
    Assurance,
    Changes,
    CommitmentFact,
    CommitmentOutcome,
    EnforcementFact,
    FeedbackFacts,
    IncidentFacts,
    InspectionFact,
    MeasureFact,
    MustDoFact,
    RegimeFacts,
    RegimeMove,
    ServiceRating,
    ThemeFact,
    TrustFacts,
    Variation,
    build_overview,
    changes_since_inspection,
    questions,
)
from carewatch.domain.plans import ActionStatus, FindingKind
from carewatch.domain.spc import PointType
from carewatch.services._dates import today_in_uk
from carewatch.services.errors import NotFound
from carewatch.services.feedback import FeedbackSummary, feedback_summary
from carewatch.services.incidents import incident_summary
from carewatch.services.metrics import SummaryRow, metric_summary
from carewatch.services.oversight import latest_place, oversight_record
from carewatch.services.overview.models import Brief, TrustOverview
from carewatch.services.plans import ImprovementPlan, improvement_plan
from carewatch.services.ratings import Grid, get_trust, rating_history, ratings_grid
from carewatch.store.database import Database

__all__ = ["trust_brief", "trust_changes", "trust_facts", "trust_overview"]

_VARIATION = {
    PointType.COMMON_CAUSE: Variation.COMMON_CAUSE,
    PointType.SPECIAL_CAUSE_IMPROVEMENT: Variation.IMPROVEMENT,
    PointType.SPECIAL_CAUSE_CONCERN: Variation.CONCERN,
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: Variation.NEUTRAL,
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: Variation.NEUTRAL,
}
_ASSURANCE = {
    "consistent_pass": Assurance.ASSURED,
    "consistent_fail": Assurance.NOT_ASSURED,
    "inconsistent": Assurance.HIT_AND_MISS,
}
_OUTCOME = {
    CommitmentStatus.OPEN: CommitmentOutcome.OPEN,
    CommitmentStatus.KEPT: CommitmentOutcome.KEPT,
    CommitmentStatus.KEPT_LATE: CommitmentOutcome.KEPT_LATE,
    CommitmentStatus.BROKEN: CommitmentOutcome.BROKEN,
}
_FINISHED = (ActionStatus.VERIFIED, ActionStatus.CLOSED)
_DUTIES = {
    "candour_verbal": "the duty of candour's notification in person",
    "candour_written": "the duty of candour's written notification",
    "pfd_response": "responses to a coroner's Prevention of Future Deaths report",
    "steis_report": "reporting serious incidents on StEIS",
    "sif_report": "serious incident investigation reports",
    "learning_response": "learning responses",
}


def trust_facts(*, db: Database, provider_id: str, as_of: dt.date | None = None) -> TrustFacts:
    """Everything the overview of the trust on `as_of` (default today in the UK) is built
    from, as known that day; `NotFound` for an unknown trust."""
    return _read(db, provider_id, as_of or today_in_uk())[0]


def _read(db: Database, provider_id: str, day: dt.date) -> tuple[TrustFacts, Grid, OversightStatus]:
    """The snapshot, with the ratings grid and oversight status of the day it was read from."""
    trust = get_trust(db=db, provider_id=provider_id)
    inspections = _inspections(db, provider_id, day)
    record = oversight_record(db=db, provider_id=provider_id)
    status = derive_status(
        history=record.history,
        ratings=record.ratings,
        enforcement=record.enforcement,
        commitments=record.commitments,
        as_of=day,
    )
    plan = improvement_plan(db=db, provider_id=provider_id, as_of=day)
    rated = [i for i in inspections if i.overall] or inspections
    since = rated[-1].published if rated else None
    now_grid = ratings_grid(db=db, subject_id=provider_id, as_of=day)
    then_grid = ratings_grid(db=db, subject_id=provider_id, as_of=since) if since else None
    facts = TrustFacts(
        provider_id=provider_id,
        name=trust.name,
        as_of=day,
        inspections=tuple(inspections),
        regime=_regime(record.history, status, day, latest_place(db=db, provider_id=provider_id)),
        enforcement=tuple(_enforcement(record.enforcement, day)),
        must_dos=tuple(_must_dos(plan)),
        measures=tuple(_measures(db, provider_id, plan, day, since)),
        commitments=tuple(_commitments(record.commitments, day)),
        incidents=_incidents(db, provider_id, day),
        feedback=_feedback(feedback_summary(db=db, trust=provider_id, as_of=day)),
        next_inspection_due=status.next_inspection_due,
        services_then=tuple(_service_ratings(then_grid)) if then_grid else (),
        services_now=tuple(_service_ratings(now_grid)),
    )
    return facts, now_grid, status


def trust_overview(
    *, db: Database, provider_id: str, as_of: dt.date | None = None
) -> TrustOverview:
    """The verdict on the trust on `as_of` with its evidence, and what changed since its last
    inspection; `NotFound` for an unknown trust."""
    facts, grid, status = _read(db, provider_id, as_of or today_in_uk())
    return TrustOverview(
        facts, build_overview(facts), changes_since_inspection(facts), grid, status
    )


def trust_changes(*, db: Database, provider_id: str, as_of: dt.date | None = None) -> Changes:
    """What changed on the trust since its last inspection, as of `as_of` (default today in
    the UK); `NotFound` for an unknown trust."""
    return changes_since_inspection(trust_facts(db=db, provider_id=provider_id, as_of=as_of))


def trust_brief(*, db: Database, provider_id: str, as_of: dt.date | None = None) -> Brief:
    """A Member of Parliament's brief on the trust: the overview, the changes, the public
    commitments (who promised what, and whether it was kept) and the questions the evidence
    raises. Public data only."""
    found = trust_overview(db=db, provider_id=provider_id, as_of=as_of)
    return Brief(
        found.facts,
        found.overview,
        found.changes,
        found.status,
        tuple(questions(found.facts)),
    )


def _inspections(db: Database, provider_id: str, day: dt.date) -> list[InspectionFact]:
    """The reports that rated the trust as a whole by `day`, oldest first."""
    found = []
    for e in rating_history(db=db, subject_id=provider_id):
        if e.report_date > day or (e.overall is None and not e.key_questions):
            continue
        found.append(
            InspectionFact(
                published=e.report_date,
                label=e.report_type or "Report",
                overall=e.overall.label if e.overall else None,
                key_questions=tuple((kq.label, r.label) for kq, r in e.key_questions.items()),
            )
        )
    return sorted(found, key=lambda i: i.published)


def _intensive(regime: Regime, day: dt.date) -> bool:
    return regime.intensive_on(day) or regime is Regime.TRUST_SPECIAL_ADMINISTRATION


def _regime(
    history: RegimeHistory, status: OversightStatus, day: dt.date, latest: LeaguePlace | None
) -> RegimeFacts:
    moves = tuple(
        RegimeMove(
            on=d.date,
            from_label=d.regime_from.label,
            to_label=d.regime_to.label,
            from_intensive=_intensive(d.regime_from, d.date),
            to_intensive=_intensive(d.regime_to, d.date),
        )
        for d in history.decisions
        if d.date <= day and d.regime_from is not d.regime_to
    )
    label = status.regime.label
    if status.regime is Regime.NONE and status.since is None and latest is not None:
        # No regime decision is recorded, but NHS England published a segment: say that,
        # never "no special regime" beside a segment 4.
        entry = latest.entry
        if entry.quarter.start <= day:
            label = (
                f"No regime decision recorded; NHS England's latest segment for it is "
                f"{entry.segment} ({entry.quarter.label}): "
                f"{segment_meaning(entry.segment, entry.quarter.end)}"
            )
    return RegimeFacts(
        label=label,
        since=status.since,
        intensive=_intensive(status.regime, day),
        intensive_days=status.days_in_special_measures_or_rsp,
        moves=moves,
    )


def _enforcement(actions: Iterable[EnforcementAction], day: dt.date) -> list[EnforcementFact]:
    found = []
    for e in actions:
        if e.issued > day:
            continue
        ended = e.closed_on()
        if ended is None and e.status(day) is NoticeStatus.CLOSED:
            ended = e.issued  # an action of one day (urgent action, a fine) ends as it is taken
        found.append(EnforcementFact(e.title, e.issued, ended if ended and ended <= day else None))
    return found


def _must_dos(plan: ImprovementPlan) -> list[MustDoFact]:
    found = []
    for item in plan.findings:
        f = item.finding
        if f.kind is not FindingKind.MUST_DO:
            continue
        live = [a for a in item.actions if a.status is not ActionStatus.CANCELLED]
        met = all(a.status in _FINISHED for a in live) and live
        # Met when its evidence was given, each action against its own deadline, as the
        # public plan says "on time" or "late": a must-do with one action late is met late,
        # against that action's deadline.
        finished = [a.done_by for a in live if a.done_by is not None]
        late = [a for a in live if a.done_by is not None and not a.done_in_time]
        deadline = (
            min(a.deadline for a in late) if late else max((a.deadline for a in live), default=None)
        )
        found.append(
            MustDoFact(
                reference=f.reference,
                summary=f.summary,
                reported=f.report_date or plan.as_of,
                actions=len(live),
                deadline=deadline,
                met_on=max(finished) if met and len(finished) == len(live) else None,
                overdue=any(a.overdue for a in live),
            )
        )
    return found


def _measures(
    db: Database, provider_id: str, plan: ImprovementPlan, day: dt.date, since: dt.date | None
) -> list[MeasureFact]:
    linked = {
        m.metric_code
        for a in plan.actions
        if a.status is not ActionStatus.CANCELLED
        for m in a.metrics
    }
    try:
        rows = metric_summary(db=db, org_code=provider_id, as_of=day, only_with_data=True)
        then = (
            {r.definition.code: r for r in metric_summary(db=db, org_code=provider_id, as_of=since)}
            if since
            else {}
        )
    except NotFound:  # no measure was ever imported for the trust
        return []
    return [
        MeasureFact(
            code=r.definition.code,
            name=r.definition.name,
            variation=_variation(r),
            assurance=_assurance(r),
            latest=r.latest.period_end if r.latest else None,
            linked=r.definition.code in linked,
            illustrative=r.spc.series.illustrative,
            variation_then=_variation(then[r.definition.code])
            if r.definition.code in then
            else None,
        )
        for r in rows
    ]


def _variation(row: SummaryRow) -> Variation:
    icon = row.spc.variation
    return Variation.NO_CHART if icon is None else _VARIATION[icon.kind]


def _assurance(row: SummaryRow) -> Assurance:
    icon = row.spc.assurance
    return Assurance.NONE if icon is None else _ASSURANCE.get(icon.kind.value, Assurance.NONE)


def _commitments(commitments: Iterable[Commitment], day: dt.date) -> list[CommitmentFact]:
    return [
        CommitmentFact(
            what=c.what,
            by=c.by,
            made_on=c.made_on,
            due=c.due,
            outcome=_OUTCOME[c.status_on(day)],
            overdue=c.overdue(day),
        )
        for c in commitments
        if c.made_on <= day
    ]


def _incidents(db: Database, provider_id: str, day: dt.date) -> IncidentFacts | None:
    summary = incident_summary(db=db, trust=provider_id, as_of=day)
    if not summary.by_month:
        return None
    year, month = (int(part) for part in summary.by_month[-1][0].split("-"))
    missed = tuple(
        (_DUTIES.get(d.duty.value, d.duty.label), d.missed.shown)
        for d in summary.deadlines
        if d.missed.suppressed or (d.missed.value or 0) > 0
    )
    return IncidentFacts(summary.total.shown, dt.date(year, month, 1), missed)


def _feedback(summary: FeedbackSummary) -> FeedbackFacts | None:
    if not summary.comments:
        return None
    by_sentiment = {s.value: n for s, n in summary.by_sentiment}
    themes = tuple(
        ThemeFact(
            theme=t.theme,
            comments=t.comments,
            negative_share=t.negative_share,
            signal=(
                Variation.NO_CHART
                if t.spc is None or t.spc.variation is None
                else _VARIATION[t.spc.variation]
            ),
        )
        for t in summary.trends
    )
    return FeedbackFacts(
        comments=summary.comments,
        negative=by_sentiment.get("negative", 0),
        with_sentiment=sum(by_sentiment.values()),
        latest=summary.last,
        themes=themes,
    )


def _service_ratings(grid: Grid) -> list[ServiceRating]:
    return [
        ServiceRating(row.label, aspect.label, cell.rating.label, cell.rating_date)
        for row in grid.rows
        for aspect, cell in row.cells.items()
    ]
