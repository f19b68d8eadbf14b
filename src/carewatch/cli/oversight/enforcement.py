"""`carewatch oversight record-decision`, `record-requirement-notice`,
`record-warning-notice` and `record-other-enforcement`: regime decisions and CQC's
enforcement.
"""

from __future__ import annotations

from functools import partial

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import ODS_HELP, db_option, optional_date, parse_date, run
from carewatch.cli.output import fail
from carewatch.cli.oversight.inputs import (
    SOURCE_HELP,
    optional_text,
    parsed,
    record,
    required,
    requirement,
)
from carewatch.domain.oversight import (
    DATED_ACTIONS,
    Condition,
    EnforcementActionKind,
    FixedPenalty,
    FundamentalStandard,
    InvalidEnforcement,
    Prosecution,
    UrgentAction,
)
from carewatch.domain.ratings import KeyQuestion, parse_key_question
from carewatch.services.oversight import (
    record_other_enforcement,
    record_regime_decision,
    record_requirement_notice,
    record_warning_notice,
)


def record_decision_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help="A trust's ODS code (e.g. RMY)."),
    kind: str = typer.Option(..., "--kind", help="entered, exited, retained or segment_changed."),
    regime_from: str = typer.Option(..., "--from-regime", help="The regime it leaves or keeps."),
    regime_to: str = typer.Option(..., "--to-regime", help="The regime it goes to or keeps."),
    on: str = typer.Option(..., "--date", help="The decision's date (YYYY-MM-DD)."),
    recommended_by: str = typer.Option("", "--recommended-by", help="Role and organisation."),
    decided_by: str = typer.Option("", "--decided-by", help="Role and organisation."),
    rationale: str = typer.Option("", "--rationale", help="Why, in the source's words."),
    conditions: list[str] = typer.Option([], "--condition", help="A condition; repeatable."),
    evidence: list[str] = typer.Option([], "--evidence", help="A report link id; repeatable."),
    source: str = typer.Option("", "--source", help="The public source (URL)."),
    db: str | None = db_option(),
) -> None:
    """Record a regime decision; an illegal transition is refused (exit code 2)."""
    when = parse_date(on, "--date")
    run(
        db,
        lambda database: record_regime_decision(
            db=database,
            actor=acting_as(ctx, database),
            provider_id=provider_id,
            kind=kind,
            regime_from=regime_from,
            regime_to=regime_to,
            date=when,
            recommended_by=recommended_by,
            decided_by=decided_by,
            rationale=rationale,
            conditions=conditions,
            evidence=evidence,
            source=source,
        ),
    )
    typer.echo(f"{provider_id}: recorded {kind} on {when.isoformat()}")


def record_requirement_notice_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    regulation: str = typer.Option(
        ..., "--regulation", help="The regulation breached: 9 to 20A (e.g. 12 or 'Regulation 12')."
    ),
    issued: str = typer.Option(..., "--issued", help="The date it was issued (YYYY-MM-DD)."),
    core_service: str | None = typer.Option(
        None, "--core-service", help="The core service where the breach was found."
    ),
    key_question: str | None = typer.Option(
        None, "--key-question", help="Safe, effective, caring, responsive or well-led."
    ),
    report: str | None = typer.Option(None, "--report", help="The report's link id."),
    closed: str | None = typer.Option(
        None, "--closed", help="The date CQC found it met (YYYY-MM-DD)."
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a requirement notice: CQC found a breach of a regulation (a fundamental standard)
    and the trust must send a report saying what it will do to meet it."""
    standard = parsed(FundamentalStandard.parse, regulation, "--regulation")
    kq: KeyQuestion | None = None
    if key_question is not None:
        kq = parsed(parse_key_question, key_question, "--key-question")
    when = parse_date(issued, "--issued")
    record(
        ctx,
        db,
        partial(
            record_requirement_notice,
            provider_id=provider_id,
            regulation=standard,
            issued=when,
            core_service=optional_text(core_service, "--core-service"),
            key_question=kq,
            report_link_id=optional_text(report, "--report"),
            closed=optional_date(closed, "--closed"),
            source=source,
        ),
        refused="--closed",
    )
    typer.echo(
        f"{provider_id}: recorded requirement notice ({standard.label}) issued {when.isoformat()}"
    )


def record_warning_notice_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    issued: str = typer.Option(..., "--issued", help="The date it was served (YYYY-MM-DD)."),
    requirements: list[str] = typer.Option(
        [],
        "--requirement",
        help=(
            "What must improve and by when: 'TEXT|YYYY-MM-DD', or 'TEXT' when the deadline "
            "was not made public; repeatable, at least one."
        ),
    ),
    summary: str = typer.Option("", "--summary", help="The notice in a few words."),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a section 29A warning notice: CQC's view that the quality of health care provided
    requires significant improvement, within the time set for each requirement.

    Recording it again (same trust, same date) replaces its requirements with these.
    """
    when = parse_date(issued, "--issued")
    parsed = [requirement(text) for text in requirements]
    record(
        ctx,
        db,
        partial(
            record_warning_notice,
            provider_id=provider_id,
            issued=when,
            requirements=parsed,
            summary=summary,
            source=source,
        ),
        refused="--requirement",
    )
    typer.echo(
        f"{provider_id}: recorded section 29A warning notice issued {when.isoformat()} "
        f"with {len(parsed)} requirement{'' if len(parsed) == 1 else 's'}"
    )


def record_other_enforcement_command(
    ctx: typer.Context,
    provider_id: str = typer.Argument(..., help=ODS_HELP),
    kind: str = typer.Option(
        ...,
        "--kind",
        help="condition (of registration), urgent_action, fixed_penalty or prosecution.",
    ),
    description: str = typer.Option(..., "--description", help="What CQC did or imposed."),
    issued: str = typer.Option(
        ..., "--issued", help="When it was imposed, taken or brought (YYYY-MM-DD)."
    ),
    removed: str | None = typer.Option(
        None, "--removed", help="For a condition: when it was removed (YYYY-MM-DD)."
    ),
    source: str = typer.Option("", "--source", help=SOURCE_HELP),
    db: str | None = db_option(),
) -> None:
    """Record a condition of registration (it limits the rating of its area to Inadequate
    until removed), or an urgent action, fixed penalty notice or prosecution (HSCA 2008)."""
    text = required(description, "--description")
    when = parse_date(issued, "--issued")
    removed_on = None if removed is None else parse_date(removed, "--removed")
    action: Condition | UrgentAction | FixedPenalty | Prosecution
    if kind == EnforcementActionKind.CONDITION:
        try:
            action = Condition(text, when, removed=removed_on, source=source)
        except InvalidEnforcement as exc:
            fail(f"--removed: {exc}")
    elif kind in DATED_ACTIONS:
        if removed_on is not None:
            fail("--removed: only a condition of registration is removed")
        action = DATED_ACTIONS[EnforcementActionKind(kind)](text, when, source=source)
    else:
        fail(f"--kind: {kind!r} is not one of condition, {', '.join(DATED_ACTIONS)}")
    record(ctx, db, partial(record_other_enforcement, provider_id=provider_id, action=action))
    typer.echo(f"{provider_id}: recorded {kind} issued {when.isoformat()}")
