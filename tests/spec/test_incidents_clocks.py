"""Incident deadlines: English working days, and every clock an incident starts.

Counting rule: "within N working days of being reported" ends on the Nth working day *after*
the report day; the report day never counts. Working days are Monday to Friday except the
bank holidays of England (gov.uk/bank-holidays), including the days that stand in for a
Christmas, Boxing Day or New Year's Day at a weekend and the one-off holidays: early May
moved to Friday 8 May in 2020, the spring bank holiday moved to Thursday 2 June and the
Platinum Jubilee on Friday 3 June 2022, the Queen's state funeral on Monday 19 September
2022 and the coronation on Monday 8 May 2023.

Clocks: `candour_written` 10 working days (carewatch's default, the NHS Standard Contract
convention), `steis_report` 2 and `sif_report` 60 working days (Serious Incident Framework
2015); `+N` is N working days on their own. `pfd_response` is 56 calendar days after a
coroner's Prevention of Future Deaths report, never moved for a weekend or holiday.

Every expected date below was worked out from a calendar and gov.uk's published list of bank
holidays, independently of the code under test, with the day of the week beside it (checked
by `test_the_tables_weekdays_are_the_calendars`); the reason says which holidays the count
steps over.
"""

from __future__ import annotations

import datetime as dt

import pytest

from carewatch.domain.incidents import (
    CandourTrail,
    Category,
    ClockRules,
    Duty,
    Governance,
    Incident,
    InvalidClockRules,
    PfdReport,
    PhysicalHarm,
    Response,
    ResponseFramework,
    ResponseMove,
    ResponseStatus,
    add_working_days,
    due,
    duty_steps,
    is_working_day,
)

