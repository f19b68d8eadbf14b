"""The ratings area: published CQC ratings, their reports, enforcement and the rules' proposals.

What routes, the CLI and other areas may call. `commands` holds the writers (`import_batch`,
`record_*`, `reaggregate`), `queries` the readers (`ratings_grid`, `list_trusts`, `audit` …),
`models` the frozen values they return, `errors` what they raise; `documents` and `rules`
run and describe the pure ratings engine. The modules starting with ``_`` are this area's own.

Example::

    from carewatch.services.ratings import import_batch, ratings_grid

    import_batch(db=db, batch=stream_cqc_ratings(path), actor=Actor.operator("deploy"))
    grid = ratings_grid(db=db, subject_id="RMY")
"""

from __future__ import annotations

from carewatch.services.errors import NotFound
from carewatch.services.ratings._read import overall_ratings, overall_ratings_of
from carewatch.services.ratings.commands import (
    import_batch,
    reaggregate,
    record_enforcement,
    record_location,
    record_provider,
    record_rating,
    record_report,
)
from carewatch.services.ratings.documents import InvalidDocument, evaluate
from carewatch.services.ratings.errors import ImportFailed, ImportRejected, RatingsError
from carewatch.services.ratings.models import (
    AuditFinding,
    Cell,
    Grid,
    GridRow,
    HistoryEntry,
    ImportSummary,
    LocationSummary,
    Page,
    Progress,
    TableCounts,
    TrustName,
    TrustSummary,
)
from carewatch.services.ratings.queries import (
    audit,
    get_trust,
    list_locations,
    list_trusts,
    rating_history,
    ratings_grid,
    trust_names,
    trust_tally,
)
from carewatch.services.ratings.rules import describe_ruleset, describe_rulesets

__all__ = [
    "AuditFinding",
    "Cell",
    "Grid",
    "GridRow",
    "HistoryEntry",
    "ImportFailed",
    "ImportRejected",
    "ImportSummary",
    "InvalidDocument",
    "LocationSummary",
    "NotFound",
    "Page",
    "Progress",
    "RatingsError",
    "TableCounts",
    "TrustName",
    "TrustSummary",
    "audit",
    "describe_ruleset",
    "describe_rulesets",
    "evaluate",
    "get_trust",
    "import_batch",
    "list_locations",
    "list_trusts",
    "overall_ratings",
    "overall_ratings_of",
    "rating_history",
    "ratings_grid",
    "reaggregate",
    "record_enforcement",
    "record_location",
    "record_provider",
    "record_rating",
    "record_report",
    "trust_names",
    "trust_tally",
]
