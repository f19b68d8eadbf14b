"""Browser test of incidents: Debian chromium, signed in as a trust editor, records a
moderate-harm incident through the form (reported yesterday), finds both candour
notifications due, records the one in person and the written one through the incident's
form, and reads both deadlines as met. The public sees only the summary, with small counts
as "fewer than 5", and reads the death on the M11 on the trust's oversight timeline. Pages
are checked with axe-core and screenshotted under test-artifacts/web/ at 1280 and 390 pixels
wide.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import connect
from tests.functional.web.browser_support import ARTIFACTS, axe_violations, screenshot, serve

pytestmark = pytest.mark.browser

TODAY = dt.date.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
NAME = "Ada Pemberton-Smythe"


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path
) -> Iterator[tuple[str, str]]:
    path = tmp_path_factory.mktemp("incidents-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    operator = Actor.operator("tests")
    access.add_user(
        db, operator, email="safety@nsft.example", name="Patient safety lead",
        role="trust_editor", organisation="RMY",
    )  # fmt: skip
    link = access.create_sign_in_link(db, operator, "safety@nsft.example")
    db.dispose()
    with serve(url) as base:
        yield base, link


def _states(page: Any) -> dict[str, str]:
    rows = page.locator("#deadlines tbody tr")
    return {
        rows.nth(i).locator("td").nth(0).inner_text().strip(): rows.nth(i)
        .locator("td")
        .nth(3)
        .inner_text()
        .strip()
        for i in range(rows.count())
    }


def test_record_an_incident_and_meet_its_candour_duty(page: Any, site: tuple[str, str]) -> None:
    base, link = site
    page.goto(f"{base}/sign-in/link/{link}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/trusts/RMY/incidents")
    assert page.inner_text(".cw-subnav__link--current").strip() == "Incidents"
    page.click("#record-incident")
    page.fill("#reference", "BROWSER-1")
    page.fill("#occurred", YESTERDAY.isoformat())
    page.fill("#reported", YESTERDAY.isoformat())
    page.select_option("#category", value="medication")
    page.select_option("#physical_harm", value="moderate")
    page.check("#event_type")
    page.check("#prolonged_psychological_harm-no")
    page.check("#flag-safeguarding_referral")
    page.check("#cqc-serious_injury")
    page.fill("#description", "Double dose of lithium given on the ward")
    page.fill("#patient_name", NAME)
    page.fill("#nhs_number", "943 476 5919")
    page.select_option("#age_band", value="66_85_years")
    screenshot(page, "incident-new")
    assert axe_violations(page) == []
    page.click("#incident-submit")
    page.wait_for_selector("#saved")
    assert page.inner_text("#saved p").strip() == "The incident was recorded."
    assert NAME not in page.content()
    assert page.inner_text("#incident-flags").strip() == (
        "Duty of candour applies: the harm meets the notifiable safety incident threshold; "
        "Notify CQC (serious injury of a service user); Safeguarding referral"
    )
    assert _states(page) == {
        "Duty of candour: notification in person": "Due",
        "Duty of candour: written notification": "Due",
    }
    for step in ("verbal", "written"):
        page.select_option("#step", value=step)
        _fill_date(page, "on", TODAY)
        page.click("#candour-submit")
        page.wait_for_selector("#saved")
        assert page.inner_text("#saved p").strip() == "The candour notification was recorded."
    assert _states(page) == {
        "Duty of candour: notification in person": "Met",
        "Duty of candour: written notification": "Met",
    }
    assert page.locator("#candour-trail li").count() == 2
    # A refused notification comes back on the incident's own address, so a reload is a GET.
    page.select_option("#step", value="written")
    _fill_date(page, "on", YESTERDAY)
    page.click("#candour-submit")
    page.wait_for_selector(".nhsuk-error-summary")
    assert "/candour" not in page.url
    assert "was already recorded" in page.inner_text(".nhsuk-error-summary")
    page.reload()
    assert "was already recorded" in page.inner_text(".nhsuk-error-summary")
    assert page.locator("#candour-trail li").count() == 2
    page.goto(f"{base}/trusts/RMY/incidents/BROWSER-1")
    screenshot(page, "incident-met")
    assert axe_violations(page) == []
    page.click("#show-patient")
    assert NAME in page.inner_text("#patient")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "incident-met-390")
    # As of the day it was reported, the incident's candour duties were still to come.
    page.goto(f"{base}/trusts/RMY/incidents?as_of={YESTERDAY.isoformat()}")
    screenshot(page, "incidents-list-390")
    # Each "Next duty" date stays on one line on a phone.
    dates = page.locator("#incidents .cw-nowrap")
    assert dates.count() > 0
    lines = dates.evaluate_all("els => els.map(e => e.getClientRects().length)")
    assert set(lines) == {1}
    page.locator("#incident-1").screenshot(path=str(ARTIFACTS / "incidents-list-row-390.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "incidents-list")
    page.locator("#incident-1").screenshot(path=str(ARTIFACTS / "incidents-list-row.png"))
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_the_public_sees_the_summary_only(page: Any, site: tuple[str, str]) -> None:
    base, _ = site
    page.goto(f"{base}/trusts/RMY/incidents")
    assert page.inner_text("h1").strip() == "Patient-safety incidents"
    assert "fewer than 5" in page.inner_text("main")
    assert "BROWSER-1" not in page.content()
    assert NAME not in page.content()
    screenshot(page, "incidents-summary")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "incidents-summary-390")
    assert page.console_errors == []


def test_the_public_reads_the_death_on_the_m11_on_the_timeline(
    page: Any, site: tuple[str, str]
) -> None:
    base, _ = site
    page.goto(f"{base}/trusts/RMY/timeline")
    page.get_by_label("Serious patient safety incident", exact=True).check()
    page.click("#apply-filters")
    page.wait_for_load_state()
    entries = page.locator(".cw-timeline__event")
    assert entries.count() == 1
    entry = entries.first
    assert entry.locator(".nhsuk-tag").inner_text() == "Serious patient safety incident"
    assert entry.locator("h3").inner_text() == (
        "Patient safety incident reported: transfer or out-of-area placement, fatal"
    )
    assert "Serious Incident investigation (closed 3 October 2018)" in entry.inner_text()
    # The public reads the public source, not the incident's page.
    assert entry.get_by_role("link").count() == 1
    assert "itv.com" in entry.get_by_role("link").get_attribute("href")
    screenshot(page, "timeline-incident")
    assert axe_violations(page) == []
    assert page.console_errors == []


def _fill_date(page: Any, name: str, day: dt.date) -> None:
    """Type a date into the NHS.UK date input's three fields, as a person does."""
    page.fill(f"#{name}-day", str(day.day))
    page.fill(f"#{name}-month", str(day.month))
    page.fill(f"#{name}-year", str(day.year))
