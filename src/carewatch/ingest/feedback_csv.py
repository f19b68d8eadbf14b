"""A trust's feedback from a file, in one of two formats, all or nothing.

**The feedback template** (docs/templates/feedback.csv; docs/feedback.md, "Importing"), one
row per comment:

    org_code,reference,source,respondent_group,received,service,question,fft_score,text,
    themes,sentiment,illustrative,source_url

`org_code`, `reference`, `source`, `respondent_group`, `received` and `text` are required.
`fft_score` is the Friends and Family Test answer (1 very good .. 5 very poor, 6 don't know);
`themes` (names of the qualitative framework's themes separated by `;`) and `sentiment` (1
very positive .. 5 very negative) are labels the trust's own staff gave, kept as such; left
empty, the classifier labels the comment.

**The public labelled comments** of NHS England's qualitative data categorisation project
(pxtextmining's `v6framework_230831.csv`): one row per comment with `Comment ID`, `Trust`,
`Date`, `Service type 1` and `2`, `FFT categorical answer`, `FFT question`, `FFT answer`,
`Comment sentiment` and one column per theme ("1" when the comment carries it). Its trust
codes are the project's own (`NHFT`, `NEAS`), so the caller names the trust to store them
under and which of the file's trusts to take. Its dates are mostly day/month/year with some
month/day/year: a date is read day first, as in the UK, unless its second number is over 12,
when it is read month first (a date such as 03/04/2021 is read as 3 April: the file cannot
say otherwise). FFT answer 6 is kept as "don't know" and the undocumented 7 as no answer. Its
comments are FFT answers, taken as patients' (the file does not say who answered).

A vertical tab in a comment (a word processor's manual line break) is read as a line break.
The reader validates every row and raises `IngestError` naming the file, row and column. It
never quotes a comment: it may name people.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from carewatch.domain.feedback.framework import THEMES, UnknownTheme, theme
from carewatch.domain.feedback.items import (
    MAX_TEXT,
    FeedbackItem,
    FeedbackSource,
    FftScore,
    InvalidFeedback,
    RespondentGroup,
    SentimentScale,
)
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile, CsvRow

__all__ = [
    "FEEDBACK_COLUMNS",
    "FEEDBACK_TEMPLATE",
    "FeedbackBatch",
    "FeedbackRecord",
    "read_feedback_csv",
]

FEEDBACK_COLUMNS = (
    "org_code",
    "reference",
    "source",
    "respondent_group",
    "received",
    "service",
    "question",
    "fft_score",
    "text",
    "themes",
    "sentiment",
    "illustrative",
    "source_url",
)
REQUIRED = ("org_code", "reference", "source", "respondent_group", "received", "text")
PX_REQUIRED = ("Comment ID", "Trust", "Date", "FFT answer")

FEEDBACK_TEMPLATE = (
    ",".join(FEEDBACK_COLUMNS) + "\n"
    "RMY,FFT-2024-0001,friends_and_family_test,patient,2024-04-02,Adult mental health,"
    'What could we do better?,4,"The ward was short of staff at night, and no one told '
    'my family when I was moved.",,,no,\n'
    "RMY,C-2024-0007,complaint,family_or_carer,2024-04-09,Children and young people,,,"
    '"We waited eleven months for an assessment.",Timeliness of care,5,no,\n'
)
"""The template with two example rows (docs/templates/feedback.csv is a copy)."""

_THEME_NAMES = frozenset(t.name for t in THEMES)
_DAY_MONTH = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


@dataclass(frozen=True)
class FeedbackRecord:
    """One row read: the comment, the themes and sentiment its file gave it (None when the
    file gave none: the classifier labels it), with the row's number."""

    row: int
    item: FeedbackItem
    themes: tuple[str, ...] | None
    sentiment: SentimentScale | None


@dataclass(frozen=True)
class FeedbackBatch:
    """Every comment of one file, validated, for one trust."""

    file_name: str
    sha256: str
    trust: str
    format: str  # "template" or "pxtextmining"
    records: tuple[FeedbackRecord, ...]


def read_feedback_csv(
    path: Path, *, trust: str | None = None, file_trust: str | None = None
) -> FeedbackBatch:
    """Read a file of feedback in either format (told apart by its header).

    The template names its trust in every row (one trust a file; `trust`, when given, must be
    it). The public labelled file needs `trust` (the ODS code to store its comments under)
    and `file_trust` (which of the file's trusts to take, e.g. `NHFT`). A reference given
    twice is refused naming both rows."""
    file = CsvFile(path, line_breaks_from_word=True)
    if all(c in file.header for c in PX_REQUIRED):
        if not trust or not file_trust:
            raise file.error(
                "is the public labelled comments' format: name the trust to store them under "
                "(--trust) and which of the file's trusts to take (--file-trust)",
                1,
            )
        records = _read_px(file, trust.upper(), file_trust)
        batch_format = "pxtextmining"
    else:
        records = _read_template(file)
        batch_format = "template"
        if trust and records and records[0].item.trust != trust.upper():
            raise file.error(f"names another trust than {trust.upper()}", 2, "org_code")
    if not records:
        raise file.error("has no data rows" + (f" for {file_trust}" if file_trust else ""))
    seen: dict[str, int] = {}
    for record in records:
        reference = record.item.reference
        if reference in seen:
            raise file.error(
                f"repeats the reference of row {seen[reference]}",
                record.row,
                "reference" if batch_format == "template" else "Comment ID",
            )
        seen[reference] = record.row
    return FeedbackBatch(
        file.name, file.sha256, records[0].item.trust, batch_format, tuple(records)
    )


