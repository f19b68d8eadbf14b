"""The worked example's demo accounts, added through the accounts service as the operator
(each once: an account already there is left as it is)."""

from __future__ import annotations

from carewatch.demo.nsft.people import PEOPLE
from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.services.errors import NotFound
from carewatch.store.database import Database

__all__ = ["DEMO_OPERATOR", "load_accounts"]

DEMO_OPERATOR = Actor.operator("carewatch demo")


def load_accounts(*, db: Database) -> int:
    """Add the demo accounts not yet there; how many were added."""
    added = 0
    for person in PEOPLE:
        try:
            access.actor_for_email(db, person.email)
        except NotFound:
            access.add_user(
                db, DEMO_OPERATOR, email=person.email, name=person.name, role=person.role,
                organisation=person.organisation,
            )  # fmt: skip
            added += 1
    return added
