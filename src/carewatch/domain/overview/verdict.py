"""Is this trust getting better? One verdict in plain English, with its evidence.

The overview reads eight parts of the evidence from a `TrustFacts` snapshot. Each part gets
a sentence, a direction and the page that shows its detail:

=============  =================================================================  ==========
part           better / worse                                                      detail
=============  =================================================================  ==========
ratings        the latest overall rating against the one before (else the key     history
               questions' balance between the last two inspections)
oversight      worse while in intensive support (special measures, the RSP,        timeline
regime         segments 4 and 5); better within two years of leaving it
enforcement    worse while an enforcement action is in force                        enforcement
must-dos       worse when one is overdue; better when some are met and none open   improvement
                                                                                    plan
measures       of the measures linked to must-dos with a figure in the last six     performance
               months: more special cause improvement than concern is better, more
               concern than improvement worse
commitments    worse when one is broken or overdue; better when some were kept      timeline
incidents      never better or worse: how many are reported does not say whether    incidents
               care is safer (more reporting often means a more open culture)
feedback       of the top themes' negative share charts: more improving than        feedback
               concerning is better, the reverse worse
=============  =================================================================  ==========

A part with nothing recorded, or whose latest figure is more than six months old
(`STALE_AFTER_DAYS`), is *missing*: it says so in words ("the latest out-of-area placements
figure is from February 2017") and never counts towards the verdict. The verdict is, in this
order:

1. **Not enough evidence** when fewer than three parts have evidence, or none of the three
   that show a trend in care (ratings, must-dos, measures) has any.
2. **Getting worse** when the ratings part is worse: CQC's latest judgement outranks the rest.
3. **Improving** when at least one part is better and none is worse.
4. **Mixed** when some parts are better and some worse.
5. **Not yet improving** when none is better.

docs/overview.md sets the rule out with its limits.

>>> from carewatch.domain.overview.facts import InspectionFact, RegimeFacts, TrustFacts
>>> facts = TrustFacts("RXX", "A trust", dt.date(2021, 6, 1), inspections=(
...     InspectionFact(dt.date(2018, 1, 10), "2017 inspection", "Inadequate"),
...     InspectionFact(dt.date(2020, 1, 15), "2019 inspection", "Requires improvement"),
... ), regime=RegimeFacts("Quality special measures", dt.date(2018, 1, 20), True, 1228))
>>> overview = build_overview(facts)
>>> overview.verdict.label
'Mixed'
>>> overview.headline.split(". ")[0]
'Mixed: better on ratings; worse on oversight regime'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum

from carewatch.domain.overview.facts import (
    Assurance,
    CommitmentOutcome,
    MeasureFact,
    MustDoFact,
    TrustFacts,
    Variation,
)
from carewatch.domain.overview.words import about, compare, count, listed, month, months_span

__all__ = [
    "RECENT_EXIT_DAYS",
    "STALE_AFTER_DAYS",
    "Direction",
    "Evidence",
    "MustDoState",
    "Overview",
    "Topic",
    "Verdict",
    "build_overview",
    "is_stale",
    "key_question_moves",
    "lower_first",
    "must_do_state",
]

STALE_AFTER_DAYS = 183
"""A measure, the incidents or the feedback whose latest figure is for a period ending more
than about six months before the day is out of date. Monthly NHS statistics are published
about two months after the month they count, so six months is two or three missed
publications, not a slow one."""

RECENT_EXIT_DAYS = 730
"""Leaving intensive support counts as a sign of improvement for two years, about the time
CQC takes to re-inspect a trust rated Requires improvement; after that it is history."""

KEY_QUESTIONS = ("Safe", "Effective", "Caring", "Responsive", "Well-led")
"""CQC's five key questions, in CQC's order."""


class Direction(StrEnum):
    """Which way one part of the evidence points."""

    BETTER = "better"
    WORSE = "worse"
    NEUTRAL = "neutral"  # recorded, pointing neither way
    MISSING = "missing"  # nothing recorded, or out of date: it does not count


class Topic(Enum):
    """The parts of the evidence, in the order the overview shows them, each with its words
    and the trust's page that shows its detail (a path under /trusts/{provider id}/)."""

    RATINGS = ("ratings", "ratings", "history")
    REGIME = ("regime", "oversight regime", "timeline")
    ENFORCEMENT = ("enforcement", "enforcement", "enforcement")
    MUST_DOS = ("must_dos", "must-dos", "improvement-plan/public")
    MEASURES = ("measures", "measures", "performance")
    COMMITMENTS = ("commitments", "commitments", "timeline")
    INCIDENTS = ("incidents", "incidents", "incidents/summary")
    FEEDBACK = ("feedback", "feedback", "feedback")

    def __init__(self, key: str, words: str, detail: str) -> None:
        self.key = key
        self.words = words
        self.detail = detail