WORKING_DAY_CLOCKS = """
clock           reported        due             why
+1              2019-03-04 Mon  2019-03-05 Tue  an ordinary week
steis_report    2019-03-04 Mon  2019-03-06 Wed  an ordinary week
+1              2019-03-08 Fri  2019-03-11 Mon  Friday: the weekend is skipped
steis_report    2019-03-08 Fri  2019-03-12 Tue  Friday: the weekend is skipped
+1              2019-03-09 Sat  2019-03-11 Mon  reported on a Saturday: Monday is the first
steis_report    2019-03-09 Sat  2019-03-12 Tue  reported on a Saturday
steis_report    2019-03-10 Sun  2019-03-12 Tue  reported on a Sunday
candour_written 2019-03-04 Mon  2019-03-18 Mon  two clear weeks
candour_written 2019-03-08 Fri  2019-03-22 Fri  two weeks from a Friday
sif_report      2019-03-04 Mon  2019-05-31 Fri  Easter 19, 22 Apr; 6 May; 27 May skipped
steis_report    2015-12-23 Wed  2015-12-29 Tue  Christmas Fri 25; Boxing Day sub Mon 28
steis_report    2015-12-24 Thu  2015-12-30 Wed  Christmas Fri 25; Boxing Day sub Mon 28
candour_written 2015-12-24 Thu  2016-01-12 Tue  25, 28 Dec and New Year Fri 1 Jan
+1              2016-12-23 Fri  2016-12-28 Wed  Boxing Day Mon 26, Christmas sub Tue 27
steis_report    2016-12-23 Fri  2016-12-29 Thu  Mon 26 and Tue 27 Dec skipped
candour_written 2016-12-23 Fri  2017-01-11 Wed  26, 27 Dec and New Year sub Mon 2 Jan
steis_report    2017-12-22 Fri  2017-12-28 Thu  Christmas Mon 25, Boxing Day Tue 26
+1              2017-12-29 Fri  2018-01-02 Tue  New Year's Day Mon 1 Jan 2018
steis_report    2018-12-24 Mon  2018-12-28 Fri  Christmas Tue 25, Boxing Day Wed 26
steis_report    2019-12-20 Fri  2019-12-24 Tue  Mon 23, Tue 24 Dec are working days
+1              2019-12-24 Tue  2019-12-27 Fri  Christmas Wed 25, Boxing Day Thu 26
candour_written 2019-12-19 Thu  2020-01-07 Tue  25, 26 Dec and New Year Wed 1 Jan
steis_report    2020-12-23 Wed  2020-12-29 Tue  Christmas Fri 25; Boxing Day sub Mon 28
steis_report    2020-12-24 Thu  2020-12-30 Wed  Christmas Fri 25, substitute Boxing Day Mon 28
candour_written 2020-12-24 Thu  2021-01-12 Tue  25, 28 Dec and New Year Fri 1 Jan
+1              2021-12-23 Thu  2021-12-24 Fri  Christmas Eve Fri 24 is a working day
steis_report    2021-12-23 Thu  2021-12-29 Wed  both at a weekend: subs Mon 27, Tue 28
steis_report    2021-12-24 Fri  2021-12-30 Thu  substitutes Mon 27 and Tue 28 Dec
candour_written 2021-12-24 Fri  2022-01-12 Wed  27, 28 Dec and New Year sub Mon 3 Jan
+1              2022-12-23 Fri  2022-12-28 Wed  Boxing Day Mon 26, Christmas sub Tue 27
steis_report    2022-12-23 Fri  2022-12-29 Thu  Mon 26 and Tue 27 Dec skipped
candour_written 2022-12-23 Fri  2023-01-11 Wed  26, 27 Dec and New Year sub Mon 2 Jan
+1              2022-12-30 Fri  2023-01-03 Tue  New Year's Day Sun 1 Jan 2023: substitute Mon 2 Jan
+1              2016-12-30 Fri  2017-01-03 Tue  New Year's Day Sun 1 Jan 2017: substitute Mon 2 Jan
+1              2019-04-18 Thu  2019-04-23 Tue  Good Friday 19 Apr, Easter Monday 22 Apr
steis_report    2019-04-18 Thu  2019-04-24 Wed  Good Friday and Easter Monday skipped
candour_written 2019-04-18 Thu  2019-05-07 Tue  Easter and early May (Mon 6 May) skipped
steis_report    2020-04-09 Thu  2020-04-15 Wed  Good Friday 10 Apr, Easter Monday 13 Apr
candour_written 2020-04-09 Thu  2020-04-27 Mon  Easter 2020 skipped
+1              2024-03-28 Thu  2024-04-02 Tue  Good Friday 29 Mar, Easter Monday 1 Apr
steis_report    2024-03-28 Thu  2024-04-03 Wed  Easter 2024 skipped
candour_written 2024-03-28 Thu  2024-04-15 Mon  Easter 2024 skipped
steis_report    2020-05-01 Fri  2020-05-05 Tue  early May moved to Fri 8: Mon 4 worked
+1              2020-05-07 Thu  2020-05-11 Mon  Fri 8 May 2020 (VE Day 75) is the bank holiday
steis_report    2020-05-07 Thu  2020-05-12 Tue  Fri 8 May 2020 skipped
candour_written 2020-05-07 Thu  2020-05-22 Fri  Fri 8 May and spring bank holiday Mon 25 May 2020
candour_written 2020-05-01 Fri  2020-05-18 Mon  Fri 8 May 2020 skipped, Mon 4 May counted
+1              2019-05-03 Fri  2019-05-07 Tue  early May Mon 6 May 2019
steis_report    2021-04-30 Fri  2021-05-05 Wed  early May Mon 3 May 2021
steis_report    2022-05-27 Fri  2022-05-31 Tue  the spring bank holiday moved from Mon 30 May 2022
+1              2022-05-31 Tue  2022-06-01 Wed  Wed 1 June 2022 is a working day
steis_report    2022-05-31 Tue  2022-06-06 Mon  spring Thu 2 June, Jubilee Fri 3 June
+1              2022-06-01 Wed  2022-06-06 Mon  Thu 2 and Fri 3 June 2022 skipped
candour_written 2022-06-01 Wed  2022-06-17 Fri  the Jubilee weekend skipped
candour_written 2022-05-20 Fri  2022-06-07 Tue  Mon 30 May counted; Thu 2 and Fri 3 June skipped
+1              2022-09-16 Fri  2022-09-20 Tue  the Queen's state funeral Mon 19 Sept 2022
steis_report    2022-09-16 Fri  2022-09-21 Wed  the state funeral skipped
steis_report    2022-09-15 Thu  2022-09-20 Tue  Fri 16 Sept counted, Mon 19 skipped
candour_written 2022-09-16 Fri  2022-10-03 Mon  the state funeral skipped
+1              2023-05-05 Fri  2023-05-09 Tue  the coronation of King Charles III, Mon 8 May 2023
steis_report    2023-04-28 Fri  2023-05-03 Wed  early May Mon 1 May 2023
candour_written 2023-04-28 Fri  2023-05-16 Tue  Mon 1 May and the coronation Mon 8 May 2023
steis_report    2023-05-04 Thu  2023-05-09 Tue  Fri 5 May counted, the coronation skipped
steis_report    2023-05-26 Fri  2023-05-31 Wed  spring bank holiday Mon 29 May 2023
+1              2023-08-25 Fri  2023-08-29 Tue  summer bank holiday Mon 28 Aug 2023
steis_report    2018-08-24 Fri  2018-08-29 Wed  summer bank holiday Mon 27 Aug 2018
candour_written 2018-11-02 Fri  2018-11-16 Fri  the worked example's month: no holiday
steis_report    2018-11-02 Fri  2018-11-06 Tue  no holiday
sif_report      2018-11-02 Fri  2019-01-30 Wed  25, 26 Dec and 1 Jan 2019 skipped
sif_report      2019-10-07 Mon  2020-01-02 Thu  25, 26 Dec and 1 Jan 2020 skipped
sif_report      2020-03-02 Mon  2020-05-29 Fri  Easter, Fri 8 May and Mon 25 May 2020 skipped
sif_report      2021-11-01 Mon  2022-01-27 Thu  substitutes 27, 28 Dec 2021 and 3 Jan 2022 skipped
sif_report      2022-04-01 Fri  2022-07-01 Fri  Easter, early May, 2 and 3 June 2022 skipped
sif_report      2022-08-01 Mon  2022-10-26 Wed  summer bank holiday and the state funeral skipped
sif_report      2023-03-01 Wed  2023-05-31 Wed  Easter, 1 May, coronation, 29 May
sif_report      2019-07-01 Mon  2019-09-24 Tue  summer bank holiday Mon 26 Aug 2019
+0              2020-06-01 Mon  2020-06-01 Mon  zero days: the report day itself
+0              2020-06-06 Sat  2020-06-06 Sat  zero days from a Saturday: the same Saturday
"""

