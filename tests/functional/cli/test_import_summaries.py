"""What `carewatch import` says it did: one line per file, in words that agree with their
numbers ("1 aggregate", "2 aggregates"), then a line for the whole import."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.cli.imports import describe, describe_total
from carewatch.cli.output import counted
from carewatch.services.ratings import ImportSummary, TableCounts
from carewatch.store.database import Database

runner = CliRunner()


def summary(source: str, ratings: TableCounts, others: int, aggregates: int) -> ImportSummary:
    return ImportSummary(
        source=source,
        kind="cqc-api",
        sha256="0" * 64,
        tables={"ratings": ratings, "locations": TableCounts(new=others)},
        aggregates=aggregates,
    )


def test_counted_agrees_with_its_number() -> None:
    assert counted(1, "aggregate") == "1 aggregate"
    assert counted(2, "aggregate") == "2 aggregates"
    assert counted(0, "file") == "0 files"
    assert counted(3, "day", "days") == "3 days"


def test_each_file_and_the_total_in_words_that_agree() -> None:
    one = summary("a.json", TableCounts(new=6), 1, 1)
    two = summary("b.json", TableCounts(new=2, changed=1, unchanged=3), 0, 2)
    assert describe(one) == (
        "a.json: ratings 6 new, 0 changed, 0 unchanged; rows 7 new, 0 changed; 1 aggregate proposed"
    )
    assert describe(two) == (
        "b.json: ratings 2 new, 1 changed, 3 unchanged; rows 2 new, 1 changed; "
        "2 aggregates proposed"
    )
    assert describe_total([one, two]) == (
        "In all, 2 files: ratings 8 new, 1 changed, 3 unchanged; rows 9 new, 1 changed"
    )
    assert describe_total([one]).startswith("In all, 1 file: ratings 6 new,")


def test_an_import_of_two_files_ends_with_the_total(
    db: Database, shared_data: Path, tmp_path: Path
) -> None:
    folder = shared_data / "cqc-api-oldham" / "location_details"
    # RJXX6 has five key question ratings and an overall one (each "No published rating"),
    # of which the overall is the one aggregate.
    record = json.loads((folder / "location_RJXX6.json").read_text())
    assert len(record["currentRatings"]["overall"]["keyQuestionRatings"]) == 5
    files = [folder / "location_RJXX6.json", folder / "location_RT2C1.json"]
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, ["import", "cqc-api", *map(str, files), "--db", url, "-q"])
    assert result.exit_code == 0, result.stderr
    first, second, total = result.stdout.splitlines()
    assert first.startswith("location_RJXX6.json: ratings 6 new, 0 changed, 0 unchanged;")
    assert first.endswith("; 1 aggregate proposed")
    assert second.startswith("location_RT2C1.json: ratings ")
    second_new = int(second.split("ratings ", 1)[1].split(" new", 1)[0])
    assert total.startswith(f"In all, 2 files: ratings {6 + second_new} new, 0 changed,")
    again = runner.invoke(app, ["import", "cqc-api", str(files[0]), "--db", url, "-q"])
    assert again.stdout.splitlines()[-1] == (
        "In all, 1 file: ratings 0 new, 0 changed, 6 unchanged; rows 0 new, 0 changed"
    )
