"""The questions the evidence raises, for a Member of Parliament's brief: each one asked of
a fact in the snapshot, in the order of the overview's parts, never of a guess.

- ratings: a key question rated worse at the latest report than at the one before; a
  re-inspection past its due date;
- regime: still in intensive support;
- enforcement: each action in force;
- must-dos: those still open or overdue, by the month of the report that set them ("Why are
  3 of 5 must-dos from January 2020 still open?"); those with no actions recorded;
- measures: each linked measure showing special cause concern, and those not assured of
  meeting their targets; figures out of date;
- commitments: each broken, and each past its due date and not recorded as kept;
- incidents and feedback: duty deadlines missed; themes with more negative comments; a
  record out of date.

>>> from carewatch.domain.overview.facts import MustDoFact, TrustFacts
>>> day = dt.date(2020, 1, 15)
>>> dos = tuple(MustDoFact(f"MD{n}", "Fix it", day, 1, dt.date(2020, 6, 30),
...             met_on=dt.date(2020, 6, 1) if n > 3 else None, overdue=n == 1)
...             for n in range(1, 6))
>>> questions(TrustFacts("RXX", "A trust", dt.date(2021, 1, 1), must_dos=dos))[:1]
['Why are 3 of 5 must-dos from January 2020 still open, 1 of them overdue?']
"""

from __future__ import annotations

import datetime as dt

from carewatch.domain.overview.facts import (
    Assurance,
    CommitmentOutcome,
    TrustFacts,
    Variation,
)
from carewatch.domain.overview.verdict import (
    MustDoState,
    is_stale,
    key_question_moves,
    lower_first,
    must_do_state,
)
from carewatch.domain.overview.words import about, count, listed, month, months_span

__all__ = ["questions"]


def questions(facts: TrustFacts) -> list[str]:
    """The questions the evidence of `facts` raises (see the module), each a sentence."""
    f = facts
    asked: list[str] = []
    if len(f.inspections) >= 2:
        for kq, way, before, now in key_question_moves(f):
            if way == "worse":
                asked.append(
                    f"Why was {kq.lower()} rated {now} in {month(f.inspections[-1].published)}, "
                    f"down from {before}?"
                )
    if f.next_inspection_due is not None and f.next_inspection_due < f.as_of:
        asked.append(
            f"When will CQC inspect the trust again? Its next inspection was due by "
            f"{month(f.next_inspection_due)}."
        )
    if f.regime.intensive and f.regime.since is not None:
        asked.append(
            f"When does the trust expect to leave {f.regime.label}, after "
            f"{about((f.as_of - f.regime.since).days)} in it?"
        )
    for e in f.enforcement:
        if e.open_on(f.as_of):
            asked.append(
                f"What is left to do before the {e.title} (issued {month(e.issued)}) can end?"
            )
    asked += _must_do_questions(f)
    asked += _measure_questions(f)
    for c in f.commitments:
        if c.made_on > f.as_of:
            continue
        made = f"{c.by}, {month(c.made_on)}"
        if c.outcome is CommitmentOutcome.BROKEN:
            asked.append(f"Why was the commitment “{c.what}” ({made}) not kept?")
        elif c.overdue and c.due is not None:
            asked.append(
                f"Was the commitment “{c.what}” ({made}) kept? It was due by {month(c.due)} "
                "and is not recorded as kept."
            )
    if f.incidents is not None and f.incidents.missed:
        duties = listed([d for d, _ in f.incidents.missed])
        asked.append(f"Why were deadlines missed for {duties}?")
    if f.feedback is not None:
        rising = [t.theme for t in f.feedback.themes if t.signal is Variation.CONCERN]
        if rising:
            asked.append(
                f"What is being done about the rise in negative comments on {listed(rising)}?"
            )
        if f.feedback.latest is not None and is_stale(f.feedback.latest, f.as_of):
            asked.append(
                f"Why is the latest feedback recorded from {month(f.feedback.latest)}? What do "
                "patients and families say now?"
            )
    return asked


def _must_do_questions(f: TrustFacts) -> list[str]:
    by_report: dict[tuple[int, int], list[MustDoState]] = {}
    first: dict[tuple[int, int], dt.date] = {}
    unknown = []
    for m in f.must_dos:
        state = must_do_state(m)
        if state is MustDoState.NO_ACTIONS:
            unknown.append(m.reported)
            continue
        key = (m.reported.year, m.reported.month)
        by_report.setdefault(key, []).append(state)
        first.setdefault(key, m.reported)
    asked = []
    for key, states in sorted(by_report.items()):
        still = [s for s in states if s in (MustDoState.OPEN, MustDoState.OVERDUE)]
        overdue = states.count(MustDoState.OVERDUE)
        if not still:
            continue
        question = (
            f"Why {'is' if len(still) == 1 else 'are'} {len(still)} of "
            f"{count(len(states), 'must-do')} from {month(first[key])} still open"
        )
        question += f", {overdue} of them overdue?" if overdue else "?"
        asked.append(question)
    if unknown:
        asked.append(
            f"What became of the {count(len(unknown), 'must-do')} from "
            f"{months_span(min(unknown), max(unknown))} with no actions recorded?"
        )
    return asked


def _measure_questions(f: TrustFacts) -> list[str]:
    linked = [m for m in f.measures if m.linked]
    asked = [
        f"What is being done about {lower_first(m.name)}, which shows special cause concern?"
        for m in linked
        if m.variation is Variation.CONCERN and not is_stale(m.latest, f.as_of)
    ]
    failing = [m for m in linked if m.assurance is Assurance.NOT_ASSURED]
    if failing:
        asked.append(
            f"{len(failing)} of the measures linked to must-dos are not assured of meeting "
            "their targets: when will they meet them?"
            if len(failing) > 1
            else f"When will {lower_first(failing[0].name)} meet its target? It is not assured to."
        )
    stale = [m.latest for m in f.measures if m.latest is not None and is_stale(m.latest, f.as_of)]
    if stale:
        asked.append(
            f"Why are the latest figures of {count(len(stale), 'measure')} out of date, the "
            f"oldest from {month(min(stale))}?"
        )
    return asked
