"""`carewatch findings extract REPORT.txt|.pdf --provider ODS`: propose the must-dos and
should-dos in a CQC inspection report's text, for a person to check; `--confirm` stores them.

The proposals come from `carewatch.ingest.report_text` (see its docstring for what it reads).
They are printed with the line (and page) they come from so each can be checked against the
report. `--confirm` stores every proposal, in one transaction, through
`carewatch.services.plans.record_findings` with the reference `<report date>-MD<n>` or
`-SD<n>`, so confirming the same report again updates the same findings. Every proposal is
checked before anything is stored: a must-do with no regulation (a report citing the 2010
Regulations, or none) stops the command with exit code 2 and nothing stored, unless
`--regulation LINE=NUMBER` supplies it.

Exit codes: 2 for a file that cannot be read or a proposal that cannot be stored, 3 for an
unknown trust.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import db_option, exit_codes, open_database, optional_date
from carewatch.cli.output import emit_json, fail
from carewatch.domain.oversight import FundamentalStandard, UnknownFundamentalStandard
from carewatch.domain.plans import Finding, FindingKind, InvalidFinding
from carewatch.ingest.records import IngestError
from carewatch.ingest.report_text import MUST_DO, ProposedFinding, ReportProposals, read_report
from carewatch.schemas.proposals import ProposalPublic, ProposalsPublic
from carewatch.services import plans

__all__ = ["extract_command", "references"]


def references(findings: tuple[ProposedFinding, ...], report_date: dt.date) -> list[str]:
    """`2020-01-15-MD1`, `-MD2`, ... then `-SD1`, ...: numbered in the report's order."""
    counts = {MUST_DO: 0}
    out = []
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
        code = "MD" if finding.kind == MUST_DO else "SD"
        out.append(f"{report_date.isoformat()}-{code}{counts[finding.kind]}")
    return out


def _overrides(values: list[str]) -> dict[int, FundamentalStandard]:
    out: dict[int, FundamentalStandard] = {}
    for value in values:
        line, _, number = value.partition("=")
        try:
            out[int(line)] = FundamentalStandard.parse(number)
        except (ValueError, UnknownFundamentalStandard):
            fail(f"--regulation: {value!r} is not LINE=NUMBER with a regulation 9 to 20A")
    return out


def _applied(
    proposals: ReportProposals, overrides: dict[int, FundamentalStandard]
) -> tuple[ProposedFinding, ...]:
    lines = {f.line for f in proposals.findings}
    for line in overrides:
        if line not in lines:
            fail(f"--regulation: no proposal starts at line {line}")
    return tuple(
        replace(f, regulation=overrides[f.line], regulation_basis="given")
        if f.line in overrides
        else f
        for f in proposals.findings
    )


def _as_finding(
    finding: ProposedFinding, reference: str, report_date: dt.date, file: str
) -> Finding:
    """The plan's finding for a proposal under `reference`."""
    return Finding(
        reference=reference,
        kind=FindingKind.parse(finding.kind),
        report_words=finding.text,
        regulation=finding.regulation,
        core_services=finding.core_services,
        key_question_given=finding.key_question,
        report_date=report_date,
        source=_source(file, finding),
    )


def _checked(
    findings: tuple[ProposedFinding, ...], refs: list[str], report_date: dt.date, file: str
) -> None:
    """Build every finding as the plan would, so nothing is stored unless all can be."""
    problems = []
    for finding, reference in zip(findings, refs, strict=True):
        try:
            _as_finding(finding, reference, report_date, file)
        except InvalidFinding as exc:
            problems.append(f"line {finding.line}: {exc}")
    if problems:
        fail(
            "nothing stored: "
            + "; ".join(problems)
            + " (give the regulation with --regulation LINE=NUMBER)"
        )


def _source(file: str, finding: ProposedFinding) -> str:
    return f"{file}, line {finding.line}, page {finding.page}"


