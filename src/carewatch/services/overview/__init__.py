"""The overview service: is this trust getting better, and how do we know? It reads the
other areas through their public readers (never their tables) into one snapshot of a trust
on a day, and returns the verdict with its evidence, what changed since the last inspection,
and a Member of Parliament's brief. It writes nothing. Routes and the CLI import from here.

Example::

    found = trust_overview(db=db, provider_id="RMY", as_of=dt.date(2021, 6, 1))
    found.overview.verdict.label, found.overview.headline
    found.changes.lines()
    trust_brief(db=db, provider_id="RMY").questions
"""

from carewatch.services.overview.models import Brief, TrustOverview
from carewatch.services.overview.queries import (
    trust_brief,
    trust_changes,
    trust_facts,
    trust_overview,
)

__all__ = [
    "Brief",
    "TrustOverview",
    "trust_brief",
    "trust_changes",
    "trust_facts",
    "trust_overview",
]
