"""Browser test of the audit trail's page: Debian chromium signs a regulator in through a
one-time link, reads the trail of the worked example, filters it, and the page is checked
with axe-core and screenshotted at desktop and phone widths under test-artifacts/web/."""

from __future__ import annotations

import re
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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[Any]:
    path = tmp_path_factory.mktemp("audit-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    access.add_user(
        db, OPERATOR, email="audit.reader@cqc.example", name="Audit reader", role="regulator",
        organisation="CQC",
    )  # fmt: skip
    links = [access.create_sign_in_link(db, OPERATOR, "audit.reader@cqc.example") for _ in "ab"]
    db.dispose()
    with serve(url) as base:
        yield base, links


def _sign_in(page: Any, base: str, link: str) -> None:
    page.goto(f"{base}/sign-in/link/{link}")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Audit reader (Regulator, CQC)")


@pytest.mark.parametrize(("width", "name", "link"), [(1280, "audit", 0), (390, "audit-phone", 1)])
def test_a_regulator_reads_and_filters_the_trail(
    browser: Any, site: Any, width: int, name: str, link: int
) -> None:
    base, links = site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        _sign_in(page, base, links[link])
        page.goto(f"{base}/audit")
        assert page.title() == "Audit trail – carewatch"
        rows = page.locator("#audit-events tbody tr")
        assert rows.count() > 0
        assert page.inner_text("#head-seq").strip().isdigit()
        screenshot(page, name)
        assert axe_violations(page) == []
        # The table never makes the page wider than the window.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.fill("#entity", "user")
        page.click("form.cw-filters button[type=submit]")
        assert "entity=user" in page.url
        records = page.locator("#audit-events tbody tr td:nth-child(6)").all_inner_texts()
        assert records
        assert all(re.search(r"\buser \d+$", r.strip()) for r in records), records
        screenshot(page, f"{name}-filtered")
        assert errors == []
    finally:
        context.close()
