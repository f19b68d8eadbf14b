"""Every CLI `--json` prints the document its matching API route returns: the same schema of
`carewatch.schemas`, the same envelope. A sample of commands, at least one per area, runs on
the worked example (SQLite and PostgreSQL) beside the route on the same database."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

with warnings.catch_warnings():
    # Starlette asks for its httpx fork, httpx2, which is not locked; plain httpx works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from carewatch.cli import app
from carewatch.store.database import Database
from carewatch.web.app import create_app
from tests.functional.web.conftest import bearer

runner = CliRunner()


def _same(document: Any) -> Any:
    return document


def _plan_findings(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings of the plan, must-dos first: what `findings list --json` lists."""
    return [item["finding"] for item in plan["data"]]


# (command, route, what of the route's document the command prints)
SAMPLE: list[tuple[list[str], str, Callable[[Any], Any]]] = [
    (["ratings", "grid", "RMY"], "/trusts/RMY/grid", _same),
    (["ratings", "audit", "RMY"], "/trusts/RMY/audit", _same),
    (
        ["oversight", "status", "RMY", "--as-of", "2019-02-15"],
        "/trusts/RMY/oversight?as_of=2019-02-15",
        _same,
    ),
    (
        ["oversight", "timeline", "RMY", "--from", "2018-11-01", "--to", "2019-01-31"],
        "/trusts/RMY/timeline?from=2018-11-01&to=2019-01-31",
        _same,
    ),
    (
        # The death on the M11 among the events: the operator sees what a regulator sees.
        ["oversight", "timeline", "RMY", "--from", "2018-06-01", "--to", "2018-06-30"],
        "/trusts/RMY/timeline?from=2018-06-01&to=2018-06-30",
        _same,
    ),
    (["oversight", "league-table"], "/oversight/league-table", _same),
    (
        ["oversight", "league-table", "--peer-group", "Non-acute", "--quarter", "Q1 2025/26"],
        "/oversight/league-table?peer_group=Non-acute&quarter=Q1%202025/26",
        _same,
    ),
    (["oversight", "segmentation", "SYN01"], "/trusts/SYN01/segmentation", _same),
    (["findings", "list", "RMY"], "/trusts/RMY/plan", _plan_findings),
    (
        ["actions", "list", "RMY", "--as-of", "2021-03-20"],
        "/trusts/RMY/actions?as_of=2021-03-20",
        _same,
    ),
    (
        ["actions", "list", "RMY", "--as-of", "2021-03-20", "--overdue"],
        "/trusts/RMY/actions?as_of=2021-03-20&overdue=true",
        _same,
    ),
    (["actions", "show", "2", "--as-of", "2021-03-20"], "/actions/2?as_of=2021-03-20", _same),
    (["metrics", "list"], "/metrics", _same),
    (["metrics", "show", "RMY", "cmh_4ww"], "/trusts/RMY/metrics/cmh_4ww", _same),
    (
        ["metrics", "show", "RMY", "cyp_triage_wait", "--as-of", "2022-06-01"],
        "/trusts/RMY/metrics/cyp_triage_wait?as_of=2022-06-01",
        _same,
    ),
    (["incidents", "list", "RMY", "--limit", "50"], "/trusts/RMY/incidents", _same),
    (
        ["incidents", "list", "RMY", "--offset", "450", "--limit", "200"],
        "/trusts/RMY/incidents?offset=450&limit=200",
        _same,
    ),
    (
        ["incidents", "show", "RMY", "NSFT-2018-M11", "--as-of", "2019-01-01"],
        "/trusts/RMY/incidents/NSFT-2018-M11?as_of=2019-01-01",
        _same,
    ),
    (
        ["incidents", "summary", "RMY", "--as-of", "2022-01-01"],
        "/trusts/RMY/incidents/summary?as_of=2022-01-01",
        _same,
    ),
    (
        ["metrics", "spc", "RMY", "cyp_triage_wait"],
        "/trusts/RMY/metrics/cyp_triage_wait/spc",
        _same,
    ),
]


@pytest.fixture
def api(demo_db: Database) -> Iterator[TestClient]:
    url = demo_db.engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(database_url=url), base_url="http://localhost") as client:
        yield client


@pytest.mark.parametrize(
    ("command", "route", "part"), SAMPLE, ids=[" ".join(c) for c, _, _ in SAMPLE]
)
def test_the_cli_prints_what_the_api_returns(
    request: pytest.FixtureRequest,
    demo_db: Database,
    api: TestClient,
    command: list[str],
    route: str,
    part: Callable[[Any], Any],
) -> None:
    if command[:2] == ["metrics", "show"]:
        # The four-week waits are NHS England's, loaded from the shared data beside the repo.
        request.getfixturevalue("shared_data")
    url = demo_db.engine.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*command, "--json", "--db", url])
    assert result.exit_code == 0, result.stderr
    # The command line acts as the operator, who sees restricted fields; so does a regulator.
    response = api.get(f"/api/v1{route}", headers=bearer(demo_db))
    assert response.status_code == 200, response.text
    printed = json.loads(result.stdout)
    expected = part(response.json())
    assert printed == expected
    # The sample is chosen to show something: every list in it has rows.
    assert printed.get("count", 1) > 0 if isinstance(printed, dict) else printed