class Verdict(Enum):
    """The overview's answer, with its words and what it means."""

    IMPROVING = (
        "improving",
        "Improving",
        "Some evidence shows things getting better; none shows them getting worse.",
    )
    MIXED = (
        "mixed",
        "Mixed",
        "Some evidence shows things getting better and some shows them getting worse.",
    )
    NOT_YET_IMPROVING = (
        "not_yet_improving",
        "Not yet improving",
        "Nothing in the evidence shows things getting better yet.",
    )
    GETTING_WORSE = (
        "getting_worse",
        "Getting worse",
        "CQC's latest inspection rated the trust worse than the one before.",
    )
    NOT_ENOUGH_EVIDENCE = (
        "not_enough_evidence",
        "Not enough evidence",
        "Too little is recorded, or up to date, to say.",
    )

    def __init__(self, key: str, label: str, meaning: str) -> None:
        self.key = key
        self.label = label
        self.meaning = meaning


class MustDoState(StrEnum):
    """A must-do as its plan stood on the day."""

    MET = "met"  # every live action verified or closed by its deadline
    MET_LATE = "met_late"  # met, after the latest deadline
    OVERDUE = "overdue"  # an action past its deadline and not finished
    OPEN = "open"  # work to do, none of it late
    NO_ACTIONS = "no_actions"  # no action recorded: whether it was met is not known


def must_do_state(m: MustDoFact) -> MustDoState:
    """Where a must-do stands.

    >>> must_do_state(MustDoFact("MD1", "Fix", dt.date(2020, 1, 15)))
    <MustDoState.NO_ACTIONS: 'no_actions'>
    """
    if m.actions == 0:
        return MustDoState.NO_ACTIONS
    if m.met_on is not None:
        late = m.deadline is not None and m.met_on > m.deadline
        return MustDoState.MET_LATE if late else MustDoState.MET
    return MustDoState.OVERDUE if m.overdue else MustDoState.OPEN


@dataclass(frozen=True)
class Evidence:
    """One part of the evidence: its sentence, direction, and the statements of what is
    missing or out of date (`notes`), said rather than guessed at."""

    topic: Topic
    direction: Direction
    sentence: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overview:
    """The verdict on one trust on one day, its headline and its evidence in `Topic` order."""

    provider_id: str
    name: str
    as_of: dt.date
    verdict: Verdict
    headline: str
    evidence: tuple[Evidence, ...]

    def part(self, topic: Topic) -> Evidence:
        return next(e for e in self.evidence if e.topic is topic)


def is_stale(latest: dt.date | None, as_of: dt.date) -> bool:
    """Whether a figure for a period ending `latest` is out of date on `as_of`.

    >>> is_stale(dt.date(2017, 2, 28), dt.date(2017, 8, 1)), is_stale(None, dt.date(2017, 8, 1))
    (False, True)
    """
    return latest is None or (as_of - latest).days > STALE_AFTER_DAYS


def build_overview(facts: TrustFacts) -> Overview:
    """The verdict on the trust of `facts` with its evidence (see the module's rule)."""
    parts = (
        _ratings(facts),
        _regime(facts),
        _enforcement(facts),
        _must_dos(facts),
        _measures(facts),
        _commitments(facts),
        _incidents(facts),
        _feedback(facts),
    )
    verdict = _verdict(parts)
    return Overview(
        facts.provider_id, facts.name, facts.as_of, verdict, _headline(verdict, parts), parts
    )


