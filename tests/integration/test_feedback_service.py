"""The feedback service on SQLite and PostgreSQL: an import stores every comment redacted
beside the words as given, all or nothing, and again changes nothing; the words as given are
read only by the trust's own roles, each read audited; a person's correction replaces the
labels, is kept apart as training data and survives a re-import; "you said, we did" links a
theme to a must-do and shows its progress; the summary counts by theme and group.

The small world: trusts RMY and RAA; RMY's must-do 2020-MD3 with one action.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from carewatch.domain.access import PUBLIC, Forbidden, SignInRequired
from carewatch.domain.feedback.items import RespondentGroup, Sentiment, SentimentScale
from carewatch.ingest.feedback_csv import read_feedback_csv
from carewatch.ingest.records import IngestError
from carewatch.services import feedback, plans
from carewatch.services.errors import NotFound
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.store.tables.feedback import FEEDBACK_ITEMS
from tests.actors import OPERATOR, appended, head, stored, user

HEADER = (
    "org_code,reference,source,respondent_group,received,service,question,fft_score,text,"
    "themes,sentiment,illustrative,source_url\n"
)
ROWS = (
    'RMY,C1,complaint,family_or_carer,2024-01-09,CAMHS,,,"Nurse Jane Smith never rang us back, '
    'call me on 07700 900123","Being kept informed, clarity & consistency of information;'
    'Interaction with family/ carers",5,no,\n'
    "RMY,F1,fft,patient,2024-02-14,Adult mental health,What was good?,1,"
    "The staff were kind and listened.,Staff manner & personal attributes,1,no,\n"
    "RMY,S1,staff_survey,staff,2024-02-20,Trust-wide,,,We are short of staff at night.,"
    "Number & deployment of staff,4,no,\n"
)


def write(tmp_path: Path, rows: str, name: str = "feedback.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture
def world(db: Database, tmp_path: Path) -> Database:
    record_provider(db=db, actor=OPERATOR, provider_id="RMY", name="Norfolk and Suffolk")
    record_provider(db=db, actor=OPERATOR, provider_id="RAA", name="Another trust")
    plans.record_finding(
        db=db, actor=OPERATOR, provider_id="RMY", reference="2020-MD3", kind="must_do",
        regulation="18",
        report_words="The trust must have enough staff to reduce waiting lists.",
        public_summary="Cut the waiting lists.",
    )  # fmt: skip
    plans.record_action(
        db=db, actor=OPERATOR, provider_id="RMY", finding_reference="2020-MD3", reference="A1",
        title="Recruit two more clinicians", owner_role="Service manager",
        opened=dt.date(2020, 2, 1), due=dt.date(2020, 9, 30),
    )  # fmt: skip
    feedback.import_feedback(db=db, actor=OPERATOR, batch=read_feedback_csv(write(tmp_path, ROWS)))
    return db


def test_comments_are_stored_redacted_beside_the_words_as_given(world: Database) -> None:
    listed = feedback.list_feedback(db=world, trust="RMY")
    assert [v.reference for v in listed] == ["S1", "F1", "C1"]  # newest first
    c1 = listed[2]
    assert c1.text is None  # not asked for
    assert "Jane" not in c1.redacted_text
    assert "Smith" not in c1.redacted_text
    assert "07700" not in c1.redacted_text
    assert "[name]" in c1.redacted_text
    assert "[phone]" in c1.redacted_text
    assert set(c1.personal_data) == {"name", "phone"}
    assert c1.group is RespondentGroup.FAMILY_OR_CARER
    assert c1.sentiment is Sentiment.NEGATIVE
    assert c1.sentiment_scale is SentimentScale.VERY_NEGATIVE
    assert {t.theme for t in c1.themes} == {
        "Being kept informed, clarity & consistency of information",
        "Interaction with family/ carers",
    }
    assert {t.origin for t in c1.themes} == {"source"}
    assert listed[1].redacted_text == "The staff were kind and listened."


def test_the_same_file_again_changes_nothing(world: Database, tmp_path: Path) -> None:
    before, seq = stored(world), head(world)
    result = feedback.import_feedback(
        db=world, actor=OPERATOR, batch=read_feedback_csv(write(tmp_path, ROWS))
    )
    assert (result.new, result.changed, result.unchanged) == (0, 0, 3)
    assert stored(world) == before
    assert head(world) == seq


def test_a_changed_comment_is_stored_anew_and_redacted_again(
    world: Database, tmp_path: Path
) -> None:
    changed = ROWS.replace("We are short of staff at night.", "Short of staff; ask Dr Patel.")
    result = feedback.import_feedback(
        db=world, actor=OPERATOR, batch=read_feedback_csv(write(tmp_path, changed))
    )
    assert (result.new, result.changed, result.unchanged) == (0, 1, 2)
    s1 = feedback.feedback_item(db=world, trust="RMY", reference="S1")
    assert "Patel" not in s1.redacted_text
    assert "[name]" in s1.redacted_text


def test_a_bad_row_stores_nothing_and_names_the_file_row_and_column(
    world: Database, tmp_path: Path
) -> None:
    before = stored(world)
    bad = ROWS + "RMY,X9,fft,patient,2024-13-01,,,,Fine.,,,no,\n"
    with pytest.raises(IngestError, match=r"feedback\.csv, row 5, column 'received'"):
        read_feedback_csv(write(tmp_path, bad))
    bad_theme = ROWS + "RMY,X9,fft,patient,2024-03-01,,,,Fine.,Waiting times,,no,\n"
    with pytest.raises(IngestError, match=r"row 5, column 'themes'"):
        read_feedback_csv(write(tmp_path, bad_theme))
    assert stored(world) == before


def test_only_the_trusts_own_editors_import(world: Database, tmp_path: Path) -> None:
    batch = read_feedback_csv(write(tmp_path, ROWS))
    before = stored(world)
    with pytest.raises(SignInRequired):
        feedback.import_feedback(db=world, actor=PUBLIC, batch=batch)
    for actor in (
        user("trust_viewer", "RMY"),
        user("trust_editor", "RAA"),
        user("regulator", "CQC"),
        user("oversight", "NHSE"),
    ):
        with pytest.raises(Forbidden):
            feedback.import_feedback(db=world, actor=actor, batch=batch)
    assert stored(world) == before


@pytest.mark.parametrize(
    ("role", "organisation", "allowed"),
    [
        ("trust_editor", "RMY", True),
        ("trust_viewer", "RMY", True),
        ("trust_viewer", "RAA", False),
        ("regulator", "CQC", False),
        ("oversight", "NHSE", False),
        ("admin", "RMY", False),
    ],
)
def test_the_words_as_given_are_for_the_trusts_own_roles_and_each_read_is_audited(
    world: Database, role: str, organisation: str, allowed: bool
) -> None:
    actor = user(role, organisation)
    seq = head(world)
    if not allowed:
        with pytest.raises(Forbidden):
            feedback.list_feedback(db=world, actor=actor, trust="RMY", with_text=True)
        with pytest.raises(Forbidden):
            feedback.feedback_item(
                db=world, actor=actor, trust="RMY", reference="C1", with_text=True
            )
        assert head(world) == seq
        return
    listed = feedback.list_feedback(db=world, actor=actor, trust="RMY", with_text=True)
    assert any(v.text and "Jane Smith" in v.text for v in listed)
    one = feedback.feedback_item(db=world, actor=actor, trust="RMY", reference="C1", with_text=True)
    assert one.text is not None
    assert "07700 900123" in one.text
    events = appended(world, seq)
    assert [(e.action, e.entity_id) for e in events] == [
        ("feedback_text.read", "RMY"),
        ("feedback_text.read", "RMY/C1"),
    ]
    assert all(e.actor == actor.identity for e in events)


def test_the_public_may_not_read_the_words_as_given(world: Database) -> None:
    with pytest.raises(SignInRequired):
        feedback.list_feedback(db=world, actor=PUBLIC, trust="RMY", with_text=True)


def test_a_correction_replaces_the_labels_is_kept_apart_and_survives_a_reimport(
    world: Database, tmp_path: Path
) -> None:
    editor = user("trust_editor", "RMY")
    seq = head(world)
    themes = feedback.correct_feedback(
        db=world, actor=editor, trust="RMY", reference="S1",
        add=["Staff responsiveness"], remove=["Number & deployment of staff"],
        sentiment="5", reason="It is about response times",
    )  # fmt: skip
    assert themes == ("Staff responsiveness",)
    s1 = feedback.feedback_item(db=world, trust="RMY", reference="S1")
    assert [(t.theme, t.origin) for t in s1.themes] == [("Staff responsiveness", "person")]
    assert s1.sentiment_scale is SentimentScale.VERY_NEGATIVE
    assert s1.sentiment_origin == "person"
    assert [e.action for e in appended(world, seq)] == ["feedback.correct"]
    kept = feedback.feedback_corrections(db=world, actor=editor, trust="RMY")
    assert [(c.reference, c.kind, c.value, c.previous) for c in kept] == [
        ("S1", "theme_added", "Staff responsiveness", ""),
        ("S1", "theme_removed", "Number & deployment of staff", "Number & deployment of staff"),
        ("S1", "sentiment", "5", "4"),
    ]
    assert kept[0].text == "We are short of staff at night."
    # The file again, with its own labels: the person's stand.
    feedback.import_feedback(
        db=world, actor=OPERATOR, batch=read_feedback_csv(write(tmp_path, ROWS))
    )
    s1 = feedback.feedback_item(db=world, trust="RMY", reference="S1")
    assert [(t.theme, t.origin) for t in s1.themes] == [("Staff responsiveness", "person")]


def test_corrections_refused_store_nothing(world: Database) -> None:
    before = stored(world)
    with pytest.raises(feedback.InvalidCorrection, match="does not carry"):
        feedback.correct_feedback(
            db=world, actor=OPERATOR, trust="RMY", reference="S1", remove=["Parking"]
        )
    with pytest.raises(feedback.InvalidCorrection):
        feedback.correct_feedback(
            db=world, actor=OPERATOR, trust="RMY", reference="S1", add=["Waiting times"]
        )
    with pytest.raises(feedback.InvalidCorrection, match="nothing to change"):
        feedback.correct_feedback(
            db=world, actor=OPERATOR, trust="RMY", reference="S1",
            add=["Number & deployment of staff"],
        )  # fmt: skip
    with pytest.raises(Forbidden):
        feedback.correct_feedback(
            db=world, actor=user("trust_viewer", "RMY"), trust="RMY", reference="S1",
            add=["Parking"],
        )  # fmt: skip
    with pytest.raises(NotFound):
        feedback.correct_feedback(
            db=world, actor=OPERATOR, trust="RMY", reference="NOPE", add=["Parking"]
        )
    assert stored(world) == before


def test_you_said_we_did_shows_the_must_dos_progress(world: Database) -> None:
    editor = user("trust_editor", "RMY")
    assert feedback.answer_theme(
        db=world, actor=editor, trust="RMY", theme_name="Timeliness of care",
        target="2020-MD3", said="Families said they waited too long.",
    )  # fmt: skip
    summary = feedback.feedback_summary(db=world, trust="RMY", as_of=dt.date(2020, 10, 15))
    (answer,) = summary.answers
    assert (answer.theme, answer.target, answer.must_do) == (
        "Timeliness of care",
        "2020-MD3",
        "Cut the waiting lists.",
    )
    assert answer.progress == "Overdue"  # its only action was due on 30 September 2020
    assert [a[0] for a in answer.actions] == ["Recruit two more clinicians"]
    # The answered theme is shown even though no comment carries it yet.
    assert "Timeliness of care" in [t.theme for t in summary.trends]


def test_you_said_we_did_refuses_what_it_cannot_show(world: Database) -> None:
    before = stored(world)
    with pytest.raises(feedback.InvalidAnswer, match="not a must-do"):
        feedback.answer_theme(
            db=world, actor=OPERATOR, trust="RMY", theme_name="Timeliness of care",
            target="2020-MD9", said="Families said they waited too long.",
        )  # fmt: skip
    with pytest.raises(feedback.InvalidAnswer, match="personal data"):
        feedback.answer_theme(
            db=world, actor=OPERATOR, trust="RMY", theme_name="Timeliness of care",
            target="2020-MD3", said="Mrs Brown said she waited too long.",
        )  # fmt: skip
    with pytest.raises(Forbidden):
        feedback.answer_theme(
            db=world, actor=user("trust_editor", "RAA"), trust="RMY",
            theme_name="Timeliness of care", target="2020-MD3", said="They waited.",
        )  # fmt: skip
    assert stored(world) == before


def test_the_summary_counts_themes_and_groups_side_by_side(world: Database) -> None:
    summary = feedback.feedback_summary(db=world, trust="RMY")
    assert summary.comments == 3
    assert dict(summary.by_group) == {
        RespondentGroup.PATIENT: 1,
        RespondentGroup.FAMILY_OR_CARER: 1,
        RespondentGroup.STAFF: 1,
    }
    assert dict(summary.by_sentiment) == {
        Sentiment.POSITIVE: 1,
        Sentiment.MIXED: 0,
        Sentiment.NEGATIVE: 2,
    }
    staffing = next(g for g in summary.groups if g.theme == "Number & deployment of staff"
                    and g.group is RespondentGroup.STAFF)  # fmt: skip
    assert (staffing.comments, staffing.negative) == (1, 1)
    quotes = dict(summary.quotes)
    (quote,) = quotes["Interaction with family/ carers"]
    assert "Jane" not in quote.redacted_text
    families = feedback.feedback_summary(
        db=world, trust="RMY", group=RespondentGroup.FAMILY_OR_CARER
    )
    assert families.comments == 1
    assert feedback.count_feedback(db=world, trust="RMY", theme="Parking") == 0
    assert feedback.count_feedback(db=world, trust="RMY", service="CAMHS") == 1


def test_an_unknown_trust_is_not_found(world: Database) -> None:
    with pytest.raises(NotFound):
        feedback.feedback_summary(db=world, trust="ZZZ")
    with pytest.raises(NotFound):
        feedback.feedback_item(db=world, trust="RMY", reference="nope")


def test_text_is_stored_whole_and_the_redacted_text_never_holds_the_number(
    world: Database,
) -> None:
    with world.engine.connect() as conn:
        rows = conn.execute(select(FEEDBACK_ITEMS.c.text, FEEDBACK_ITEMS.c.redacted_text)).all()
    assert any("07700 900123" in r.text for r in rows)
    assert not any("07700" in r.redacted_text for r in rows)
