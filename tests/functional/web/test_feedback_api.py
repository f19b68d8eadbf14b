"""The feedback API on SQLite and PostgreSQL: the public summary and the redacted comments for
anyone, never the words as given; the words as given (`with_text=true`) and people's
corrections only for the trust's own editors and viewers (401 for the public, 403 for other
trusts' roles, the national roles and administrators), each read audited once; and, with a
bearer token of the trust's editor, label corrections and "you said, we did", refused as the
command line refuses them.

The world is the worked example with the trust RXF and its four comments of `feedback_support`
(FB-1 names a nurse and gives a phone number).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import appended, head
from tests.functional.web.conftest import TEST_HOSTS, TestClient, bearer, database_url, sign_in_as
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
    add_world,
)

API = f"/api/v1/trusts/{TRUST}/feedback"


@pytest.fixture
def world(demo_db: Database) -> Database:
    add_world(demo_db)
    return demo_db


@pytest.fixture
def api(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


def _no_words_as_given(text: str) -> None:
    assert NAME not in text
    assert PHONE not in text
    assert "Jane" not in text


def test_the_summary_is_public_and_holds_only_redacted_words(api: TestClient) -> None:
    response = api.get(API)
    assert response.status_code == 200, response.text
    _no_words_as_given(response.text)
    body = response.json()
    assert body["comments"] == 4
    assert (body["first"], body["last"]) == ("2024-01-10", "2024-03-05")
    assert body["by_respondent_group"] == {"patient": 2, "family_or_carer": 1, "staff": 1}
    assert body["by_sentiment"] == {"positive": 1, "mixed": 1, "negative": 2}
    themes = {t["theme"]: (t["comments"], t["negative"]) for t in body["themes"]}
    # Staff manner: FB-1 (negative) and FB-3 (mixed); listening: FB-2 (negative), FB-4.
    assert themes[MANNER] == (2, 1)
    assert themes[LISTENING] == (2, 1)
    # Three months (January to March 2024): too few for an XmR chart.
    assert all(len(t["months"]) == 3 and t["variation"] is None for t in body["themes"])
    manner = next(q for q in body["quotes"] if q["theme"] == MANNER)
    assert manner["quotes"][0]["redacted_text"] == REDACTED
    groups = {(g["theme"], g["respondent_group"]): g["comments"] for g in body["groups"]}
    assert groups[MANNER, "patient"] == 1
    assert groups[MANNER, "staff"] == 1
    assert groups[MANNER, "family_or_carer"] == 0


def test_the_summary_filters_by_group_and_service(api: TestClient) -> None:
    staff = api.get(API, params={"respondent_group": "staff"}).json()
    assert (staff["comments"], staff["respondent_group"]) == (1, "staff")
    community = api.get(API, params={"service": "Community"}).json()
    assert community["comments"] == 2
    assert community["services"] == ["Adult mental health", "Community"]
    bad = api.get(API, params={"respondent_group": "everyone"})
    assert bad.status_code == 422
    assert bad.json()["field"] == "respondent_group"


def test_the_list_is_public_redacted_and_counts_every_match(api: TestClient) -> None:
    response = api.get(f"{API}/items")
    assert response.status_code == 200, response.text
    _no_words_as_given(response.text)
    body = response.json()
    assert body["count"] == 4
    # Newest first.
    assert [c["reference"] for c in body["data"]] == ["FB-4", "FB-3", "FB-2", "FB-1"]
    fb1 = body["data"][-1]
    assert fb1["redacted_text"] == REDACTED
    assert fb1["text"] is None
    assert fb1["personal_data_redacted"] == ["name", "phone"]
    assert fb1["themes"] == [{"theme": MANNER, "probability": None, "origin": "source"}]
    page = api.get(f"{API}/items", params={"limit": 1, "offset": 1}).json()
    assert ([c["reference"] for c in page["data"]], page["count"]) == (["FB-3"], 4)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "staff manner & personal attributes"}, ["FB-3", "FB-1"]),
        ({"respondent_group": "family_or_carer"}, ["FB-2"]),
        ({"service": "Community"}, ["FB-4", "FB-3"]),
        ({"sentiment": "negative"}, ["FB-2", "FB-1"]),
        ({"theme": LISTENING, "sentiment": "positive"}, ["FB-4"]),
    ],
)
def test_the_list_filters(api: TestClient, params: dict[str, str], expected: list[str]) -> None:
    body = api.get(f"{API}/items", params=params).json()
    assert [c["reference"] for c in body["data"]] == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"theme": "Wheels"}, "theme"),
        ({"sentiment": "angry"}, "sentiment"),
        ({"respondent_group": "visitor"}, "respondent_group"),
        ({"limit": "201"}, "limit"),
        ({"service": "x" * 201}, "service"),
    ],
)
def test_a_filter_that_cannot_be_read_is_named(
    api: TestClient, params: dict[str, str], field: str
) -> None:
    response = api.get(f"{API}/items", params=params)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_an_unknown_comment_or_trust_is_not_found(api: TestClient) -> None:
    assert api.get(f"{API}/items/NOPE").status_code == 404
    assert api.get("/api/v1/trusts/ZZZ99/feedback").status_code == 404
    assert api.get("/api/v1/trusts/ZZZ99/feedback/items").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 401),
        (("trust_viewer", "RAA"), 403),
        (("trust_editor", "RAA"), 403),
        (("regulator", "CQC"), 403),
        (("oversight", "NHSE"), 403),
        (("admin", TRUST), 403),
    ],
)
def test_only_the_trusts_own_roles_read_the_words_as_given(
    world: Database, api: TestClient, who: tuple[str, str] | None, status: int
) -> None:
    headers = bearer(world, role=who[0], organisation=who[1]) if who else {}
    before = head(world)
    for path, params in (
        ("/items", {"with_text": "true"}),
        ("/items/FB-1", {"with_text": "true"}),
        ("/corrections", {}),
    ):
        response = api.get(f"{API}{path}", params=params, headers=headers)
        assert response.status_code == status, (path, response.text)
        _no_words_as_given(response.text)
        # Without the words as given, the same role reads the redacted list and comment.
        if path != "/corrections":
            assert api.get(f"{API}{path}", headers=headers).status_code == 200
    assert [e for e in appended(world, before) if e.action.endswith(".read")] == []


@pytest.mark.parametrize("role", ["trust_viewer", "trust_editor"])
def test_the_trusts_own_roles_read_the_words_as_given_each_read_audited(
    world: Database, api: TestClient, role: str
) -> None:
    headers = bearer(world, role=role, organisation=TRUST)
    before = head(world)
    listed = api.get(f"{API}/items", params={"with_text": "true"}, headers=headers)
    assert listed.status_code == 200, listed.text
    fb1 = next(c for c in listed.json()["data"] if c["reference"] == "FB-1")
    assert (fb1["text"], fb1["redacted_text"]) == (AS_GIVEN, REDACTED)
    one = api.get(f"{API}/items/FB-1", params={"with_text": "yes"}, headers=headers)
    assert one.json()["text"] == AS_GIVEN
    reads = appended(world, before)
    assert [(e.action, e.entity_id) for e in reads] == [
        ("feedback_text.read", TRUST),
        ("feedback_text.read", f"{TRUST}/FB-1"),
    ]
    # Redacted reads are not audited.
    since = head(world)
    api.get(f"{API}/items", headers=headers)
    assert appended(world, since) == []


def test_an_editor_corrects_labels_with_a_bearer_token(world: Database, api: TestClient) -> None:
    editor = bearer(world, role="trust_editor", organisation=TRUST)
    path = f"{API}/items/FB-1/corrections"
    body = {
        "add": ["staff continuity"],
        "remove": [MANNER],
        "sentiment": 4,
        "reason": "About who was on shift, not manner",
    }
    response = api.post(path, json=body, headers=editor)
    assert response.status_code == 201, response.text
    corrected = response.json()
    assert corrected["themes"] == [
        {"theme": "Staff continuity", "probability": None, "origin": "person"}
    ]
    assert (corrected["sentiment"], corrected["sentiment_scale"]) == ("negative", 4)
    assert corrected["sentiment_origin"] == "person"
    _no_words_as_given(response.text)
    # The corrections, with the words as given, for the trust's own viewer.
    viewer = bearer(world, role="trust_viewer", organisation=TRUST)
    corrections = api.get(f"{API}/corrections", headers=viewer).json()
    assert corrections["count"] == 3
    assert {(c["kind"], c["value"], c["previous"]) for c in corrections["data"]} == {
        ("theme_added", "Staff continuity", ""),
        ("theme_removed", MANNER, MANNER),
        ("sentiment", "4", "5"),
    }
    assert {c["text"] for c in corrections["data"]} == {AS_GIVEN}
    # The same again changes nothing: refused, naming the field.
    again = api.post(path, json={"add": ["Staff continuity"]}, headers=editor)
    assert (again.status_code, again.json()["field"]) == (422, "add")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"add": ["Wheels"]}, "add"),
        ({"remove": ["Parking"]}, "remove"),
        ({"sentiment": 6}, "sentiment"),
        ({"add": ["x" * 101]}, "add"),
        ({"reason": "x" * 2001}, "reason"),
    ],
)
def test_a_correction_that_cannot_be_made_is_refused_naming_the_field(
    world: Database, api: TestClient, body: dict[str, object], field: str
) -> None:
    editor = bearer(world, role="trust_editor", organisation=TRUST)
    response = api.post(f"{API}/items/FB-1/corrections", json=body, headers=editor)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_writes_need_the_trusts_editors_bearer_token(world: Database, api: TestClient) -> None:
    body = {"add": ["Staff continuity"]}
    path = f"{API}/items/FB-1/corrections"
    assert api.post(path, json=body).status_code == 401
    viewer = bearer(world, role="trust_viewer", organisation=TRUST)
    assert api.post(path, json=body, headers=viewer).status_code == 403
    other = bearer(world, role="trust_editor", organisation="RAA")
    assert api.post(path, json=body, headers=other).status_code == 403
    editor = bearer(world, role="trust_editor", organisation=TRUST)
    assert api.post(f"{API}/items/NOPE/corrections", json=body, headers=editor).status_code == 404
    # A signed-in browser's cookie does not authorise the API's writes.
    sign_in_as(api, world, role="trust_editor", organisation=TRUST)
    assert api.post(path, json=body).status_code == 401
    answer = {"theme": LISTENING, "must_do": MUST_DO, "said": "Families felt unheard."}
    assert api.post(f"{API}/answers", json=answer).status_code == 401


def test_you_said_we_did_through_the_api(world: Database, api: TestClient) -> None:
    editor = bearer(world, role="trust_editor", organisation=TRUST)
    said = "Families said they were not listened to when their relative was moved."
    response = api.post(
        f"{API}/answers",
        json={"theme": LISTENING.lower(), "must_do": MUST_DO, "said": said},
        headers=editor,
    )
    assert response.status_code == 201, response.text
    answer = response.json()
    assert (answer["theme"], answer["must_do"], answer["said"]) == (LISTENING, MUST_DO, said)
    assert answer["must_do_summary"] == MUST_DO_SUMMARY
    # One action, due by the end of June 2024 and not done: the must-do is overdue.
    assert [a["title"] for a in answer["actions"]] == ["Ask every family to the care plan review"]
    assert (answer["progress"], answer["last_evidenced"]) == ("Overdue", None)
    summary = api.get(API).json()
    assert [(a["theme"], a["must_do"]) for a in summary["you_said_we_did"]] == [
        (LISTENING, MUST_DO)
    ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"theme": "Wheels", "must_do": MUST_DO, "said": "Too slow."}, "theme"),
        ({"theme": LISTENING, "must_do": "2020-MD1", "said": "Too slow."}, "must_do"),
        ({"theme": LISTENING, "must_do": MUST_DO, "said": " "}, "said"),
        ({"theme": LISTENING, "must_do": MUST_DO, "said": f"Ring {NAME} on {PHONE}"}, "said"),
        ({"theme": LISTENING, "said": "Too slow."}, "must_do"),
    ],
)
def test_an_answer_that_cannot_be_made_is_refused_naming_the_field(
    world: Database, api: TestClient, body: dict[str, str], field: str
) -> None:
    editor = bearer(world, role="trust_editor", organisation=TRUST)
    response = api.post(f"{API}/answers", json=body, headers=editor)
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert api.get(API).json()["you_said_we_did"] == []
