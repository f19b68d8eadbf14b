"""What the public may see of the plan, decided per field: a trust's own roles and the
national roles see everything; everyone else sees what the public plan shows.

Restricted: an action's internal notes; the name of its owner below board level (the role
stays); who moved it and why (free text that may name staff or patients); evidence notes,
links, file names, who supplied and who verified it, and the verifiers' notes (the file itself
is served only to those who may read it, each read audited); who changed a recorded fact and
why, and the old and new values of a restricted field (`RESTRICTED_FIELDS`: the owner's name,
internal notes), of which the public sees only that it changed.
"""

from __future__ import annotations

from dataclasses import replace

from carewatch.domain.access import Actor, sees_restricted
from carewatch.domain.plans import RESTRICTED_FIELDS, Owner
from carewatch.services.plans.models import (
    ActionDetail,
    ActionSummary,
    ChangeView,
    EvidenceView,
    HistoryEntry,
    ImprovementPlan,
    PlanFinding,
    VerdictView,
)

__all__ = ["detail_for", "for_actor", "summary_for", "verdicts_for"]

WITHHELD = ""


def _owner(owner: Owner) -> Owner:
    return owner if owner.board_member else Owner(owner.role, WITHHELD, False)


def _summary(summary: ActionSummary) -> ActionSummary:
    return replace(summary, owner=_owner(summary.owner))


def _evidence(e: EvidenceView) -> EvidenceView:
    return replace(
        e,
        note=WITHHELD,
        url=WITHHELD,
        file_sha256=None,
        filename=WITHHELD,
        supplied_by=WITHHELD,
        verified_by=WITHHELD,
        verifier_note=WITHHELD,
        verdicts=tuple(_verdict(v) for v in e.verdicts),
    )


def _verdict(v: VerdictView) -> VerdictView:
    return replace(v, by=WITHHELD, note=WITHHELD)


def _change(c: ChangeView) -> ChangeView:
    if c.field in RESTRICTED_FIELDS[c.record]:
        return replace(c, old=WITHHELD, new=WITHHELD, by=WITHHELD, reason=WITHHELD, withheld=True)
    return replace(c, by=WITHHELD, reason=WITHHELD)


def _entry(entry: HistoryEntry) -> HistoryEntry:
    return replace(entry, by=WITHHELD, reason=WITHHELD)


def summary_for(actor: Actor, provider_id: str, summary: ActionSummary) -> ActionSummary:
    return summary if sees_restricted(actor, provider_id) else _summary(summary)


def detail_for(actor: Actor, detail: ActionDetail) -> ActionDetail:
    if sees_restricted(actor, detail.finding.provider_id):
        return detail
    return replace(
        detail,
        summary=_summary(detail.summary),
        notes=WITHHELD,
        history=tuple(_entry(e) for e in detail.history),
        evidence=tuple(_evidence(e) for e in detail.evidence),
        changes=tuple(_change(c) for c in detail.changes),
    )


def for_actor(actor: Actor, plan: ImprovementPlan) -> ImprovementPlan:
    if sees_restricted(actor, plan.provider_id):
        return plan
    return replace(
        plan,
        findings=tuple(
            PlanFinding(item.finding, tuple(_summary(a) for a in item.actions))
            for item in plan.findings
        ),
    )


def verdicts_for(
    actor: Actor, provider_id: str, verdicts: tuple[VerdictView, ...]
) -> tuple[VerdictView, ...]:
    if sees_restricted(actor, provider_id):
        return verdicts
    return tuple(_verdict(v) for v in verdicts)
