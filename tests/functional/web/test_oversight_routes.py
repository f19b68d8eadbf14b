"""The oversight pages and API on SQLite and PostgreSQL: the trust page's status banner, the
timeline page with its filters and "as of" date, the national list by regime, and the JSON
routes with their 404s and 422s.

The trust is made up for these tests and written through the oversight services, so the
expected values below are worked out by hand from what is recorded here.
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

from carewatch.domain.oversight import Participant, WarningRequirement
from carewatch.services.oversight import (
    record_commitment,
    record_meeting,
    record_regime_decision,
    record_warning_notice,
)
from carewatch.services.ratings import record_provider, record_rating
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR
from tests.functional.web.conftest import database_url

ID = "RXT"
NAME = "Oversight Test NHS Trust"
SOURCE = "https://www.cqc.org.uk/provider/RXT"
MEETING_SOURCE = "https://www.example.org/mp-call"


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    """The app on a trust with a made-up oversight history (and one trust with none)."""
    record_provider(db=db, provider_id=ID, name=NAME, trust_type="mental_health", actor=OPERATOR)
    record_provider(
        db=db, provider_id="RQUIET", name="Quiet NHS Trust", trust_type="acute", actor=OPERATOR
    )
    record_rating(
        db=db,
        provider_id=ID,
        aspect="overall",
        rating="Inadequate",
        rating_date=dt.date(2015, 1, 15),
        source=SOURCE,
        actor=OPERATOR,
    )
    for kind, old, new, day in (
        ("entered", "none", "quality_special_measures", dt.date(2015, 2, 4)),
        ("exited", "quality_special_measures", "none", dt.date(2016, 10, 12)),
        ("entered", "none", "segment_4", dt.date(2021, 7, 21)),
    ):
        record_regime_decision(
            db=db,
            provider_id=ID,
            kind=kind,
            regime_from=old,
            regime_to=new,
            date=day,
            decided_by="NHS Improvement",
            source=SOURCE,
            actor=OPERATOR,
        )
    record_warning_notice(
        db=db,
        provider_id=ID,
        issued=dt.date(2022, 4, 28),
        requirements=[WarningRequirement("Make the wards safe", dt.date(2022, 7, 31))],
        summary="Risk of harm",
        source=SOURCE,
        actor=OPERATOR,
    )
    record_meeting(
        db=db,
        provider_id=ID,
        date=dt.date(2018, 11, 30),
        format="conference_call",
        title="Call with local MPs",
        participants=[Participant("Members of Parliament", "House of Commons")],
        source=MEETING_SOURCE,
        actor=OPERATOR,
    )
    record_commitment(
        db=db,
        provider_id=ID,
        what="Regular updates to MPs",
        by="NHS Improvement",
        made_on=dt.date(2018, 11, 30),
        due=dt.date(2019, 1, 31),
        meeting_title="Call with local MPs",
        source=MEETING_SOURCE,
        actor=OPERATOR,
    )
    with TestClient(create_app(database_url=database_url(db))) as test_client:
        yield test_client


def _text(html: str, element_id: str) -> str:
    """The words inside the element with this id, tags removed and spaces collapsed."""
    match = re.search(rf'<(\w+)[^>]*\bid="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match is not None, f"no element with id {element_id}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match.group(2))).split())


def test_trust_page_banner_says_regime_since_and_what_next(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}").text
    assert _text(html, "oversight-regime") == (
        "In NHS Oversight Framework segment 4 (the Recovery Support Programme) since 21 July 2021"
    )
    nxt = _text(html, "oversight-next")
    # No requirement of the warning notice was marked complied: it is open, deadline passed.
    assert "1 open enforcement action ; its earliest deadline, 31 July 2022, has passed." in nxt
    assert (
        "1 overdue commitment made to the public : Regular updates to MPs (due 31 January 2019)."
        in nxt
    )
    assert "Next inspection was due by 15 January 2016" in nxt
    assert f'href="/trusts/{ID}/timeline"' in html


def test_timeline_as_of_shows_the_status_on_that_date(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/timeline", params={"as_of": "2016-01-01"}).text
    assert "Oversight as of 1 January 2016" in html
    assert _text(html, "oversight-regime") == "In quality special measures since 4 February 2015"
    nxt = _text(html, "oversight-next")
    assert "Next inspection is due by 4 February 2016: 12 months after entry to special " in nxt
    assert (
        "about 11 months in special measures or the Recovery Support Programme in all (331 days)"
        in nxt
    )


def test_timeline_as_of_between_the_notice_and_its_deadline(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/timeline", params={"as_of": "2022-05-01"}).text
    assert "the nearest deadline is 31 July 2022" in _text(html, "oversight-next")


def test_timeline_lists_every_event_newest_first_with_sources(client: TestClient) -> None:
    html = client.get(f"/trusts/{ID}/timeline").text
    dates = re.findall(r'<time datetime="([\d-]+)">', html)
    assert dates == [
        "2022-04-28",
        "2021-07-21",
        "2019-01-31",
        "2018-11-30",
        "2016-10-12",
        "2015-02-04",
        "2015-01-15",
    ]
    assert _text(html, "events-count") == "7 events."
    assert "Left Quality special measures" in html
    assert "Conference call. Present: Members of Parliament (House of Commons)." in html
    assert f'href="{MEETING_SOURCE}"' in html


def test_timeline_filters_by_kind_and_dates(client: TestClient) -> None:
    html = client.get(
        f"/trusts/{ID}/timeline",
        params={"kind": ["regime_entered", "meeting"], "from": "2015-03-01", "to": "2021-12-31"},
    ).text
    assert re.findall(r'<time datetime="([\d-]+)">', html) == ["2021-07-21", "2018-11-30"]
    assert 'value="meeting" checked' in html
    assert 'value="2015-03-01"' in html


@pytest.mark.parametrize(
    ("params", "message", "target"),
    [
        ({"from": "2015-13-01"}, "From date must be a real date, like 23 November 2018", "#from"),
        ({"as_of": "x" * 40}, "Status as of must be a real date, like 23 November 2018", "#as_of"),
        (
            {"from": "2020-01-01", "to": "2019-01-01"},
            "To date must be the same as or after the from date",
            "#to",
        ),
        ({"kind": "rumour"}, "Choose kinds of event from the list", "#kind-rating_published"),
    ],
)
def test_timeline_form_mistakes_are_summarised(
    client: TestClient, params: dict[str, str], message: str, target: str
) -> None:
    response = client.get(f"/trusts/{ID}/timeline", params=params)
    assert response.status_code == 422
    assert f'<a href="{target}">{message}</a>' in response.text
    assert "<title>Error: Oversight timeline" in response.text


def test_national_list_groups_trusts_by_regime(client: TestClient) -> None:
    html = client.get("/oversight").text
    headings = re.findall(r'<h2 id="(\w+)">', html)
    assert headings == ["segment_4", "none"]
    assert f'<a href="/trusts/{ID}/timeline">{NAME}</a>' in html
    assert "21 July 2021" in html
    assert '<a class="nhsuk-header__navigation-link" href="/oversight" aria-current="page">' in html


def test_api_status_has_the_cli_fields(client: TestClient) -> None:
    body = client.get(f"/api/v1/trusts/{ID}/oversight", params={"as_of": "2022-05-01"}).json()
    assert body == {
        "as_of": "2022-05-01",
        "regime": "segment_4",
        "regime_label": "NHS Oversight Framework segment 4",
        "segment": 4,
        "since": "2021-07-21",
        "times_rated_inadequate": 1,
        # 616 days in special measures (4 Feb 2015 – 12 Oct 2016), 284 in the RSP so far.
        "days_in_special_measures_or_rsp": 900,
        "longest_spell_days": 616,
        "next_inspection_due": "2016-01-15",
        "next_inspection_basis": (
            "12 months after the overall rating Inadequate published on 2015-01-15"
        ),
        "open_enforcement": [
            {
                "kind": "warning_notice_29a",
                "title": body["open_enforcement"][0]["title"],
                "issued": "2022-04-28",
                "deadlines": ["2022-07-31"],
                "source": SOURCE,
            }
        ],
        "overdue_commitments": [
            {
                "what": "Regular updates to MPs",
                "by": "NHS Improvement",
                "made_on": "2018-11-30",
                "due": "2019-01-31",
                "source": MEETING_SOURCE,
            }
        ],
    }


def test_api_timeline_filters(client: TestClient) -> None:
    body = client.get(
        f"/api/v1/trusts/{ID}/timeline",
        params={"kind": ["regime_entered", "regime_exited"], "from": "2016-01-01"},
    ).json()
    assert body["count"] == 2
    assert [(e["date"], e["kind"]) for e in body["data"]] == [
        ("2021-07-21", "regime_entered"),
        ("2016-10-12", "regime_exited"),
    ]
    assert set(body["data"][0]) == {"date", "kind", "title", "detail", "source", "incident"}
    assert body["data"][0]["incident"] is None


def test_api_regime_list(client: TestClient) -> None:
    body = client.get("/api/v1/oversight").json()
    assert [(t["provider_id"], t["regime"], t["since"]) for t in body["data"]] == [
        (ID, "segment_4", "2021-07-21"),
        ("RQUIET", "none", None),
    ]
    assert body["count"] == 2


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (f"/api/v1/trusts/{ID}/oversight", {"as_of": "2022-02-30"}, "as_of"),
        (f"/api/v1/trusts/{ID}/timeline", {"from": "yesterday"}, "from"),
        (f"/api/v1/trusts/{ID}/timeline", {"to": "2022"}, "to"),
        (f"/api/v1/trusts/{ID}/timeline", {"kind": "rumour"}, "kind[0]"),
    ],
)
def test_api_bad_query_is_422_naming_the_field(
    client: TestClient, path: str, params: dict[str, str], field: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.json()["field"] == field


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/trusts/NOPE/oversight",
        "/api/v1/trusts/NOPE/timeline",
        "/trusts/NOPE/timeline",
    ],
)
def test_unknown_trust_is_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_trust_with_no_decision_shows_its_published_segment_and_what_it_meant(
    demo_client: TestClient,
) -> None:
    # SYN06 has no regime decision; NHS England's Q2 2025/26 file places it in segment 4,
    # which in 2025/26 is the widest range of challenges, not intensive support (segment 5).
    page = demo_client.get("/trusts/SYN06").text
    assert "No special regime" not in page
    assert "No regime decision recorded; NHS England&#39;s latest segment for it is 4" in page
    assert "not intensive support, which is segment 5" in page
    listing = demo_client.get("/oversight").text
    assert listing.count('id="segments-explained"') == 1
    league = demo_client.get("/oversight/league-table").text
    # One explanation of the segments, word for word, on both pages.
    explained = listing.split('id="segments-explained">')[1].split("</p>")[0]
    assert league.split('id="segments-explained">')[1].split("</p>")[0] == explained
    assert "to 4 (mandated intensive support" in explained


def test_a_next_inspection_date_that_has_passed_is_marked_overdue(
    demo_client: TestClient,
) -> None:
    # RMY's next inspection was due by 23 February 2025 (its 2024 rating); none since.
    listing = demo_client.get("/oversight").text
    row = listing.split("Norfolk and Suffolk NHS Foundation Trust")[1].split("</tr>")[0]
    assert "23 February 2025" in row
    assert "Overdue" in row


def test_the_banners_counts_link_to_their_lists(demo_client: TestClient) -> None:
    page = demo_client.get("/trusts/RMY").text
    link = page.split('id="oversight-overdue-commitments"')[0].rsplit("<a ", 1)[1]
    assert 'href="/trusts/RMY/timeline?kind=commitment_due"' in link
    listed = demo_client.get("/trusts/RMY/timeline", params={"kind": "commitment_due"})
    assert listed.status_code == 200
    # The overdue commitments are named beside their count, each with its due date.
    after = page.split('id="oversight-overdue-commitments"')[1].split("</li>")[0]
    assert "(due " in after


@pytest.mark.parametrize("trust", ["RMY", "SYN01", "SYN03"])
def test_no_source_link_points_nowhere(demo_client: TestClient, trust: str) -> None:
    # The synthetic trusts' ratings came from the demo loader, not a web page: their
    # timeline says so rather than linking to "demo:SYN01-..." (an empty href).
    for path in ("", "/timeline", "/history", "/improvement-plan/public", "/enforcement"):
        page = demo_client.get(f"/trusts/{trust}{path}").text
        assert 'href=""' not in page, path
        assert "demo:" not in page, path
    if trust != "RMY":
        timeline = demo_client.get(f"/trusts/{trust}/timeline").text
        assert "made up for the demonstration, like everything about this synthetic" in timeline
