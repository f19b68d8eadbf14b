"""Every kind of page at a phone's width (390 px) and a desktop's (1280 px), in Debian's
chromium: none may scroll sideways, and none may have a serious or critical axe violation.

A page wider than its window is the commonest way a site fails on a phone: the reader has to
pan left and right to read each line. A wide table may scroll inside a focusable, labelled
area of its own (`cw-table-scroll`); the page itself never does. Each page is screenshotted
under test-artifacts/web/ (`widths-<page>-<width>`) for a person to look at, with `make
screenshots`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import connect
from carewatch.web.identity import SESSION_COOKIE
from tests.functional.web.browser_support import axe_violations, screenshot, serve

pytestmark = pytest.mark.browser

OPERATOR = Actor.operator("tests")
WIDTHS = (390, 1280)

PUBLIC_PAGES = {
    "national": "/",
    "oversight": "/oversight",
    "league-table": "/oversight/league-table",
    "trust": "/trusts/RMY",
    "history": "/trusts/RMY/history",
    "locations": "/trusts/RMY/locations",
    "timeline": "/trusts/RMY/timeline",
    "enforcement": "/trusts/RMY/enforcement",
    "plan": "/trusts/RMY/improvement-plan",
    "plan-as-of": "/trusts/RMY/improvement-plan?as_of=2024-01-01",
    "public-plan": "/trusts/RMY/improvement-plan/public",
    "action": "/trusts/RMY/improvement-plan/actions/1",
    "performance": "/trusts/RMY/performance",
    "measure": "/trusts/RMY/performance/cyp_triage_wait",
    "board-report": "/trusts/RMY/board-report",
    "incidents-summary": "/trusts/RMY/incidents/summary",
    "feedback": "/trusts/RMY/feedback",
    "rules": "/rules",
    "api-docs": "/api/v1/docs",
    "sign-in": "/sign-in",
    "about": "/about",
    "accessibility": "/accessibility",
    "glossary": "/glossary",
}
"""Every page kind the public can open, by a short name for the screenshots."""

SIGNED_IN_PAGES = {
    "audit": ("admin", "/audit"),
    "plan-editor": ("trust_editor", "/trusts/RMY/improvement-plan"),
    "action-editor": ("trust_editor", "/trusts/RMY/improvement-plan/actions/1"),
    "incidents": ("trust_editor", "/trusts/RMY/incidents"),
    "incident-form": ("trust_editor", "/trusts/RMY/incidents/new"),
    "feedback-comments": ("trust_editor", "/trusts/RMY/feedback/comments"),
}
"""Pages (and the forms on them) that only a signed-in user sees: who, and where."""


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path
) -> Iterator[tuple[str, dict[str, str]]]:
    """The worked example served on a copy of its database, with a session for an
    administrator and for one of the trust's editors."""
    path = tmp_path_factory.mktemp("widths") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    sessions: dict[str, str] = {}
    for role in ("admin", "trust_editor"):
        email = f"{role}.widths@nsft.example"
        access.add_user(
            db, OPERATOR, email=email, name=f"Widths {role}", role=role, organisation="RMY"
        )
        link = access.create_sign_in_link(db, OPERATOR, email)
        sessions[role] = access.sign_in_with_link(db, link).token
    db.dispose()
    with serve(url) as base:
        yield base, sessions


def _overflow(browser: Any, base: str, path: str, width: int, session: str | None) -> Any:
    """Open `path` at `width`; return the page (its context closed by the caller)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    if session is not None:
        context.add_cookies([{"name": SESSION_COOKIE, "value": session, "url": base}])
    page = context.new_page()
    response = page.goto(f"{base}{path}")
    assert response is not None
    assert response.status == 200, f"{path}: {response.status}"
    return page


def _check(page: Any, name: str, width: int) -> None:
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    screenshot(page, f"widths-{name}-{width}")
    wide = page.evaluate(
        """(client) => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > client + 1
                         && !e.closest('.cw-table-scroll'))
            .slice(0, 5)
            .map(e => e.tagName + '.' + [...e.classList].join('.'))""",
        client,
    )
    assert scroll <= client, f"{name} at {width} px is {scroll} px wide: {wide}"
    # A chart drawn in SVG shrinks with the window, and its words with it.
    small = page.evaluate(
        """() => [...document.querySelectorAll('main svg text')].map(t => {
              const svg = t.ownerSVGElement, box = svg.viewBox.baseVal;
              const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
              return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale];
            }).filter(([, size]) => size < 11.95)"""
    )
    assert small == [], f"{name} at {width} px has chart text under 12 px: {small[:5]}"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_public_page_fits_the_window(
    browser: Any, site: tuple[str, dict[str, str]], name: str, width: int
) -> None:
    base, _ = site
    page = _overflow(browser, base, PUBLIC_PAGES[name], width, None)
    try:
        _check(page, name, width)
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_a_signed_in_page_fits_the_window(
    browser: Any, site: tuple[str, dict[str, str]], name: str, width: int
) -> None:
    base, sessions = site
    role, path = SIGNED_IN_PAGES[name]
    page = _overflow(browser, base, path, width, sessions[role])
    try:
        _check(page, name, width)
    finally:
        page.context.close()


def test_a_wide_table_scrolls_inside_a_focusable_labelled_area(
    browser: Any, site: tuple[str, dict[str, str]]
) -> None:
    """The ratings grid is wider than a phone: it scrolls in its own area, which a keyboard
    user can reach and a screen reader names, and the page does not."""
    base, _ = site
    page = _overflow(browser, base, "/trusts/RMY", 390, None)
    try:
        area = page.locator(".cw-table-scroll").first
        assert area.get_attribute("tabindex") == "0"
        assert area.get_attribute("role") == "region"
        assert area.get_attribute("aria-label") or area.get_attribute("aria-labelledby")
        inner, outer = area.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert inner > outer  # the grid really is wider, and scrolls here
        assert outer <= 390
    finally:
        page.context.close()
