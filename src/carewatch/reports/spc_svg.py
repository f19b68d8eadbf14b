"""A server-drawn SVG of an SPC (XmR) chart, and the Making Data Count icons, as markup.

Drawn here, beneath the web layer, so that the performance pages and the board report
(`carewatch.reports.board`) draw the very same chart and icons. The SVG is self-contained:
colours are presentation attributes, not CSS classes or inline styles, so the same markup
renders on a page under a strict Content Security Policy, in the board report's PDF and in a
saved file. Points are coloured by their type and also shaped by it (circle
common cause, diamond improvement, square concern, triangle neither), so colour is never the
only signal; every chart is followed by its data as a table (templates/macros/spc.html).

Colours follow Making Data Count's convention: grey common cause, blue improvement, orange
concern, purple neither (https://www.england.nhs.uk/publication/making-data-count-getting-started/).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from carewatch.domain.spc import AssuranceIcon, PointType, SpcPoint, SpcResult, VariationIcon
from carewatch.services.metrics import MetricSpc

__all__ = [
    "assurance_icon_svg",
    "fmt",
    "result_svg",
    "spc_legend_svg",
    "spc_svg",
    "variation_icon_svg",
]

WIDTH = 760
HEIGHT = 340
LEFT = 64
RIGHT = 84  # room for the last month and the target's label
TOP = 24
BOTTOM = 72  # room for the months and the legend

GREY = "#768692"
BLUE = "#005eb8"
ORANGE = "#ed8b00"
PURPLE = "#7c2855"
TEXT = "#212b32"
RED = "#d5281b"

POINT_COLOURS = {
    PointType.COMMON_CAUSE: GREY,
    PointType.SPECIAL_CAUSE_IMPROVEMENT: BLUE,
    PointType.SPECIAL_CAUSE_CONCERN: ORANGE,
    PointType.SPECIAL_CAUSE_NEUTRAL_HIGH: PURPLE,
    PointType.SPECIAL_CAUSE_NEUTRAL_LOW: PURPLE,
}


def fmt(value: float | None) -> str:
    """A value as the chart and table print it: at most 4 significant figures, no
    trailing zeros.

    >>> fmt(84.99999), fmt(1324.0), fmt(None)
    ('85', '1324', '')
    """
    if value is None:
        return ""
    if abs(value) >= 1000:
        return f"{value:.0f}"
    return f"{value:.4g}"


def _a(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    step: float

    def y(self, value: float) -> float:
        """The y coordinate of `value`, kept within the plot (a limit below zero on a
        measure that cannot be negative is drawn at the axis)."""
        span = self.high - self.low or 1.0
        value = min(max(value, self.low), self.high)
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / span, 1)

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + self.step * i for i in range(count + 1)]


def _nice_step(span: float) -> float:
    """A step of 1, 2 or 5 times a power of ten giving about five gridlines.

    >>> _nice_step(25.0), _nice_step(0.9), _nice_step(1300.0)
    (5.0, 0.2, 500.0)
    """
    raw = span / 5 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return float(factor * power)
    return float(10 * power)


def _scale(values: Sequence[float], floor_at_zero: bool) -> _Scale:
    low, high = min(values), max(values)
    if floor_at_zero:
        low = max(low, 0.0)
    if high == low:
        high, low = high + 1, low - 1
    step = _nice_step(high - low)
    return _Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def _x_positions(n: int) -> list[float]:
    plot = WIDTH - LEFT - RIGHT
    if n == 1:
        return [LEFT + plot / 2]
    return [round(LEFT + plot * i / (n - 1), 1) for i in range(n)]


def _marker(kind: PointType | None, x: float, y: float, title: str | None) -> str:
    colour = GREY if kind is None else POINT_COLOURS[kind]
    tip = "" if title is None else f"<title>{_a(title)}</title>"
    if kind is PointType.SPECIAL_CAUSE_IMPROVEMENT:
        d = f"M {x} {y - 7} L {x + 7} {y} L {x} {y + 7} L {x - 7} {y} Z"
        return f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1">{tip}</path>'
    if kind is PointType.SPECIAL_CAUSE_CONCERN:
        return (
            f'<rect x="{x - 6}" y="{y - 6}" width="12" height="12" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="1">{tip}</rect>'
        )
    if kind in (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PointType.SPECIAL_CAUSE_NEUTRAL_LOW):
        d = f"M {x} {y - 7} L {x + 7} {y + 6} L {x - 7} {y + 6} Z"
        return f'<path d="{d}" fill="{colour}" stroke="#ffffff" stroke-width="1">{tip}</path>'
    return f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}">{tip}</circle>'


def _shape(kind: PointType | None, x: float, y: float) -> str:
    """One marker's outline as path data, the same shapes `_marker` draws."""
    if kind is PointType.SPECIAL_CAUSE_IMPROVEMENT:
        return f"M {x} {y - 7} L {x + 7} {y} L {x} {y + 7} L {x - 7} {y} Z"
    if kind is PointType.SPECIAL_CAUSE_CONCERN:
        return f"M {x - 6} {y - 6} h 12 v 12 h -12 Z"
    if kind in (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, PointType.SPECIAL_CAUSE_NEUTRAL_LOW):
        return f"M {x} {y - 7} L {x + 7} {y + 6} L {x - 7} {y + 6} Z"
    # A circle of radius 5 as four cubic Béziers (the standard kappa 0.5523), which a PDF
    # renderer takes as they are; arcs it must first convert.
    return (
        f"M {x - 5} {y} c 0 -2.76 2.24 -5 5 -5 c 2.76 0 5 2.24 5 5 "
        f"c 0 2.76 -2.24 5 -5 5 c -2.76 0 -5 -2.24 -5 -5 Z"
    )


