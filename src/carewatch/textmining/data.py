"""Reading the public labelled file of the qualitative framework v6 (pxtextmining's
`v6framework_230831.csv`): one comment a row, its FFT question, its themes and its sentiment.

The file's quirks, each tolerated here rather than cleaned by hand:

- comments spread over several lines inside quotes (the csv module reads them whole);
- non-breaking spaces (`PTS\\xa0 - Patient Transport`): read as ordinary spaces, and runs of
  spaces in a service's name made one;
- dates in two formats: mostly day first with both parts padded (`30/09/2021`), but some rows
  were exported month first without padding (`5/31/2022`, `10/17/2021`); a date is read month
  first when a part is not padded or the middle part cannot be a month, day first otherwise;
  an empty or impossible date is None;
- an empty sentiment (about one row in five): None, not a class;
- a theme column holds "1" or nothing.

>>> parse_date("30/09/2021"), parse_date("5/31/2022"), parse_date("10/17/2021")
(datetime.date(2021, 9, 30), datetime.date(2022, 5, 31), datetime.date(2021, 10, 17))
>>> parse_date(""), parse_date("31/02/2022")
(None, None)
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from carewatch.domain.feedback.framework import THEME_NAMES
from carewatch.textmining.questions import question_type

__all__ = [
    "DATA_VARIABLE",
    "DEFAULT_DATA",
    "LabelledComment",
    "LabelledData",
    "LabelledFileError",
    "parse_date",
    "read_labelled",
]

#: Where `carewatch feedback train` and `evaluate` look for the file, from the working
#: directory (the public data sits beside the repository), unless DATA_VARIABLE names one.
DEFAULT_DATA = Path("../shared/data/pxtextmining/v6framework_230831.csv")
DATA_VARIABLE = "CAREWATCH_FEEDBACK_DATA"

_FACT_COLUMNS = (
    "Comment ID",
    "Trust",
    "Date",
    "Service type 1",
    "FFT question",
    "FFT answer",
    "Comment sentiment",
)
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class LabelledFileError(ValueError):
    """A file that is not the labelled file's shape: a column missing, a value unreadable.
    The message names the row (counted from 1 after the header) and the column."""


@dataclass(frozen=True)
class LabelledComment:
    """One labelled comment: the words, the question they answer, the themes and sentiment
    the labellers gave (sentiment 1 very positive .. 5 very negative, None when not given)."""

    comment_id: str
    trust: str
    date: dt.date | None
    service: str
    question: str
    text: str
    themes: tuple[str, ...]
    sentiment: int | None

    @property
    def question_type(self) -> str:
        return question_type(self.question)


@dataclass(frozen=True)
class LabelledData:
    """The comments of one file, in its order, with the sha256 of its bytes (what a model
    records to say what it learnt from)."""

    comments: tuple[LabelledComment, ...]
    sha256: str
    source: str

    def __len__(self) -> int:
        return len(self.comments)

    def subset(self, indices: Iterable[int]) -> LabelledData:
        return LabelledData(tuple(self.comments[i] for i in indices), self.sha256, self.source)


def parse_date(value: str) -> dt.date | None:
    """A date of the file: day first when both parts are padded and the middle one can be a
    month, month first otherwise (the rows exported the American way). None when empty or
    impossible."""
    m = _DATE.match(value.strip())
    if not m:
        return None
    first, second, year = m.group(1), m.group(2), int(m.group(3))
    month_first = len(first) == 1 or len(second) == 1 or int(second) > 12
    day, month = (int(second), int(first)) if month_first else (int(first), int(second))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _plain(value: str) -> str:
    return _SPACES.sub(" ", value.replace("\xa0", " ")).strip()


def read_labelled(path: Path) -> LabelledData:
    """Read the labelled file at `path`.

    Raises LabelledFileError when a column is missing (every theme of the framework must
    have its column, spelt as the framework spells it) or a sentiment is not 1 to 5.
    """
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LabelledFileError(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in (*_FACT_COLUMNS, *THEME_NAMES) if c not in columns]
    if missing:
        raise LabelledFileError(f"{path.name}: no column {missing[0]!r}")
    comments = []
    for number, row in enumerate(reader, start=1):
        sentiment_text = (row["Comment sentiment"] or "").strip()
        if sentiment_text and sentiment_text not in {"1", "2", "3", "4", "5"}:
            raise LabelledFileError(
                f"{path.name}: row {number}: Comment sentiment {sentiment_text!r} is not 1 to 5"
            )
        comments.append(
            LabelledComment(
                comment_id=_plain(row["Comment ID"] or ""),
                trust=_plain(row["Trust"] or ""),
                date=parse_date(row["Date"] or ""),
                service=_plain(row["Service type 1"] or ""),
                question=_plain(row["FFT question"] or ""),
                text=(row["FFT answer"] or "").replace("\xa0", " ").strip(),
                themes=tuple(t for t in THEME_NAMES if (row[t] or "").strip()),
                sentiment=int(sentiment_text) if sentiment_text else None,
            )
        )
    return LabelledData(tuple(comments), digest, path.name)
