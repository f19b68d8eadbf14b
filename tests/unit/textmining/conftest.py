"""A small labelled file written here, and a model trained on it once per run.

The file has the public file's columns (every theme of the framework) and 100 comments made
from a few phrases: waiting (Timeliness of care), kind or rude staff (Staff manner & personal
attributes), the food (Food & drink provision & facilities), each with a sentiment from 1 to 5
or none, under the file's FFT questions. Enough for every step of training to run in a second;
what the model learns from it is not the point.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining import Model
from carewatch.textmining.data import LabelledData, read_labelled
from carewatch.textmining.train import train

FACTS = [
    "Comment ID",
    "Trust",
    "Respondent ID",
    "Date",
    "Service type 1",
    "Service type 2",
    "FFT categorical answer",
    "FFT question",
    "FFT answer",
    "Person identifiable info?",
    "Comment sentiment",
]
WAIT, STAFF, FOOD = (
    "Timeliness of care",
    "Staff manner & personal attributes",
    "Food & drink provision & facilities",
)
PHRASES = [
    ("I waited four hours for the ambulance", (WAIT,), 5),
    ("The wait was far too long", (WAIT,), 4),
    ("The nurses were kind and caring", (STAFF,), 1),
    ("Staff were friendly and helpful", (STAFF,), 2),
    ("The doctor was rude to me", (STAFF,), 5),
    ("The food was cold and tasteless", (FOOD,), 4),
    ("Lovely meals and plenty of drinks", (FOOD,), 1),
    ("Kind staff but a long wait", (STAFF, WAIT), 3),
    ("Good food, rude porter", (FOOD, STAFF), 3),
    ("Did not answer", ("Labelling not possible",), None),
]
QUESTIONS = ["FFT Why?", "How could we improve?", "What was good?", "What could we do better?"]


def labelled_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*FACTS, *THEME_NAMES], lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in (*FACTS, *THEME_NAMES)})
    return out.getvalue()


def small_rows() -> list[dict[str, str]]:
    rows = []
    for n in range(100):
        text, themes, sentiment = PHRASES[n % len(PHRASES)]
        row = {
            "Comment ID": f"T {n} - Q1",
            "Trust": "T",
            "Date": "01/02/2022",
            "Service type 1": "Ward",
            "FFT question": QUESTIONS[n % len(QUESTIONS)],
            "FFT answer": f"{text} (visit {n})",
            "Comment sentiment": "" if sentiment is None else str(sentiment),
        }
        row.update(dict.fromkeys(themes, "1"))
        rows.append(row)
    return rows


@pytest.fixture(scope="session")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("labelled") / "small.csv"
    path.write_text(labelled_csv(small_rows()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_data(small_file: Path) -> LabelledData:
    return read_labelled(small_file)


@pytest.fixture(scope="session")
def small_model(small_data: LabelledData) -> Model:
    return train(small_data)


@pytest.fixture(scope="session")
def small_model_dir(small_model: Model, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("model")
    small_model.save(folder)
    return folder
