"""Every route that writes or serves restricted data, taken from the application's own route
table, against every role: each has at least one allowed and one refused case, and a new route
with no entry here fails the first test until it is given one.

Refused means 401 for the public (sign in first) and 403 for a signed-in role that does not
allow it; allowed means neither (the request may still be refused for its content, e.g. an
illegal move answered 422).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI

from carewatch.domain.access import Actor
from carewatch.domain.incidents import Category, Incident, PhysicalHarm
from carewatch.domain.risks import Risk, RiskCategory, Score
from carewatch.services import incidents, plans, risks
from carewatch.store.database import Database, connect
from carewatch.web.app import create_app
from carewatch.web.settings import RateLimits
from tests.conftest import PostgresServer
from tests.functional.web.conftest import TestClient, bearer, database_url, sign_in_as
from tests.functional.web.feedback_support import LISTENING, WORLD, add_comments

OPERATOR = Actor.operator("tests")
TODAY = dt.date.today()
PLAN_ACTION = "/trusts/{provider_id}/improvement-plan/actions/{action_id}"
INCIDENTS = "/trusts/{provider_id}/incidents"
FEEDBACK = "/trusts/{provider_id}/feedback"
RISKS = "/trusts/{provider_id}/risks"


def _leaves(routes: Any, prefix: str = "") -> Iterator[tuple[str, frozenset[str]]]:
    for route in routes:
        if hasattr(route, "original_router"):
            context = route.include_context
            more = (getattr(context, "prefix", "") or "") if context is not None else ""
            yield from _leaves(route.original_router.routes, prefix + more)
        else:
            yield (
                prefix + getattr(route, "path", ""),
                frozenset(getattr(route, "methods", ()) or ()),
            )


# (method, path) -> who may: "anyone" (computes, stores nothing), "account" (the sign-in
# flows, tested in test_sign_in.py and test_single_sign_on.py), or the roles case below.
ENTRIES = {
    ("POST", "/api/v1/ratings/aggregate"): "anyone",
    ("POST", "/rules"): "anyone",
    ("POST", "/sign-in"): "account",
    ("POST", "/sign-out"): "account",
    ("POST", "/sign-in/link/{secret}"): "account",
    ("POST", PLAN_ACTION + "/move"): "work_plan",
    ("POST", "/api/v1/actions/{action_id}/moves"): "work_plan",
    ("POST", "/api/v1/actions/{action_id}/evidence"): "work_plan",
    ("POST", "/api/v1/evidence/{evidence_id}/verdicts"): "verify_evidence",
    ("POST", PLAN_ACTION + "/evidence"): "work_plan",
    ("POST", PLAN_ACTION + "/evidence/{evidence_id}/verify"): "verify_evidence",
    ("GET", PLAN_ACTION + "/files/{sha256}"): "read_restricted",
    ("GET", "/api/v1/evidence-files/{sha256}"): "read_restricted",
    ("POST", "/api/v1" + INCIDENTS): "record_incidents",
    ("POST", "/api/v1" + INCIDENTS + "/{reference}/responses"): "record_incidents",
    ("POST", "/api/v1" + INCIDENTS + "/{reference}/candour"): "record_incidents",
    ("GET", "/api/v1" + INCIDENTS): "read_incidents",
    ("GET", "/api/v1" + INCIDENTS + "/due"): "read_incidents",
    ("GET", "/api/v1" + INCIDENTS + "/{reference}"): "read_incidents",
    ("GET", INCIDENTS + "/{reference}"): "read_incidents",
    ("GET", INCIDENTS + "/new"): "record_incidents",
    ("POST", INCIDENTS + "/new"): "record_incidents",
    ("POST", INCIDENTS + "/{reference}/candour"): "record_incidents",
    ("POST", "/api/v1" + FEEDBACK + "/items/{reference}/corrections"): "record_feedback",
    ("POST", "/api/v1" + FEEDBACK + "/answers"): "record_feedback",
    ("POST", FEEDBACK + "/comments/{reference}/corrections"): "record_feedback",
    ("GET", "/api/v1" + FEEDBACK + "/corrections"): "read_feedback_text",
    ("GET", FEEDBACK + "/comments"): "read_feedback_text",
    ("GET", FEEDBACK + "/comments/{reference}"): "read_feedback_text",
    ("POST", "/api/v1" + RISKS + "/{reference}/scores"): "record_risks",
    ("POST", "/api/v1" + RISKS + "/{reference}/reviews"): "record_risks",
    ("POST", "/api/v1" + RISKS + "/{reference}/assurances"): "record_risks",
    ("GET", "/api/v1" + RISKS): "read_risks",
    ("GET", "/api/v1" + RISKS + "/check"): "read_risks",
    ("GET", "/api/v1" + RISKS + "/baf"): "read_risks",
    ("GET", "/api/v1" + RISKS + "/{reference}"): "read_risks",
    ("GET", RISKS + "/baf"): "read_risks",
    ("GET", RISKS + "/{reference}"): "read_risks",
    ("GET", "/audit"): "read_audit",
    ("GET", "/api/v1/audit"): "read_audit",
}
AUDIT_READS = {"/audit", "/api/v1/audit"}
INCIDENT_READS = {path for method, path in ENTRIES if method == "GET" and "/incidents" in path}
FEEDBACK_READS = {path for method, path in ENTRIES if method == "GET" and "/feedback" in path}
RISK_READS = {path for method, path in ENTRIES if method == "GET" and "/risks" in path}
RESTRICTED_READS = {key for key, rule in ENTRIES.items() if key[0] == "GET"}

# (role, organisation) -> allowed? for each rule, on a trust RMY action
WHO = [
    ("public", None),
    ("trust_viewer", "RMY"),
    ("trust_editor", "RAA"),
    ("admin", "RMY"),
    ("regulator", "CQC"),
    ("oversight", "NHSE"),
    ("trust_editor", "RMY"),
]
ALLOWED = {
    "work_plan": {("trust_editor", "RMY")},
    "verify_evidence": {("trust_editor", "RMY"), ("regulator", "CQC"), ("oversight", "NHSE")},
    "read_restricted": {
        ("trust_editor", "RMY"),
        ("trust_viewer", "RMY"),
        ("regulator", "CQC"),
        ("oversight", "NHSE"),
    },
    "read_audit": {("admin", "RMY"), ("regulator", "CQC")},
    "record_incidents": {("trust_editor", "RMY")},
    "read_incidents": {
        ("trust_editor", "RMY"),
        ("trust_viewer", "RMY"),
        ("regulator", "CQC"),
        ("oversight", "NHSE"),
    },
    "record_feedback": {("trust_editor", "RMY")},
    "read_feedback_text": {("trust_editor", "RMY"), ("trust_viewer", "RMY")},
    "record_risks": {("trust_editor", "RMY")},
    "read_risks": {
        ("trust_editor", "RMY"),
        ("trust_viewer", "RMY"),
        ("regulator", "CQC"),
        ("oversight", "NHSE"),
    },
}


def test_every_writing_or_restricted_route_has_an_entry(tmp_path: Any) -> None:
    app = create_app(database_url=f"sqlite:///{tmp_path / 'routes.db'}")
    found = set()
    for path, methods in _leaves(app.routes):
        for method in methods - {"HEAD", "GET"}:
            found.add((method, path))
        if "GET" in methods and (
            "files" in path
            or "evidence-files" in path
            or path in AUDIT_READS
            or path in INCIDENT_READS
            or path in FEEDBACK_READS
            or path in RISK_READS
        ):
            found.add(("GET", path))
    assert found == set(ENTRIES), (
        "routes with no entry: "
        f"{sorted(found - set(ENTRIES))}; entries with no route: {sorted(set(ENTRIES) - found)}"
    )


def test_every_rule_has_an_allowed_and_a_refused_role() -> None:
    for rule, allowed in ALLOWED.items():
        assert allowed, rule
        assert set(WHO) - allowed, rule


@dataclass
class World:
    action_id: int
    evidence_id: int
    sha256: str
    incident: str


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def roles_db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """One copy of the worked example for all the cases on each database. The cases share it:
    an allowed request may change what is stored (move an action, add an incident), but who
    may make a request is decided before what is stored is looked at, and a case asserts only
    that (allowed: neither 401 nor 403; refused: 401 or 403)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("roles") / "carewatch.db"
        shutil.copyfile(request.getfixturevalue("sqlite_demo_template"), path)
        db = connect(f"sqlite:///{path}")
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_demo_template")
        db = server.connect(server.create("carewatch_roles", template=template))
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def roles_app(roles_db: Database) -> Iterator[FastAPI]:
    """The site on that copy, built once: each case signs a new user in on a client of its
    own. No rate limit stands in the way of some 250 requests a minute (the limits have tests
    of their own)."""
    unlimited = "100000/minute"
    app = create_app(
        database_url=database_url(roles_db),
        rate_limits=RateLimits(general=unlimited, sign_in=unlimited, api_writes=unlimited),
    )
    try:
        yield app
    finally:
        with TestClient(app, base_url="http://localhost"):
            pass  # the site's shutdown closes its connections


