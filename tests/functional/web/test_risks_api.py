"""The risk register's API on SQLite and PostgreSQL: the register, one risk, the validator's
findings and the BAF for those who may read it (a bearer token), in `carewatch risks ...
--json`'s shapes; the public summary for everyone once the trust publishes it; a risk's
scoring, review and assurance with a bearer token of the trust's own editors; and the
feedback API's error shapes for a value that cannot be read, a refusal and an unknown risk.

The world is the worked example with the trust RXR and its register of `risks_support`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carewatch.services import risks
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.actors import OPERATOR, head, stored
from tests.functional.web.conftest import TEST_HOSTS, TestClient, bearer, database_url
from tests.functional.web.risks_support import AS_OF, CAUSE, R1_TITLE, TRUST, add_register

API = f"/api/v1/trusts/{TRUST}/risks"
DAY = {"as_of": AS_OF.isoformat()}


@pytest.fixture
def world(demo_db: Database) -> Database:
    add_register(demo_db)
    return demo_db


@pytest.fixture
def api(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost") as client:
        yield client


@pytest.fixture
def regulator(api: TestClient, world: Database) -> TestClient:
    api.headers.update(bearer(world, role="regulator", organisation="CQC"))
    return api


def test_the_register_lists_every_risk_with_its_scores(regulator: TestClient) -> None:
    response = regulator.get(API, params=DAY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 3
    assert [r["id"] for r in body["data"]] == ["R1", "R2", "R3"]
    r1 = body["data"][0]
    assert (r1["title"], r1["category"], r1["objective"]) == (R1_TITLE, "quality", "SO1")
    assert r1["initial"] == {"likelihood": 5, "consequence": 4, "score": 20, "band": "extreme"}
    assert r1["current"] == {"likelihood": 3, "consequence": 4, "score": 12, "band": "high"}
    assert (r1["next_review"], r1["review_overdue"]) == ("2020-07-01", False)


@pytest.mark.parametrize(
    ("params", "ids"),
    [
        ({"band": "extreme"}, ["R2"]),
        ({"category": "finance"}, ["R3"]),
        ({"overdue": "true"}, ["R2"]),
        # Before R2 and R3 were identified, R1 alone, at 4x4 then.
        ({"as_of": "2019-06-30"}, ["R1"]),
    ],
)
def test_the_register_filters(
    regulator: TestClient, params: dict[str, str], ids: list[str]
) -> None:
    body = regulator.get(API, params={**DAY, **params}).json()
    assert [r["id"] for r in body["data"]] == ids
    assert body["count"] == len(ids)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"band": "purple"}, "band"),
        ({"category": "weather"}, "category"),
        ({"as_of": "0"}, "as_of"),
        ({"as_of": "30/06/2020"}, "as_of"),
    ],
)
def test_a_value_that_cannot_be_read_is_a_422_naming_it(
    regulator: TestClient, params: dict[str, str], field: str
) -> None:
    response = regulator.get(API, params=params)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_one_risk_in_full(regulator: TestClient) -> None:
    response = regulator.get(f"{API}/R1", params=DAY)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["id"], body["cause"]) == ("R1", CAUSE)
    assert len(body["history"]) == 13
    assert body["history"][0] == {
        "on": "2019-04-01",
        "score": {"likelihood": 4, "consequence": 4, "score": 16, "band": "extreme"},
        "trend": None,
    }
    assert body["controls"] == ["Weekly waiting-list review"]
    assert [(a["line"], a["result"]) for a in body["assurances"]] == [
        ("management", "positive"),
        ("independent", "negative"),
    ]
    assert [(a["reference"], a["open"], a["owner"]) for a in body["actions"]] == [
        ("RR-MD1/A1", True, "Ward manager")
    ]
    assert body["problems"] == []


def test_the_validator_and_the_baf(regulator: TestClient) -> None:
    check = regulator.get(f"{API}/check", params=DAY).json()
    assert sorted((f["risk"], f["problem"]) for f in check["data"]) == [
        ("R2", "no_assurance"),
        ("R2", "no_open_action"),
        ("R2", "review_overdue"),
    ]
    assert check["count"] == 3
    baf = regulator.get(f"{API}/baf", params=DAY).json()
    assert baf["as_of"] == AS_OF.isoformat()
    assert [(o["code"], [r["id"] for r in o["risks"]]) for o in baf["objectives"]] == [
        ("SO1", ["R1"]),
        ("SO2", ["R2"]),
    ]
    assert len(baf["problems"]) == 3


def test_the_summary_is_public_once_published(api: TestClient, world: Database) -> None:
    refused = api.get(f"{API}/summary")
    assert refused.status_code == 404
    assert refused.json() == {
        "message": "This trust does not publish its risk register.",
        "field": None,
    }
    risks.publish_risk_summary(db=world, actor=OPERATOR, trust=TRUST, publish=True)
    response = api.get(f"{API}/summary", params=DAY)
    assert response.status_code == 200
    body = response.json()
    assert (body["trust"], body["total"]) == (TRUST, 3)
    by_category = {c["category"]: c["by_band"] for c in body["categories"]}
    assert by_category["quality"] == {"low": 0, "moderate": 0, "high": 1, "extreme": 0}
    assert by_category["patient_safety"]["extreme"] == 1
    assert R1_TITLE not in response.text


@pytest.mark.parametrize("path", ["", "/R1", "/check", "/baf"])
def test_the_register_is_refused_to_the_public_and_to_other_trusts(
    api: TestClient, world: Database, path: str
) -> None:
    public = api.get(API + path)
    assert public.status_code == 401
    assert public.json()["message"].startswith("Sign in first")
    api.headers.update(bearer(world, role="trust_editor", organisation="RMY"))
    other = api.get(API + path)
    assert other.status_code == 403
    assert set(other.json()) == {"message", "field"}


def test_an_unknown_risk_or_trust_is_a_404(regulator: TestClient) -> None:
    assert regulator.get(f"{API}/R99").status_code == 404
    assert regulator.get("/api/v1/trusts/ZZZ99/risks").status_code == 404
    assert regulator.get(f"{API}/R%01").status_code == 422


@pytest.fixture
def editor(api: TestClient, world: Database) -> TestClient:
    api.headers.update(bearer(world, role="trust_editor", organisation=TRUST))
    return api


def test_an_editor_scores_reviews_and_assures_a_risk(editor: TestClient, world: Database) -> None:
    scored = editor.post(
        f"{API}/R2/scores",
        json={"likelihood": 3, "consequence": 4, "on": "2020-07-01", "trend": "reducing"},
    )
    assert scored.status_code == 201, scored.text
    body = scored.json()
    assert body["current"] == {"likelihood": 3, "consequence": 4, "score": 12, "band": "high"}
    assert (body["trend"], body["history"][-1]["on"]) == ("reducing", "2020-07-01")
    before, seq = stored(world), head(world)
    again = editor.post(
        f"{API}/R2/scores",
        json={"likelihood": 3, "consequence": 4, "on": "2020-07-01", "trend": "reducing"},
    )
    assert again.status_code == 201
    assert (stored(world), head(world)) == (before, seq)
    assured = editor.post(
        f"{API}/R2/assurances",
        json={"line": "independent", "result": "negative", "on": "2020-07-02",
              "description": "Estates audit: ligature points remain"},
    )  # fmt: skip
    assert assured.status_code == 201, assured.text
    assert assured.json()["assurances"] == [
        {"line": "independent", "result": "negative", "on": "2020-07-02",
         "description": "Estates audit: ligature points remain"}
    ]  # fmt: skip
    reviewed = editor.post(f"{API}/R2/reviews", json={"on": "2020-10-01"})
    assert reviewed.status_code == 201
    assert reviewed.json()["next_review"] == "2021-01-01"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        # R1 was scored 3x4 on 1 April 2020: scorings are history.
        ("/R1/scores", {"likelihood": 1, "consequence": 4, "on": "2020-04-01"}, "on"),
        ("/R1/scores", {"likelihood": 6, "consequence": 4, "on": "2020-07-01"}, "likelihood"),
        ("/R1/scores", {"likelihood": 1, "consequence": 4, "on": "2999-01-01"}, "on"),
        ("/R1/assurances", {"line": "fourth", "result": "positive", "on": "2020-07-01",
                            "description": "x"}, "line"),
    ],
)  # fmt: skip
def test_a_write_that_cannot_be_stored_is_a_422_storing_nothing(
    editor: TestClient, world: Database, path: str, body: dict[str, object], field: str
) -> None:
    before = stored(world)
    response = editor.post(API + path, json=body)
    assert response.status_code == 422, response.text
    assert response.json()["field"].split(".")[-1] == field
    assert stored(world) == before


def test_writes_need_a_token_of_the_trusts_own_editors(api: TestClient, world: Database) -> None:
    body = {"on": "2020-10-01"}
    assert api.post(f"{API}/R1/reviews", json=body).status_code == 401
    api.headers.update(bearer(world, role="trust_viewer", organisation=TRUST))
    assert api.post(f"{API}/R1/reviews", json=body).status_code == 403
    api.headers.update(bearer(world, role="trust_editor", organisation=TRUST))
    assert api.post(f"{API}/R99/reviews", json=body).status_code == 404
