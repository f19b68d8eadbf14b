"""The board report's sections, each built from the services' read models alone.

A section is a frozen value with its anchor (`key`), its heading (`title`) and the template
that draws it. `board_sections` lists them in the order the board reads them; a builder that
finds nothing to say for its trust (no incidents, no feedback) returns None and the section
is left out, so the contents never promise an empty page.

One section has a named place but no builder yet, because the area it reads is not built:
the trust overview's verdict goes first, ahead of the measures. It is not faked: until its
service exists the report has no such section. The top risks from the risk register follow
the improvement plan, for a reader who may read the register, when the trust has any.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from markupsafe import Markup

from carewatch.domain.incidents import Duty, IncidentSummary
from carewatch.domain.metrics import DataVersionRef, MeasurementFrequency, SeriesPoint, Unit
from carewatch.domain.oversight import OversightStatus
from carewatch.domain.plans import FINISHED, ActionStatus, EscalationLevel, FindingKind
from carewatch.domain.spc import PointType, variation_icon
from carewatch.reports.board_period import ReportPeriod
from carewatch.reports.spc_svg import (
    assurance_icon_svg,
    fmt,
    spc_legend_svg,
    spc_svg,
    variation_icon_svg,
)
from carewatch.services.feedback import FeedbackSummary
from carewatch.services.metrics import SummaryRow
from carewatch.services.plans import ActionSummary, EscalationRecord, ImprovementPlan
from carewatch.services.risks import RiskView

__all__ = [
    "ActionRow",
    "BoardInputs",
    "BoardReport",
    "ChartsSection",
    "DataVersionRow",
    "FeedbackSection",
    "IncidentsSection",
    "MeasureChart",
    "MeasureRow",
    "OversightSection",
    "PlanSection",
    "RiskRow",
    "RisksSection",
    "Section",
    "SourcesSection",
    "SummarySection",
    "ThemeRow",
    "board_sections",
    "build_board_report",
    "is_stale",
    "stale_after_days",
]


@dataclass(frozen=True)
class BoardInputs:
    """Everything a board report is made from, as the services returned it.

    `escalations` are those recorded for the plan's overdue actions by the report's date.
    `restricted` is True when the reader may see the trust's restricted data (then the plan
    names owners below board level, as the plan's own pages do for that reader).
    """

    provider_id: str
    trust_name: str
    period: ReportPeriod
    made_at: dt.datetime
    data_version: int
    measures: tuple[SummaryRow, ...]
    plan: ImprovementPlan
    escalations: tuple[EscalationRecord, ...]
    oversight: OversightStatus
    incidents: IncidentSummary | None
    feedback: FeedbackSummary | None
    restricted: bool = False
    risks: tuple[RiskView, ...] = ()


@dataclass(frozen=True)
class Section:
    """One part of the report: its anchor, heading and template (set by each kind)."""

    key: ClassVar[str]
    title: ClassVar[str]
    template: ClassVar[str]


# --- The measures -------------------------------------------------------------------------

PERIOD_DAYS = {
    MeasurementFrequency.WEEKLY: 7,
    MeasurementFrequency.MONTHLY: 31,
    MeasurementFrequency.QUARTERLY: 92,
    MeasurementFrequency.ANNUAL: 366,
}
"""The longest a period of each frequency lasts, in days."""


def stale_after_days(frequency: MeasurementFrequency) -> int:
    """How long after its period ends a measure's latest value may be the latest: one period
    for the next value to happen and one more for it to be published (NHS England's monthly
    statistics come out about six weeks after the month), as SPCreporter's allowable lag.

    >>> stale_after_days(MeasurementFrequency.MONTHLY)
    62
    """
    return 2 * PERIOD_DAYS[frequency]


def is_stale(latest: SeriesPoint, frequency: MeasurementFrequency, as_of: dt.date) -> bool:
    """True when the report's date is more than `stale_after_days` after the latest
    period's end: a newer value should have come by now.

    >>> from carewatch.domain.metrics import DataKind, DataVersionRef, StoredObservation
    >>> v = DataVersionRef(1, DataKind.METRIC_CSV, "a.csv", "", None, "1")
    >>> p = SeriesPoint(StoredObservation(
    ...     dt.date(2024, 1, 1), dt.date(2024, 1, 31), 5.0, False, None, None, "", v), ())
    >>> is_stale(p, MeasurementFrequency.MONTHLY, dt.date(2024, 4, 2))
    False
    >>> is_stale(p, MeasurementFrequency.MONTHLY, dt.date(2024, 4, 3))
    True
    """
    return (as_of - latest.period_end).days > stale_after_days(frequency)


def _with_unit(value: float | None, unit: Unit) -> str:
    if value is None:
        return ""
    if unit is Unit.PERCENT:
        return f"{fmt(value)}%"
    return fmt(value) if unit is Unit.COUNT else f"{fmt(value)} {unit.label}"


def _shown(point: SeriesPoint, unit: Unit) -> str:
    if point.current.suppressed:
        return "fewer than 5" if point.current.version.kind.value == "incidents" else "Suppressed"
    return _with_unit(point.value, unit)


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def as_image(svg: Markup, alt: str, css_class: str) -> Markup:
    """`svg` as an image of the report's own inline data (a `data:` URL), still vector.

    WeasyPrint reads an SVG image with an XML parser in C, and leaves its elements out of the
    HTML's style cascade; drawn inline instead, sixty charts' thousands of elements went
    through both, which took most of the PDF's time. The words stay in the document: `alt`,
    and the numbers and labels printed beside every chart and icon.

    >>> as_image(Markup('<svg xmlns="http://www.w3.org/2000/svg"/>'), "A chart", "chart")[:64]
    Markup('<img class="chart" alt="A chart" src="data:image/svg+xml;base64,')
    >>> as_image(Markup(""), "Nothing", "icon")
    Markup('')
    """
    if not svg:
        return Markup("")
    data = base64.b64encode(str(svg).encode("utf-8")).decode("ascii")
    return Markup('<img class="{}" alt="{}" src="data:image/svg+xml;base64,{}">').format(
        css_class, alt, Markup(data)
    )


@dataclass(frozen=True)
class MeasureRow:
    """One row of the summary icon table, in words, with its two icons as SVG."""

    code: str
    name: str
    better: str
    latest: str
    latest_period: str
    target: str
    variation: str
    variation_svg: Markup
    assurance: str
    assurance_svg: Markup
    owners: tuple[str, ...]
    source: str  # the data version of the latest value
    data_source: str  # where the measure's data comes from, as its definition says
    data_quality: tuple[str, ...]
    stale: bool
    charted: bool  # the charts section draws it


def _owners(plan: ImprovementPlan) -> dict[str, tuple[str, ...]]:
    """Each metric's owners: those of the plan's actions that it measures (cancelled ones
    left out), as the plan shows them to the reader."""
    found: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.status is ActionStatus.CANCELLED:
            continue
        for link in action.metrics:
            names = found.setdefault(link.metric_code, [])
            if action.owner.internal_name not in names:
                names.append(action.owner.internal_name)
    return {code: tuple(names) for code, names in found.items()}


def _target(row: SummaryRow) -> str:
    target = row.definition.target
    if target is None:
        return "No target"
    return f"{_with_unit(target.value, row.definition.unit)} ({target.kind.label.lower()})"


def _assurance_words(row: SummaryRow) -> str:
    if row.spc.assurance is not None:
        return row.spc.assurance.label
    if row.definition.target is None:
        return "No target"
    if row.definition.polarity.value == "neither":
        return "Not assured: neither direction is better"
    return "None yet"


def _quality(row: SummaryRow, stale: bool, as_of: dt.date) -> tuple[str, ...]:
    series = row.spc.series
    latest = series.latest
    marks: list[str] = []
    if stale and latest is not None:
        marks.append(f"Stale: nothing after {latest.period_end:%b %Y}")
    if series.illustrative:
        marks.append("Illustrative")
    if latest is not None and latest.revised:
        marks.append("Latest value revised")
    suppressed = sum(1 for p in series.points if p.current.suppressed)
    if suppressed:
        marks.append(f"{suppressed} suppressed")
    if latest is not None and latest.current.version.published_on is None:
        marks.append("Publication date unknown")
    if row.spc.problem:
        marks.append(f"No chart: {row.spc.problem}")
    return tuple(marks)


def measure_row(row: SummaryRow, owners: tuple[str, ...], as_of: dt.date) -> MeasureRow:
    """`row` as the summary icon table shows it, judged stale as of `as_of`."""
    d = row.definition
    latest = row.latest
    stale = latest is not None and is_stale(latest, d.frequency, as_of)
    version = latest.current.version if latest else None
    return MeasureRow(
        code=d.code,
        name=d.name,
        better=d.polarity.label,
        latest=_shown(latest, d.unit) if latest else "No data",
        latest_period=(
            f"{_long(latest.period_start)} to {_long(latest.period_end)}" if latest else ""
        ),
        target=_target(row),
        variation=row.spc.variation.label if row.spc.variation else (row.spc.problem or "None"),
        variation_svg=as_image(variation_icon_svg(row.spc.variation, 24), "", "icon"),
        assurance=_assurance_words(row),
        assurance_svg=as_image(assurance_icon_svg(row.spc.assurance, 24), "", "icon"),
        owners=owners,
        source=(version.publication or version.file_name) if version else d.data_source,
        data_source=d.data_source,
        data_quality=_quality(row, stale, as_of),
        stale=stale,
        charted=row.spc.result is not None and bool(row.spc.result.points),
    )


@dataclass(frozen=True)
class SummarySection(Section):
    """The Making Data Count summary: one row per measure with data."""

    key: ClassVar[str] = "summary"
    title: ClassVar[str] = "Measures at a glance"
    template: ClassVar[str] = "board/summary.html"

    rows: tuple[MeasureRow, ...]

    @property
    def stale(self) -> int:
        return sum(1 for r in self.rows if r.stale)


@dataclass(frozen=True)
class MeasureChart:
    """One measure's SPC chart (SVG) and its key numbers (of the last phase)."""

    row: MeasureRow
    svg: Markup
    points: int
    first_period: str
    mean: str
    lower: str
    upper: str
    improvement_points: int
    concern_points: int
    phases: tuple[str, ...]
    annotations: tuple[str, ...]


