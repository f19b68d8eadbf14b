"""Writers of a trust's risk register: strategic objectives, risks, their scorings, reviews,
assurances and links, and whether the trust publishes its register's summary.

Writers take keyword-only arguments and the `actor` they act for, decide by
`carewatch.domain.access` (`record_risks` for the risk's trust), validate through
`carewatch.domain.risks`, run in one transaction (nothing is stored when anything is
refused) and append exactly one audit event when they store something. Each is idempotent:
the same facts again change nothing and append no event. Scorings and reviews are history,
never changed: a different score on a day already scored is refused.

Example::

    record_risk(db=db, actor=actor, risk=Risk(reference="R1", trust="RMY", ...))
    score_risk(db=db, actor=actor, trust="RMY", reference="R1", score=Score(3, 4),
               on=dt.date(2020, 3, 31), trend="reducing")
    link_risk(db=db, actor=actor, trust="RMY", reference="R1", kind="action",
              target="2020-MD3/A1")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from carewatch.domain.access import Actor, Permission, require
from carewatch.domain.risks import (
    Assurance,
    Control,
    Gap,
    InvalidRisk,
    Risk,
    RiskLinkKind,
    Score,
    StrategicObjective,
    Trend,
)
from carewatch.services import audit, metrics, plans
from carewatch.services._dates import refuse_future
from carewatch.services._db import (
    Outcome,
    Stored,
    insert_missing,
    lock_row,
    log_event,
    require_provider,
    upsert,
    write_transaction,
)
from carewatch.services.errors import NotFound
from carewatch.services.risks._load import risk_values
from carewatch.store.database import Database
from carewatch.store.limits import check_fits
from carewatch.store.tables.risks import (
    RISK_ASSURANCES,
    RISK_CONTROLS,
    RISK_GAPS,
    RISK_LINKS,
    RISK_OBJECTIVES,
    RISK_PUBLICATION,
    RISK_REVIEWS,
    RISK_SCORES,
    RISKS,
)

__all__ = [
    "assure_risk",
    "link_risk",
    "publish_risk_summary",
    "record_objective",
    "record_risk",
    "review_risk",
    "score_risk",
    "store_risk",
    "stored_unchanged",
]


def record_objective(
    *, db: Database, actor: Actor, trust: str, objective: StrategicObjective
) -> bool:
    """Store one of the trust's strategic objectives (by its code; a new title or appetite
    replaces the old). Whether anything changed."""
    require(actor, Permission.RECORD_RISKS, trust=trust)
    values = {"title": objective.title, "appetite": objective.appetite}
    key = {"provider_id": trust, "code": objective.code}
    with db.engine.connect() as conn:
        before = conn.execute(
            select(RISK_OBJECTIVES.c.title, RISK_OBJECTIVES.c.appetite).where(
                RISK_OBJECTIVES.c.provider_id == trust, RISK_OBJECTIVES.c.code == objective.code
            )
        ).first()
    if before is not None and tuple(before) == (objective.title, objective.appetite):
        # Nothing to write: no transaction, so not even the data version moves.
        return False
    with write_transaction(db) as conn:
        require_provider(conn, trust)
        oid = upsert(conn, RISK_OBJECTIVES, key, values)
        audit.append(
            conn, actor, "risks.objective", "risk_objective", oid, {"code": objective.code}
        )
    log_event("risks.objective", provider_id=trust, objective_id=oid)
    return True


def record_risk(
    *,
    db: Database,
    actor: Actor,
    risk: Risk,
    controls: Sequence[Control] = (),
    gaps: Sequence[Gap] = (),
    at: dt.datetime | None = None,
) -> Stored:
    """Store `risk` (keyed by its trust and reference) with its current score as its first
    scoring on the day it was identified, and add `controls` and `gaps` not yet stored.

    The same facts again change nothing. Other facts replace the stored ones (each changed
    field named in the audit event); the history of scores stays as it was. `NotFound` for
    an unknown trust or strategic objective; `FutureDate` for a day after today.
    """
    require(actor, Permission.RECORD_RISKS, trust=risk.trust)
    refuse_future(risk.identified, what="the risk", field="identified")
    check_fits(RISKS, {"provider_id": risk.trust, "reference": risk.reference, **risk_values(risk)})
    with db.engine.connect() as conn:
        unchanged = stored_unchanged(conn, risk, controls, gaps)
    if unchanged is not None:
        # Nothing to write: no transaction, so not even the data version moves.
        return Stored(unchanged, Outcome.UNCHANGED)
    with write_transaction(db) as conn:
        stored = store_risk(conn, actor, risk, controls, gaps, at=at or dt.datetime.now(dt.UTC))
    if stored.outcome is not Outcome.UNCHANGED:
        log_event(f"risks.{stored.outcome.value}", provider_id=risk.trust, risk_id=stored.id)
    return stored


def stored_unchanged(
    conn: Connection, risk: Risk, controls: Sequence[Control], gaps: Sequence[Gap]
) -> int | None:
    """The risk's id when storing it would change nothing (its facts, first scoring,
    controls and gaps all stored as given); None otherwise."""
    before = (
        conn.execute(
            select(RISKS).where(
                RISKS.c.provider_id == risk.trust, RISKS.c.reference == risk.reference
            )
        )
        .mappings()
        .first()
    )
    if before is None or any(before[k] != v for k, v in risk_values(risk).items()):
        return None
    rid = int(before["id"])
    first = conn.execute(
        select(RISK_SCORES.c.id).where(
            RISK_SCORES.c.risk_id == rid, RISK_SCORES.c.scored_on == risk.identified
        )
    ).first()
    have_controls = set(
        conn.execute(select(RISK_CONTROLS.c.description).where(RISK_CONTROLS.c.risk_id == rid))
        .scalars()
        .all()
    )
    have_gaps = {
        (g.kind, g.description)
        for g in conn.execute(select(RISK_GAPS).where(RISK_GAPS.c.risk_id == rid))
    }
    if (
        first is None
        or any(c.description not in have_controls for c in controls)
        or any((g.kind.value, g.description) not in have_gaps for g in gaps)
    ):
        return None
    return rid


def _already(db: Database, table: Any, trust: str, reference: str, **key: object) -> bool:
    """Whether the trust's risk already has a row of `table` with these values: a writer
    then stores nothing and opens no transaction (the data version stays)."""
    with db.engine.connect() as conn:
        found = conn.execute(
            select(table.c.id)
            .join(RISKS, RISKS.c.id == table.c.risk_id)
            .where(
                RISKS.c.provider_id == trust,
                RISKS.c.reference == reference,
                *(table.c[name] == value for name, value in key.items()),
            )
        ).first()
    return found is not None


def store_risk(
    conn: Connection,
    actor: Actor,
    risk: Risk,
    controls: Sequence[Control],
    gaps: Sequence[Gap],
    *,
    at: dt.datetime,
) -> Stored:
    """`record_risk` inside a transaction already open (the import stores many in one)."""
    require_provider(conn, risk.trust)
    if risk.objective is not None:
        found = conn.execute(
            select(RISK_OBJECTIVES.c.id).where(
                RISK_OBJECTIVES.c.provider_id == risk.trust,
                RISK_OBJECTIVES.c.code == risk.objective,
            )
        ).first()
        if found is None:
            raise NotFound("strategic objective", risk.objective)
    values = risk_values(risk)
    before = (
        conn.execute(
            select(RISKS).where(
                RISKS.c.provider_id == risk.trust, RISKS.c.reference == risk.reference
            )
        )
        .mappings()
        .first()
    )
    if before is None:
        rid = int(
            conn.execute(
                insert(RISKS)
                .values(provider_id=risk.trust, reference=risk.reference, recorded_at=at, **values)
                .returning(RISKS.c.id)
            ).scalar_one()
        )
        outcome = Outcome.NEW
        fields: tuple[str, ...] = ()
    else:
        rid = int(before["id"])
        fields = tuple(name for name, value in values.items() if before[name] != value)
        outcome = Outcome.CHANGED if fields else Outcome.UNCHANGED
        if fields:
            conn.execute(update(RISKS).where(RISKS.c.id == rid).values(**values))
    scored = insert_missing(
        conn,
        RISK_SCORES,
        [{
            "risk_id": rid, "scored_on": risk.identified, "likelihood": risk.current.likelihood,
            "consequence": risk.current.consequence, "trend": None, "note": "", "recorded_at": at,
        }],
        conflict=["risk_id", "scored_on"],
    )  # fmt: skip
    added = insert_missing(
        conn,
        RISK_CONTROLS,
        [{"risk_id": rid, "description": c.description} for c in controls],
        conflict=["risk_id", "description"],
    ) + insert_missing(
        conn,
        RISK_GAPS,
        [{"risk_id": rid, "kind": g.kind.value, "description": g.description} for g in gaps],
        conflict=["risk_id", "kind", "description"],
    )
    if outcome is Outcome.UNCHANGED and (added or scored):
        outcome, fields = Outcome.CHANGED, ("controls_or_gaps",)
    if outcome is Outcome.NEW:
        audit.append(
            conn, actor, "risks.record", "risk", rid,
            {"reference": risk.reference, "category": risk.category.value,
             "current": risk.current.value},
        )  # fmt: skip
    elif outcome is Outcome.CHANGED:
        audit.append(conn, actor, "risks.change", "risk", rid, {"fields": list(fields)})
    return Stored(rid, outcome, fields)


def _locked_risk(conn: Connection, trust: str, reference: str) -> int:
    """The risk's id, held against other writers; `NotFound` when the trust has no such
    risk."""
    require_provider(conn, trust)
    rid = conn.execute(
        select(RISKS.c.id).where(RISKS.c.provider_id == trust, RISKS.c.reference == reference)
    ).scalar()
    if rid is None:
        raise NotFound("risk", reference)
    lock_row(conn, RISKS, {"id": rid})
    return int(rid)


def score_risk(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    score: Score,
    on: dt.date,
    trend: Trend | str | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> bool:
    """Record the risk's current score on `on` (a scoring is also a review), with the owner's
    trend when given. The same scoring again changes nothing; a different score on a day
    already scored is refused (`InvalidRisk`). Whether anything was stored."""
    require(actor, Permission.RECORD_RISKS, trust=trust)
    refuse_future(on, what="the scoring", field="on")
    word = Trend.parse(trend) if trend is not None else None
    key = {"scored_on": on, "likelihood": score.likelihood, "consequence": score.consequence}
    if _already(db, RISK_SCORES, trust, reference, **key) and (
        word is None or _already(db, RISK_SCORES, trust, reference, **key, trend=word.value)
    ):
        return False
    with write_transaction(db) as conn:
        rid = _locked_risk(conn, trust, reference)
        identified = conn.execute(select(RISKS.c.identified).where(RISKS.c.id == rid)).scalar_one()
        if on < identified:
            raise InvalidRisk(f"a risk identified on {identified} cannot be scored before", "on")
        before = conn.execute(
            select(RISK_SCORES).where(RISK_SCORES.c.risk_id == rid, RISK_SCORES.c.scored_on == on)
        ).first()
        if before is not None:
            same = (before.likelihood, before.consequence) == (score.likelihood, score.consequence)
            if same and (word is None or before.trend == word.value):
                return False
            raise InvalidRisk(
                f"the risk was already scored {before.likelihood}x{before.consequence} on {on}",
                "on",
            )
        values = {
            "risk_id": rid, "scored_on": on, "likelihood": score.likelihood,
            "consequence": score.consequence, "trend": word.value if word else None,
            "note": note.strip(), "recorded_at": at or dt.datetime.now(dt.UTC),
        }  # fmt: skip
        check_fits(RISK_SCORES, values)
        conn.execute(insert(RISK_SCORES).values(**values))
        audit.append(
            conn, actor, "risks.score", "risk", rid,
            {"on": on.isoformat(), "score": score.value, "trend": values["trend"]},
        )  # fmt: skip
    log_event("risks.score", risk_id=rid)
    return True


def review_risk(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    on: dt.date,
    note: str = "",
    at: dt.datetime | None = None,
) -> bool:
    """Record a review on `on` that left the score as it was: the next review falls due a
    review frequency after it. Whether anything was stored (a second review on the same day
    is the first)."""
    require(actor, Permission.RECORD_RISKS, trust=trust)
    refuse_future(on, what="the review", field="on")
    if _already(db, RISK_REVIEWS, trust, reference, reviewed_on=on):
        return False
    with write_transaction(db) as conn:
        rid = _locked_risk(conn, trust, reference)
        values = {"risk_id": rid, "reviewed_on": on, "note": note.strip(),
                  "recorded_at": at or dt.datetime.now(dt.UTC)}  # fmt: skip
        added = insert_missing(conn, RISK_REVIEWS, [values], conflict=["risk_id", "reviewed_on"])
        if added:
            audit.append(conn, actor, "risks.review", "risk", rid, {"on": on.isoformat()})
    if added:
        log_event("risks.review", risk_id=rid)
    return bool(added)


def assure_risk(
    *, db: Database, actor: Actor, trust: str, reference: str, assurance: Assurance
) -> bool:
    """Record an assurance on the risk's controls. Whether anything was stored."""
    require(actor, Permission.RECORD_RISKS, trust=trust)
    refuse_future(assurance.on, what="the assurance", field="on")
    given = {"line": assurance.line.value, "given_on": assurance.on,
             "description": assurance.description.strip()}  # fmt: skip
    if _already(db, RISK_ASSURANCES, trust, reference, **given):
        return False
    with write_transaction(db) as conn:
        rid = _locked_risk(conn, trust, reference)
        values = {
            "risk_id": rid, "line": assurance.line.value, "result": assurance.result.value,
            "given_on": assurance.on, "description": assurance.description.strip(),
        }  # fmt: skip
        added = insert_missing(
            conn, RISK_ASSURANCES, [values], conflict=["risk_id", "line", "given_on", "description"]
        )
        if added:
            audit.append(
                conn, actor, "risks.assure", "risk", rid,
                {"line": assurance.line.value, "result": assurance.result.value},
            )  # fmt: skip
    if added:
        log_event("risks.assure", risk_id=rid)
    return bool(added)


