"""`carewatch risks ...`: a trust's risk register and board assurance framework from the
command line: record a risk, its strategic objective, scorings, reviews, assurances and links;
list and show the register, check it against the BAF's rules, show the BAF, publish and read
the public summary.

Every write goes through one `carewatch.services.risks` writer, which decides by the actor
(`--as EMAIL`, else the operator). Exit codes: 2 for input the command cannot accept or a
refusal by role; 3 for an unknown trust, risk, objective, action, finding or metric.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import typer

from carewatch.cli.acting import acting_as
from carewatch.cli.common import (
    ODS_HELP,
    db_option,
    exit_codes,
    open_database,
    optional_date,
    parse_date,
    run,
    stored_words,
)
from carewatch.cli.output import counted, emit_json, fail
from carewatch.domain.risks import (
    Assurance,
    AssuranceLine,
    AssuranceResult,
    Control,
    Gap,
    GapKind,
    InvalidRisk,
    InvalidScore,
    ReviewFrequency,
    Risk,
    RiskCategory,
    RiskLinkKind,
    Score,
    StrategicObjective,
    Trend,
    UnknownRiskWord,
)
from carewatch.domain.words import Word
from carewatch.schemas.risks import (
    BafPublic,
    RiskCheckListPublic,
    RiskCheckPublic,
    RiskDetailPublic,
    RiskListPublic,
    RiskPublic,
    RiskSummaryPublic,
)
from carewatch.services import risks

__all__ = ["app"]

HELP = (
    "The risk register and board assurance framework: record, score, review, assure and link "
    "a trust's risks, list and show them, check them against the BAF's rules."
)

app = typer.Typer(help=HELP)

W = TypeVar("W", bound=Word)
AS_OF_HELP = "Read the register as it stood on this day (YYYY-MM-DD; default today)."


def _word(cls: type[W], text: str, option: str) -> W:
    try:
        return cls.parse(text)
    except UnknownRiskWord:
        fail(f"{option}: not a known word: expected one of {', '.join(cls.values())}")


def _score(text: str, option: str) -> Score:
    try:
        return Score.parse(text)
    except InvalidScore as exc:
        fail(f"{option}: {exc}")


def _line(v: risks.RiskView) -> str:
    c, t = v.current, v.target
    marks = [
        " [review overdue]" if v.review_overdue else "",
        " [illustrative]" if v.illustrative else "",
    ]
    return (
        f"{v.id}  {c.score:>2} {c.band.value:<8} (target {t.score})  {v.category.label}: "
        f"{v.title}; owner {v.owner}{''.join(marks)}"
    )


@app.command("objective")
def objective_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    code: str = typer.Option(..., "--code", help="The trust's code for it (e.g. SO1)."),
    title: str = typer.Option(..., "--title", help="The objective in words."),
    appetite: str = typer.Option("", "--appetite", help="The board's risk appetite for it."),
    db: str | None = db_option(),
) -> None:
    """Record one of the trust's strategic objectives (the BAF's principal risks stand
    against them)."""
    try:
        objective = StrategicObjective(code, title, appetite)
    except InvalidRisk as exc:
        fail(f"--{exc.field}: {exc}")
    changed = run(db, lambda d: risks.record_objective(
        db=d, actor=acting_as(ctx, d), trust=trust, objective=objective))  # fmt: skip
    typer.echo(f"{trust}: objective {code} {'recorded' if changed else 'unchanged'}")


@app.command("add")
def add_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Option(..., "--reference", help="The trust's own reference for it."),
    title: str = typer.Option(..., "--title", help="The risk in a line."),
    category: str = typer.Option(
        ...,
        "--category",
        help="patient_safety, quality, workforce, finance, "
        "compliance_and_regulatory or reputation.",
    ),
    owner: str = typer.Option(..., "--owner", help="The role that owns it."),
    identified: str = typer.Option(..., "--identified", help="When (YYYY-MM-DD)."),
    initial: str = typer.Option(..., "--initial", help="Likelihood x consequence, e.g. 5x4."),
    current: str = typer.Option(..., "--current", help="Likelihood x consequence, e.g. 4x4."),
    target: str = typer.Option(..., "--target", help="Likelihood x consequence, e.g. 2x4."),
    cause: str = typer.Option("", "--cause", help="Because of ..."),
    event: str = typer.Option("", "--event", help="... there is a risk that ..."),
    effect: str = typer.Option("", "--effect", help="... resulting in ..."),
    executive_lead: str = typer.Option("", "--executive-lead", help="The executive lead."),
    committee: str = typer.Option("", "--committee", help="The committee that oversees it."),
    frequency: str = typer.Option(
        "quarterly", "--review-frequency", help="monthly, quarterly, six_monthly or annually."
    ),
    objective: str | None = typer.Option(None, "--objective", help="A strategic objective's code."),
    controls: list[str] = typer.Option([], "--control", help="A control; repeatable."),
    gap_control: list[str] = typer.Option([], "--gap-in-control", help="Repeatable."),
    gap_assurance: list[str] = typer.Option([], "--gap-in-assurance", help="Repeatable."),
    illustrative: bool = typer.Option(False, "--illustrative", help="Mark it as illustrative."),
    db: str | None = db_option(),
) -> None:
    """Record a risk (its current score becomes its first scoring, on the day it was
    identified). The same facts again change nothing."""
    try:
        risk = Risk(
            reference=reference, trust=trust, title=title,
            category=_word(RiskCategory, category, "--category"), owner=owner,
            identified=parse_date(identified, "--identified"),
            initial=_score(initial, "--initial"), current=_score(current, "--current"),
            target=_score(target, "--target"), cause=cause, event=event, effect=effect,
            executive_lead=executive_lead, committee=committee,
            review_frequency=_word(ReviewFrequency, frequency, "--review-frequency"),
            objective=objective, illustrative=illustrative,
        )  # fmt: skip
        gaps = [Gap(GapKind.CONTROL, g) for g in gap_control] + [
            Gap(GapKind.ASSURANCE, g) for g in gap_assurance
        ]
        found = [Control(c) for c in controls]
    except InvalidRisk as exc:
        fail(f"--{exc.field.replace('_', '-')}: {exc}")
    stored = run(db, lambda d: risks.record_risk(
        db=d, actor=acting_as(ctx, d), risk=risk, controls=found, gaps=gaps))  # fmt: skip
    said = stored_words(stored.outcome.value, stored.fields)
    typer.echo(f"{trust}: risk {reference} {said}")


@app.command("list")
def list_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    category: str | None = typer.Option(None, "--category", help="Only this category."),
    as_json: bool = typer.Option(False, "--json", help="Print the register as JSON."),
    db: str | None = db_option(),
) -> None:
    """The trust's register: each risk's current score and band, target, category, title and
    owner, in reference order."""
    day = optional_date(as_of, "--as-of")
    only = _word(RiskCategory, category, "--category") if category else None
    found = run(db, lambda d: risks.list_risks(
        db=d, actor=acting_as(ctx, d), trust=trust, as_of=day, category=only))  # fmt: skip
    if as_json:
        emit_json(RiskListPublic(data=[RiskPublic.from_view(v) for v in found], count=len(found)))
        return
    if not found:
        typer.echo(f"{trust}: no risks recorded.")
    for v in found:
        typer.echo(_line(v))


@app.command("show")
def show_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The risk's reference."),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the risk as JSON."),
    db: str | None = db_option(),
) -> None:
    """One risk in full: scores, history, controls, assurances, gaps, actions, measures and
    what the validator finds."""
    day = optional_date(as_of, "--as-of")
    d = run(db, lambda database: risks.risk_detail(
        db=database, actor=acting_as(ctx, database), trust=trust, reference=reference,
        as_of=day))  # fmt: skip
    if as_json:
        emit_json(RiskDetailPublic.from_detail(d))
        return
    v = d.risk
    typer.echo(_line(v))
    for label, text in (("cause", v.cause), ("event", v.event), ("effect", v.effect)):
        if text:
            typer.echo(f"  {label}: {text}")
    typer.echo(f"  initial {v.initial.score}, current {v.current.score}, target {v.target.score};"
               f" trend {v.trend.value if v.trend else 'not yet known'};"
               f" next review {v.next_review.isoformat()}")  # fmt: skip
    for e in d.history:
        typer.echo(f"  scored {e.on.isoformat()}: {e.score.likelihood}x{e.score.consequence}="
                   f"{e.score.score}")  # fmt: skip
    for c in d.controls:
        typer.echo(f"  control: {c}")
    for a in d.assurances:
        typer.echo(f"  assurance ({a.line.value}, {a.result.value}, {a.on}): {a.description}")
    for g in d.gaps:
        typer.echo(f"  {g.kind.label.lower()}: {g.description}")
    for act in d.actions:
        state = f"{act.status}, due {act.due}" if act.found else "not in the plan on the day"
        typer.echo(f"  action {act.reference}: {act.title} ({state})")
    for m in d.measures:
        typer.echo(f"  measure {m.code}: {m.variation}")
    for p in d.problems:
        typer.echo(f"  ! {p.problem.label}: {p.detail}")


@app.command("score")
def score_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The risk's reference."),
    score: str = typer.Option(..., "--score", help="Likelihood x consequence, e.g. 3x4."),
    on: str = typer.Option(..., "--on", help="The day (YYYY-MM-DD)."),
    trend: str | None = typer.Option(None, "--trend", help="reducing, stable or increasing."),
    note: str = typer.Option("", "--note", help="Why the score moved."),
    db: str | None = db_option(),
) -> None:
    """Record the risk's current score on a day (a scoring is also a review)."""
    given = _score(score, "--score")
    word = _word(Trend, trend, "--trend") if trend else None
    day = parse_date(on, "--on")
    stored = run(db, lambda d: risks.score_risk(
        db=d, actor=acting_as(ctx, d), trust=trust, reference=reference, score=given, on=day,
        trend=word, note=note), refused="--on")  # fmt: skip
    typer.echo(f"{trust}: risk {reference} {'scored' if stored else 'already scored so'} {given}")