def _chart(row: SummaryRow, shown: MeasureRow) -> MeasureChart:
    spc = row.spc
    result = spc.result
    unit = row.definition.unit
    points = result.points if result else ()
    last = next((p for p in reversed(points) if p.y is not None), None)
    kinds = [p.point_type for p in points if p.y is not None]
    first = spc.series.points[0] if spc.series.points else None
    return MeasureChart(
        row=shown,
        svg=as_image(
            spc_svg(spc, element_id=f"spc-{row.definition.code}", print_only=True),
            f"SPC chart of {row.definition.name}: {len(points)} points; "
            f"latest: {shown.variation}; target: {shown.assurance}. "
            "Its numbers are listed beside it.",
            "spc",
        ),
        points=len(spc.series.points),
        first_period=_long(first.period_start) if first else "",
        mean=_with_unit(last.mean, unit) if last else "",
        lower=_with_unit(last.lpl, unit) if last else "",
        upper=_with_unit(last.upl, unit) if last else "",
        improvement_points=kinds.count(PointType.SPECIAL_CAUSE_IMPROVEMENT),
        concern_points=kinds.count(PointType.SPECIAL_CAUSE_CONCERN),
        phases=tuple(
            f"R{n}: from {_long(p.start_x) if isinstance(p.start_x, dt.date) else p.start_x}"
            f" – {p.reason}"
            for n, p in enumerate(result.phases[1:], start=1)
        )
        if result
        else (),
        annotations=tuple(
            f"A{n}: {a.label} ({_long(a.on)})"
            for n, a in enumerate(spc.series.annotations, start=1)
        ),
    )


