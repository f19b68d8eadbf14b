"""The feedback pages on SQLite and PostgreSQL: the public page (counts, small charts, the
groups side by side, redacted quotes, you said / we did) never holds the words as given; its
filters name what they cannot read (422); the comments one by one only for the trust's own
editors and viewers, the words as given only when asked for and each such read audited; and
the form that corrects a comment's labels, for the trust's editors, with its token against
cross-site forgery.

The world is the worked example with the trust RXF and its four comments of
`feedback_support`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from carewatch.domain.feedback.redact import redact
from carewatch.ingest.feedback_csv import read_feedback_csv
from carewatch.services import feedback
from carewatch.services.ratings import record_provider
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR, appended, head
from tests.functional.web.conftest import TEST_HOSTS, TestClient, database_url, sign_in_as
from tests.functional.web.feedback_support import (
    AS_GIVEN,
    LISTENING,
    MANNER,
    MUST_DO,
    MUST_DO_SUMMARY,
    NAME,
    PHONE,
    REDACTED,
    TRUST,
    WORLD,
    add_comments,
    add_world,
)

PAGE = f"/trusts/{TRUST}/feedback"
COMMENTS = f"{PAGE}/comments"


@pytest.fixture
def world(demo_db: Database) -> Database:
    add_world(demo_db)
    return demo_db


@pytest.fixture
def web(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def _text(page: str) -> str:
    """The page's words, markup and escapes undone, so a name split by a tag still shows."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _no_words_as_given(page: str) -> None:
    for form in (page, _text(page)):
        assert NAME not in form
        assert PHONE not in form


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no form token"
    return found.group(1)


def _themes(db: Database, reference: str = "FB-1") -> list[str]:
    return [t.theme for t in feedback.feedback_item(db=db, trust=TRUST, reference=reference).themes]


def test_the_public_page_shows_themes_groups_and_redacted_quotes(web: TestClient) -> None:
    response = web.get(PAGE)
    assert response.status_code == 200, response.text
    page = response.text
    _no_words_as_given(page)
    words = _text(page)
    assert REDACTED in words
    assert 'aria-current="page" class="cw-subnav__link cw-subnav__link--current">Feedback' in page
    assert re.search(r'id="feedback-count">\s*4\s*<', page)
    assert "2 patient; 1 family or carer; 1 staff" in words
    assert "1 positive; 1 neutral or mixed; 2 negative" in words
    # One small chart for each theme the comments carry (four themes), each with its figures.
    assert page.count('class="cw-small-multiple"') == 4
    assert page.count('<svg class="cw-chart"') == 4
    assert f"{MANNER}: comments each month and the share negative" in words
    # The groups side by side: staff manner from a patient (negative) and staff (mixed).
    table = re.search(r'id="groups-table".*?</table>', page, re.S)
    assert table is not None
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>((?!</tr>).)*Staff manner.*?</tr>", table.group(0), re.S)
    assert row is not None
    cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)]
    assert cells == [
        f"Theme {MANNER}",
        "Patient 1 comment, 100% negative",
        "Family or carer None",
        "Staff 1 comment, 0% negative",
    ]
    assert "The trust has not yet linked any theme" in words
    # The public is not offered the comments one by one.
    assert 'id="comments-link"' not in page
    assert "labelled-file-note" not in page  # RXF is not synthetic: no note about the file


def test_the_public_page_filters_and_names_what_it_cannot_read(web: TestClient) -> None:
    staff = web.get(PAGE, params={"group": "staff"})
    assert staff.status_code == 200
    assert re.search(r'id="feedback-count">\s*1 matching the filters', staff.text)
    community = web.get(PAGE, params={"service": "Community"})
    assert re.search(r'id="feedback-count">\s*2 matching', community.text)
    bad = web.get(PAGE, params={"group": "visitors", "service": "Nowhere"})
    assert bad.status_code == 422
    assert "Choose a respondent group from the list" in bad.text
    assert "Choose a service from the list" in bad.text
    # The unreadable service is dropped, not applied: the page still shows the feedback.
    assert re.search(r'id="feedback-count">\s*4\s*<', bad.text)


