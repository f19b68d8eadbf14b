"""`carewatch feedback ...`: patient, family, carer and staff feedback from the command line.

Import a trust's comments (each redacted before it is stored, and labelled by the file or the
classifier), list and show them, the summary the feedback page shows, correct a comment's
labels, link a theme to the must-do that answers it ("you said, we did"), label again with a
newly built model, and read the corrections back as training data. The classifier's own
commands (`classify`, `train`, `evaluate`) and the redactor (`redact`) need no database.

Comments are printed redacted; the words as given only with `--with-text`, for the trust's own
roles, and every such read is audited. Exit codes: 2 for input the command cannot accept or a
refusal by role; 3 for an unknown trust or comment.
"""

from __future__ import annotations

from pathlib import Path

import typer

from carewatch.cli import feedback_model, feedback_redact
from carewatch.cli.acting import acting_as
from carewatch.cli.common import ODS_HELP, db_option, exit_codes, open_database, run
from carewatch.cli.output import counted, emit_json, fail
from carewatch.domain.feedback.items import (
    RespondentGroup,
    Sentiment,
    SentimentScale,
    UnknownFeedbackWord,
)
from carewatch.store.database import Database

__all__ = ["app"]

HELP = (
    "Patient, family, carer and staff feedback: import and list a trust's comments, classify "
    "themes and sentiment on the CPU, redact personal data, train and evaluate the "
    "classifier, correct a label."
)
app = typer.Typer(help=HELP)
feedback_redact.register(app)
feedback_model.register(app)

TEXT_HELP = (
    "Include the words as given, before redaction: only for the trust's own roles, and every "
    "such read is audited."
)


def _group(text: str | None) -> RespondentGroup | None:
    if text is None:
        return None
    try:
        return RespondentGroup.parse(text)
    except UnknownFeedbackWord:
        fail(f"--group: expected one of {', '.join(RespondentGroup.values())}")


def _sentiment(text: str | None) -> Sentiment | None:
    if text is None:
        return None
    try:
        return Sentiment.parse(text)
    except UnknownFeedbackWord:
        fail(f"--sentiment: expected one of {', '.join(Sentiment.values())}")


def import_file(
    ctx: typer.Context, file: Path, trust: str | None, file_trust: str | None, db: str | None
) -> None:
    """Read and store one file of feedback (shared by `feedback import` and `import
    feedback`)."""
    from carewatch.ingest.feedback_csv import read_feedback_csv
    from carewatch.ingest.records import IngestError
    from carewatch.services.feedback import import_feedback

    try:
        batch = read_feedback_csv(file, trust=trust, file_trust=file_trust)
    except IngestError as exc:
        fail(str(exc))
    with exit_codes(), open_database(db) as database:
        try:
            result = import_feedback(db=database, actor=acting_as(ctx, database), batch=batch)
        except IngestError as exc:
            fail(str(exc))
    typer.echo(
        f"{result.file_name}: {result.trust}: {counted(result.new, 'new comment')}, "
        f"{result.changed} changed, {result.unchanged} unchanged; "
        f"{result.classified} classified, {result.redacted} with personal data redacted"
    )
    if result.unclassified:
        typer.echo(
            f"{counted(result.unclassified, 'comment')} not yet classified: the model is not "
            "built (run `make model`, then `carewatch feedback reclassify "
            f"{result.trust}`)."
        )


FILE_HELP = (
    "A CSV of feedback: the feedback template (docs/templates/feedback.csv) or the public "
    "labelled comments' format (pxtextmining's v6framework file)."
)
TRUST_OPTION_HELP = (
    "The trust to store the comments under (an ODS code): needed for the public labelled "
    "comments' format; for the template, a check that the file is that trust's."
)
FILE_TRUST_HELP = "Which of a public labelled file's trusts to take (its Trust column, e.g. NHFT)."


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=FILE_HELP),
    trust: str | None = typer.Option(None, "--trust", help=TRUST_OPTION_HELP),
    file_trust: str | None = typer.Option(None, "--file-trust", help=FILE_TRUST_HELP),
    db: str | None = db_option(),
) -> None:
    """Import a trust's feedback, one row per comment, keyed by its reference: every row is
    checked first; stored all or nothing; the same file again changes nothing. Each comment is
    redacted before it is stored and labelled by the file or, where the file gives no labels,
    by the classifier. Needs the record_feedback permission for the trust."""
    import_file(ctx, file, trust, file_trust, db)


