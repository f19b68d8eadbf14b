"""Browser test of feedback: Debian chromium opens the feedback page of RXF (a trust made up
for the tests), as the public, at 1280
and 390 pixels wide, and finds a small chart for each theme (with the Making Data Count icon
where there are 12 months), the groups side by side and a redacted quote, with nothing
scrolling sideways on a phone; then a trust editor corrects a comment's labels through the
form. Pages are checked with axe-core and screenshotted under test-artifacts/web/.

The world: the worked example, with RXF and its four comments of `feedback_support` and 45
more, three a month from January 2023, so the themes span more than a year.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.access import Actor
from carewatch.services import access, feedback
from carewatch.store.database import connect
from tests.functional.web.browser_support import (
    ARTIFACTS,
    axe_violations,
    keep_pictures,
    screenshot,
    serve,
)
from tests.functional.web.feedback_support import (
    LISTENING,
    MANNER,
    MUST_DO,
    NAME,
    PHONE,
    REDACTED,
    TRUST,
    add_comments,
    add_world,
)

pytestmark = pytest.mark.browser

OPERATOR = Actor.operator("tests")


def _year_of_comments() -> list[tuple[str, str, str, str, str, str, tuple[str, ...], str]]:
    groups = ("patient", "family_or_carer", "staff")
    rows = []
    for n in range(45):
        month, day = divmod(n, 3)
        rows.append(
            (
                f"Y-{n:02d}",
                f"{2023 + month // 12}-{month % 12 + 1:02d}-{5 + 9 * day:02d}",
                "friends_and_family_test",
                groups[n % 3],
                ("Adult mental health", "Community")[n % 2],
                f"The staff on the ward were {'kind' if n % 2 else 'too busy to talk'}.",
                (MANNER, LISTENING) if n % 2 else (LISTENING,),
                "2" if n % 2 else "5",
            )
        )
    return rows


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path
) -> Iterator[tuple[str, str]]:
    path = tmp_path_factory.mktemp("feedback-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    db = connect(url)
    add_world(db)
    add_comments(db, TRUST, _year_of_comments(), name="year.csv")
    feedback.answer_theme(
        db=db, actor=OPERATOR, trust=TRUST, theme_name=LISTENING, target=MUST_DO,
        said="Families said they were not listened to when their relative was moved.",
    )  # fmt: skip
    access.add_user(
        db, OPERATOR, email="experience@nsft.example", name="Patient experience lead",
        role="trust_editor", organisation=TRUST,
    )  # fmt: skip
    link = access.create_sign_in_link(db, OPERATOR, "experience@nsft.example")
    db.dispose()
    with serve(url) as base:
        yield base, link


def _scrolls_sideways(page: Any) -> bool:
    return bool(
        page.evaluate(
            "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
    )


def test_the_public_feedback_page_at_desktop_and_phone_widths(
    page: Any, site: tuple[str, str]
) -> None:
    base, _ = site
    page.goto(f"{base}/trusts/{TRUST}")
    page.click(".cw-subnav__link >> text=Feedback")
    page.wait_for_url(f"{base}/trusts/{TRUST}/feedback")
    assert page.inner_text(".cw-subnav__link--current").strip() == "Feedback"
    charts = page.locator("#small-multiples svg.cw-chart, .cw-small-multiples svg.cw-chart")
    assert charts.count() == 4
    # Listening runs January 2023 to March 2024: an XmR chart, its icon and its words.
    listening = page.locator(".cw-small-multiple", has_text=LISTENING).first
    assert listening.locator(".cw-mdc-icon").count() == 1
    assert "Negative share:" in listening.locator(".cw-variation").inner_text()
    assert page.locator("#groups-table tbody tr").count() == 4
    assert page.locator("#groups-table thead th").all_inner_texts() == [
        "Theme",
        "Patient",
        "Family or carer",
        "Staff",
    ]
    quotes = page.locator(".cw-quote blockquote")
    assert quotes.count() > 0
    assert REDACTED in quotes.all_inner_texts()
    assert NAME not in page.content()
    assert PHONE not in page.content()
    assert MUST_DO in page.inner_text("#answer-1")
    assert not _scrolls_sideways(page)
    screenshot(page, "feedback")
    if keep_pictures():
        listening.screenshot(path=str(ARTIFACTS / "feedback-theme.png"))
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator(".cw-small-multiples svg.cw-chart").first.is_visible()
    assert page.locator("#groups-table").is_visible()
    assert page.locator(".cw-quote").first.is_visible()
    assert not _scrolls_sideways(page)
    # Every chart fits the phone's width.
    widths = page.locator("svg.cw-chart").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert max(widths) <= 390
    screenshot(page, "feedback-390")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_an_editor_corrects_a_comments_labels(page: Any, site: tuple[str, str]) -> None:
    base, link = site
    page.goto(f"{base}/sign-in/link/{link}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/trusts/{TRUST}/feedback")
    page.click("#comments-link")
    assert page.locator(".cw-comment").count() == 49
    assert NAME not in page.content()
    page.click("#show-as-given")
    assert NAME in page.inner_text("#comments")
    page.goto(f"{base}/trusts/{TRUST}/feedback/comments/FB-1")
    screenshot(page, "feedback-comment")
    assert axe_violations(page) == []
    page.check("#remove-1")
    page.select_option("#add", value="Staff continuity")
    page.select_option("#sentiment", value="4")
    page.fill("#reason", "About who was on shift")
    page.click("#correction-submit")
    page.wait_for_selector("#saved")
    assert " ".join(page.inner_text("#comment-themes").split()) == (
        "Staff continuity: corrected by a person"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    assert not _scrolls_sideways(page)
    screenshot(page, "feedback-comment-390")
    assert page.console_errors == []
