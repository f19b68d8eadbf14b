"""The performance report in Debian chromium: the summary icon table and one SPC chart,
checked with axe-core and photographed for a person to look at (test-artifacts/web/)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.functional.web.browser_support import axe_violations, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser-metrics") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    with serve(f"sqlite:///{path}") as base:
        yield base


def test_the_summary_icon_table(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/performance")
    assert page.title() == (
        "Performance report – Norfolk and Suffolk NHS Foundation Trust – carewatch"
    )
    rows = page.locator("#summary-icons tbody tr")
    assert rows.count() >= 12
    # Every icon is an image with NHS England's words as its name.
    first_icon = page.locator("#summary-icons svg.cw-mdc-icon").first
    assert first_icon.get_attribute("role") == "img"
    assert first_icon.get_attribute("aria-label")
    screenshot(page, "performance")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_one_chart(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/trusts/RMY/performance")
    page.click("text=Children and young people: median wait from referral to triage")
    page.wait_for_url("**/performance/cyp_triage_wait")
    chart = page.locator("svg#spc-chart")
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 300
    # 36 monthly points are drawn, each with its own tooltip title.
    assert chart.locator("title").count() >= 36
    screenshot(page, "performance-chart")
    assert axe_violations(page) == []
    assert page.console_errors == []