PFD_RESPONSES = """
report date     due             why
2019-01-10 Thu  2019-03-07 Thu  eight weeks later, the same weekday
2020-01-10 Fri  2020-03-06 Fri  across 29 February 2020
2024-01-15 Mon  2024-03-11 Mon  across 29 February 2024
2019-10-31 Thu  2019-12-26 Thu  due on Boxing Day: calendar days are not moved
2019-11-01 Fri  2019-12-27 Fri  the day after Boxing Day
2021-11-05 Fri  2021-12-31 Fri  New Year's Eve
2022-07-25 Mon  2022-09-19 Mon  due on the state funeral: not moved
2023-03-13 Mon  2023-05-08 Mon  due on the coronation: not moved
2018-12-20 Thu  2019-02-14 Thu  across the new year
2020-02-29 Sat  2020-04-25 Sat  sent on 29 February; due on a Saturday
2021-02-28 Sun  2021-04-25 Sun  due on a Sunday: not moved
2023-12-30 Sat  2024-02-24 Sat  across the new year into a leap year
"""


def _rows(table: str, columns: int) -> list[list[str]]:
    """The table's rows split into `columns` cells; the last cell keeps its spaces."""
    lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
    return [line.split(maxsplit=columns - 1) for line in lines]


CLOCK_ROWS = [
    (clock, dt.date.fromisoformat(start), weekday, dt.date.fromisoformat(end), end_day, why)
    for clock, start, weekday, end, end_day, why in _rows(WORKING_DAY_CLOCKS, 6)
]
PFD_ROWS = [
    (dt.date.fromisoformat(sent), dt.date.fromisoformat(end), end_day, why)
    for sent, _, end, end_day, why in _rows(PFD_RESPONSES, 5)
]


