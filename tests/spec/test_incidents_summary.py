"""Incidents for the public: small numbers suppressed.

A count from 1 to 4 is published as "fewer than 5"; 0 and 5 or more as themselves. In a
breakdown that adds up to a shown total, a lone suppressed cell would be found by
subtraction, so the smallest other non-zero cell is suppressed too (NHS England's second
level of suppression), shown as "not shown". In the tables, `*` is a cell suppressed for
being from 1 to 4 and `**` one suppressed beside it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.incidents import (
    Category,
    Count,
    Duty,
    Incident,
    PhysicalHarm,
    Response,
    ResponseFramework,
    breakdown,
    duty_steps,
    summarise,
)
from carewatch.domain.incidents.links import CandourStep, trail_from

COUNTS = """
count  published
0      0
1      *
2      *
3      *
4      *
5      5
6      6
40     40
"""


def _rows(table: str) -> list[list[str]]:
    return [line.split() for line in table.strip().splitlines()[1:]]


def _shown(count: Count) -> str:
    if count.secondary:
        return "**"
    return "*" if count.suppressed else str(count.value)


@pytest.mark.parametrize(("count", "published"), _rows(COUNTS))
def test_counts_from_one_to_four_are_suppressed(count: str, published: str) -> None:
    shown = Count.of(int(count))
    assert _shown(shown) == published
    assert shown.shown == ("fewer than 5" if published == "*" else published)


def test_a_count_hidden_beside_a_small_one_is_not_shown_and_not_called_small() -> None:
    (_, big), (_, small) = breakdown([("a", 192), ("b", 1)], total=193)
    assert (big.shown, small.shown) == ("not shown", "fewer than 5")


def test_a_count_is_never_negative() -> None:
    with pytest.raises(ValueError, match="never negative"):
        Count.of(-1)


# cells (key=count ...) | total | published
BREAKDOWNS = """
cells               total  published
a=7,b=2,c=6         15     a=7,b=*,c=**
a=7,b=2,c=3         12     a=7,b=*,c=*
a=9,b=6             15     a=9,b=6
a=3                 3      a=*
a=12,b=4            16     a=**,b=*
a=5,b=0,c=4         9      a=**,b=0,c=*
a=6,b=5,c=1         12     a=6,b=**,c=*
a=2,b=2             4      a=*,b=*
a=8,b=8,c=1         17     a=**,b=8,c=*
"""


def _cells(text: str) -> list[tuple[str, str]]:
    return [tuple(cell.split("=")) for cell in text.split(",")]  # type: ignore[misc]


@pytest.mark.parametrize(("cells", "total", "published"), _rows(BREAKDOWNS))
def test_a_lone_suppressed_cell_takes_the_smallest_other_with_it(
    cells: str, total: str, published: str
) -> None:
    given = [(key, int(n)) for key, n in _cells(cells)]
    result = breakdown(given, total=int(total))
    assert [(key, _shown(c)) for key, c in result] == _cells(published)


def _incident(ref: str, reported: dt.date, harm: str, category: str) -> Incident:
    return Incident(
        reference=ref,
        trust="RMY",
        occurred=reported,
        reported=reported,
        category=Category.parse(category),
        physical_harm=PhysicalHarm.parse(harm),
    )


def test_the_summary_counts_by_month_harm_and_category_and_the_deadlines() -> None:
    # Seven low-harm medication errors in March 2020, one moderate-harm fall in April: the
    # fall's candour notifications were given on time (in person) and late (in writing).
    low = [_incident(f"M{i}", dt.date(2020, 3, 2 + i), "low", "medication") for i in range(7)]
    fall = _incident("F1", dt.date(2020, 4, 1), "moderate", "patient_accident")
    as_of = dt.date(2020, 6, 30)
    response = Response(
        ResponseFramework.PSIRF,
        opened=fall.reported,
        candour=trail_from(
            [(CandourStep.VERBAL, dt.date(2020, 4, 2)), (CandourStep.WRITTEN, dt.date(2020, 5, 29))]
        ),
    )
    steps = duty_steps(fall, response, as_of)
    later = _incident("L1", dt.date(2020, 7, 1), "severe", "self_harm")
    summary = summarise("RMY", as_of, [*low, fall, later], steps)
    assert _shown(summary.total) == "8"
    assert [(m, _shown(c)) for m, c in summary.by_month] == [("2020-03", "**"), ("2020-04", "*")]
    assert [(h.value, _shown(c)) for h, c in summary.by_physical_harm] == [
        ("low", "**"),
        ("moderate", "*"),
    ]
    assert [(c.value, _shown(n)) for c, n in summary.by_category] == [
        ("medication", "**"),
        ("patient_accident", "*"),
    ]
    assert [(d.duty, _shown(d.met), _shown(d.missed)) for d in summary.deadlines] == [
        (Duty.CANDOUR_VERBAL, "*", "0"),
        (Duty.CANDOUR_WRITTEN, "0", "*"),
    ]
    assert summary.illustrative is False


def test_an_empty_trust_has_a_summary_of_noughts() -> None:
    summary = summarise("RMY", dt.date(2020, 1, 1), [], [])
    assert _shown(summary.total) == "0"
    assert summary.by_month == summary.by_physical_harm == summary.by_category == ()
    assert summary.deadlines == ()
