"""Reading a trust's register in a fixed number of statements: the risks, then each child
table once for all of them, grouped in Python; the linked actions and measures through the
plans and metrics services' readers, once per trust, never once per risk."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, RowMapping, select

from carewatch.domain.access import Actor
from carewatch.domain.plans import FINISHED
from carewatch.domain.risks import (
    DEFAULT_BANDS,
    Assurance,
    AssuranceLine,
    AssuranceResult,
    Gap,
    GapKind,
    LinkedAction,
    LinkedMeasure,
    ReviewFrequency,
    Risk,
    RiskCategory,
    RiskLinkKind,
    RiskRecord,
    Score,
    ScorePoint,
    Trend,
    trend_of,
)
from carewatch.domain.spc import PointType
from carewatch.services import metrics, plans
from carewatch.services.errors import NotFound
from carewatch.services.risks.models import (
    ActionLinkView,
    MeasureLinkView,
    RiskView,
    ScoreEntry,
    ScoreView,
)
from carewatch.store.database import Database
from carewatch.store.tables.risks import (
    RISK_ASSURANCES,
    RISK_CONTROLS,
    RISK_GAPS,
    RISK_LINKS,
    RISK_REVIEWS,
    RISK_SCORES,
    RISKS,
)

__all__ = ["Loaded", "load_register", "risk_from_row", "risk_values"]


def risk_values(risk: Risk) -> dict[str, Any]:
    """The stored columns of `risk` other than its key."""
    return {
        "title": risk.title,
        "cause": risk.cause,
        "event": risk.event,
        "effect": risk.effect,
        "category": risk.category.value,
        "owner": risk.owner,
        "executive_lead": risk.executive_lead,
        "committee": risk.committee,
        "identified": risk.identified,
        "review_frequency": risk.review_frequency.value,
        "objective": risk.objective,
        "initial_likelihood": risk.initial.likelihood,
        "initial_consequence": risk.initial.consequence,
        "target_likelihood": risk.target.likelihood,
        "target_consequence": risk.target.consequence,
        "illustrative": risk.illustrative,
    }


def risk_from_row(row: RowMapping, current: Score) -> Risk:
    """The domain's risk from its stored row and its current score."""
    return Risk(
        reference=row["reference"],
        trust=row["provider_id"],
        title=row["title"],
        category=RiskCategory.parse(row["category"]),
        owner=row["owner"],
        identified=row["identified"],
        initial=Score(row["initial_likelihood"], row["initial_consequence"]),
        current=current,
        target=Score(row["target_likelihood"], row["target_consequence"]),
        cause=row["cause"],
        event=row["event"],
        effect=row["effect"],
        executive_lead=row["executive_lead"],
        committee=row["committee"],
        review_frequency=ReviewFrequency.parse(row["review_frequency"]),
        objective=row["objective"],
        illustrative=bool(row["illustrative"]),
    )


@dataclass
class Loaded:
    """One risk of the register as of a day, with everything stored beside it."""

    risk: Risk
    view: RiskView
    history: list[ScoreEntry] = field(default_factory=list)
    points: list[ScorePoint] = field(default_factory=list)
    reviews: list[dt.date] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    assurances: list[Assurance] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    links: dict[RiskLinkKind, list[str]] = field(default_factory=lambda: defaultdict(list))
    actions: list[ActionLinkView] = field(default_factory=list)
    measures: list[MeasureLinkView] = field(default_factory=list)

    @property
    def record(self) -> RiskRecord:
        return RiskRecord(
            risk=self.risk,
            next_review=self.view.next_review,
            assurances=tuple(self.assurances),
            actions=tuple(
                LinkedAction(a.reference, a.owner, a.due, a.open) for a in self.actions if a.found
            ),
            measures=tuple(LinkedMeasure(m.code, m.name, m.concern) for m in self.measures),
            trend=self.view.trend,
        )


def _children(
    conn: Connection, table: Any, ids: Sequence[int], *order: Any
) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    if ids:
        for row in conn.execute(select(table).where(table.c.risk_id.in_(ids)).order_by(*order)):
            grouped[row.risk_id].append(row)
    return grouped