@pytest.fixture(scope="module")
def world(roles_db: Database) -> World:
    demo_db = roles_db
    plans.record_finding(
        db=demo_db, actor=OPERATOR, provider_id="RMY", reference="ROLES-MD1", kind="must_do",
        report_words="The trust must secure the doors. (Regulation 15)", regulation="15",
        report_date=TODAY - dt.timedelta(days=30),
    )  # fmt: skip
    action_id = plans.record_action(
        db=demo_db, actor=OPERATOR, provider_id="RMY", finding_reference="ROLES-MD1",
        reference="A1", title="Fit locks", owner_role="Ward manager",
        opened=TODAY - dt.timedelta(days=20), due=TODAY + dt.timedelta(days=40),
    )  # fmt: skip
    added = plans.add_evidence(
        db=demo_db, actor=OPERATOR, action_id=action_id, kind="file", supplied_by="Ward manager",
        uploaded_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
        effective_from=TODAY - dt.timedelta(days=1), content=b"certificate",
        filename="certificate.txt", media_type="text/plain",
    )  # fmt: skip
    assert added.sha256 is not None
    # A comment with the incident's reference, so that one {reference} serves both.
    add_comments(demo_db, "RMY", [("ROLES-1", *WORLD[0][1:])])
    incidents.record_incident(
        db=demo_db, actor=OPERATOR,
        incident=Incident(
            reference="ROLES-1", trust="RMY", occurred=TODAY - dt.timedelta(days=3),
            reported=TODAY - dt.timedelta(days=2), category=Category.MEDICATION,
            physical_harm=PhysicalHarm.MODERATE,
        ),
    )  # fmt: skip
    # A risk with the same reference too.
    risks.record_risk(
        db=demo_db, actor=OPERATOR,
        risk=Risk(
            reference="ROLES-1", trust="RMY", title="Doors left unlocked",
            category=RiskCategory.PATIENT_SAFETY, owner="Ward manager",
            identified=TODAY - dt.timedelta(days=10), initial=Score(3, 3), current=Score(3, 3),
            target=Score(1, 3),
        ),
    )  # fmt: skip
    return World(action_id, added.evidence_id, added.sha256, "ROLES-1")