def test_there_are_at_least_a_hundred_dated_cases() -> None:
    assert len(CLOCK_ROWS) + len(PFD_ROWS) + len(OVERDUE_ROWS) >= 100


def test_the_tables_weekdays_are_the_calendars() -> None:
    # A typo in a hand-written date shows up as a weekday that does not match it.
    for _, start, weekday, end, end_day, _ in CLOCK_ROWS:
        assert start.strftime("%a") == weekday, start
        assert end.strftime("%a") == end_day, end
    for _, end, end_day, _ in PFD_ROWS:
        assert end.strftime("%a") == end_day, end


def _incident(reported: dt.date) -> Incident:
    return Incident(
        reference="INC-1",
        trust="RMY",
        occurred=reported,
        reported=reported,
        category=Category.MEDICATION,
        physical_harm=PhysicalHarm.MODERATE,
        governance=Governance(serious_incident=True),
    )


@pytest.mark.parametrize(
    ("clock", "reported", "end", "why"),
    [(c, s, e, w) for c, s, _, e, _, w in CLOCK_ROWS],
    ids=[f"{c}-{s}" for c, s, *_ in CLOCK_ROWS],
)
def test_each_clock_ends_on_the_day_counted_by_hand(
    clock: str, reported: dt.date, end: dt.date, why: str
) -> None:
    if clock.startswith("+"):
        assert add_working_days(reported, int(clock[1:])) == end, why
        return
    response = Response(ResponseFramework.SIF, opened=reported)
    steps = {s.duty: s for s in duty_steps(_incident(reported), response, reported)}
    assert steps[Duty(clock)].due == end, why


@pytest.mark.parametrize(
    ("clock", "reported", "end"),
    [(c, s, e) for c, s, _, e, _, _ in CLOCK_ROWS if c != "+0"],
    ids=[f"{c}-{s}" for c, s, *_ in CLOCK_ROWS if c != "+0"],
)
def test_a_working_day_clock_always_ends_on_a_working_day(
    clock: str, reported: dt.date, end: dt.date
) -> None:
    assert is_working_day(end)


@pytest.mark.parametrize(
    ("sent", "end", "why"),
    [(s, e, w) for s, e, _, w in PFD_ROWS],
    ids=[str(r[0]) for r in PFD_ROWS],
)
def test_a_pfd_response_is_due_56_calendar_days_after_the_report(
    sent: dt.date, end: dt.date, why: str
) -> None:
    incident = _incident(dt.date(2018, 11, 2))
    response = Response(
        ResponseFramework.PSIRF, opened=incident.reported, pfd_reports=(PfdReport("PFD-1", sent),)
    )
    (step,) = [s for s in duty_steps(incident, response, sent) if s.duty is Duty.PFD_RESPONSE]
    assert step.due == end, why


