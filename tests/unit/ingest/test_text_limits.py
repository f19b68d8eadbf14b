"""The length limits readers hold text to are the lengths of the columns it is stored in:
a limit longer than its column would let the database refuse (or SQLite keep) what the
reader passed, and one shorter would refuse text the database could hold."""

from __future__ import annotations

import pytest
from sqlalchemy import Table

from carewatch.ingest import text
from carewatch.ingest.ratings_columns import LOCATION_COLUMNS, PROVIDER_COLUMNS
from carewatch.store.tables.league import NOF_SEGMENTATION
from carewatch.store.tables.metrics import METRIC_OBSERVATIONS
from carewatch.store.tables.ratings import RATINGS, REPORTS
from carewatch.store.tables.register import CORE_SERVICES, LOCATIONS, PROVIDERS

STORED_IN: list[tuple[int, Table, str]] = [
    (text.ID, PROVIDERS, "provider_id"),
    (text.ID, LOCATIONS, "location_id"),
    (text.ID, RATINGS, "inherited_from"),
    (text.ID, METRIC_OBSERVATIONS, "org_code"),
    (text.ODS_CODE, PROVIDERS, "ods_code"),
    (text.ODS_CODE, LOCATIONS, "ods_code"),
    (text.CODE, CORE_SERVICES, "service_id"),
    (text.LINK_ID, REPORTS, "link_id"),
    (text.LINK_ID, RATINGS, "report_link_id"),
    (text.NAME, PROVIDERS, "name"),
    (text.NAME, LOCATIONS, "name"),
    (text.NAME, CORE_SERVICES, "name"),
    (text.NAME, RATINGS, "service"),
    (text.NAME, METRIC_OBSERVATIONS, "org_name"),
    (text.NAME, NOF_SEGMENTATION, "trust_name"),
    (text.TYPE, PROVIDERS, "provider_type"),
    (text.TYPE, PROVIDERS, "region"),
    (text.TYPE, LOCATIONS, "location_type"),
    (text.TYPE, LOCATIONS, "region"),
    (text.TYPE, NOF_SEGMENTATION, "peer_group"),
    (text.CATEGORY, LOCATIONS, "primary_inspection_category"),
    (text.CATEGORY, REPORTS, "report_type"),
    (text.STATUS, LOCATIONS, "registration_status"),
    (text.URL, REPORTS, "url"),
    (text.SOURCE, METRIC_OBSERVATIONS, "source"),
]


@pytest.mark.parametrize(
    ("limit", "table", "column"), STORED_IN, ids=[f"{t.name}.{c}" for _, t, c in STORED_IN]
)
def test_a_readers_limit_is_its_columns_length(limit: int, table: Table, column: str) -> None:
    assert limit == table.c[column].type.length  # type: ignore[attr-defined]


# Each heading of CQC's "Latest ratings" file read as text, and where its cells are stored.
SPREADSHEET_COLUMNS = {
    "Location ID": (LOCATIONS, "location_id"),
    "Location ODS Code": (LOCATIONS, "ods_code"),
    "Location Name": (LOCATIONS, "name"),
    "Location Type": (LOCATIONS, "location_type"),
    "Location Primary Inspection Category": (LOCATIONS, "primary_inspection_category"),
    "Location Region": (LOCATIONS, "region"),
    "Service / Population Group": (RATINGS, "service"),
    "Report Type": (REPORTS, "report_type"),
    "URL": (REPORTS, "url"),
    "Provider ID": (PROVIDERS, "provider_id"),
    "Provider Name": (PROVIDERS, "name"),
    "Provider ODS Code": (PROVIDERS, "ods_code"),
    "Provider Type": (PROVIDERS, "provider_type"),
    "Provider Primary Inspection Category": (LOCATIONS, "primary_inspection_category"),
    "Provider Region": (PROVIDERS, "region"),
}


def test_every_text_column_of_the_ratings_file_has_its_columns_limit() -> None:
    for column in {*LOCATION_COLUMNS, *PROVIDER_COLUMNS}:
        stored = SPREADSHEET_COLUMNS.get(column.heading)
        if stored is None:  # Domain, Latest Rating, Publication Date, Inherited: parsed words
            assert column.limit == text.FREE_TEXT, column.heading
            continue
        table, name = stored
        assert column.limit == table.c[name].type.length, column.heading  # type: ignore[attr-defined]