def extract_command(
    ctx: typer.Context,
    report: Path = typer.Argument(..., help="The report's text (.txt, UTF-8) or PDF (.pdf)."),
    provider_id: str = typer.Option(..., "--provider", help="The trust's ODS code (e.g. RMY)."),
    report_date: str | None = typer.Option(
        None,
        "--report-date",
        help="The report's publication date (YYYY-MM-DD); needed with --confirm.",
    ),
    regulations: list[str] = typer.Option(
        [],
        "--regulation",
        help="LINE=NUMBER: the regulation (9 to 20A) of the proposal starting at LINE; repeatable.",
    ),
    confirm: bool = typer.Option(
        False, "--confirm", help="Store every proposal as a finding (all or nothing)."
    ),
    reason: str = typer.Option(
        "",
        "--reason",
        help="Why stored findings change, when --confirm re-records any with other words, kind "
        "or regulation (each change is kept with it).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the proposals as JSON."),
    db: str | None = db_option(),
) -> None:
    """Propose the findings of a CQC inspection report: the MUST and SHOULD lists of its
    "Areas for improvement" and its requirement notices, each with its kind, core services,
    key question when stated, regulation and the report's words. Check them against the
    report; --confirm stores them. Confirming again with the same findings changes nothing;
    a finding already stored with other values is changed only with --reason."""
    day = optional_date(report_date, "--report-date")
    overrides = _overrides(regulations)
    try:
        proposals = read_report(report)
    except IngestError as exc:
        fail(str(exc))
    findings = _applied(proposals, overrides)
    refs: list[str | None] = [None] * len(findings)
    if confirm:
        if day is None:
            fail("--confirm needs --report-date (it dates the findings and names them)")
        stored = references(findings, day)
        _checked(findings, stored, day, proposals.file)
        _store(ctx, db, provider_id, findings, stored, day, proposals.file, reason)
        refs = list(stored)
    if as_json:
        emit_json(
            ProposalsPublic(
                file=proposals.file,
                provider=provider_id,
                report_date=day.isoformat() if day else None,
                stored=confirm,
                findings=[
                    ProposalPublic.from_proposal(f, r) for f, r in zip(findings, refs, strict=True)
                ],
                warnings=list(proposals.warnings),
            )
        )
        return
    _print(proposals, findings, refs, confirm, provider_id)


def _store(
    ctx: typer.Context,
    db: str | None,
    provider_id: str,
    findings: tuple[ProposedFinding, ...],
    refs: list[str],
    day: dt.date,
    file: str,
    reason: str,
) -> None:
    with exit_codes(), open_database(db) as database:
        to_store = [
            _as_finding(finding, reference, day, file)
            for finding, reference in zip(findings, refs, strict=True)
        ]
        # One transaction: every finding is stored, or (unknown trust, a value too long)
        # none is.
        plans.record_findings(
            db=database,
            provider_id=provider_id,
            findings=to_store,
            reason=reason,
            actor=acting_as(ctx, database),
        )


def _print(
    proposals: ReportProposals,
    findings: tuple[ProposedFinding, ...],
    refs: list[str | None],
    confirm: bool,
    provider_id: str,
) -> None:
    musts = sum(1 for f in findings if f.kind == MUST_DO)
    what = "stored" if confirm else "proposed; check them, then --confirm stores them"
    typer.echo(
        f"{proposals.file}: {musts} must-do and {len(findings) - musts} should-do findings "
        f"for {provider_id} ({what})"
    )
    for finding, reference in zip(findings, refs, strict=True):
        kind = "Must do" if finding.kind == MUST_DO else "Should do"
        regulation = finding.regulation.label if finding.regulation else "no regulation"
        basis = f", {finding.regulation_basis}" if finding.regulation_basis else ""
        cited = f" (cites {finding.cited})" if finding.cited and not finding.regulation else ""
        name = f"{reference}  " if reference else ""
        typer.echo("")
        typer.echo(
            f"{name}{kind}, line {finding.line} (page {finding.page}): {regulation}{basis}{cited}"
        )
        if finding.core_services:
            typer.echo(f"  core services: {'; '.join(finding.core_services)}")
        if finding.key_question:
            typer.echo(f"  key question: {finding.key_question.label}")
        typer.echo(f"  {finding.text}")
    for warning in proposals.warnings:
        typer.echo(f"warning: {warning}", err=True)
