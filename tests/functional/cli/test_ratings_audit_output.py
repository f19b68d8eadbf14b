"""`carewatch ratings audit` to a file or a pipe: one whole line per line of a finding, however
long, and the JSON and the text saying the same, on SQLite and PostgreSQL.

The world is two made-up providers built through the services, each with a hospital whose
key questions are all Good and whose overall is published otherwise: five Good propose
Good, so both overalls depart (worked out by hand).
"""

from __future__ import annotations

import json
import os
import select

import pytest
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.cli.views import write_findings
from carewatch.domain.ratings import Aspect
from carewatch.ingest.records import LocationRecord, ProviderRecord
from carewatch.services import ratings as service
from carewatch.services.ratings import AuditFinding
from carewatch.store.database import Database
from tests.actors import OPERATOR
from tests.integration.builders import DAY, INAD, RI, G, batch, five, rating

runner = CliRunner()

LONG = "The Very Long Named Community Hospital of the Northern and Eastern Districts, Ward Six"


def audit(db: Database, *args: str) -> tuple[int, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["ratings", "audit", *args, "--db", url])
    return result.exit_code, result.stdout


def two_departures(db: Database) -> None:
    providers = [
        ProviderRecord("OUT1", "Output One Care", "Independent Healthcare Org"),
        ProviderRecord("OUT2", "Output Two Care", "Independent Healthcare Org"),
    ]
    locations = [
        LocationRecord("OUT1A", "OUT1", name=LONG),
        LocationRecord("OUT2A", "OUT2", name="Short House"),
    ]
    records = [
        *five("OUT1", [G] * 5, location="OUT1A", link=None),
        rating("OUT1", Aspect.OVERALL, RI, location="OUT1A", link=None),
        *five("OUT2", [G] * 5, location="OUT2A", link=None),
        rating("OUT2", Aspect.OVERALL, INAD, location="OUT2A", link=None),
    ]
    service.import_batch(
        db=db, actor=OPERATOR, batch=batch(*records, providers=providers, locations=locations)
    )


def test_each_line_of_a_finding_is_whole_when_piped(db: Database) -> None:
    two_departures(db)
    code, out = audit(db)
    assert code == 0
    lines = out.splitlines()
    # Three lines per finding, then the count: nothing wrapped, however long.
    assert len(lines) == 7
    assert lines[0] == (
        f"{LONG} (OUT1A) — {LONG}, Overall: published Requires improvement on 2019-01-10; "
        "the rules propose Good [nhs-trust-2022 G]"
    )
    assert lines[1].startswith("  Why the rules say so: Of 5 ratings: 5 Good.")
    assert lines[2].startswith("  Likely explanation: ")
    assert lines[3] == (
        "Short House (OUT2A) — Short House, Overall: published Inadequate on 2019-01-10; "
        "the rules propose Good [nhs-trust-2022 G]"
    )
    assert lines[6] == "2 departures from the rules."
    assert "\x1b[" not in out


def test_text_and_json_give_the_same_findings(db: Database) -> None:
    two_departures(db)
    _, out = audit(db)
    code, printed = audit(db, "--json")
    assert code == 0
    document = json.loads(printed)
    assert document["count"] == 2
    for n, finding in enumerate(document["data"]):
        heading, why, likely = out.splitlines()[3 * n : 3 * n + 3]
        assert heading.startswith(f"{finding['subject_name']} ({finding['subject_id']}) — ")
        assert f"published {finding['published']} on {finding['published_date']};" in heading
        assert why == f"  Why the rules say so: {finding['reason']}"
        assert likely == f"  Likely explanation: {finding['explanation']}"


def test_one_location_and_nothing_to_report(db: Database) -> None:
    two_departures(db)
    code, out = audit(db, "OUT2A")
    assert code == 0
    assert out.splitlines()[0].startswith("Short House (OUT2A)")
    assert out.endswith("\n1 departure from the rules.\n")
    code, printed = audit(db, "OUT2A", "--json")
    assert [f["subject_id"] for f in json.loads(printed)["data"]] == ["OUT2A"]
    # CQC's overall put right: published Good, as the rules propose.
    service.record_rating(
        db=db,
        provider_id="OUT2",
        location_id="OUT2A",
        aspect="overall",
        rating="Good",
        rating_date=DAY,
        report_link_id=None,
        source="test.csv:OUT2:OUT2A:None:overall:2019-01-10",
        actor=OPERATOR,
    )
    assert audit(db, "OUT2A") == (0, "Every stored aggregate matches what the rules propose.\n")
    assert json.loads(audit(db, "OUT2A", "--json")[1]) == {"data": [], "count": 0}


def test_to_a_terminal_lines_are_wrapped_at_words_and_headings_bold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real terminal: the command writes to a pseudo-terminal and the test reads it back.
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("TERM", "xterm")
    finding = AuditFinding(
        subject_id="OUT1A",
        subject_name=LONG,
        row_label=LONG,
        aspect=Aspect.OVERALL,
        published=RI,
        published_date=DAY,
        proposed=G,
        rule="nhs-trust-2022 G",
        reason="Of 5 ratings: 5 Good. No threshold is met, so the aggregate is Good.",
        explanation="Professional judgement (CQC principle C4), no rationale recorded.",
    )
    main, side = os.openpty()
    with os.fdopen(side, "w", encoding="utf-8", closefd=True) as terminal:
        write_findings([finding], terminal)
    shown = b""
    while chunk := _read_some(main):
        shown += chunk
    os.close(main)
    lines = shown.decode().replace("\r\n", "\n").splitlines()
    words = [w for line in lines for w in line.replace(BOLD, "").replace(PLAIN, "").split()]

    assert lines[0].startswith(BOLD + LONG[:20])
    heading_end = next(n for n, line in enumerate(lines) if line.endswith(PLAIN))
    assert lines[heading_end].endswith("[nhs-trust-2022 G]" + PLAIN)
    assert all(len(line.replace(BOLD, "").replace(PLAIN, "")) <= 60 for line in lines)
    # Wrapped between words, none lost or split.
    assert " ".join(words) == " ".join(
        f"{LONG} (OUT1A) — {LONG}, Overall: published Requires improvement on 2019-01-10; "
        "the rules propose Good [nhs-trust-2022 G] Why the rules say so: Of 5 ratings: 5 Good. "
        "No threshold is met, so the aggregate is Good. Likely explanation: Professional "
        "judgement (CQC principle C4), no rationale recorded. 1 departure from the rules.".split()
    )


BOLD, PLAIN = "\x1b[1m", "\x1b[0m"


def _read_some(fd: int) -> bytes:
    """What the pseudo-terminal holds now; b"" once it is drained."""
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536)
    except OSError:  # Linux: the other side is closed and everything read
        return b""
