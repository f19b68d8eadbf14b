"""Browser test of the risk register: Debian chromium signs in as a viewer of the worked
example's trust (RMY), opens its register (the heat map as a picture and a table, the risks,
the validator's findings) and the page of its waiting-list risk (24 scorings drawn as an XmR
chart, its measures with their Making Data Count icons) at 1280 and 390 pixels wide, with
nothing scrolling sideways on a phone; and the public's page of the register's published
summary. Pages are checked with axe-core and screenshotted under test-artifacts/web/.
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
from tests.functional.web.browser_support import axe_violations, screenshot, serve

pytestmark = pytest.mark.browser

OPERATOR = Actor.operator("tests")
REGISTER = "/trusts/RMY/risks?as_of=2021-03-31"
RISK = "/trusts/RMY/risks/NSFT-R1?as_of=2022-05-31"


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path
) -> Iterator[tuple[str, str]]:
    path = tmp_path_factory.mktemp("risks-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    access.add_user(
        db, OPERATOR, email="governance@nsft.example", name="Head of governance",
        role="trust_viewer", organisation="RMY",
    )  # fmt: skip
    link = access.create_sign_in_link(db, OPERATOR, "governance@nsft.example")
    db.dispose()
    with serve(url) as base:
        yield base, link


def _scrolls_sideways(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


def _right_edges(page: Any, selector: str) -> list[float]:
    edges: list[float] = page.locator(selector).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    return edges


def test_the_public_see_the_published_summary(page: Any, site: tuple[str, str]) -> None:
    base, _ = site
    page.goto(f"{base}/trusts/RMY")
    page.click(".cw-subnav__link >> text=Risk register")
    page.wait_for_url(f"{base}/trusts/RMY/risks")
    assert page.inner_text(".cw-subnav__link--current").strip() == "Risk register"
    assert page.locator("#summary-table tbody tr").count() == 6
    assert "NSFT-R1" not in page.content()
    assert not _scrolls_sideways(page)
    screenshot(page, "risks-public")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert not _scrolls_sideways(page)
    assert axe_violations(page) == []


def test_the_register_and_a_risk_at_desktop_and_phone_widths(
    page: Any, site: tuple[str, str]
) -> None:
    base, link = site
    page.goto(f"{base}/sign-in/link/{link}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}{REGISTER}")
    assert page.locator("svg#heat-map").is_visible()
    # Four risks on the heat map's picture and in its table.
    cells = page.locator("#heat-table tbody td").all_inner_texts()
    counts = [int(t.split()[0]) for t in cells]
    assert sum(counts) == 4
    assert page.locator("#register tbody tr").count() == 4
    assert "Above target with no open action" in page.inner_text("#findings")
    assert not _scrolls_sideways(page)
    screenshot(page, "risks")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("svg#heat-map").is_visible()
    assert max(_right_edges(page, "svg#heat-map")) <= 390
    assert not _scrolls_sideways(page)
    screenshot(page, "risks-390")
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}{RISK}")
    chart = page.locator("svg#score-chart")
    assert chart.is_visible()
    assert "SPC chart" in (chart.locator("title").first.text_content() or "")
    assert page.locator("#history tbody tr").count() == 24
    assert page.locator("#measures .cw-mdc-icon").count() == 3
    assert not _scrolls_sideways(page)
    screenshot(page, "risk")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert chart.is_visible()
    assert max(_right_edges(page, "svg#score-chart")) <= 390
    assert not _scrolls_sideways(page)
    screenshot(page, "risk-390")
    assert axe_violations(page) == []
    assert page.console_errors == []