def test_you_said_we_did_shows_the_must_do_and_its_progress(
    world: Database, web: TestClient
) -> None:
    said = "Families said they were not listened to when their relative was moved."
    feedback.answer_theme(
        db=world, actor=OPERATOR, trust=TRUST, theme_name=LISTENING, target=MUST_DO, said=said
    )
    page = web.get(PAGE).text
    section = re.search(r'<section class="nhsuk-card cw-answer".*?</section>', page, re.S)
    assert section is not None
    words = " ".join(_text(section.group(0)).split())
    assert f"You said: {said}" in words
    assert f"We are doing: {MUST_DO_SUMMARY} (must-do {MUST_DO})" in words
    assert "Ask every family to the care plan review: " in words
    assert "Last evidenced:" in words
    assert f'/trusts/{TRUST}/improvement-plan/public"' in section.group(0)


def test_a_synthetic_trust_with_the_public_labelled_file_says_where_its_comments_come_from(
    world: Database, web: TestClient, shared_data: Path
) -> None:
    """The real labelled comments (2,812 of NHFT's, June 2021 to May 2022) under a synthetic
    trust: the page says they are real comments published by NHS England's project, draws
    the top themes with their Making Data Count icon (twelve months), and shows none of the
    personal data the file's comments hold."""
    labelled = shared_data / "pxtextmining" / "v6framework_230831.csv"
    if not labelled.is_file():
        pytest.skip("the public labelled comments are not in the shared data")
    record_provider(db=world, actor=OPERATOR, provider_id="SYNFB", name="Made-up Trust",
                    synthetic=True)  # fmt: skip
    batch = read_feedback_csv(labelled, trust="SYNFB", file_trust="NHFT")
    feedback.import_feedback(db=world, actor=OPERATOR, batch=batch)
    page = web.get("/trusts/SYNFB/feedback").text
    assert 'id="labelled-file-note"' in page
    assert "published with their themes and sentiment by NHS England" in _text(page)
    assert re.search(r'id="feedback-count">\s*2812\s*<', page)
    assert page.count('class="cw-small-multiple"') == 6
    assert page.count('class="cw-mdc-icon') == 6
    # The file's comments as given, where the redactor found personal data, stay off the page.
    found = [r for r in batch.records if redact(r.item.text).spans]
    assert found
    for record in found:
        assert html.escape(record.item.text) not in page


def test_a_synthetic_trust_with_other_comments_says_nothing_of_the_public_file(
    world: Database, web: TestClient
) -> None:
    record_provider(db=world, actor=OPERATOR, provider_id="SYNFC", name="Made-up Trust",
                    synthetic=True)  # fmt: skip
    add_comments(world, "SYNFC", WORLD[1:], name="syn.csv")
    page = web.get("/trusts/SYNFC/feedback").text
    assert re.search(r'id="feedback-count">\s*3\s*<', page)
    assert "labelled-file-note" not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        (("trust_viewer", "RAA"), 403),
        (("regulator", "CQC"), 403),
        (("oversight", "NHSE"), 403),
        (("admin", TRUST), 403),
    ],
)
def test_the_comments_one_by_one_are_for_the_trusts_own_roles(
    world: Database, web: TestClient, who: tuple[str, str] | None, status: int
) -> None:
    if who:
        sign_in_as(web, world, role=who[0], organisation=who[1])
    for path in (COMMENTS, f"{COMMENTS}?with_text=yes", f"{COMMENTS}/FB-1"):
        response = web.get(path)
        assert response.status_code == status, path
        _no_words_as_given(response.text)


def test_the_trusts_viewer_reads_comments_redacted_unless_asking_each_read_audited(
    world: Database, web: TestClient
) -> None:
    sign_in_as(web, world, role="trust_viewer", organisation=TRUST)
    before = head(world)
    listed = web.get(COMMENTS)
    assert listed.status_code == 200, listed.text
    _no_words_as_given(listed.text)
    assert REDACTED in _text(listed.text)
    assert re.search(r'id="comment-count"[^>]*>\s*4 comments', listed.text)
    assert 'id="show-as-given"' in listed.text
    assert appended(world, before) == []
    as_given = web.get(COMMENTS, params={"with_text": "yes"})
    assert AS_GIVEN in _text(as_given.text)
    one = web.get(f"{COMMENTS}/FB-1", params={"with_text": "yes"})
    assert AS_GIVEN in _text(one.text)
    assert [(e.action, e.entity_id) for e in appended(world, before)] == [
        ("feedback_text.read", TRUST),
        ("feedback_text.read", f"{TRUST}/FB-1"),
    ]
    # A viewer sees no correction form.
    assert 'id="correction-form"' not in one.text


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"theme": MANNER}, ["FB-3", "FB-1"]),
        ({"group": "staff"}, ["FB-3"]),
        ({"service": "Community", "sentiment": "positive"}, ["FB-4"]),
    ],
)
def test_the_comments_filter(
    world: Database, web: TestClient, params: dict[str, str], shown: list[str]
) -> None:
    sign_in_as(web, world, role="trust_viewer", organisation=TRUST)
    page = web.get(COMMENTS, params=params).text
    assert re.findall(r'/feedback/comments/(FB-\d)"', page) == shown


