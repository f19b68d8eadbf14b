"""Browser tests: Debian chromium drives the real site served by uvicorn on a free local port.

Each page is checked with axe-core (served from the built static/vendor folder, as the site
serves it) for serious or critical accessibility violations, and a screenshot is saved under
test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from carewatch.demo import load_demo, nsft
from carewatch.services.ratings import record_location, record_rating
from carewatch.store.database import connect
from carewatch.store.migrate import migrate
from carewatch.web.app import STATIC_DIR, create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = STATIC_DIR / "vendor" / "axe" / "axe.min.js"
ARTIFACTS = Path(__file__).parents[3] / "test-artifacts" / "web"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


LOCATION_ID = "1-BROWSER1"


def _demo_database(url: str) -> None:
    """The worked example, plus one location of RMY so the location pages have a grid."""
    db = connect(url)
    migrate(db)
    load_demo(db=db)
    record_location(
        db=db, location_id=LOCATION_ID, provider_id="RMY", name="Example ward block (test)"
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
        )
    db.dispose()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'carewatch.db'}"
    _demo_database(url)
    port = _free_port()
    app = create_app(database_url=url)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    if not AXE.exists():
        pytest.skip("static/vendor is not built: run make frontend")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(url="/static/vendor/axe/axe.min.js")
    result = page.evaluate("async () => await axe.run(document)")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _screenshot(page: Any, name: str) -> None:
    """Save the whole page, and what fits in the window (readable at full size)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-viewport.png"))
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


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
    _screenshot(page, "rules")
    assert _axe_violations(page) == []
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
    _screenshot(page, "rules-result")
    assert _axe_violations(page) == []


def test_rules_form_error_in_the_browser(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/rules")
    page.click("#submit-ratings")
    page.wait_for_load_state()
    summary = page.locator(".nhsuk-error-summary")
    assert "there are no ratings to aggregate" in summary.inner_text()
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "rating_1"
    _screenshot(page, "rules-error")
    assert _axe_violations(page) == []


def test_api_docs_and_not_found_pages_are_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/api/v1/docs")
    assert "/api/v1/ratings/aggregate" in page.inner_text("main")
    _screenshot(page, "api-docs")
    assert _axe_violations(page) == []
    response = page.goto(f"{base_url}/no-such-page")
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    _screenshot(page, "not-found")
    assert _axe_violations(page) == []


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
    _screenshot(page, "home")
    assert _axe_violations(page) == []
    page.get_by_label("Search by name or ODS code").fill("Norfolk")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    rows = page.locator("table.cw-trusts tbody tr")
    assert rows.count() == 1
    assert "Requires improvement" in rows.first.inner_text()
    _screenshot(page, "home-search")
    assert _axe_violations(page) == []
    page.get_by_role("link", name="Norfolk and Suffolk NHS Foundation Trust").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Norfolk and Suffolk NHS Foundation Trust"
    assert "Rated Requires improvement overall, published 23 February 2023." in page.inner_text(
        "#summary-text"
    )
    _screenshot(page, "trust")
    assert _axe_violations(page) == []
    # The trust's Effective rating: published Requires improvement, the rules propose Good.
    effective = page.locator("tr.cw-grid__trust td").nth(1)
    assert effective.locator(".cw-mark", has_text="Departs from the rules").is_visible()
    reason = effective.get_by_text("No threshold for Outstanding", exact=False)
    assert not reason.is_visible()
    summary = effective.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert reason.is_visible()
    details = effective.locator(".nhsuk-details__text").inner_text()
    assert "The rules propose Good." in details
    assert "Rule: nhs-trust-2022 G" in details
    assert "CQC published Requires improvement, which departs from the rules' proposal." in (
        details
    )
    effective.scroll_into_view_if_needed()
    _screenshot(page, "trust-how-reached")
    assert _axe_violations(page) == []
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
    _screenshot(page, "history")
    assert _axe_violations(page) == []
    page.get_by_text("The chart as a table").click()
    assert page.locator("details table").is_visible()
    assert _axe_violations(page) == []


def test_locations_pages_are_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/locations")
    page.get_by_role("link", name="Example ward block (test)").click()
    page.wait_for_load_state()
    assert page.inner_text("h1") == "Example ward block (test)"
    assert page.locator("table.cw-grid").is_visible()
    _screenshot(page, "location")
    assert _axe_violations(page) == []
    page.goto(f"{base_url}/trusts/RMY/locations")
    _screenshot(page, "trust-locations")
    assert _axe_violations(page) == []


def test_synthetic_trust_is_labelled_and_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/SYN01")
    assert page.locator("h1 .nhsuk-tag", has_text="Synthetic").is_visible()
    _screenshot(page, "trust-synthetic")
    assert _axe_violations(page) == []
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
    _screenshot(page, "trust-oversight-banner")
    assert _axe_violations(page) == []
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
    _screenshot(page, "trust-oversight-timeline")
    assert _axe_violations(page) == []
    page.goto(f"{base_url}/oversight")
    assert "Norfolk and Suffolk NHS Foundation Trust" in page.inner_text("main")
    _screenshot(page, "oversight-national")
    assert _axe_violations(page) == []
    assert page.console_errors == []


def test_enforcement_pages_are_readable_and_accessible(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/enforcement")
    # The worked example's 2022 warning notice: its two areas, with no published deadline.
    body = page.inner_text("main")
    assert "warning notice" in body.lower()
    assert "Risk of harm" in body
    assert "not published" in body
    _screenshot(page, "enforcement-list")
    assert _axe_violations(page) == []
    page.goto(f"{base_url}/trusts/RMY/enforcement/1")
    assert "Risk of harm" in page.inner_text("main")
    _screenshot(page, "enforcement-one")
    assert _axe_violations(page) == []
