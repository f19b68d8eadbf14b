"""The worked example's oversight record holds together as a record of public facts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from carewatch.demo import nsft
from carewatch.demo.nsft.enforcement import RATING_LIMITERS, WARNING_NOTICES
from carewatch.demo.nsft.engagement import MEETINGS
from carewatch.demo.nsft.escalation import ESCALATIONS
from carewatch.demo.nsft.regimes import DECISIONS
from carewatch.domain.oversight import (
    DecisionKind,
    NoticeStatus,
    Participant,
    Regime,
    RegimeHistory,
    RequirementStatus,
    apply,
)
from carewatch.domain.ratings import EnforcementKind, KeyQuestion

STATEMENTS = tuple(s for m in MEETINGS for s in m.statements)
COMMITMENTS = tuple(c for m in MEETINGS for c in m.commitments)
RECORDS: tuple[object, ...] = (
    *DECISIONS,
    *WARNING_NOTICES,
    *RATING_LIMITERS,
    *ESCALATIONS,
    *(m.meeting for m in MEETINGS),
    *STATEMENTS,
    *COMMITMENTS,
)

# Words that may be capitalised in a role or an organisation; two capitalised words in a row
# made of anything else look like a person's name.
INSTITUTIONAL_WORDS = {
    "Care", "Quality", "Commission", "NHS", "Improvement", "England", "Chief", "Inspector",
    "Hospitals", "Secretary", "State", "Member", "Members", "Parliament", "House", "Commons",
    "Norfolk", "Suffolk", "East", "London", "Foundation", "Trust", "Monitor",
}  # fmt: skip
HONORIFICS = re.compile(r"\b(Sir|Dame|Lord|Lady|Dr|Mr|Mrs|Ms|Miss|Professor)\b\.?")
# Office holders and public figures the sources name; none may appear where a field says who.
NAMES_IN_SOURCES = ("Richards", "Baker", "Warren", "Gabriel", "Lelliott", "Lewis", "Coffey")


def who_fields() -> Iterator[tuple[str, str]]:
    """Every non-empty field that says who: (where, text)."""
    for d in DECISIONS:
        yield f"{d.date} recommended_by", d.recommended_by
        yield f"{d.date} decided_by", d.decided_by
    for e in ESCALATIONS:
        yield f"{e.option.value} proposed_by", e.proposed_by
        for p in e.positions:
            yield f"{e.option.value} position", f"{p.who}, {p.organisation}"
    for record in MEETINGS:
        m = record.meeting
        for p in m.participants:
            yield f"{m.title} participant", f"{p.role}, {p.organisation}"
        for p in m.absent:
            yield f"{m.title} absent", f"{p.role}, {p.organisation}"
    for s in STATEMENTS:
        yield f"statement of {s.date}", f"{s.who}, {s.organisation}"
    for c in COMMITMENTS:
        yield f"{c.what} by", c.by


def looks_like_a_name(text: str) -> bool:
    if HONORIFICS.search(text) or any(name in text for name in NAMES_IN_SOURCES):
        return True
    for first, second in re.findall(r"\b([A-Z][a-z]+)\s+(?=([A-Z][a-z]+)\b)", text):
        if first not in INSTITUTIONAL_WORDS or second not in INSTITUTIONAL_WORDS:
            return True
    return False


def test_name_check_catches_names_and_spares_organisations() -> None:
    assert looks_like_a_name("Norwich South MP Jane Doe")
    assert looks_like_a_name("Dr Example, Care Quality Commission")
    assert looks_like_a_name("Chief Inspector of Hospitals (Ted Baker)")
    assert not looks_like_a_name("Chief Inspector of Hospitals, Care Quality Commission")
    assert not looks_like_a_name("East London NHS Foundation Trust")


def test_who_fields_hold_roles_and_organisations_not_names() -> None:
    found = [(where, text) for where, text in who_fields() if text.strip(", ")]
    assert len(found) >= 10
    offenders = [(where, text) for where, text in found if looks_like_a_name(text)]
    assert offenders == []


def test_the_decisions_make_one_legal_history_from_2015_to_2025() -> None:
    history = RegimeHistory()
    for decision in DECISIONS:
        history = apply(history, decision)  # IllegalTransition if one does not follow
    assert [(p.regime, p.start.isoformat()) for p in history.periods] == [
        (Regime.QUALITY_SPECIAL_MEASURES, "2015-02-01"),
        (Regime.QUALITY_SPECIAL_MEASURES, "2017-10-01"),
        (Regime.SEGMENT_4, "2021-07-01"),
        (Regime.SEGMENT_3, "2025-02-01"),
    ]
    assert history.current is Regime.SEGMENT_3
    kinds = [d.kind for d in DECISIONS]
    assert kinds.count(DecisionKind.ENTERED) == 2  # February 2015 and October 2017
    assert kinds.count(DecisionKind.RETAINED) == 4


def test_the_2016_exit_carries_its_conditions() -> None:
    [exit_2016] = [d for d in DECISIONS if d.date.year == 2016]
    assert exit_2016.kind is DecisionKind.EXITED
    assert len(exit_2016.conditions) == 6
    assert any("mixed-sex" in c for c in exit_2016.conditions)
    assert all(not d.conditions for d in DECISIONS if d is not exit_2016)


def test_evidence_names_reports_of_the_worked_example() -> None:
    cited = [key for d in DECISIONS for key in d.evidence]
    assert len(cited) == 7
    assert set(cited) <= {r.key for r in nsft.REPORTS}


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_has_an_https_source(record: Any) -> None:
    assert record.source.startswith("https://")


def test_the_warning_notice_was_open_from_its_report_to_the_next() -> None:
    [notice] = WARNING_NOTICES
    served, lifted = dt.date(2022, 4, 28), dt.date(2023, 2, 23)
    assert (notice.issued, notice.closed_on()) == (served, lifted)
    assert {r.key for r in nsft.REPORTS if r.published in (served, lifted)} == {
        "RMY-2022-04",
        "RMY-2023-02",
    }
    assert notice.status(lifted - dt.timedelta(days=1)) is NoticeStatus.OPEN
    assert notice.status(lifted) is NoticeStatus.CLOSED
    assert notice.overall_status(lifted) is RequirementStatus.COMPLIED


def test_the_ratings_limiter_is_the_warning_notice_on_safe() -> None:
    [notice] = WARNING_NOTICES
    [limiter] = RATING_LIMITERS
    assert (limiter.kind, limiter.key_question) == (
        EnforcementKind.WARNING_NOTICE,
        KeyQuestion.SAFE,
    )
    assert (limiter.served_date, limiter.closed_date) == (notice.issued, notice.closed_on())
    assert limiter.source == notice.source


def test_said_and_promised_on_the_day_of_the_meeting_and_due_after_it() -> None:
    assert len(COMMITMENTS) == 3
    for record in MEETINGS:
        day = record.meeting.date
        assert all(s.date == day for s in record.statements)
        for c in record.commitments:
            assert c.made_on == day, c.what
            assert c.due is None or c.due > day, c.what
            assert not c.overdue(day)


def test_the_january_promises_fall_due_at_the_end_of_january() -> None:
    january = [c for c in COMMITMENTS if "January 2019" in c.what]
    assert len(january) == 2
    assert {c.due for c in january} == {dt.date(2019, 1, 31)}
    assert all(c.overdue(dt.date(2019, 2, 1)) for c in january)  # none was marked kept


def test_the_2018_call_left_the_trust_out() -> None:
    [call] = MEETINGS
    assert call.meeting.absent == (Participant("", nsft.NAME),)
    assert any("special administration" in s.text for s in call.statements)
