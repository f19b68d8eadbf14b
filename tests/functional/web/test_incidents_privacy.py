"""A patient's name and NHS number never reach the public: with them stored (and the
incident's free text; the logs listened to from before they were stored), every GET route of
the site, pages and API, taken from the application's own route table, is asked for as the
public and as another trust's editor, and neither the responses nor any log line holds the
name, the NHS number (as typed, as stored, as printed) or the description. Writes refused
to those callers are searched the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import (
    TEST_HOSTS,
    TestClient,
    bearer,
    database_url,
    sign_in_as,
)
from tests.functional.web.test_incidents_api import NAME, world
from tests.functional.web.test_route_roles import _leaves

__all__ = ["world"]

SECRETS = (NAME, "Quarrington", "9434765919", "943 476 5919", "Second dose given in error")
VALUES = {"provider_id": "RCL", "reference": "W7", "location_id": "RCL01"}
"""What each path parameter is filled with; any other gets "1"."""


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="carewatch")
    # The command line's logging set-up stops carewatch's logger propagating: listen on it.
    loggers = [logging.getLogger(n) for n in ("carewatch", "carewatch.services", "carewatch.web")]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in loggers:
        logger.removeHandler(caplog.handler)


@pytest.fixture
def site(world: Database) -> Iterator[TestClient]:
    app = create_app(database_url=database_url(world), allowed_hosts=TEST_HOSTS)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as client:
        yield client


def _urls(client: TestClient) -> list[str]:
    urls = []
    for path, methods in _leaves(client.app.routes):  # type: ignore[attr-defined]
        if "GET" not in methods or path.startswith("/static"):
            continue
        urls.append(re.sub(r"{([^}:]+)(:[^}]*)?}", lambda m: VALUES.get(m.group(1), "1"), path))
    return sorted(set(urls))


def _texts(client: TestClient, urls: list[str]) -> list[str]:
    out = []
    for url in urls:
        for query in ("", "?with_personal_data=true", "?with_personal_data=yes&as_of=2020-06-30"):
            response = client.get(url + query)
            out.append(f"{url}{query} {response.status_code} {response.headers} {response.text}")
    return out


@pytest.mark.parametrize("who", ["public", "other trust's editor"])
def test_no_public_page_api_response_or_log_line_names_the_patient(
    logs: pytest.LogCaptureFixture, world: Database, site: TestClient, who: str
) -> None:
    urls = _urls(site)
    assert "/trusts/RCL/incidents/W7" in urls
    assert "/api/v1/trusts/RCL/incidents/summary" in urls
    if who == "public":
        texts = _texts(site, urls)
    else:
        api = [u for u in urls if u.startswith("/api/")]
        pages = [u for u in urls if not u.startswith("/api/")]
        site.headers.update(bearer(world, role="trust_editor", organisation="RAA"))
        texts = _texts(site, api)
        del site.headers["Authorization"]
        sign_in_as(site, world, role="trust_editor", organisation="RAA")
        texts += _texts(site, pages)
    # Writes refused to them say nothing of the patient either.
    for url, body in (
        ("/api/v1/trusts/RCL/incidents", {"reference": "W7", "patient": {"name": NAME}}),
        ("/api/v1/trusts/RCL/incidents/W7/candour", {"step": "verbal", "on": "2020-01-02"}),
    ):
        refused = site.post(url, json=body)
        texts.append(refused.text)
    assert len(texts) > 100
    records = [*logs.get_records("setup"), *logs.records]
    text = "\n".join(texts) + " ".join(f"{r.getMessage()} {r.__dict__}" for r in records)
    for secret in SECRETS:
        assert secret not in text, secret
    # The search can find them: the summary was served, and the trust's own viewer asking
    # for them does see them.
    assert "fewer than 5" in text
    assert any(r.getMessage() == "incidents.record" for r in records)
    site.cookies.clear()
    sign_in_as(site, world, role="trust_viewer", organisation="RCL")
    assert NAME in site.get("/trusts/RCL/incidents/W7?with_personal_data=yes").text