def _markers_by_kind(xs: list[float], points: Sequence[SpcPoint], scale: _Scale) -> list[str]:
    """Every marker of one kind as one path: a page has no tooltips to keep apart, and a
    PDF renderer draws one path of 30 shapes far faster than 30 elements."""
    shapes: dict[PointType | None, list[str]] = {}
    for x, p in zip(xs, points, strict=True):
        if p.y is not None:
            shapes.setdefault(p.point_type, []).append(_shape(p.point_type, x, scale.y(p.y)))
    out = []
    for kind, parts in shapes.items():
        colour = GREY if kind is None else POINT_COLOURS[kind]
        edge = (
            "" if kind in (None, PointType.COMMON_CAUSE) else ' stroke="#ffffff" stroke-width="1"'
        )
        out.append(f'<path d="{" ".join(parts)}" fill="{colour}"{edge}/>')
    return out


def _steps(xs: list[float], ys: list[float | None], scale: _Scale, phases: list[int]) -> str:
    """A path through `ys` that breaks between phases and over missing values.

    A point in the middle of a level stretch (the same height as the points either side of
    it, as on a mean or a limit) adds nothing to the line drawn and is left out: a limit of
    a phase of 36 months is one segment, not 35, which a PDF renderer draws far faster.

    >>> scale = _scale([0.0, 10.0], floor_at_zero=True)
    >>> _steps([0.0, 1.0, 2.0, 3.0], [5.0, 5.0, 5.0, 8.0], scale, [0, 0, 0, 0]).count("L")
    2
    """
    runs: list[list[tuple[float, float]]] = []
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        if y is None:
            continue
        if not runs or ys[i - 1] is None or phases[i] != phases[i - 1]:
            runs.append([])
        runs[-1].append((x, scale.y(y)))
    parts: list[str] = []
    for run in runs:
        kept = [
            point
            for j, point in enumerate(run)
            if j in (0, len(run) - 1) or not (run[j - 1][1] == point[1] == run[j + 1][1])
        ]
        parts.extend(f"{'L' if j else 'M'} {x} {y}" for j, (x, y) in enumerate(kept))
    return " ".join(parts)


def _month(day: object) -> str:
    return day.strftime("%b %Y") if isinstance(day, dt.date) else str(day)


