"""`carewatch ratings ...`: the engine, the ratings grid and the audit of published ratings."""

from __future__ import annotations

import json
import sys

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, optional_date, run
from carewatch.cli.output import EXIT_INVALID_INPUT, emit_json, emit_model_json, fail, read_text
from carewatch.cli.views import print_grid, text_console, write_findings
from carewatch.ingest.jsontext import loads
from carewatch.ingest.records import IngestError
from carewatch.schemas.ratings import AuditFindingPublic, AuditPublic, GridPublic
from carewatch.services.ratings import (
    InvalidDocument,
    audit,
    describe_rulesets,
    evaluate,
    ratings_grid,
    reaggregate,
)

app = typer.Typer(help="Aggregate ratings by CQC's rules, show grids, audit published ratings.")


@app.command("aggregate")
def aggregate_command(
    file: str = typer.Argument(
        "-", help="A JSON document to evaluate, or '-' (the default) for standard input."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Aggregate ratings by CQC's ratings principles and say why.

    The document is one of:

    \b
      {"framework": "legacy", "ruleset": "nhs-trust-2022",
       "key_questions": {"safe": "Good",
                         "effective": "Requires improvement", ...}}
      {"framework": "legacy", "ratings": ["Good", "Outstanding", ...]}
      {"framework": "legacy", "trust_type": "mental_health",
       "services": {"<core service>": {"safe": ..., ..., "well-led": ...}},
       "trust_well_led": ..., "use_of_resources": ... (optional),
       "enforcement": [{"kind": "requirement_notice" | "warning_notice"
                                | "condition",
                        "service": ..., "key_question": ...}]}
      {"framework": "saf", "scores": {"safe": {"S1": 3, "S2": 2, ...}, ...}}

    Rule sets: nhs-trust-2022 (default), combined-2018, adult-social-care-2022, saf-2024.
    Invalid input exits with code 2 and names the offending field.
    """
    text = read_text(file)
    source = "standard input" if file == "-" else file
    try:
        document = loads(text, file=source)
    except json.JSONDecodeError as exc:
        fail(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}")
    except IngestError as exc:
        fail(str(exc))
    try:
        result = evaluate(document)
    except InvalidDocument as exc:
        fail(f"{source}: {exc}", EXIT_INVALID_INPUT)
    if as_json:
        emit_json(result)
        return
    _print_result(result)


def _print_result(result: dict) -> None:
    def line(label: str, entry: dict | None, indent: int = 0) -> None:
        if entry is None:
            return
        pad = "  " * indent
        typer.echo(f"{pad}{label}: {entry['rating']}  [{entry['rule']}]")
        typer.echo(f"{pad}  {entry['reason']}")

    if "trust" in result:
        for name, service in result["services"].items():
            typer.echo(f"{name}")
            for kq, cell in service["key_questions"].items():
                limited = f"  (limited by {cell['limited_by']})" if cell["limited_by"] else ""
                typer.echo(f"  {kq}: {cell['rating']}{limited}")
            line("overall", service["overall"], 1)
        for name, location in result.get("locations", {}).items():
            typer.echo(f"location {name}")
            for kq, entry in location["key_questions"].items():
                line(kq, entry, 1)
            line("overall", location["overall"], 1)
        typer.echo("Trust")
        for kq, entry in result["trust"]["key_questions"].items():
            line(kq, entry, 1)
        line("overall", result["trust"]["overall"], 1)
        line("combined", result["trust"]["combined"], 1)
        sm = result["special_measures"]
        met = "met" if sm["entry_criteria_met"] else "not met"
        typer.echo(f"Special measures entry criteria: {met}. {sm['reason']}")
        return
    for kq, entry in result.get("key_questions", {}).items():
        typer.echo(f"{kq}: {entry['score_percent']}% → {entry['rating']}  [{entry['rule']}]")
        typer.echo(f"  {entry['reason']}")
    line("overall", result["overall"])


@app.command("rules")
def rules_command(
    as_json: bool = typer.Option(False, "--json", help="Print the rule sets as JSON."),
) -> None:
    """List the rule sets: their thresholds, principles, sources and confidence."""
    described = describe_rulesets()
    if as_json:
        emit_json(described)
        return
    for ruleset in described:
        typer.echo(f"{ruleset['id']}: {ruleset['title']}")
        typer.echo(f"  applies to: {ruleset['applies_to']}")
        typer.echo(f"  in force: {ruleset['in_force']}")
        for threshold in ruleset.get("thresholds", []):
            bands = ", ".join(
                f"{b['ratings']} ratings → at least {b['at_least']} ({b['confidence']})"
                for b in threshold["bands"]
            )
            typer.echo(f"  {threshold['name']}: {bands}")
        for band in ruleset.get("score_bands", []):
            typer.echo(f"  {band['from']}–{band['to']}%: {band['rating']}")
        for p in ruleset["principles"]:
            typer.echo(f"  {p['code']} {p['title']} [{p['confidence']}]: {p['statement']}")
            typer.echo(f"      source: {p['source']}")


@app.command("grid")
def grid_command(
    subject_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY) or a location id."),
    as_json: bool = typer.Option(False, "--json", help="Print the grid as JSON."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Judge staleness as of this date (YYYY-MM-DD; default today)."
    ),
    db: str | None = db_option(),
) -> None:
    """The ratings grid as CQC draws it: core services (or locations) by key question and
    overall, each cell with its date; then the trust (or location) row. Marks inherited and
    stale cells, and aggregates that depart from the rules' proposal."""
    when = optional_date(as_of, "--as-of")
    grid = run(db, lambda database: ratings_grid(db=database, subject_id=subject_id, as_of=when))
    if as_json:
        emit_json(GridPublic.from_grid(grid))
        return
    print_grid(grid, text_console())


@app.command("audit")
def audit_command(
    subject_id: str | None = typer.Argument(
        None, help="A trust's ODS code or a location id (default: everything stored)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    db: str | None = db_option(),
) -> None:
    """Every stored aggregate whose published rating differs from what the rules propose,
    with the rule's reason and a likely explanation.

    Departures are found through the proposals stored beside the ratings, which every import
    and recorded rating keeps up to date. To a file or a pipe each finding is three whole
    lines and the last line says how many; to a terminal lines are wrapped to its width."""
    findings = run(db, lambda database: audit(db=database, subject_id=subject_id))
    if as_json:
        data = [AuditFindingPublic.from_finding(f) for f in findings]
        emit_model_json(AuditPublic(data=data, count=len(data)))
        return
    write_findings(findings, sys.stdout)


@app.command("reaggregate")
def reaggregate_command(
    ctx: typer.Context,
    provider_id: str | None = typer.Argument(
        None, help="A provider's ID or a trust's ODS code (default: every provider stored)."
    ),
    db: str | None = db_option(),
) -> None:
    """Recompute the rules' proposal stored beside every aggregate rating.

    Imports and recorded ratings keep the proposals current, and the grid and `ratings audit`
    read them; run this after upgrading carewatch to a release whose rules changed, so the
    audit finds the departures the new rules give. Writes only proposals that changed; needs
    permission to record ratings; appends one audit event."""
    computed = run(
        db,
        lambda database: reaggregate(
            db=database, actor=acting_as(ctx, database), provider_id=provider_id
        ),
        refused="recomputing proposals",
    )
    noun = "aggregate" if computed == 1 else "aggregates"
    where = f" of {provider_id}" if provider_id else ""
    typer.echo(f"Proposals recomputed for {computed} {noun}{where}.")