@dataclass(frozen=True)
class ChartsSection(Section):
    """An SPC chart per measure that has one, with its numbers beside it."""

    key: ClassVar[str] = "charts"
    title: ClassVar[str] = "The measures' SPC charts"
    template: ClassVar[str] = "board/charts.html"

    charts: tuple[MeasureChart, ...]

    @property
    def legend(self) -> Markup:
        return as_image(spc_legend_svg(), "", "legend")


def summary_section(inputs: BoardInputs) -> SummarySection | None:
    owners = _owners(inputs.plan)
    rows = tuple(
        measure_row(r, owners.get(r.definition.code, ()), inputs.period.as_of)
        for r in inputs.measures
    )
    return SummarySection(rows) if rows else None


def charts_section(inputs: BoardInputs) -> ChartsSection | None:
    owners = _owners(inputs.plan)
    rows = [
        (r, measure_row(r, owners.get(r.definition.code, ()), inputs.period.as_of))
        for r in inputs.measures
    ]
    charts = tuple(_chart(r, shown) for r, shown in rows if shown.charted)
    return ChartsSection(charts) if charts else None


# --- The improvement plan -----------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """An action as the exceptions list it."""

    finding: str
    must_do: bool
    action: str
    title: str
    owner: str
    status: str
    due: dt.date
    deadline: dt.date
    legal_deadline: dt.date | None
    days_overdue: int
    escalated_to: str
    escalated_on: dt.date | None


