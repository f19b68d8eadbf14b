"""A trust's risk register, exported from its own risk system (Datix and its like) as the
documented CSV (docs/templates/risks.csv; docs/imports.md, "Risks"), one row per risk:

    org_code,reference,title,category,owner,executive_lead,committee,identified,
    review_frequency,objective,initial_likelihood,initial_consequence,current_likelihood,
    current_consequence,current_scored_on,target_likelihood,target_consequence,cause,event,
    effect,controls,gaps_in_control,gaps_in_assurance,actions,metrics,findings,incidents,
    illustrative

`org_code`, `reference`, `title`, `category`, `owner`, `identified` and the six likelihoods
and consequences (1 to 5 each, as a risk system exports its ratings) are required; the other
columns may be left out or empty. `current_scored_on` is the day of the current rating
(empty: the day identified). `controls`, the gaps and the links (`actions` as
`2020-MD3/A1`, `metrics` by catalogue code, `findings` as `2020-MD3`, `incidents` by the
trust's reference) list several separated by `;`. A column the template does not name is
refused, naming it, rather than dropped with what it holds.

The reader validates every row and returns a `RiskBatch` or raises `IngestError` naming the
file, row and column.

>>> batch = read_risk_csv(Path("docs/templates/risks.csv"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from carewatch.domain.risks import (
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
)
from carewatch.ingest import text
from carewatch.ingest.metric_csv import CsvFile, CsvRow

__all__ = ["RISK_COLUMNS", "RISK_TEMPLATE", "RiskBatch", "RiskRecord", "read_risk_csv"]

RISK_COLUMNS = (
    "org_code",
    "reference",
    "title",
    "category",
    "owner",
    "executive_lead",
    "committee",
    "identified",
    "review_frequency",
    "objective",
    "initial_likelihood",
    "initial_consequence",
    "current_likelihood",
    "current_consequence",
    "current_scored_on",
    "target_likelihood",
    "target_consequence",
    "cause",
    "event",
    "effect",
    "controls",
    "gaps_in_control",
    "gaps_in_assurance",
    "actions",
    "metrics",
    "findings",
    "incidents",
    "illustrative",
)
REQUIRED = (
    "org_code",
    "reference",
    "title",
    "category",
    "owner",
    "identified",
    "initial_likelihood",
    "initial_consequence",
    "current_likelihood",
    "current_consequence",
    "target_likelihood",
    "target_consequence",
)
LINK_COLUMNS = {
    "actions": RiskLinkKind.ACTION,
    "metrics": RiskLinkKind.METRIC,
    "findings": RiskLinkKind.FINDING,
    "incidents": RiskLinkKind.INCIDENT,
}

RISK_TEMPLATE = (
    ",".join(RISK_COLUMNS) + "\n"
    "RMY,R-0101,Children and young people wait too long for treatment,quality,"
    "Service director,Chief operating officer,Quality committee,2019-04-01,monthly,SO1,"
    "5,4,3,4,2020-03-01,2,4,Demand above the teams' capacity,children wait beyond 18 weeks,"
    "their conditions worsen,Weekly waiting-list review;Calls to families waiting 12 weeks,"
    "Teams below establishment,No audit of the waiting list,2020-MD3/A1,cyp_treatment_wait,"
    "2020-MD3,,no\n"
    "RMY,R-0102,Agency spending above budget,finance,Director of finance,,Finance committee,"
    "2020-02-01,quarterly,,3,3,2,3,,1,3,,,,Monthly agency spend report,,,,,,,no\n"
)
"""The template with two example rows (docs/templates/risks.csv is a copy)."""


@dataclass(frozen=True)
class RiskRecord:
    """One row read: the risk (its current score the one at `current_on`), the day of its
    current rating, its controls, gaps and links, with the row's number."""

    row: int
    risk: Risk
    current: Score
    current_on: dt.date
    controls: tuple[Control, ...]
    gaps: tuple[Gap, ...]
    links: tuple[tuple[RiskLinkKind, str, str], ...]  # kind, target, the file's column


@dataclass(frozen=True)
class RiskBatch:
    """Every risk of one file, validated, for one trust."""

    file_name: str
    sha256: str
    trust: str
    records: tuple[RiskRecord, ...]


