"""The audit: stored aggregates whose published rating departs from the rules' proposal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, select

from carewatch.domain.ratings import Aggregate, NonRating, Rating
from carewatch.services.errors import NotFound
from carewatch.services.ratings._cells import latest_by_unit
from carewatch.services.ratings._facts import Fact, load_facts
from carewatch.services.ratings._proposals import Basis, bases_for_provider, propose
from carewatch.services.ratings._read import service_names, social_care_locations
from carewatch.services.ratings.models import AuditFinding
from carewatch.store.tables.register import LOCATIONS, PROVIDERS

__all__ = ["audit"]

P = PROVIDERS.c
L = LOCATIONS.c


def _explain(fact: Fact, basis: Basis) -> str:
    """The likeliest reasons a published aggregate departs from the rules' proposal."""
    published = fact.rating
    parts: list[str] = []
    later = [u for u in basis.underlying if u.latest.rating_date > fact.rating_date]
    if later:
        n, total = len(later), len(basis.underlying)
        are = "is" if n == 1 else "are"
        text = (
            f"{n} of the {total} underlying ratings {are} dated after this rating of "
            f"{fact.rating_date.isoformat()}: CQC re-aggregates only when it re-inspects at this "
            "level, so the published rating predates them"
        )
        before = propose(basis, on_or_before=fact.rating_date)
        if before is not None and before.rating == published:
            return (
                f"{text}. The rules applied to the ratings dated on or before "
                f"{fact.rating_date.isoformat()} give {before.rating.label}, as published."
            )
        if before is not None:
            text += (
                f"; even the ratings dated on or before it give {before.rating.label}, not "
                f"{published.label}"
            )
        else:
            text += "; none of them is dated on or before it"
        parts.append(text)
    inherited = [u.label for u in basis.underlying if u.latest.inherited]
    if inherited:
        parts.append(
            f"{len(inherited)} underlying rating{'s are' if len(inherited) > 1 else ' is'} "
            "inherited from a predecessor registration"
        )
    present = {u.label for u in basis.underlying}
    missing = [label for label in basis.expected if label not in present]
    if missing:
        parts.append(f"underlying ratings missing: {', '.join(missing)}")
    unrated = [u.label for u in basis.underlying if isinstance(u.latest.rating, NonRating)]
    if unrated:
        parts.append(f"not rated: {', '.join(unrated)}")
    if fact.rationale:
        parts.append(f"recorded rationale: {fact.rationale.strip().rstrip('.')}")
    if not parts:
        return "Professional judgement (CQC principle C4), no rationale recorded."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _findings_for(
    facts: Sequence[Fact],
    *,
    social: frozenset[str],
    names: Mapping[str, str],
    provider_name: str,
    include_history: bool,
) -> list[AuditFinding]:
    bases = bases_for_provider(facts, social_care_locations=social)
    proposals: dict[object, Aggregate | None] = {u: propose(b) for u, b in bases.items()}
    chosen = list(latest_by_unit(facts).values()) if not include_history else list(facts)
    findings = []
    for fact in chosen:
        basis = bases.get(fact.unit)
        proposal = proposals.get(fact.unit)
        if basis is None or proposal is None or not isinstance(fact.rating, Rating):
            continue
        if proposal.rating == fact.rating:
            continue
        if fact.location_id is not None:
            subject_id, subject_name = (
                fact.location_id,
                names.get(fact.location_id, fact.location_id),
            )
        else:
            subject_id, subject_name = fact.provider_id, provider_name
        findings.append(
            AuditFinding(
                subject_id=subject_id,
                subject_name=subject_name,
                row_label=names.get(fact.service, fact.service) if fact.service else subject_name,
                aspect=fact.aspect,
                published=fact.rating,
                published_date=fact.rating_date,
                proposed=proposal.rating,
                rule=proposal.rule,
                reason=proposal.reason,
                explanation=_explain(fact, basis),
                underlying={names.get(u.label, u.label): u.latest.rating for u in basis.underlying},
            )
        )
    return findings


def audit(conn: Connection, subject_id: str | None, *, include_history: bool) -> list[AuditFinding]:
    location_filter = None
    if subject_id is None:
        provider_ids = None
    elif conn.execute(select(P.provider_id).where(P.provider_id == subject_id)).first():
        provider_ids = [subject_id]
    else:
        owner = conn.execute(select(L.provider_id).where(L.location_id == subject_id)).scalar()
        if owner is None:
            raise NotFound("provider or location", subject_id)
        provider_ids, location_filter = [owner], subject_id
    facts = load_facts(conn, provider_ids=provider_ids)
    social = social_care_locations(conn, provider_ids)
    names_query = select(L.location_id, L.name)
    providers_query = select(P.provider_id, P.name)
    if provider_ids is not None:
        names_query = names_query.where(L.provider_id.in_(provider_ids))
        providers_query = providers_query.where(P.provider_id.in_(provider_ids))
    names = {k: v for k, v in conn.execute(names_query) if v}
    names.update(service_names(conn))
    provider_names = {k: v or k for k, v in conn.execute(providers_query)}
    by_provider: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_provider[fact.provider_id].append(fact)
    findings: list[AuditFinding] = []
    for pid in sorted(by_provider):
        found = _findings_for(
            by_provider[pid],
            social=social,
            names=names,
            provider_name=provider_names.get(pid, pid),
            include_history=include_history,
        )
        if location_filter is not None:
            found = [f for f in found if f.subject_id == location_filter]
        findings.extend(found)
    findings.sort(key=lambda f: (f.subject_id, f.row_label, f.aspect.value, f.published_date))
    return findings
