"""Links a page draws from stored text are web addresses only: a source or an evidence link
written as `javascript:` through the command line is shown as text, never as a link; and a
failed database statement never quotes the values it carried."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from carewatch.domain.access import Actor
from carewatch.domain.oversight import UrgentAction
from carewatch.domain.plans import InvalidEvidence
from carewatch.services import oversight, plans
from carewatch.store.database import Database
from carewatch.store.tables.register import PROVIDERS
from tests.functional.web.conftest import TestClient
from tests.integration.test_plans_service import world

OPERATOR = Actor.operator("tests")
ATTACK = "javascript:alert(document.cookie)"


def test_a_javascript_source_is_never_a_link(demo_client: TestClient) -> None:
    db = demo_client.app.state.database
    oversight.record_other_enforcement(
        db=db,
        provider_id="RMY",
        action=UrgentAction("Urgent action on ward doors", dt.date(2024, 5, 1), source=ATTACK),
        actor=OPERATOR,
    )
    page = demo_client.get("/trusts/RMY/enforcement").text
    assert "Urgent action on ward doors" in page
    assert 'href="javascript:' not in page


def test_an_evidence_link_must_be_a_web_address(db: Database) -> None:
    action_id, _ = world(db)
    with pytest.raises(InvalidEvidence, match="starting with https:// or http://"):
        plans.add_evidence(
            db=db, actor=OPERATOR, action_id=action_id, kind="link", url=ATTACK,
            supplied_by="Ward manager", uploaded_at=dt.datetime(2020, 3, 1, tzinfo=dt.UTC),
            effective_from=dt.date(2020, 3, 1),
        )  # fmt: skip


def test_a_failed_statement_does_not_quote_its_values(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(insert(PROVIDERS).values(provider_id="RZZ", name="Jane Doe 943 476 5919"))
    with pytest.raises(IntegrityError) as failure, db.engine.begin() as conn:
        conn.execute(insert(PROVIDERS).values(provider_id="RZZ", name="Jane Doe 943 476 5919"))
    assert "Jane Doe" not in str(failure.value)
    assert "943 476 5919" not in str(failure.value)


def test_the_timeline_draws_no_javascript_link_either(demo_client: TestClient) -> None:
    db = demo_client.app.state.database
    oversight.record_other_enforcement(
        db=db,
        provider_id="RMY",
        action=UrgentAction("Urgent action on ward doors", dt.date(2024, 5, 1), source=ATTACK),
        actor=OPERATOR,
    )
    page = demo_client.get("/trusts/RMY/timeline").text
    assert "Urgent action" in page
    assert 'href="javascript:' not in page
