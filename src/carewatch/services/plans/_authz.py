"""Who may change the plan, decided here for every plan writer from the actor it is given:
an inspection's findings need `record_findings`; actions, moves, evidence, schedules and
measures need `work_plan` for the action's trust; a verdict needs `verify_evidence`."""

from __future__ import annotations

from sqlalchemy import Connection, select

from carewatch.domain.access import Actor, ActorKind, Permission, require
from carewatch.services.errors import NotFound
from carewatch.store.tables.plans import PLAN_ACTIONS, PLAN_EVIDENCE, PLAN_FINDINGS

__all__ = [
    "allowed_for_action",
    "allowed_for_evidence",
    "signed",
]


def allowed_for_action(
    conn: Connection, actor: Actor, permission: Permission, action_id: int
) -> str:
    """The action's trust, once `actor` may do `permission` for it; `NotFound` when there is
    no such action."""
    provider = conn.execute(
        select(PLAN_FINDINGS.c.provider_id)
        .select_from(PLAN_ACTIONS.join(PLAN_FINDINGS))
        .where(PLAN_ACTIONS.c.id == action_id)
    ).scalar()
    if provider is None:
        raise NotFound("action", str(action_id))
    require(actor, permission, trust=provider)
    return str(provider)


def allowed_for_evidence(
    conn: Connection, actor: Actor, permission: Permission, evidence_id: int
) -> str:
    """The evidence's trust, once `actor` may do `permission` for it."""
    provider = conn.execute(
        select(PLAN_FINDINGS.c.provider_id)
        .select_from(PLAN_EVIDENCE.join(PLAN_ACTIONS).join(PLAN_FINDINGS))
        .where(PLAN_EVIDENCE.c.id == evidence_id)
    ).scalar()
    if provider is None:
        raise NotFound("evidence", str(evidence_id))
    require(actor, permission, trust=provider)
    return str(provider)


def signed(actor: Actor, typed: str) -> str:
    """Who did it, as the history records: a signed-in user by their identity, never a typed
    name; the operator by the name they give (`--by`), else their own."""
    if actor.kind is ActorKind.USER:
        return actor.label
    return typed.strip() or actor.label