LEVELS = tuple(EscalationLevel)  # owner, executive lead, board: each higher than the last


def _action_row(
    a: ActionSummary, kinds: dict[int, FindingKind], escalations: list[EscalationRecord]
) -> ActionRow:
    latest = max(escalations, key=lambda e: (LEVELS.index(e.level), e.escalated_on), default=None)
    return ActionRow(
        finding=a.finding_reference,
        must_do=kinds.get(a.finding_id) is FindingKind.MUST_DO,
        action=a.reference,
        title=a.title,
        owner=a.owner.internal_name,
        status=a.status.label,
        due=a.due,
        deadline=a.deadline,
        legal_deadline=a.legal_deadline,
        days_overdue=a.days_overdue,
        escalated_to=latest.level.label if latest else "",
        escalated_on=latest.escalated_on if latest else None,
    )


@dataclass(frozen=True)
class MustDoLate:
    """A must-do with at least one overdue action."""

    reference: str
    summary: str
    overdue_actions: int
    most_days_overdue: int


@dataclass(frozen=True)
class PlanSection(Section):
    """The improvement plan's exceptions as of the report's date."""

    key: ClassVar[str] = "plan"
    title: ClassVar[str] = "Improvement plan: exceptions"
    template: ClassVar[str] = "board/plan.html"

    as_of: dt.date
    actions: int
    rag_counts: tuple[tuple[str, int], ...]
    overdue: tuple[ActionRow, ...]
    escalated: tuple[ActionRow, ...]
    legal: tuple[ActionRow, ...]
    must_dos_late: tuple[MustDoLate, ...]


def plan_section(inputs: BoardInputs) -> PlanSection | None:
    plan = inputs.plan
    if not plan.actions:
        return None
    kinds = {f.finding.id: f.finding.kind for f in plan.findings}
    by_action: dict[int, list[EscalationRecord]] = {}
    for e in inputs.escalations:
        by_action.setdefault(e.action_id, []).append(e)
    rows = {a.id: _action_row(a, kinds, by_action.get(a.id, [])) for a in plan.actions}
    overdue = [a for a in plan.actions if a.overdue]
    overdue.sort(key=lambda a: (-a.days_overdue, a.finding_reference, a.reference))
    legal = [a for a in plan.actions if a.legal_deadline is not None and a.status not in FINISHED]
    legal.sort(key=lambda a: (a.legal_deadline or a.due, a.finding_reference, a.reference))
    late: list[MustDoLate] = []
    for item in plan.findings:
        if item.finding.kind is not FindingKind.MUST_DO:
            continue
        behind = [a for a in item.actions if a.overdue]
        if behind:
            late.append(
                MustDoLate(
                    item.finding.reference,
                    item.finding.summary,
                    len(behind),
                    max(a.days_overdue for a in behind),
                )
            )
    order = ("Red", "Amber", "Green", "Blue", "None")
    counts = plan.rag_counts()
    return PlanSection(
        as_of=plan.as_of,
        actions=len(plan.actions),
        rag_counts=tuple((k, counts[k]) for k in order if k in counts),
        overdue=tuple(rows[a.id] for a in overdue),
        escalated=tuple(rows[a.id] for a in overdue if by_action.get(a.id)),
        legal=tuple(rows[a.id] for a in legal),
        must_dos_late=tuple(late),
    )