def _where(points: Sequence[SpcPoint], xs: list[float], day: dt.date) -> float | None:
    """The x position of a date between the points (by period end), None outside them."""
    dates = [p.x for p in points if isinstance(p.x, dt.date)]
    if len(dates) != len(points) or not dates or day < dates[0] or day > dates[-1]:
        return None
    for i in range(1, len(dates)):
        if day <= dates[i]:
            span = (dates[i] - dates[i - 1]).days or 1
            share = (day - dates[i - 1]).days / span
            return round(xs[i - 1] + (xs[i] - xs[i - 1]) * share, 1)
    return xs[-1]


def spc_svg(
    spc: MetricSpc,
    *,
    element_id: str = "spc-chart",
    print_only: bool = False,
) -> Markup:
    """The SPC chart of a stored metric as inline SVG (empty markup when there is no chart).

    Recalculations are numbered R1, R2 ... at the phase they start; annotations A1, A2 ...
    at their date; the caption (macros/spc.html) lists what each number means.

    `print_only` draws the chart for paper, where many charts share one key: no tooltip on
    each point (nothing to hover over on a page), no legend (`spc_legend_svg` draws it once)
    and at most six month labels, which stay legible at the size a board report prints.
    """
    if spc.result is None:
        return Markup("")
    definition = spc.series.definition
    return result_svg(
        spc.result,
        name=definition.name,
        subject=spc.series.org_name,
        target=None if definition.target is None else definition.target.value,
        variation=spc.variation.label if spc.variation else "no variation icon",
        assurance=spc.assurance.label if spc.assurance else "no assurance icon",
        annotations=tuple((note.on, note.label) for note in spc.series.annotations),
        element_id=element_id,
        print_only=print_only,
    )


