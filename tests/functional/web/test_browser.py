"""Browser tests: Debian chromium drives the real site served by uvicorn on a free local port.

Each page is checked with axe-core (served from the built static/vendor folder, as the site
serves it) for serious or critical accessibility violations, and a screenshot is saved under
test-artifacts/web/ for a person to look at.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

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


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
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
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
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
