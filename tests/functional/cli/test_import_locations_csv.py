"""A CQC "Latest ratings" CSV holding the Locations sheet alone (no Provider Type column):
its NHS trusts are found as trusts, by their locations' "Location Type", and an independent
provider's are not; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.services.ratings import list_trusts
from carewatch.store.database import Database
from tests.ingest_files import location_row, locations_sheet, write_csv

runner = CliRunner()


def test_the_trusts_of_a_locations_csv_are_found(db: Database, tmp_path: Path) -> None:
    url = db.engine.url.render_as_string(hide_password=False)
    rows = [
        location_row(),  # Hellesdon Hospital of RMY, "NHS Healthcare Organisation"
        location_row(**{
            "Location ID": "1-101", "Location Name": "Rose House", "Provider ID": "1-100",
            "Provider Name": "Rose Care Ltd", "Location Type": "Social Care Org",
            "URL": "https://www.cqc.org.uk/location/1-101",
        }),
    ]  # fmt: skip
    path = write_csv(tmp_path / "locations.csv", locations_sheet(rows))
    result = runner.invoke(app, ["import", "cqc-ratings", str(path), "--db", url])
    assert result.exit_code == 0, result.stderr
    trusts = list_trusts(db=db).data
    assert [t.provider_id for t in trusts] == ["RMY"]
    assert trusts[0].name == "Norfolk and Suffolk NHS Foundation Trust"
