"""`carewatch oversight record-*` and `mark-commitment` end to end on SQLite and PostgreSQL.

The world is one trust, RXX, with nothing recorded; each test records through the CLI and
reads back through the service and `carewatch oversight timeline --json`. Expected titles and
dates are worked out by hand from the arguments below.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.domain.oversight import (
    RequirementNotice,
    Statement,
    WarningNotice29A,
    WarningRequirement,
)
from carewatch.domain.ratings import KeyQuestion
from carewatch.services.oversight import OversightRecord, oversight_record, record_commitment
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.integration.test_oversight_world import D

runner = CliRunner()

MEETING = "MPs and CQC"

# Every command once, in an order that works (the meeting before the commitment made in it,
# the commitment before its mark), with the line each prints.
RECORDS: list[tuple[list[str], str]] = [
    (
        [
            "record-requirement-notice",
            "RXX",
            "--regulation",
            "Regulation 12",
            "--issued",
            "2019-03-01",
            "--core-service",
            "Acute wards",
            "--key-question",
            "safe",
            "--report",
            "AP9",
            "--closed",
            "2020-01-30",
            "--source",
            "https://example.org/rn",
        ],
        "RXX: recorded requirement notice (Regulation 12: Safe care and treatment) "
        "issued 2019-03-01",
    ),
    (
        [
            "record-warning-notice",
            "RXX",
            "--issued",
            "2022-04-14",
            "--requirement",
            "Staffing|2022-05-31",
            "--requirement",
            "Ligatures",
            "--summary",
            "significant improvement",
        ],
        "RXX: recorded section 29A warning notice issued 2022-04-14 with 2 requirements",
    ),
    (
        [
            "record-escalation",
            "RXX",
            "--option",
            "buddy trust",
            "--proposed-by",
            "NHS Improvement",
            "--date",
            "2018-10-04",
            "--outcome",
            "taken",
            "--position",
            "Chief executive|the trust|Welcomes it",
            "--detail",
            "A partner trust supports it.",
        ],
        "RXX: recorded escalation buddy_trust proposed 2018-10-04 (taken)",
    ),
    (
        [
            "record-meeting",
            "RXX",
            "--date",
            "2018-11-30",
            "--format",
            "conference call",
            "--title",
            MEETING,
            "--participant",
            "MP for Norwich North|House of Commons",
            "--participant",
            "Chief Inspector of Hospitals|CQC",
            "--absent",
            "Chief executive|the trust",
        ],
        "RXX: recorded meeting on 2018-11-30 (Conference call)",
    ),
    (
        [
            "record-statement",
            "RXX",
            "--who",
            "MP for Norwich North",
            "--organisation",
            "House of Commons",
            "--date",
            "2018-10-04",
            "--text",
            "Calls for a special administrator.",
        ],
        "RXX: recorded statement on 2018-10-04",
    ),
    (
        [
            "record-commitment",
            "RXX",
            "--what",
            "Meeting in January",
            "--by",
            "NHS Improvement",
            "--made-on",
            "2018-11-30",
            "--due",
            "2019-01-31",
            "--meeting",
            MEETING,
        ],
        "RXX: recorded commitment made on 2018-11-30 (due 2019-01-31)",
    ),
    (
        [
            "mark-commitment",
            "RXX",
            "--what",
            "Meeting in January",
            "--made-on",
            "2018-11-30",
            "--status",
            "kept_late",
            "--on",
            "2019-03-01",
            "--evidence",
            "Meeting held in March",
        ],
        "RXX: marked the commitment made on 2018-11-30 kept_late on 2019-03-01",
    ),
]

TIMELINE = [
    ("2018-10-04", "escalation", "Buddy trust proposed by NHS Improvement (taken)"),
    ("2018-11-30", "meeting", MEETING),
    ("2019-01-31", "commitment_due", "NHS Improvement: Meeting in January"),
    (
        "2019-03-01",
        "enforcement_issued",
        "Requirement notice: Regulation 12: Safe care and treatment in Acute wards",
    ),
    ("2019-03-01", "commitment_kept", "NHS Improvement: Meeting in January"),
    (
        "2020-01-30",
        "enforcement_closed",
        "Requirement notice: Regulation 12: Safe care and treatment in Acute wards",
    ),
    ("2022-04-14", "enforcement_issued", "Section 29A warning notice: significant improvement"),
]


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["oversight", *args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def one_trust(db: Database) -> None:
    record_provider(db=db, provider_id="RXX", name="Acute trust", synthetic=True, actor=OPERATOR)


def record_all(db: Database) -> None:
    for args, line in RECORDS:
        code, out, err = cli(db, *args)
        assert (code, err) == (0, ""), args[0]
        assert out == line + "\n"


def timeline_json(db: Database) -> list[dict[str, str]]:
    code, out, err = cli(db, "timeline", "RXX", "--json")
    assert code == 0, err
    """The timeline's events, oldest first (the JSON gives them newest first)."""
    events: list[dict[str, str]] = json.loads(out)["data"]
    return events[::-1]


