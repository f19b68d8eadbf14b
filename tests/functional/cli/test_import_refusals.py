"""`carewatch import ...` refusing a malformed file end to end, on SQLite and PostgreSQL:
exit code 2, one line naming the file, row and field, no traceback, and nothing stored
(what was stored before is all still there)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.ingest.cqc_ratings import CHUNK_ROWS
from carewatch.ingest.metric_csv import TEMPLATE_COLUMNS
from carewatch.store.database import Database
from carewatch.store.tables import Base
from tests.ingest_files import location_row, locations_sheet, providers_sheet, write_file

runner = CliRunner()


def cli(db: Database, *args: str) -> tuple[int, str, str]:
    url = db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.stdout, result.stderr


def every_row(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    skip = {"data_version", "audit_events", "audit_head"}
    with db.engine.connect() as conn:
        return {
            t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
            for t in Base.metadata.sorted_tables
            if t.name not in skip
        }


def _json(folder: Path, text: str) -> list[str]:
    path = folder / "location.json"
    path.write_text(text, encoding="utf-8")
    return ["cqc-api", str(path)]


def _observations(folder: Path, **cells: str) -> list[str]:
    values = {
        "org_code": "RMY", "org_name": "A trust", "metric_code": "pos_staffing_fill_rate",
        "period_start": "2024-04-01", "period_end": "2024-04-30", "value": "91.5",
        "numerator": "183", "denominator": "200", "source": "", **cells,
    }  # fmt: skip
    path = folder / "obs.csv"
    header = ",".join(TEMPLATE_COLUMNS)
    path.write_text(f"{header}\n{','.join(values[c] for c in TEMPLATE_COLUMNS)}\n")
    return ["metrics-csv", str(path)]


CASES: dict[str, tuple[Any, str]] = {
    "deep JSON": (
        lambda f: _json(f, '{"locationId": "L1", "x": ' + "[" * 200_000 + "]" * 200_000 + "}"),
        "location.json: invalid JSON: arrays or objects nested more than 100 levels deep",
    ),
    "a 5,000-digit integer": (
        lambda f: _json(f, '{"locationId": "L1", "providerId": "P1", "n": ' + "9" * 5000 + "}"),
        "location.json: invalid JSON: an integer of more than 100 digits",
    ),
    "a NUL in a name": (
        lambda f: _json(f, json.dumps({"locationId": "L1", "providerId": "P1", "name": "A\0"})),
        "location.json, row 1, column 'name': holds a control character (U+0000)",
    ),
    "a 20-million-character name": (
        lambda f: _json(
            f, json.dumps({"locationId": "L1", "providerId": "P1", "name": "A" * 20_000_000})
        ),
        "location.json, row 1, column 'name': is 20000000 characters long",
    ),
    "a workbook without rating rows": (
        lambda f: [
            "cqc-ratings",
            str(write_file(f / "empty.xlsx", [providers_sheet([]), locations_sheet([])])),
        ],
        "empty.xlsx: no rating rows",
    ),
    "a NUL in a ratings file's location name": (
        lambda f: [
            "cqc-ratings",
            str(
                write_file(
                    f / "ratings.csv", [locations_sheet([location_row(**{"Location Name": "A\0"})])]
                )
            ),
        ],
        "ratings.csv, row 2, column 'Location Name': holds a control character (U+0000)",
    ),
    "a negative proportion": (
        lambda f: _observations(f, value="-91.5"),
        "obs.csv, row 2, column 'value': is negative",
    ),
    "a zero denominator": (
        lambda f: _observations(f, denominator="0"),
        "obs.csv, row 2, column 'denominator': is not above zero",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_file_exits_2_naming_where_and_stores_nothing(
    db: Database, tmp_path: Path, case: str
) -> None:
    stored = write_file(
        tmp_path / "stored.csv",
        [locations_sheet([location_row(**{"Publication Date": dt.date(2023, 3, 1)})])],
    )
    code, _, err = cli(db, "import", "cqc-ratings", str(stored), "-q")
    assert code == 0, err
    before = every_row(db)
    write, says = CASES[case]
    code, out, err = cli(db, "import", *write(tmp_path))
    assert code == 2
    assert says in err
    assert "Traceback" not in err + out
    assert len(err) < 500
    assert every_row(db) == before


def test_a_bad_row_after_the_first_chunk_exits_2_and_stores_nothing(
    db: Database, tmp_path: Path
) -> None:
    # The command streams the file: the first 20,000 ratings are stored before the bad row
    # is read, and the transaction then stores none of them.
    def rows() -> Any:
        for n in range(CHUNK_ROWS + 10):
            yield location_row(**{
                "Location ID": f"1-{n:06d}",
                "Provider ID": f"R{n // 50:04d}",
                "Latest Rating": "Fabulous" if n == CHUNK_ROWS + 5 else "Good",
            })  # fmt: skip

    stored = write_file(tmp_path / "stored.csv", [locations_sheet([location_row()])])
    assert cli(db, "import", "cqc-ratings", str(stored), "-q")[0] == 0
    before = every_row(db)
    big = write_file(tmp_path / "big.csv", [locations_sheet(rows())])
    code, out, err = cli(db, "import", "cqc-ratings", str(big), "-q")
    assert code == 2
    assert f"big.csv, row {CHUNK_ROWS + 7}, column 'Latest Rating': unknown rating" in err
    assert "nothing from this file was stored" in err
    assert "Traceback" not in err + out
    assert every_row(db) == before