def read_risk_csv(path: Path) -> RiskBatch:
    """Read a file of risks in the template, all or nothing (see the module docstring). A
    file holds one trust's register: a row of another trust is refused, as is a reference
    given twice."""
    file = CsvFile(path)
    at = file.template_header(REQUIRED, RISK_COLUMNS, "risks template (docs/templates/risks.csv)")
    records: list[RiskRecord] = []
    seen: dict[str, int] = {}
    for number, cells in file.rows(whole=True):
        record = _Row(file, number, cells, at).record()
        if records and record.risk.trust != records[0].risk.trust:
            raise file.error(
                f"names another trust than row {records[0].row}: a file holds one trust's register",
                number,
                "org_code",
            )
        if record.risk.reference in seen:
            raise file.error(
                f"repeats the reference of row {seen[record.risk.reference]}", number, "reference"
            )
        seen[record.risk.reference] = number
        records.append(record)
    if not records:
        raise file.error("has no data rows")
    return RiskBatch(file.name, file.sha256, records[0].risk.trust, tuple(records))


# The domain's field names that are not the file's column names.
_COLUMN_OF_FIELD = {"trust": "org_code", "target": "target_likelihood"}


class _Row(CsvRow):
    """One data row being read; every error names the file, this row and the column."""

    def score(self, prefix: str) -> Score:
        values = []
        for axis in ("likelihood", "consequence"):
            column = f"{prefix}_{axis}"
            raw = self.cell(column)
            if not raw.isdigit() or not 1 <= int(raw) <= 5:
                raise self.error("is not a whole number from 1 to 5", column)
            values.append(int(raw))
        try:
            return Score(values[0], values[1])
        except InvalidScore as exc:  # unreachable: each axis checked above
            raise self.error(str(exc), f"{prefix}_likelihood") from None

    def listed(self, column: str, limit: int) -> list[str]:
        parts = [p.strip() for p in self.cell(column).split(";")]
        for part in parts:
            problem = text.problem_with(part, limit)
            if problem is not None:
                raise self.error(problem, column)
        return [p for p in parts if p]

    def record(self) -> RiskRecord:
        identified = self.day("identified")
        initial, current = self.score("initial"), self.score("current")
        target = self.score("target")
        current_on = self.day("current_scored_on") if self.cell("current_scored_on") else None
        if current_on is not None and current_on < identified:
            raise self.error("is before the day the risk was identified", "current_scored_on")
        later = current_on is not None and current_on > identified
        cause, event, effect = (self.free_text(c) for c in ("cause", "event", "effect"))
        category = self.required_word(RiskCategory, "category")
        try:
            risk = Risk(
                reference=self.text("reference", 32),
                trust=self.text("org_code", text.ODS_CODE).upper(),
                title=self.text("title", 300),
                category=category,
                owner=self.text("owner", 200),
                executive_lead=self.text("executive_lead", 200),
                committee=self.text("committee", 200),
                identified=identified,
                review_frequency=self.word(ReviewFrequency, "review_frequency")
                or ReviewFrequency.QUARTERLY,
                objective=self.text("objective", 32) or None,
                initial=initial,
                # A rating later than the day identified is a scoring of its own; the first
                # scoring, on the day identified, is then the initial rating.
                current=initial if later else current,
                target=target,
                cause=cause,
                event=event,
                effect=effect,
                illustrative=self.flag("illustrative"),
            )
        except InvalidRisk as exc:
            raise self.error(str(exc), _COLUMN_OF_FIELD.get(exc.field, exc.field)) from None
        gaps = [Gap(GapKind.CONTROL, g) for g in self.listed("gaps_in_control", 500)] + [
            Gap(GapKind.ASSURANCE, g) for g in self.listed("gaps_in_assurance", 500)
        ]
        links = tuple(
            (kind, target_name, column)
            for column, kind in LINK_COLUMNS.items()
            for target_name in self.listed(column, 100)
        )
        return RiskRecord(
            row=self.number,
            risk=risk,
            current=current,
            current_on=current_on or identified,
            controls=tuple(Control(c) for c in self.listed("controls", 500)),
            gaps=tuple(gaps),
            links=links,
        )