def record(db: Database) -> OversightRecord:
    return oversight_record(db=db, provider_id="RXX")


def test_each_command_records_and_its_events_appear_in_the_timeline(db: Database) -> None:
    one_trust(db)
    record_all(db)
    events = timeline_json(db)
    assert [(e["date"], e["kind"], e["title"]) for e in events] == TIMELINE
    details = {(e["kind"], e["date"]): e["detail"] for e in events}
    assert details[("escalation", "2018-10-04")] == (
        "A partner trust supports it. Positions: Chief executive (the trust): Welcomes it."
    )
    assert details[("meeting", "2018-11-30")] == (
        "Conference call. Present: MP for Norwich North (House of Commons); "
        "Chief Inspector of Hospitals (CQC). Absent: Chief executive (the trust)."
    )
    assert details[("commitment_kept", "2019-03-01")] == "Kept (late). Meeting held in March"
    stored = record(db)
    notice = next(a for a in stored.enforcement if isinstance(a, RequirementNotice))
    assert (notice.key_question, notice.report_link_id, notice.source) == (
        KeyQuestion.SAFE,
        "AP9",
        "https://example.org/rn",
    )
    warning = next(a for a in stored.enforcement if isinstance(a, WarningNotice29A))
    assert warning.requirements == (
        WarningRequirement("Staffing", D("2022-05-31")),
        WarningRequirement("Ligatures", None),
    )
    # Statements are not timeline events of their own; they are stored beside them.
    assert stored.statements == (
        Statement(
            "MP for Norwich North",
            "House of Commons",
            D("2018-10-04"),
            "Calls for a special administrator.",
        ),
    )


def test_recording_everything_twice_changes_nothing(db: Database) -> None:
    one_trust(db)
    record_all(db)
    once, events_once = record(db), timeline_json(db)
    record_all(db)
    assert record(db) == once
    assert timeline_json(db) == events_once
    assert len(once.commitments) == 1
    assert len(once.enforcement) == 2


def test_recording_a_commitment_again_keeps_its_mark(db: Database) -> None:
    one_trust(db)
    record_all(db)
    commitment_args = next(args for args, _ in RECORDS if args[0] == "record-commitment")
    code, _, err = cli(db, *commitment_args)
    assert code == 0, err
    assert [(e["kind"], e["date"]) for e in timeline_json(db) if "commitment" in e["kind"]] == [
        ("commitment_due", "2019-01-31"),
        ("commitment_kept", "2019-03-01"),
    ]


def test_a_warning_notice_recorded_again_replaces_its_requirements(db: Database) -> None:
    one_trust(db)
    for requirement in ("Staffing|2022-05-31", "Ligatures | 2022-06-30"):
        code, _, err = cli(
            db,
            "record-warning-notice",
            "RXX",
            "--issued",
            "2022-04-14",
            "--requirement",
            requirement,
        )
        assert code == 0, err
    (notice,) = record(db).enforcement
    assert isinstance(notice, WarningNotice29A)
    assert notice.requirements == (WarningRequirement("Ligatures", D("2022-06-30")),)
    assert notice.title == "Section 29A warning notice"