def _verdict(parts: Sequence[Evidence]) -> Verdict:
    evidenced = [p for p in parts if p.direction is not Direction.MISSING]
    trend = {Topic.RATINGS, Topic.MUST_DOS, Topic.MEASURES}
    if len(evidenced) < 3 or not any(p.topic in trend for p in evidenced):
        return Verdict.NOT_ENOUGH_EVIDENCE
    if parts[0].direction is Direction.WORSE:
        return Verdict.GETTING_WORSE
    better = any(p.direction is Direction.BETTER for p in parts)
    worse = any(p.direction is Direction.WORSE for p in parts)
    if better and not worse:
        return Verdict.IMPROVING
    if better:
        return Verdict.MIXED
    return Verdict.NOT_YET_IMPROVING


def _headline(verdict: Verdict, parts: Sequence[Evidence]) -> str:
    better = [p.topic.words for p in parts if p.direction is Direction.BETTER]
    worse = [p.topic.words for p in parts if p.direction is Direction.WORSE]
    missing = [p.topic.words for p in parts if p.direction is Direction.MISSING]
    if verdict is Verdict.NOT_ENOUGH_EVIDENCE:
        known = len(parts) - len(missing)
        text = (
            f"Not enough evidence to say: {known} of the {len(parts)} parts of the evidence "
            f"{'is' if known == 1 else 'are'} recorded and up to date."
        )
        return text
    if verdict is Verdict.GETTING_WORSE:
        others = [w for w in worse if w != Topic.RATINGS.words]
        text = "Getting worse: CQC's latest inspection rated the trust worse than the one before"
        text += f"; worse also on {listed(others)}." if others else "."
    elif verdict is Verdict.IMPROVING:
        text = f"Improving: better on {listed(better)}, and nothing shows things getting worse."
    elif verdict is Verdict.MIXED:
        text = f"Mixed: better on {listed(better)}; worse on {listed(worse)}."
    elif worse:
        text = f"Not yet improving: worse on {listed(worse)}, and nothing yet shows improvement."
    else:
        text = "Not yet improving: nothing in the evidence shows improvement yet."
    if missing:
        text += f" Missing or out of date: {listed(missing)}."
    return text


def _ratings(f: TrustFacts) -> Evidence:
    notes: list[str] = []
    if f.next_inspection_due is not None and f.next_inspection_due < f.as_of:
        notes.append(
            f"CQC's next inspection was due by {month(f.next_inspection_due)}; "
            "no later report is recorded."
        )
    if not f.inspections:
        return Evidence(
            Topic.RATINGS,
            Direction.MISSING,
            "No CQC rating of the trust as a whole is recorded.",
            tuple(notes),
        )
    latest = f.inspections[-1]
    if len(f.inspections) == 1:
        only = f"{latest.overall} overall" if latest.overall else "without an overall rating"
        return Evidence(
            Topic.RATINGS,
            Direction.MISSING,
            f"Only one report is recorded ({only}, {month(latest.published)}): there is "
            "nothing to compare it with.",
            tuple(notes),
        )
    sentences: list[str] = []
    overall_way: str | None = None
    rated = [i for i in f.inspections if i.overall]
    if latest.overall is None:
        sentences.append(f"The latest report ({month(latest.published)}) gave no overall rating.")
    if len(rated) >= 2:
        now, before = rated[-1], rated[-2]
        overall_way = compare(now.overall, before.overall)
        how = {"better": "better than", "worse": "worse than", "same": "the same as"}
        sentences.append(
            f"Rated {now.overall} overall in {month(now.published)}, "
            f"{how.get(overall_way or '', 'unlike')} {before.overall} in {month(before.published)}."
        )
    elif rated:
        sentences.append(f"Rated {rated[-1].overall} overall in {month(rated[-1].published)}.")
    moved = key_question_moves(f)
    kq_better = [kq for kq, way, *_ in moved if way == "better"]
    kq_worse = [kq for kq, way, *_ in moved if way == "worse"]
    if moved:
        said = [
            f"{kq.lower()} stayed {now}"
            if way == "same"
            else f"{kq.lower()} {'rose' if way == 'better' else 'fell'} from {before} to {now}"
            for kq, way, before, now in moved
        ]
        sentences.append(f"At the latest report ({month(latest.published)}), {listed(said)}.")
    if overall_way in ("better", "worse"):
        way = Direction(overall_way)
    elif len(kq_better) > len(kq_worse):
        way = Direction.BETTER
    elif len(kq_worse) > len(kq_better):
        way = Direction.WORSE
    elif overall_way or moved:
        way = Direction.NEUTRAL
    else:
        way = Direction.MISSING
        sentences.append("No two reports rated the same thing, so they cannot be compared.")
    return Evidence(Topic.RATINGS, way, " ".join(sentences), tuple(notes))


