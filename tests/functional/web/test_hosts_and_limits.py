"""The site answers only its own hosts (against DNS rebinding), limits how often one client
address may ask, and sends HSTS over HTTPS."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from carewatch.domain.access import Actor
from carewatch.services import access
from carewatch.store.database import Database
from carewatch.web.app import create_app
from carewatch.web.settings import (
    LOOPBACK_HOSTS,
    RateLimits,
    WebSettingError,
    WebSettings,
)
from tests.functional.web.conftest import TestClient, database_url

OPERATOR = Actor.operator("deploy")
PASSWORD = "heron lantern orchard seventeen"
GENEROUS = RateLimits(general="1000/minute", sign_in="1000/minute", api_writes="1000/minute")


def _url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'carewatch.db'}"


def _token(html: str) -> str:
    found = re.search(r'action="/sign-in".*?name="csrf_token" value="([^"]+)"', html, re.S)
    assert found is not None
    return found.group(1)


# Hosts


@pytest.fixture
def site(db: Database) -> Iterator[TestClient]:
    access.add_user(
        db, OPERATOR, email="amira@rmy.example", name="Amira Khan", role="trust_editor",
        organisation="RMY", password=PASSWORD,
    )  # fmt: skip
    app = create_app(
        database_url=database_url(db),
        allowed_hosts=("carewatch.example.org", *LOOPBACK_HOSTS),
        rate_limits=GENEROUS,
    )
    with TestClient(app, base_url="http://carewatch.example.org") as client:
        yield client


def test_a_spoofed_host_with_a_matching_origin_cannot_post_a_form(site: TestClient) -> None:
    # A page at evil.example, its name rebound to this server's address: the browser sends
    # the attacker's name as Host and as Origin, so the origin check alone would pass.
    token = _token(site.get("/sign-in").text)
    response = site.post(
        "/sign-in",
        data={"email": "amira@rmy.example", "password": PASSWORD, "csrf_token": token},
        headers={"Host": "evil.example", "Origin": "http://evil.example"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "set-cookie" not in response.headers
    assert response.headers["x-frame-options"] == "DENY"


def test_a_spoofed_host_gets_no_page(site: TestClient) -> None:
    assert site.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert site.get("/api/v1/trusts", headers={"Host": "evil.example:8000"}).status_code == 400


def test_the_configured_host_and_the_loopback_names_are_served(site: TestClient) -> None:
    token = _token(site.get("/sign-in").text)
    signed_in = site.post(
        "/sign-in",
        data={"email": "amira@rmy.example", "password": PASSWORD, "csrf_token": token},
        headers={"Origin": "http://carewatch.example.org"},
        follow_redirects=False,
    )
    assert signed_in.status_code == 303
    for host in ("localhost:8000", "127.0.0.1", "[::1]:8000", "CAREWATCH.example.org"):
        assert site.get("/rules", headers={"Host": host}).status_code == 200, host


def test_by_default_only_the_loopback_names_are_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREWATCH_ALLOWED_HOSTS")
    with TestClient(create_app(database_url=_url(tmp_path))) as client:
        assert client.get("/rules").status_code == 400  # the test client's own "testserver"
        assert client.get("/rules", headers={"Host": "localhost:8000"}).status_code == 200


def test_the_environment_adds_hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREWATCH_ALLOWED_HOSTS", " carewatch.example.org , *.nhs.example")
    with TestClient(create_app(database_url=_url(tmp_path))) as client:
        for host, status in [
            ("carewatch.example.org", 200),
            ("oversight.nhs.example", 200),
            ("nhs.example.evil.example", 400),
            ("testserver", 400),
        ]:
            assert client.get("/rules", headers={"Host": host}).status_code == status, host


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("CAREWATCH_ALLOWED_HOSTS", "https://carewatch.example.org", "is not a host name"),
        ("CAREWATCH_ALLOWED_HOSTS", "*", "is not a host name"),
        ("CAREWATCH_ALLOWED_HOSTS", "carewatch.example.org:8000", "is not a host name"),
        ("CAREWATCH_RATE_LIMIT", "lots", "CAREWATCH_RATE_LIMIT: 'lots'"),
        ("CAREWATCH_RATE_LIMIT_SIGN_IN", "0/minute", "CAREWATCH_RATE_LIMIT_SIGN_IN"),
        ("CAREWATCH_HSTS", "maybe", "CAREWATCH_HSTS: 'maybe' is neither on nor off"),
        ("CAREWATCH_CACHE_STALENESS_MS", "0.5", "CAREWATCH_CACHE_STALENESS_MS: '0.5' is not"),
        ("CAREWATCH_CACHE_STALENESS_MS", "-1", "CAREWATCH_CACHE_STALENESS_MS: '-1' is not"),
        ("CAREWATCH_CACHE_STALENESS_MS", "60001", "from 0 to 60000"),
    ],
)
def test_a_bad_setting_is_refused_with_its_name(variable: str, value: str, named: str) -> None:
    with pytest.raises(WebSettingError, match=re.escape(named)):
        WebSettings.load(environ={variable: value})


def test_the_defaults() -> None:
    settings = WebSettings.load(environ={})
    assert settings.allowed_hosts == ("localhost", "127.0.0.1", "[::1]")
    assert settings.rate_limits == RateLimits("300/minute", "10/minute", "60/minute")
    assert settings.hsts is False
    assert settings.cache_staleness == 1.0
    staleness = WebSettings.load(environ={"CAREWATCH_CACHE_STALENESS_MS": "250"}).cache_staleness
    assert staleness == 0.25
    assert WebSettings.load(environ={}, bind="10.1.2.3").allowed_hosts[-1] == "10.1.2.3"
    assert WebSettings.load(environ={}, bind="::").allowed_hosts == LOOPBACK_HOSTS


# Rate limits


def _limited(tmp_path: Path, **limits: str) -> TestClient:
    chosen = {"general": "1000/minute", "sign_in": "1000/minute", "api_writes": "1000/minute"}
    app = create_app(database_url=_url(tmp_path), rate_limits=RateLimits(**(chosen | limits)))
    return TestClient(app)


def test_sign_in_posts_from_one_address_are_limited_across_emails(tmp_path: Path) -> None:
    with _limited(tmp_path, sign_in="3/hour") as client:
        statuses = []
        for n in range(4):
            token = _token(client.get("/sign-in").text)
            statuses.append(
                client.post(
                    "/sign-in",
                    data={"email": f"guess{n}@rmy.example", "password": "x" * 12,
                          "csrf_token": token},
                ).status_code
            )  # fmt: skip
        assert statuses == [401, 401, 401, 429]
        refused = client.post("/sign-in", data={"email": "a@b.example"})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 3600
        assert "text/html" in refused.headers["content-type"]
        assert "Too many requests" in refused.text
        assert client.get("/sign-in").status_code == 200  # reading pages is not limited by it


def test_api_writes_are_limited_with_a_json_answer(tmp_path: Path) -> None:
    body = {"scores": {"safe": ["good"]}}
    with _limited(tmp_path, api_writes="2/minute") as client:
        first = [client.post("/api/v1/ratings/aggregate", json=body) for _ in range(2)]
        assert [r.status_code for r in first] == [first[0].status_code] * 2
        assert first[0].status_code != 429
        refused = client.post("/api/v1/ratings/aggregate", json=body)
        assert refused.status_code == 429
        assert refused.json()["message"].startswith("Too many requests")
        assert refused.json()["field"] is None
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert client.get("/api/v1/trusts").status_code == 200


def test_every_request_has_a_ceiling_but_the_static_files(tmp_path: Path) -> None:
    with _limited(tmp_path, general="5 per hour") as client:
        assert [client.get("/rules").status_code for _ in range(5)] == [200] * 5
        refused = client.get("/rules")
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 3600
        assert client.get("/api/v1/trusts").status_code == 429
        assert client.get("/static/css/carewatch.css").status_code == 200


def test_each_address_is_counted_on_its_own(tmp_path: Path) -> None:
    app = create_app(
        database_url=_url(tmp_path),
        rate_limits=RateLimits(general="2/minute", sign_in="2/minute", api_writes="2/minute"),
    )
    with TestClient(app, client=("192.0.2.1", 5000)) as first:
        assert [first.get("/rules").status_code for _ in range(3)] == [200, 200, 429]
    with TestClient(app, client=("192.0.2.2", 5000)) as second:
        assert second.get("/rules").status_code == 200


# HSTS


def test_hsts_is_sent_over_https_only(tmp_path: Path) -> None:
    app = create_app(database_url=_url(tmp_path), allowed_hosts=["localhost"])
    with TestClient(app, base_url="https://localhost") as secure:
        assert secure.get("/rules").headers["strict-transport-security"] == "max-age=31536000"
    with TestClient(app, base_url="http://localhost") as plain:
        assert "strict-transport-security" not in plain.get("/rules").headers


def test_hsts_on_sends_it_on_every_response(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAREWATCH_HSTS", "on")
    app = create_app(database_url=_url(tmp_path), allowed_hosts=["localhost"])
    with TestClient(app, base_url="http://localhost") as plain:
        assert plain.get("/rules").headers["strict-transport-security"] == "max-age=31536000"
        assert plain.get("/nowhere").headers["strict-transport-security"] == "max-age=31536000"


def test_settings_given_to_the_app_take_the_place_of_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What an in-process app (a benchmark, a test) is built with: the settings object,
    whatever the environment says."""
    monkeypatch.setenv("CAREWATCH_HSTS", "on")
    monkeypatch.setenv("CAREWATCH_RATE_LIMIT", "1/minute")
    monkeypatch.setenv("CAREWATCH_ALLOWED_HOSTS", "carewatch.example.org")
    settings = WebSettings(rate_limits=GENEROUS, response_cache=False)
    app = create_app(database_url=_url(tmp_path), settings=settings)
    with TestClient(app, base_url="http://localhost") as client:
        answers = [client.get("/rules") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 200]  # not 429 after the first
        assert "strict-transport-security" not in answers[0].headers
        refused = client.get("/rules", headers={"Host": "carewatch.example.org"})
        assert refused.status_code == 400  # only the settings' (loopback) hosts
