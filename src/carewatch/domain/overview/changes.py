"""What changed since the last inspection, as of any day.

"The last inspection" is the latest report on or before the day that rated the trust
overall (a whole-trust inspection; `TrustFacts.last_inspection`). Since its publication:

- the trust's key questions and overall, and its core services, whose published rating moved
  (a later report rating them differently: better, worse, or from nothing);
- must-dos met since, and must-dos still open or overdue on the day (whenever reported);
- measures whose Making Data Count chart moved into special cause: no signal (or no chart)
  with the figures published by the inspection, a special cause signal now;
- enforcement issued or ended since, and every change of oversight regime since.

Nothing here is judged better or worse except a rating's move; the verdict
(`carewatch.domain.overview.verdict`) does the judging.

>>> from carewatch.domain.overview.facts import InspectionFact, TrustFacts, EnforcementFact
>>> facts = TrustFacts("RXX", "A trust", dt.date(2021, 6, 1), inspections=(
...     InspectionFact(dt.date(2020, 1, 15), "2019 inspection", "Requires improvement"),
... ), enforcement=(EnforcementFact("Warning notice", dt.date(2019, 4, 1), dt.date(2020, 9, 1)),))
>>> changes = changes_since_inspection(facts)
>>> changes.lines()
['Enforcement ended: Warning notice (issued April 2019) ended in September 2020.']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carewatch.domain.overview.facts import (
    EnforcementFact,
    InspectionFact,
    MeasureFact,
    MustDoFact,
    RegimeMove,
    ServiceRating,
    TrustFacts,
)
from carewatch.domain.overview.verdict import KEY_QUESTIONS, MustDoState, must_do_state
from carewatch.domain.overview.words import compare, month

__all__ = ["Changes", "RatingMove", "changes_since_inspection"]

TRUST = "the trust"
"""The subject of a trust-level rating in a `RatingMove`."""

OVERALL = "Overall"


@dataclass(frozen=True)
class RatingMove:
    """A rating that moved: whose (`TRUST` or a core service), which aspect (a key question
    or "Overall"), from what (None when it had no rating) to what, and when published."""

    subject: str
    aspect: str
    before: str | None
    after: str
    on: dt.date

    @property
    def way(self) -> str:
        """ "better" or "worse"; "first rating" when it had none before; "changed" when the two
        do not compare (e.g. from "Not rated")."""
        if self.before is None:
            return "first rating"
        return compare(self.after, self.before) or "changed"

    @property
    def sentence(self) -> str:
        what = "overall rating" if self.aspect == OVERALL else f"{self.aspect.lower()} rating"
        lead = f"The trust's {what}" if self.subject == TRUST else f"{self.subject}, {what}"
        if self.before is None:
            return (
                f"{lead}: rated {self.after}, published {month(self.on)} "
                "(no earlier rating recorded)."
            )
        return f"{lead}: {self.before} to {self.after} ({self.way}), published {month(self.on)}."


@dataclass(frozen=True)
class Changes:
    """What changed on the trust of a snapshot since its last inspection (`since`, None when
    no report is recorded by the day)."""

    provider_id: str
    as_of: dt.date
    since: InspectionFact | None
    ratings: tuple[RatingMove, ...]
    services: tuple[RatingMove, ...]
    must_dos_met: tuple[MustDoFact, ...]
    must_dos_open: tuple[MustDoFact, ...]
    measures: tuple[MeasureFact, ...]
    enforcement_issued: tuple[EnforcementFact, ...]
    enforcement_ended: tuple[EnforcementFact, ...]
    regime: tuple[RegimeMove, ...]

    @property
    def heading(self) -> str:
        if self.since is None:
            return "No inspection is recorded, so there is nothing to measure change from."
        return f"Since the last inspection, reported in {month(self.since.published)}"

    def lines(self) -> list[str]:
        """Every change as a sentence, in the order: regime, ratings, core services,
        enforcement, must-dos, measures."""
        out = [
            f"Oversight regime: from {m.from_label} to {m.to_label} in {month(m.on)}."
            for m in self.regime
        ]
        out += [m.sentence for m in (*self.ratings, *self.services)]
        out += [
            f"Enforcement issued: {e.title} in {month(e.issued)}." for e in self.enforcement_issued
        ]
        out += [
            f"Enforcement ended: {e.title} (issued {month(e.issued)}) ended in {month(e.ended)}."
            for e in self.enforcement_ended
            if e.ended is not None
        ]
        out += [
            f"Must-do met: {m.reference}, {m.summary.rstrip('.')} ({month(m.met_on)})."
            for m in self.must_dos_met
            if m.met_on is not None
        ]
        out += [
            f"Must-do still {'overdue' if m.overdue else 'open'}: {m.reference}, "
            f"{m.summary.rstrip('.')} (reported {month(m.reported)})."
            for m in self.must_dos_open
        ]
        out += [
            f"Measure now showing special cause {m.variation.value.replace('_', ' ')}: {m.name}."
            for m in self.measures
        ]
        return out


def changes_since_inspection(facts: TrustFacts) -> Changes:
    """What changed on the trust of `facts` since its last inspection (see the module)."""
    since = facts.last_inspection
    day = facts.as_of
    states = [(m, must_do_state(m)) for m in facts.must_dos]
    still_open = tuple(m for m, s in states if s in (MustDoState.OPEN, MustDoState.OVERDUE))
    if since is None:
        return Changes(facts.provider_id, day, None, (), (), (), still_open, (), (), (), ())
    start = since.published
    return Changes(
        provider_id=facts.provider_id,
        as_of=day,
        since=since,
        ratings=_trust_moves(facts.inspections, start),
        services=_service_moves(facts.services_then, facts.services_now, start),
        must_dos_met=tuple(
            m for m, s in states if m.met_on is not None and m.met_on > start and s in _MET
        ),
        must_dos_open=still_open,
        measures=tuple(
            m
            for m in facts.measures
            if m.variation.special_cause
            and not (m.variation_then is not None and m.variation_then.special_cause)
        ),
        enforcement_issued=tuple(e for e in facts.enforcement if start < e.issued <= day),
        enforcement_ended=tuple(
            e for e in facts.enforcement if e.ended is not None and start < e.ended <= day
        ),
        regime=tuple(m for m in facts.regime.moves if start < m.on <= day),
    )


_MET = (MustDoState.MET, MustDoState.MET_LATE)


def _trust_moves(inspections: tuple[InspectionFact, ...], start: dt.date) -> tuple[RatingMove, ...]:
    """Each trust-level rating published after `start` that differs from the one standing
    then (or before it in the same run of later reports)."""
    standing: dict[str, str] = {}
    for i in inspections:
        if i.published <= start:
            standing.update(_ratings_of(i))
    moves = []
    for i in inspections:
        if i.published <= start:
            continue
        for aspect, rating in _ratings_of(i).items():
            if standing.get(aspect) != rating:
                moves.append(RatingMove(TRUST, aspect, standing.get(aspect), rating, i.published))
            standing[aspect] = rating
    return tuple(moves)


def _ratings_of(i: InspectionFact) -> dict[str, str]:
    found = dict(i.key_questions)
    ordered = {kq: found[kq] for kq in KEY_QUESTIONS if kq in found}
    return ordered | ({OVERALL: i.overall} if i.overall else {})


def _service_moves(
    then: tuple[ServiceRating, ...], now: tuple[ServiceRating, ...], start: dt.date
) -> tuple[RatingMove, ...]:
    """Each core service rating standing now, published after `start`, that differs from
    the one standing at `start`."""
    before = {(r.service, r.aspect): r.rating for r in then}
    return tuple(
        RatingMove(r.service, r.aspect, before.get((r.service, r.aspect)), r.rating, r.published)
        for r in now
        if r.published > start and before.get((r.service, r.aspect)) != r.rating
    )