def load_register(
    db: Database,
    conn: Connection,
    trust: str,
    as_of: dt.date,
    actor: Actor,
    *,
    references: Sequence[str] | None = None,
    with_links: bool = True,
) -> list[Loaded]:
    """The trust's risks identified by `as_of` (only `references` when given), in reference
    order, each with its history, reviews, controls, assurances and gaps up to `as_of`, and,
    `with_links`, its linked actions and measures as the plan and the metrics read them."""
    query = select(RISKS).where(RISKS.c.provider_id == trust, RISKS.c.identified <= as_of)
    if references is not None:
        query = query.where(RISKS.c.reference.in_(list(references)))
    rows = conn.execute(query.order_by(RISKS.c.reference)).mappings().all()
    ids = [int(r["id"]) for r in rows]
    scores = _children(conn, RISK_SCORES, ids, RISK_SCORES.c.scored_on)
    reviews = _children(conn, RISK_REVIEWS, ids, RISK_REVIEWS.c.reviewed_on)
    controls = _children(conn, RISK_CONTROLS, ids, RISK_CONTROLS.c.id)
    assurances = _children(conn, RISK_ASSURANCES, ids, RISK_ASSURANCES.c.given_on)
    gaps = _children(conn, RISK_GAPS, ids, RISK_GAPS.c.id)
    links = _children(conn, RISK_LINKS, ids, RISK_LINKS.c.id)
    loaded: list[Loaded] = []
    for row in rows:
        rid = int(row["id"])
        history = [s for s in scores[rid] if s.scored_on <= as_of]
        if not history:
            continue  # not yet scored on the day: not yet on the register
        entries = [
            ScoreEntry(
                s.scored_on,
                ScoreView.of(Score(s.likelihood, s.consequence)),
                Trend.parse(s.trend) if s.trend else None,
                s.note,
            )
            for s in history
        ]
        current = Score(history[-1].likelihood, history[-1].consequence)
        risk = risk_from_row(row, current)
        points = [ScorePoint(e.on, _score(e.score), e.trend) for e in entries]
        reviewed = [r.reviewed_on for r in reviews[rid] if r.reviewed_on <= as_of]
        item = Loaded(risk, _view(risk, entries, points, reviewed, as_of))
        item.history, item.points, item.reviews = entries, points, reviewed
        item.controls = [c.description for c in controls[rid]]
        item.assurances = [
            Assurance(
                AssuranceLine.parse(a.line),
                AssuranceResult.parse(a.result),
                a.given_on,
                a.description,
            )
            for a in assurances[rid]
            if a.given_on <= as_of
        ]
        item.gaps = [Gap(GapKind.parse(g.kind), g.description) for g in gaps[rid]]
        for link in links[rid]:
            item.links[RiskLinkKind.parse(link.kind)].append(link.target)
        loaded.append(item)
    if with_links and any(item.links for item in loaded):
        _attach_actions(db, trust, as_of, actor, loaded)
        _attach_measures(db, trust, as_of, loaded)
    return loaded


def _score(view: ScoreView) -> Score:
    return Score(view.likelihood, view.consequence)


def _view(
    risk: Risk,
    history: Sequence[ScoreEntry],
    points: Sequence[ScorePoint],
    reviews: Sequence[dt.date],
    as_of: dt.date,
) -> RiskView:
    last = max([risk.identified, *(e.on for e in history), *reviews])
    next_review = risk.next_review_after(last)
    return RiskView(
        id=risk.reference,
        trust=risk.trust,
        title=risk.title,
        category=risk.category,
        owner=risk.owner,
        executive_lead=risk.executive_lead,
        committee=risk.committee,
        objective=risk.objective,
        identified=risk.identified,
        review_frequency=risk.review_frequency.value,
        initial=ScoreView.of(risk.initial, DEFAULT_BANDS),
        current=ScoreView.of(risk.current, DEFAULT_BANDS),
        target=ScoreView.of(risk.target, DEFAULT_BANDS),
        trend=trend_of(points),
        last_reviewed=last,
        next_review=next_review,
        review_overdue=next_review < as_of,
        cause=risk.cause,
        event=risk.event,
        effect=risk.effect,
        illustrative=risk.illustrative,
    )


def _attach_actions(
    db: Database, trust: str, as_of: dt.date, actor: Actor, loaded: list[Loaded]
) -> None:
    wanted = {t for item in loaded for t in item.links.get(RiskLinkKind.ACTION, [])}
    if not wanted:
        return
    by_reference = {
        f"{a.finding_reference}/{a.reference}": a
        for a in plans.list_actions(db=db, provider_id=trust, as_of=as_of, actor=actor)
    }
    for item in loaded:
        for target in item.links.get(RiskLinkKind.ACTION, []):
            action = by_reference.get(target)
            if action is None:
                item.actions.append(ActionLinkView(target, "", "", None, "", False, False, False))
                continue
            item.actions.append(
                ActionLinkView(
                    reference=target,
                    title=action.title,
                    owner=action.owner.role,
                    due=action.deadline,
                    status=action.status.value,
                    open=action.status not in FINISHED,
                    overdue=action.overdue,
                )
            )


def _attach_measures(db: Database, trust: str, as_of: dt.date, loaded: list[Loaded]) -> None:
    wanted = {t for item in loaded for t in item.links.get(RiskLinkKind.METRIC, [])}
    if not wanted:
        return
    try:
        rows = metrics.metric_summary(db=db, org_code=trust, as_of=as_of)
    except NotFound:
        rows = []
    charts = {row.definition.code: row for row in rows}
    for item in loaded:
        for code in item.links.get(RiskLinkKind.METRIC, []):
            row = charts.get(code)
            icon = row.spc.variation if row is not None else None
            if row is None or icon is None:
                why = row.spc.problem if row is not None and row.spc.problem else "no data"
                name = row.definition.name if row is not None else code
                item.measures.append(MeasureLinkView(code, name, why, False))
                continue
            item.measures.append(
                MeasureLinkView(
                    code,
                    row.definition.name,
                    icon.label,
                    icon.kind is PointType.SPECIAL_CAUSE_CONCERN,
                    icon,
                )
            )
