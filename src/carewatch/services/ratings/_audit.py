"""The audit: stored aggregates whose published rating departs from the rules' proposal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import ColumnElement, Connection, and_, or_, select, true

from carewatch.domain.ratings import Aggregate, NonRating, Rating
from carewatch.services.errors import NotFound
from carewatch.services.ratings._cells import latest_by_unit
from carewatch.services.ratings._facts import Fact, load_facts
from carewatch.services.ratings._proposals import Basis, bases_for_provider, is_social_care, propose
from carewatch.services.ratings._read import service_names
from carewatch.services.ratings.models import AuditFinding
from carewatch.store.tables.ratings import RATINGS
from carewatch.store.tables.register import LOCATIONS, PROVIDERS

__all__ = ["audit"]

P = PROVIDERS.c
L = LOCATIONS.c
R = RATINGS.c
_RATING_WORDS = tuple(r.value for r in Rating)


def _as_rules_gave_then(fact: Fact, basis: Basis) -> bool:
    """Whether ratings beneath came after it and the rules applied to those dated on or before
    it give the published rating: then it is what the rules gave at the time."""
    if not any(u.latest.rating_date > fact.rating_date for u in basis.underlying):
        return False
    before = propose(basis, on_or_before=fact.rating_date)
    return before is not None and before.rating == fact.rating


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
    # Only a unit with a stored proposal that differs from one of its published ratings can
    # depart: the others need no basis.
    candidates = {
        f.unit
        for f in facts
        if f.proposed_rating is not None
        and f.proposed_rating != f.rating_word
        and isinstance(f.rating, Rating)
    }
    bases = bases_for_provider(facts, social_care_locations=social, only=candidates)
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
                as_rules_gave_then=_as_rules_gave_then(fact, basis),
            )
        )
    return findings


def audit(conn: Connection, subject_id: str | None, *, include_history: bool) -> list[AuditFinding]:
    """The findings of the audit (see `queries.audit`), in a fixed number of statements.

    A stored aggregate departs when the proposal stored beside it (kept by every write, see
    `_reaggregate`) differs from its published rating. The audit reads every rating of each
    location with a departing aggregate, and every rating of each provider with a departing
    provider-level aggregate (whose basis spans its locations): all that those aggregates'
    proposals and explanations are built from, as the rules see it when they read the whole
    provider. A location read without the rest of its provider judges its units as the whole
    would: a departing aggregate has a basis, so either its location has a current rating or
    its provider has none. The proposals are computed again for the explanations.
    """
    departs = and_(
        R.rating.in_(_RATING_WORDS),
        R.proposed_rating.is_not(None),
        R.proposed_rating != R.rating,
    )
    # Every rating and location read belongs to the subject: said outright as well, so that
    # PostgreSQL reads one provider's rows by its index instead of scanning the nation's for
    # the OR below (150 ms a trust page at national scale, against 1 ms).
    rating_scope: ColumnElement[bool] = true()
    location_scope: ColumnElement[bool] = true()
    if subject_id is not None:
        if conn.execute(select(P.provider_id).where(P.provider_id == subject_id)).first():
            departs = and_(departs, R.provider_id == subject_id)
            rating_scope, location_scope = R.provider_id == subject_id, L.provider_id == subject_id
        elif conn.execute(select(L.location_id).where(L.location_id == subject_id)).first():
            # A location's audit covers its own aggregates, built from its own ratings.
            departs = and_(departs, R.location_id == subject_id)
            rating_scope, location_scope = R.location_id == subject_id, L.location_id == subject_id
        else:
            raise NotFound("provider or location", subject_id)
    whole = select(R.provider_id).where(departs, R.location_id.is_(None))
    at = select(R.location_id).where(departs, R.location_id.is_not(None))
    facts = load_facts(
        conn, where=and_(rating_scope, or_(R.provider_id.in_(whole), R.location_id.in_(at)))
    )
    if not facts:
        return []
    located = (
        select(L.location_id, L.name, L.location_type, P.provider_type)
        .join(PROVIDERS, P.provider_id == L.provider_id)
        .where(location_scope, or_(L.provider_id.in_(whole), L.location_id.in_(at)))
    )
    names: dict[str, str] = {}
    social: set[str] = set()
    for location_id, name, location_type, provider_type in conn.execute(located).all():
        if name:
            names[location_id] = name
        if is_social_care(location_type, provider_type):
            social.add(location_id)
    names.update(service_names(conn))
    providers = select(P.provider_id, P.name).where(
        P.provider_id.in_(select(R.provider_id).where(departs))
    )
    provider_names = {k: v or k for k, v in conn.execute(providers).all()}
    by_provider: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_provider[fact.provider_id].append(fact)
    social_care = frozenset(social)
    findings: list[AuditFinding] = []
    for pid in sorted(by_provider):
        findings.extend(
            _findings_for(
                by_provider[pid],
                social=social_care,
                names=names,
                provider_name=provider_names.get(pid, pid),
                include_history=include_history,
            )
        )
    findings.sort(key=lambda f: (f.subject_id, f.row_label, f.aspect.value, f.published_date))
    return findings
