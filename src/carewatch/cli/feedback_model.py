"""`carewatch feedback train | evaluate | classify`: the feedback classifier from the command
line, with no database.

`train` builds the model from the public labelled file into the package (what `make model`
runs); `evaluate` measures it on the file's fixed 80/20 split beside the baseline;
`classify` labels comments read as JSON lines (or plain lines) and writes one JSON line each,
in their order. scikit-learn and numpy are imported inside the commands, so `carewatch
--help` does not wait for them.

Exit codes: 1 when the model is not built; 2 for input the command cannot accept (a missing
data file, a line that is not JSON, with its number).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from carewatch.cli.output import EXIT_FAILURE, EXIT_INVALID_INPUT, fail

if TYPE_CHECKING:
    from carewatch.textmining import Model
    from carewatch.textmining.evaluate import Figures

__all__ = ["register"]

BATCH = 2000

DATA_HELP = (
    "The labelled file (pxtextmining's v6framework_230831.csv). Default: "
    "$CAREWATCH_FEEDBACK_DATA, else ../shared/data/pxtextmining/v6framework_230831.csv from "
    "the working directory."
)


def register(app: typer.Typer) -> None:
    """Add `train`, `evaluate` and `classify` to the `carewatch feedback` app."""
    app.command("train")(train_command)
    app.command("evaluate")(evaluate_command)
    app.command("classify")(classify_command)


def _data_path(given: Path | None) -> Path:
    from carewatch.textmining.data import DATA_VARIABLE, DEFAULT_DATA

    path = given or Path(os.environ.get(DATA_VARIABLE) or DEFAULT_DATA)
    if not path.is_file():
        fail(
            f"no labelled file at {path}: give --data FILE or set {DATA_VARIABLE} (the public "
            "file is pxtextmining's datasets/v6framework_230831.csv)"
        )
    return path


def _read_data(given: Path | None) -> Any:
    from carewatch.textmining.data import LabelledFileError, read_labelled

    path = _data_path(given)
    try:
        return read_labelled(path)
    except LabelledFileError as exc:
        fail(str(exc))


def _progress(message: str) -> None:
    typer.echo(f"  {message}", err=True)


def train_command(
    data: Path | None = typer.Option(None, "--data", help=DATA_HELP, dir_okay=False),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="The folder to write the model to. Default: the package's."
    ),
) -> None:
    """Train the classifier on every comment of the labelled file and write the model."""
    from carewatch.textmining import BUILT_MODEL
    from carewatch.textmining.train import train

    labelled = _read_data(data)
    started = time.perf_counter()
    model = train(labelled, progress=_progress)
    seconds = time.perf_counter() - started
    folder = out or BUILT_MODEL
    model.save(folder)
    skipped = model.facts["not_learnt"]
    typer.echo(
        f"trained model {model.version} on {labelled.source} ({len(labelled)} comments, "
        f"sha256 {labelled.sha256[:12]}…) in {seconds:.1f} s"
    )
    typer.echo(
        f"  themes: {len(model.themes)} learnt; {len(skipped)} with too few examples are "
        f"never predicted: {', '.join(s['theme'] for s in skipped) or 'none'}"
    )
    typer.echo(f"  sentiment: {model.facts['sentiment_comments']} comments with a sentiment")
    typer.echo(f"  written to {folder}")


def evaluate_command(
    data: Path | None = typer.Option(None, "--data", help=DATA_HELP, dir_okay=False),
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Train on the fixed 80 % of the labelled file and report on the other 20 %, beside the
    TF-IDF + linear SVM baseline trained in the same run."""
    from carewatch.textmining.evaluate import evaluate

    result = evaluate(_read_data(data), progress=_progress)
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2))
        return
    typer.echo(
        f"fixed split (seed {result.seed}): {result.train_comments} comments to train, "
        f"{result.test_comments} to test ({result.sentiment_test_comments} with a sentiment); "
        f"data sha256 {result.data_sha256[:12]}…; model {result.model_version}"
    )
    rows = [
        ("themes macro-F1 (with test support)", "themes_macro_f1"),
        ("themes macro-F1 (>= 50 examples)", "themes_macro_f1_frequent"),
        ("themes micro-F1", "themes_micro_f1"),
        ("sentiment macro-F1, five-point", "sentiment_macro_f1_five"),
        ("sentiment macro-F1, three-way", "sentiment_macro_f1_three"),
        ("sentiment accuracy, three-way", "sentiment_accuracy_three"),
        ("very negative recall", "very_negative_recall"),
        ("seconds to train", "train_seconds"),
    ]
    typer.echo(f"\n{'':40} {'model':>8} {'baseline':>9}")
    for label, field in rows:
        typer.echo(
            f"{label:40} {getattr(result.model, field):8.3f} {getattr(result.baseline, field):9.3f}"
        )
    _per_theme(result.model, result.baseline)


def _per_theme(model: Figures, baseline: Figures) -> None:
    base = {t.theme: t.f1 for t in baseline.per_theme}
    typer.echo(f"\n{'theme':58} {'test':>5} {'file':>5} {'F1':>6} {'base':>6}")
    for t in model.per_theme:
        typer.echo(
            f"{t.theme[:58]:58} {t.support:5d} {t.examples:5d} {t.f1:6.3f} {base[t.theme]:6.3f}"
        )


def classify_command(
    source: str = typer.Argument(
        ...,
        metavar="FILE|-",
        help='JSON lines ({"text": ..., "question": ...}) or plain lines, one comment each; '
        "'-' for standard input.",
    ),
    model_dir: Path | None = typer.Option(
        None, "--model", help="A model folder other than the one built into the package."
    ),
) -> None:
    """Classify comments: one JSON line out for each comment in, in the same order, with
    the themes predicted (most probable first) and the sentiment, each with its probability.
    Blank lines are skipped; a comment whose text is empty gets "Labelling not possible"."""
    from carewatch.textmining import ModelNotBuilt, load_model

    try:
        model = load_model(model_dir)
    except ModelNotBuilt as exc:
        fail(str(exc), EXIT_FAILURE)
    comments = list(_read_comments(source))
    for start in range(0, len(comments), BATCH):
        _write_batch(model, comments[start : start + BATCH])
    sys.stdout.flush()


def _read_comments(source: str) -> Iterator[tuple[str, str | None]]:
    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        fail(f"{source}: cannot read ({exc.strerror})")
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            if not line.lstrip().startswith("{"):
                yield line.rstrip("\r\n"), None
                continue
            yield _comment(line, number)


def _comment(line: str, number: int) -> tuple[str, str | None]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        fail(f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})", EXIT_INVALID_INPUT)
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        fail(f'line {number}: expected an object with a "text" string', EXIT_INVALID_INPUT)
    question = item.get("question")
    if question is not None and not isinstance(question, str):
        fail(f'line {number}: "question" must be a string or null', EXIT_INVALID_INPUT)
    return item["text"], question


def _write_batch(model: Model, comments: list[tuple[str, str | None]]) -> None:
    texts = [text for text, _question in comments]
    predictions = model.classify(texts, [question for _text, question in comments])
    out = sys.stdout
    for text, p in zip(texts, predictions, strict=True):
        record = {
            "text": text,
            "themes": [{"theme": t.theme, "probability": t.probability} for t in p.themes],
            "sentiment": p.sentiment,
            "sentiment_probability": p.sentiment_probability,
            "sentiment_scale": p.sentiment_scale,
            "sentiment_scale_probability": p.sentiment_scale_probability,
        }
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