def link_risk(
    *,
    db: Database,
    actor: Actor,
    trust: str,
    reference: str,
    kind: RiskLinkKind | str,
    target: str,
) -> bool:
    """Link the risk to an improvement-plan action (`2020-MD3/A1`), a metric (its catalogue
    code), a finding (`2020-MD3`) or an incident (the trust's reference for it). An action,
    metric or finding the trust's record does not hold is `NotFound`; an incident is taken
    as named (the incidents area sits beside this one, not beneath it). Linking again
    changes nothing. Whether anything was stored."""
    link = RiskLinkKind.parse(kind)
    named = target.strip()
    if not named:
        raise InvalidRisk("a link names what it links to", "target")
    require(actor, Permission.RECORD_RISKS, trust=trust)
    if not _target_exists(db, trust, link, named):
        raise NotFound(link.value, named)
    if _already(db, RISK_LINKS, trust, reference, kind=link.value, target=named):
        return False
    with write_transaction(db) as conn:
        rid = _locked_risk(conn, trust, reference)
        values = {"risk_id": rid, "kind": link.value, "target": named}
        added = insert_missing(conn, RISK_LINKS, [values], conflict=["risk_id", "kind", "target"])
        if added:
            audit.append(conn, actor, "risks.link", "risk", rid, values)
    if added:
        log_event("risks.link", risk_id=rid, kind=link.value)
    return bool(added)