REQUIREMENT_NOTICE = ["record-requirement-notice", "RXX", "--regulation", "12"]
WARNING_NOTICE = ["record-warning-notice", "RXX", "--issued", "2022-04-14"]
ESCALATION = ["record-escalation", "RXX", "--proposed-by", "An MP", "--date", "2018-10-04"]
MEETING_ARGS = ["record-meeting", "RXX", "--date", "2018-11-30", "--title", MEETING]
STATEMENT = ["record-statement", "RXX", "--who", "An MP", "--organisation", "House of Commons"]
COMMITMENT = ["record-commitment", "RXX", "--what", "Report", "--by", "Trust board"]
MARK = ["mark-commitment", "RXX", "--what", "Report", "--made-on", "2019-01-10"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [*REQUIREMENT_NOTICE[:3], "21", "--issued", "2019-03-01"],
            "--regulation: unknown regulation '21'",
        ),
        (
            [*REQUIREMENT_NOTICE, "--issued", "2019-03-01", "--key-question", "kind"],
            "--key-question: unknown key question 'kind'",
        ),
        ([*REQUIREMENT_NOTICE, "--issued", "2019-13-01"], "--issued: '2019-13-01' is not a date"),
        (
            [*REQUIREMENT_NOTICE, "--issued", "2019-03-01", "--closed", "2019-01-01"],
            "--closed: the closing date (2019-01-01) is before 2019-03-01",
        ),
        (
            [*REQUIREMENT_NOTICE, "--issued", "2019-03-01", "--core-service", " "],
            "--core-service: must not be blank",
        ),
        (WARNING_NOTICE, "--requirement: a warning notice needs at least one requirement"),
        (
            [*WARNING_NOTICE, "--requirement", "Staffing|31/05/2022"],
            "--requirement: '31/05/2022' is not a date",
        ),
        (
            [*WARNING_NOTICE, "--requirement", "Staffing|2022-01-01"],
            "--requirement: a compliance deadline (2022-01-01) is before 2022-04-14",
        ),
        ([*WARNING_NOTICE, "--requirement", "|2022-05-31"], "--requirement: must not be blank"),
        (
            [*ESCALATION, "--option", "nationalisation"],
            "--option: unknown escalation option 'nationalisation'",
        ),
        (
            [*ESCALATION, "--option", "split", "--outcome", "maybe"],
            "--outcome: unknown escalation outcome 'maybe'",
        ),
        (
            [*ESCALATION, "--option", "split", "--position", "CQC|Not ruled out"],
            "--position: expected WHO|ORGANISATION|POSITION, got 2 part(s)",
        ),
        (
            [*ESCALATION, "--option", "split", "--position", " |CQC|Not ruled out"],
            "--position (WHO): must not be blank",
        ),
        (
            [*ESCALATION[:2], "--option", "split", "--proposed-by", "", "--date", "2018-10-04"],
            "--proposed-by: must not be blank",
        ),
        ([*MEETING_ARGS, "--format", "pigeon"], "--format: unknown meeting format 'pigeon'"),
        (
            [*MEETING_ARGS, "--format", "video", "--absent", " | "],
            "--absent: expected ROLE|ORGANISATION",
        ),
        (
            [*MEETING_ARGS[:4], "--title", "  ", "--format", "video"],
            "--title: must not be blank",
        ),
        ([*STATEMENT, "--date", "yesterday", "--text", "x"], "--date: 'yesterday' is not a date"),
        ([*STATEMENT, "--date", "2018-10-04", "--text", ""], "--text: must not be blank"),
        (
            [*COMMITMENT, "--made-on", "2019-01-10", "--due", "2019-01-01"],
            "--due: commitment 'Report' is due before it was made",
        ),
        (
            [*MARK, "--status", "open", "--on", "2019-02-01", "--evidence", "x"],
            "--status: expected kept, kept_late or broken",
        ),
        (
            [*MARK, "--status", "done", "--on", "2019-02-01", "--evidence", "x"],
            "--status: unknown commitment status 'done'",
        ),
        (
            [*MARK, "--status", "kept", "--on", "2019-02-01", "--evidence", "Published"],
            "--status/--on: commitment 'Report' was kept after its due date: mark it kept_late",
        ),
        (
            [*MARK, "--status", "kept", "--on", "2019-01-20", "--evidence", " "],
            "--evidence: must not be blank",
        ),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_changes_nothing(
    db: Database, args: list[str], message: str
) -> None:
    one_trust(db)
    record_commitment(
        db=db,
        provider_id="RXX",
        what="Report",
        by="Trust board",
        made_on=D("2019-01-10"),
        due=D("2019-01-31"),
        actor=OPERATOR,
    )
    before = record(db)
    code, out, err = cli(db, *args)
    assert code == 2
    assert out == ""
    assert f"error: {message}" in err
    assert record(db) == before


@pytest.mark.parametrize("args", [args for args, _ in RECORDS])
def test_an_unknown_trust_exits_3(db: Database, args: list[str]) -> None:
    one_trust(db)
    code, out, err = cli(db, args[0], "NOPE", *args[2:])
    assert code == 3
    assert out == ""
    assert "no provider with id 'NOPE'" in err


def test_an_unknown_meeting_or_commitment_exits_3_naming_the_options(db: Database) -> None:
    one_trust(db)
    code, _, err = cli(db, *COMMITMENT, "--made-on", "2019-01-10", "--meeting", "No such meeting")
    assert code == 3
    assert "--meeting: no meeting on that date with id 'No such meeting'" in err
    assert record(db).commitments == ()
    code, _, err = cli(
        db, *MARK, "--status", "broken", "--on", "2019-02-01", "--evidence", "Not published"
    )
    assert code == 3
    assert "--what/--made-on: no commitment made on that date with id 'Report'" in err


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("record-requirement-notice", "breach of a regulation"),
        ("record-warning-notice", "requires significant improvement"),
        ("record-escalation", "trust special administration"),
        ("record-meeting", "never a private individual's name"),
        ("record-statement", "public statement or position"),
        ("record-commitment", "public commitment"),
        ("mark-commitment", "kept late or broken"),
    ],
)
def test_help_says_what_each_command_records(command: str, words: str) -> None:
    result = runner.invoke(app, ["oversight", command, "--help"], env={"COLUMNS": "400"})
    assert result.exit_code == 0
    assert words in " ".join(result.stdout.split())