@app.command("review")
def review_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The risk's reference."),
    on: str = typer.Option(..., "--on", help="The day (YYYY-MM-DD)."),
    note: str = typer.Option("", "--note", help="What the review found."),
    db: str | None = db_option(),
) -> None:
    """Record a review that left the score as it was."""
    day = parse_date(on, "--on")
    stored = run(db, lambda d: risks.review_risk(
        db=d, actor=acting_as(ctx, d), trust=trust, reference=reference, on=day,
        note=note))  # fmt: skip
    typer.echo(f"{trust}: risk {reference} {'reviewed' if stored else 'already reviewed'} on {day}")


@app.command("assure")
def assure_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The risk's reference."),
    line: str = typer.Option(..., "--line", help="management, oversight or independent."),
    result: str = typer.Option(..., "--result", help="positive or negative."),
    on: str = typer.Option(..., "--on", help="The day (YYYY-MM-DD)."),
    description: str = typer.Option(..., "--description", help="What assures, and where."),
    db: str | None = db_option(),
) -> None:
    """Record an assurance on the risk's controls."""
    try:
        assurance = Assurance(
            _word(AssuranceLine, line, "--line"), _word(AssuranceResult, result, "--result"),
            parse_date(on, "--on"), description,
        )  # fmt: skip
    except InvalidRisk as exc:
        fail(f"--{exc.field}: {exc}")
    stored = run(db, lambda d: risks.assure_risk(
        db=d, actor=acting_as(ctx, d), trust=trust, reference=reference,
        assurance=assurance))  # fmt: skip
    typer.echo(
        f"{trust}: risk {reference} assurance {'recorded' if stored else 'already recorded'}"
    )


