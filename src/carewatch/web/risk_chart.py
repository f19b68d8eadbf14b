"""The risk register's pictures, drawn on the server: the 5 x 5 heat map of current scores
(likelihood up, consequence across, each cell coloured by its score's band and holding its
count) and a risk's score history (an XmR chart from `MIN_SPC_POINTS` scorings, drawn by
`reports.spc_svg` as every chart in carewatch is, else a plain line).

Pure: values in, markup out. Colours are presentation attributes, so the markup renders
under the site's Content Security Policy; every picture is followed on its page by the same
figures as a table, so colour is never the only signal.

>>> rows = heat_rows({(4, 4): 2, (1, 2): 1})
>>> [(c.likelihood, c.consequence, c.count, c.band.value) for c in rows[1]][3]
(4, 4, 2, 'extreme')
>>> [c.score for c in rows[-1]]
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from carewatch.domain.risks import (
    DEFAULT_BANDS,
    Band,
    Bands,
    consequence_label,
    likelihood_label,
)
from carewatch.domain.spc import variation_icon
from carewatch.reports.spc_svg import result_svg
from carewatch.services.risks import RiskDetail, ScoreEntry

__all__ = ["BAND_COLOURS", "HeatCell", "heat_map_svg", "heat_rows", "history_svg"]

BAND_COLOURS: Mapping[Band, tuple[str, str]] = {
    Band.LOW: ("#007f3b", "#ffffff"),  # NHS green, white text (5.1:1)
    Band.MODERATE: ("#ffeb3b", "#212b32"),  # NHS yellow, NHS black text
    Band.HIGH: ("#ed8b00", "#212b32"),  # NHS warm yellow (orange), NHS black text
    Band.EXTREME: ("#d5281b", "#ffffff"),  # NHS red, white text (4.9:1)
}
"""Each band's fill and text colour: the NHS identity's colours in the order risk matrices
draw them (green, yellow, orange, red)."""

TEXT = "#212b32"
CELL = 64
LEFT = 150
TOP = 16
BOTTOM = 64


@dataclass(frozen=True)
class HeatCell:
    """One cell of the matrix: its likelihood and consequence, their score, its band and how
    many risks sit there."""

    likelihood: int
    consequence: int
    band: Band
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.consequence


def heat_rows(
    counts: Mapping[tuple[int, int], int], bands: Bands = DEFAULT_BANDS
) -> list[list[HeatCell]]:
    """The matrix as rows, likelihood 5 (almost certain) at the top down to 1 (rare), each
    row consequence 1 to 5; a cell missing from `counts` holds 0."""
    return [
        [
            HeatCell(lik, con, bands.band(lik * con), counts.get((lik, con), 0))
            for con in range(1, 6)
        ]
        for lik in range(5, 0, -1)
    ]


def _a(text: object) -> str:
    return escape(str(text), quote=True)


def heat_map_svg(rows: Sequence[Sequence[HeatCell]], *, element_id: str = "heat-map") -> Markup:
    """The matrix as inline SVG: each cell filled by its band, holding its count (bold) and
    its score (small); likelihood words up the side, consequence words along the bottom."""
    width, height = LEFT + 5 * CELL + 8, TOP + 5 * CELL + BOTTOM
    total = sum(c.count for row in rows for c in row)
    out = [
        f'<svg id="{_a(element_id)}" class="cw-spc cw-heat-map" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{element_id}-title {element_id}-desc" '
        'font-family="Arial, sans-serif" font-size="13">',
        f'<title id="{element_id}-title">Heat map of current scores</title>',
        f'<desc id="{element_id}-desc">{total} risk{"" if total == 1 else "s"} by likelihood '
        "and consequence; the same counts are in the table below.</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for r, row in enumerate(rows):
        y = TOP + r * CELL
        out.append(
            f'<text x="{LEFT - 8}" y="{y + CELL / 2 + 4}" text-anchor="end" fill="{TEXT}">'
            f"{row[0].likelihood} {_a(likelihood_label(row[0].likelihood))}</text>"
        )
        for c, cell in enumerate(row):
            x = LEFT + c * CELL
            fill, ink = BAND_COLOURS[cell.band]
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="2"><title>Likelihood {cell.likelihood} x '
                f"consequence {cell.consequence} = {cell.score}, {cell.band.label}: "
                f"{cell.count} risk{'' if cell.count == 1 else 's'}</title></rect>"
            )
            if cell.count:
                out.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 7}" text-anchor="middle" '
                    f'font-size="22" font-weight="bold" fill="{ink}">{cell.count}</text>'
                )
            out.append(
                f'<text x="{x + CELL - 5}" y="{y + 14}" text-anchor="end" font-size="11" '
                f'fill="{ink}">{cell.score}</text>'
            )
    base = TOP + 5 * CELL
    for c in range(5):
        x = LEFT + c * CELL + CELL // 2
        out.append(
            f'<text x="{x}" y="{base + 18}" text-anchor="middle" fill="{TEXT}">{c + 1}</text>'
            f'<text x="{x}" y="{base + 34}" text-anchor="middle" font-size="11" fill="{TEXT}">'
            f"{_a(consequence_label(c + 1))}</text>"
        )
    out.append(
        f'<text x="{LEFT + 5 * CELL / 2}" y="{base + 56}" text-anchor="middle" '
        f'font-weight="bold" fill="{TEXT}">Consequence</text>'
        f'<text x="8" y="{TOP + 12}" font-weight="bold" fill="{TEXT}">Likelihood</text>'
        "</svg>"
    )
    return Markup("".join(out))


LINE_WIDTH = 760
LINE_HEIGHT = 260
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 48, 84, 20, 44


def _line_svg(history: Sequence[ScoreEntry], target: int, element_id: str) -> Markup:
    """A short history (fewer than 12 scorings) as a plain line on a 0 to 25 scale: too few
    points for process limits to mean anything."""
    plot_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM

    def y(value: float) -> float:
        return round(LINE_TOP + plot_h * (25 - value) / 25, 1)

    n = len(history)
    xs = [round(LINE_LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1)), 1) for i in range(n)]
    bottom = LINE_TOP + plot_h
    first, last = history[0].on, history[-1].on
    out = [
        f'<svg id="{_a(element_id)}" class="cw-spc" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {LINE_WIDTH} {LINE_HEIGHT}" width="{LINE_WIDTH}" height="{LINE_HEIGHT}" '
        f'role="img" aria-labelledby="{element_id}-title {element_id}-desc" '
        'font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{element_id}-title">Current score at each scoring</title>',
        f'<desc id="{element_id}-desc">{n} scoring{"" if n == 1 else "s"} from '
        f"{first:%d %B %Y} to {last:%d %B %Y}, latest {history[-1].score.score}; target "
        f"{target}. The same scores are in the table below.</desc>",
        f'<rect x="0" y="0" width="{LINE_WIDTH}" height="{LINE_HEIGHT}" fill="#ffffff"/>',
    ]
    for value in range(0, 26, 5):
        out.append(
            f'<line x1="{LINE_LEFT}" y1="{y(value)}" x2="{LINE_WIDTH - LINE_RIGHT}" '
            f'y2="{y(value)}" stroke="#e8edee"/><text x="{LINE_LEFT - 6}" y="{y(value) + 4}" '
            f'text-anchor="end" fill="{TEXT}">{value}</text>'
        )
    out.append(
        f'<line x1="{LINE_LEFT}" y1="{y(target)}" x2="{LINE_WIDTH - LINE_RIGHT}" '
        f'y2="{y(target)}" stroke="#d5281b" stroke-width="1.5" stroke-dasharray="2 3"/>'
        f'<text x="{LINE_WIDTH - LINE_RIGHT + 6}" y="{y(target) + 4}" fill="#d5281b">'
        f"Target {target}</text>"
    )
    path = " ".join(
        f"{'M' if i == 0 else 'L'} {x} {y(e.score.score)}"
        for i, (x, e) in enumerate(zip(xs, history, strict=True))
    )
    out.append(f'<path d="{path}" fill="none" stroke="#4c6272" stroke-width="2"/>')
    for x, entry in zip(xs, history, strict=True):
        fill, _ = BAND_COLOURS[entry.score.band]
        out.append(
            f'<circle cx="{x}" cy="{y(entry.score.score)}" r="6" fill="{fill}" '
            f'stroke="#212b32" stroke-width="1"><title>{entry.on:%d %B %Y}: '
            f"{entry.score.score} ({entry.score.band.label})</title></circle>"
        )
    every = max(1, -(-n // 8))
    for i in range(0, n, every):
        out.append(
            f'<text x="{xs[i]}" y="{bottom + 18}" text-anchor="middle" fill="{TEXT}">'
            f"{history[i].on:%b %Y}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def history_svg(detail: RiskDetail, *, element_id: str = "score-chart") -> Markup:
    """The risk's current score over its scorings: the XmR chart (lower is better, assured
    against the target) once there are enough scorings for one, else a plain line; empty
    markup for a risk with no scoring on the day."""
    if not detail.history:
        return Markup("")
    target = detail.risk.target.score
    if detail.chart is None:
        return _line_svg(detail.history, target, element_id)
    icon = variation_icon(detail.chart)
    return result_svg(
        detail.chart,
        name=f"Risk {detail.risk.id}'s current score",
        subject=detail.risk.trust,
        target=float(target),
        variation=icon.label if icon else "no variation icon",
        element_id=element_id,
    )