def _read_template(file: CsvFile) -> list[FeedbackRecord]:
    at = file.template_header(
        REQUIRED, FEEDBACK_COLUMNS, "feedback template (docs/templates/feedback.csv)"
    )
    records: list[FeedbackRecord] = []
    for number, cells in file.rows(whole=True):
        row = _Row(file, number, cells, at)
        record = row.template_record()
        if records and record.item.trust != records[0].item.trust:
            raise file.error(
                f"names another trust than row {records[0].row}: a file holds one trust's feedback",
                number,
                "org_code",
            )
        records.append(record)
    return records


def _read_px(file: CsvFile, trust: str, file_trust: str) -> list[FeedbackRecord]:
    at = file.need(PX_REQUIRED)
    theme_columns = [c for c in file.header if c in _THEME_NAMES]
    records: list[FeedbackRecord] = []
    for number, cells in file.rows():
        row = _Row(file, number, cells, at)
        if row.cell("Trust") != file_trust:
            continue
        records.append(row.px_record(trust, theme_columns))
    return records


class _Row(CsvRow):
    """One data row being read; every error names the file, this row and the column."""

    def one_line(self, column: str, limit: int) -> str:
        """The cell with its runs of white space (line breaks too: the labelled file breaks a
        few questions over two lines) made one space."""
        value = " ".join(self.cell(column).split())
        return self.file.text(value, self.number, column, limit)

    def comment(self, column: str) -> str:
        value = self.cell(column)
        problem = text.problem_with(value, MAX_TEXT, lines=True)
        if problem is not None:
            raise self.error(problem, column)
        return value

    def px_day(self, column: str) -> dt.date:
        found = _DAY_MONTH.match(self.cell(column))
        if found is None:
            raise self.error("is not a date like 30/09/2021", column)
        first, second, year = (int(g) for g in found.groups())
        day, month = (second, first) if second > 12 else (first, second)
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise self.error("is not a date like 30/09/2021", column) from None

    def themes(self) -> tuple[str, ...] | None:
        raw = self.cell("themes")
        if not raw.strip():
            return None
        names = []
        for part in filter(None, (p.strip() for p in raw.split(";"))):
            try:
                names.append(theme(part).name)
            except UnknownTheme:
                raise self.error(
                    "names a theme the qualitative framework does not have (docs/feedback.md "
                    "lists them): separate themes with ;",
                    "themes",
                ) from None
        return tuple(dict.fromkeys(names))

    def item(self, **fields: object) -> FeedbackItem:
        try:
            return FeedbackItem(**fields)  # type: ignore[arg-type]
        except InvalidFeedback as exc:
            column = {"trust": "org_code", "group": "respondent_group"}.get(exc.field, exc.field)
            raise self.error(str(exc), column) from None

    def template_record(self) -> FeedbackRecord:
        return FeedbackRecord(
            row=self.number,
            item=self.item(
                trust=self.required("org_code", text.ID).upper(),
                reference=self.required("reference", 100),
                source=self.required_word(FeedbackSource, "source"),
                group=self.required_word(RespondentGroup, "respondent_group"),
                received=self.day("received"),
                text=self.comment("text"),
                service=self.text("service", 200),
                question=self.text("question", 500),
                fft_score=self.word(FftScore, "fft_score"),
                illustrative=self.flag("illustrative"),
                source_url=self.text("source_url", text.URL),
            ),
            themes=self.themes(),
            sentiment=self.word(SentimentScale, "sentiment"),
        )

    def px_record(self, trust: str, theme_columns: list[str]) -> FeedbackRecord:
        score = self.cell("FFT categorical answer")
        fft = FftScore.parse(score) if score in FftScore.values() else None
        sentiment = self.cell("Comment sentiment")
        services = [self.cell("Service type 1"), self.cell("Service type 2")]
        service = " / ".join(" ".join(s.replace("\xa0", " ").split()) for s in services if s)
        return FeedbackRecord(
            row=self.number,
            item=self.item(
                trust=trust,
                reference=self.required("Comment ID", 100),
                source=FeedbackSource.FRIENDS_AND_FAMILY_TEST,
                group=RespondentGroup.PATIENT,
                received=self.px_day("Date"),
                text=self.comment("FFT answer"),
                service=service[:200],
                question=self.one_line("FFT question", 500),
                fft_score=fft,
                illustrative=False,
                source_url="https://github.com/The-Strategy-Unit/pxtextmining",
            ),
            themes=tuple(c for c in theme_columns if self.cell(c) == "1"),
            sentiment=SentimentScale.parse(sentiment)
            if sentiment in SentimentScale.values()
            else None,
        )