def _request(client: TestClient, rule_path: tuple[str, str], world: World) -> Any:
    method, path = rule_path
    url = (
        path.replace("{provider_id}", "RMY")
        .replace("{action_id}", str(world.action_id))
        .replace("{evidence_id}", str(world.evidence_id))
        .replace("{sha256}", world.sha256)
        .replace("{reference}", world.incident)
    )
    if method == "GET":
        return client.get(url)
    if url.startswith("/trusts/") and "/feedback/" in url:
        comment = url.rsplit("/", 1)[0]
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(comment).text)
        data = {"csrf_token": token.group(1) if token else "", "add": "Staff continuity"}
        return client.post(url, data=data, follow_redirects=False)
    if url.endswith("/feedback/answers"):
        return client.post(url, json={"theme": LISTENING, "must_do": "2020-MD1",
                                      "said": "Families felt unheard."})  # fmt: skip
    if "/feedback/" in url:
        return client.post(url, json={"add": ["Staff continuity"]})
    if "/risks/" in url:
        day = TODAY.isoformat()
        body = {
            "scores": {"likelihood": 2, "consequence": 3, "on": day},
            "reviews": {"on": day},
            "assurances": {"line": "oversight", "result": "positive", "on": day,
                           "description": "Doors audited"},
        }[url.rsplit("/", 1)[1]]  # fmt: skip
        return client.post(url, json=body)
    if url.startswith("/trusts/") and "/incidents/" in url:
        form = url.rsplit("/", 1)[0] if url.endswith("/candour") else url
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(form).text)
        data = {"csrf_token": token.group(1) if token else ""}
        if url.endswith("/candour"):
            data |= {"step": "verbal", "on": TODAY.isoformat()}
        else:
            data |= {**_new_incident(), "reference": "ROLES-3"}
        return client.post(url, data=data, follow_redirects=False)
    if url.endswith("/incidents"):
        return client.post(url, json=_new_incident())
    if url.endswith("/responses"):
        return client.post(url, json={"to": "decided", "on": TODAY.isoformat(),
                                      "learning_response": "swarm_huddle"})  # fmt: skip
    if url.endswith("/candour"):
        return client.post(url, json={"step": "verbal", "on": TODAY.isoformat()})
    if url.startswith("/api/"):
        return client.post(url, json={"to": "in_progress"})
    page = client.get(f"/trusts/RMY/improvement-plan/actions/{world.action_id}").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = {"csrf_token": token.group(1) if token else ""}
    if url.endswith("/move"):
        data |= {"to": "in_progress"}
    elif url.endswith("/evidence"):
        data |= {"kind": "note", "note": "Checked the doors", "effective_from": TODAY.isoformat()}
    else:
        data |= {"verdict": "accepted"}
    return client.post(url, data=data, follow_redirects=False)


