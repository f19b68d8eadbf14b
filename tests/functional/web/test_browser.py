"""Browser tests: Debian chromium drives the real site served by uvicorn on a free local port.

Each page is checked with axe-core (served from the built static/vendor folder, as the site
serves it) for serious or critical accessibility violations, and a screenshot is saved under
test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carewatch.demo import nsft
from carewatch.services.ratings import record_location, record_rating
from carewatch.store.database import connect
from tests.actors import OPERATOR
from tests.functional.web.browser_support import axe_violations, screenshot, serve

pytestmark = pytest.mark.browser

LOCATION_ID = "1-BROWSER1"


def _demo_database(path: Path, template: Path) -> str:
    """A copy of the worked example, plus one location of RMY so the location pages have a
    grid; returns its URL."""
    shutil.copyfile(template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    record_location(
        db=db,
        location_id=LOCATION_ID,
        provider_id="RMY",
        name="Example ward block (test)",
        actor=OPERATOR,
    )
    for service, aspect, rating in (
        (None, "overall", "Requires improvement"),
        (None, "safe", "Requires improvement"),
        (
            "Acute wards for adults of working age and psychiatric intensive care units",
            "safe",
            "Inadequate",
        ),
    ):
        record_rating(
            db=db,
            provider_id="RMY",
            location_id=LOCATION_ID,
            service=service,
            aspect=aspect,
            rating=rating,
            rating_date=dt.date(2023, 2, 23),
            actor=OPERATOR,
        )
    db.dispose()
    return url


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[str]:
    url = _demo_database(tmp_path_factory.mktemp("browser") / "carewatch.db", sqlite_demo_template)
    with serve(url) as base:
        yield base


def test_rules_page_is_accessible_and_styled(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/rules")
    assert page.title() == "How ratings are calculated – carewatch"
    # The design system's stylesheet and script loaded: the header is NHS blue and the
    # script marked the body as supported.
    header_colour = page.eval_on_selector(
        ".nhsuk-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert header_colour == "rgb(0, 94, 184)"
    assert "nhsuk-frontend-supported" in page.get_attribute("body", "class")
    screenshot(page, "rules")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_try_the_rules_in_the_browser(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/rules")
    page.get_by_label("Rule set").select_option("nhs-trust-2022")
    for i, rating in enumerate(["Good", "Requires improvement", "Requires improvement", "Good"], 1):
        page.get_by_label(f"Rating {i}", exact=True).select_option(rating)
    page.click("#submit-ratings")
    page.wait_for_load_state()
    result = page.locator("#result")
    # Two Requires improvement of four: the 'rule of two' (Capsticks 2018, confirmed).
    assert result.locator(".cw-rating").first.inner_text() == "Requires improvement"
    assert "nhs-trust-2022 C2" in result.inner_text()
    screenshot(page, "rules-result")
    assert axe_violations(page) == []


def test_rules_form_error_in_the_browser(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/rules")
    page.click("#submit-ratings")
    page.wait_for_load_state()
    summary = page.locator(".nhsuk-error-summary")
    assert "there are no ratings to aggregate" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "rating_1"
    screenshot(page, "rules-error")
    assert axe_violations(page) == []


def test_api_docs_and_not_found_pages_are_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/api/v1/docs")
    assert "/api/v1/ratings/aggregate" in page.inner_text("main")
    screenshot(page, "api-docs")
    assert axe_violations(page) == []
    response = page.goto(f"{base_url}/no-such-page")
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    screenshot(page, "not-found")
    assert axe_violations(page) == []


def test_keyboard_reaches_the_skip_link_first(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/rules")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"


def test_search_open_a_trust_and_see_how_a_rating_was_reached(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/")
    assert page.title() == "National picture – carewatch"
    counts = page.locator(".cw-counts").inner_text()
    assert "Requires improvement" in counts
    assert "Good" in counts
    screenshot(page, "home")
    assert axe_violations(page) == []
    page.get_by_label("Search by name or ODS code").fill("Norfolk")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    rows = page.locator("table.cw-trusts tbody tr")
    assert rows.count() == 1
    assert "Requires improvement" in rows.first.inner_text()
    screenshot(page, "home-search")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Norfolk and Suffolk NHS Foundation Trust").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Norfolk and Suffolk NHS Foundation Trust"
    assert "Rated Requires improvement overall, published 23 February 2023." in page.inner_text(
        "#summary-text"
    )
    screenshot(page, "trust")
    assert axe_violations(page) == []
    # The trust's Effective rating: published Requires improvement, which the rules gave in
    # 2023; today's ratings beneath propose Good.
    effective = page.locator("tr.cw-grid__trust td").nth(1)
    assert effective.locator(".cw-mark", has_text="Newer ratings beneath").is_visible()
    reason = effective.get_by_text("No threshold for Outstanding", exact=False)
    assert not reason.is_visible()
    summary = effective.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert reason.is_visible()
    details = effective.locator(".nhsuk-details__text").inner_text()
    assert "The rules propose Good." in details
    assert "Rule: nhs-trust-2022 G" in details
    assert "give Requires improvement, as published: it does not depart from the rules" in (details)
    effective.scroll_into_view_if_needed()
    screenshot(page, "trust-how-reached")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_rating_history_chart_and_timeline(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY")
    page.get_by_role("link", name="Rating history").first.click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Rating history"
    chart = page.get_by_role("img", name="Overall rating of Norfolk and Suffolk")
    box = chart.bounding_box()
    assert box["width"] > 500
    assert box["height"] > 150
    # Every report of the worked example, including the two that rated only core services.
    assert page.locator(".cw-timeline > li").count() == len(nsft.REPORTS)
    assert page.locator(".cw-timeline > li").first.locator("time").inner_text() == (
        "22 October 2025"
    )
    page.locator("#chart").scroll_into_view_if_needed()
    screenshot(page, "history")
    assert axe_violations(page) == []
    page.get_by_text("The chart as a table").click()
    assert page.locator("details table").is_visible()
    assert axe_violations(page) == []


def test_locations_pages_are_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/locations")
    page.get_by_role("link", name="Example ward block (test)").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Example ward block (test)"
    assert page.locator("table.cw-grid").is_visible()
    screenshot(page, "location")
    assert axe_violations(page) == []
    page.goto(f"{base_url}/trusts/RMY/locations")
    screenshot(page, "trust-locations")
    assert axe_violations(page) == []


def test_synthetic_trust_is_labelled_and_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/SYN01")
    assert page.locator("h1 .nhsuk-tag", has_text="Synthetic").is_visible()
    screenshot(page, "trust-synthetic")
    assert axe_violations(page) == []
    page.goto(f"{base_url}/trusts/NOPE")
    assert page.inner_text("h1") == "Page not found"


def test_read_the_oversight_banner_and_timeline(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY")
    banner = page.get_by_role("region", name="Oversight")
    # The worked example: NSFT left the Recovery Support Programme for segment 3 in 2025.
    assert banner.locator("#oversight-regime").inner_text() == (
        "In NHS Oversight Framework segment 3 since 1 February 2025"
    )
    assert "Next inspection" in banner.inner_text()
    screenshot(page, "trust-oversight-banner")
    assert axe_violations(page) == []
    banner.get_by_role("link", name="See the oversight timeline").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Oversight timeline"
    page.get_by_label("Meeting", exact=True).check()
    page.get_by_label("Show the status as of").fill("2019-01-01")
    page.click("#apply-filters")
    page.wait_for_load_state()
    assert "as of 1 January 2019" in page.locator("#oversight-title").inner_text()
    assert page.locator("#oversight-regime").inner_text().startswith("In quality special measures")
    entry = page.locator(".cw-timeline__event").first
    assert entry.locator(".nhsuk-tag").inner_text() == "Meeting"
    assert "Conference call" in entry.inner_text()
    assert entry.get_by_role("link").get_attribute("href").startswith("https://")
    screenshot(page, "trust-oversight-timeline")
    assert axe_violations(page) == []
    page.goto(f"{base_url}/oversight")
    assert "Norfolk and Suffolk NHS Foundation Trust" in page.inner_text("main")
    screenshot(page, "oversight-national")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_enforcement_pages_are_readable_and_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/enforcement")
    # The worked example's 2022 warning notice: its two areas, with no published deadline.
    body = page.inner_text("main")
    assert "warning notice" in body.lower()
    assert "Risk of harm" in body
    assert "not published" in body
    screenshot(page, "enforcement-list")
    assert axe_violations(page) == []
    page.goto(f"{base_url}/trusts/RMY/enforcement/1")
    assert "Risk of harm" in page.inner_text("main")
    screenshot(page, "enforcement-one")
    assert axe_violations(page) == []


def test_league_table_from_the_national_list(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/oversight")
    page.get_by_role("link", name="See the NHS Oversight Framework league table").click()
    page.wait_for_load_state()
    # The worked example's synthetic Non-acute trusts, latest quarter first.
    assert "Non-acute trusts, Q2 2025/26" in page.inner_text("h1")
    rows = page.locator("#league-table tbody tr")
    assert rows.count() == 6
    screenshot(page, "league-table")
    assert axe_violations(page) == []
    page.select_option("#quarter", "Q1 2025/26")
    page.get_by_role("button", name="Show league table").click()
    page.wait_for_load_state()
    assert "Q1 2025/26" in page.inner_text("h1")
    # In Q1 one synthetic trust is in deficit yet in segment 2: the check is shown.
    assert "segment 3 or below" in page.inner_text("#league-table")
    page.locator("#league-table tbody tr").first.get_by_role("link").click()
    page.wait_for_load_state()
    # First in Q1 (segment 1, 1.70), the trust's banner gives its latest place: in Q2 it fell
    # to segment 2 and second place.
    assert "Q2 2025/26: position 2 of 6 Non-acute trusts" in page.inner_text("#oversight-league")
    assert page.console_errors == []