# --- Oversight ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OversightSection(Section):
    """The trust's oversight regime, open enforcement and overdue commitments."""

    key: ClassVar[str] = "oversight"
    title: ClassVar[str] = "Oversight and enforcement"
    template: ClassVar[str] = "board/oversight.html"

    status: OversightStatus


def oversight_section(inputs: BoardInputs) -> OversightSection:
    return OversightSection(inputs.oversight)


# --- Incidents and feedback ---------------------------------------------------------------

DUTY_WORDS = {
    Duty.CANDOUR_VERBAL: "Duty of candour: notification in person",
    Duty.CANDOUR_WRITTEN: "Duty of candour: written notification",
    Duty.PFD_RESPONSE: "Response to the coroner's Prevention of Future Deaths report",
    Duty.STEIS_REPORT: "Serious Incident reported on StEIS",
    Duty.SIF_REPORT: "Serious Incident investigation report",
    Duty.LEARNING_RESPONSE: "Learning response finished by the agreed date",
}
"""Each duty in the words of the incidents' public summary page."""


@dataclass(frozen=True)
class IncidentsSection(Section):
    """The public summary's counts (1 to 4 suppressed), as anyone may know them."""

    key: ClassVar[str] = "incidents"
    title: ClassVar[str] = "Patient-safety incidents"
    template: ClassVar[str] = "board/incidents.html"

    summary: IncidentSummary
    duties: tuple[tuple[str, str, str], ...]  # (duty in words, met, missed)


def incidents_section(inputs: BoardInputs) -> IncidentsSection | None:
    found = inputs.incidents
    if found is None or found.total.value == 0:
        return None
    duties = tuple((DUTY_WORDS[d.duty], d.met.shown, d.missed.shown) for d in found.deadlines)
    return IncidentsSection(found, duties)


@dataclass(frozen=True)
class ThemeRow:
    """One top theme of the feedback: its comments, negative share and its signal."""

    theme: str
    comments: int
    negative_share: str
    signal: str
    signal_svg: Markup


@dataclass(frozen=True)
class FeedbackSection(Section):
    """The feedback's top themes, each with its negative share and the SPC signal on it."""

    key: ClassVar[str] = "feedback"
    title: ClassVar[str] = "What patients, families and staff say"
    template: ClassVar[str] = "board/feedback.html"

    comments: int
    first: dt.date | None
    last: dt.date | None
    themes: tuple[ThemeRow, ...]
    illustrative: int


def feedback_section(inputs: BoardInputs) -> FeedbackSection | None:
    found = inputs.feedback
    if found is None or found.comments == 0:
        return None
    themes = []
    for t in found.trends:
        icon = variation_icon(t.spc) if t.spc is not None else None
        share = t.negative_share
        themes.append(
            ThemeRow(
                theme=t.theme,
                comments=t.comments,
                negative_share="" if share is None else f"{share * 100:.0f}%",
                signal=icon.label if icon else "Too few months with a sentiment for a chart",
                signal_svg=as_image(variation_icon_svg(icon, 22), "", "icon"),
            )
        )
    return FeedbackSection(
        found.comments, found.first, found.last, tuple(themes), found.illustrative
    )


# --- The top risks ------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskRow:
    """One of the top risks as the board reads it: its score and band now and its target,
    which way it is moving, and who owns it (a role, never a name)."""

    reference: str
    title: str
    category: str
    current: int
    band: str
    target: int
    trend: str
    owner: str
    illustrative: bool


@dataclass(frozen=True)
class RisksSection(Section):
    """The risk register's highest current scores, highest first."""

    key: ClassVar[str] = "risks"
    title: ClassVar[str] = "Top risks"
    template: ClassVar[str] = "board/risks.html"

    rows: tuple[RiskRow, ...]


