"""`carewatch sync cqc`: fetch records from CQC's live API and import them like files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import httpx
import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, open_database
from carewatch.cli.imports import store
from carewatch.cli.output import EXIT_FAILURE, EXIT_INVALID_INPUT, fail
from carewatch.ingest.cqc_api import read_cqc_api
from carewatch.ingest.records import IngestError

# CQC syndication API (regulatory-framework.md §10.1): a subscription key from the CQC
# developer portal goes in this header.
CQC_API = "https://api.service.cqc.org.uk/public/v1"
KEY_HEADER = "Ocp-Apim-Subscription-Key"

app = typer.Typer(help="Fetch current records from CQC's live API (needs the network).")


def _get(client: httpx.Client, path: str) -> dict:
    try:
        response = client.get(path)
    except httpx.HTTPError as exc:
        fail(f"CQC API {path}: {exc.__class__.__name__}", EXIT_FAILURE)
    if response.status_code == 401:
        fail("CQC API: the subscription key was refused (HTTP 401)", EXIT_INVALID_INPUT)
    if response.status_code == 404:
        fail(f"CQC API {path}: not found", EXIT_INVALID_INPUT)
    if response.status_code // 100 != 2:
        fail(f"CQC API {path}: HTTP {response.status_code}", EXIT_FAILURE)
    data = response.json()
    if not isinstance(data, dict):
        fail(f"CQC API {path}: expected a JSON object", EXIT_FAILURE)
    return data


@app.command("cqc")
def sync_cqc(
    ctx: typer.Context,
    provider: list[str] = typer.Option(
        [], "--provider", help="CQC provider id (an NHS trust's ODS code, e.g. RMY)."
    ),
    location: list[str] = typer.Option([], "--location", help="CQC location id."),
    api_key: str = typer.Option(
        ..., "--api-key", envvar="CQC_API_KEY", help="CQC API subscription key."
    ),
    base_url: str = typer.Option(CQC_API, "--base-url", help="CQC API base address."),
    db: str | None = db_option(),
) -> None:
    """Fetch providers (with all their locations) and locations from CQC's API and import
    them through the same reader and import service as `carewatch import cqc-api` (which
    needs the record_ratings permission).

    Name what to fetch with at least one --provider or --location, e.g.
    `carewatch sync cqc --api-key KEY --provider RMY`. The key is a subscription key from
    CQC's developer portal.
    """
    if not provider and not location:
        fail(
            "say what to fetch: --provider ID (a provider with all its locations; an NHS "
            "trust's id is its ODS code) or --location ID, each repeatable, e.g. "
            "carewatch sync cqc --api-key KEY --provider RMY"
        )
    with (
        httpx.Client(base_url=base_url, headers={KEY_HEADER: api_key}, timeout=30) as client,
        tempfile.TemporaryDirectory(prefix="carewatch-sync-") as folder,
    ):
        records: list[dict] = []
        wanted = list(location)
        for provider_id in provider:
            record = _get(client, f"/providers/{provider_id}")
            records.append(record)
            wanted += [str(i) for i in record.get("locationIds", [])]
        records += [_get(client, f"/locations/{location_id}") for location_id in wanted]
        path = Path(folder) / "cqc-api.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        try:
            batches = read_cqc_api([path])
        except IngestError as exc:
            fail(str(exc), EXIT_INVALID_INPUT)
    with open_database(db) as database:
        store(database, batches, quiet=True, actor=acting_as(ctx, database))
