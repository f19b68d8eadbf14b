"""Who may write a trust's oversight record, on SQLite and PostgreSQL: NHS England's
oversight roles record regime decisions, escalations, meetings, statements and commitments;
the regulator records CQC's notices and other enforcement; either imports segmentation.
Every writer appends exactly one audit event naming the actor; a segmentation file imported
again appends none; a refusal stores nothing and appends nothing.

The world: trust RMY, with a meeting on 2018-11-30 and a commitment made at it (due
2019-01-31), recorded by the operator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from carewatch.domain.access import PUBLIC, Actor, Forbidden, SignInRequired
from carewatch.domain.oversight import Condition, Participant, WarningRequirement
from carewatch.ingest.nof_segmentation import read_nof_segmentation
from carewatch.services import oversight
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR, appended, head, stored, user

D = dt.date.fromisoformat
NHSE = user("oversight", "NHSE")
CQC = user("regulator", "CQC")
MEETING = "Oversight call"
PROMISE = "Monthly board updates"

Write = Callable[[Database, Actor], object]


def world(db: Database) -> None:
    record_provider(db=db, provider_id="RMY", name="Mental health trust", actor=OPERATOR)
    oversight.record_meeting(
        db=db, actor=OPERATOR, provider_id="RMY", date=D("2018-11-30"), format="video",
        title=MEETING,
    )  # fmt: skip
    oversight.record_commitment(
        db=db, actor=OPERATOR, provider_id="RMY", what=PROMISE, by="the trust",
        made_on=D("2018-11-30"), due=D("2019-01-31"), meeting_title=MEETING,
    )  # fmt: skip


OVERSIGHT_WRITES: list[tuple[str, Write, str]] = [
    (
        "oversight.regime_decision",
        lambda db, a: oversight.record_regime_decision(
            db=db,
            actor=a,
            provider_id="RMY",
            kind="entered",
            regime_from="none",
            regime_to="quality_special_measures",
            date=D("2019-02-01"),
        ),
        "provider",
    ),
    (
        "oversight.escalation",
        lambda db, a: oversight.record_escalation(
            db=db,
            actor=a,
            provider_id="RMY",
            option="special_administration",
            proposed_by="MP",
            date=D("2018-10-04"),
        ),
        "escalation",
    ),
    (
        "oversight.meeting",
        lambda db, a: oversight.record_meeting(
            db=db,
            actor=a,
            provider_id="RMY",
            date=D("2019-01-10"),
            format="face_to_face",
            title="Board visit",
            participants=[Participant("Chief executive", "RMY")],
        ),
        "meeting",
    ),
    (
        "oversight.statement",
        lambda db, a: oversight.record_statement(
            db=db,
            actor=a,
            provider_id="RMY",
            who="Chair",
            organisation="RMY",
            date=D("2019-01-11"),
            text="We accept the findings.",
        ),
        "statement",
    ),
    (
        "oversight.commitment",
        lambda db, a: oversight.record_commitment(
            db=db,
            actor=a,
            provider_id="RMY",
            what="Weekly staffing report",
            by="the trust",
            made_on=D("2019-01-10"),
        ),
        "commitment",
    ),
    (
        "oversight.commitment_marked",
        lambda db, a: oversight.mark_commitment(
            db=db,
            actor=a,
            provider_id="RMY",
            what=PROMISE,
            made_on=D("2018-11-30"),
            status="kept",
            on=D("2019-01-15"),
            evidence="Minutes of January's board",
        ),
        "commitment",
    ),
]

ENFORCEMENT_WRITES: list[tuple[str, Write, str]] = [
    (
        "oversight.requirement_notice",
        lambda db, a: oversight.record_requirement_notice(
            db=db, actor=a, provider_id="RMY", regulation="12", issued=D("2019-01-20")
        ),
        "enforcement",
    ),
    (
        "oversight.warning_notice",
        lambda db, a: oversight.record_warning_notice(
            db=db,
            actor=a,
            provider_id="RMY",
            issued=D("2019-01-21"),
            requirements=[WarningRequirement("Staffing", D("2019-03-31"))],
        ),
        "enforcement",
    ),
    (
        "oversight.enforcement",
        lambda db, a: oversight.record_other_enforcement(
            db=db,
            actor=a,
            provider_id="RMY",
            action=Condition("No admissions to two wards", D("2019-01-22")),
        ),
        "enforcement",
    ),
]


@pytest.mark.parametrize(
    ("who", "action", "write", "entity"),
    [(NHSE, *w) for w in OVERSIGHT_WRITES] + [(CQC, *w) for w in ENFORCEMENT_WRITES],
    ids=[a for a, _, _ in OVERSIGHT_WRITES + ENFORCEMENT_WRITES],
)
def test_each_writer_appends_one_event_naming_the_actor(
    db: Database, who: Actor, action: str, write: Write, entity: str
) -> None:
    world(db)
    before = head(db)
    write(db, who)
    (event,) = appended(db, before)
    assert (event.actor, event.organisation, event.action, event.entity) == (
        who.email,
        who.organisation.code if who.organisation else "",
        action,
        entity,
    )
    assert event.entity_id


EDITOR = user("trust_editor", "RMY")

# Each writer with someone it refuses and how: the public must sign in; a trust's editor
# records no oversight or enforcement; the regulator no regime decision or engagement; NHS
# England none of CQC's enforcement.
REFUSALS: list[tuple[str, Write, Actor, type[Exception]]] = [
    *((f"{a}-public", w, PUBLIC, SignInRequired) for a, w, _ in OVERSIGHT_WRITES),
    *((f"{a}-public", w, PUBLIC, SignInRequired) for a, w, _ in ENFORCEMENT_WRITES),
    *((f"{a}-trust_editor", w, EDITOR, Forbidden) for a, w, _ in OVERSIGHT_WRITES),
    *((f"{a}-trust_editor", w, EDITOR, Forbidden) for a, w, _ in ENFORCEMENT_WRITES),
    *((f"{a}-regulator", w, CQC, Forbidden) for a, w, _ in OVERSIGHT_WRITES),
    *((f"{a}-oversight", w, NHSE, Forbidden) for a, w, _ in ENFORCEMENT_WRITES),
]


@pytest.mark.parametrize(
    ("write", "who", "error"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_a_refused_writer_stores_nothing_and_appends_nothing(
    db: Database, write: Write, who: Actor, error: type[Exception]
) -> None:
    world(db)
    before, was = head(db), stored(db)
    with pytest.raises(error):
        write(db, who)
    assert (head(db), stored(db)) == (before, was)


SEGMENTATION = (
    "Trust_code,Trust_name,Trust_type,Quarter,Segment\n"
    "RMY,Norfolk and Suffolk,Non-acute,Q2 2025/26,3\n"
    "RAA,Trust A,Non-acute,Q2 2025/26,1\n"
)


def test_a_segmentation_import_appends_one_event_and_the_same_file_again_none(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "q2.csv"
    path.write_text(SEGMENTATION, encoding="utf-8")
    before = head(db)
    oversight.import_segmentation(db=db, actor=NHSE, file=read_nof_segmentation(path))
    (event,) = appended(db, before)
    assert (event.actor, event.action, event.entity) == (
        "oversight1@nhse.example",
        "oversight.segmentation_import",
        "import",
    )
    again = head(db)
    summary = oversight.import_segmentation(db=db, actor=CQC, file=read_nof_segmentation(path))
    assert (summary.new, summary.changed) == (0, 0)
    assert appended(db, again) == []


@pytest.mark.parametrize(
    "who",
    [PUBLIC, user("trust_editor", "RMY"), user("trust_viewer", "RMY")],
    ids=["public", "trust_editor", "trust_viewer"],
)
def test_a_segmentation_import_refused_stores_nothing(
    db: Database, tmp_path: Path, who: Actor
) -> None:
    path = tmp_path / "q2.csv"
    path.write_text(SEGMENTATION, encoding="utf-8")
    before, was = head(db), stored(db)
    with pytest.raises((SignInRequired, Forbidden)):
        oversight.import_segmentation(db=db, actor=who, file=read_nof_segmentation(path))
    assert (head(db), stored(db)) == (before, was)
