"""The columns of CQC's monthly "Latest ratings" file and the spellings of their headings.

Source: the reference's §10.3, from the staging tables of madetech/dhsc-alpha-data
(sql/Analytical_Datastore/CQC/Tables/latest_ratings_locations_staging.sql and
latest_ratings_providers_staging.sql). Headings are matched ignoring case, spaces and
punctuation, so "Service / Population Group", "Service/Population Group" and
"Service Population Group" are one heading; `variants` lists other wordings CQC has used.
Columns carewatch does not read (addresses, CCGs, brands) are not listed, so any spelling of
them is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carewatch.ingest import text

__all__ = [
    "DOMAIN",
    "INHERITED",
    "LOCATION_CATEGORY",
    "LOCATION_COLUMNS",
    "LOCATION_ID",
    "LOCATION_NAME",
    "LOCATION_ODS",
    "LOCATION_REGION",
    "LOCATION_REQUIRED",
    "LOCATION_TYPE",
    "PROVIDER_CATEGORY",
    "PROVIDER_COLUMNS",
    "PROVIDER_ID",
    "PROVIDER_NAME",
    "PROVIDER_ODS",
    "PROVIDER_REGION",
    "PROVIDER_REQUIRED",
    "PROVIDER_TYPE",
    "PUBLICATION_DATE",
    "RATING",
    "REPORT_TYPE",
    "SERVICE",
    "URL",
    "Column",
    "heading_key",
]


def heading_key(heading: object) -> str:
    """A heading reduced to lower-case letters and digits.

    >>> heading_key("Inherited Rating (Y/N)")
    'inheritedratingyn'
    """
    return re.sub(r"[^0-9a-z]", "", str(heading).lower())


@dataclass(frozen=True)
class Column:
    """A column of the file: CQC's heading, other wordings of it, and the most characters a
    cell of it may hold (its column's length in the database, `carewatch.ingest.text`)."""

    heading: str
    variants: tuple[str, ...] = ()
    limit: int = text.FREE_TEXT

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(heading_key(h) for h in (self.heading, *self.variants))


LOCATION_ID = Column("Location ID", limit=text.ID)
LOCATION_ODS = Column("Location ODS Code", limit=text.ODS_CODE)
LOCATION_NAME = Column("Location Name", limit=text.NAME)
LOCATION_TYPE = Column("Location Type", ("Location Type/Sector",), limit=text.TYPE)
LOCATION_CATEGORY = Column("Location Primary Inspection Category", limit=text.CATEGORY)
LOCATION_REGION = Column("Location Region", limit=text.TYPE)
SERVICE = Column(
    "Service / Population Group",
    ("Service/Population Group", "Service Population Group"),
    limit=text.NAME,
)
DOMAIN = Column("Domain")
RATING = Column("Latest Rating", ("Latest rating",))
PUBLICATION_DATE = Column("Publication Date", ("Publication date",))
REPORT_TYPE = Column("Report Type", limit=text.CATEGORY)
INHERITED = Column("Inherited Rating (Y/N)", ("Inherited Rating", "Inherited"))
URL = Column("URL", limit=text.URL)
PROVIDER_ID = Column("Provider ID", limit=text.ID)
PROVIDER_NAME = Column("Provider Name", limit=text.NAME)
PROVIDER_ODS = Column("Provider ODS Code", limit=text.ODS_CODE)
PROVIDER_TYPE = Column("Provider Type", ("Provider Type/Sector",), limit=text.TYPE)
PROVIDER_CATEGORY = Column("Provider Primary Inspection Category", limit=text.CATEGORY)
PROVIDER_REGION = Column("Provider Region", limit=text.TYPE)

_SHARED = (SERVICE, DOMAIN, RATING, PUBLICATION_DATE, REPORT_TYPE, INHERITED, URL)

LOCATION_COLUMNS: tuple[Column, ...] = (
    LOCATION_ID,
    LOCATION_ODS,
    LOCATION_NAME,
    LOCATION_TYPE,
    LOCATION_CATEGORY,
    LOCATION_REGION,
    *_SHARED,
    PROVIDER_ID,
    PROVIDER_NAME,
)
"""What carewatch reads from the Locations sheet."""
LOCATION_REQUIRED: tuple[Column, ...] = (
    LOCATION_ID,
    LOCATION_NAME,
    DOMAIN,
    RATING,
    PUBLICATION_DATE,
    PROVIDER_ID,
)

PROVIDER_COLUMNS: tuple[Column, ...] = (
    PROVIDER_ID,
    PROVIDER_ODS,
    PROVIDER_NAME,
    PROVIDER_TYPE,
    PROVIDER_CATEGORY,
    PROVIDER_REGION,
    *_SHARED,
)
"""What carewatch reads from the Providers sheet."""
PROVIDER_REQUIRED: tuple[Column, ...] = (
    PROVIDER_ID,
    PROVIDER_NAME,
    DOMAIN,
    RATING,
    PUBLICATION_DATE,
)
