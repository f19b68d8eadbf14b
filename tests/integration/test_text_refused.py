"""Text a writer cannot store is refused by every writer that takes free text, on SQLite and
PostgreSQL: a NUL character (which PostgreSQL cannot store at all), another control
character or a lone surrogate is refused with `ForbiddenCharacter` naming the field, before
anything is written, so nothing is stored and no audit event appended. The message names the
character's code point, never the text. A free-text field (a note, a reason, the words of a
report) may hold tabs and line breaks; a name, a title or a reference may not.

The world: `tests.integration.builders.writers_world` (trust RMY with a meeting, a commitment,
a must-do 2020-MD1 and its action A1 in progress with a note of evidence).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from carewatch.domain.oversight import Participant, WarningRequirement
from carewatch.services import access, oversight, plans
from carewatch.services.errors import ForbiddenCharacter, ValueRefused
from carewatch.services.metrics import record_annotation, record_recalculation
from carewatch.store.database import Database
from tests.actors import OPERATOR, head, stored, user
from tests.integration.builders import writers_world

D = dt.date.fromisoformat
EDITOR = user("trust_editor", "RMY")
VERIFIER = user("trust_editor", "RMY", 2)
METRIC = "medication_errors_investigated_in_time"

Write = Callable[[Database, str], object]


def _action(db: Database) -> int:
    return plans.find_action(db=db, provider_id="RMY", finding_reference="2020-MD1",
                             reference="A1")  # fmt: skip


def _evidence(db: Database) -> int:
    return plans.action_detail(db=db, action_id=_action(db), actor=OPERATOR).evidence[0].id


# Each writer that takes free text, given the text for one of its fields, and that field.
WRITES: list[tuple[str, Write, str]] = [
    (
        "plans.finding",
        lambda db, text: plans.record_finding(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            reference="2020-MD2",
            kind="must_do",
            regulation="12",
            report_words=f"The trust must ensure {text} staffing.",
        ),
        "report_words",
    ),
    (
        "plans.action",
        lambda db, text: plans.record_action(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            finding_reference="2020-MD1",
            reference="A2",
            title=f"Train {text} the staff",
            owner_role="Matron",
            opened=D("2020-02-01"),
            due=D("2020-05-01"),
        ),
        "title",
    ),
    (
        "plans.action_changed",
        lambda db, text: plans.record_action(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            finding_reference="2020-MD1",
            reference="A1",
            title="Refurbish the ward",
            owner_role="Ward manager",
            opened=D("2020-02-01"),
            due=D("2020-07-31"),
            reason=f"Builders {text} late",
        ),
        "reason",
    ),
    (
        "plans.milestone",
        lambda db, text: plans.add_milestone(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            title=f"Builders {text} booked",
            due=D("2020-03-01"),
        ),
        "title",
    ),
    (
        "plans.move",
        lambda db, text: plans.move_action(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            to="evidence_submitted",
            on=D("2020-02-11"),
            reason=f"Ready {text} for review",
        ),
        "reason",
    ),
    (
        "plans.evidence",
        lambda db, text: plans.add_evidence(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            kind="link",
            supplied_by="",
            uploaded_at=plans.received_at(D("2020-02-11")),
            effective_from=D("2020-02-01"),
            url="https://intranet.example/audit",
            title=f"Audit {text} report",
        ),
        "title",
    ),
    (
        "plans.verify",
        lambda db, text: plans.verify_evidence(
            db=db,
            actor=VERIFIER,
            evidence_id=_evidence(db),
            accepted=False,
            by="",
            on=D("2020-02-12"),
            note=f"Not {text} signed",
        ),
        "note",
    ),
    (
        "plans.schedule",
        lambda db, text: plans.set_evidence_schedule(
            db=db,
            actor=EDITOR,
            action_id=_action(db),
            frequency="monthly",
            starts_on=D("2020-03-01"),
            description=f"Monthly {text} audit",
        ),
        "description",
    ),
    (
        "oversight.regime_decision",
        lambda db, text: oversight.record_regime_decision(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            kind="entered",
            regime_from="none",
            regime_to="quality_special_measures",
            date=D("2019-02-01"),
            rationale=f"Unsafe {text} wards",
        ),
        "rationale",
    ),
    (
        "oversight.escalation",
        lambda db, text: oversight.record_escalation(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            option="special_administration",
            proposed_by=f"M{text}P",
            date=D("2019-02-01"),
        ),
        "proposed_by",
    ),
    (
        "oversight.meeting",
        lambda db, text: oversight.record_meeting(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            date=D("2019-01-10"),
            format="face_to_face",
            title=f"Board {text} visit",
        ),
        "title",
    ),
    (
        "oversight.meeting_participant",
        lambda db, text: oversight.record_meeting(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            date=D("2019-01-10"),
            format="face_to_face",
            title="Board visit",
            participants=[Participant(f"Chief {text} executive", "RMY")],
        ),
        "role",
    ),
    (
        "oversight.statement",
        lambda db, text: oversight.record_statement(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            who="Chair",
            organisation="RMY",
            date=D("2019-01-11"),
            text=f"We accept {text} the findings.",
        ),
        "text",
    ),
    (
        "oversight.commitment",
        lambda db, text: oversight.record_commitment(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            what=f"Weekly {text} report",
            by="the trust",
            made_on=D("2019-01-10"),
        ),
        "what",
    ),
    (
        "oversight.commitment_marked",
        lambda db, text: oversight.mark_commitment(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            what="Monthly board updates",
            made_on=D("2018-11-30"),
            status="kept",
            on=D("2019-01-15"),
            evidence=f"Board {text} minutes",
        ),
        "evidence",
    ),
    (
        "oversight.warning_notice",
        lambda db, text: oversight.record_warning_notice(
            db=db,
            actor=OPERATOR,
            provider_id="RMY",
            issued=D("2019-01-21"),
            requirements=[WarningRequirement(f"Staffing {text} levels", D("2019-03-31"))],
        ),
        "text",
    ),
    (
        "metrics.recalculation",
        lambda db, text: record_recalculation(
            db=db,
            actor=OPERATOR,
            org_code="RMY",
            metric_code=METRIC,
            at=D("2020-04-01"),
            reason=f"New {text} pathway",
        ),
        "reason",
    ),
    (
        "metrics.annotation",
        lambda db, text: record_annotation(
            db=db,
            actor=OPERATOR,
            org_code="RMY",
            metric_code=METRIC,
            on=D("2020-03-15"),
            label=f"Triage {text} nurse",
        ),
        "label",
    ),
    (
        "users.add",
        lambda db, text: access.add_user(
            db,
            OPERATOR,
            email="new.user@rmy.example",
            name=f"New {text} User",
            role="trust_viewer",
            organisation="RMY",
        ),
        "name",
    ),
]
IDS = [name for name, _, _ in WRITES]


@pytest.mark.parametrize(("name", "write", "field"), WRITES, ids=IDS)
def test_a_nul_character_is_refused_naming_the_field_and_nothing_is_stored(
    db: Database, name: str, write: Write, field: str
) -> None:
    writers_world(db, EDITOR)
    before, was = head(db), stored(db)
    with pytest.raises(ForbiddenCharacter) as refused:
        write(db, "\x00")
    assert refused.value.field == field
    assert str(refused.value) == (
        f"{field}: holds a control character (U+0000), which cannot be stored"
    )
    assert (head(db), stored(db)) == (before, was)


@pytest.mark.parametrize(("name", "write", "field"), WRITES, ids=IDS)
def test_the_same_text_without_it_is_stored(
    db: Database, name: str, write: Write, field: str
) -> None:
    writers_world(db, EDITOR)
    before, was = head(db), stored(db)
    write(db, "and")
    assert head(db) == before + 1
    assert stored(db) != was


@pytest.mark.parametrize(
    ("character", "kind"),
    [
        ("\x1b", "a control character (U+001B)"),
        ("\x7f", "a control character (U+007F)"),
        ("\x85", "a control character (U+0085)"),
        ("\ud800", "an unpaired surrogate (U+D800)"),
        ("\n", "a control character (U+000A)"),
        ("\t", "a control character (U+0009)"),
    ],
    ids=["escape", "delete", "next-line", "surrogate", "line-feed", "tab"],
)
def test_a_title_holds_no_control_character_nor_line_break(
    db: Database, character: str, kind: str
) -> None:
    writers_world(db, EDITOR)
    before, was = head(db), stored(db)
    with pytest.raises(ValueRefused) as refused:
        plans.add_milestone(
            db=db, actor=EDITOR, action_id=_action(db), title=f"Builders{character}booked",
            due=D("2020-03-01"),
        )  # fmt: skip
    assert str(refused.value) == f"title: holds {kind}, which cannot be stored"
    assert (head(db), stored(db)) == (before, was)


def test_a_note_keeps_its_lines_and_tabs_but_not_other_controls(db: Database) -> None:
    writers_world(db, EDITOR)
    note = "Two records missing:\r\n\tward 3\n\tward 5"
    plans.verify_evidence(
        db=db, actor=VERIFIER, evidence_id=_evidence(db), accepted=False, by="",
        on=D("2020-02-12"), note=note,
    )  # fmt: skip
    (verdict,) = (
        plans.action_detail(db=db, action_id=_action(db), actor=OPERATOR).evidence[0].verdicts
    )
    assert verdict.note == note
    with pytest.raises(ForbiddenCharacter, match=r"U\+000B"):
        plans.verify_evidence(
            db=db, actor=VERIFIER, evidence_id=_evidence(db), accepted=True, by="",
            on=D("2020-02-13"), note="vertical\x0btab",
        )  # fmt: skip


def test_an_email_with_a_control_character_is_not_an_email(db: Database) -> None:
    before, was = head(db), stored(db)
    with pytest.raises(access.InvalidAccount) as refused:
        access.add_user(
            db, OPERATOR, email="new\x00user@rmy.example", name="New User",
            role="trust_viewer", organisation="RMY",
        )  # fmt: skip
    assert refused.value.field == "email"
    assert (head(db), stored(db)) == (before, was)
    with pytest.raises(access.SignInFailed):
        access.sign_in(db, "new\x00user@rmy.example", "a password of some length")