# One incident, reported Friday 27 May 2022 with moderate harm (so the duty of candour
# applies), under the Serious Incident Framework. Its clocks, counted by hand:
#   candour (10 working days): 30, 31 May, 1 June, (2, 3 June holidays), 6, 7, 8, 9, 10,
#     13, 14 June -> due Tuesday 14 June 2022;
#   steis_report (2): Mon 30 May, Tue 31 May -> due Tuesday 31 May 2022;
#   sif_report (60 from the report day, not yet on StEIS): June has 20 working days after
#     the two holidays (1, 6-10, 13-17, 20-24, 27-30 = 1+5+5+5+4), so 2 + 20 = 22 by 30 June;
#     July has 21 (to 29 July: 43); August to Fri 26 has 20 (63) -> the 60th is Tue 23 Aug
#     2022 (1-5: 48, 8-12: 53, 15-19: 58, 22: 59, 23: 60).
#   a PFD report sent Monday 6 June 2022 -> due Monday 1 August 2022 (56 days).
OVERDUE = """
as of       verbal done  written done  declared    duty             due         overdue  days
2022-05-27  -            -             -           steis_report     2022-05-31  no       0
2022-05-31  -            -             -           steis_report     2022-05-31  no       0
2022-06-01  -            -             -           steis_report     2022-05-31  yes      1
2022-06-06  -            -             -           steis_report     2022-05-31  yes      6
2022-06-06  -            -             2022-06-01  steis_report     -           -        -
2022-06-14  -            -             -           candour_verbal   2022-06-14  no       0
2022-06-15  -            -             -           candour_verbal   2022-06-14  yes      1
2022-06-15  2022-06-10   -             -           candour_verbal   -           -        -
2022-06-15  2022-06-10   -             -           candour_written  2022-06-14  yes      1
2022-07-14  2022-06-10   -             -           candour_written  2022-06-14  yes      30
2022-07-14  2022-06-10   2022-06-20    -           candour_written  -           -        -
2022-06-19  2022-06-10   2022-06-20    -           candour_written  2022-06-14  yes      5
2022-08-23  -            -             -           sif_report       2022-08-23  no       0
2022-08-24  -            -             -           sif_report       2022-08-23  yes      1
2022-08-01  -            -             -           pfd_response     2022-08-01  no       0
2022-08-02  -            -             -           pfd_response     2022-08-01  yes      1
2022-06-05  -            -             -           pfd_response     -           -        -
2022-05-26  -            -             -           steis_report     -           -        -
"""


def _date(cell: str) -> dt.date | None:
    return None if cell == "-" else dt.date.fromisoformat(cell)


OVERDUE_ROWS = _rows(OVERDUE, 8)


@pytest.mark.parametrize("row", OVERDUE_ROWS, ids=[f"{r[0]}-{r[4]}" for r in OVERDUE_ROWS])
def test_what_is_due_and_how_late_on_each_day(row: list[str]) -> None:
    as_of, verbal, written, declared, duty, expected_due, overdue, days = row
    reported = dt.date(2022, 5, 27)
    incident = Incident(
        reference="NSFT-2022-001",
        trust="RMY",
        occurred=dt.date(2022, 5, 26),
        reported=reported,
        category=Category.TRANSFER_OR_OUT_OF_AREA_PLACEMENT,
        physical_harm=PhysicalHarm.MODERATE,
        governance=Governance(serious_incident=True),
    )
    declared_on = _date(declared)
    moves = (ResponseMove(ResponseStatus.DECIDED, declared_on),) if declared_on else ()
    response = Response(
        ResponseFramework.SIF,
        opened=reported,
        moves=moves,
        candour=CandourTrail(verbal_on=_date(verbal), written_on=_date(written)),
        pfd_reports=(PfdReport("PFD-2022-1", dt.date(2022, 6, 6)),),
    )
    found = {s.duty.value: s for s in due(incident, response, dt.date.fromisoformat(as_of))}
    if expected_due == "-":
        assert duty not in found
        return
    step = found[duty]
    assert step.as_json() == {
        "incident": "NSFT-2022-001",
        "duty": duty,
        "due": expected_due,
        "overdue": overdue == "yes",
        "days_overdue": int(days),
    }


def test_the_candour_days_are_configurable() -> None:
    # Reported Thu 19 Dec 2019; 5 working days: 20, 23, 24, 27, 30 Dec.
    incident = _incident(dt.date(2019, 12, 19))
    rules = ClockRules(candour_verbal_working_days=3, candour_written_working_days=5)
    steps = {
        s.duty: s.due
        for s in duty_steps(
            incident, Response(ResponseFramework.SIF, incident.reported), incident.reported, rules
        )
    }
    assert steps[Duty.CANDOUR_VERBAL] == dt.date(2019, 12, 24)
    assert steps[Duty.CANDOUR_WRITTEN] == dt.date(2019, 12, 30)


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"candour_written_working_days": -1}, "candour_written_working_days"),
        ({"candour_verbal_working_days": 12}, "candour_written_working_days"),
        ({"pfd_response_days": 400}, "pfd_response_days"),
        ({"sif_report_working_days": True}, "sif_report_working_days"),
    ],
)
def test_clock_settings_are_checked(settings: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidClockRules) as refused:
        ClockRules(**settings)  # type: ignore[arg-type]
    assert refused.value.field == field
