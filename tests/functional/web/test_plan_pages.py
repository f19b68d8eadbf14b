"""The improvement plan pages, forms and exports on the worked example, on SQLite and
PostgreSQL (`demo_client`): the plan with its filters, the public page, an action's page,
the forms that move an action, add and verify evidence (with their token and the read-only
mode), the evidence download, "my actions" and the CSV and Excel routes.

Beside the worked example, each test that needs one records a finding and an action of its
own through the plan service (`made_up`), with a named owner below the board, a named board
member and named suppliers of evidence, so the public page can be checked against names that
are really stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import warnings
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.domain.access import Actor as _WriterActor
from carewatch.domain.plans import ActionStatus
from carewatch.services import plans
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.cli.test_serve import serving
from tests.functional.web.conftest import OPERATOR, database_url, sign_in_as

WRITER = _WriterActor.operator("tests")

TODAY = dt.date.today()
PLAN = "/trusts/RMY/improvement-plan"


@pytest.fixture
def made_up(demo_db: Database) -> int:
    """A must-do of RMY with one open action owned by a named ward manager (not on the board),
    another owned by a named board member, and a note supplied by a named nurse; the id of
    the first action."""
    plans.record_finding(
        db=demo_db,
        provider_id="RMY",
        reference="TEST-MD1",
        kind="must_do",
        report_words="The trust must ensure that ward doors are secure. (Regulation 15)",
        public_summary="Make ward doors secure.",
        regulation="15",
        report_date=TODAY - dt.timedelta(days=30),
        actor=WRITER,
    )
    first = plans.record_action(
        db=demo_db,
        provider_id="RMY",
        finding_reference="TEST-MD1",
        reference="A1",
        title="Fit new locks to the ward doors",
        owner_role="Ward manager, Test Ward",
        owner_person="Alex Testperson",
        opened=TODAY - dt.timedelta(days=20),
        due=TODAY + dt.timedelta(days=40),
        notes="Internal: locksmith quote awaited",
        actor=WRITER,
    )
    plans.record_action(
        db=demo_db,
        provider_id="RMY",
        finding_reference="TEST-MD1",
        reference="A2",
        title="Report the door survey to the board",
        owner_role="Chief nurse",
        owner_person="Dana Boardmember",
        owner_is_board_member=True,
        opened=TODAY - dt.timedelta(days=20),
        due=TODAY + dt.timedelta(days=60),
        actor=WRITER,
    )
    plans.add_evidence(
        db=demo_db,
        action_id=first,
        kind="note",
        supplied_by="Sam Nursename",
        uploaded_at=dt.datetime.combine(TODAY - dt.timedelta(days=2), dt.time(9), dt.UTC),
        effective_from=TODAY - dt.timedelta(days=2),
        note="Private note about the door survey",
        actor=WRITER,
    )
    return first


@pytest.fixture
def read_only_client(demo_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(database_url=database_url(demo_db), read_only=True)) as client:
        yield client


def text_of(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form token"
    return match.group(1)


# --- the plan -------------------------------------------------------------------------------


def test_the_plan_groups_actions_by_finding_with_must_dos_first(demo_client: TestClient) -> None:
    response = demo_client.get(f"{PLAN}?as_of=2020-12-31")
    assert response.status_code == 200
    html = response.text
    assert '<a href="/trusts/RMY/improvement-plan" aria-current="page"' in html
    headings = re.findall(r'<span class="nhsuk-caption-m">(Must do|Should do) ([^ <]+)', html)
    kinds = [kind for kind, _ in headings]
    assert kinds == sorted(kinds, key=lambda k: k != "Must do")
    assert ("Must do", "2020-MD1") in headings
    page = text_of(html)
    assert "A1: Survey, repair and secure the learning disability inpatient ward environments" in (
        page
    )
    assert "Head of estates" in page
    plan = plans.improvement_plan(
        db=demo_client.app.state.database,
        provider_id="RMY",
        as_of=dt.date(2020, 12, 31),
        actor=OPERATOR,
    )
    for action in plan.actions:
        row = re.search(
            rf'<tr class="nhsuk-table__row" id="action-{action.id}">(.*?)</tr>', html, re.S
        )
        assert row, f"no row for action {action.id}"
        cells = text_of(row.group(1))
        assert action.status.label in cells
        assert action.rag_label in cells or (action.rag is None and "No RAG" in cells)
        assert str(action.evidence_count) in cells
        for metric in action.metrics:
            assert f'href="/trusts/RMY/performance/{metric.metric_code}"' in row.group(1)


def test_filters_work_from_the_query_string(demo_client: TestClient) -> None:
    day = "2020-12-31"
    plan = plans.improvement_plan(
        db=demo_client.app.state.database,
        provider_id="RMY",
        as_of=dt.date(2020, 12, 31),
        actor=OPERATOR,
    )
    closed = {a.id for a in plan.actions if a.status is ActionStatus.CLOSED}
    assert closed, "the worked example has closed actions by the end of 2020"
    html = demo_client.get(f"{PLAN}?status=closed&as_of={day}").text
    shown = {int(i) for i in re.findall(r'<tr class="nhsuk-table__row" id="action-(\d+)">', html)}
    assert shown == closed
    overdue = {a.id for a in plan.actions if a.overdue}
    html = demo_client.get(f"{PLAN}?overdue=yes&as_of={day}").text
    shown = {int(i) for i in re.findall(r'<tr class="nhsuk-table__row" id="action-(\d+)">', html)}
    assert shown == overdue


def test_an_unreadable_filter_is_shown_as_an_error_not_a_failure(demo_client: TestClient) -> None:
    response = demo_client.get(f"{PLAN}?as_of=31/13/2020&status=nonsense")
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert (
        '<a href="#as_of">Enter a real date, for example 31 December 2020 or 31/12/2020</a>'
        in response.text
    )
    assert '<a href="#status">Choose a status from the list</a>' in response.text


@pytest.mark.parametrize("written", ["2020-12-31", "31/12/2020", "31 December 2020", "31 Dec 2020"])
def test_the_as_of_filter_reads_a_date_as_people_in_the_uk_write_it(
    demo_client: TestClient, written: str
) -> None:
    response = demo_client.get(PLAN, params={"as_of": written})
    assert response.status_code == 200
    assert 'as of <time datetime="2020-12-31">31 December 2020</time>.' in response.text
    # The form gives the date back in one spelling, and the exports ask for the same day.
    assert 'value="2020-12-31"' in response.text
    assert "improvement-plan.csv?as_of=2020-12-31" in response.text


def test_an_unknown_trust_is_a_404(demo_client: TestClient) -> None:
    assert demo_client.get("/trusts/RZZZ/improvement-plan").status_code == 404
    assert demo_client.get("/trusts/RZZZ/improvement-plan/public").status_code == 404


# --- the public page ------------------------------------------------------------------------


def test_the_public_page_names_no_staff_below_the_board(
    demo_client: TestClient, made_up: int
) -> None:
    db = demo_client.app.state.database
    html = demo_client.get(f"{PLAN}/public").text
    page = text_of(html)
    plan = plans.improvement_plan(db=db, provider_id="RMY", actor=OPERATOR)
    below_board = {
        a.owner.person for a in plan.actions if a.owner.person and not a.owner.board_member
    }
    board = {a.owner.person for a in plan.actions if a.owner.person and a.owner.board_member}
    assert below_board == {"Alex Testperson"}
    assert board == {"Dana Boardmember"}
    for name in below_board:
        assert name not in page
    for name in board:
        assert name in page
    details = [plans.action_detail(db=db, action_id=a.id, actor=OPERATOR) for a in plan.actions]
    suppliers = {e.supplied_by for d in details for e in d.evidence} | {
        e.verified_by for d in details for e in d.evidence if e.verified_by
    }
    assert "Sam Nursename" in suppliers
    roles = {a.owner.role for a in plan.actions}  # roles are public; people are not
    for name in suppliers - roles:
        assert name not in page
    notes = {d.notes for d in details if d.notes} | {
        e.note for d in details for e in d.evidence if e.note
    }
    assert "Internal: locksmith quote awaited" in notes
    for note in notes:
        assert note not in page
    assert "Make ward doors secure." in page
    assert "/files/" not in html


def test_the_public_page_gives_each_must_do_its_progress_and_last_evidence(
    demo_client: TestClient,
) -> None:
    db = demo_client.app.state.database
    public = plans.public_plan(db=db, provider_id="RMY", as_of=dt.date(2021, 6, 30))
    page = text_of(demo_client.get(f"{PLAN}/public?as_of=2021-06-30").text)
    assert f"{len(public.must_dos)} must-dos." in page
    for must_do in public.must_dos:
        assert must_do.summary in page
        assert must_do.progress in page


# --- an action's page -----------------------------------------------------------------------


def test_an_action_page_shows_history_milestones_evidence_and_escalations(
    demo_client: TestClient,
) -> None:
    db = demo_client.app.state.database
    plan = plans.improvement_plan(
        db=db, provider_id="RMY", as_of=dt.date(2021, 6, 30), actor=OPERATOR
    )
    action = next(
        a for a in plan.actions if a.finding_reference == "2020-MD4" and a.reference == "A2"
    )
    detail = plans.action_detail(
        db=db, action_id=action.id, as_of=dt.date(2021, 6, 30), actor=OPERATOR
    )
    html = demo_client.get(f"{PLAN}/actions/{action.id}?as_of=2021-06-30").text
    page = text_of(html)
    assert action.title in page
    for entry in detail.history:
        assert re.search(rf'id="history-{entry.seq}">', html)
    for milestone in detail.milestones:
        assert milestone.title in page
    for evidence in detail.evidence:
        assert f'id="evidence-{evidence.id}"' in html
    assert len(re.findall(r'<tr class="nhsuk-table__row" id="history-\d+">', html)) == len(
        detail.history
    )


def test_an_action_of_another_trust_is_not_found_under_this_one(
    demo_client: TestClient, made_up: int
) -> None:
    assert demo_client.get(f"/trusts/SYN01/improvement-plan/actions/{made_up}").status_code == 404
    assert demo_client.get(f"{PLAN}/actions/0").status_code == 404
    assert demo_client.get(f"{PLAN}/actions/99999999").status_code == 404


def test_an_evidence_file_downloads_as_an_attachment(demo_client: TestClient) -> None:
    db = demo_client.app.state.database
    plan = plans.improvement_plan(
        db=db, provider_id="RMY", as_of=dt.date(2021, 12, 31), actor=OPERATOR
    )
    with_file = [
        (a.id, e)
        for a in plan.actions
        for e in plans.action_detail(
            db=db, action_id=a.id, as_of=dt.date(2021, 12, 31), actor=OPERATOR
        ).evidence
        if e.file_sha256
    ]
    assert with_file, "the worked example has evidence files"
    action_id, evidence = with_file[0]
    file_url = f"{PLAN}/actions/{action_id}/files/{evidence.file_sha256}"
    assert demo_client.get(file_url).status_code == 401  # the public: sign in first
    sign_in_as(demo_client, db, role="trust_viewer", organisation="RAA")
    assert demo_client.get(file_url).status_code == 403  # another trust's board member
    sign_in_as(demo_client, db, role="trust_viewer", organisation="RMY")
    response = demo_client.get(file_url)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith(
        f'attachment; filename="{evidence.filename}"'
    )
    stored = plans.evidence_file(db=db, sha256=str(evidence.file_sha256), actor=OPERATOR)
    assert response.content == stored.content
    other = next(a.id for a in plan.actions if a.id != action_id)
    missing = demo_client.get(f"{PLAN}/actions/{other}/files/{evidence.file_sha256}")
    assert missing.status_code == 404
    assert demo_client.get(f"{PLAN}/actions/{action_id}/files/not-a-hash").status_code == 404


def test_the_public_action_page_describes_withheld_evidence_without_blanks(
    demo_client: TestClient, made_up: int
) -> None:
    """The public sees that a file, link or note exists and when it came, not an empty name,
    a dangling comma or a link to a file it may not open."""
    db = demo_client.app.state.database
    plan = plans.improvement_plan(
        db=db, provider_id="RMY", as_of=dt.date(2021, 12, 31), actor=OPERATOR
    )
    action = next(a for a in plan.actions if a.finding_reference == "2020-MD4")
    detail = plans.action_detail(
        db=db, action_id=action.id, as_of=dt.date(2021, 12, 31), actor=OPERATOR
    )
    files = [e for e in detail.evidence if e.file_sha256]
    assert files, "the worked example's medicines audit has files"
    public = demo_client.get(f"{PLAN}/actions/{action.id}?as_of=2021-12-31").text
    assert "None" not in text_of(public)
    assert "/files/" not in public
    assert not re.search(r'<td class="nhsuk-table__cell">\s*,', public)
    assert text_of(public).count("open to the trust's staff and regulators") == len(files)
    for e in files:
        assert e.file_sha256 not in public
    notes = plans.action_detail(db=db, action_id=made_up, actor=OPERATOR)
    page = text_of(demo_client.get(f"{PLAN}/actions/{made_up}").text)
    assert any(e.note for e in notes.evidence)
    assert "A note, shown to the trust's staff and regulators" in page
    assert "Note: ," not in page
    assert "Note: \n" not in page
    sign_in_as(demo_client, db, role="trust_viewer", organisation="RMY")
    staff = demo_client.get(f"{PLAN}/actions/{action.id}?as_of=2021-12-31").text
    for e in files:
        assert f"/files/{e.file_sha256}" in staff
        assert f"SHA-256 {e.file_sha256}" in staff
    note = re.search(r'<p class="nhsuk-body-s" id="sign-in-note">(.*?)</p>', staff, re.S)
    assert note is not None
    assert "Sign in" not in note.group(1)
    assert "You are signed in as" in note.group(1)


# --- the forms ------------------------------------------------------------------------------


def test_walk_an_action_from_open_to_verified_through_the_forms(
    demo_client: TestClient, made_up: int
) -> None:
    db = demo_client.app.state.database
    editor = sign_in_as(demo_client, db, role="trust_editor")
    url = f"{PLAN}/actions/{made_up}"
    form_page = demo_client.get(url).text
    assert f"Recorded as {editor.label}" in form_page  # no name to type: the signed-in user
    token = token_in(form_page)
    moved = demo_client.post(
        f"{url}/move",
        data={
            "csrf_token": token,
            "to": "in_progress",
            "on": TODAY.isoformat(),
            "by": "Ward manager",
        },
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert moved.headers["location"] == f"{url}?saved=moved"
    page = demo_client.get(moved.headers["location"]).text
    assert "The action&#39;s status was changed." in page
    assert re.search(r'id="action-status">.*In progress', page)

    upload = demo_client.post(
        f"{url}/evidence",
        data={
            "csrf_token": token,
            "kind": "file",
            "title": "Locksmith's certificate",
            "supplied_by": "Ward manager",
            "effective_from": TODAY.isoformat(),
        },
        files={
            "file": ("certificate.txt", b"All ward doors fitted with new locks.\n", "text/plain")
        },
        follow_redirects=False,
    )
    assert upload.status_code == 303
    assert upload.headers["location"].endswith("?saved=evidence")
    again = demo_client.post(
        f"{url}/evidence",
        data={"csrf_token": token, "kind": "file", "supplied_by": "Ward manager"},
        files={"file": ("copy.txt", b"All ward doors fitted with new locks.\n", "text/plain")},
        follow_redirects=False,
    )
    assert again.headers["location"].endswith("?saved=duplicate")

    early = demo_client.post(
        f"{url}/move",
        data={"csrf_token": token, "to": "verified", "on": TODAY.isoformat(), "by": "Chief nurse"},
    )
    assert early.status_code == 422
    assert "There is a problem" in early.text

    submitted = demo_client.post(
        f"{url}/move",
        data={"csrf_token": token, "to": "evidence_submitted", "by": "Ward manager"},
        follow_redirects=False,
    )
    assert submitted.status_code == 303
    detail = plans.action_detail(
        db=demo_client.app.state.database, action_id=made_up, actor=OPERATOR
    )
    certificate = next(e for e in detail.evidence if e.filename == "certificate.txt")
    verify = f"{url}/evidence/{certificate.id}/verify"
    own = demo_client.post(
        verify, data={"csrf_token": token, "verdict": "accepted", "by": "Chief nurse"}
    )
    assert own.status_code == 422  # the supplier, whatever name is typed
    assert "verified by someone other than its supplier" in own.text
    sign_in_as(demo_client, db, role="trust_editor")  # a colleague verifies
    token = token_in(demo_client.get(url).text)
    accepted = demo_client.post(
        verify,
        data={"csrf_token": token, "verdict": "accepted"},
        follow_redirects=False,
    )
    assert accepted.status_code == 303
    done = demo_client.post(
        f"{url}/move",
        data={"csrf_token": token, "to": "verified", "by": "Chief nurse"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    detail = plans.action_detail(
        db=demo_client.app.state.database, action_id=made_up, actor=OPERATOR
    )
    assert detail.summary.status is ActionStatus.VERIFIED
    assert next(e for e in detail.evidence if e.filename == "certificate.txt").supplied_by == (
        editor.label
    )
    assert detail.history[0].by == editor.label
    assert [h.to for h in detail.history] == [
        ActionStatus.IN_PROGRESS,
        ActionStatus.EVIDENCE_SUBMITTED,
        ActionStatus.VERIFIED,
    ]


def test_a_post_without_a_good_token_or_from_another_site_is_refused(
    demo_client: TestClient, made_up: int
) -> None:
    url = f"{PLAN}/actions/{made_up}"
    form = {"to": "in_progress"}
    public = demo_client.get(url).text
    assert "Sign in</a> as a member of the trust" in public
    assert '<form method="post" action="/trusts' not in public  # no forms for the public
    assert demo_client.post(f"{url}/move", data=form).status_code == 401
    db = demo_client.app.state.database
    sign_in_as(demo_client, db, role="trust_editor", organisation="RAA")
    token = token_in(demo_client.get(url).text)  # the sign-out form's: another trust's editor
    refused = demo_client.post(f"{url}/move", data={**form, "csrf_token": token})
    assert refused.status_code == 403  # another trust's editor
    sign_in_as(demo_client, db, role="trust_editor")
    token = token_in(demo_client.get(url).text)
    assert demo_client.post(f"{url}/move", data=form).status_code == 403  # no token
    forged = "0" * len(token)
    assert demo_client.post(f"{url}/move", data={**form, "csrf_token": forged}).status_code == 403
    cross_site = demo_client.post(
        f"{url}/move",
        data={**form, "csrf_token": token},
        headers={"origin": "https://elsewhere.example"},
    )
    assert cross_site.status_code == 403
    detail = plans.action_detail(
        db=demo_client.app.state.database, action_id=made_up, actor=OPERATOR
    )
    assert detail.summary.status is ActionStatus.OPEN


def test_a_form_with_a_missing_field_names_it(demo_client: TestClient, made_up: int) -> None:
    sign_in_as(demo_client, demo_client.app.state.database, role="trust_editor")
    url = f"{PLAN}/actions/{made_up}"
    token = token_in(demo_client.get(url).text)
    response = demo_client.post(
        f"{url}/evidence", data={"csrf_token": token, "kind": "file", "supplied_by": "Ward manager"}
    )
    assert response.status_code == 422
    assert '<a href="#file">Choose a file to upload</a>' in response.text
    bad_link = demo_client.post(
        f"{url}/evidence",
        data={
            "csrf_token": token,
            "kind": "link",
            "url": "javascript:alert(1)",
            "supplied_by": "x",
        },
    )
    assert bad_link.status_code == 422
    assert "starting with https://" in bad_link.text


def test_a_read_only_site_shows_no_forms_and_refuses_posts(
    read_only_client: TestClient, made_up: int
) -> None:
    url = f"{PLAN}/actions/{made_up}"
    html = read_only_client.get(url).text
    assert '<form method="post"' not in html
    assert "read-only" in html
    response = read_only_client.post(f"{url}/move", data={"to": "in_progress"})
    assert response.status_code == 403
    detail = plans.action_detail(
        db=read_only_client.app.state.database, action_id=made_up, actor=OPERATOR
    )
    assert detail.summary.status is ActionStatus.OPEN


def test_the_plan_and_an_action_as_of_a_past_day_show_no_forms_to_change_them(
    demo_client: TestClient, made_up: int
) -> None:
    db = demo_client.app.state.database
    sign_in_as(demo_client, db, role="trust_editor")
    url = f"{PLAN}/actions/{made_up}"
    today = demo_client.get(url).text
    # The editor may work this action today: the forms are there...
    assert 'id="move-form"' in today
    assert 'action="' + url + '/evidence"' in today
    assert 'id="historical-note"' not in today
    # ...and an as_of of today is today's page.
    # (Today taken now, not when the module was imported: the suite may cross midnight.)
    now = dt.date.today()
    assert 'id="move-form"' in demo_client.get(f"{url}?as_of={now.isoformat()}").text
    yesterday = (now - dt.timedelta(days=1)).isoformat()
    past = demo_client.get(f"{url}?as_of={yesterday}").text
    assert '<form method="post"' not in past.split('id="maincontent"')[1]
    assert 'id="move-form"' not in past
    note = re.search(r'<p class="nhsuk-body-s" id="historical-note">(.*?)</p>', past, re.S)
    assert note is not None
    assert f'href="{url}"' in note.group(1)
    plan = demo_client.get(f"{PLAN}?as_of={yesterday}").text
    assert '<form method="post"' not in plan.split('id="maincontent"')[1]


# --- my actions and the exports -------------------------------------------------------------


def test_my_actions_lists_owners_to_choose_from_and_their_actions(
    demo_client: TestClient, made_up: int
) -> None:
    first = demo_client.get("/improvement-plan/my-actions").text
    assert '<option value="RMY">' in first
    public = demo_client.get("/improvement-plan/my-actions?provider=RMY").text
    assert "Alex Testperson" not in public  # a name below the board is the trust's own
    sign_in_as(demo_client, demo_client.app.state.database, role="trust_viewer")
    listing = demo_client.get("/improvement-plan/my-actions?provider=RMY").text
    assert '<option value="Alex Testperson">' in listing
    assert '<option value="Head of estates">' in listing
    chosen = demo_client.get("/improvement-plan/my-actions?provider=RMY&owner=Alex+Testperson").text
    rows = re.findall(r'href="/trusts/RMY/improvement-plan/actions/(\d+)"', chosen)
    assert rows == [str(made_up)]


def test_the_plan_downloads_as_csv_and_excel(demo_client: TestClient) -> None:
    db = demo_client.app.state.database
    plan = plans.improvement_plan(
        db=db, provider_id="RMY", as_of=dt.date(2021, 6, 30), actor=OPERATOR
    )
    page = demo_client.get(f"{PLAN}?as_of=2021-06-30").text
    assert 'href="/trusts/RMY/improvement-plan.csv?as_of=2021-06-30"' in page
    response = demo_client.get("/trusts/RMY/improvement-plan.csv?as_of=2021-06-30")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        'filename="RMY-improvement-plan-2021-06-30.csv"' in response.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    with_actions = [r for r in rows if r["Action"]]
    assert len(with_actions) == len(plan.actions)
    by_title = {r["Action title"]: r for r in with_actions}
    for action in plan.actions:
        assert by_title[action.title]["Status"] == action.status.label
    workbook = demo_client.get("/trusts/RMY/improvement-plan.xlsx?as_of=2021-06-30")
    sheet = load_workbook(io.BytesIO(workbook.content))["Actions"]
    assert sheet.max_row == len(rows) + 1
    bad = demo_client.get("/trusts/RMY/improvement-plan.csv?as_of=yesterday")
    assert bad.status_code == 422


def test_carewatch_serve_read_only_hides_forms_and_refuses_posts(
    tmp_path: Path, sqlite_demo_template: Path
) -> None:
    path = tmp_path / "public.db"
    shutil.copyfile(sqlite_demo_template, path)
    with serving("--db", f"sqlite:///{path}", "--read-only") as (base, output):
        page = httpx.get(f"{base}{PLAN}/actions/1")
        assert page.status_code == 200
        assert 'method="post"' not in page.text
        refused = httpx.post(f"{base}{PLAN}/actions/1/move", data={"to": "in_progress"})
        assert refused.status_code == 403
    assert f"carewatch is serving at {base}/, read-only" in output["stdout"]


def test_overdue_says_what_is_late_beside_a_due_date_still_to_come(
    demo_client: TestClient,
) -> None:
    # On 1 December 2020 one action is due on 31 March 2021, months ahead, but the monthly
    # evidence due by 14 August 2020 never came: it says so, not "N days overdue".
    page = demo_client.get(f"{PLAN}?as_of=2020-12-01").text
    row = page.split("31 March 2021")[1].split("</td>")[0]
    assert "Overdue:</strong> recurring evidence missing for 1 period, the first due" in row
    assert "14 August 2020" in row
    assert "days overdue" not in page
    # Once an action's own deadline has passed, that is what it says.
    later = demo_client.get(f"{PLAN}?as_of=2021-06-01").text
    assert "152 days past its deadline" in later


def test_the_public_plan_says_when_a_must_do_was_closed_and_why_none_have_actions(
    demo_client: TestClient,
) -> None:
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", demo_client.get(
        "/trusts/RMY/improvement-plan/public"
    ).text)))  # fmt: skip
    # 2020-MD1: its one action was due 30 September 2020, evidenced in time, closed in
    # November after verification; 2020-MD2's came after its due date.
    assert "Closed on 26 November 2020 , evidence given by its due date" in text
    assert "Closed on 29 July 2021 , late: evidence given after its due date" in text
    # The 2015 themes have no actions: the page says why instead of "No actions" alone.
    assert "No actions were published or entered for this must-do. CQC reported on the " \
        "trust again on 1 October 2016" in text  # fmt: skip
    assert "No actions published yet." not in text
