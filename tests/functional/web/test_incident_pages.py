"""The incident pages on SQLite and PostgreSQL: the public and other trusts' roles see only
the summary (counts, suppressed), the trust's roles the list with its filters and each
incident's page, the patient only when asked for (audited), and a trust editor records an
incident and its candour notifications through the forms, refused with the field named and
nothing stored when a field is wrong.

The small world is the incidents API tests': trust RCL, seven low-harm medication errors
reported in March 2020, and W7, a moderate-harm medication error reported on 19 December
2019 for a named patient.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from carewatch.domain.incidents import Category, Incident, PhysicalHarm
from carewatch.services import incidents
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR, head, stored
from tests.functional.web.conftest import TEST_HOSTS, TestClient, database_url, sign_in_as
from tests.functional.web.test_incidents_api import NAME, world

__all__ = ["world"]

PAGES = "/trusts/RCL/incidents"


@pytest.fixture
def site(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def _cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    # The headings a narrow screen shows in each cell are not the cell's value.
    body = re.sub(r'<span class="nhsuk-table-responsive__heading"[^>]*>[^<]*</span>', "", body)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>|\s+", " ", c).strip()
            for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)
        ]
        for r in rows
        if "<td" in r
    ]


@pytest.mark.parametrize("who", [None, ("trust_editor", "RAA"), ("admin", "RCL")])
def test_others_see_the_summary_only(
    world: Database, site: TestClient, who: tuple[str, str] | None
) -> None:
    if who:
        sign_in_as(site, world, role=who[0], organisation=who[1])
    page = site.get(PAGES)
    assert page.status_code == 200
    assert "Counts from 1 to 4 are shown as" in page.text
    assert _cells(page.text, "by-category") == [["Medication", "8"]]
    assert _cells(page.text, "by-harm") == [
        ["Low physical harm", "not shown"],
        ["Moderate physical harm", "fewer than 5"],
    ]
    # Not the incident's reference as a cell or a link (a signed-in page's random tokens
    # may hold the letters W7 by chance).
    assert ">W7<" not in page.text
    assert f"{PAGES}/W7" not in page.text
    assert "Second dose" not in page.text
    assert _cells(page.text, "by-month") == [
        ["December 2019", "fewer than 5"],  # W7 alone
        ["March 2020", "not shown"],  # else 8 - 7 gives December's 1
    ]
    assert site.get(f"{PAGES}/W7").status_code == (401 if who is None else 403)
    assert site.get(f"{PAGES}/new").status_code == (401 if who is None else 403)
    # The trust's page links to it.
    assert f'href="{PAGES}"' in site.get("/trusts/RCL").text


def test_the_trusts_roles_see_the_list_with_filters(world: Database, site: TestClient) -> None:
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    page = site.get(PAGES, params={"as_of": "2020-06-30"})
    assert page.status_code == 200
    rows = _cells(page.text, "incidents")
    assert len(rows) == 8
    assert rows[-1][0] == "W7"
    assert "overdue" in rows[-1][-1].lower()
    assert "Record an incident" not in page.text
    moderate = _cells(site.get(PAGES, params={"harm": "moderate"}).text, "incidents")
    assert [r[0] for r in moderate] == ["W7"]
    overdue = site.get(PAGES, params={"overdue": "yes", "as_of": "2020-06-30"}).text
    assert [r[0] for r in _cells(overdue, "incidents")] == ["W7"]
    assert "No incident matches the filters." in site.get(PAGES, params={"state": "closed"}).text
    bad = site.get(PAGES, params={"category": "nonsense"})
    assert bad.status_code == 422
    assert "Choose a category from the list" in bad.text


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"category": "bogus"}, "category", "Choose a category from the list"),
        ({"harm": "dreadful"}, "harm", "Choose a level of harm from the list"),
        ({"state": "ajar"}, "state", "Choose open or closed"),
        ({"overdue": "bogus"}, "overdue", "Tick the box, or leave it empty"),
        ({"page": "two"}, "page", "Enter a page number"),
        ({"page": "0"}, "page", "Enter a page number"),
    ],
)
def test_a_filter_value_that_cannot_be_read_is_named_not_ignored(
    world: Database, site: TestClient, params: dict[str, str], field: str, message: str
) -> None:
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    bad = site.get(PAGES, params=params)
    assert bad.status_code == 422
    assert "There is a problem" in bad.text
    assert f'href="#{field}"' in bad.text
    assert message in bad.text


def test_the_list_shows_fifty_incidents_a_page(world: Database, site: TestClient) -> None:
    for n in range(55):
        incidents.record_incident(
            db=world, actor=OPERATOR,
            incident=Incident(
                reference=f"P{n:02d}", trust="RCL", occurred=dt.date(2021, 1, 4),
                reported=dt.date(2021, 1, 4), category=Category.SELF_HARM,
                physical_harm=PhysicalHarm.NONE,
            ),
        )  # fmt: skip
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    first = site.get(PAGES)
    assert [r[0] for r in _cells(first.text, "incidents")] == [f"P{n:02d}" for n in range(50)]
    assert "63 incidents recorded. Showing 1 to 50, page 1 of 2." in first.text
    assert f'href="{PAGES}?page=2#incident-count"' in first.text
    second = site.get(PAGES, params={"page": "2"})
    refs = [r[0] for r in _cells(second.text, "incidents")]
    assert refs == [
        *(f"P{n:02d}" for n in range(50, 55)),
        *(f"M{n}" for n in range(6, -1, -1)),
        "W7",
    ]
    assert "Showing 51 to 63, page 2 of 2." in second.text
    assert "page=3" not in second.text
    assert f'href="{PAGES}?page=1#incident-count"' in second.text
    # Paging keeps the filters.
    filtered = site.get(PAGES, params={"category": "self_harm", "as_of": "2021-02-01"}).text
    assert "55 match the filters. Showing 1 to 50, page 1 of 2." in filtered
    assert f'href="{PAGES}?category=self_harm&amp;as_of=2021-02-01&amp;page=2#' in filtered
    last = site.get(PAGES, params={"category": "self_harm", "page": "2"}).text
    assert [r[0] for r in _cells(last, "incidents")] == [f"P{n:02d}" for n in range(50, 55)]


def test_an_incidents_page_and_its_patient_only_when_asked(
    world: Database, site: TestClient
) -> None:
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    seq = head(world)
    page = site.get(f"{PAGES}/W7", params={"as_of": "2020-01-08"})
    assert page.status_code == 200
    assert "Second dose given in error" in page.text
    assert NAME not in page.text
    assert "Show the patient" in page.text
    assert [r[:2] for r in _cells(page.text, "deadlines")] == [
        ["Duty of candour: notification in person", "7 January 2020"],
        ["Duty of candour: written notification", "7 January 2020"],
    ]
    assert "Overdue by 1 day" in page.text
    assert head(world) == seq
    shown = site.get(f"{PAGES}/W7", params={"with_personal_data": "yes"})
    assert NAME in shown.text
    assert "943 476 5919" in shown.text
    assert head(world) == seq + 1


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def test_an_editor_records_an_incident_and_its_candour_through_the_forms(
    world: Database, site: TestClient
) -> None:
    sign_in_as(site, world, role="trust_editor", organisation="RCL")
    form = site.get(f"{PAGES}/new")
    assert form.status_code == 200
    fields = {
        "csrf_token": _token(form.text), "reference": "F1", "occurred": "2020-03-02",
        "reported": "2020-03-03", "category": "self_harm", "physical_harm": "moderate",
        "psychological_harm": "none", "description": "Found on the ward",
        "patient_name": "Ada Pemberton-Smythe", "nhs_number": "9434765918",
    }  # fmt: skip
    before = stored(world)
    refused = site.post(f"{PAGES}/new", data=fields)
    assert refused.status_code == 422
    assert "There is a problem" in refused.text
    assert 'href="#nhs_number"' in refused.text
    assert "9434765918" not in refused.text
    # The surname: two or three letters could turn up in a page's random form token.
    assert "Pemberton" not in refused.text
    assert stored(world) == before
    made = site.post(
        f"{PAGES}/new", data={**fields, "nhs_number": "943 476 5919"}, follow_redirects=False
    )
    assert made.status_code == 303, made.text[:500]
    assert made.headers["location"] == f"{PAGES}/F1?saved=recorded"
    page = site.get(made.headers["location"])
    assert "The incident was recorded." in page.text
    assert "Pemberton" not in page.text
    token = _token(page.text)
    for step, on in (("verbal", "2020-03-04"), ("written", "2020-03-10")):
        given = site.post(
            f"{PAGES}/F1/candour", data={"csrf_token": token, "step": step, "on": on},
            follow_redirects=False,
        )  # fmt: skip
        assert given.status_code == 303, given.text[:500]
    page = site.get(f"{PAGES}/F1")
    assert [r[-1] for r in _cells(page.text, "deadlines")] == ["Met", "Met"]
    # A written notification again on another day is refused, naming the date.
    # It redirects to the incident's page showing why, so a reload does not post it again.
    before = stored(world)
    again = site.post(
        f"{PAGES}/F1/candour",
        data={"csrf_token": token, "step": "written", "on": "2020-03-11"},
        follow_redirects=False,
    )
    assert again.status_code == 303
    shown = site.get(again.headers["location"])
    assert shown.url.path == f"{PAGES}/F1"
    assert shown.status_code == 200
    assert "There is a problem" in shown.text
    assert 'href="#on"' in shown.text
    assert "Written notification was already recorded, on 2020-03-10" in shown.text
    # The date sent is kept, in the NHS.UK date input's three fields.
    for part, value in (("day", "11"), ("month", "03"), ("year", "2020")):
        assert f'name="on-{part}" type="text" inputmode="numeric" value="{value}"' in shown.text
    assert stored(world) == before
    # Only this server's words are shown: a reason made up in the address is not.
    forged_reason = again.headers["location"].replace("already", "never")
    assert "There is a problem" not in site.get(forged_reason).text
    # Without the session's token, nothing is stored.
    before = stored(world)
    forged = site.post(f"{PAGES}/F1/candour", data={"step": "update", "on": "2020-03-12"})
    assert forged.status_code == 403
    assert stored(world) == before


def test_a_linked_measure_is_named_as_the_catalogue_names_it(demo_client: TestClient) -> None:
    from carewatch.domain.metrics import metric

    sign_in_as(demo_client, demo_client.app.state.database, role="trust_viewer")
    page = demo_client.get("/trusts/RMY/incidents/NSFT-2018-M11").text
    links = page.split('id="incident-links"', 1)[1].split("</ul>", 1)[0]
    assert f'href="/trusts/RMY/performance/oaps_active">{metric("oaps_active").name}</a>' in links


def test_the_form_records_the_event_type_framework_and_every_governance_flag(
    world: Database, site: TestClient
) -> None:
    sign_in_as(site, world, role="trust_editor", organisation="RCL")
    form = site.get(f"{PAGES}/new").text
    for name in (
        "event_type", "framework", "prolonged_psychological_harm", "problems_in_care",
        "cqc_criteria", "never_event_type", "flag-serious_incident", "flag-mental_capacity_act",
        "flag-safeguarding_referral", "flag-hsib_notify", "flag-mental_health_homicide",
    ):  # fmt: skip
        assert f'id="{name}"' in form, name
    fields = [
        ("csrf_token", _token(form)), ("reference", "G1"), ("event_type", "incident"),
        ("occurred", "2019-01-07"), ("reported", "2019-01-08"), ("category", "death"),
        ("physical_harm", "fatal"), ("psychological_harm", "moderate"),
        ("prolonged_psychological_harm", "no"), ("problems_in_care", "more_likely_than_not"),
        ("framework", "sif"), ("flags", "serious_incident"), ("flags", "mental_health_act"),
        ("flags", "mental_capacity_act"), ("flags", "safeguarding_referral"),
        ("flags", "hsib_notify"), ("flags", "mental_health_homicide"),
        ("cqc_criteria", "death"), ("cqc_criteria", "abuse"),
        ("never_event_type", "window_falls"),
    ]  # fmt: skip
    made = site.post(
        f"{PAGES}/new",
        content=urlencode(fields),
        headers={"content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text[:800]
    detail = incidents.incident_detail(db=world, actor=OPERATOR, trust="RCL", reference="G1")
    i = detail.view.incident
    assert (i.event_type.value, i.prolonged_psychological_harm, i.problems_in_care.value) == (
        "incident", False, "more_likely_than_not",
    )  # fmt: skip
    assert detail.view.response.framework.value == "sif"
    g = i.governance
    assert {c.value for c in g.cqc_criteria} == {"abuse", "death"}
    assert (g.never_event, g.never_event_type and g.never_event_type.value) == (
        True, "window_falls",
    )  # fmt: skip
    assert all((
        g.serious_incident, g.mental_health_act, g.mental_capacity_act,
        g.safeguarding_referral, g.hsib_notify, g.mental_health_homicide,
    ))  # fmt: skip
    assert not g.duty_of_candour
    # Under the old framework a Serious Incident owes its StEIS report.
    assert "steis_report" in {s.duty.value for s in detail.steps}


def test_a_good_care_event_under_psirf_with_nothing_flagged(
    world: Database, site: TestClient
) -> None:
    sign_in_as(site, world, role="trust_editor", organisation="RCL")
    token = _token(site.get(f"{PAGES}/new").text)
    made = site.post(
        f"{PAGES}/new",
        data={
            "csrf_token": token, "reference": "G2", "event_type": "good_care",
            "occurred": "2021-05-04", "reported": "2021-05-04", "category": "medication",
            "physical_harm": "none", "prolonged_psychological_harm": "unknown",
        },
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text[:800]
    detail = incidents.incident_detail(db=world, actor=OPERATOR, trust="RCL", reference="G2")
    i = detail.view.incident
    assert (i.event_type.value, i.prolonged_psychological_harm) == ("good_care", None)
    assert i.governance == type(i.governance)()
    assert detail.view.response.framework.value == "psirf"
    # A choice the form does not offer is refused, naming the field, and nothing is stored.
    before = stored(world)
    bad = site.post(
        f"{PAGES}/new",
        data={
            "csrf_token": token, "reference": "G3", "occurred": "2021-05-04",
            "reported": "2021-05-04", "category": "medication", "physical_harm": "none",
            "prolonged_psychological_harm": "perhaps",
        },
    )  # fmt: skip
    assert bad.status_code == 422
    assert 'href="#prolonged_psychological_harm"' in bad.text
    assert stored(world) == before


def _flags(html: str) -> str:
    cell = html.split('id="incident-flags">', 1)[1].split("</dd>", 1)[0]
    return re.sub(r"\s+", " ", cell).strip()


def test_the_flags_say_none_recorded_or_that_candour_applies_by_the_threshold(
    world: Database, site: TestClient
) -> None:
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    # M0: low harm, nothing flagged.
    assert _flags(site.get(f"{PAGES}/M0").text) == "None recorded"
    # W7: moderate harm owes candour though no flag was recorded.
    assert _flags(site.get(f"{PAGES}/W7").text) == (
        "Duty of candour applies: the harm meets the notifiable safety incident threshold"
    )


def test_changes_name_the_field_in_words(world: Database, site: TestClient) -> None:
    incidents.record_incident(
        db=world, actor=OPERATOR,
        incident=Incident(
            reference="M0", trust="RCL", occurred=dt.date(2020, 3, 2),
            reported=dt.date(2020, 3, 2), category=Category.MEDICATION,
            physical_harm=PhysicalHarm.MODERATE,
        ),
        reason="Reassessed after review",
    )  # fmt: skip
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    changes = site.get(f"{PAGES}/M0").text.split('id="incident-changes"', 1)[1]
    changes = changes.split("</ul>", 1)[0]
    assert "physical harm changed by" in changes
    assert "physical_harm" not in changes


def test_illustrative_incidents_say_so_in_their_own_words(demo_client: TestClient) -> None:
    sign_in_as(demo_client, demo_client.app.state.database, role="trust_viewer")
    listed = demo_client.get("/trusts/RMY/incidents").text
    assert "made up to show how carewatch works; not the trust's records" in listed
    assert "show how the plan works" not in listed
    illustrative = re.search(r'href="(/trusts/RMY/incidents/[^"]+)">[^<]+</a> <strong', listed)
    assert illustrative, "no illustrative incident listed"
    page = demo_client.get(illustrative.group(1)).text
    assert "made up to show how carewatch works; not the trust's records" in page
    assert "show how the plan works" not in page
