"""Browser test of the improvement plan: Debian chromium walks one action from open to in
progress, evidence submitted (uploading a real file from disk) and verified, through the
site's own forms, reading the status and the history on the page after each step. The plan,
the action page and the public page are checked with axe-core and screenshotted under
test-artifacts/web/.

The action is recorded through the plan service beside the worked example, opened ten days
ago and due in a month, so every date the forms default to (today) is a legal one.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from carewatch.domain.access import Actor
from carewatch.domain.access import Actor as _WriterActor
from carewatch.services import access, plans
from carewatch.store.database import connect
from tests.functional.web.browser_support import axe_violations, screenshot, serve

WRITER = _WriterActor.operator("tests")

pytestmark = pytest.mark.browser

TODAY = dt.date.today()


def _database(url: str) -> tuple[int, str, str]:
    """Record the finding and its action in the copy of the worked example at `url`, and a
    trust editor of the trust with a one-time sign-in link."""
    db = connect(url)
    plans.record_finding(
        db=db,
        provider_id="RMY",
        reference="BROWSER-MD1",
        kind="must_do",
        report_words="The trust must ensure that ward doors are secure. (Regulation 15)",
        public_summary="Make ward doors secure.",
        regulation="15",
        core_services=("Wards for people with a learning disability or autism",),
        report_date=TODAY - dt.timedelta(days=30),
        actor=WRITER,
    )
    action_id = plans.record_action(
        db=db,
        provider_id="RMY",
        finding_reference="BROWSER-MD1",
        reference="A1",
        title="Fit new locks to the ward doors",
        owner_role="Ward manager",
        opened=TODAY - dt.timedelta(days=10),
        due=TODAY + dt.timedelta(days=30),
        actor=WRITER,
    )
    operator = Actor.operator("tests")
    access.add_user(
        db, operator, email="editor@nsft.example", name="Ward editor", role="trust_editor",
        organisation="RMY",
    )  # fmt: skip
    link = access.create_sign_in_link(db, operator, "editor@nsft.example")
    # The worked example's head of quality, a trust editor too, verifies.
    colleague = access.create_sign_in_link(db, operator, "quality@nsft.example")
    db.dispose()
    return action_id, link, colleague


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, sqlite_demo_template: Path
) -> Iterator[tuple[str, int]]:
    path = tmp_path_factory.mktemp("plan-browser") / "carewatch.db"
    shutil.copyfile(sqlite_demo_template, path)
    url = f"sqlite:///{path}"
    action_id, link, colleague = _database(url)
    with serve(url) as base:
        yield base, action_id, link, colleague


def status_and_history(page: Any) -> tuple[str, list[str]]:
    status = page.inner_text("#action-status").strip()
    rows = page.locator("#history tbody tr")
    history = [rows.nth(i).locator("td").nth(1).inner_text().strip() for i in range(rows.count())]
    return status, history


def move(page: Any, to: str) -> None:
    page.select_option("#to", label=to)
    page.click("#move-submit")
    page.wait_for_selector("#saved")


def test_the_plan_page_is_accessible(page: Any, site: tuple[str, int, str, str]) -> None:
    base, action_id, _, _ = site
    page.goto(f"{base}/trusts/RMY/improvement-plan")
    assert page.title() == "Improvement plan – Norfolk and Suffolk NHS Foundation Trust – carewatch"
    assert page.inner_text(".cw-subnav__link--current").strip() == "Improvement plan"
    assert page.locator(f"#action-{action_id}").count() == 1
    screenshot(page, "plan")
    assert axe_violations(page) == []
    page.select_option("#status", label="Closed")
    page.fill("#as_of", "2021-06-30")
    page.click("#apply-filters")
    assert "status=closed" in page.url
    statuses = page.locator("[id$='-status'] .nhsuk-tag").all_inner_texts()
    assert statuses
    assert set(statuses) == {"Closed"}
    screenshot(page, "plan-filtered")
    assert page.console_errors == []


def test_walk_an_action_from_open_to_verified(
    page: Any, site: tuple[str, int, str, str], tmp_path: Path
) -> None:
    base, action_id, link, colleague = site
    # Sign in as the trust's editor with the one-time link, as a new user would.
    page.goto(f"{base}/sign-in/link/{link}")
    assert axe_violations(page) == []
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    assert "Ward editor (Trust editor, RMY)" in page.inner_text("header")
    page.goto(f"{base}/trusts/RMY/improvement-plan/actions/{action_id}")
    assert status_and_history(page) == ("Open", ["Open"])
    screenshot(page, "plan-action-open")
    assert axe_violations(page) == []

    move(page, "In progress")
    assert status_and_history(page) == ("In progress", ["Open", "In progress"])

    page.select_option("#to", label="Evidence submitted")  # no evidence yet: refused
    page.click("#move-submit")
    page.wait_for_selector(".nhsuk-error-summary")
    assert "evidence" in page.inner_text(".nhsuk-error-summary__list").lower()
    assert status_and_history(page) == ("In progress", ["Open", "In progress"])
    screenshot(page, "plan-action-refused")
    assert axe_violations(page) == []

    certificate = tmp_path / "locksmith-certificate.txt"
    certificate.write_text("New locks fitted to every ward door.\n", encoding="utf-8")
    page.check("#kind-file")
    page.set_input_files("#file", str(certificate))
    page.fill("#title", "Locksmith's certificate")
    page.click("#evidence-submit")
    page.wait_for_selector("#saved")
    assert page.inner_text("#saved p").strip() == "The evidence was added."
    link = page.locator("#evidence a[download]")
    assert link.inner_text().strip() == "locksmith-certificate.txt"
    with page.expect_download() as download:
        link.click()
    downloaded = Path(download.value.path()).read_bytes()
    assert downloaded == certificate.read_bytes()

    move(page, "Evidence submitted")
    assert status_and_history(page) == (
        "Evidence submitted",
        ["Open", "In progress", "Evidence submitted"],
    )
    screenshot(page, "plan-action-submitted")

    # A colleague verifies: no one verifies evidence they supplied.
    page.goto(f"{base}/sign-in/link/{colleague}")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/trusts/RMY/improvement-plan/actions/{action_id}")
    form = page.locator(".cw-verify-form").first
    form.locator("input[value='accepted']").check()
    form.locator("button[type='submit']").click()
    page.wait_for_selector("#saved")
    assert "Accepted by Demo head of quality (NSFT) (Trust editor, RMY)" in page.inner_text(
        "#evidence"
    )

    move(page, "Verified")
    status, history = status_and_history(page)
    # The verdict is in the history too, before the move it allowed.
    assert (status, history[:3], history[4:]) == (
        "Verified",
        ["Open", "In progress", "Evidence submitted"],
        ["Verified"],
    )
    assert re.fullmatch(r"Evidence \d+ accepted", history[3]), history
    screenshot(page, "plan-action-verified")
    assert axe_violations(page) == []
    # The refused move above was answered 422, which the browser logs; nothing else is.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)"
    ]


def test_an_action_of_the_worked_example_is_accessible(
    page: Any, site: tuple[str, int, str, str]
) -> None:
    base, _, _, _ = site
    page.goto(f"{base}/trusts/RMY/improvement-plan?as_of=2021-06-30&status=evidence_submitted")
    page.locator("#maincontent tbody a").first.click()
    page.wait_for_selector("#action-title")
    assert page.locator("#move-form").count() == 0  # the public: no forms, a way to sign in
    assert "Sign in" in page.inner_text("#sign-in-note")
    screenshot(page, "plan-action-demo")
    assert axe_violations(page) == []


def test_the_public_page_is_accessible(page: Any, site: tuple[str, int, str, str]) -> None:
    base, _, _, _ = site
    page.goto(f"{base}/trusts/RMY/improvement-plan/public")
    assert page.inner_text("h1").strip() == "What the trust must put right"
    assert "Make ward doors secure." in page.inner_text("#maincontent")
    screenshot(page, "plan-public")
    assert axe_violations(page) == []
    page.goto(f"{base}/improvement-plan/my-actions?provider=RMY&owner=Ward+manager")
    assert page.locator("#owner-actions tbody tr").count() == 1
    screenshot(page, "plan-my-actions")
    assert axe_violations(page) == []
    assert page.console_errors == []
