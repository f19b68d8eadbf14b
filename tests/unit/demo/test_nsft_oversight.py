"""The worked example's oversight history holds together as a record of public facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest

from carewatch.demo import nsft
from carewatch.demo.nsft_oversight import (
    COMMITMENTS,
    ENFORCEMENT,
    ESCALATIONS,
    MEETINGS,
    REGIME_DECISIONS,
    Commitment,
    EnforcementRecord,
    Escalation,
    Meeting,
    RegimeDecision,
    Statement,
)

RECORDS: tuple[object, ...] = (
    *REGIME_DECISIONS,
    *ENFORCEMENT,
    *ESCALATIONS,
    *MEETINGS,
    *(s for m in MEETINGS for s in m.statements),
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
# Office holders and public figures the sources name; none may appear outside ``notes``.
NAMES_IN_SOURCES = ("Richards", "Baker", "Warren", "Gabriel", "Lelliott", "Lewis", "Coffey")


def who_fields() -> Iterator[tuple[str, str]]:
    """Every field that says who: (where, text)."""
    for d in REGIME_DECISIONS:
        for field in ("recommended_by", "decided_by"):
            value = getattr(d, field)
            if value is not None:
                yield f"{d.date} {field}", value
    for e in ESCALATIONS:
        if e.proposed_by is not None:
            yield f"{e.option} proposed_by", e.proposed_by
        for who, _ in e.positions:
            yield f"{e.option} position", who
    for m in MEETINGS:
        for p in m.participants:
            yield f"{m.key} participant", f"{p.role}, {p.organisation}"
        for a in m.absent:
            yield f"{m.key} absent", a
        for s in m.statements:
            yield f"{m.key} statement", s.speaker
    for c in COMMITMENTS:
        if c.committed_by is not None:
            yield f"{c.text} committed_by", c.committed_by


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
    found = list(who_fields())
    assert len(found) >= 10
    offenders = [(where, text) for where, text in found if looks_like_a_name(text)]
    assert offenders == []


def test_decisions_run_in_date_order_from_2015_to_2025() -> None:
    dates = [d.date for d in REGIME_DECISIONS]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    assert dates[0].year == 2015
    assert REGIME_DECISIONS[-1].regime_to == "segment_3"


def test_each_decision_starts_where_the_last_one_left_the_trust() -> None:
    state = "none"
    for d in REGIME_DECISIONS:
        assert d.regime_from == state, d.date
        if d.kind == "entered":
            assert d.regime_from == "none", d.date
            assert d.regime_to != "none", d.date
        elif d.kind == "retained":
            assert d.regime_from == d.regime_to != "none", d.date
        else:  # exited or segment_changed
            assert d.regime_from != "none", d.date
            assert d.regime_to != d.regime_from, d.date
        state = d.regime_to


def test_an_entry_is_never_followed_by_another_entry() -> None:
    kinds = [d.kind for d in REGIME_DECISIONS]
    assert ("entered", "entered") not in set(itertools.pairwise(kinds))
    assert kinds.count("entered") == 2  # February 2015 and October 2017


def test_the_2016_exit_carries_its_conditions() -> None:
    [exit_2016] = [d for d in REGIME_DECISIONS if d.date.year == 2016]
    assert exit_2016.kind == "exited"
    assert len(exit_2016.conditions) == 6
    assert any("mixed-sex" in c for c in exit_2016.conditions)
    assert all(not d.conditions for d in REGIME_DECISIONS if d is not exit_2016)


def test_evidence_names_reports_of_the_worked_example() -> None:
    keys = {r.key for r in nsft.REPORTS}
    cited = [k for d in REGIME_DECISIONS for k in d.evidence]
    cited += [k for e in ENFORCEMENT for k in e.evidence]
    assert cited
    assert set(cited) <= keys


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_has_an_https_source(record: Any) -> None:
    assert record.source.startswith("https://")


def approximate_dates() -> Iterator[dt.date]:
    for r in (*REGIME_DECISIONS, *ESCALATIONS, *MEETINGS):
        if r.date_is_approximate:
            yield r.date
    for c in COMMITMENTS:
        if c.due is not None and c.due_is_approximate:
            yield c.due


def test_approximate_dates_are_first_of_the_month() -> None:
    dates = list(approximate_dates())
    assert len(dates) >= 5
    assert all(d.day == 1 for d in dates)


def test_commitments_fall_due_after_their_meeting() -> None:
    meetings = {m.key: m for m in MEETINGS}
    assert len(COMMITMENTS) == 3
    for c in COMMITMENTS:
        meeting = meetings[c.meeting]
        assert c.due is None or c.due > meeting.date, c.text
        assert c.status in {"open", "kept", "broken"}


def test_the_warning_notice_closed_after_it_was_served() -> None:
    [notice] = [e for e in ENFORCEMENT if e.kind == "section_29a_warning_notice"]
    assert notice.closed is not None
    assert notice.issued is not None
    assert notice.issued < notice.closed
    assert notice.status == "no_longer_active"
    assert {r.status for r in notice.requirements} == {"met"}


def test_the_2018_call_left_the_trust_out() -> None:
    [call] = MEETINGS
    assert call.absent == (nsft.NAME,)
    assert any("special administration" in s.position for s in call.statements)


# The records refuse impossible values when built.


def test_an_approximate_date_off_the_first_is_refused() -> None:
    with pytest.raises(ValueError, match="first of its month"):
        dataclasses.replace(REGIME_DECISIONS[0], date=dt.date(2015, 2, 4))


def test_an_unknown_regime_or_report_is_refused() -> None:
    with pytest.raises(ValueError, match="regime_to"):
        dataclasses.replace(REGIME_DECISIONS[0], regime_to="segment_9")
    with pytest.raises(ValueError, match="evidence"):
        dataclasses.replace(REGIME_DECISIONS[0], evidence=("RMY-1999-01",))


def test_a_plain_http_source_is_refused() -> None:
    with pytest.raises(ValueError, match="https"):
        dataclasses.replace(ESCALATIONS[0], source="http://example.org/")
    with pytest.raises(ValueError, match="https"):
        Statement(speaker="a governor", position="x", at_meeting=True, source="ftp://x")


def test_enforcement_closed_before_issue_is_refused() -> None:
    notice: EnforcementRecord = ENFORCEMENT[0]
    with pytest.raises(ValueError, match="closed before"):
        dataclasses.replace(notice, closed=dt.date(2021, 1, 1))


def test_a_kept_promise_needs_evidence() -> None:
    promise: Commitment = COMMITMENTS[0]
    with pytest.raises(ValueError, match="evidence"):
        dataclasses.replace(promise, status="kept")
    kept = dataclasses.replace(promise, status="kept", status_evidence="updates were sent")
    assert kept.status == "kept"


def test_unknown_choices_are_refused() -> None:
    escalation: Escalation = ESCALATIONS[0]
    meeting: Meeting = MEETINGS[0]
    decision: RegimeDecision = REGIME_DECISIONS[0]
    with pytest.raises(ValueError, match="outcome"):
        dataclasses.replace(escalation, outcome="maybe")
    with pytest.raises(ValueError, match="confidence"):
        dataclasses.replace(meeting, confidence="likely")
    with pytest.raises(ValueError, match="kind"):
        dataclasses.replace(decision, kind="paused")
