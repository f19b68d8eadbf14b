"""The enforcement pages and the enforcement, escalation, meeting and commitment API on
SQLite and PostgreSQL.

The trust is made up for these tests and written through the oversight services; every
expected value below is worked out by hand from what is recorded here. Statuses are "as of
today", and every date recorded is years in the past, so today's answer is fixed:

    issue order  kind                  issued      closed      status today
    1            condition             2017-10-10  2019-03-01  closed
    2            requirement notice    2020-01-14  -           open    (Reg 12, LD wards, Safe)
    3            urgent action         2021-05-05  -           closed  (one-day action)
    4            warning notice (29A)  2022-04-28  -           open    (one requirement active)
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

from carewatch.domain.oversight import (
    Condition,
    Participant,
    RequirementStatus,
    StakeholderPosition,
    UrgentAction,
    WarningRequirement,
)
from carewatch.services.oversight import (
    mark_commitment,
    record_commitment,
    record_escalation,
    record_meeting,
    record_other_enforcement,
    record_requirement_notice,
    record_statement,
    record_warning_notice,
)
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR
from tests.functional.web.conftest import database_url

ID = "RXE"
NAME = "Enforcement Test NHS Trust"
SOURCE = "https://www.cqc.org.uk/provider/RXE"
CALL = "https://www.example.org/mp-call"
LD_WARDS = "Wards for people with a learning disability or autism"


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """The app on a trust with four enforcement actions, an escalation, a meeting, two
    statements and three commitments (and a trust with none of them)."""
    record_provider(db=db, provider_id=ID, name=NAME, trust_type="mental_health", actor=OPERATOR)
    record_provider(
        db=db, provider_id="RQUIET", name="Quiet NHS Trust", trust_type="acute", actor=OPERATOR
    )
    # Recorded out of issue order, so the pages' order comes from the dates.
    record_warning_notice(
        db=db,
        provider_id=ID,
        issued=dt.date(2022, 4, 28),
        requirements=[
            WarningRequirement(
                "Make the wards safe",
                dt.date(2022, 7, 31),
                RequirementStatus.COMPLIED,
                dt.date(2022, 9, 1),
            ),
            WarningRequirement("Publish staffing plans", None),
        ],
        summary="Risk of harm",
        source=SOURCE,
        actor=OPERATOR,
    )
    record_requirement_notice(
        db=db,
        provider_id=ID,
        regulation="Regulation 12",
        issued=dt.date(2020, 1, 14),
        core_service=LD_WARDS,
        key_question="safe",
        source=SOURCE,
        actor=OPERATOR,
    )
    record_other_enforcement(
        db=db,
        provider_id=ID,
        action=UrgentAction("Suspension of admissions", dt.date(2021, 5, 5), source=SOURCE),
        actor=OPERATOR,
    )
    record_other_enforcement(
        db=db,
        provider_id=ID,
        action=Condition(
            "No admissions without approval", dt.date(2017, 10, 10), removed=dt.date(2019, 3, 1)
        ),
        actor=OPERATOR,
    )
    record_escalation(
        db=db,
        provider_id=ID,
        option="special_administration",
        proposed_by="Members of Parliament",
        date=dt.date(2018, 11, 23),
        outcome="rejected",
        positions=[StakeholderPosition("Chief Executive", "NHS Improvement", "Opposed")],
        detail="Called for in Parliament",
        source=CALL,
        actor=OPERATOR,
    )
    record_meeting(
        db=db,
        provider_id=ID,
        date=dt.date(2018, 11, 30),
        format="conference_call",
        title="Call with local MPs",
        participants=[
            Participant("Members of Parliament", "House of Commons"),
            Participant("Chief Inspector of Hospitals", "CQC"),
        ],
        absent=[Participant("Chief Executive", "the trust")],
        source=CALL,
        actor=OPERATOR,
    )
    record_statement(
        db=db,
        provider_id=ID,
        who="MP for Norwich North",
        organisation="House of Commons",
        date=dt.date(2018, 11, 30),
        text="Progress by late January",
        source=CALL,
        actor=OPERATOR,
    )
    record_statement(
        db=db,
        provider_id=ID,
        who="Campaign group",
        organisation="Campaign group",
        date=dt.date(2018, 11, 23),
        text="Abolish the trust",
        actor=OPERATOR,
    )
    made = dt.date(2018, 11, 30)
    for what, due in (
        ("Regular updates to MPs", dt.date(2019, 1, 31)),
        ("Face-to-face meeting in January", dt.date(2019, 1, 31)),
        ("Significant progress", None),
    ):
        record_commitment(
            db=db,
            provider_id=ID,
            what=what,
            by="NHS Improvement",
            made_on=made,
            due=due,
            meeting_title="Call with local MPs",
            source=CALL,
            actor=OPERATOR,
        )
    mark_commitment(
        db=db,
        provider_id=ID,
        what="Face-to-face meeting in January",
        made_on=made,
        status="kept",
        on=dt.date(2019, 1, 20),
        evidence="Meeting held",
        actor=OPERATOR,
    )
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        yield test_client


def _text(html: str, element_id: str) -> str:
    """The words inside the element with this id, tags removed and spaces collapsed."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match is not None, f"no element with id {element_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def test_list_page_shows_every_action_in_issue_order(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/enforcement").text
    assert _text(html, "actions-count") == "4 enforcement actions."
    assert re.findall(r'<time datetime="([\d-]+)">', html) == [
        "2017-10-10",
        "2020-01-14",
        "2021-05-05",
        "2022-04-28",
    ]
    assert [_text(html, f"status-{n}") for n in (1, 2, 3, 4)] == [
        "Closed on 1 March 2019",
        "Open",
        "Closed",
        "Open",
    ]
    assert [_text(html, f"limiter-{n}") for n in (1, 2, 3, 4)] == [
        "Makes the rating of the area it covers Inadequate.",
        f"Limits the rating of {LD_WARDS}, Safe to Requires improvement at best.",
        "Limits no rating.",
        "Makes the rating of the area it covers Inadequate.",
    ]
    assert "Regulation 12: Safe care and treatment" in html
    assert _text(html, "requirements-4") == (
        "Make the wards safe: deadline 31 July 2022; complied with (1 September 2022). "
        "Publish staffing plans: deadline not published; active."
    )
    assert f'<a href="/trusts/{ID}/enforcement/4">Section 29A warning notice: Risk of harm</a>' in (
        html
    )
    # The condition was recorded without a source; the others link to theirs.
    assert "No public source recorded." in html
    assert html.count(f'href="{SOURCE}"') == 3


def test_one_action_page_for_a_requirement_notice(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/enforcement/2").text
    assert _text(html, "action-title") == (
        f"Requirement notice: Regulation 12: Safe care and treatment in {LD_WARDS}"
    )
    assert _text(html, "action-kind") == "Requirement notice"
    assert _text(html, "action-status") == "Open"
    assert _text(html, "action-regulation") == "Regulation 12: Safe care and treatment"
    assert _text(html, "action-service") == LD_WARDS
    assert _text(html, "action-key-question") == "Safe"
    assert "Enforcement action 2 of 4" in html
    assert "<title>Requirement notice, 14 January 2020 – Enforcement Test NHS Trust" in html


def test_one_action_page_for_a_warning_notice_lists_its_requirements(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/enforcement/4").text
    assert _text(html, "action-regulation") == "Not recorded for this kind of action"
    assert _text(html, "requirement-1") == (
        "Make the wards safe 31 July 2022 Complied with (1 September 2022)"
    )
    assert _text(html, "requirement-2") == "Publish staffing plans Not published Active"
    assert _text(html, "action-limiter") == "Makes the rating of the area it covers Inadequate."


@pytest.mark.parametrize(
    "path",
    [
        f"/trusts/{ID}/enforcement/0",
        f"/trusts/{ID}/enforcement/5",
        f"/trusts/{ID}/enforcement/-1",
        "/trusts/RQUIET/enforcement/1",
        "/trusts/NOPE/enforcement",
        "/trusts/NOPE/enforcement/1",
        "/api/v1/trusts/NOPE/enforcement",
        "/api/v1/trusts/NOPE/escalations",
        "/api/v1/trusts/NOPE/meetings",
        "/api/v1/trusts/NOPE/commitments",
    ],
)
def test_out_of_range_or_unknown_is_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_trust_without_enforcement_says_so(client: TestClient) -> None:
    html = client.get("/trusts/RQUIET/enforcement").text
    assert _text(html, "actions-count") == (
        "No enforcement action has been recorded for this trust."
    )
    body = client.get("/api/v1/trusts/RQUIET/enforcement").json()
    assert body == {"data": [], "count": 0}


def test_banner_and_timeline_link_to_the_enforcement_pages(client: TestClient) -> None:
    link = f'href="/trusts/{ID}/enforcement"'
    banner_link = f'id="oversight-enforcement-link" {link}'
    assert banner_link in client.get(f"/trusts/{ID}").text
    timeline = client.get(f"/trusts/{ID}/timeline", params={"kind": "enforcement_issued"}).text
    assert banner_link in timeline
    # The list is linked from the banner (its count of open actions, and "see every
    # enforcement action") and the trust's navigation tab; each of the four "issued" events
    # links to its own action's page, whose heading is the event's title.
    assert timeline.count(link) == 3
    assert f'<a {link} id="oversight-open-enforcement">' in timeline
    positions = re.findall(rf'href="/trusts/{ID}/enforcement/(\d+)"', timeline)
    assert sorted(int(p) for p in positions) == [1, 2, 3, 4]
    titles = re.findall(r'<h3 class="cw-timeline__title">([^<]+)</h3>', timeline)
    for position in positions:
        page = client.get(f"/trusts/{ID}/enforcement/{position}").text
        heading = re.search(r"<h1 id=\"action-title\">([^<]+)", page)
        assert heading is not None
        assert unescape(heading[1]).strip() in [unescape(t).strip() for t in titles]


def test_api_enforcement(client: TestClient) -> None:
    body = client.get(f"/api/v1/trusts/{ID}/enforcement").json()
    assert body["count"] == 4
    assert [(a["position"], a["kind"], a["status"]) for a in body["data"]] == [
        (1, "condition", "closed"),
        (2, "requirement_notice", "open"),
        (3, "urgent_action", "closed"),
        (4, "warning_notice_29a", "open"),
    ]
    notice = body["data"][1]
    assert notice == {
        "position": 2,
        "kind": "requirement_notice",
        "kind_label": "Requirement notice",
        "title": f"Requirement notice: Regulation 12: Safe care and treatment in {LD_WARDS}",
        "issued": "2020-01-14",
        "closed": None,
        "status": "open",
        "regulation": "12",
        "regulation_name": "Regulation 12: Safe care and treatment",
        "core_service": LD_WARDS,
        "key_question": "Safe",
        "requirements": [],
        "limiter": "requirement_notice",
        "limiter_words": (
            f"Limits the rating of {LD_WARDS}, Safe to Requires improvement at best."
        ),
        "source": SOURCE,
    }
    warning = body["data"][3]
    assert warning["limiter"] == "warning_notice"
    assert warning["requirements"] == [
        {
            "position": 1,
            "text": "Make the wards safe",
            "deadline": "2022-07-31",
            "status": "complied",
            "status_label": "Complied with",
            "decided": "2022-09-01",
        },
        {
            "position": 2,
            "text": "Publish staffing plans",
            "deadline": None,
            "status": "active",
            "status_label": "Active",
            "decided": None,
        },
    ]
    assert body["data"][0]["closed"] == "2019-03-01"
    assert body["data"][2]["limiter"] is None


def test_api_escalations(client: TestClient) -> None:
    body = client.get(f"/api/v1/trusts/{ID}/escalations").json()
    assert body == {
        "data": [
            {
                "option": "special_administration",
                "option_label": "Special administration",
                "proposed_by": "Members of Parliament",
                "date": "2018-11-23",
                "outcome": "rejected",
                "positions": [
                    {
                        "who": "Chief Executive",
                        "organisation": "NHS Improvement",
                        "position": "Opposed",
                    }
                ],
                "detail": "Called for in Parliament",
                "source": CALL,
            }
        ],
        "count": 1,
    }


def test_api_meetings_with_participants_and_that_days_statements(client: TestClient) -> None:
    body = client.get(f"/api/v1/trusts/{ID}/meetings").json()
    assert body == {
        "data": [
            {
                "date": "2018-11-30",
                "format": "conference_call",
                "format_label": "Conference call",
                "title": "Call with local MPs",
                "participants": [
                    {"role": "Members of Parliament", "organisation": "House of Commons"},
                    {"role": "Chief Inspector of Hospitals", "organisation": "CQC"},
                ],
                "absent": [{"role": "Chief Executive", "organisation": "the trust"}],
                # The 23 November statement was made on no meeting's day.
                "statements": [
                    {
                        "who": "MP for Norwich North",
                        "organisation": "House of Commons",
                        "date": "2018-11-30",
                        "text": "Progress by late January",
                        "source": CALL,
                    }
                ],
                "source": CALL,
            }
        ],
        "count": 1,
    }


def test_api_commitments_with_status_and_overdue_today(client: TestClient) -> None:
    body = client.get(f"/api/v1/trusts/{ID}/commitments").json()
    assert body["count"] == 3
    rows = {c["what"]: c for c in body["data"]}
    assert rows["Regular updates to MPs"] == {
        "what": "Regular updates to MPs",
        "by": "NHS Improvement",
        "made_on": "2018-11-30",
        "due": "2019-01-31",
        "status": "open",
        "status_label": "Open",
        "overdue": True,
        "marked_on": None,
        "evidence": "",
        "source": CALL,
    }
    kept = rows["Face-to-face meeting in January"]
    assert (kept["status"], kept["overdue"], kept["marked_on"], kept["evidence"]) == (
        "kept",
        False,
        "2019-01-20",
        "Meeting held",
    )
    # No due date: open, but never overdue.
    assert (rows["Significant progress"]["status"], rows["Significant progress"]["overdue"]) == (
        "open",
        False,
    )
