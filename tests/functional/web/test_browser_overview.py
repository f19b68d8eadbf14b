"""The trust's page in Debian chromium at a desktop's and a phone's width: the verdict is
the first thing read under the trust's name and fits the screen, axe-core finds no serious
fault, the brief fits a phone and prints on one or two A4 pages, and each is photographed
(test-artifacts/web/)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.functional.web.browser_support import axe_violations, screenshot, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser-overview") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    with serve(f"sqlite:///{path}") as base:
        yield base


@pytest.mark.parametrize("width", [1280, 390])
def test_the_verdict_at_the_top_of_the_trust_page(page: Any, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/trusts/RMY?as_of=2026-12-07")
    label = page.locator("#verdict-label")
    assert label.inner_text() == "Mixed"
    verdict = page.locator("#verdict").bounding_box()
    changes = page.locator("#changes").bounding_box()
    assert verdict is not None
    assert changes is not None
    assert verdict["y"] < changes["y"]
    assert verdict["x"] + verdict["width"] <= width
    assert page.locator(".cw-evidence__part").count() == 8
    screenshot(page, f"trust-overview-{width}")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_the_brief_fits_a_phone_and_prints_on_two_pages(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base_url}/trusts/RMY/brief?as_of=2026-12-07")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "trust-brief-390")
    assert axe_violations(page) == []
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    assert len(pages) in (1, 2)
    assert "Questions the evidence raises" in "".join(p.extract_text() for p in pages)