@app.command("link")
def link_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The risk's reference."),
    kind: str = typer.Option(..., "--kind", help="action, metric, finding or incident."),
    target: str = typer.Option(
        ...,
        "--target",
        help="2020-MD3/A1 (an action), a metric's code, 2020-MD3 (a finding) "
        "or the trust's reference for an incident.",
    ),
    db: str | None = db_option(),
) -> None:
    """Link the risk to an improvement-plan action, a metric, a finding or an incident."""
    link = _word(RiskLinkKind, kind, "--kind")
    stored = run(db, lambda d: risks.link_risk(
        db=d, actor=acting_as(ctx, d), trust=trust, reference=reference, kind=link,
        target=target), missing="--target")  # fmt: skip
    typer.echo(
        f"{trust}: risk {reference} {'linked' if stored else 'already linked'} to {kind} {target}"
    )


@app.command("check")
def check_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
    db: str | None = db_option(),
) -> None:
    """Check the register against the BAF's rules: above target with no open, owned, dated
    action or with no assurance; review overdue; rated reducing while a linked measure
    shows special-cause concern."""
    day = optional_date(as_of, "--as-of")
    found = run(db, lambda d: risks.check_risks(db=d, actor=acting_as(ctx, d), trust=trust,
                                                 as_of=day))  # fmt: skip
    if as_json:
        emit_json(RiskCheckListPublic(data=[RiskCheckPublic.from_finding(f) for f in found],
                                      count=len(found)))  # fmt: skip
        return
    if not found:
        typer.echo(f"{trust}: every risk meets the BAF's rules.")
    for f in found:
        typer.echo(f"{f.risk}  {f.problem.value}: {f.detail}")


