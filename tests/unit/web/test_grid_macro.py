"""The ratings grid and cell macros render read-model values as a person should see them."""

from __future__ import annotations

import datetime as dt
import re

from carewatch.domain.ratings import Aspect, NonRating, Rating
from carewatch.services.ratings import Cell, Grid, GridRow
from carewatch.web.templating import make_templates

DAY = dt.date(2023, 3, 14)


def _render(grid: Grid) -> str:
    env = make_templates().env
    template = env.from_string(
        '{% from "macros/grid.html" import ratings_grid %}{{ ratings_grid(grid) }}'
    )
    return template.render(grid=grid)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _grid() -> Grid:
    service = GridRow(
        label="Acute wards for adults of working age",
        kind="service",
        cells={
            Aspect.SAFE: Cell(Aspect.SAFE, Rating.INADEQUATE, DAY, stale=True),
            Aspect.CARING: Cell(Aspect.CARING, NonRating.NOT_RATED, DAY, inherited=True),
        },
    )
    trust = GridRow(
        label="Trust <overall>",
        kind="trust",
        cells={
            Aspect.OVERALL: Cell(
                Aspect.OVERALL,
                Rating.REQUIRES_IMPROVEMENT,
                DAY,
                proposed=Rating.INADEQUATE,
                rule="nhs-trust-2022 C3",
                reason="2 of 5 ratings are Inadequate",
                rationale="Leadership had improved since the inspection",
                report_url="https://www.cqc.org.uk/provider/RMY",
            ),
        },
    )
    return Grid(
        subject_id="RMY",
        subject_name="Norfolk and Suffolk NHS Foundation Trust",
        subject_kind="provider",
        trust_type="mental_health",
        rows=[service],
        summary_row=trust,
        as_of=dt.date(2025, 1, 31),
    )


def test_grid_shows_rows_columns_words_colours_and_dates() -> None:
    html = _render(_grid())
    text = _text(html)
    assert "Ratings for Norfolk and Suffolk NHS Foundation Trust as at 31 January 2025" in text
    for column in ("Safe", "Effective", "Caring", "Responsive", "Well-led", "Overall"):
        assert f">{column}</th>" in html
    assert '<span class="cw-rating cw-rating--inadequate">Inadequate</span>' in html
    assert '<span class="cw-rating cw-rating--none">Not rated</span>' in html
    assert "14 March 2023" in text
    # Missing cells say so in words, in grey.
    assert html.count("No published rating") == 4 + 5


def test_marks_are_words_not_only_colour() -> None:
    text = _text(_render(_grid()))
    assert "Stale : older than CQC's normal re-inspection interval" in text.replace("&#39;", "'")
    assert "Inherited from a previous registration" in text


def test_aggregate_explains_itself_and_marks_the_departure() -> None:
    html = _render(_grid())
    text = _text(html).replace("&#39;", "'")
    assert "<details" in html
    assert "How this rating was reached" in text
    assert "The rules propose Inadequate" in text
    assert "Rule: nhs-trust-2022 C3" in text
    assert "Departs from the rules" in text
    assert "Recorded rationale: Leadership had improved since the inspection" in text
    assert 'href="https://www.cqc.org.uk/provider/RMY"' in html


def test_labels_are_escaped() -> None:
    html = _render(_grid())
    assert "Trust &lt;overall&gt;" in html
    assert "Trust <overall>" not in html