def risks_section(inputs: BoardInputs) -> RisksSection | None:
    if not inputs.risks:
        return None
    return RisksSection(
        tuple(
            RiskRow(
                reference=v.id,
                title=v.title,
                category=v.category.label,
                current=v.current.score,
                band=v.current.band.label,
                target=v.target.score,
                trend=v.trend.label if v.trend else "Not yet known",
                owner=v.owner,
                illustrative=v.illustrative,
            )
            for v in inputs.risks
        )
    )


# --- Where the figures come from ----------------------------------------------------------


@dataclass(frozen=True)
class DataVersionRow:
    """A data version behind the measures' latest values or their charts."""

    kind: str
    name: str
    published: str
    sha256: str
    measures: int


@dataclass(frozen=True)
class SourcesSection(Section):
    """Every data version the measures' values come from, and the trust's own records."""

    key: ClassVar[str] = "sources"
    title: ClassVar[str] = "Where the figures come from"
    template: ClassVar[str] = "board/sources.html"

    versions: tuple[DataVersionRow, ...]
    records: tuple[str, ...]


def sources_section(inputs: BoardInputs) -> SourcesSection:
    used: dict[int, DataVersionRef] = {}
    measures: dict[int, set[str]] = {}
    for row in inputs.measures:
        for p in row.spc.series.points:
            v = p.current.version
            used[v.id] = v
            measures.setdefault(v.id, set()).add(row.definition.code)
    versions = tuple(
        DataVersionRow(
            kind=v.kind.label,
            name=v.publication or v.file_name,
            published=_long(v.published_on) if v.published_on else "publication date unknown",
            sha256=v.sha256[:12],
            measures=len(measures[i]),
        )
        for i, v in sorted(used.items())
    )
    return SourcesSection(versions, record_sources(inputs))


def record_sources(inputs: BoardInputs) -> tuple[str, ...]:
    """The trust's own records in carewatch that the report reads, as the footer names them."""
    records = ["improvement plan", "oversight record"]
    if inputs.incidents is not None and inputs.incidents.total.value != 0:
        records.append("incidents")
    if inputs.feedback is not None and inputs.feedback.comments:
        records.append("feedback")
    if inputs.risks:
        records.append("risk register")
    return tuple(records)


def source_names(inputs: BoardInputs) -> tuple[str, ...]:
    """The kinds of data behind the measures, then the trust's records: "sources: …"."""
    kinds: list[str] = []
    for row in inputs.measures:
        for p in row.spc.series.points:
            label = p.current.version.kind.label
            if label not in kinds:
                kinds.append(label)
    return (*kinds, *record_sources(inputs))


# --- The order ----------------------------------------------------------------------------

Builder = Callable[[BoardInputs], Section | None]

SECTION_BUILDERS: tuple[Builder, ...] = (
    # The trust overview's verdict goes here, first, when its service is built.
    summary_section,
    charts_section,
    plan_section,
    risks_section,
    oversight_section,
    incidents_section,
    feedback_section,
    sources_section,
)
"""The sections in the order the board reads them: what to decide first, then the measures
behind it, the plan and oversight, what people say, and where every figure comes from."""


def board_sections(
    inputs: BoardInputs, builders: Iterable[Builder] = SECTION_BUILDERS
) -> tuple[Section, ...]:
    """Each builder's section in order, leaving out those with nothing to show."""
    return tuple(s for s in (build(inputs) for build in builders) if s is not None)


@dataclass(frozen=True)
class BoardReport:
    """A made report: what the cover and every page's header and footer say, and the
    sections in order."""

    provider_id: str
    trust_name: str
    period: ReportPeriod
    made_at: dt.datetime
    data_version: int
    sources: tuple[str, ...]
    restricted: bool
    sections: tuple[Section, ...]


def build_board_report(inputs: BoardInputs) -> BoardReport:
    """The report's cover facts and sections, from `inputs` alone."""
    return BoardReport(
        provider_id=inputs.provider_id,
        trust_name=inputs.trust_name,
        period=inputs.period,
        made_at=inputs.made_at,
        data_version=inputs.data_version,
        sources=source_names(inputs),
        restricted=inputs.restricted,
        sections=board_sections(inputs),
    )