@app.command("list")
def list_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    theme: str | None = typer.Option(None, "--theme", help="Only comments with this theme."),
    group: str | None = typer.Option(
        None, "--group", help="Only this respondent group: patient, family_or_carer or staff."
    ),
    service: str | None = typer.Option(None, "--service", help="Only this service."),
    sentiment: str | None = typer.Option(
        None, "--sentiment", help="Only positive, mixed or negative comments."
    ),
    with_text: bool = typer.Option(False, "--with-text", help=TEXT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the comments as JSON."),
    offset: int = typer.Option(0, "--offset", min=0, help="Skip this many of them first."),
    limit: int | None = typer.Option(
        None, "--limit", min=1, help="Show at most this many (default: all)."
    ),
    db: str | None = db_option(),
) -> None:
    """The trust's comments, newest first, redacted, with their themes and sentiment. In
    JSON, `count` counts every comment the filters match, as the API's list does."""
    from carewatch.schemas.feedback import FeedbackItemPublic, FeedbackListPublic
    from carewatch.services import feedback

    chosen = {
        "service": service,
        "group": _group(group),
        "theme": theme,
        "sentiment": _sentiment(sentiment),
    }

    def read(database: Database) -> tuple[tuple[feedback.FeedbackItemView, ...], int]:
        found = feedback.list_feedback(
            db=database,
            actor=acting_as(ctx, database),
            trust=trust,
            offset=offset,
            limit=limit,
            with_text=with_text,
            **chosen,  # type: ignore[arg-type]
        )
        return found, feedback.count_feedback(db=database, trust=trust, **chosen)  # type: ignore[arg-type]

    found, total = run(db, read)
    if as_json:
        emit_json(
            FeedbackListPublic(data=[FeedbackItemPublic.from_view(v) for v in found], count=total)
        )
        return
    if not found:
        typer.echo(f"{trust}: no feedback matches.")
        return
    for v in found:
        mark = " [illustrative]" if v.illustrative else ""
        feeling = v.sentiment.label.lower() if v.sentiment else "sentiment not known"
        typer.echo(
            f"{v.reference}  {v.received.isoformat()}  {v.source.label}, {v.group.label.lower()}"
            f"{', ' + v.service if v.service else ''}; {feeling}{mark}"
        )
        typer.echo(f"  themes: {', '.join(t.theme for t in v.themes) or 'none yet'}")
        typer.echo(f"  {v.text if v.text is not None else v.redacted_text}")


@app.command("show")
def show_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The comment's reference."),
    with_text: bool = typer.Option(False, "--with-text", help=TEXT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the comment as JSON."),
    db: str | None = db_option(),
) -> None:
    """One comment: its facts, its labels with their probability and origin, and its words
    (redacted unless --with-text)."""
    from carewatch.schemas.feedback import FeedbackItemPublic
    from carewatch.services import feedback

    v = run(
        db,
        lambda database: feedback.feedback_item(
            db=database,
            actor=acting_as(ctx, database),
            trust=trust,
            reference=reference,
            with_text=with_text,
        ),
    )
    if as_json:
        emit_json(FeedbackItemPublic.from_view(v))
        return
    typer.echo(f"{v.reference} ({v.trust}){' [illustrative]' if v.illustrative else ''}")
    typer.echo(f"  {v.source.label}, {v.group.label.lower()}, received {v.received.isoformat()}")
    if v.service:
        typer.echo(f"  service: {v.service}")
    if v.question:
        typer.echo(f"  question: {v.question}")
    if v.fft_score is not None:
        typer.echo(f"  FFT answer: {v.fft_score.label}")
    for t in v.themes:
        how = f"{t.probability:.2f}" if t.probability is not None else f"given ({t.origin})"
        typer.echo(f"  theme: {t.theme} [{how}]")
    if v.sentiment is not None:
        how = (
            f"{v.sentiment_probability:.2f}"
            if v.sentiment_probability is not None
            else f"given ({v.sentiment_origin})"
        )
        typer.echo(f"  sentiment: {v.sentiment.label} [{how}]")
    if v.personal_data:
        typer.echo(f"  personal data redacted: {', '.join(v.personal_data)}")
    typer.echo(f"  {v.text if v.text is not None else v.redacted_text}")


