"""A small oversight world, built through the services production uses, for the storage and
CLI tests.

RMY, a mental health trust (synthetic figures, NSFT-shaped dates):

    overall ratings   I 2015-02-12 (report AP1) · RI 2016-10-13 · I 2017-10-13 · I 2018-11-29
    regime            none ─ qsm 2015-02-12 ─ none 2016-10-13 ─ qsm 2017-10-13
                      (retained 2018-11-29) ─ segment 4 2021-07-01 ─ segment 3 2025-02-14
    enforcement       requirement notice, Reg 12, issued 2018-11-29, closed 2020-01-30
                      s29A warning notice 2022-04-14: staffing due 2022-05-31 (complied
                      2022-06-15), ligatures due 2022-06-30 (still active)
    escalation        special administration proposed 2018-10-04 by an MP (considered)
    meeting           2018-11-30 conference call, MPs, CQC, NHS Improvement; trust absent
    commitments       made 2018-11-30: "Significant progress by late January" (due 2019-01-31,
                      open), "Face-to-face meeting in January" (due 2019-01-31, kept late
                      2019-03-01)
    statement         2018-10-04 an MP calls for special administration
RXX, a trust with no oversight record.
"""

from __future__ import annotations

import datetime as dt

from carewatch.domain.oversight import (
    Participant,
    RequirementStatus,
    StakeholderPosition,
    WarningRequirement,
)
from carewatch.domain.ratings import Aspect, Rating
from carewatch.services import oversight
from carewatch.services.ratings import record_provider, record_rating, record_report
from carewatch.store.database import Database
from tests.actors import OPERATOR

D = dt.date.fromisoformat
MEETING = "MPs, CQC and NHS Improvement"


def build_world(db: Database) -> None:
    record_provider(
        db=db, provider_id="RMY", name="Mental health trust", synthetic=True, actor=OPERATOR
    )
    record_provider(db=db, provider_id="RXX", name="Acute trust", synthetic=True, actor=OPERATOR)
    record_report(
        db=db,
        link_id="AP1",
        provider_id="RMY",
        report_date=D("2015-02-12"),
        url="https://example.org/AP1",
        actor=OPERATOR,
    )
    for day, value, link in [
        ("2015-02-12", Rating.INADEQUATE, "AP1"),
        ("2016-10-13", Rating.REQUIRES_IMPROVEMENT, None),
        ("2017-10-13", Rating.INADEQUATE, None),
        ("2018-11-29", Rating.INADEQUATE, None),
    ]:
        record_rating(
            db=db,
            provider_id="RMY",
            aspect=Aspect.OVERALL,
            rating=value,
            rating_date=D(day),
            report_link_id=link,
            actor=OPERATOR,
        )
    record_rating(
        db=db,
        provider_id="RMY",
        aspect=Aspect.SAFE,
        rating=Rating.INADEQUATE,
        rating_date=D("2016-10-13"),
        actor=OPERATOR,
    )
    for day, kind, before, after in [
        ("2015-02-12", "entered", "none", "quality_special_measures"),
        ("2016-10-13", "exited", "quality_special_measures", "none"),
        ("2017-10-13", "entered", "none", "quality_special_measures"),
        ("2018-11-29", "retained", "quality_special_measures", "quality_special_measures"),
        ("2021-07-01", "entered", "quality_special_measures", "segment_4"),
        ("2025-02-14", "segment_changed", "segment_4", "segment_3"),
    ]:
        oversight.record_regime_decision(
            db=db,
            provider_id="RMY",
            kind=kind,
            regime_from=before,
            regime_to=after,
            date=D(day),
            source=f"https://example.org/{day}",
            actor=OPERATOR,
        )
    oversight.record_requirement_notice(
        db=db,
        provider_id="RMY",
        regulation="12",
        issued=D("2018-11-29"),
        core_service="Acute wards",
        key_question="safe",
        closed=D("2020-01-30"),
        actor=OPERATOR,
    )
    oversight.record_warning_notice(
        db=db,
        provider_id="RMY",
        issued=D("2022-04-14"),
        summary="significant improvement",
        requirements=[
            WarningRequirement(
                "Staffing", D("2022-05-31"), RequirementStatus.COMPLIED, D("2022-06-15")
            ),
            WarningRequirement("Ligatures", D("2022-06-30")),
        ],
        actor=OPERATOR,
    )
    oversight.record_escalation(
        db=db,
        provider_id="RMY",
        option="special_administration",
        proposed_by="MP for Norwich North",
        date=D("2018-10-04"),
        outcome="considered",
        positions=[StakeholderPosition("Chief Inspector of Hospitals", "CQC", "Not ruled out")],
        actor=OPERATOR,
    )
    oversight.record_statement(
        db=db,
        provider_id="RMY",
        who="MP for Norwich North",
        organisation="House of Commons",
        date=D("2018-10-04"),
        text="Calls for a special administrator.",
        actor=OPERATOR,
    )
    oversight.record_meeting(
        db=db,
        provider_id="RMY",
        date=D("2018-11-30"),
        format="conference call",
        title=MEETING,
        participants=[
            Participant("MP for Norwich North", "House of Commons"),
            Participant("Chief Inspector of Hospitals", "CQC"),
        ],
        absent=[Participant("Chief executive", "the trust")],
        actor=OPERATOR,
    )
    for what, by in [
        ("Significant progress by late January", "Trust board"),
        ("Face-to-face meeting in January", "NHS Improvement"),
    ]:
        oversight.record_commitment(
            db=db,
            provider_id="RMY",
            what=what,
            by=by,
            made_on=D("2018-11-30"),
            due=D("2019-01-31"),
            meeting_title=MEETING,
            actor=OPERATOR,
        )
    oversight.mark_commitment(
        db=db,
        provider_id="RMY",
        what="Face-to-face meeting in January",
        made_on=D("2018-11-30"),
        status="kept_late",
        on=D("2019-03-01"),
        evidence="Meeting held in March",
        actor=OPERATOR,
    )


def test_the_world_builds_and_reads_back(db: Database) -> None:
    build_world(db)
    record = oversight.oversight_record(db=db, provider_id="RMY")
    assert len(record.history.decisions) == 6
    assert [r.rating for r in record.ratings] == [
        Rating.INADEQUATE,
        Rating.REQUIRES_IMPROVEMENT,
        Rating.INADEQUATE,
        Rating.INADEQUATE,
    ]
    assert record.ratings[0].source == "https://example.org/AP1"
    assert [a.kind for a in record.enforcement] == ["requirement_notice", "warning_notice_29a"]
    assert record.statements[0].text == "Calls for a special administrator."
    assert record.meetings[0].absent == (Participant("Chief executive", "the trust"),)
    assert record.escalations[0].positions[0].organisation == "CQC"
    assert oversight.oversight_record(db=db, provider_id="RXX").history.decisions == ()