def key_question_moves(f: TrustFacts) -> list[tuple[str, str, str, str]]:
    """Each key question the latest report rated, with which way it moved since the report
    before that rated it: (key question, way, before, now)."""
    latest, earlier = f.inspections[-1], f.inspections[:-1]
    moves = []
    for kq in KEY_QUESTIONS:
        now = latest.rating(kq)
        before = next((i.rating(kq) for i in reversed(earlier) if i.rating(kq)), None)
        way = compare(now, before)
        if now and before and way:
            moves.append((kq, way, before, now))
    return moves


def _regime(f: TrustFacts) -> Evidence:
    r = f.regime
    since = f" since {month(r.since)} ({about((f.as_of - r.since).days)})" if r.since else ""
    in_all = (
        f"{about(r.intensive_days)} in intensive support (special measures or the Recovery "
        "Support Programme) in all"
    )
    if r.intensive:
        text = f"In {r.label}{since}: intensive support; {in_all}."
        return Evidence(Topic.REGIME, Direction.WORSE, text)
    left = r.left_intensive
    if left is not None and (f.as_of - left).days <= RECENT_EXIT_DAYS:
        after = in_all.removesuffix(" in all")
        text = f"Left intensive support in {month(left)}, after {after}; now in {r.label}."
        return Evidence(Topic.REGIME, Direction.BETTER, text)
    text = f"In {r.label}{since}." if r.since else f"{r.label}."
    if left is not None:
        text += (
            f" It left intensive support in {month(left)}, after {about(r.intensive_days)} in it."
        )
    return Evidence(Topic.REGIME, Direction.NEUTRAL, text)


def _enforcement(f: TrustFacts) -> Evidence:
    known = [e for e in f.enforcement if e.issued <= f.as_of]
    open_now = [e for e in known if e.open_on(f.as_of)]
    if open_now:
        listed_open = listed([f"{e.title} (issued {month(e.issued)})" for e in open_now])
        text = f"{count(len(open_now), 'enforcement action')} in force: {listed_open}."
        return Evidence(Topic.ENFORCEMENT, Direction.WORSE, text)
    ended = [(e.ended, e.issued, e.title) for e in known if e.ended is not None]
    text = "No enforcement action is in force."
    if ended:
        end, issued, title = max(ended)
        text += f" The last to end, {title} (issued {month(issued)}), ended in {month(end)}."
    return Evidence(Topic.ENFORCEMENT, Direction.NEUTRAL, text)


