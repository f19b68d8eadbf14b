"""`carewatch feedback classify`: JSON lines (or plain lines) in, one JSON line out for each
comment in their order; a bad line refused with its number; no model, a message saying how
to build one. `train` and `evaluate` refuse a missing file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carewatch.cli import app
from carewatch.textmining import Model

runner = CliRunner()

LINES = [
    {"text": "The food was cold and tasteless", "question": "What could we do better?"},
    {"text": "The nurses were kind and caring"},
    {"text": "", "question": None},
    {"text": "I waited four hours for the ambulance", "question": "FFT Why?"},
]


def classify(model_dir: Path, text: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["feedback", "classify", "-", "--model", str(model_dir), *args], input=text
    )
    return result.exit_code, result.stdout, result.stderr


def test_json_lines_in_one_line_out_each_in_order(
    small_model_dir: Path, small_model: Model
) -> None:
    text = "".join(json.dumps(line) + "\n" for line in LINES)
    code, out, _err = classify(small_model_dir, text)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["text"] for r in records] == [line["text"] for line in LINES]
    expected = small_model.classify(
        [line["text"] for line in LINES], [line.get("question") for line in LINES]
    )
    for record, p in zip(records, expected, strict=True):
        assert list(record)[:4] == ["text", "themes", "sentiment", "sentiment_probability"]
        assert record["themes"] == [
            {"theme": t.theme, "probability": t.probability} for t in p.themes
        ]
        assert record["sentiment"] == p.sentiment in {"positive", "mixed", "negative"}
        assert record["sentiment_probability"] == p.sentiment_probability
        assert record["sentiment_scale"] == p.sentiment_scale
    assert records[2]["themes"] == [{"theme": "Labelling not possible", "probability": 1.0}]


def test_plain_lines_are_comments_and_blank_lines_are_skipped(small_model_dir: Path) -> None:
    code, out, _err = classify(small_model_dir, "Kind staff\n\nThe wait was far too long\n")
    assert code == 0
    assert [json.loads(line)["text"] for line in out.splitlines()] == [
        "Kind staff",
        "The wait was far too long",
    ]


def test_a_file_is_read_like_standard_input(small_model_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in LINES), encoding="utf-8")
    result = runner.invoke(
        app, ["feedback", "classify", str(path), "--model", str(small_model_dir)]
    )
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(LINES)


def test_a_bad_line_is_refused_with_its_number(small_model_dir: Path) -> None:
    text = (
        json.dumps(LINES[0]) + "\nplain words\n" + '{"text": "unfinished\n' + json.dumps(LINES[1])
    )
    code, out, err = classify(small_model_dir, text)
    assert code == 2
    assert "line 3: not valid JSON" in err
    assert out == ""


def test_a_line_without_text_is_refused_with_its_number(small_model_dir: Path) -> None:
    code, _out, err = classify(small_model_dir, json.dumps(LINES[0]) + '\n{"comment": "x"}\n')
    assert code == 2
    assert 'line 2: expected an object with a "text" string' in err
    code, _out, err = classify(small_model_dir, '{"text": "x", "question": 3}\n')
    assert code == 2
    assert 'line 1: "question" must be a string or null' in err


def test_without_a_model_it_says_how_to_build_one(tmp_path: Path) -> None:
    code, _out, err = classify(tmp_path / "none", "Kind staff\n")
    assert code == 1
    assert "make model" in err


def test_train_and_evaluate_refuse_a_missing_file(tmp_path: Path) -> None:
    for command in ("train", "evaluate"):
        result = runner.invoke(app, ["feedback", command, "--data", str(tmp_path / "no.csv")])
        assert result.exit_code == 2
        assert "no labelled file at" in result.stderr


def test_train_writes_a_model_that_classify_uses(small_file: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["feedback", "train", "--data", str(small_file), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.stderr
    assert "trained model v1-" in result.stdout
    assert "100 comments" in result.stdout
    code, out, _err = classify(tmp_path / "m", "The wait was far too long\n")
    assert code == 0
    assert json.loads(out)["themes"][0]["theme"] == "Timeliness of care"