def result_svg(
    result: SpcResult,
    *,
    name: str,
    subject: str,
    target: float | None = None,
    variation: str = "no variation icon",
    assurance: str = "no assurance icon",
    annotations: Sequence[tuple[dt.date, str]] = (),
    element_id: str = "spc-chart",
    print_only: bool = False,
) -> Markup:
    """Any XmR chart the SPC engine drew, as `spc_svg` draws a metric's: `name` and `subject`
    title it ("<name>: SPC chart for <subject>"), `target` is drawn as the dotted red line,
    `variation` and `assurance` are the icons' words for the description, and `annotations`
    are (day, label) notes. A risk's score history is drawn by this too (its page), so that
    every chart in carewatch reads the same way.
    """
    if not result.points:
        return Markup("")
    points = result.points
    xs = _x_positions(len(points))
    values: list[float] = [v for p in points for v in (p.y, p.lpl, p.upl, p.mean) if v is not None]
    if target is not None:
        values.append(target)
    observed = [p.y for p in points if p.y is not None]
    scale = _scale(values, floor_at_zero=bool(observed) and min(observed) >= 0)
    phase_of = [p.phase for p in points]
    bottom = HEIGHT - BOTTOM
    out: list[str] = []
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    out.append(
        f'<svg id="{_a(element_id)}" class="cw-spc" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="Arial, sans-serif" font-size="12">'
    )
    out.append(f'<title id="{title_id}">{_a(name)}: SPC chart for {_a(subject)}</title>')
    out.append(
        f'<desc id="{desc_id}">{len(points)} points from {_a(_month(points[0].x))} to '
        f"{_a(_month(points[-1].x))}. Latest point: {_a(variation)}. Target: "
        f"{_a(assurance)}. The same data is in the table below the chart.</desc>"
    )
    out.append(f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>')
    # Y axis with gridlines at round values; the gridlines are one path, as are the axes with
    # their ticks (one element each rather than one a line: the same drawing, and far less
    # for a PDF renderer to walk through sixty charts).
    ticks = scale.ticks()
    grid = " ".join(f"M {LEFT} {scale.y(v)} H {WIDTH - RIGHT}" for v in ticks)
    out.append(f'<path d="{grid}" fill="none" stroke="#e8edee"/>')
    out.extend(
        f'<text x="{LEFT - 6}" y="{scale.y(v) + 4}" text-anchor="end" fill="{TEXT}">{fmt(v)}</text>'
        for v in ticks
    )
    # Months along the x axis, at most about twelve labels (six on paper).
    every = max(1, -(-len(points) // (6 if print_only else 12)))
    labelled = range(0, len(points), every)
    axes = f"M {LEFT} {TOP} V {bottom} H {WIDTH - RIGHT} " + " ".join(
        f"M {xs[i]} {bottom} v 5" for i in labelled
    )
    out.append(f'<path d="{axes}" fill="none" stroke="#4c6272"/>')
    out.extend(
        f'<text x="{xs[i]}" y="{bottom + 18}" text-anchor="middle" fill="{TEXT}">'
        f"{_a(_month(points[i].x))}</text>"
        for i in labelled
    )
    # Mean (solid) and process limits (dashed), broken between phases.
    for attr, dash, colour in (("mean", "", TEXT), ("lpl", "6 4", GREY), ("upl", "6 4", GREY)):
        d = _steps(xs, [getattr(p, attr) for p in points], scale, phase_of)
        if d:
            extra = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"{extra}/>')
    if target is not None:
        y = scale.y(target)
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{RED}" '
            f'stroke-width="1.5" stroke-dasharray="2 3"/>'
            f'<text x="{WIDTH - RIGHT + 6}" y="{y + 4}" fill="{RED}">'
            f"Target {fmt(target)}</text>"
        )
    # Recalculations: a vertical line where each later phase starts.
    for number, phase in enumerate(result.phases[1:], start=1):
        index = next(i for i, p in enumerate(points) if p.phase == phase.index)
        x = round((xs[index] + xs[index - 1]) / 2, 1) if index else xs[index]
        out.append(
            f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{bottom}" stroke="{TEXT}" '
            f'stroke-dasharray="1 3"><title>{_a(phase.reason or "")}</title></line>'
            f'<text x="{x + 3}" y="{TOP + 10}" fill="{TEXT}" font-weight="bold">R{number}</text>'
        )
    for number, (on, label) in enumerate(annotations, start=1):
        at = _where(points, xs, on)
        if at is None:
            continue
        out.append(
            f'<line x1="{at}" y1="{TOP}" x2="{at}" y2="{bottom}" stroke="{BLUE}" '
            f'stroke-dasharray="4 2"><title>{_a(label)}</title></line>'
            f'<text x="{at - 3}" y="{bottom - 6}" text-anchor="end" fill="{BLUE}" '
            f'font-weight="bold">A{number}</text>'
        )
    # The data line and the points.
    d = _steps(xs, [p.y for p in points], scale, [0] * len(points))
    out.append(f'<path d="{d}" fill="none" stroke="#aeb7bd" stroke-width="1.5"/>')
    if print_only:
        out.extend(_markers_by_kind(xs, points, scale))
    for x, p in zip(xs, points, strict=True):
        if p.y is None or print_only:
            continue
        kind = p.point_type
        label = kind.label if kind else "No type"
        out.append(_marker(kind, x, scale.y(p.y), f"{_month(p.x)}: {fmt(p.y)} ({label})"))
    if not print_only:
        out.append(_legend(float(LEFT), HEIGHT - 18))
    out.append("</svg>")
    return Markup("".join(out))


def _legend(x: float, y: float) -> str:
    out = []
    legend = (
        (PointType.COMMON_CAUSE, "Common cause"),
        (PointType.SPECIAL_CAUSE_IMPROVEMENT, "Improvement"),
        (PointType.SPECIAL_CAUSE_CONCERN, "Concern"),
        (PointType.SPECIAL_CAUSE_NEUTRAL_HIGH, "Neither"),
    )
    for kind, text in legend:
        out.append(_marker(kind, x + 6, y - 4, text))
        out.append(f'<text x="{x + 16}" y="{y}" fill="{TEXT}">{text}</text>')
        x += 120
    out.append(
        f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{GREY}" '
        f'stroke-dasharray="6 4" stroke-width="1.5"/>'
        f'<text x="{x + 30}" y="{y}" fill="{TEXT}">Process limits</text>'
    )
    return "".join(out)


def spc_legend_svg() -> Markup:
    """The charts' key on its own, for a report whose charts are drawn `print_only`."""
    width = LEFT + 4 * 120 + 130
    return Markup(
        f'<svg class="cw-spc-legend" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{LEFT - 4} 0 {width - LEFT + 4} 24" width="{width - LEFT + 4}" height="24" '
        f'role="img" aria-label="Key: grey circle common cause, blue diamond improvement, '
        f'orange square concern, purple triangle neither, dashed line process limits" '
        f'font-family="Arial, sans-serif" font-size="12">{_legend(float(LEFT), 16)}</svg>'
    )


# The Making Data Count icons as NHS England draws them (Making Data Count: strengthening
# your decisions, 2019; the icon set NHSRplotthedots ships): a ring in the signal's colour
# with, inside it, what the signal is about. The variation icon holds a small run chart of
# five points, grey for common cause, its last two in the ring's colour and raised (H) or
# lowered (L) for a special cause; the assurance icon holds the target as a dashed line with
# the process's spread beside it: above (P, passing), below (F, failing) or across it (?).
_RUN_X = (10, 15, 20, 25, 30)


def _ring(colour: str, label: str, code: str, size: int, inner: str) -> Markup:
    return Markup(
        f'<svg class="cw-mdc-icon cw-mdc-icon--{_a(code)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 40 40" width="{size}" height="{size}" role="img" '
        f'aria-label="{_a(label)}"><title>{_a(label)}</title>'
        f'<circle cx="20" cy="20" r="17.5" fill="#ffffff" stroke="{colour}" stroke-width="3"/>'
        f"{inner}</svg>"
    )


def _letter(letter: str, colour: str, y: float) -> str:
    return (
        f'<text x="20" y="{y}" text-anchor="middle" font-family="Arial, sans-serif" '
        f'font-size="13" font-weight="bold" fill="{colour}">{_a(letter)}</text>'
    )


def _run(ys: tuple[float, ...], colours: tuple[str, ...]) -> str:
    points = list(zip(_RUN_X, ys, strict=True))
    line = " ".join(f"{x},{y}" for x, y in points)
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="2" fill="{c}"/>'
        for (x, y), c in zip(points, colours, strict=True)
    )
    return f'<polyline points="{line}" fill="none" stroke="{GREY}" stroke-width="1"/>{dots}'


def variation_icon_svg(icon: VariationIcon | None, size: int = 40) -> Markup:
    """The variation icon: a grey ring and a grey run for common cause; for a special
    cause a ring in its colour (blue improvement, orange concern, purple neither) with H or
    L, and a run whose last two points, in that colour, rise (H) or fall (L)."""
    if icon is None:
        return Markup("")
    if icon.kind is PointType.COMMON_CAUSE:
        run = _run((26, 22, 27, 23, 25), (GREY,) * 5)
        return _ring(GREY, icon.label, icon.code, size, run)
    colour = POINT_COLOURS[icon.kind]
    ys = (27, 28, 27, 21, 19) if icon.high else (23, 22, 23, 29, 31)
    run = _run(ys, (GREY, GREY, GREY, colour, colour))
    letter = _letter("H" if icon.high else "L", colour, y=14.5)
    return _ring(colour, icon.label, icon.code, size, letter + run)


def assurance_icon_svg(icon: AssuranceIcon | None, size: int = 40) -> Markup:
    """The assurance icon: the target as a dashed line in the ring's colour, with the
    process's spread beside it: blue P above it (consistently passing), orange F below it
    (consistently failing), grey ? across it (inconsistent: hit and miss)."""
    if icon is None:
        return Markup("")
    letter, colour, ys = {
        "consistent_pass": ("P", BLUE, (22.5, 21.0, 22.5, 21.0, 22.0)),
        "consistent_fail": ("F", ORANGE, (29.0, 31.0, 28.5, 30.5, 29.5)),
    }.get(icon.kind.value, ("?", GREY, (20.0, 29.0, 21.0, 30.0, 22.0)))
    target = (
        f'<line x1="5" y1="25" x2="35" y2="25" stroke="{colour}" stroke-width="1.6" '
        'stroke-dasharray="3 1.5"/>'
    )
    spread = " ".join(f"{x},{y}" for x, y in zip(_RUN_X, ys, strict=True))
    data = f'<polyline points="{spread}" fill="none" stroke="{GREY}" stroke-width="1.6"/>'
    return _ring(colour, icon.label, icon.code, size, _letter(letter, colour, 15) + target + data)
