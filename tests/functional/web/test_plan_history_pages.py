"""The history on an action's page and the moved due date on the public plan page, on SQLite
and PostgreSQL: moves, changes and verdicts in time order for the trust's own staff; for the
public, the due date's move with its days but no owner below the board, note or reason.

The world (made here through the plan service): trust RPL, must-do MD1, action A1 owned by
Pat Example (a ward manager below the board), opened 3 February 2020 and due 31 March 2020;
moved to In progress on 10 February, its note evidence accepted on 2 March and rejected on
4 March, its due date moved to 30 June 2020 on 2 April and its owner changed the same day.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from html import unescape

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.access import Actor
from carewatch.services import plans
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import database_url, sign_in_as
from tests.integration.builders import records_audit_action, records_audit_world

OPERATOR = Actor.operator("tests")
D = dt.date.fromisoformat
SECRETS = ("Pat Example", "Sam Other", "Contractor went bust", "Internal remark", "Two missing")


OPENED = D("2020-02-03")


def _action(db: Database, **changes: object) -> int:
    return records_audit_action(db, opened=OPENED, **changes)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    action_id = records_audit_world(db, opened=OPENED, due=D("2020-03-31"))
    plans.move_action(db=db, actor=OPERATOR, action_id=action_id, to="in_progress",
                      on=D("2020-02-10"), by="Ward manager")  # fmt: skip
    added = plans.add_evidence(
        db=db, actor=OPERATOR, action_id=action_id, kind="note", note="Audit of 40 records",
        supplied_by="Ward manager", uploaded_at=dt.datetime(2020, 3, 1, 9, tzinfo=dt.UTC),
        effective_from=D("2020-02-01"),
    )  # fmt: skip
    for accepted, on, note in ((True, "2020-03-02", ""), (False, "2020-03-04", "Two missing")):
        plans.verify_evidence(
            db=db, actor=OPERATOR, evidence_id=added.evidence_id, accepted=accepted,
            by="Head of quality", on=D(on), note=note,
        )  # fmt: skip
    _action(db, due=D("2020-06-30"), owner_person="Sam Other", reason="Contractor went bust",
            at=dt.datetime(2020, 4, 2, 9, tzinfo=dt.UTC))  # fmt: skip
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        test_client.action_id = action_id  # type: ignore[attr-defined]
        yield test_client


def _history(html: str) -> list[list[str]]:
    table = html.split('id="history"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"nhsuk-table__row\"[^>]*>(.*?)</tr>", table, flags=re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in rows]
    return [[" ".join(unescape(re.sub(r"<[^>]+>", "", c)).split()) for c in r] for r in cells if r]


def test_the_action_page_lists_moves_changes_and_verdicts_in_time_order(
    client: TestClient, db: Database
) -> None:
    sign_in_as(client, db, role="trust_viewer", organisation="RPL")
    page = client.get(f"/trusts/RPL/improvement-plan/actions/{client.action_id}")  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert _history(page.text) == [
        ["3 February 2020", "Open", "", "Action recorded"],
        ["10 February 2020", "In progress", "Ward manager", ""],
        ["2 March 2020", "Evidence 1 accepted", "Head of quality", ""],
        ["4 March 2020", "Evidence 1 rejected", "Head of quality", "Two missing"],
        ["2 April 2020", "Owner's name changed from Pat Example to Sam Other",
         "tests (operator)", "Contractor went bust"],
        ["2 April 2020", "Due date moved from 31 March 2020 to 30 June 2020",
         "tests (operator)", "Contractor went bust"],
    ]  # fmt: skip


def test_the_public_sees_the_move_but_no_restricted_value(client: TestClient) -> None:
    page = client.get(f"/trusts/RPL/improvement-plan/actions/{client.action_id}")  # type: ignore[attr-defined]
    assert page.status_code == 200
    history = _history(page.text)
    assert history[-2:] == [
        ["2 April 2020", "Owner's name changed", "", ""],
        ["2 April 2020", "Due date moved from 31 March 2020 to 30 June 2020", "", ""],
    ]
    public = client.get("/trusts/RPL/improvement-plan/public", params={"as_of": "2020-04-03"})
    assert public.status_code == 200
    text = " ".join(unescape(re.sub(r"<[^>]+>", "", public.text)).split())
    assert "Due date moved from 31 March 2020 to 30 June 2020 on 2 April 2020." in text
    for response in (page, public):
        for secret in SECRETS:
            assert secret not in response.text
    before = client.get("/trusts/RPL/improvement-plan/public", params={"as_of": "2020-04-01"})
    assert "Due date moved" not in before.text