@app.command("baf")
def baf_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the BAF as JSON."),
    db: str | None = db_option(),
) -> None:
    """The board assurance framework: each strategic objective and its principal risks."""
    day = optional_date(as_of, "--as-of")
    baf = run(db, lambda d: risks.board_assurance(db=d, actor=acting_as(ctx, d), trust=trust,
                                                   as_of=day))  # fmt: skip
    if as_json:
        emit_json(BafPublic.from_baf(baf))
        return
    for o in baf.objectives:
        typer.echo(f"{o.code}  {o.title}" + (f" (appetite: {o.appetite})" if o.appetite else ""))
        for v in o.risks:
            typer.echo(f"  {_line(v)}")


@app.command("publish")
def publish_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    stop: bool = typer.Option(False, "--stop", help="Stop publishing the summary."),
    db: str | None = db_option(),
) -> None:
    """Publish the register's summary (counts by category and band only) to everyone."""
    run(db, lambda d: risks.publish_risk_summary(db=d, actor=acting_as(ctx, d), trust=trust,
                                                 publish=not stop))  # fmt: skip
    typer.echo(f"{trust}: risk summary {'not published' if stop else 'published'}")


@app.command("summary")
def summary_command(
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_of: str | None = typer.Option(None, "--as-of", help=AS_OF_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: str | None = db_option(),
) -> None:
    """The public summary, when the trust publishes it: counts by category and band."""
    day = optional_date(as_of, "--as-of")
    summary = run(db, lambda d: risks.risk_summary(db=d, trust=trust, as_of=day))
    if summary is None:
        fail(f"{trust} does not publish a summary of its risk register", 3)
    if as_json:
        emit_json(RiskSummaryPublic.from_summary(trust, summary))
        return
    for c in summary.categories:
        counts = ", ".join(f"{b.value} {n}" for b, n in c.by_band)
        typer.echo(f"{c.category.label}: {c.total} ({counts})")


FILE_HELP = "A trust's risk register in the risks template (docs/templates/risks.csv)."


def import_file(ctx: typer.Context, file: Path, db: str | None) -> None:
    """Read and store one file of risks (shared by `risks import` and `import risks`)."""
    from carewatch.ingest.records import IngestError
    from carewatch.ingest.risk_csv import read_risk_csv

    try:
        batch = read_risk_csv(file)
    except IngestError as exc:
        fail(str(exc))
    with exit_codes(), open_database(db) as database:
        try:
            result = risks.import_risks(db=database, actor=acting_as(ctx, database), batch=batch)
        except IngestError as exc:
            fail(str(exc))
    typer.echo(
        f"{result.file_name}: {result.trust}: {counted(result.new, 'new risk')}, "
        f"{result.changed} changed, {result.unchanged} unchanged"
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=FILE_HELP),
    db: str | None = db_option(),
) -> None:
    """Import a trust's risk register from its own risk system's export, one row per risk,
    keyed by the trust's reference. Every row is checked first; stored all or nothing; the
    same file again changes nothing, a later export adds its ratings to each risk's history.
    Needs the record_risks permission for the trust."""
    import_file(ctx, file, db)


@app.command("template")
def template_command() -> None:
    """Print the risks template: its header and two example rows."""
    from carewatch.ingest.risk_csv import RISK_TEMPLATE

    typer.echo(RISK_TEMPLATE, nl=False)