def _new_incident() -> dict[str, str]:
    return {
        "reference": "ROLES-2",
        "occurred": TODAY.isoformat(),
        "reported": TODAY.isoformat(),
        "category": "medication",
        "physical_harm": "low",
    }


CASES = [(key, who) for key, rule in ENTRIES.items() if rule in ALLOWED for who in WHO]


@pytest.mark.parametrize(
    ("key", "who"), CASES, ids=[f"{k[0]} {k[1]} as {w[0]}@{w[1]}" for k, w in CASES]
)
def test_each_role_is_allowed_or_refused_as_the_grants_say(
    roles_db: Database,
    roles_app: FastAPI,
    world: World,
    key: tuple[str, str],
    who: tuple[str, str | None],
) -> None:
    demo_db = roles_db
    with TestClient(roles_app, base_url="http://localhost") as client:
        role, organisation = who
        if organisation is not None and key[1].startswith("/api/"):
            client.headers.update(bearer(demo_db, role=role, organisation=organisation))
        elif organisation is not None:
            sign_in_as(client, demo_db, role=role, organisation=organisation)
        response = _request(client, key, world)
    if who in ALLOWED[ENTRIES[key]]:
        assert response.status_code not in (401, 403), response.text[:300]
    elif organisation is None:
        assert response.status_code == 401
    else:
        assert response.status_code == 403
