"""The tables, one module per area, as the services are: `access` (users, sessions,
tokens), `audit` (the hash-chained audit trail), `register` (providers, locations,
core services), `ratings`, `oversight`, `plans`, `incidents`, `feedback`, `risks`, `metrics`,
`league`, and `core` (imports and the data version). A service reads and writes its own
area's tables; it reads another area's data through that area's queries.

Portable types only, so SQLite and PostgreSQL hold identical data. Enumerated columns hold the
domain enums' values (CQC's own words for ratings) and are checked by the database; a change
to an enum ships with a migration that replaces its CHECK (see DEVELOPERS.md).

Importing this package imports every area's module, so `Base.metadata` describes the whole
schema (the migrations' autogenerate and the CHECK-constraint test rely on it).
"""

from __future__ import annotations

from carewatch.store.tables import (
    access,
    audit,
    core,
    feedback,
    incidents,
    league,
    metrics,
    oversight,
    plans,
    ratings,
    register,
    risks,
)
from carewatch.store.tables._base import Base, one_of

__all__ = [
    "Base",
    "access",
    "audit",
    "core",
    "feedback",
    "incidents",
    "league",
    "metrics",
    "one_of",
    "oversight",
    "plans",
    "ratings",
    "register",
    "risks",
]
