"""Load the worked example and the synthetic trusts through the services' public writers,
one module per service: `ratings` (the import service, and enforcement as the ratings see
it), `oversight`, `metrics`, `plans`, `incidents`, `feedback`, `risks` and `accounts` (one
demo account in each role). Every writer is idempotent on its natural key, so loading twice
changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from carewatch.demo import synthetic
from carewatch.demo.load.accounts import DEMO_OPERATOR, load_accounts
from carewatch.demo.load.feedback import load_feedback
from carewatch.demo.load.incidents import load_incidents
from carewatch.demo.load.metrics import load_metrics
from carewatch.demo.load.oversight import load_oversight
from carewatch.demo.load.plans import load_plan
from carewatch.demo.load.ratings import demo_batches, load_ratings
from carewatch.demo.load.risks import load_risks
from carewatch.services.oversight import import_segmentation
from carewatch.store.database import Database

__all__ = ["DemoSummary", "demo_batches", "load_demo"]


@dataclass(frozen=True)
class DemoSummary:
    trusts: int
    reports: int
    ratings: int
    new_ratings: int


def load_demo(*, db: Database) -> DemoSummary:
    """Load the worked example through the services; loading it twice changes nothing."""
    batches = demo_batches()
    imported = load_ratings(db=db, batches=batches)
    import_segmentation(db=db, file=synthetic.SEGMENTATION, actor=DEMO_OPERATOR)
    load_oversight(db=db)
    load_metrics(db=db)
    load_plan(db=db)
    load_incidents(db=db)
    load_feedback(db=db)
    load_risks(db=db)
    load_accounts(db=db)
    return DemoSummary(
        trusts=sum(len(b.providers) for b in batches),
        reports=sum(len(b.reports) for b in batches),
        ratings=sum(len(b.ratings) for b in batches),
        new_ratings=sum(s.tables["ratings"].new for s in imported if "ratings" in s.tables),
    )
