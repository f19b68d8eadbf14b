"""Pages on paper, in Debian's chromium with print media emulated: what a printed page
keeps and drops, and each page printed to PDF (test-artifacts/web/print-<page>.pdf) for a
person to look at."""

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
from tests.functional.web.browser_support import ARTIFACTS, keep_pictures, serve

pytestmark = pytest.mark.browser

OPERATOR = Actor.operator("tests")

PRINTED = {
    "trust": "/trusts/RMY",
    "plan": "/trusts/RMY/improvement-plan",
    "action": "/trusts/RMY/improvement-plan/actions/1",
    "performance": "/trusts/RMY/performance",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[Any]:
    """The worked example, and a session for one of the trust's editors (who sees forms)."""
    path = tmp_path_factory.mktemp("print") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    email = "print.editor@nsft.example"
    access.add_user(
        db, OPERATOR, email=email, name="Print editor", role="trust_editor", organisation="RMY"
    )
    token = access.sign_in_with_link(db, access.create_sign_in_link(db, OPERATOR, email)).token
    db.dispose()
    with serve(url) as base:
        yield base, token


def _visible(page: Any, selector: str) -> list[str]:
    """The elements matching `selector` that take up room on the printed page."""
    return page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            .filter(e => e.getClientRects().length > 0)
            .map(e => e.outerHTML.slice(0, 80))""",
        selector,
    )


@pytest.mark.parametrize("name", PRINTED)
def test_a_printed_page_has_no_navigation_forms_or_link_addresses(
    browser: Any, site: Any, name: str
) -> None:
    base, token = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": SESSION_COOKIE, "value": token, "url": base}])
    page = context.new_page()
    try:
        page.goto(f"{base}{PRINTED[name]}")
        # On screen the page has all of these, so their absence on paper is the stylesheet's.
        for selector in (".nhsuk-header__navigation", ".nhsuk-skip-link", "form"):
            assert page.locator(selector).count() > 0, selector
        page.emulate_media(media="print")
        for selector in (
            ".nhsuk-header__navigation",
            ".nhsuk-header__account",
            ".nhsuk-skip-link",
            "form",
            ".cw-filters",
            ".cw-subnav",
        ):
            assert _visible(page, selector) == [], selector
        # Links print as their words: no " (Link: /trusts/...)" after each.
        after = page.evaluate(
            """() => [...document.querySelectorAll('main a[href]')]
                .map(a => getComputedStyle(a, '::after').content)
                .filter(c => c !== 'none' && c !== 'normal')"""
        )
        assert after == []
        # A table's header row repeats on every page; a row is never cut in two.
        heads = page.evaluate(
            "[...document.querySelectorAll('main thead')].map(h => getComputedStyle(h).display)"
        )
        assert heads
        assert set(heads) == {"table-header-group"}
        rows = page.evaluate(
            "[...document.querySelectorAll('main tbody tr')]"
            ".map(r => getComputedStyle(r).breakInside)"
        )
        assert rows
        assert set(rows) == {"avoid"}
        # Rating colours, icons and status tags print in colour.
        kept = page.evaluate(
            """() => [...document.querySelectorAll('.cw-rating, .cw-mdc-icon, .nhsuk-tag')]
                .map(e => getComputedStyle(e).printColorAdjust)"""
        )
        assert kept
        assert set(kept) == {"exact"}
        if keep_pictures():
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.pdf(path=str(ARTIFACTS / f"print-{name}.pdf"), format="A4")
    finally:
        context.close()


def test_printed_ratings_keep_their_colour(browser: Any, site: Any) -> None:
    """The rating badge's background is printed even with backgrounds off (the default)."""
    base, _ = site
    page = browser.new_page()
    try:
        page.goto(f"{base}/trusts/RMY")
        page.emulate_media(media="print")
        badge = page.locator(".cw-rating--good").first
        assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(30, 111, 44)"
        assert badge.evaluate("e => getComputedStyle(e).printColorAdjust") == "exact"
    finally:
        page.close()