def _must_dos(f: TrustFacts) -> Evidence:
    if not f.must_dos:
        return Evidence(Topic.MUST_DOS, Direction.MISSING, "No must-dos are recorded.")
    states = [(m, must_do_state(m)) for m in f.must_dos]
    known = [(m, s) for m, s in states if s is not MustDoState.NO_ACTIONS]
    unknown = [m for m, s in states if s is MustDoState.NO_ACTIONS]
    notes = []
    if unknown:
        span = months_span(min(m.reported for m in unknown), max(m.reported for m in unknown))
        were = "whether it was met" if len(unknown) == 1 else "whether they were met"
        notes.append(
            f"{count(len(unknown), 'must-do')} from {span} "
            f"{'has' if len(unknown) == 1 else 'have'} no actions recorded, so {were} is not known."
        )
    if not known:
        return Evidence(
            Topic.MUST_DOS,
            Direction.MISSING,
            "No must-do has actions recorded, so none can be followed.",
            tuple(notes),
        )
    n = {s: sum(1 for _, st in known if st is s) for s in MustDoState}
    span = months_span(min(m.reported for m, _ in known), max(m.reported for m, _ in known))
    text = (
        f"Of {count(len(known), 'must-do')} from {span} with actions recorded: "
        f"{n[MustDoState.MET]} met on time, {n[MustDoState.MET_LATE]} met late, "
        f"{n[MustDoState.OPEN]} open and {n[MustDoState.OVERDUE]} overdue."
    )
    if n[MustDoState.OVERDUE]:
        way = Direction.WORSE
    elif n[MustDoState.OPEN] == 0:
        way = Direction.BETTER
    else:
        way = Direction.NEUTRAL
    return Evidence(Topic.MUST_DOS, way, text, tuple(notes))


def lower_first(name: str) -> str:
    """`name` with its first letter lowered unless it starts an abbreviation ("ADHD").

    >>> lower_first("Out of area placements"), lower_first("ADHD: median wait")
    ('out of area placements', 'ADHD: median wait')
    """
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _stale_notes(measures: Sequence[MeasureFact], as_of: dt.date) -> list[str]:
    """One statement per month of the measures whose latest figure is out of date."""
    by_month: dict[dt.date, list[str]] = {}
    for m in measures:
        if m.latest is not None and is_stale(m.latest, as_of):
            by_month.setdefault(m.latest.replace(day=1), []).append(lower_first(m.name))
    notes = []
    for first, names in sorted(by_month.items()):
        if len(names) == 1:
            notes.append(f"The latest {names[0]} figure is from {month(first)}.")
        else:
            notes.append(f"The latest figures for {listed(names)} are from {month(first)}.")
    return notes


def _measures(f: TrustFacts) -> Evidence:
    linked = [m for m in f.measures if m.linked]
    notes = _stale_notes([m for m in f.measures if not m.linked], f.as_of)
    if not linked:
        return Evidence(
            Topic.MEASURES,
            Direction.MISSING,
            "No measure with figures is linked to a must-do.",
            tuple(notes),
        )
    v = {x: sum(1 for m in linked if m.variation is x) for x in Variation}
    a = {x: sum(1 for m in linked if m.assurance is x) for x in Assurance}
    text = (
        f"Of {count(len(linked), 'measure')} linked to must-dos: "
        f"{v[Variation.IMPROVEMENT]} improving, {v[Variation.CONCERN]} concerning and "
        f"{v[Variation.COMMON_CAUSE] + v[Variation.NEUTRAL]} without a significant change"
    )
    if v[Variation.NO_CHART]:
        text += f", {v[Variation.NO_CHART]} with too few figures for a chart"
    with_target = len(linked) - a[Assurance.NONE]
    if with_target:
        text += (
            f"; against their targets {a[Assurance.ASSURED]} assured, "
            f"{a[Assurance.NOT_ASSURED]} not assured and {a[Assurance.HIT_AND_MISS]} hit and miss"
        )
    text += "."
    illustrative = sum(1 for m in linked if m.illustrative)
    if illustrative:
        notes.insert(
            0,
            f"The figures of {count(illustrative, 'linked measure')} are illustrative, "
            "not published statistics.",
        )
    fresh = [m for m in linked if not is_stale(m.latest, f.as_of)]
    stale = [m for m in linked if is_stale(m.latest, f.as_of)]
    if stale:
        latest = max((m.latest for m in stale if m.latest), default=None)
        since = f" since {month(latest)}" if latest else ""
        notes.insert(
            0,
            f"{count(len(stale), 'linked measure')} {'has' if len(stale) == 1 else 'have'} "
            f"no figure{since} and {'does' if len(stale) == 1 else 'do'} not count "
            "towards the verdict.",
        )
    if not fresh:
        return Evidence(Topic.MEASURES, Direction.MISSING, text, tuple(notes))
    improving = sum(1 for m in fresh if m.variation is Variation.IMPROVEMENT)
    concerning = sum(1 for m in fresh if m.variation is Variation.CONCERN)
    way = (
        Direction.BETTER
        if improving > concerning
        else Direction.WORSE
        if concerning > improving
        else Direction.NEUTRAL
    )
    return Evidence(Topic.MEASURES, way, text, tuple(notes))