@app.command("summary")
def summary_command(
    trust: str = typer.Argument(..., help=ODS_HELP),
    group: str | None = typer.Option(None, "--group", help="Only this respondent group."),
    service: str | None = typer.Option(None, "--service", help="Only this service."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    db: str | None = db_option(),
) -> None:
    """What the trust's feedback says, as its public page shows it: counts, the top themes
    with their negative share and its SPC signal, and you said, we did. No permission: it
    holds redacted words only."""
    from carewatch.schemas.feedback import FeedbackSummaryPublic
    from carewatch.services import feedback

    chosen = _group(group)
    s = run(
        db,
        lambda database: feedback.feedback_summary(
            db=database, trust=trust, service=service, group=chosen
        ),
    )
    shown = FeedbackSummaryPublic.from_summary(s)
    if as_json:
        emit_json(shown)
        return
    typer.echo(f"{s.trust_name or s.trust}: {counted(s.comments, 'comment')}")
    if not s.comments:
        return
    typer.echo(
        f"  {s.first.isoformat() if s.first else '?'} to {s.last.isoformat() if s.last else '?'}"
        f"; {', '.join(f'{n} {g.label.lower()}' for g, n in s.by_group)}"
    )
    typer.echo("  " + ", ".join(f"{n} {k.label.lower()}" for k, n in s.by_sentiment))
    for t in shown.themes:
        share = f"{t.negative_share:.0%} negative" if t.negative_share is not None else "-"
        signal = f"; SPC: {t.variation}" if t.variation else ""
        typer.echo(f"  {t.theme}: {t.comments} ({share}{signal})")
    for a in s.answers:
        typer.echo(f"  you said ({a.theme}): {a.said}")
        typer.echo(f"    we did: {a.target} {a.progress.lower()}: {a.must_do}")


@app.command("correct")
def correct_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    reference: str = typer.Argument(..., help="The comment's reference."),
    add: list[str] = typer.Option([], "--add", help="A theme to add (repeat for more)."),
    remove: list[str] = typer.Option([], "--remove", help="A theme to remove (repeat)."),
    sentiment: str | None = typer.Option(
        None, "--sentiment", help="The sentiment, 1 very positive to 5 very negative."
    ),
    reason: str = typer.Option("", "--reason", help="Why (kept with the correction)."),
    db: str | None = db_option(),
) -> None:
    """Correct a comment's labels: the comment's labels become yours (the classifier will not
    change them again), each change is audited and kept apart as training data
    (`feedback corrections`). Needs record_feedback for the trust."""
    from carewatch.services import feedback

    scale = None
    if sentiment is not None:
        try:
            scale = SentimentScale.parse(sentiment)
        except UnknownFeedbackWord:
            fail("--sentiment: expected 1, 2, 3, 4 or 5 (1 very positive, 5 very negative)")

    def write(database: Database) -> tuple[str, ...]:
        try:
            return feedback.correct_feedback(
                db=database,
                actor=acting_as(ctx, database),
                trust=trust,
                reference=reference,
                add=add,
                remove=remove,
                sentiment=scale,
                reason=reason,
            )
        except feedback.InvalidCorrection as exc:
            fail(f"--{exc.field}: {exc}")

    themes = run(db, write)
    typer.echo(f"{trust} {reference}: themes now {', '.join(themes) or 'none'}")


@app.command("answer")
def answer_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    theme: str = typer.Option(..., "--theme", help="The theme people raised."),
    must_do: str = typer.Option(
        ..., "--must-do", help="The must-do of the improvement plan that answers it (2020-MD1)."
    ),
    said: str = typer.Option(
        ..., "--said", help="What people said, in a sentence for the public: no one named."
    ),
    db: str | None = db_option(),
) -> None:
    """You said, we did: link a theme of the trust's feedback to the must-do that answers it;
    the feedback page shows the must-do's progress and actions beside what people said. The
    same link again updates what people said. Needs record_feedback for the trust."""
    from carewatch.services import feedback

    def write(database: Database) -> bool:
        try:
            return feedback.answer_theme(
                db=database,
                actor=acting_as(ctx, database),
                trust=trust,
                theme_name=theme,
                target=must_do,
                said=said,
            )
        except feedback.InvalidAnswer as exc:
            option = {"target": "must-do"}.get(exc.field, exc.field)
            fail(f"--{option}: {exc}")

    new = run(db, write)
    typer.echo(f"{trust}: {theme} answered by {must_do} ({'new' if new else 'updated'})")


@app.command("reclassify")
def reclassify_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    everything: bool = typer.Option(
        False, "--all", help="Label again every comment the model labelled, not only new ones."
    ),
    db: str | None = db_option(),
) -> None:
    """Label with the built model the trust's comments that have no labels yet (or, with
    --all, every comment the model labelled); labels from a file or a person are kept. Needs
    record_feedback for the trust."""
    from carewatch.services import feedback
    from carewatch.textmining import ModelNotBuilt

    def write(database: Database) -> tuple[int, str]:
        try:
            return feedback.reclassify_feedback(
                db=database, actor=acting_as(ctx, database), trust=trust, everything=everything
            )
        except ModelNotBuilt as exc:
            fail(str(exc))

    n, version = run(db, write)
    typer.echo(f"{trust}: {counted(n, 'comment')} classified by model {version}")


@app.command("corrections")
def corrections_command(
    ctx: typer.Context,
    trust: str = typer.Argument(..., help=ODS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print them as JSON."),
    db: str | None = db_option(),
) -> None:
    """People's corrections of the trust's labels, oldest first, with the words as given: new
    training data. Needs read_feedback_text for the trust (the read is audited)."""
    from carewatch.schemas.feedback import CorrectionListPublic, CorrectionPublic
    from carewatch.services import feedback

    found = run(
        db,
        lambda database: feedback.feedback_corrections(
            db=database, actor=acting_as(ctx, database), trust=trust
        ),
    )
    if as_json:
        emit_json(
            CorrectionListPublic(
                data=[CorrectionPublic.from_view(c) for c in found], count=len(found)
            )
        )
        return
    if not found:
        typer.echo(f"{trust}: no corrections.")
    for c in found:
        was = f" (was {c.previous})" if c.previous and c.kind == "sentiment" else ""
        typer.echo(f"{c.reference}  {c.kind} {c.value}{was}  by {c.corrected_by}")


@app.command("template")
def template_command() -> None:
    """Print the feedback template: its header and two example rows."""
    from carewatch.ingest.feedback_csv import FEEDBACK_TEMPLATE

    typer.echo(FEEDBACK_TEMPLATE, nl=False)