def test_a_comments_filter_that_cannot_be_read_is_named(world: Database, web: TestClient) -> None:
    sign_in_as(web, world, role="trust_viewer", organisation=TRUST)
    response = web.get(COMMENTS, params={"theme": "Wheels", "sentiment": "cross", "page": "x"})
    assert response.status_code == 422
    for message in (
        "Choose a theme from the list",
        "Choose positive, neutral or mixed, or negative",
        "Enter a page number, for example 2",
    ):
        assert message in response.text


def test_an_editor_corrects_labels_through_the_form(world: Database, web: TestClient) -> None:
    sign_in_as(web, world, role="trust_editor", organisation=TRUST)
    form = web.get(f"{COMMENTS}/FB-1")
    assert 'id="correction-form"' in form.text
    response = web.post(
        f"{COMMENTS}/FB-1/corrections",
        data={
            "csrf_token": _token(form.text),
            "remove": MANNER,
            "add": "Staff continuity",
            "sentiment": "4",
            "reason": "About who was on shift",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{COMMENTS}/FB-1?saved=corrected#labels-heading"
    shown = web.get(response.headers["location"]).text
    assert "Your correction was saved" in shown
    themes = re.search(r'id="comment-themes">(.*?)</ul>', shown, re.S)
    assert themes is not None
    assert " ".join(_text(themes.group(1)).split()) == "Staff continuity: corrected by a person"
    assert _themes(world) == ["Staff continuity"]
    item = feedback.feedback_item(db=world, trust=TRUST, reference="FB-1")
    assert item.sentiment_scale is not None
    assert item.sentiment_scale.value == "4"


def test_a_refused_correction_is_shown_again_with_the_reason(
    world: Database, web: TestClient
) -> None:
    sign_in_as(web, world, role="trust_editor", organisation=TRUST)
    token = _token(web.get(f"{COMMENTS}/FB-1").text)
    # Nothing ticked, chosen or changed: refused, naming the theme to add.
    response = web.post(
        f"{COMMENTS}/FB-1/corrections",
        data={"csrf_token": token, "reason": "no change"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "nothing to change" in response.text
    assert 'href="#add"' in response.text
    wrong = web.post(
        f"{COMMENTS}/FB-1/corrections",
        data={"csrf_token": token, "sentiment": "9"},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert "Choose a sentiment from 1 to 5" in wrong.text
    assert _themes(world) == [MANNER]


def test_the_form_needs_the_token_and_the_trusts_editor(world: Database, web: TestClient) -> None:
    path = f"{COMMENTS}/FB-1/corrections"
    data = {"add": "Staff continuity"}
    assert web.post(path, data=data, follow_redirects=False).status_code == 401
    sign_in_as(web, world, role="trust_viewer", organisation=TRUST)
    token = _token(web.get(PAGE).text)  # the session's, from the sign-out form
    assert web.post(path, data={**data, "csrf_token": token}).status_code == 403
    sign_in_as(web, world, role="trust_editor", organisation=TRUST)
    assert web.post(path, data={**data, "csrf_token": "1.forged"}).status_code == 403
    token = _token(web.get(f"{COMMENTS}/FB-1").text)
    cross_site = web.post(
        path, data={**data, "csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403
    assert web.post(f"{COMMENTS}/NOPE/corrections", data=data).status_code == 404
    assert _themes(world) == [MANNER]


def test_a_trust_without_feedback_says_so(web: TestClient) -> None:
    response = web.get("/trusts/SYN02/feedback")
    assert response.status_code == 200
    assert "No feedback is recorded for this trust." in response.text
    assert '<svg class="cw-chart"' not in response.text
    assert web.get("/trusts/NOPE9/feedback").status_code == 404