def _target_exists(db: Database, trust: str, kind: RiskLinkKind, target: str) -> bool:
    """Whether the trust's record holds what `target` names, read through its area's face."""
    if kind is RiskLinkKind.FINDING:
        return plans.plan_holds(db=db, provider_id=trust, finding=target)
    if kind is RiskLinkKind.ACTION:
        finding, _, action = target.partition("/")
        return plans.plan_holds(db=db, provider_id=trust, finding=finding, action=action)
    if kind is RiskLinkKind.METRIC:
        with db.engine.connect() as conn:
            return target in metrics.metric_names(conn, [target])
    return True


def publish_risk_summary(
    *, db: Database, actor: Actor, trust: str, publish: bool, at: dt.datetime | None = None
) -> bool:
    """Whether the trust publishes its register's summary (counts by category and band) to
    everyone. Whether anything changed."""
    require(actor, Permission.RECORD_RISKS, trust=trust)
    with db.engine.connect() as conn:
        require_provider(conn, trust)
        before = conn.execute(
            select(RISK_PUBLICATION.c.publish_summary).where(
                RISK_PUBLICATION.c.provider_id == trust
            )
        ).scalar()
    if bool(before) == publish:
        # Nothing to write (a trust never asked publishes nothing): not even the data version.
        return False
    with write_transaction(db) as conn:
        upsert(
            conn, RISK_PUBLICATION, {"provider_id": trust},
            {"publish_summary": publish, "changed_at": at or dt.datetime.now(dt.UTC)},
            returning=None,
        )  # fmt: skip
        audit.append(conn, actor, "risks.publish", "provider", trust, {"publish": publish})
    log_event("risks.publish", provider_id=trust, publish=publish)
    return True