def _commitments(f: TrustFacts) -> Evidence:
    made = [c for c in f.commitments if c.made_on <= f.as_of]
    if not made:
        return Evidence(Topic.COMMITMENTS, Direction.MISSING, "No public commitments are recorded.")
    n = {o: sum(1 for c in made if c.outcome is o) for o in CommitmentOutcome}
    overdue = sum(1 for c in made if c.overdue)
    text = (
        f"Of {count(len(made), 'public commitment')}: {n[CommitmentOutcome.KEPT]} kept, "
        f"{n[CommitmentOutcome.KEPT_LATE]} kept late, {n[CommitmentOutcome.BROKEN]} broken and "
        f"{n[CommitmentOutcome.OPEN]} not recorded as kept"
    )
    text += f" ({overdue} of them past their due date)." if overdue else "."
    if n[CommitmentOutcome.BROKEN] or overdue:
        way = Direction.WORSE
    elif n[CommitmentOutcome.KEPT] or n[CommitmentOutcome.KEPT_LATE]:
        way = Direction.BETTER
    else:
        way = Direction.NEUTRAL
    return Evidence(Topic.COMMITMENTS, way, text)


def _incidents(f: TrustFacts) -> Evidence:
    i = f.incidents
    if i is None or i.total == "0" or i.latest is None:
        return Evidence(Topic.INCIDENTS, Direction.MISSING, "No incidents are recorded here.")
    text = f"{i.total} incidents reported, the latest in {month(i.latest)}."
    if i.missed:
        text += " Duty deadlines missed: " + listed([f"{d} ({n})" for d, n in i.missed]) + "."
    if is_stale(i.latest, f.as_of):
        note = (
            f"No incident reported since {month(i.latest)} is recorded: the record is out of date."
        )
        return Evidence(Topic.INCIDENTS, Direction.MISSING, text, (note,))
    return Evidence(Topic.INCIDENTS, Direction.NEUTRAL, text)


def _feedback(f: TrustFacts) -> Evidence:
    fb = f.feedback
    if fb is None or fb.comments == 0 or fb.latest is None:
        return Evidence(Topic.FEEDBACK, Direction.MISSING, "No feedback is recorded here.")
    text = f"{count(fb.comments, 'comment')}"
    if fb.with_sentiment:
        share = round(100 * fb.negative / fb.with_sentiment)
        text += f", {share}% of those with a sentiment negative"
    text += f", the latest in {month(fb.latest)}."
    improving = [t.theme for t in fb.themes if t.signal is Variation.IMPROVEMENT]
    concerning = [t.theme for t in fb.themes if t.signal is Variation.CONCERN]
    if improving:
        text += f" Fewer negative comments about {listed(improving)}."
    if concerning:
        text += f" More negative comments about {listed(concerning)}."
    charted = [t for t in fb.themes if t.signal is not Variation.NO_CHART]
    if fb.themes and not charted:
        text += " Too few months of comments to chart any theme."
    if is_stale(fb.latest, f.as_of):
        note = f"No comment since {month(fb.latest)} is recorded: the feedback is out of date."
        return Evidence(Topic.FEEDBACK, Direction.MISSING, text, (note,))
    way = (
        Direction.BETTER
        if len(improving) > len(concerning)
        else Direction.WORSE
        if len(concerning) > len(improving)
        else Direction.NEUTRAL
    )
    return Evidence(Topic.FEEDBACK, way, text)
